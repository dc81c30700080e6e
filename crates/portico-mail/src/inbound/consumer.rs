//! Where a mailbox's mail goes. A module registers a consumer (Desk: tickets; Recruit: the
//! candidate's timeline; the core: the sender's contact); each mailbox names one. The
//! consumer files a message inside the ingest transaction, so a message and what it became
//! are stored together or not at all.

use std::sync::Arc;

use async_trait::async_trait;
use portico_db::Tx;
use portico_kernel::locale::Locale;
use portico_kernel::{AppError, Timestamp, UnitId, WorkspaceId};

use super::classify::Classified;
use super::mailboxes::Mailbox;
use super::parse::Parsed;

/// The conversation a message belongs to.
#[derive(Debug, Clone)]
pub struct Thread {
    pub id: String,
    pub token: String,
    /// This message opened it.
    pub new: bool,
    /// What an earlier message of the conversation was filed into (kind, id).
    pub record: Option<(String, String)>,
}

/// An attachment as stored (its bytes are in the blob store under `sha256`).
#[derive(Debug, Clone)]
pub struct StoredAttachment {
    pub id: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub inline: bool,
}

/// One message, as a consumer receives it. Its row (`mail_messages`), its attachments' rows
/// and, for a message that opens a conversation, the conversation's row are written after
/// the consumer has filed it, in the same transaction: a consumer refers to them by id.
pub struct Incoming<'a> {
    pub workspace: WorkspaceId,
    pub unit: UnitId,
    /// The workspace's language.
    pub locale: Locale,
    pub mailbox: &'a Mailbox,
    /// The id the message is stored under (`mail_messages.id`).
    pub message: &'a str,
    pub parsed: &'a Parsed,
    pub class: &'a Classified,
    /// What the sender wrote, without quoted history or signature.
    pub reply: &'a str,
    pub thread: &'a Thread,
    pub attachments: &'a [StoredAttachment],
    pub now: Timestamp,
}

/// The record a message was filed into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filed {
    pub kind: &'static str,
    pub id: String,
}

#[async_trait]
pub trait MailConsumer: Send + Sync + 'static {
    /// Stable name, stored on mailboxes: `<module>.<what>` (`desk.tickets`).
    fn name(&self) -> &'static str;
    /// Translation key of its name, shown when choosing where a mailbox's mail goes.
    fn label(&self) -> &'static str;
    /// File one message inside the ingest transaction. Automatic mail (auto-replies, list
    /// mail) only reaches a consumer when it joins an existing conversation; bounces and
    /// complaints never do.
    async fn file(&self, tx: &mut Tx, mail: &Incoming<'_>) -> Result<Option<Filed>, AppError>;
}

/// The consumers of every module of the binary.
#[derive(Default, Clone)]
pub struct Consumers(Vec<Arc<dyn MailConsumer>>);

impl Consumers {
    pub fn new(all: Vec<Arc<dyn MailConsumer>>) -> Result<Consumers, AppError> {
        for (i, c) in all.iter().enumerate() {
            if all[..i].iter().any(|o| o.name() == c.name()) {
                return Err(AppError::internal(format!("mail consumer {} is registered twice", c.name())));
            }
        }
        Ok(Consumers(all))
    }

    pub fn get(&self, name: &str) -> Option<&Arc<dyn MailConsumer>> {
        self.0.iter().find(|c| c.name() == name)
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.0.iter().map(|c| c.name()).collect()
    }

    pub fn all(&self) -> &[Arc<dyn MailConsumer>] {
        &self.0
    }
}
