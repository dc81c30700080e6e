//! The job that delivers one outbox message over SMTP.

use std::time::Duration;

use lettre::message::{Mailbox, MultiPart, SinglePart, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use portico_config::{SmtpSettings, TlsMode};
use portico_db::{Db, DbResultExt};
use portico_jobs::JobContext;
use serde::Deserialize;

use crate::outbox::{self, StoredEmail};

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

pub fn build_message(e: &StoredEmail) -> Result<Message, String> {
    let from: Mailbox = e.from_addr.parse().map_err(|err| format!("bad from address: {err}"))?;
    let to: Mailbox = e.to_addr.parse().map_err(|err| format!("bad to address: {err}"))?;
    let mut b = Message::builder().from(from).to(to).subject(e.subject.clone()).message_id(Some(e.message_id.clone()));
    if let Some(r) = &e.in_reply_to {
        b = b.in_reply_to(r.clone());
    }
    if let Some(r) = &e.references_hdr {
        b = b.references(r.clone());
    }
    let msg = match &e.html_body {
        Some(html) => b.multipart(MultiPart::alternative_plain_html(e.text_body.clone(), html.clone())),
        None => b.singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(e.text_body.clone())),
    };
    msg.map_err(|err| err.to_string())
}

#[derive(Deserialize)]
struct Payload {
    email_id: String,
}

/// Send one queued message. Errors make the job retry with back-off.
pub async fn send_job(ctx: JobContext, smtp: SmtpSettings) -> Result<(), String> {
    let p: Payload = ctx.payload()?;
    let Some(email) = outbox::get(ctx.db.pool(), &p.email_id).await.map_err(|e| e.to_string())? else {
        return Err(format!("outbox message {} is gone", p.email_id));
    };
    if email.status == "sent" {
        return Ok(());
    }
    let result = async {
        let msg = build_message(&email)?;
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
