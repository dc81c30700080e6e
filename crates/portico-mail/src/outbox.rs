use portico_authz::WorkspaceAdmin;
use portico_db::{DbResultExt, Tx};
use portico_jobs::NewJob;
use portico_jobs::queue;
use portico_kernel::{AppError, EmailId, ListSpec, Page, PageRequest, SortKey, SortValue, Timestamp, WorkspaceId};
use serde::Serialize;
use serde_json::json;
use sqlx::AnyPool;

pub const SEND_JOB: &str = "mail.send";

#[derive(Debug, Clone, Default)]
pub struct OutgoingEmail {
    pub workspace: Option<WorkspaceId>,
    pub to: String,
    pub cc: Vec<String>,
    pub bcc: Vec<String>,
    pub from: String,
    pub reply_to: Option<String>,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    /// Message-ID of the message this one answers, for threading.
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    /// The mailbox it is sent from and the conversation it belongs to, when it has them.
    pub mailbox: Option<String>,
    pub thread: Option<String>,
    /// Files from the blob store.
    pub attachments: Vec<OutAttachment>,
    /// Sent by Portico on its own (an acknowledgement, a reminder), not written by a person.
    pub automatic: bool,
}

/// A file sent with a message: its bytes are in the blob store under `sha256`.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct OutAttachment {
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
}

/// Message-IDs are made here, so they are known (and stored) before sending.
pub fn new_message_id(from: &str) -> String {
    let domain =
        from.rsplit('@').next().map(|d| d.trim_end_matches('>')).filter(|d| !d.is_empty()).unwrap_or("portico.local");
    format!("<{}@{}>", uuid::Uuid::now_v7().simple(), domain)
}

/// Write the message to the outbox and enqueue its sending, in the caller's transaction.
pub async fn queue(tx: &mut Tx, mail: OutgoingEmail, now: Timestamp) -> Result<(EmailId, String), AppError> {
    let id = EmailId::new();
    let message_id = new_message_id(&mail.from);
    sqlx::query(
        "INSERT INTO outbound_emails (id, workspace_id, to_addr, from_addr, subject, text_body, html_body, message_id, in_reply_to,
            references_hdr, status, created_at, mailbox_id, thread_id, cc_addrs, bcc_addrs, reply_to, automatic)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11, $12, $13, $14, $15, $16, $17)",
    )
    .bind(id.to_db())
    .bind(mail.workspace.map(|w| w.to_db()))
    .bind(mail.to)
    .bind(mail.from)
    .bind(mail.subject)
    .bind(mail.text)
    .bind(mail.html)
    .bind(message_id.clone())
    .bind(mail.in_reply_to)
    .bind((!mail.references.is_empty()).then(|| mail.references.join(" ")))
    .bind(now)
    .bind(mail.mailbox)
    .bind(mail.thread)
    .bind(mail.cc.join(", "))
    .bind(mail.bcc.join(", "))
    .bind(mail.reply_to)
    .bind(portico_db::flag(mail.automatic))
    .execute(&mut **tx)
    .await
    .db()?;
    for a in mail.attachments {
        sqlx::query(
            "INSERT INTO outbound_attachments (id, workspace_id, email_id, filename, content_type, size_bytes, sha256)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(mail.workspace.map(|w| w.to_db()))
        .bind(id.to_db())
        .bind(a.filename)
        .bind(a.content_type)
        .bind(a.size_bytes)
        .bind(a.sha256)
        .execute(&mut **tx)
        .await
        .db()?;
    }
    let mut job = NewJob::new(SEND_JOB, json!({"email_id": id}));
    job.workspace = mail.workspace;
    queue::enqueue(tx, job, now).await?;
    Ok((id, message_id))
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct StoredEmail {
    pub id: String,
    pub to_addr: String,
    pub from_addr: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: Option<String>,
    pub message_id: String,
    pub in_reply_to: Option<String>,
    pub references_hdr: Option<String>,
    pub cc_addrs: String,
    pub bcc_addrs: String,
    pub reply_to: Option<String>,
    pub mailbox_id: Option<String>,
    pub thread_id: Option<String>,
    pub automatic: i64,
    /// pending | sent | bounced (a report came back after sending)
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
}

const COLUMNS: &str =
    "id, to_addr, from_addr, subject, text_body, html_body, message_id, in_reply_to, references_hdr, cc_addrs,
    bcc_addrs, reply_to, mailbox_id, thread_id, automatic, status, attempts, last_error, created_at, sent_at";

/// The files sent with a message.
pub async fn attachments(pool: &AnyPool, email_id: &str) -> Result<Vec<OutAttachment>, AppError> {
    sqlx::query_as(
        "SELECT filename, content_type, size_bytes, sha256 FROM outbound_attachments WHERE email_id = $1 ORDER BY id",
    )
    .bind(email_id.to_string())
    .fetch_all(pool)
    .await
    .db()
}

pub async fn get(pool: &AnyPool, id: &str) -> Result<Option<StoredEmail>, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM outbound_emails WHERE id = $1")))
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()
}

pub static LIST: ListSpec = ListSpec {
    name: "email",
    sorts: &[SortKey::text("id", "id"), SortKey::text("to", "to_addr"), SortKey::text("status", "status")],
    default_desc: true,
};

/// An e-mail's state for people, from its status and last error.
pub fn state(status: &str, last_error: Option<&str>) -> &'static str {
    match (status, last_error) {
        ("sent", _) => "sent",
        ("bounced", _) => "bounced",
        (_, Some(_)) => "failing",
        _ => "pending",
    }
}

/// Why sending failed, in a word people's messages are keyed by (`mail-failure-<word>`):
/// the server could not be reached, refused our credentials or the address, or TLS failed.
pub fn failure_kind(last_error: &str) -> &'static str {
    let e = last_error.to_ascii_lowercase();
    let any = |words: &[&str]| words.iter().any(|w| e.contains(w));
    if any(&["auth", "535", "534", "credentials", "password"]) {
        "auth"
    } else if any(&["tls", "certificate", "handshake", "ssl"]) {
        "tls"
    } else if any(&["550", "551", "553", "554", "recipient", "mailbox", "relay"]) {
        "rejected"
    } else if any(&["connection", "refused", "timed out", "timeout", "resolve", "dns", "unreachable", "network"]) {
        "unreachable"
    } else {
        "other"
    }
}

impl StoredEmail {
    /// Where the e-mail stands, for people: `sent`, `failing` (the last attempt failed; it is
    /// retried) or `pending` (queued).
    pub fn state(&self) -> &'static str {
        state(&self.status, self.last_error.as_deref())
    }

    fn position(&self, key: &str) -> (String, SortValue) {
        let value = match key {
            "to" => self.to_addr.clone().into(),
            "status" => self.status.clone().into(),
            _ => self.id.clone().into(),
        };
        (self.id.clone(), value)
    }
}

/// The e-mail log of a workspace, newest first (settings → e-mail).
/// The workspace's e-mails, optionally of one status (`pending`, `sent`, `failed`).
pub async fn list(
    pool: &AnyPool,
    admin: &WorkspaceAdmin,
    page: &PageRequest,
    status: Option<&str>,
) -> Result<Page<StoredEmail>, AppError> {
    let ws = admin.workspace();
    let ks = page.keyset(&LIST)?;
    let sql = format!(
        "SELECT {COLUMNS} FROM outbound_emails WHERE workspace_id = $1 AND ($2 IS NULL OR status = $2) AND {} ORDER BY {} LIMIT $5",
        ks.condition(3, "id"),
        ks.order("id")
    );
    let q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(ws.to_db()).bind(status.map(str::to_string));
    let rows: Vec<StoredEmail> = portico_db::bind_keyset(q, &ks).bind(ks.fetch()).fetch_all(pool).await.db()?;
    Ok(Page::from_rows(rows, &ks, StoredEmail::position))
}

/// Where links in e-mails point and who sends them.
#[derive(Debug, Clone)]
pub struct MailContext {
    pub public_url: String,
    pub from: String,
}

impl MailContext {
    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.public_url.trim_end_matches('/'), path)
    }
    /// The same sender, with links to `base` (the address a request came to).
    pub fn at(&self, base: String) -> MailContext {
        MailContext { public_url: base, from: self.from.clone() }
    }
}

/// A templated message to someone: which template, in which language, with what values.
pub struct TemplatedEmail<'a> {
    pub workspace: Option<WorkspaceId>,
    pub to: &'a str,
    pub template: &'a str,
    pub locale: portico_kernel::locale::Locale,
    pub values: serde_json::Value,
}

/// Render a template (in the workspace's words when it rewrote it) and queue it, in the
/// caller's transaction.
pub async fn queue_template(
    tx: &mut Tx,
    mail: &MailContext,
    m: TemplatedEmail<'_>,
    now: Timestamp,
) -> Result<(EmailId, String), AppError> {
    let r = match m.workspace {
        Some(ws) => crate::templates::render_in(tx, ws, m.template, m.locale, &m.values).await?,
        None => crate::templates::render(m.template, m.locale, &m.values)?,
    };
    let email = OutgoingEmail {
        workspace: m.workspace,
        to: m.to.to_string(),
        from: mail.from.clone(),
        subject: r.subject,
        text: r.text,
        html: Some(r.html),
        ..Default::default()
    };
    queue(tx, email, now).await
}

#[cfg(test)]
mod failure_tests {
    #[test]
    fn failures_are_sorted_into_what_people_can_act_on() {
        use super::failure_kind;
        assert_eq!(failure_kind("Connection error: Connection refused (os error 111)"), "unreachable");
        assert_eq!(failure_kind("permanent error (535): 5.7.8 Authentication credentials invalid"), "auth");
        assert_eq!(failure_kind("permanent error (550): 5.1.1 <x@y.z>: Recipient address rejected"), "rejected");
        assert_eq!(failure_kind("tls handshake failed: invalid peer certificate"), "tls");
        assert_eq!(failure_kind("something odd"), "other");
    }
}
