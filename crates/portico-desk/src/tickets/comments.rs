//! A ticket's conversation: what the requester wrote (by e-mail, a form), agents' public
//! replies (e-mailed to the requester in the ticket's conversation, so their answer comes
//! back to the ticket) and internal notes, which only agents see.

use portico_authz::Authz;
use portico_db::{Db, DbResultExt, Tx};
use portico_kernel::locale::Locale;
use portico_kernel::{Actor, AppError, Clock, ErrorCode, Event, Timestamp, UnitId, WorkspaceId};
use portico_mail::conversation::{self, ThreadMessage};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::AnyPool;
use utoipa::ToSchema;

use super::Ticket;
use super::write::{CommentInput, TicketChange, solved_at};
use crate::kinds::{COMMENT, TICKET};
use crate::{CHANGED, CONSUMER, NO_MAILBOX};

#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct Comment {
    pub id: String,
    pub ticket_id: String,
    /// The agent who wrote it…
    pub author_user_id: Option<String>,
    /// …or the contact (the requester, someone copied).
    pub author_contact_id: Option<String>,
    pub author_name: String,
    /// 1: the requester sees it; 0: an internal note.
    pub public: i64,
    /// What was written (for mail, the reply without its quoted history).
    pub body: String,
    /// The message it came in, when it came by e-mail (`/mail/{id}` shows it whole).
    pub message_id: Option<String>,
    /// The e-mail it went out in, for a public reply.
    pub email_id: Option<String>,
    pub created_at: Timestamp,
}

impl Comment {
    /// Written by the team (an agent, or Portico for a rule).
    pub fn by_agent(&self) -> bool {
        self.author_contact_id.is_none()
    }
}

/// The conversation of a ticket, oldest first.
pub async fn of_ticket(pool: &AnyPool, ws: WorkspaceId, ticket: &str) -> Result<Vec<Comment>, AppError> {
    sqlx::query_as(
        "SELECT m.id, m.ticket_id, m.author_user_id, m.author_contact_id,
            COALESCE(u.name, c.name, '') AS author_name, m.public, m.body, m.message_id, m.email_id, m.created_at
         FROM desk_comments m LEFT JOIN users u ON u.id = m.author_user_id LEFT JOIN contacts c ON c.id = m.author_contact_id
         WHERE m.workspace_id = $1 AND m.ticket_id = $2 ORDER BY m.created_at, m.id",
    )
    .bind(ws.to_db())
    .bind(ticket.to_string())
    .fetch_all(pool)
    .await
    .db()
}

/// Who wrote a comment.
pub(crate) enum Author {
    Agent(String),
    Requester(String),
    /// Portico, for a rule.
    Automatic,
}

/// A comment to store.
pub(crate) struct Written {
    pub author: Author,
    pub public: bool,
    pub body: String,
    pub message: Option<String>,
    pub email: Option<String>,
}

/// Store a comment of ticket `ticket` in the caller's transaction; its id.
pub(crate) async fn insert(
    tx: &mut Tx,
    ws: WorkspaceId,
    actor: &Actor,
    ticket: &str,
    unit: UnitId,
    w: Written,
    now: Timestamp,
) -> Result<String, AppError> {
    let id = uuid::Uuid::now_v7().to_string();
    let (user, contact) = match &w.author {
        Author::Agent(u) => (Some(u.clone()), None),
        Author::Requester(c) => (None, Some(c.clone())),
        Author::Automatic => (None, None),
    };
    sqlx::query(
        "INSERT INTO desk_comments (id, workspace_id, unit_id, ticket_id, author_user_id, author_contact_id, public, body,
            message_id, email_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id.clone())
    .bind(ws.to_db())
    .bind(unit.to_db())
    .bind(ticket.to_string())
    .bind(user.clone())
    .bind(contact.clone())
    .bind(i64::from(w.public))
    .bind(w.body)
    .bind(w.message)
    .bind(w.email)
    .bind(now)
    .execute(&mut **tx)
    .await
    .db()?;
    let after = json!({"ticket_id": ticket, "public": w.public, "author_user_id": user, "author_contact_id": contact});
    tx.emit(Event::new(ws, actor, COMMENT, "create", id.clone(), now).unit(unit).after(after)).await?;
    Ok(id)
}

/// What an agent writes on a ticket, on its own.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    pub body: String,
    /// A public reply (e-mailed to the requester; the default) or an internal note.
    #[serde(default = "super::write::yes")]
    pub public: bool,
    /// The ticket's version the agent saw: refused (409 `ticket_changed`) when it changed since.
    #[serde(default)]
    pub version: Option<i64>,
    /// The status to leave the ticket in (a reply to a new ticket opens it).
    #[serde(default)]
    pub status: Option<String>,
    /// Tokens of uploads (`POST /api/v1/desk/attachments`) whose files the comment carries.
    #[serde(default)]
    pub uploads: Vec<String>,
}

/// An agent replies (publicly, e-mailed to the requester) or adds a note; the comment's id.
pub async fn write(
    db: &Db,
    clock: &dyn Clock,
    authz: &Authz,
    ticket: &str,
    c: &NewComment,
) -> Result<String, AppError> {
    let change = TicketChange {
        version: c.version,
        status: c.status.clone(),
        comment: Some(CommentInput { body: c.body.clone(), public: c.public, uploads: c.uploads.clone() }),
        ..Default::default()
    };
    let (_, made) = super::write::apply(db, clock, authz, ticket, &change).await?;
    made.ok_or_else(|| AppError::internal("no comment written"))
}

/// The ticket moved on (a comment, maybe a new status): its version raised, refused when
/// someone else moved it first.
pub(crate) async fn moved(
    tx: &mut Tx,
    ws: WorkspaceId,
    actor: &Actor,
    t: &Ticket,
    status: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    let done = sqlx::query(
        "UPDATE desk_tickets SET status = $1, solved_at = $2, version = version + 1, updated_at = $3
         WHERE workspace_id = $4 AND id = $5 AND version = $6",
    )
    .bind(status.to_string())
    .bind(solved_at(t, status, now))
    .bind(now)
    .bind(ws.to_db())
    .bind(t.id.clone())
    .bind(t.version)
    .execute(&mut **tx)
    .await
    .db()?;
    if done.rows_affected() == 0 {
        return Err(AppError::field(ErrorCode::Module(&CHANGED), "version"));
    }
    if status != t.status {
        let unit = t.unit()?;
        let event = Event::new(ws, actor, TICKET, "update", t.id.clone(), now)
            .unit(unit)
            .before(json!({"status": t.status}))
            .after(json!({"status": status}));
        tx.emit(event).await?;
    }
    Ok(())
}

/// E-mail a public reply to the requester, in the ticket's conversation (begun from the
/// Desk mailbox of the ticket's unit when it has none yet); the e-mail's id.
pub(crate) async fn send(
    tx: &mut Tx,
    ws: WorkspaceId,
    t: &Ticket,
    body: &str,
    attachments: Vec<portico_mail::outbox::OutAttachment>,
    now: Timestamp,
) -> Result<String, AppError> {
    let to = t.requester_email.clone().ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "public"))?;
    let thread = match &t.thread_id {
        Some(thread) => thread.clone(),
        None => {
            let mailbox = portico_mail::inbound::mailboxes::of_consumer(tx, ws, CONSUMER, &t.unit_id)
                .await?
                .ok_or_else(|| AppError::field(ErrorCode::Module(&NO_MAILBOX), "public"))?;
            let (thread, _) = conversation::start(tx, ws, &mailbox, &t.subject, (TICKET, &t.id), now).await?;
            sqlx::query("UPDATE desk_tickets SET thread_id = $1 WHERE id = $2")
                .bind(thread.clone())
                .bind(t.id.clone())
                .execute(&mut **tx)
                .await
                .db()?;
            thread
        }
    };
    let locale: Option<(String,)> = sqlx::query_as("SELECT locale FROM contacts WHERE id = $1")
        .bind(t.requester_id.clone())
        .fetch_optional(&mut **tx)
        .await
        .db()?;
    let html =
        body.split("\n\n").map(|p| format!("<p>{}</p>", portico_html::escape(p).replace('\n', "<br>"))).collect();
    let message = ThreadMessage {
        to,
        subject: format!("Re: {}", t.subject),
        text: body.to_string(),
        html: Some(html),
        locale: locale.and_then(|(l,)| Locale::parse(&l)),
        attachments,
        ..Default::default()
    };
    let (email, _) = conversation::send(tx, ws, &thread, message, now).await?;
    Ok(email.to_db())
}
