//! The e-mail log: what Portico sent, and what became of it.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, page};
use portico_kernel::PageRequest;
use portico_mail::outbox::StoredEmail;

#[derive(Template)]
#[template(path = "email.html")]
pub(crate) struct EmailPage {
    c: Shell,
    emails: Vec<StoredEmail>,
}

pub(crate) async fn email_log(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(&staff)?;
    let emails = portico_mail::outbox::list(s.db.pool(), &admin, &PageRequest::first(100)).await.or_page(&staff)?.items;
    Ok(page(&EmailPage { c: staff.shell("email", &f), emails }))
}
