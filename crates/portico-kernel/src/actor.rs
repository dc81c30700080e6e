//! Who is acting: recorded on every write in the audit log.

use crate::{ApiTokenId, ContactId, MagicLinkId, UserId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    User {
        id: UserId,
        label: String,
    },
    ApiToken {
        id: ApiTokenId,
        user: UserId,
        label: String,
    },
    Guest {
        link: MagicLinkId,
        label: String,
    },
    /// A contact (candidate, customer, partner) signed in to a portal.
    Contact {
        id: ContactId,
        label: String,
    },
    /// Background work and the command line.
    System {
        label: String,
    },
}

impl Actor {
    pub fn kind(&self) -> &'static str {
        match self {
            Actor::User { .. } => "user",
            Actor::ApiToken { .. } => "api_token",
            Actor::Guest { .. } => "guest",
            Actor::Contact { .. } => "contact",
            Actor::System { .. } => "system",
        }
    }
    pub fn id(&self) -> Option<String> {
        match self {
            Actor::User { id, .. } => Some(id.to_db()),
            Actor::ApiToken { id, .. } => Some(id.to_db()),
            Actor::Guest { link, .. } => Some(link.to_db()),
            Actor::Contact { id, .. } => Some(id.to_db()),
            Actor::System { .. } => None,
        }
    }
    pub fn label(&self) -> &str {
        match self {
            Actor::User { label, .. }
            | Actor::ApiToken { label, .. }
            | Actor::Guest { label, .. }
            | Actor::Contact { label, .. }
            | Actor::System { label } => label,
        }
    }
    /// The account behind the actor, if any.
    pub fn user_id(&self) -> Option<UserId> {
        match self {
            Actor::User { id, .. } => Some(*id),
            Actor::ApiToken { user, .. } => Some(*user),
            _ => None,
        }
    }
}
