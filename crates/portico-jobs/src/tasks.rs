//! User-visible tasks: long work (imports, exports, re-indexing, bulk e-mail)
//! with a status, progress and result that the UI and API show.

use portico_authz::{Authz, Tenant};
use portico_db::{Db, DbResultExt, Tx};
use portico_kernel::{AppError, ListSpec, Page, PageRequest, SortKey, SortValue, TaskId, Timestamp, UserId};
use serde::Serialize;
use sqlx::AnyPool;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Task {
    pub id: String,
    pub kind: String,
    pub title: String,
    /// queued | running | done | failed
    pub status: String,
    pub progress_done: i64,
    pub progress_total: i64,
    pub result_json: Option<String>,
    pub error: Option<String>,
    pub created_by: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Task {
    /// Whole percent done, for progress bars.
    pub fn percent(&self) -> i64 {
        if self.status == "done" {
            100
        } else if self.progress_total > 0 {
            (self.progress_done * 100 / self.progress_total).clamp(0, 100)
        } else {
            0
        }
    }
}

/// A task in the caller's workspace, by the caller's account (none for the system).
pub async fn create(
    tx: &mut Tx,
    t: &impl Tenant,
    by: Option<UserId>,
    kind: &str,
    title: &str,
    now: Timestamp,
) -> Result<TaskId, AppError> {
    let id = TaskId::new();
    sqlx::query(
        "INSERT INTO tasks (id, workspace_id, created_by, kind, title, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'queued', $6, $6)",
    )
    .bind(id.to_db())
    .bind(t.workspace().to_db())
    .bind(by.map(|u| u.to_db()))
    .bind(kind.to_string())
    .bind(title.to_string())
    .bind(now)
    .execute(&mut **tx)
    .await
    .db()?;
    Ok(id)
}

pub async fn progress(db: &Db, id: TaskId, done: i64, total: i64, now: Timestamp) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE tasks SET status = 'running', progress_done = $1, progress_total = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(done)
    .bind(total)
    .bind(now)
    .bind(id.to_db())
    .execute(&mut *tx)
    .await
    .db()?;
    tx.commit().await.db()
}

pub async fn finish(db: &Db, id: TaskId, result: serde_json::Value, now: Timestamp) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE tasks SET status = 'done', progress_done = progress_total, result_json = $1, updated_at = $2 WHERE id = $3")
        .bind(result.to_string())
        .bind(now)
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.commit().await.db()
}

pub async fn fail(db: &Db, id: TaskId, error: &str, now: Timestamp) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE tasks SET status = 'failed', error = $1, updated_at = $2 WHERE id = $3")
        .bind(error.to_string())
        .bind(now)
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.commit().await.db()
}

const COLUMNS: &str =
    "id, kind, title, status, progress_done, progress_total, result_json, error, created_by, created_at, updated_at";

pub static LIST: ListSpec = ListSpec {
    name: "task",
    sorts: &[
        SortKey::text("id", "id"),
        SortKey::text("title", "lower(title)"),
        SortKey::text("status", "status"),
        SortKey::number("updated", "updated_at"),
    ],
    default_desc: true,
};

impl Task {
    fn position(&self, key: &str) -> (String, SortValue) {
        let value = match key {
            "title" => self.title.to_lowercase().into(),
            "status" => self.status.clone().into(),
            "updated" => self.updated_at.into(),
            _ => self.id.clone().into(),
        };
        (self.id.clone(), value)
    }
}

/// Admins see every task of the workspace; others only their own.
fn owner_filter(authz: &Authz) -> Option<String> {
    if authz.is_admin() { None } else { Some(authz.user_id().map(|u| u.to_db()).unwrap_or_default()) }
}

/// The tasks the caller may see.
pub async fn list(pool: &AnyPool, authz: &Authz, page: &PageRequest) -> Result<Page<Task>, AppError> {
    let ws = authz.workspace();
    let only_by = owner_filter(authz);
    let ks = page.keyset(&LIST)?;
    let sql = format!(
        "SELECT {COLUMNS} FROM tasks WHERE workspace_id = $1 AND ($2 IS NULL OR created_by = $2) AND {} ORDER BY {} LIMIT $5",
        ks.condition(3, "id"),
        ks.order("id")
    );
    let q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(ws.to_db()).bind(only_by);
    let rows: Vec<Task> = portico_db::bind_keyset(q, &ks).bind(ks.fetch()).fetch_all(pool).await.db()?;
    Ok(Page::from_rows(rows, &ks, Task::position))
}

pub async fn get(pool: &AnyPool, authz: &Authz, id: TaskId) -> Result<Task, AppError> {
    let (ws, only_by) = (authz.workspace(), owner_filter(authz));
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM tasks WHERE workspace_id = $1 AND id = $2 AND ($3 IS NULL OR created_by = $3)"
    )))
    .bind(ws.to_db())
    .bind(id.to_db())
    .bind(only_by)
    .fetch_optional(pool)
    .await
    .db()?
    .ok_or_else(AppError::not_found)
}
