use portico_db::{Backend, Db, DbResultExt, Tx};
use portico_kernel::{AppError, JobId, MICROS_PER_SECOND, TaskId, Timestamp, WorkspaceId};
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: String,
    pub payload: Value,
    pub workspace: Option<WorkspaceId>,
    pub run_at: Option<Timestamp>,
    pub max_attempts: i64,
    pub task: Option<TaskId>,
}

impl NewJob {
    pub fn new(kind: &str, payload: Value) -> Self {
        NewJob { kind: kind.into(), payload, workspace: None, run_at: None, max_attempts: 8, task: None }
    }
    pub fn in_workspace(mut self, ws: WorkspaceId) -> Self {
        self.workspace = Some(ws);
        self
    }
    pub fn at(mut self, t: Timestamp) -> Self {
        self.run_at = Some(t);
        self
    }
    pub fn attempts(mut self, n: i64) -> Self {
        self.max_attempts = n;
        self
    }
    pub fn for_task(mut self, t: TaskId) -> Self {
        self.task = Some(t);
        self
    }
}

/// Enqueue inside the caller's transaction: the job exists if and only if the write that caused it commits.
pub async fn enqueue(tx: &mut Tx, job: NewJob, now: Timestamp) -> Result<JobId, AppError> {
    let id = JobId::new();
    sqlx::query(
        "INSERT INTO jobs (id, workspace_id, kind, payload, status, attempts, max_attempts, run_at, task_id, created_at) VALUES ($1, $2, $3, $4, 'queued', 0, $5, $6, $7, $8)",
    )
    .bind(id.to_db())
    .bind(job.workspace.map(|w| w.to_db()))
    .bind(job.kind)
    .bind(job.payload.to_string())
    .bind(job.max_attempts.max(1))
    .bind(job.run_at.unwrap_or(now))
    .bind(job.task.map(|t| t.to_db()))
    .bind(now)
    .execute(&mut **tx)
    .await
    .db()?;
    Ok(id)
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Job {
    pub id: String,
    pub workspace_id: Option<String>,
    pub kind: String,
    pub payload: String,
    pub status: String,
    pub attempts: i64,
    pub max_attempts: i64,
    pub run_at: Timestamp,
    pub last_error: Option<String>,
    pub task_id: Option<String>,
}

const JOB_COLUMNS: &str =
    "id, workspace_id, kind, payload, status, attempts, max_attempts, run_at, last_error, task_id";

/// Claim the next due job: a queued one whose time has come, or a running one
/// whose lease expired (its worker died). Takes a lease of `lease` micros.
pub async fn claim(
    db: &Db,
    worker: &str,
    kinds: &[String],
    now: Timestamp,
    lease: Timestamp,
) -> Result<Option<Job>, AppError> {
    // Job kinds come from code (handler registry), never from users; still, keep them to a safe alphabet.
    let kinds_sql: Vec<String> = kinds
        .iter()
        .filter(|k| k.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_'))
        .map(|k| format!("'{k}'"))
        .collect();
    if kinds_sql.is_empty() {
        return Ok(None);
    }
    let lock = match db.backend() {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_until = $1, locked_by = $2
         WHERE id = (SELECT id FROM jobs
                     WHERE kind IN ({kinds}) AND ((status = 'queued' AND run_at <= $3) OR (status = 'running' AND lease_until < $3))
                     ORDER BY run_at, id LIMIT 1 {lock})
         RETURNING {JOB_COLUMNS}",
        kinds = kinds_sql.join(", ")
    );
    let mut tx = db.begin().await?;
    let job: Option<Job> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(now + lease)
        .bind(worker.to_string())
        .bind(now)
        .fetch_optional(&mut *tx)
        .await
        .db()?;
    tx.commit().await.db()?;
    Ok(job)
}

/// Extend the lease of a job still being worked on. False if the job was taken away.
pub async fn heartbeat(db: &Db, id: &str, worker: &str, until: Timestamp) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let r = sqlx::query("UPDATE jobs SET lease_until = $1 WHERE id = $2 AND locked_by = $3 AND status = 'running'")
        .bind(until)
        .bind(id.to_string())
        .bind(worker.to_string())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.commit().await.db()?;
    Ok(r.rows_affected() == 1)
}

pub async fn complete(db: &Db, id: &str, worker: &str, now: Timestamp) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE jobs SET status = 'done', finished_at = $1, lease_until = NULL WHERE id = $2 AND locked_by = $3",
    )
    .bind(now)
    .bind(id.to_string())
    .bind(worker.to_string())
    .execute(&mut *tx)
    .await
    .db()?;
    tx.commit().await.db()
}

/// Back-off before attempt n+1: 5 s, 10 s, 20 s … capped at one hour.
pub fn backoff(attempts: i64) -> Timestamp {
    let secs = 5i64.saturating_mul(1i64 << attempts.clamp(0, 20)) / 2;
    secs.clamp(5, 3600) * MICROS_PER_SECOND
}

/// Record a failure: retry later, or move to the dead letters after the last attempt.
/// Returns true when the job is dead.
pub async fn fail(db: &Db, job: &Job, worker: &str, error: &str, now: Timestamp) -> Result<bool, AppError> {
    let dead = job.attempts >= job.max_attempts;
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE jobs SET status = $1, run_at = $2, last_error = $3, lease_until = NULL, finished_at = $4 WHERE id = $5 AND locked_by = $6",
    )
    .bind(if dead { "dead" } else { "queued" })
    .bind(now + backoff(job.attempts))
    .bind(error.chars().take(2000).collect::<String>())
    .bind(dead.then_some(now))
    .bind(job.id.clone())
    .bind(worker.to_string())
    .execute(&mut *tx)
    .await
    .db()?;
    tx.commit().await.db()?;
    Ok(dead)
}

/// Put a dead job back in the queue (an operator's "retry").
pub async fn requeue_dead(db: &Db, id: JobId, now: Timestamp) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let r = sqlx::query("UPDATE jobs SET status = 'queued', attempts = 0, run_at = $1, finished_at = NULL WHERE id = $2 AND status = 'dead'")
        .bind(now)
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.commit().await.db()?;
    Ok(r.rows_affected() == 1)
}

pub async fn get(db: &Db, id: JobId) -> Result<Option<Job>, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {JOB_COLUMNS} FROM jobs WHERE id = $1")))
        .bind(id.to_db())
        .fetch_optional(db.pool())
        .await
        .db()
}

/// Counts by status, for /metrics and the operator's view.
pub async fn counts(db: &Db) -> Result<Vec<(String, i64)>, AppError> {
    sqlx::query_as("SELECT status, COUNT(*) FROM jobs GROUP BY status ORDER BY status").fetch_all(db.pool()).await.db()
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_grows_and_caps() {
        let s = |n| super::backoff(n) / super::MICROS_PER_SECOND;
        assert_eq!(s(1), 5);
        assert_eq!(s(2), 10);
        assert_eq!(s(3), 20);
        assert_eq!(s(30), 3600);
    }
}
