//! The core's mail consumer: a conversation is filed with its sender's contact, created in
//! the mailbox's unit the first time someone writes. The contact's page then shows the
//! conversation, as a candidate's or requester's timeline will in the modules.

use async_trait::async_trait;
use portico_db::Tx;
use portico_kernel::{Actor, AppError, ContactId};
use portico_mail::inbound::parse::Addr;
use portico_mail::inbound::{Filed, Incoming, MailConsumer};

use super::store::{ContactInput, KIND, find_or_add};

pub const CONSUMER: &str = "core.contacts";

/// The contact of `who`, someone who wrote to a mailbox: the workspace's contact with that
/// address, or a new one in the mailbox's unit. `None` for the mailbox itself, or an address
/// no contact may have.
pub async fn of_writer(tx: &mut Tx, mail: &Incoming<'_>, who: &Addr) -> Result<Option<ContactId>, AppError> {
    if who.email == mail.mailbox.address {
        return Ok(None);
    }
    let name = match who.name.trim() {
        "" => who.email.split('@').next().unwrap_or(&who.email).to_string(),
        n => n.chars().take(120).collect(),
    };
    let input =
        ContactInput { name, email: who.email.clone(), locale: mail.locale.code().into(), ..Default::default() };
    if super::store::check(&input).is_err() {
        return Ok(None);
    }
    let actor = Actor::System { label: format!("e-mail ({})", mail.mailbox.address) };
    find_or_add(tx, mail.workspace, &actor, mail.unit, &input, mail.now).await.map(Some)
}

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
        Ok(of_writer(tx, mail, from).await?.map(|id| Filed { kind: KIND, id: id.to_db() }))
    }
}
