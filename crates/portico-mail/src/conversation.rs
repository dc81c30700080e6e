//! Writing into a conversation: a message sent from the conversation's mailbox, answering
//! its latest message (In-Reply-To, References), with the reply token in its Reply-To
//! address and subject, and a marker line the reader writes above, so the answer finds its
//! way back and its quoted history can be cut off.

use portico_db::{DbResultExt, Tx};
use portico_kernel::locale::Locale;
use portico_kernel::{AppError, EmailId, Timestamp, WorkspaceId};

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

/// Queue `m` in conversation `thread` of workspace `ws`, in the caller's transaction.
pub async fn send(
    tx: &mut Tx,
    ws: WorkspaceId,
    thread: &str,
    m: ThreadMessage,
    now: Timestamp,
) -> Result<(EmailId, String), AppError> {
    let row: Option<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT t.token, t.mailbox_id, b.address, b.from_name, t.subject FROM mail_threads t
         JOIN mailboxes b ON b.id = t.mailbox_id WHERE t.workspace_id = $1 AND t.id = $2",
    )
    .bind(ws.to_db())
    .bind(thread.to_string())
    .fetch_optional(&mut **tx)
    .await
    .db()?;
    let (token, mailbox, address, from_name, _) = row.ok_or_else(AppError::not_found)?;
    let history = history(tx, ws, thread).await?;
    let from = if from_name.is_empty() {
        address.clone()
    } else {
        format!("\"{}\" <{address}>", from_name.replace(['"', '\\'], ""))
    };
    let mark = marker(m.locale.unwrap_or(Locale::En));
    let html = m.html.map(|h| with_marker(&h, &mark));
    let mail = OutgoingEmail {
        workspace: Some(ws),
        to: m.to,
        cc: m.cc,
        bcc: m.bcc,
        from,
        reply_to: Some(token::reply_address(&address, &token)),
        subject: token::tagged_subject(&m.subject, &token),
        text: format!("{mark}\n\n{}", m.text),
        html,
        in_reply_to: history.last().cloned(),
        references: history,
        mailbox: Some(mailbox),
        thread: Some(thread.to_string()),
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
