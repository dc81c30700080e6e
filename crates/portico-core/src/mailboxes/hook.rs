//! The raw-MIME webhook: a mail server or relay posts a message, as received, to
//! `/hooks/mail/{mailbox}`, signed with the mailbox's secret (`X-Portico-Signature`). It is
//! ingested like a message fetched over IMAP.

use axum::extract::{Path, State};
use axum::response::Response;
use portico_http::signed::{Endpoint, Inbound};
use portico_http::state::AppState;
use portico_mail::inbound::{Ingest, Source, mailboxes};
use serde_json::json;

pub const ENDPOINT: Endpoint =
    Endpoint { name: "mail.raw", scheme: &portico_webhooks::inbound::PORTICO, per_minute: 600 };

pub async fn receive(State(s): State<AppState>, Path(id): Path<String>, req: Inbound) -> Response {
    let Ok(mailbox) = mailboxes::load(s.db.pool(), &id).await else { return req.unknown_target() };
    let Ok(ws) = mailbox.workspace() else { return req.unknown_target() };
    let admitted = match req.admit(&s, ENDPOINT, ws, &mailbox.id, mailbox.webhook_secret.as_bytes()).await {
        Ok(a) => a,
        Err(refused) => return refused,
    };
    let result = async {
        if mailbox.active != 1 {
            return Err(portico_kernel::AppError::new(portico_kernel::ErrorCode::Conflict)
                .with_cause("the mailbox is not taking mail"));
        }
        let ingest = Ingest { db: &s.db, blobs: &s.blobs, consumers: &s.suite.mail, clock: s.clock.as_ref() };
        let done = ingest.message(&mailbox, &req.body, Source::Webhook).await?;
        Ok(json!({"id": done.id, "outcome": done.outcome.word()}))
    }
    .await;
    admitted.answer(&s, &req, result).await
}
