//! `/api/v1/desk/tickets`: the inbox and each ticket with its conversation.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use portico_authz::Scope;
use portico_http::api::{ErrorBody, List, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, Caller};
use portico_http::state::AppState;
use portico_kernel::{AppError, PageRequest};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::comments::{self, Comment, NewComment};
use super::{NewTicket, Ticket, TicketChange, TicketFilter, write};
use crate::VIEW;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tickets, create_ticket))
        .routes(routes!(get_ticket, change_ticket, delete_ticket))
        .routes(routes!(list_comments, add_comment))
        .routes(routes!(merge_ticket))
        .routes(routes!(view_counts))
}

fn scope(caller: &Caller) -> Result<Scope, AppError> {
    caller.authz.scope(VIEW).map_err(|_| AppError::not_found())
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TicketsQuery {
    /// mine, unassigned, unsolved, pending, solved or all (the default).
    view: Option<String>,
    /// Part of the subject, the requester's name or address, or a ticket number.
    q: Option<String>,
    status: Option<String>,
    priority: Option<String>,
    group_id: Option<String>,
    requester_id: Option<String>,
    /// id (newest first, the default), number, subject, status, priority or updated.
    sort: Option<String>,
    /// asc or desc.
    order: Option<String>,
    cursor: Option<String>,
    limit: Option<u32>,
}

/// The tickets of the units the caller sees, in a view, newest first unless sorted.
#[utoipa::path(get, path = "/api/v1/desk/tickets", tag = "desk", params(TicketsQuery),
    responses((status = 200, body = List<Ticket>), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn list_tickets(
    State(s): State<AppState>,
    caller: Caller,
    Query(q): Query<TicketsQuery>,
) -> Result<Json<List<Ticket>>, ApiError> {
    let desc = q.order.as_deref().map(|o| o == "desc");
    let page = PageRequest::new(q.cursor.clone(), q.limit)?.sorted(q.sort.clone(), desc);
    let me = caller.user.to_db();
    if q.view.as_deref().is_some_and(|v| !super::VIEWS.contains(&v)) {
        return Err(AppError::field(portico_kernel::ErrorCode::InvalidValue, "view").into());
    }
    let f = TicketFilter {
        view: q.view.as_deref(),
        me: Some(&me),
        q: q.q.as_deref().map(str::trim).filter(|q| !q.is_empty()),
        status: q.status.as_deref(),
        priority: q.priority.as_deref(),
        group: q.group_id.as_deref(),
        requester: q.requester_id.as_deref(),
    };
    let found = super::list(s.db.pool(), &scope(&caller)?, &page, f).await?;
    Ok(Json(List { items: found.items, next_cursor: found.next_cursor }))
}

/// How many tickets each view of the inbox holds.
#[derive(Debug, Serialize, ToSchema)]
pub struct ViewCount {
    pub view: String,
    pub count: i64,
}

#[utoipa::path(get, path = "/api/v1/desk/views", tag = "desk", responses((status = 200, body = List<ViewCount>)))]
async fn view_counts(State(s): State<AppState>, caller: Caller) -> Result<Json<List<ViewCount>>, ApiError> {
    let counts = super::counts(s.db.pool(), &scope(&caller)?, &caller.user.to_db()).await?;
    let items = counts.into_iter().map(|(view, count)| ViewCount { view: view.to_string(), count }).collect();
    Ok(Json(List { items, next_cursor: None }))
}

/// Open a ticket for a requester (a contact, or an address a contact is made for).
#[utoipa::path(post, path = "/api/v1/desk/tickets", tag = "desk", request_body = NewTicket,
    responses((status = 201, body = Ticket), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_ticket(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<NewTicket>,
) -> Result<(StatusCode, Json<Ticket>), ApiError> {
    let id = write::create(&s.db, s.clock.as_ref(), &caller.authz, &b).await?;
    Ok((StatusCode::CREATED, Json(super::get(s.db.pool(), &scope(&caller)?, &id).await?)))
}

#[utoipa::path(get, path = "/api/v1/desk/tickets/{id}", tag = "desk",
    responses((status = 200, body = Ticket), (status = 404, body = ErrorBody)))]
async fn get_ticket(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Ticket>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    Ok(Json(super::get(s.db.pool(), &scope(&caller)?, &id).await?))
}

/// Change a ticket's properties. With `version`, refused (409 `ticket_changed`) when the
/// ticket changed since that version.
#[utoipa::path(patch, path = "/api/v1/desk/tickets/{id}", tag = "desk", request_body = TicketChange,
    responses((status = 200, body = Ticket), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn change_ticket(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<TicketChange>,
) -> Result<Json<Ticket>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    Ok(Json(write::change(&s.db, s.clock.as_ref(), &caller.authz, &id, &b).await?))
}

#[utoipa::path(delete, path = "/api/v1/desk/tickets/{id}", tag = "desk",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_ticket(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    write::delete(&s.db, s.clock.as_ref(), &caller.authz, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The conversation, oldest first: the requester's messages, public replies and notes.
#[utoipa::path(get, path = "/api/v1/desk/tickets/{id}/comments", tag = "desk",
    responses((status = 200, body = List<Comment>), (status = 404, body = ErrorBody)))]
async fn list_comments(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<List<Comment>>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let t = super::get(s.db.pool(), &scope(&caller)?, &id).await?;
    Ok(Json(List {
        items: comments::of_ticket(s.db.pool(), caller.authz.workspace(), &t.id).await?,
        next_cursor: None,
    }))
}

/// Reply (e-mailed to the requester) or add an internal note (`public: false`).
#[utoipa::path(post, path = "/api/v1/desk/tickets/{id}/comments", tag = "desk", request_body = NewComment,
    responses((status = 201, body = Comment), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_comment(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NewComment>,
) -> Result<(StatusCode, Json<Comment>), ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let comment = comments::write(&s.db, s.clock.as_ref(), &caller.authz, &id, &b).await?;
    let all = comments::of_ticket(s.db.pool(), caller.authz.workspace(), &id).await?;
    let made = all.into_iter().find(|c| c.id == comment).ok_or_else(AppError::not_found)?;
    Ok((StatusCode::CREATED, Json(made)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Merge {
    /// The ticket this one goes into.
    pub into: String,
}

/// Merge this ticket into another: its conversation and mail move there, both say so in a
/// note, and this one is closed. Answers the ticket merged into.
#[utoipa::path(post, path = "/api/v1/desk/tickets/{id}/merge", tag = "desk", request_body = Merge,
    responses((status = 200, body = Ticket), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn merge_ticket(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<Merge>,
) -> Result<Json<Ticket>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let into = uuid::Uuid::parse_str(b.into.trim())
        .map_err(|_| AppError::field(portico_kernel::ErrorCode::InvalidValue, "into"))?;
    let tr = caller.tr();
    Ok(Json(write::merge(&s.db, s.clock.as_ref(), &caller.authz, &tr, &id, &into.to_string()).await?))
}
