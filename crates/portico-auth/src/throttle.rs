//! Wrong passwords counted per key (a staff address, a portal account): after
//! `MAX_FAILURES` in a row the key is locked for `LOCKOUT`, whether or not an account
//! stands behind it, so the answer never tells which addresses exist.

use portico_db::{Db, DbResultExt, Tx};
use portico_kernel::{AppError, ErrorCode, MICROS_PER_SECOND, Timestamp};

pub const MAX_FAILURES: i64 = 5;
pub const LOCKOUT: i64 = 15 * 60 * MICROS_PER_SECOND;

/// The failures counted so far for `key`, or `AccountLocked` while it is locked.
pub async fn check(db: &Db, key: &str, now: Timestamp) -> Result<i64, AppError> {
    let (failures, locked_until): (i64, Option<i64>) =
        sqlx::query_as("SELECT failures, locked_until FROM login_throttle WHERE email = $1")
            .bind(key.to_string())
            .fetch_optional(db.pool())
            .await
            .db()?
            .unwrap_or((0, None));
    if locked_until.is_some_and(|t| t > now) {
        return Err(AppError::new(ErrorCode::AccountLocked));
    }
    Ok(failures)
}

/// Count one more wrong password after `failures`; true when this one locks the key.
pub async fn failed(tx: &mut Tx, key: &str, failures: i64, now: Timestamp) -> Result<bool, AppError> {
    let lock = failures + 1 >= MAX_FAILURES;
    sqlx::query(
        "INSERT INTO login_throttle (email, failures, locked_until, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (email) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, updated_at = excluded.updated_at",
    )
    .bind(key.to_string())
    .bind(if lock { 0 } else { failures + 1 })
    .bind(lock.then_some(now + LOCKOUT))
    .bind(now)
    .execute(&mut **tx)
    .await
    .db()?;
    Ok(lock)
}

/// A right password: the count starts again.
pub async fn clear(tx: &mut Tx, key: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM login_throttle WHERE email = $1").bind(key.to_string()).execute(&mut **tx).await.db()?;
    Ok(())
}
