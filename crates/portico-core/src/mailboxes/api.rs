//! Mailboxes and received mail through the API: admins manage mailboxes and read their log;
//! whoever sees a message's unit reads the message.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use portico_http::api::{ErrorBody, List, Order, page_request, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, ApiQuery, Caller};
use portico_http::state::AppState;
use portico_kernel::{AppError, ErrorCode, MailboxId};
use portico_mail::inbound::blocked::{self, BlockedSender};
use portico_mail::inbound::mailboxes::{self, Mailbox, MailboxInput, MailboxState};
use portico_mail::inbound::messages::{self, Message, MessageAttachment, MessageSummary};
use portico_webhooks::inbound::InboundRequest;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::VIEW;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_mailboxes, create_mailbox))
        .routes(routes!(get_mailbox, update_mailbox))
        .routes(routes!(deactivate_mailbox))
        .routes(routes!(activate_mailbox))
        .routes(routes!(check_mailbox))
        .routes(routes!(rotate_secret))
        .routes(routes!(list_messages))
        .routes(routes!(get_message))
        .routes(routes!(raw_message))
        .routes(routes!(message_attachment))
        .routes(routes!(release_message))
        .routes(routes!(delete_message))
        .routes(routes!(list_blocked, block_sender))
        .routes(routes!(unblock_sender))
        .routes(routes!(list_requests))
        .routes(routes!(get_request))
}

#[derive(Serialize, ToSchema)]
pub struct MailboxView {
    #[serde(flatten)]
    pub mailbox: Mailbox,
    /// Where its IMAP poller stands.
    pub state: MailboxState,
    /// Where a mail server may post raw messages (signed with `webhook_secret`).
    pub webhook_url: String,
}

pub(crate) fn webhook_url(s: &AppState, base: &str, id: &str) -> String {
    let base = if s.settings.public_url.is_empty() { base.to_string() } else { s.settings.public_base() };
    format!("{}/hooks/mail/{id}", base.trim_end_matches('/'))
}

async fn view(s: &AppState, caller: &Caller, links: &str, m: Mailbox) -> Result<MailboxView, AppError> {
    let admin = caller.authz.admin()?;
    let id: MailboxId = path_id(&m.id)?;
    let state = mailboxes::state(s.db.pool(), &admin, id).await?;
    Ok(MailboxView { webhook_url: webhook_url(s, links, &m.id), mailbox: m, state })
}

/// Answers carrying a signing secret are not kept by caches.
fn secret(status: StatusCode, v: MailboxView) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], Json(v)).into_response()
}

fn consumers(s: &AppState) -> Vec<&'static str> {
    s.suite.mail.names()
}

#[utoipa::path(get, path = "/api/v1/mailboxes", tag = "mail", responses((status = 200, body = List<Mailbox>), (status = 403, body = ErrorBody)))]
async fn list_mailboxes(State(s): State<AppState>, caller: Caller) -> Result<Json<List<Mailbox>>, ApiError> {
    let admin = caller.authz.admin()?;
    Ok(Json(List { items: mailboxes::list(s.db.pool(), &admin).await?, next_cursor: None }))
}

/// Make a mailbox. With an IMAP account it is polled (IDLE where the server has it);
/// without one, mail comes through its webhook or `portico mail ingest`.
#[utoipa::path(post, path = "/api/v1/mailboxes", tag = "mail", request_body = MailboxInput,
    responses((status = 201, body = MailboxView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_mailbox(
    State(s): State<AppState>,
    caller: Caller,
    links: portico_http::extract::Links,
    ApiJson(body): ApiJson<MailboxInput>,
) -> Result<Response, ApiError> {
    let admin = caller.authz.admin()?;
    let m = mailboxes::create(&s.db, &admin, &consumers(&s), &body, s.clock.now_micros()).await?;
    Ok(secret(StatusCode::CREATED, view(&s, &caller, &links.0.public_url, m).await?))
}

#[utoipa::path(get, path = "/api/v1/mailboxes/{id}", tag = "mail",
    responses((status = 200, body = MailboxView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_mailbox(
    State(s): State<AppState>,
    caller: Caller,
    links: portico_http::extract::Links,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let admin = caller.authz.admin()?;
    let m = mailboxes::get(s.db.pool(), &admin, path_id(&id)?).await?;
    Ok(secret(StatusCode::OK, view(&s, &caller, &links.0.public_url, m).await?))
}

/// Change a mailbox (an empty `imap_password` keeps the stored one). Its poller starts again.
#[utoipa::path(patch, path = "/api/v1/mailboxes/{id}", tag = "mail", request_body = MailboxInput,
    responses((status = 200, body = MailboxView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_mailbox(
    State(s): State<AppState>,
    caller: Caller,
    links: portico_http::extract::Links,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MailboxInput>,
) -> Result<Response, ApiError> {
    let admin = caller.authz.admin()?;
    let m = mailboxes::update(&s.db, &admin, &consumers(&s), path_id(&id)?, &body, s.clock.now_micros()).await?;
    Ok(secret(StatusCode::OK, view(&s, &caller, &links.0.public_url, m).await?))
}

/// Stop taking mail in a mailbox; it stays, with what it received (a mailbox is never
/// deleted: its messages and conversations point at it).
#[utoipa::path(post, path = "/api/v1/mailboxes/{id}/deactivate", tag = "mail",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn deactivate_mailbox(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let admin = caller.authz.admin()?;
    mailboxes::set_active(&s.db, &admin, path_id(&id)?, false, s.clock.now_micros()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Take mail in a mailbox again.
#[utoipa::path(post, path = "/api/v1/mailboxes/{id}/activate", tag = "mail",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn activate_mailbox(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let admin = caller.authz.admin()?;
    mailboxes::set_active(&s.db, &admin, path_id(&id)?, true, s.clock.now_micros()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ask the poller to fetch now (after fixing the server, say).
#[utoipa::path(post, path = "/api/v1/mailboxes/{id}/check", tag = "mail",
    responses((status = 202), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn check_mailbox(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let admin = caller.authz.admin()?;
    mailboxes::check_now(&s.db, &admin, path_id(&id)?, s.clock.now_micros()).await?;
    Ok(StatusCode::ACCEPTED)
}

/// A new webhook secret; requests signed with the old one are refused from now on.
#[utoipa::path(post, path = "/api/v1/mailboxes/{id}/secret", tag = "mail",
    responses((status = 200, body = MailboxView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn rotate_secret(
    State(s): State<AppState>,
    caller: Caller,
    links: portico_http::extract::Links,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let admin = caller.authz.admin()?;
    let id: MailboxId = path_id(&id)?;
    mailboxes::rotate_secret(&s.db, &admin, id, s.clock.now_micros()).await?;
    let m = mailboxes::get(s.db.pool(), &admin, id).await?;
    Ok(secret(StatusCode::OK, view(&s, &caller, &links.0.public_url, m).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MessagesQuery {
    pub cursor: Option<String>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// received, from or subject.
    pub sort: Option<String>,
    pub order: Option<Order>,
    /// normal, auto_reply, bounce, feedback or list.
    pub kind: Option<MailKindParam>,
    /// Part of the subject or the sender's address or name.
    pub q: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MailKindParam {
    Normal,
    AutoReply,
    Bounce,
    Feedback,
    List,
}

impl MailKindParam {
    fn as_str(self) -> &'static str {
        match self {
            MailKindParam::Normal => "normal",
            MailKindParam::AutoReply => "auto_reply",
            MailKindParam::Bounce => "bounce",
            MailKindParam::Feedback => "feedback",
            MailKindParam::List => "list",
        }
    }
}

/// The mail a mailbox received, newest first.
#[utoipa::path(get, path = "/api/v1/mailboxes/{id}/messages", tag = "mail", params(MessagesQuery),
    responses((status = 200, body = List<MessageSummary>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_messages(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<MessagesQuery>,
) -> Result<Json<List<MessageSummary>>, ApiError> {
    let admin = caller.authz.admin()?;
    let page = page_request(&q.cursor, q.limit, &q.sort, q.order)?;
    let filter = messages::MessageFilter { kind: q.kind.map(MailKindParam::as_str), q: q.q.as_deref() };
    Ok(Json(messages::list(s.db.pool(), &admin, path_id(&id)?, &page, filter).await?.into()))
}

#[derive(Serialize, ToSchema)]
pub struct MessageDetail {
    #[serde(flatten)]
    pub message: Message,
    pub attachments: Vec<MessageAttachment>,
}

/// One received message: the visible reply, the whole text, the sanitized HTML, how it was
/// threaded and what it was filed into.
#[utoipa::path(get, path = "/api/v1/mail-messages/{id}", tag = "mail",
    responses((status = 200, body = MessageDetail), (status = 404, body = ErrorBody)))]
async fn get_message(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<MessageDetail>, ApiError> {
    let scope = caller.authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let message = messages::get(s.db.pool(), &scope, &id).await?;
    let attachments = messages::attachments(s.db.pool(), &message).await?;
    Ok(Json(MessageDetail { message, attachments }))
}

/// The message as it was received, every header included (admins).
#[utoipa::path(get, path = "/api/v1/mail-messages/{id}/raw", tag = "mail",
    responses((status = 200, description = "The raw message.", content_type = "message/rfc822", body = String), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn raw_message(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Response, ApiError> {
    // Who cannot see the message is not told it exists; who sees it needs to be an admin.
    let scope = caller.authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    messages::get(s.db.pool(), &scope, &id).await?;
    let admin = caller.authz.admin()?;
    let bytes = messages::raw(s.db.pool(), &admin, &id).await?;
    Ok(portico_http::ui::download("message/rfc822", &format!("{id}.eml"), bytes).into_response())
}

/// One attachment of a received message.
#[utoipa::path(get, path = "/api/v1/mail-messages/{id}/attachments/{attachment_id}", tag = "mail",
    responses((status = 200, description = "The attachment, as sent.", content_type = "application/octet-stream", body = Vec<u8>), (status = 404, body = ErrorBody)))]
async fn message_attachment(
    State(s): State<AppState>,
    caller: Caller,
    Path((id, attachment)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let scope = caller.authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let message = messages::get(s.db.pool(), &scope, &id).await?;
    let a = messages::attachments(s.db.pool(), &message)
        .await?
        .into_iter()
        .find(|a| a.id == attachment)
        .ok_or_else(AppError::not_found)?;
    let bytes = s.blobs.read(&a.sha256)?;
    Ok(portico_http::ui::download(&a.content_type, &a.filename, bytes).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct Released {
    pub id: String,
    /// filed, kept or failed: what became of it.
    pub outcome: &'static str,
}

/// File a suspended message as if its sender were trusted (who may work where its mailbox's
/// mail goes, in its unit).
#[utoipa::path(post, path = "/api/v1/mail-messages/{id}/release", tag = "mail",
    responses((status = 200, body = Released), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn release_message(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Released>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let done = super::suspended::release(&s, &caller.authz, &id).await?;
    Ok(Json(Released { id: done.id, outcome: done.outcome.word() }))
}

/// Delete a suspended message (spam). Only suspended messages are deleted.
#[utoipa::path(delete, path = "/api/v1/mail-messages/{id}", tag = "mail",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_message(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    super::suspended::discard(&s, &caller.authz, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Senders whose mail is suspended (admins).
#[utoipa::path(get, path = "/api/v1/blocked-senders", tag = "mail",
    responses((status = 200, body = List<BlockedSender>), (status = 403, body = ErrorBody)))]
async fn list_blocked(State(s): State<AppState>, caller: Caller) -> Result<Json<List<BlockedSender>>, ApiError> {
    let admin = caller.authz.admin()?;
    Ok(Json(List { items: blocked::list(s.db.pool(), &admin).await?, next_cursor: None }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BlockInput {
    /// An address, or a domain (`example.com` or `@example.com`) for everyone there.
    pub pattern: String,
}

/// Block a sender: their mail waits in the suspended queue (admins).
#[utoipa::path(post, path = "/api/v1/blocked-senders", tag = "mail", request_body = BlockInput,
    responses((status = 201, body = BlockedSender), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn block_sender(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<BlockInput>,
) -> Result<(StatusCode, Json<BlockedSender>), ApiError> {
    let admin = caller.authz.admin()?;
    Ok((StatusCode::CREATED, Json(blocked::add(&s.db, &admin, &b.pattern, s.clock.now_micros()).await?)))
}

#[utoipa::path(delete, path = "/api/v1/blocked-senders/{id}", tag = "mail",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn unblock_sender(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let admin = caller.authz.admin()?;
    blocked::remove(&s.db, &admin, &id, s.clock.now_micros()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RequestsQuery {
    pub cursor: Option<String>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    pub order: Option<Order>,
    /// One endpoint's requests (`mail.raw`…).
    pub endpoint: Option<String>,
    /// Requests for one target (a mailbox…).
    pub target_id: Option<String>,
}

/// What the signed endpoints received, newest first, with each request's outcome (admins).
#[utoipa::path(get, path = "/api/v1/inbound-requests", tag = "mail", params(RequestsQuery),
    responses((status = 200, body = List<InboundRequest>), (status = 403, body = ErrorBody)))]
async fn list_requests(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<RequestsQuery>,
) -> Result<Json<List<InboundRequest>>, ApiError> {
    let admin = caller.authz.admin()?;
    let page = page_request(&q.cursor, q.limit, &None, q.order)?;
    if q.endpoint.as_ref().is_some_and(|e| e.len() > 64) {
        return Err(AppError::field(ErrorCode::TooLong, "endpoint").into());
    }
    let list =
        portico_webhooks::inbound::list(s.db.pool(), &admin, &page, q.endpoint.as_deref(), q.target_id.as_deref())
            .await?;
    Ok(Json(list.into()))
}

#[utoipa::path(get, path = "/api/v1/inbound-requests/{id}", tag = "mail",
    responses((status = 200, body = InboundRequest), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_request(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<InboundRequest>, ApiError> {
    let admin = caller.authz.admin()?;
    Ok(Json(portico_webhooks::inbound::get(s.db.pool(), &admin, &id).await?))
}
