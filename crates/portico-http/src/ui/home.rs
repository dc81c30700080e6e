//! Dashboard, global search, tasks and the user's own profile.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use portico_auth::users::{self, ProfileInput};
use portico_jobs::tasks::{self, Task};
use portico_kernel::PageRequest;
use portico_kernel::locale::Locale;
use portico_search::Hit;
use serde::Deserialize;

use super::{FlashQuery, OrPage, PageError, Shell, Staff, after, lang_cookie, page, set_cookie};
use crate::api;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(dashboard))
        .route("/search", get(search))
        .route("/tasks", get(task_list))
        .route("/profile", get(profile).post(save_profile))
        .route("/profile/password", post(change_password))
        .route("/settings/reindex", post(reindex))
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct Dashboard {
    c: Shell,
    units: i64,
    users: i64,
    files: i64,
    recent: Vec<portico_audit::AuditRow>,
}

async fn dashboard(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let units =
        authz.scope(portico_authz::units::VIEW).map(|sc| portico_authz::units::list(authz, &sc).len()).unwrap_or(0);
    let users =
        users::list(s.db.pool(), authz, &PageRequest::first(200), None).await.map(|p| p.items.len()).unwrap_or(0);
    let files = match authz.scope(portico_files::store::VIEW) {
        Ok(sc) => {
            portico_files::store::list(s.db.pool(), &sc, &PageRequest::first(200)).await.or_page(&staff)?.items.len()
        }
        Err(_) => 0,
    };
    let recent = match authz.admin() {
        Ok(admin) => {
            portico_audit::list(s.db.pool(), &admin, &Default::default(), &PageRequest::first(8))
                .await
                .or_page(&staff)?
                .items
        }
        Err(_) => Vec::new(),
    };
    let n = |x: usize| i64::try_from(x).unwrap_or(i64::MAX);
    Ok(page(&Dashboard { c: staff.shell("home", &f), units: n(units), users: n(users), files: n(files), recent }))
}

#[derive(Deserialize)]
struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    c: Shell,
    q: String,
    hits: Vec<Hit>,
}

async fn search(State(s): State<AppState>, staff: Staff, Query(q): Query<SearchQuery>) -> Result<Response, PageError> {
    let hits = if q.q.trim().is_empty() {
        Vec::new()
    } else {
        api::search::search_all(&s, &staff.caller, &q.q, 50).await.or_page(&staff)?
    };
    Ok(page(&SearchPage { c: staff.shell("search", &FlashQuery::default()), q: q.q, hits }))
}

#[derive(Template)]
#[template(path = "tasks.html")]
struct TasksPage {
    c: Shell,
    tasks: Vec<Task>,
    any_running: bool,
}

async fn task_list(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let list = tasks::list(s.db.pool(), &staff.caller.authz, &PageRequest::first(50)).await.or_page(&staff)?;
    let any_running = list.items.iter().any(|t| t.status == "queued" || t.status == "running");
    Ok(page(&TasksPage { c: staff.shell("tasks", &f), tasks: list.items, any_running }))
}

async fn reindex(State(s): State<AppState>, staff: Staff) -> Response {
    after("/tasks", api::search::start_reindex(&s, &staff.caller).await.map(|_| "task-started")).into_response()
}

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    c: Shell,
    user: users::User,
    locales: Vec<(&'static str, &'static str)>,
}

async fn profile(State(s): State<AppState>, staff: Staff, Query(f): Query<FlashQuery>) -> Result<Response, PageError> {
    let user = users::get(s.db.pool(), &staff.caller.authz, staff.caller.user).await.or_page(&staff)?;
    let locales = Locale::ALL.iter().map(|l| (l.code(), l.native_name())).collect();
    Ok(page(&ProfilePage { c: staff.shell("profile", &f), user, locales }))
}

#[derive(Deserialize)]
struct ProfileForm {
    name: String,
    locale: String,
    time_zone: String,
}

async fn save_profile(State(s): State<AppState>, staff: Staff, Form(f): Form<ProfileForm>) -> Response {
    let input = ProfileInput { name: f.name, locale: Some(f.locale.clone()), time_zone: Some(f.time_zone) };
    let result = users::update_profile(&s.db, s.clock.as_ref(), &staff.caller.authz, staff.caller.user, input).await;
    let ok = result.is_ok();
    let mut resp = after("/profile", result.map(|_| "profile-saved")).into_response();
    if let (true, Some(l)) = (ok, Locale::parse(&f.locale)) {
        set_cookie(&mut resp, &lang_cookie(l));
    }
    resp
}

#[derive(Deserialize)]
struct PasswordForm {
    current_password: String,
    new_password: String,
}

async fn change_password(State(s): State<AppState>, staff: Staff, Form(f): Form<PasswordForm>) -> Response {
    let session = staff.caller.session_token.as_deref();
    let result = users::change_password(
        &s.db,
        s.clock.as_ref(),
        &staff.caller.authz,
        &f.current_password,
        &f.new_password,
        session,
    )
    .await;
    after("/profile", result.map(|_| "password-changed-here")).into_response()
}
