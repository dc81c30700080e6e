//! Mail into tickets: a new message opens a ticket for its sender (or, when an agent forwards
//! a customer's message, for whoever wrote it); an answer joins the ticket of its
//! conversation, opening it again when it was waiting or solved. Automatic mail only reaches
//! here when it joins a conversation (the core keeps the rest), and it changes no status.

use async_trait::async_trait;
use portico_db::{DbResultExt, Tx};
use portico_kernel::{Actor, AppError};
use portico_mail::inbound::classify::MailKind;
use portico_mail::inbound::{Filed, Incoming, MailConsumer};

use super::attachments;
use super::comments::{self, Author, Written};
use super::write::{Opening, open};
use crate::CONSUMER;
use crate::kinds::TICKET;

pub struct TicketMail;

/// A member of the workspace with this address (an agent writing in).
async fn agent(tx: &mut Tx, mail: &Incoming<'_>, email: &str) -> Result<Option<String>, AppError> {
    let found: Option<(String,)> = sqlx::query_as("SELECT id FROM users WHERE workspace_id = $1 AND lower(email) = $2")
        .bind(mail.workspace.to_db())
        .bind(email.to_lowercase())
        .fetch_optional(&mut **tx)
        .await
        .db()?;
    Ok(found.map(|(id,)| id))
}

#[async_trait]
impl MailConsumer for TicketMail {
    fn name(&self) -> &'static str {
        CONSUMER
    }

    fn label(&self) -> &'static str {
        "mail-consumer-desk-tickets"
    }

    async fn file(&self, tx: &mut Tx, mail: &Incoming<'_>) -> Result<Option<Filed>, AppError> {
        let Some(from) = mail.parsed.reply_to.as_ref().or(mail.parsed.from.as_ref()) else { return Ok(None) };
        let actor = Actor::System { label: format!("e-mail ({})", mail.mailbox.address) };
        if let Some((kind, id)) = &mail.thread.record
            && kind == TICKET
        {
            let t = super::get_in(tx, mail.workspace, id).await?;
            let author = match agent(tx, mail, &from.email).await? {
                Some(user) => Author::Agent(user),
                None => match portico_core::contacts::mail::of_writer(tx, mail, from).await? {
                    Some(contact) => Author::Requester(contact.to_db()),
                    None => return Ok(None),
                },
            };
            let reopens = mail.class.kind == MailKind::Normal && matches!(author, Author::Requester(_));
            let status = if reopens && t.status != "new" { "open" } else { t.status.as_str() };
            let body = if mail.reply.trim().is_empty() { mail.parsed.text.trim() } else { mail.reply.trim() };
            let written = Written {
                author,
                public: true,
                body: body.to_string(),
                message: Some(mail.message.to_string()),
                email: None,
            };
            let comment = comments::insert(tx, mail.workspace, &actor, &t.id, t.unit()?, written, mail.now).await?;
            attachments::from_mail(tx, mail, &actor, &comment, t.unit()?).await?;
            comments::moved(tx, mail.workspace, &actor, &t, status, mail.now).await?;
            return Ok(Some(Filed { kind: TICKET, id: t.id }));
        }
        // Forwarded by an agent: the ticket is the original sender's.
        let (writer, forwarded) = match (&mail.parsed.forwarded_from, agent(tx, mail, &from.email).await?) {
            (Some(original), Some(_)) => (original, true),
            _ => (from, false),
        };
        let Some(requester) = portico_core::contacts::mail::of_writer(tx, mail, writer).await? else { return Ok(None) };
        let subject: String = match mail.parsed.subject.trim() {
            "" => "(no subject)".to_string(),
            s => s.chars().take(250).collect(),
        };
        // A forwarded message is all in the quoted part the reply leaves out.
        let body = if forwarded || mail.reply.trim().is_empty() { mail.parsed.text.trim() } else { mail.reply.trim() };
        let opening = Opening {
            unit: mail.unit,
            subject,
            description: body.chars().take(65_536).collect(),
            requester: requester.to_db(),
            channel: "email",
            status: "new".into(),
            priority: "normal".into(),
            ticket_type: String::new(),
            group: None,
            assignee: None,
            tags: String::new(),
            thread: Some(mail.thread.id.clone()),
            message: Some(mail.message.to_string()),
        };
        let (id, first) = open(tx, mail.workspace, &actor, opening, mail.now).await?;
        attachments::from_mail(tx, mail, &actor, &first, mail.unit).await?;
        Ok(Some(Filed { kind: TICKET, id }))
    }
}
