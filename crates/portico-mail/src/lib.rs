//! Outbound e-mail: a transactional outbox (a row written in the same
//! transaction as the change that causes the mail), a job that sends it over
//! SMTP with lettre, and minijinja templates with a text and an HTML part per
//! language. Message-ID, In-Reply-To and References are recorded for threading.

pub mod outbox;
pub mod sender;
pub mod templates;

pub use outbox::{MailContext, OutgoingEmail};
pub use portico_config::{SmtpSettings, TlsMode};
