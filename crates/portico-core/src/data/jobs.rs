//! The background side of moving data: exporting a workspace, importing a copy, and the
//! scheduled backups with their retention.

use std::path::{Path, PathBuf};

use portico_archive::{Mode, Selection};
use portico_http::AppState;
use portico_jobs::{JobContext, Worker};
use portico_kernel::{AppError, TaskId, WorkspaceId};
use serde::{Deserialize, Serialize};

pub const EXPORT_JOB: &str = "archive.export";
pub const IMPORT_JOB: &str = "archive.import";
pub const BACKUP_JOB: &str = "archive.backup";
/// How long an import keeps its job: it writes in one transaction, during which (on SQLite)
/// no heartbeat can be written.
const IMPORT_HOLD: std::time::Duration = std::time::Duration::from_secs(6 * 3600);
/// Exports kept per workspace; older archives are deleted when a new one is made.
const EXPORTS_KEPT: usize = 5;

/// Where a workspace's exports are written: `exports/<workspace>_<task>.zip`.
pub fn export_path(data_dir: &Path, ws: WorkspaceId, task: TaskId) -> PathBuf {
    data_dir.join("exports").join(format!("{}{}.zip", export_prefix(ws), task.to_db()))
}

fn export_prefix(ws: WorkspaceId) -> String {
    format!("{}_", ws.to_db())
}

/// Where an uploaded archive waits for its import.
pub fn upload_path(data_dir: &Path, task: TaskId) -> PathBuf {
    data_dir.join("imports").join(format!("{}.zip", task.to_db()))
}

#[derive(Serialize, Deserialize)]
pub struct ExportPayload {
    pub workspace_id: WorkspaceId,
}

#[derive(Serialize, Deserialize)]
pub struct ImportPayload {
    pub slug: String,
}

fn task_of(ctx: &JobContext) -> Result<TaskId, String> {
    ctx.task().ok_or_else(|| "the job has no task".to_string())
}

/// Say why a job failed on its task, for the person who started it, and give up (a damaged
/// archive stays damaged: retrying would not help).
async fn failed(ctx: &JobContext, task: TaskId, e: AppError) -> Result<(), String> {
    let why = e.cause.clone().unwrap_or_else(|| e.code.english().to_string());
    portico_jobs::tasks::fail(&ctx.db, task, &why, ctx.clock.now_micros()).await.map_err(|e| e.to_string())?;
    Ok(())
}

async fn export(state: &AppState, ctx: &JobContext) -> Result<(), String> {
    let p: ExportPayload = ctx.payload()?;
    let task = task_of(ctx)?;
    let path = export_path(&state.settings.data_dir, p.workspace_id, task);
    let made = async {
        std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))
            .map_err(|e| AppError::internal(format!("exports folder: {e}")))?;
        let selection = Selection::Workspace(p.workspace_id);
        portico_archive::export(&ctx.db, &state.suite.platform, &state.blobs, selection, &path, ctx).await
    }
    .await;
    match made {
        Err(e) => failed(ctx, task, e).await,
        Ok(m) => {
            prune(&path, &export_prefix(p.workspace_id), EXPORTS_KEPT);
            let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            let result = serde_json::json!({"rows": m.rows(), "files": m.files.count, "bytes": bytes});
            portico_jobs::tasks::finish(&ctx.db, task, result, ctx.clock.now_micros()).await.map_err(|e| e.to_string())
        }
    }
}

async fn import(state: &AppState, ctx: &JobContext) -> Result<(), String> {
    let p: ImportPayload = ctx.payload()?;
    let task = task_of(ctx)?;
    let path = upload_path(&state.settings.data_dir, task);
    let mode = Mode::Copy { slug: p.slug };
    ctx.hold(IMPORT_HOLD).await.map_err(|e| e.to_string())?;
    let done = portico_archive::import(&ctx.db, &state.suite.platform, &state.blobs, &path, mode, ctx).await;
    let _ = std::fs::remove_file(&path);
    match done {
        Err(e) => failed(ctx, task, e).await,
        Ok(r) => {
            let w = r.workspaces.first();
            let result = serde_json::json!({
                "workspace": w.map(|w| w.slug.clone()),
                "name": w.map(|w| w.name.clone()),
                "rows": r.rows,
                "files": r.files,
            });
            portico_jobs::tasks::finish(&ctx.db, task, result, ctx.clock.now_micros()).await.map_err(|e| e.to_string())
        }
    }
}

/// A backup of every workspace into the backup folder, then the oldest removed beyond
/// `backup.keep`.
pub async fn backup(state: &AppState, progress: &dyn portico_db::Progress) -> Result<PathBuf, AppError> {
    let dir = state.settings.backup_dir();
    std::fs::create_dir_all(&dir).map_err(|e| AppError::internal(format!("backup folder {}: {e}", dir.display())))?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.6fZ");
    let path = dir.join(format!("{BACKUP_PREFIX}{stamp}.zip"));
    portico_archive::export(&state.db, &state.suite.platform, &state.blobs, Selection::Everything, &path, progress)
        .await?;
    prune(&path, BACKUP_PREFIX, state.settings.backup.keep as usize);
    Ok(path)
}

const BACKUP_PREFIX: &str = "portico-";

/// Keep the newest `keep` archives beside `path` whose names start with `prefix`; names sort
/// by time, as they end in a time-ordered id or a timestamp.
fn prune(path: &Path, prefix: &str, keep: usize) {
    let Some(dir) = path.parent() else { return };
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut same: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix) && n.ends_with(".zip"))
        })
        .collect();
    same.sort();
    let excess = same.len().saturating_sub(keep.max(1));
    for old in &same[..excess] {
        let _ = std::fs::remove_file(old);
    }
}

pub fn register(state: &AppState, w: &mut Worker) {
    let s = state.clone();
    w.register(EXPORT_JOB, move |ctx| {
        let s = s.clone();
        async move { export(&s, &ctx).await }
    });
    let s = state.clone();
    w.register(IMPORT_JOB, move |ctx| {
        let s = s.clone();
        async move { import(&s, &ctx).await }
    });
    let s = state.clone();
    w.register(BACKUP_JOB, move |ctx| {
        let s = s.clone();
        async move {
            let path = backup(&s, &ctx).await.map_err(|e| e.to_string())?;
            tracing::info!(path = %path.display(), "backup written");
            Ok(())
        }
    });
}
