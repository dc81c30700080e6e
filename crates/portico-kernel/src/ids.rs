//! Typed identifiers. Every id is a UUIDv7 (time-ordered, so ids sort by
//! creation) stored as its canonical lowercase text on both databases.

use std::fmt;
use std::str::FromStr;

macro_rules! define_id {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub uuid::Uuid);

        impl $name {
            pub fn new() -> Self { Self(uuid::Uuid::now_v7()) }
            pub fn as_uuid(&self) -> uuid::Uuid { self.0 }
            pub fn to_db(&self) -> String { self.0.to_string() }
        }
        impl Default for $name { fn default() -> Self { Self::new() } }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { self.0.fmt(f) }
        }
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }
        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> { uuid::Uuid::parse_str(s).map(Self) }
        }
    )*};
}

define_id!(
    WorkspaceId,
    UnitId,
    UserId,
    RoleId,
    GrantId,
    SessionId,
    ApiTokenId,
    MagicLinkId,
    InvitationId,
    AuditId,
    JobId,
    TaskId,
    EmailId,
    FileId,
    WebhookId,
    DeliveryId,
    CustomFieldId,
    ContactId,
    MailboxId,
    MailThreadId,
    MailMessageId,
);

/// Parse an id coming from storage; a malformed one is a bug, reported as an internal error.
pub fn parse_db_id<T: FromStr>(s: &str) -> Result<T, crate::AppError> {
    s.parse().map_err(|_| crate::AppError::internal(format!("malformed id in database: {s}")))
}
