//! The job that delivers one outbox message over SMTP.

use std::time::Duration;

use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use portico_config::{SmtpSettings, TlsMode};
use portico_db::{BlobStore, Db, DbResultExt};
use portico_jobs::JobContext;
use serde::Deserialize;

use crate::outbox::{self, OutAttachment, StoredEmail};

pub fn transport(s: &SmtpSettings) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let builder = match s.tls {
        TlsMode::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host),
        TlsMode::Starttls => {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host).map_err(|e| e.to_string())?
        }
        TlsMode::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host).map_err(|e| e.to_string())?,
    };
    let mut builder = builder.port(s.port).timeout(Some(Duration::from_secs(30)));
    if let (Some(u), Some(p)) = (&s.username, &s.password) {
        builder = builder.credentials(Credentials::new(u.clone(), p.clone()));
    }
    Ok(builder.build())
}

fn mailboxes(list: &str, what: &str) -> Result<Vec<Mailbox>, String> {
    list.split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| a.parse().map_err(|err| format!("bad {what} address {a}: {err}")))
        .collect()
}

/// The MIME message of an outbox row, with its attachments read from the blob store.
pub fn build_message(e: &StoredEmail, files: &[(OutAttachment, Vec<u8>)]) -> Result<Message, String> {
    let from: Mailbox = e.from_addr.parse().map_err(|err| format!("bad from address: {err}"))?;
    let to: Mailbox = e.to_addr.parse().map_err(|err| format!("bad to address: {err}"))?;
    let mut b = Message::builder().from(from).to(to).subject(e.subject.clone()).message_id(Some(e.message_id.clone()));
    for cc in mailboxes(&e.cc_addrs, "cc")? {
        b = b.cc(cc);
    }
    for bcc in mailboxes(&e.bcc_addrs, "bcc")? {
        b = b.bcc(bcc);
    }
    if let Some(r) = &e.reply_to {
        b = b.reply_to(r.parse().map_err(|err| format!("bad reply-to address: {err}"))?);
    }
    if let Some(r) = &e.in_reply_to {
        b = b.in_reply_to(r.clone());
    }
    if let Some(r) = &e.references_hdr {
        b = b.references(r.clone());
    }
    if e.automatic == 1 {
        // RFC 3834: other robots must not answer this one.
        b = b.header(AutoSubmitted);
    }
    let body = match &e.html_body {
        Some(html) => MultiPart::alternative_plain_html(e.text_body.clone(), html.clone()),
        None if files.is_empty() => {
            let part = SinglePart::builder().header(ContentType::TEXT_PLAIN).body(e.text_body.clone());
            return b.singlepart(part).map_err(|err| err.to_string());
        }
        None => MultiPart::mixed().singlepart(SinglePart::plain(e.text_body.clone())),
    };
    let msg = if files.is_empty() {
        b.multipart(body)
    } else {
        let mut mixed = MultiPart::mixed().multipart(body);
        for (a, bytes) in files {
            let ct = ContentType::parse(&a.content_type)
                .or_else(|_| ContentType::parse("application/octet-stream"))
                .map_err(|e| e.to_string())?;
            mixed = mixed.singlepart(Attachment::new(a.filename.clone()).body(bytes.clone(), ct));
        }
        b.multipart(mixed)
    };
    msg.map_err(|err| err.to_string())
}

/// `Auto-Submitted: auto-replied`, on what Portico sends by itself.
#[derive(Clone)]
struct AutoSubmitted;

impl lettre::message::header::Header for AutoSubmitted {
    fn name() -> lettre::message::header::HeaderName {
        lettre::message::header::HeaderName::new_from_ascii_str("Auto-Submitted")
    }
    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }
    fn display(&self) -> lettre::message::header::HeaderValue {
        lettre::message::header::HeaderValue::new(Self::name(), "auto-replied".into())
    }
}

#[derive(Deserialize)]
struct Payload {
    email_id: String,
}

/// Send one queued message. Errors make the job retry with back-off.
pub async fn send_job(ctx: JobContext, smtp: SmtpSettings, blobs: BlobStore) -> Result<(), String> {
    let p: Payload = ctx.payload()?;
    let Some(email) = outbox::get(ctx.db.pool(), &p.email_id).await.map_err(|e| e.to_string())? else {
        return Err(format!("outbox message {} is gone", p.email_id));
    };
    if email.status != "pending" {
        return Ok(());
    }
    let result = async {
        let mut files = Vec::new();
        for a in outbox::attachments(ctx.db.pool(), &email.id).await.map_err(|e| e.to_string())? {
            let bytes = blobs.read(&a.sha256).map_err(|e| e.to_string())?;
            files.push((a, bytes));
        }
        let msg = build_message(&email, &files)?;
        transport(&smtp)?.send(msg).await.map_err(|e| e.to_string())
    }
    .await;
    record(&ctx.db, &email.id, result.as_ref().err(), ctx.clock.now_micros()).await.map_err(|e| e.to_string())?;
    result.map(|_| ())
}

async fn record(db: &Db, id: &str, error: Option<&String>, now: i64) -> Result<(), portico_kernel::AppError> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE outbound_emails SET status = $1, attempts = attempts + 1, last_error = $2, sent_at = $3 WHERE id = $4",
    )
    .bind(if error.is_some() { "pending" } else { "sent" })
    .bind(error.cloned())
    .bind(error.is_none().then_some(now))
    .bind(id.to_string())
    .execute(&mut *tx)
    .await
    .db()?;
    tx.commit().await.db()
}
