//! One's own profile: name, language, time zone and password.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use portico_auth::users::{self, ProfileInput};
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, lang_cookie, page, set_cookie};
use portico_kernel::locale::Locale;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "profile.html")]
pub(crate) struct ProfilePage {
    c: Shell,
    user: users::User,
}

pub(crate) async fn profile(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let user = users::get(s.db.pool(), &staff.caller.authz, staff.caller.user).await.or_page(&staff)?;
    Ok(page(&ProfilePage { c: staff.shell("profile", &f), user }))
}

#[derive(Deserialize)]
pub(crate) struct ProfileForm {
    name: String,
    locale: String,
    time_zone: String,
}

pub(crate) async fn save_profile(State(s): State<AppState>, staff: Staff, Form(f): Form<ProfileForm>) -> Response {
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
pub(crate) struct PasswordForm {
    current_password: String,
    new_password: String,
}

pub(crate) async fn change_password(State(s): State<AppState>, staff: Staff, Form(f): Form<PasswordForm>) -> Response {
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
