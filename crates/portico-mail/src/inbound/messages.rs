//! Reading received mail: a mailbox's log (admins), one message with its attachments and
//! raw source, and the conversations filed into a record (a contact's, a ticket's).

use portico_authz::{Scope, WorkspaceAdmin};
use portico_db::DbResultExt;
use portico_db::Tx;
use portico_kernel::{AppError, ListSpec, MailboxId, Page, PageRequest, SortKey, SortValue, Timestamp};
use serde::Serialize;
use sqlx::AnyPool;

pub const KIND: &str = "mail_message";
pub const THREAD_KIND: &str = "mail_thread";

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct MessageSummary {
    pub id: String,
    pub thread_id: Option<String>,
    pub from_addr: String,
    pub from_name: String,
    pub subject: String,
    pub received_at: Timestamp,
    /// normal | auto_reply | bounce | feedback | list
    pub kind: String,
    /// filed | kept | unreadable | failed | suspended
    pub status: String,
    pub record_kind: Option<String>,
    pub record_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Message {
    pub id: String,
    pub unit_id: String,
    pub mailbox_id: String,
    pub thread_id: Option<String>,
    pub message_id: Option<String>,
    pub in_reply_to: Option<String>,
    pub from_addr: String,
    pub from_name: String,
    pub to_addrs: String,
    pub cc_addrs: String,
    pub reply_to: Option<String>,
    pub subject: String,
    pub sent_at: Option<Timestamp>,
    pub received_at: Timestamp,
    /// The whole text, quoted history included.
    pub text_body: String,
    /// Sanitized.
    pub html_body: Option<String>,
    /// What the sender wrote, without quoted history and signature.
    pub reply_text: String,
    pub kind: String,
    /// The signal that marked it automatic.
    pub kind_reason: String,
    /// How it found its conversation: in_reply_to | references | token_address | token_subject | report | new.
    pub thread_reason: String,
    pub status: String,
    pub status_detail: String,
    pub record_kind: Option<String>,
    pub record_id: Option<String>,
    pub forwarded_from: Option<String>,
    pub raw_size: i64,
    /// imap | webhook | cli
    pub source: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct MessageAttachment {
    pub id: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    #[serde(skip)]
    pub sha256: String,
    pub inline: i64,
}

pub static LIST: ListSpec = ListSpec {
    name: "mail",
    sorts: &[SortKey::text("received", "id"), SortKey::text("from", "from_addr"), SortKey::text("subject", "subject")],
    default_desc: true,
};

const SUMMARY: &str = "id, thread_id, from_addr, from_name, subject, received_at, kind, status, record_kind, record_id";
const FULL: &str =
    "id, unit_id, mailbox_id, thread_id, message_id, in_reply_to, from_addr, from_name, to_addrs, cc_addrs,
    reply_to, subject, sent_at, received_at, text_body, html_body, reply_text, kind, kind_reason, thread_reason, status,
    status_detail, record_kind, record_id, forwarded_from, raw_size, source";

impl MessageSummary {
    fn position(&self, key: &str) -> (String, SortValue) {
        let value = match key {
            "from" => self.from_addr.clone().into(),
            "subject" => self.subject.clone().into(),
            _ => self.id.clone().into(),
        };
        (self.id.clone(), value)
    }
}

/// What a mailbox's log is narrowed to.
#[derive(Debug, Default, Clone, Copy)]
pub struct MessageFilter<'a> {
    /// normal | auto_reply | bounce | feedback | list
    pub kind: Option<&'a str>,
    /// Part of the subject or the sender's address or name.
    pub q: Option<&'a str>,
}

/// The mail a mailbox received, newest first.
pub async fn list(
    pool: &AnyPool,
    admin: &WorkspaceAdmin,
    mailbox: MailboxId,
    page: &PageRequest,
    f: MessageFilter<'_>,
) -> Result<Page<MessageSummary>, AppError> {
    super::mailboxes::get(pool, admin, mailbox).await?;
    let ks = page.keyset(&LIST)?;
    let sql = format!(
        "SELECT {SUMMARY} FROM mail_messages WHERE workspace_id = $1 AND mailbox_id = $2 AND ($3 IS NULL OR kind = $3)
           AND ($4 IS NULL OR lower(subject) LIKE $4 OR lower(from_addr) LIKE $4 OR lower(from_name) LIKE $4) AND {}
         ORDER BY {} LIMIT $7",
        ks.condition(5, "id"),
        ks.order("id")
    );
    let q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(admin.workspace().to_db())
        .bind(mailbox.to_db())
        .bind(f.kind.map(str::to_string))
        .bind(f.q.map(portico_db::contains_pattern));
    let rows: Vec<MessageSummary> = portico_db::bind_keyset(q, &ks).bind(ks.fetch()).fetch_all(pool).await.db()?;
    Ok(Page::from_rows(rows, &ks, MessageSummary::position))
}

/// One message, for whoever sees its unit.
pub async fn get(pool: &AnyPool, scope: &Scope, id: &str) -> Result<Message, AppError> {
    if portico_kernel::ids::parse_db_id::<portico_kernel::MailMessageId>(id).is_err() {
        return Err(AppError::not_found());
    }
    let sql = format!(
        "SELECT {FULL} FROM mail_messages WHERE workspace_id = $1 AND id = $2 AND {}",
        scope.unit_sql("unit_id")
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

pub async fn attachments(pool: &AnyPool, message: &Message) -> Result<Vec<MessageAttachment>, AppError> {
    sqlx::query_as(
        "SELECT id, filename, content_type, size_bytes, sha256, inline FROM mail_attachments WHERE message_id = $1 ORDER BY id",
    )
    .bind(message.id.clone())
    .fetch_all(pool)
    .await
    .db()
}

/// The raw message as received (admins: it holds every header).
pub async fn raw(pool: &AnyPool, admin: &WorkspaceAdmin, id: &str) -> Result<Vec<u8>, AppError> {
    let row: Option<(Option<Vec<u8>>,)> =
        sqlx::query_as("SELECT raw FROM mail_messages WHERE workspace_id = $1 AND id = $2")
            .bind(admin.workspace().to_db())
            .bind(id.to_string())
            .fetch_optional(pool)
            .await
            .db()?;
    row.map(|(r,)| r.unwrap_or_default()).ok_or_else(AppError::not_found)
}

/// A message of a conversation filed into a record, as its page shows it: received, or sent
/// from the conversation's mailbox.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ThreadEntry {
    pub id: String,
    pub thread_id: String,
    /// in (received) | out (sent)
    pub direction: String,
    pub subject: String,
    pub from_addr: String,
    pub from_name: String,
    pub at: Timestamp,
    /// What the sender wrote (for received mail: without quoted history and signature).
    pub text: String,
    /// normal | auto_reply | bounce | feedback | list (received); sent mail's status (sent).
    pub kind: String,
}

/// The messages of the conversations filed into record `kind`/`id` that `scope` sees, both
/// ways, newest last (the caller has checked it may see the record).
pub async fn of_record(
    pool: &AnyPool,
    scope: &Scope,
    kind: &str,
    id: &str,
    limit: i64,
) -> Result<Vec<ThreadEntry>, AppError> {
    let units = scope.unit_sql("t.unit_id");
    entries(pool, scope.workspace(), kind, id, [units.as_str(), units.as_str()], limit).await
}

/// What a contact's portal shows of their conversations: what they wrote themselves (not
/// what others in copy wrote, nor bounces or auto-replies) and what was sent to them.
const THEIRS: [&str; 2] = [
    "m.kind = 'normal' AND lower(m.from_addr) = (SELECT lower(email) FROM contacts WHERE id = $3)",
    "o.status = 'sent' AND lower(o.to_addr) = (SELECT lower(email) FROM contacts WHERE id = $3)",
];

/// The messages of a contact's own conversations, for their portal.
pub async fn of_relation(
    pool: &AnyPool,
    who: &portico_authz::Relation,
    limit: i64,
) -> Result<Vec<ThreadEntry>, AppError> {
    entries(pool, who.workspace(), "contact", &who.contact().to_db(), THEIRS, limit).await
}

async fn entries(
    pool: &AnyPool,
    ws: portico_kernel::WorkspaceId,
    kind: &str,
    id: &str,
    [received, sent]: [&str; 2],
    limit: i64,
) -> Result<Vec<ThreadEntry>, AppError> {
    let sql = format!(
        "SELECT m.id AS id, m.thread_id AS thread_id, 'in' AS direction, m.subject AS subject, m.from_addr AS from_addr,
                m.from_name AS from_name, m.received_at AS at,
                m.reply_text AS text, m.kind AS kind
         FROM mail_messages m JOIN mail_threads t ON t.id = m.thread_id
         WHERE t.workspace_id = $1 AND t.record_kind = $2 AND t.record_id = $3 AND {received}
         UNION ALL
         SELECT o.id, o.thread_id, 'out', o.subject, o.from_addr, '', o.created_at,
                o.text_body, o.status
         FROM outbound_emails o JOIN mail_threads t ON t.id = o.thread_id
         WHERE t.workspace_id = $1 AND t.record_kind = $2 AND t.record_id = $3 AND {sent}
         ORDER BY at DESC, id DESC LIMIT $4"
    );
    let mut rows: Vec<ThreadEntry> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(ws.to_db())
        .bind(kind.to_string())
        .bind(id.to_string())
        .bind(limit)
        .fetch_all(pool)
        .await
        .db()?;
    rows.reverse();
    for r in rows.iter_mut().filter(|r| r.direction == "out") {
        // What we sent starts with the line the reader writes above: not part of the message.
        if r.text.starts_with(super::reply::MARKER)
            && let Some((_, rest)) = r.text.split_once("\n\n")
        {
            r.text = rest.to_string();
        }
    }
    Ok(rows)
}

/// A record mail was filed into is gone: its conversations and messages no longer point at
/// it (they stay in their mailbox).
pub async fn forget_record(tx: &mut Tx, ws: portico_kernel::WorkspaceId, kind: &str, id: &str) -> Result<(), AppError> {
    refile(tx, ws, kind, id, None).await
}

/// A record was merged into another of its kind: its conversations and messages follow it.
pub async fn move_record(
    tx: &mut Tx,
    ws: portico_kernel::WorkspaceId,
    kind: &str,
    from: &str,
    to: &str,
) -> Result<(), AppError> {
    refile(tx, ws, kind, from, Some(to)).await
}

async fn refile(
    tx: &mut Tx,
    ws: portico_kernel::WorkspaceId,
    kind: &str,
    from: &str,
    to: Option<&str>,
) -> Result<(), AppError> {
    // Forgotten: no record at all; moved: the same kind, another id.
    let set = if to.is_some() { "record_id = $4" } else { "record_kind = NULL, record_id = NULL" };
    for table in ["mail_threads", "mail_messages"] {
        let sql = format!("UPDATE {table} SET {set} WHERE workspace_id = $1 AND record_kind = $2 AND record_id = $3");
        let q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(ws.to_db()).bind(kind.to_string()).bind(from.to_string());
        match to {
            Some(to) => q.bind(to.to_string()),
            None => q,
        }
        .execute(&mut **tx)
        .await
        .db()?;
    }
    Ok(())
}
