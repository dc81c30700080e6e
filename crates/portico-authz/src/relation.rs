//! What a person outside the staff reaches through a public site: their own records, by a
//! relationship (a candidate their applications, a customer their tickets, a partner their
//! links), never by unit. A [`Relation`] is made only here, from a live portal session, and
//! each record kind decides what it opens (`RecordKind::related`); the isolation suite
//! probes every kind with the relation of another contact.

use portico_db::{DbResultExt, Tx};
use portico_kernel::ids::parse_db_id;
use portico_kernel::secret::{hash_token, random_token};
use portico_kernel::{Actor, AppError, ContactId, MICROS_PER_SECOND, Timestamp, WorkspaceId};
use sqlx::AnyPool;

/// A portal session ends after two weeks without use.
pub const IDLE_TTL: Timestamp = 14 * 24 * 3600 * MICROS_PER_SECOND;
const TOUCH_EVERY: Timestamp = 3600 * MICROS_PER_SECOND;

/// A contact signed in to the portals of one workspace.
#[derive(Debug, Clone)]
pub struct Relation {
    workspace: WorkspaceId,
    contact: ContactId,
    name: String,
}

impl Relation {
    pub fn workspace(&self) -> WorkspaceId {
        self.workspace
    }
    pub fn contact(&self) -> ContactId {
        self.contact
    }
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn actor(&self) -> Actor {
        Actor::Contact { id: self.contact, label: self.name.clone() }
    }
}

/// Open a session for a contact whose identity was just proven (a sign-in link or password);
/// the token goes in the visitor's cookie, its hash in the database.
pub async fn open_session(
    tx: &mut Tx,
    ws: WorkspaceId,
    contact: ContactId,
    now: Timestamp,
) -> Result<String, AppError> {
    let token = random_token();
    sqlx::query(
        "INSERT INTO portal_sessions (token_hash, workspace_id, contact_id, created_at, expires_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $4)",
    )
    .bind(hash_token(&token))
    .bind(ws.to_db())
    .bind(contact.to_db())
    .bind(now)
    .bind(now + IDLE_TTL)
    .execute(&mut **tx)
    .await
    .db()?;
    Ok(token)
}

/// The relation of a live session token in workspace `ws`, sliding its expiry.
pub async fn of_session(
    pool: &AnyPool,
    ws: WorkspaceId,
    token: &str,
    now: Timestamp,
) -> Result<Option<Relation>, AppError> {
    let row: Option<(String, String, Timestamp)> = sqlx::query_as(
        "SELECT s.contact_id, c.name, s.last_seen_at FROM portal_sessions s JOIN contacts c ON c.id = s.contact_id
         WHERE s.token_hash = $1 AND s.workspace_id = $2 AND s.expires_at > $3",
    )
    .bind(hash_token(token))
    .bind(ws.to_db())
    .bind(now)
    .fetch_optional(pool)
    .await
    .db()?;
    let Some((contact, name, seen)) = row else { return Ok(None) };
    if now - seen >= TOUCH_EVERY {
        sqlx::query("UPDATE portal_sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3")
            .bind(now)
            .bind(now + IDLE_TTL)
            .bind(hash_token(token))
            .execute(pool)
            .await
            .db()?;
    }
    Ok(Some(Relation { workspace: ws, contact: parse_db_id(&contact)?, name }))
}

/// End one session (signing out).
pub async fn close_session(pool: &AnyPool, token: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM portal_sessions WHERE token_hash = $1")
        .bind(hash_token(token))
        .execute(pool)
        .await
        .db()?;
    Ok(())
}

/// Forget a contact's sign-ins, sessions and password (an erasure, a deletion).
pub async fn forget_contact(tx: &mut Tx, contact: ContactId) -> Result<(), AppError> {
    for table in ["portal_sessions", "portal_sign_ins", "portal_passwords"] {
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table} WHERE contact_id = $1")))
            .bind(contact.to_db())
            .execute(&mut **tx)
            .await
            .db()?;
    }
    Ok(())
}

/// A contact merged into another: their sign-in links and sessions now open the kept
/// contact's records; their password stands if the kept contact had none.
pub async fn move_contact(tx: &mut Tx, from: ContactId, to: ContactId) -> Result<(), AppError> {
    for table in ["portal_sessions", "portal_sign_ins"] {
        sqlx::query(sqlx::AssertSqlSafe(format!("UPDATE {table} SET contact_id = $1 WHERE contact_id = $2")))
            .bind(to.to_db())
            .bind(from.to_db())
            .execute(&mut **tx)
            .await
            .db()?;
    }
    sqlx::query(
        "UPDATE portal_passwords SET contact_id = $1
         WHERE contact_id = $2 AND NOT EXISTS (SELECT 1 FROM portal_passwords p WHERE p.contact_id = $1)",
    )
    .bind(to.to_db())
    .bind(from.to_db())
    .execute(&mut **tx)
    .await
    .db()?;
    sqlx::query("DELETE FROM portal_passwords WHERE contact_id = $1")
        .bind(from.to_db())
        .execute(&mut **tx)
        .await
        .db()?;
    Ok(())
}

/// End a contact's other sessions (they chose a new password): only `keep` stays.
pub async fn close_others(tx: &mut Tx, contact: ContactId, keep: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM portal_sessions WHERE contact_id = $1 AND token_hash <> $2")
        .bind(contact.to_db())
        .bind(hash_token(keep))
        .execute(&mut **tx)
        .await
        .db()?;
    Ok(())
}

/// Forget expired sessions and sign-in links (a recurring job); returns how many.
pub async fn purge_expired(tx: &mut Tx, now: Timestamp) -> Result<u64, AppError> {
    let mut n = 0;
    for table in ["portal_sessions", "portal_sign_ins"] {
        let sql = format!("DELETE FROM {table} WHERE expires_at <= $1");
        n += sqlx::query(sqlx::AssertSqlSafe(sql)).bind(now).execute(&mut **tx).await.db()?.rows_affected();
    }
    Ok(n)
}
