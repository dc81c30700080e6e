//! The core's mail consumer: a conversation is filed with its sender's contact, created in
//! the mailbox's unit the first time someone writes. The contact's page then shows the
//! conversation, as a candidate's or requester's timeline will in the modules.

use async_trait::async_trait;
use portico_db::{DbResultExt, Tx};
use portico_kernel::{Actor, AppError, ContactId, Event};
use portico_mail::inbound::{Filed, Incoming, MailConsumer};
use serde_json::json;

use super::store::KIND;

pub const CONSUMER: &str = "core.contacts";

pub struct ContactMail;

#[async_trait]
impl MailConsumer for ContactMail {
    fn name(&self) -> &'static str {
        CONSUMER
    }

    fn label(&self) -> &'static str {
        "mail-consumer-core-contacts"
    }

    async fn file(&self, tx: &mut Tx, mail: &Incoming<'_>) -> Result<Option<Filed>, AppError> {
        if let Some((kind, id)) = &mail.thread.record
            && kind == KIND
        {
            return Ok(Some(Filed { kind: KIND, id: id.clone() }));
        }
        let Some(from) = mail.parsed.reply_to.as_ref().or(mail.parsed.from.as_ref()) else { return Ok(None) };
        if from.email == mail.mailbox.address {
            return Ok(None);
        }
        let ws = mail.workspace.to_db();
        let found: Option<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT id FROM contacts WHERE {}",
            portico_db::CONTACT_BY_EMAIL
        )))
        .bind(ws.clone())
        .bind(from.email.clone())
        .fetch_optional(&mut **tx)
        .await
        .db()?;
        if let Some((id,)) = found {
            return Ok(Some(Filed { kind: KIND, id }));
        }
        let name = match from.name.trim() {
            "" => from.email.split('@').next().unwrap_or(&from.email).to_string(),
            n => n.chars().take(120).collect(),
        };
        let id = ContactId::new();
        sqlx::query(
            "INSERT INTO contacts (id, workspace_id, unit_id, name, email, phone, company, locale, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, '', '', $6, $7, $7)",
        )
        .bind(id.to_db())
        .bind(ws)
        .bind(mail.unit.to_db())
        .bind(name.clone())
        .bind(from.email.clone())
        .bind(mail.locale.code())
        .bind(mail.now)
        .execute(&mut **tx)
        .await
        .db()?;
        let actor = Actor::System { label: format!("e-mail ({})", mail.mailbox.address) };
        let after = json!({"name": name, "email": from.email, "unit_id": mail.unit});
        tx.emit(Event::new(mail.workspace, &actor, KIND, "create", id.to_db(), mail.now).unit(mail.unit).after(after))
            .await?;
        Ok(Some(Filed { kind: KIND, id: id.to_db() }))
    }
}
