//! Recurring jobs. Each schedule is one row; firing it moves `next_run_at`
//! forward in the same statement that checks it is due, so with many workers
//! a schedule fires once per period.

use portico_db::{Db, DbResultExt};
use portico_kernel::{AppError, MICROS_PER_SECOND, Timestamp};
use serde_json::Value;

use crate::queue::{self, NewJob};

/// Create or update a schedule (idempotent; run at every start).
pub async fn ensure(
    db: &Db,
    name: &str,
    kind: &str,
    payload: Value,
    every_seconds: i64,
    now: Timestamp,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO schedules (name, kind, payload, every_seconds, next_run_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, payload = excluded.payload, every_seconds = excluded.every_seconds",
    )
    .bind(name.to_string())
    .bind(kind.to_string())
    .bind(payload.to_string())
    .bind(every_seconds)
    .bind(now + every_seconds * MICROS_PER_SECOND)
    .execute(&mut *tx)
    .await
    .db()?;
    tx.commit().await.db()
}

/// Remove every schedule but `names` (those no module declares any more).
pub async fn keep_only(db: &Db, names: &[&str]) -> Result<(), AppError> {
    let existing: Vec<(String,)> = sqlx::query_as("SELECT name FROM schedules").fetch_all(db.pool()).await.db()?;
    let mut tx = db.begin().await?;
    for (name,) in existing.into_iter().filter(|(n,)| !names.contains(&n.as_str())) {
        sqlx::query("DELETE FROM schedules WHERE name = $1").bind(name).execute(&mut *tx).await.db()?;
    }
    tx.commit().await.db()
}

/// Enqueue a job for every schedule that is due. Returns how many fired.
pub async fn fire_due(db: &Db, now: Timestamp) -> Result<usize, AppError> {
    let due: Vec<(String, String, String, i64)> =
        sqlx::query_as("SELECT name, kind, payload, every_seconds FROM schedules WHERE next_run_at <= $1")
            .bind(now)
            .fetch_all(db.pool())
            .await
            .db()?;
    let mut fired = 0;
    for (name, kind, payload, every) in due {
        let mut tx = db.begin().await?;
        let claimed = sqlx::query("UPDATE schedules SET next_run_at = $1 WHERE name = $2 AND next_run_at <= $3")
            .bind(now + every * MICROS_PER_SECOND)
            .bind(name)
            .bind(now)
            .execute(&mut *tx)
            .await
            .db()?;
        if claimed.rows_affected() == 1 {
            let payload = serde_json::from_str(&payload).unwrap_or(Value::Null);
            queue::enqueue(&mut tx, NewJob::new(&kind, payload).attempts(3), now).await?;
            fired += 1;
        }
        tx.commit().await.db()?;
    }
    Ok(fired)
}
