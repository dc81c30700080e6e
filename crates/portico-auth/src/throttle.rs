//! Wrong passwords counted per key (a staff address, a portal account): after
//! `MAX_FAILURES` in a row the key is locked for `LOCKOUT`, whether or not an account
//! stands behind it, so the answer never tells which addresses exist.

use portico_db::{Db, DbResultExt, Tx};
use portico_kernel::{AppError, ErrorCode, MICROS_PER_SECOND, Timestamp};

pub const MAX_FAILURES: i64 = 5;
pub const LOCKOUT: i64 = 15 * 60 * MICROS_PER_SECOND;

/// `AccountLocked` while `key` is locked.
pub async fn check(db: &Db, key: &str, now: Timestamp) -> Result<(), AppError> {
    let locked_until: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT locked_until FROM login_throttle WHERE email = $1")
            .bind(key.to_string())
            .fetch_optional(db.pool())
            .await
            .db()?;
    if locked_until.and_then(|(t,)| t).is_some_and(|t| t > now) {
        return Err(AppError::new(ErrorCode::AccountLocked));
    }
    Ok(())
}

/// Count one more wrong password; true when this one locks the key. The count is raised in
/// the database, so attempts made at the same time each count.
pub async fn failed(tx: &mut Tx, key: &str, now: Timestamp) -> Result<bool, AppError> {
    let (failures,): (i64,) = sqlx::query_as(
        "INSERT INTO login_throttle (email, failures, locked_until, updated_at) VALUES ($1, 1, NULL, $2)
         ON CONFLICT (email) DO UPDATE SET failures = login_throttle.failures + 1, updated_at = excluded.updated_at
         RETURNING failures",
    )
    .bind(key.to_string())
    .bind(now)
    .fetch_one(&mut **tx)
    .await
    .db()?;
    if failures < MAX_FAILURES {
        return Ok(false);
    }
    sqlx::query("UPDATE login_throttle SET failures = 0, locked_until = $1 WHERE email = $2")
        .bind(now + LOCKOUT)
        .bind(key.to_string())
        .execute(&mut **tx)
        .await
        .db()?;
    Ok(true)
}

/// A right password: the count starts again.
pub async fn clear(tx: &mut Tx, key: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM login_throttle WHERE email = $1").bind(key.to_string()).execute(&mut **tx).await.db()?;
    Ok(())
}
