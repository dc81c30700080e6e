//! Writing into a conversation: a message sent from the conversation's mailbox, answering
//! its latest message (In-Reply-To, References), with the reply token in its Reply-To
//! address and subject, and a marker line the reader writes above, so the answer finds its
//! way back and its quoted history can be cut off.

use portico_db::{DbResultExt, Tx};
use portico_kernel::locale::Locale;
use portico_kernel::{AppError, EmailId, Timestamp, WorkspaceId};

use crate::inbound::mailboxes::Mailbox;
use crate::inbound::reply::MARKER;
use crate::inbound::token;
use crate::outbox::{self, OutAttachment, OutgoingEmail};

/// A message to write into conversation `thread`.
#[derive(Debug, Clone, Default)]
pub struct ThreadMessage {
    pub to: String,
    pub cc: Vec<String>,
    pub bcc: Vec<String>,
    pub subject: String,
    pub text: String,
    /// Already sanitized.
    pub html: Option<String>,
    pub locale: Option<Locale>,
    pub attachments: Vec<OutAttachment>,
    pub automatic: bool,
}

/// The marker line, in the reader's language.
pub fn marker(locale: Locale) -> String {
    let words = match locale {
        Locale::Fr => "Veuillez écrire votre réponse au-dessus de cette ligne",
        Locale::Hr => "Molimo upišite odgovor iznad ove crte",
        Locale::En => "Please type your reply above this line",
    };
    format!("{MARKER} {words} -##")
}

/// Where a message is written: the conversation's mailbox, token and history.
pub struct Place<'a> {
    pub mailbox: &'a Mailbox,
    pub thread: &'a str,
    pub token: &'a str,
    /// The Message-IDs of the conversation, oldest first.
    pub history: Vec<String>,
}

/// A conversation we open (a first e-mail to a contact): a new thread in `mailbox`, filed
/// into the record the message is about. Returns the thread's id and reply token.
pub async fn start(
    tx: &mut Tx,
    ws: WorkspaceId,
    mailbox: &Mailbox,
    subject: &str,
    record: (&str, &str),
    now: Timestamp,
) -> Result<(String, String), AppError> {
    let (id, token) = (portico_kernel::MailThreadId::new().to_db(), crate::inbound::token::new_token());
    sqlx::query(
        "INSERT INTO mail_threads (id, workspace_id, unit_id, mailbox_id, token, subject, record_kind, record_id, messages,
            created_at, last_message_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $9)",
    )
    .bind(id.clone())
    .bind(ws.to_db())
    .bind(mailbox.unit_id.clone())
    .bind(mailbox.id.clone())
    .bind(token.clone())
    .bind(subject.chars().take(500).collect::<String>())
    .bind(record.0.to_string())
    .bind(record.1.to_string())
    .bind(now)
    .execute(&mut **tx)
    .await
    .db()?;
    Ok((id, token))
}

/// Queue `m` in conversation `thread` of workspace `ws`, in the caller's transaction.
pub async fn send(
    tx: &mut Tx,
    ws: WorkspaceId,
    thread: &str,
    m: ThreadMessage,
    now: Timestamp,
) -> Result<(EmailId, String), AppError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT token, mailbox_id FROM mail_threads WHERE workspace_id = $1 AND id = $2")
            .bind(ws.to_db())
            .bind(thread.to_string())
            .fetch_optional(&mut **tx)
            .await
            .db()?;
    let (token, mailbox) = row.ok_or_else(AppError::not_found)?;
    let mailbox = crate::inbound::mailboxes::load_in(tx, &mailbox).await?;
    let history = history(tx, ws, thread).await?;
    send_in(tx, ws, Place { mailbox: &mailbox, thread, token: &token, history }, m, now).await
}

/// Queue `m` where the caller already knows the conversation's place.
pub async fn send_in(
    tx: &mut Tx,
    ws: WorkspaceId,
    at: Place<'_>,
    m: ThreadMessage,
    now: Timestamp,
) -> Result<(EmailId, String), AppError> {
    let mark = marker(m.locale.unwrap_or(Locale::En));
    let html = m.html.map(|h| with_marker(&h, &mark));
    let mail = OutgoingEmail {
        workspace: Some(ws),
        to: m.to,
        cc: m.cc,
        bcc: m.bcc,
        from: at.mailbox.sender(),
        reply_to: Some(token::reply_address(&at.mailbox.address, at.token)),
        subject: token::tagged_subject(&m.subject, at.token),
        text: format!("{mark}\n\n{}", m.text),
        html,
        in_reply_to: at.history.last().cloned(),
        references: at.history,
        mailbox: Some(at.mailbox.id.clone()),
        thread: Some(at.thread.to_string()),
        attachments: m.attachments,
        automatic: m.automatic,
    };
    outbox::queue(tx, mail, now).await
}

/// The marker as the first line of an HTML body (inside `<body>` when there is one).
fn with_marker(html: &str, mark: &str) -> String {
    let line = format!("<div style=\"color:#888;font-size:12px\">{}</div>\n", portico_html::escape(mark));
    let at = html.find("<body").and_then(|b| html[b..].find('>').map(|e| b + e + 1)).unwrap_or(0);
    format!("{}{line}{}", &html[..at], &html[at..])
}

/// The Message-IDs of a conversation, oldest first (the last twenty: enough to thread).
async fn history(tx: &mut Tx, ws: WorkspaceId, thread: &str) -> Result<Vec<String>, AppError> {
    let ids: Vec<(String, i64)> = sqlx::query_as(
        "SELECT message_id, received_at FROM mail_messages WHERE workspace_id = $1 AND thread_id = $2 AND message_id IS NOT NULL
         UNION ALL
         SELECT message_id, created_at FROM outbound_emails WHERE workspace_id = $1 AND thread_id = $2
         ORDER BY 2 DESC LIMIT 20",
    )
    .bind(ws.to_db())
    .bind(thread.to_string())
    .fetch_all(&mut **tx)
    .await
    .db()?;
    Ok(ids.into_iter().rev().map(|(id, _)| id).collect())
}
