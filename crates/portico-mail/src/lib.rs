//! E-mail in and out. Out: a transactional outbox (a row written in the same transaction
//! as the change that causes the mail), a job that sends it over SMTP with lettre, minijinja
//! templates with a text and an HTML part per language, and conversations that carry their
//! reply token and threading headers. In: mailboxes fed by IMAP, a raw-MIME webhook and the
//! command line, parsed, threaded and handed to the consumer a module registered.

pub mod conversation;
pub mod freebusy;
pub mod ics;
pub mod inbound;
pub mod outbox;
pub mod sender;
pub mod templates;

pub use outbox::{MailContext, OutgoingEmail};
pub use portico_config::{SmtpSettings, TlsMode};
