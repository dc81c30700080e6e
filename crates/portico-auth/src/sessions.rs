//! Server-side sessions. The cookie holds a random token; the database holds
//! only its hash, so sessions can be listed, expired and revoked.

use portico_db::{DbResultExt, Tx};
use portico_kernel::{AppError, MICROS_PER_SECOND, Timestamp, UserId, WorkspaceId};
use sqlx::AnyPool;

use portico_kernel::secret::{hash_token, random_token};

/// A session ends after a week without use.
pub const IDLE_TTL: Timestamp = 7 * 24 * 3600 * MICROS_PER_SECOND;
/// Refresh the expiry at most this often, to keep writes off the read path.
pub const TOUCH_EVERY: Timestamp = 3600 * MICROS_PER_SECOND;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Session {
    pub user_id: String,
    pub workspace_id: String,
    pub last_seen_at: Timestamp,
}

pub async fn create(
    tx: &mut Tx,
    user: UserId,
    ws: WorkspaceId,
    user_agent: &str,
    now: Timestamp,
) -> Result<String, AppError> {
    let token = random_token();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, workspace_id, created_at, expires_at, last_seen_at, user_agent) VALUES ($1, $2, $3, $4, $5, $4, $6)",
    )
    .bind(hash_token(&token))
    .bind(user.to_db())
    .bind(ws.to_db())
    .bind(now)
    .bind(now + IDLE_TTL)
    .bind(user_agent.chars().take(200).collect::<String>())
    .execute(&mut **tx)
    .await
    .db()?;
    Ok(token)
}

/// The live session for a cookie token, if any (the account must be active).
pub async fn lookup(pool: &AnyPool, token: &str, now: Timestamp) -> Result<Option<Session>, AppError> {
    sqlx::query_as(
        "SELECT s.user_id, s.workspace_id, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.status = 'active'",
    )
    .bind(hash_token(token))
    .bind(now)
    .fetch_optional(pool)
    .await
    .db()
}

/// Slide the expiry forward; cheap no-op when it was refreshed recently.
pub async fn touch(pool: &AnyPool, token: &str, session: &Session, now: Timestamp) -> Result<(), AppError> {
    if now - session.last_seen_at < TOUCH_EVERY {
        return Ok(());
    }
    sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3")
        .bind(now)
        .bind(now + IDLE_TTL)
        .bind(hash_token(token))
        .execute(pool)
        .await
        .db()?;
    Ok(())
}

pub async fn delete(tx: &mut Tx, token: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(hash_token(token)).execute(&mut **tx).await.db()?;
    Ok(())
}

pub async fn delete_all_for_user(tx: &mut Tx, user: UserId) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user.to_db()).execute(&mut **tx).await.db()?;
    Ok(())
}

/// Remove expired sessions (a recurring job).
pub async fn purge_expired(tx: &mut Tx, now: Timestamp) -> Result<u64, AppError> {
    let r = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(&mut **tx).await.db()?;
    Ok(r.rows_affected())
}
