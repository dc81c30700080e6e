//! User-visible tasks: long work (imports, exports, re-indexing, bulk e-mail)
//! with a status, progress and result that the UI and API show.

use portico_authz::{Authz, Tenant};
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use portico_db::{Backend, Db, DbResultExt, Tx};
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
    create_with_id(tx, id, t, by, kind, title, now).await?;
    Ok(id)
}

/// A task whose id was chosen beforehand (to name what it works on, such as an upload).
pub async fn create_with_id(
    tx: &mut Tx,
    id: TaskId,
    t: &impl Tenant,
    by: Option<UserId>,
    kind: &str,
    title: &str,
    now: Timestamp,
) -> Result<(), AppError> {
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
    Ok(())
}

/// Progress of the tasks running in this process. A task's own write transaction (an import)
/// holds SQLite's only writer, so progress lives here, where [`get`] and [`list`] read it;
/// on PostgreSQL it is also written (at most once a second) for the other replicas.
static LIVE: LazyLock<Mutex<HashMap<String, Live>>> = LazyLock::new(Mutex::default);

struct Live {
    done: i64,
    total: i64,
    written: Option<Instant>,
    told: Option<Instant>,
}

/// The live topic of a task, which its page watches.
pub fn topic(id: TaskId) -> String {
    format!("task:{}", id.to_db())
}

fn told(id: TaskId, status: &str, done: i64, total: i64) -> portico_db::Live {
    portico_db::Live::new(topic(id), "task", serde_json::json!({"status": status, "done": done, "total": total}))
}

pub async fn progress(db: &Db, id: TaskId, done: i64, total: i64, now: Timestamp) -> Result<(), AppError> {
    let (write, tell) = {
        let mut live = LIVE.lock().map_err(|_| AppError::internal("task progress lock"))?;
        let l = live.entry(id.to_db()).or_insert(Live { done, total, written: None, told: None });
        (l.done, l.total) = (done, total);
        let due = db.backend() == Backend::Postgres && l.written.is_none_or(|t| t.elapsed() >= WRITE_EVERY);
        if due {
            l.written = Some(Instant::now());
        }
        let tell = l.told.is_none_or(|t| t.elapsed() >= TELL_EVERY);
        if tell {
            l.told = Some(Instant::now());
        }
        (due, tell)
    };
    if tell {
        db.publish(told(id, "running", done, total)).await?;
    }
    if !write {
        return Ok(());
    }
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

const WRITE_EVERY: Duration = Duration::from_secs(1);
/// How often a task's watchers hear of its progress.
const TELL_EVERY: Duration = Duration::from_millis(250);

/// Stop tracking a task here; returns the progress it had reached.
fn forget(id: TaskId) -> Option<(i64, i64)> {
    LIVE.lock().ok()?.remove(&id.to_db()).map(|l| (l.done, l.total))
}

/// A task as it stands in this process, when it runs here.
fn current(mut t: Task) -> Task {
    if (t.status == "queued" || t.status == "running")
        && let Some(l) = LIVE.lock().ok().and_then(|live| live.get(&t.id).map(|l| (l.done, l.total)))
    {
        t.status = "running".into();
        (t.progress_done, t.progress_total) = l;
    }
    t
}

pub async fn finish(db: &Db, id: TaskId, result: serde_json::Value, now: Timestamp) -> Result<(), AppError> {
    let total = forget(id).map(|(_, total)| total);
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE tasks SET status = 'done', progress_total = COALESCE($1, progress_total), progress_done = COALESCE($1, progress_total),
         result_json = $2, updated_at = $3 WHERE id = $4",
    )
        .bind(total)
        .bind(result.to_string())
        .bind(now)
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.publish(told(id, "done", total.unwrap_or(0), total.unwrap_or(0))).await?;
    tx.commit().await.db()
}

pub async fn fail(db: &Db, id: TaskId, error: &str, now: Timestamp) -> Result<(), AppError> {
    let _ = forget(id);
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE tasks SET status = 'failed', error = $1, updated_at = $2 WHERE id = $3")
        .bind(error.to_string())
        .bind(now)
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.publish(told(id, "failed", 0, 0)).await?;
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
    list_where(pool, authz, page, None).await
}

/// The tasks of one kind the caller may see (the exports, the imports…).
pub async fn list_of_kind(
    pool: &AnyPool,
    authz: &Authz,
    kind: &str,
    page: &PageRequest,
) -> Result<Page<Task>, AppError> {
    list_where(pool, authz, page, Some(kind)).await
}

async fn list_where(
    pool: &AnyPool,
    authz: &Authz,
    page: &PageRequest,
    kind: Option<&str>,
) -> Result<Page<Task>, AppError> {
    let ws = authz.workspace();
    let only_by = owner_filter(authz);
    let ks = page.keyset(&LIST)?;
    let sql = format!(
        "SELECT {COLUMNS} FROM tasks WHERE workspace_id = $1 AND ($2 IS NULL OR created_by = $2) AND ($3 IS NULL OR kind = $3) AND {} ORDER BY {} LIMIT $6",
        ks.condition(4, "id"),
        ks.order("id")
    );
    let q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(ws.to_db()).bind(only_by).bind(kind.map(str::to_string));
    let rows: Vec<Task> = portico_db::bind_keyset(q, &ks).bind(ks.fetch()).fetch_all(pool).await.db()?;
    let rows = rows.into_iter().map(current).collect();
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
    .map(current)
    .ok_or_else(AppError::not_found)
}
