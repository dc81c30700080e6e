//! Accounts and credentials: passwords (argon2id), server-side sessions, API
//! tokens, invitations, password resets, magic links for guests, and contacts' portal sign-in.

pub mod api_tokens;
pub mod invites;
pub mod login;
pub mod magic;
pub mod password;
pub mod portal;
pub mod resets;
pub mod sessions;
pub mod setup;
pub mod throttle;
pub mod users;
