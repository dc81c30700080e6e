//! The suspended queue of Desk's mailboxes: mail from blocked senders, or called spam on the
//! way, that opened no ticket. An agent looks, then recovers it (it opens or joins a ticket as
//! if it had just come in) or deletes it; an admin can also block its sender.

use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use portico_core::mailboxes::suspended::{self, Suspended};
use portico_http::api::{ErrorBody, List};
use portico_http::error::ApiError;
use portico_http::extract::Caller;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after};
use portico_kernel::{AppError, PageRequest};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{CONSUMER, VIEW};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QueueQuery {
    cursor: Option<String>,
    limit: Option<u32>,
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}

/// Mail of Desk's mailboxes waiting in the suspended queue, newest first. Recover one with
/// `POST /api/v1/mail-messages/{id}/release`, delete it with `DELETE /api/v1/mail-messages/{id}`.
#[utoipa::path(get, path = "/api/v1/desk/suspended", tag = "desk", params(QueueQuery),
    responses((status = 200, body = List<Suspended>), (status = 400, body = ErrorBody)))]
async fn list(
    State(s): State<AppState>,
    caller: Caller,
    Query(q): Query<QueueQuery>,
) -> Result<Json<List<Suspended>>, ApiError> {
    let scope = caller.authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let page = PageRequest::new(q.cursor, q.limit)?;
    let found = suspended::list(s.db.pool(), &scope, CONSUMER, &page).await?;
    Ok(Json(List { items: found.items, next_cursor: found.next_cursor }))
}

#[derive(Template)]
#[template(path = "desk_suspended.html")]
struct QueuePage {
    c: Shell,
    items: Vec<Suspended>,
    next: Option<String>,
    admin: bool,
}

impl QueuePage {
    /// Why it waits, in words.
    fn why(&self, m: &Suspended) -> String {
        match portico_mail::inbound::ingest::blocked_by(&m.status_detail) {
            Some(pattern) => self.c.tr.t1("desk-suspended-blocked", "pattern", pattern),
            None => self.c.t("desk-suspended-spam"),
        }
    }
}

pub(crate) async fn page(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
    Query(q): Query<QueueQuery>,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let scope = authz.scope(VIEW).or_page(&staff)?;
    let page = PageRequest::new(q.cursor, Some(50)).or_page(&staff)?;
    let found = suspended::list(s.db.pool(), &scope, CONSUMER, &page).await.or_page(&staff)?;
    let p = QueuePage {
        c: staff.shell("desk-suspended", &f),
        items: found.items,
        next: found.next_cursor,
        admin: authz.is_admin(),
    };
    Ok(portico_http::ui::page(&p))
}

pub(crate) async fn recover(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result = async {
        let id: uuid::Uuid = crate::parse(&id)?;
        suspended::release(&s, &staff.caller.authz, &id.to_string()).await
    }
    .await;
    after("/desk/suspended", result.map(|_| "desk-suspended-recovered")).into_response()
}

pub(crate) async fn delete(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result = async {
        let id: uuid::Uuid = crate::parse(&id)?;
        suspended::discard(&s, &staff.caller.authz, &id.to_string()).await
    }
    .await;
    after("/desk/suspended", result.map(|_| "desk-suspended-deleted")).into_response()
}

/// Block the sender, then delete the message (admins).
pub(crate) async fn block(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let authz = &staff.caller.authz;
    let result = async {
        let id: uuid::Uuid = crate::parse(&id)?;
        let from = suspended::sender(s.db.pool(), authz, &id.to_string()).await?;
        let admin = authz.admin()?;
        suspended::discard(&s, authz, &id.to_string()).await?;
        portico_mail::inbound::blocked::add(&s.db, &admin, &from, s.clock.now_micros()).await?;
        Ok(())
    }
    .await;
    after("/desk/suspended", result.map(|_| "desk-suspended-blocked-done")).into_response()
}
