//! The notifications pages: the list (opening one marks it read and goes to it) and the
//! choice of e-mail per kind.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, local_path, page};

use super::{EMAIL, KINDS, Notification, Preference};

#[derive(Template)]
#[template(path = "notifications.html")]
pub(crate) struct ListPage {
    c: Shell,
    items: Vec<Notification>,
}

pub(crate) async fn list(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let items = super::list(s.db.pool(), &staff.caller.user.to_db(), false, 100).await.or_page(&staff)?;
    Ok(page(&ListPage { c: staff.shell("notifications", &f), items }))
}

/// Open a notification: marked read, then to what it is about.
pub(crate) async fn open(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let n = super::read(&s.db, &staff.caller.user.to_db(), Some(&id), s.clock.now_micros()).await.or_page(&staff)?;
    let link = n.map(|n| n.link).filter(|l| !l.is_empty()).unwrap_or_else(|| "/notifications".into());
    Ok(Redirect::to(&local_path(Some(&link))).into_response())
}

pub(crate) async fn read_all(State(s): State<AppState>, staff: Staff) -> Response {
    let done = super::read(&s.db, &staff.caller.user.to_db(), None, s.clock.now_micros()).await;
    after("/notifications", done.map(|_| "notifications-read")).into_response()
}

#[derive(Template)]
#[template(path = "notification_prefs.html")]
pub(crate) struct PrefsPage {
    c: Shell,
    /// (kind, its name, what it is, the choice for it)
    kinds: Vec<(String, String, String, String)>,
    choices: Vec<(&'static str, String)>,
}

pub(crate) async fn preferences(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let prefs = super::preferences(s.db.pool(), &staff.caller.user.to_db()).await.or_page(&staff)?;
    let tr = staff.tr();
    let kinds = prefs
        .into_iter()
        .map(|p| {
            (
                p.kind.clone(),
                tr.t(&format!("notification-kind-{}", p.kind)),
                tr.t(&format!("notification-kind-{}-hint", p.kind)),
                p.email,
            )
        })
        .collect();
    let choices = EMAIL.iter().map(|e| (*e, tr.t(&format!("notification-email-{e}")))).collect();
    Ok(page(&PrefsPage { c: staff.shell("notifications", &f), kinds, choices }))
}

pub(crate) async fn save_preferences(
    State(s): State<AppState>,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let prefs: Vec<Preference> = KINDS
        .iter()
        .filter_map(|k| {
            pairs.iter().find(|(n, _)| n == k).map(|(_, v)| Preference { kind: k.to_string(), email: v.clone() })
        })
        .collect();
    let done = super::set_preferences(&s.db, staff.caller.authz.workspace(), &staff.caller.user.to_db(), &prefs).await;
    after("/notifications/preferences", done.map(|_| "saved")).into_response()
}
