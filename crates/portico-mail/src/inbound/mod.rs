//! Inbound mail: mailboxes polled over IMAP (with IDLE where the server has it), a raw-MIME
//! webhook and a command for scripts all hand raw messages to [`ingest`], which parses,
//! recognises automatic mail, threads, stores and hands each message to the consumer a
//! module registered for the mailbox.

pub mod addresses;
pub mod blocked;
pub mod classify;
pub mod consumer;
pub mod files;
pub mod imap;
pub mod ingest;
pub mod mailboxes;
pub mod messages;
pub mod parse;
pub mod reply;
pub mod token;

pub use consumer::{Consumers, Filed, Incoming, MailConsumer};
pub use ingest::{Ingest, Ingested, Outcome, Source};
pub use mailboxes::{Mailbox, MailboxInput};
