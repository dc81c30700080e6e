//! The core's background work: sending e-mail, filing again mail a consumer failed on,
//! extracting text from files, delivering webhooks, rebuilding and compacting the search
//! index, purging expired sessions, and telling people their tasks ended.

use portico_http::AppState;
use portico_jobs::Worker;
use portico_kernel::AppError;

pub const PURGE_SESSIONS: &str = "sessions.purge";
const COMPACT_SEARCH: &str = "search.compact";
/// Stored files whose rows were erased: each goes once no row refers to it.
const FORGET_FILES: &str = "files.forget";
/// A stored file written or stored again this recently waits: the same bytes may be on their
/// way into a row that has not committed yet.
const FILE_GRACE: std::time::Duration = std::time::Duration::from_secs(600);
pub const PURGE_INBOUND: &str = "inbound.purge";
pub const PURGE_IMPORTS: &str = "imports.purge";
/// The planner's statistics, counted again (`Db::analyze`).
pub const ANALYZE: &str = "db.analyze";
/// How long the log of signed requests keeps them.
const INBOUND_KEPT_DAYS: i64 = 30;

pub fn register(state: &AppState, w: &mut Worker) -> Result<(), AppError> {
    let (mail, clock) = (state.mail.clone(), state.clock.clone());
    w.on_task_end(move |db, task| {
        let (mail, now) = (mail.clone(), clock.now_micros());
        async move { crate::notifications::task_ended(&db, &mail, task, now).await.map_err(|e| e.to_string()) }
    });
    w.register(ANALYZE, |ctx| async move { ctx.db.analyze().await.map_err(|e| e.to_string()) });
    w.register(COMPACT_SEARCH, |ctx| async move {
        let mut tx = ctx.db.begin().await.map_err(|e| e.to_string())?;
        portico_search::compact(&mut tx).await.map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())
    });
    let (blobs, suite) = (state.blobs.clone(), state.suite.clone());
    w.register(FORGET_FILES, move |ctx| {
        let (blobs, suite) = (blobs.clone(), suite.clone());
        async move {
            #[derive(serde::Deserialize)]
            struct P {
                sha256: Vec<String>,
            }
            let p: P = ctx.payload()?;
            let mut later = Vec::new();
            for sha in p.sha256 {
                if referenced(&ctx.db, &suite.platform.registry, &sha).await.map_err(|e| e.to_string())? {
                    continue;
                }
                if blobs.recent(&sha, FILE_GRACE) {
                    later.push(sha);
                } else {
                    blobs.remove(&sha).map_err(|e| e.to_string())?;
                }
            }
            let now = ctx.clock.now_micros();
            let at = now + i64::try_from(FILE_GRACE.as_micros()).unwrap_or(i64::MAX / 2);
            let mut tx = ctx.db.begin().await.map_err(|e| e.to_string())?;
            queue_forget(&mut tx, later, now, at).await.map_err(|e| e.to_string())?;
            tx.commit().await.map_err(|e| e.to_string())
        }
    });
    let (smtp, outbox_blobs) = (state.settings.smtp.clone(), state.blobs.clone());
    w.register(portico_mail::outbox::SEND_JOB, move |ctx| {
        portico_mail::sender::send_job(ctx, smtp.clone(), outbox_blobs.clone())
    });
    let (blobs, sandbox) = (state.blobs.clone(), state.sandbox.clone());
    w.register(portico_files::store::EXTRACT_JOB, move |ctx| {
        portico_files::store::extract_job(ctx, blobs.clone(), sandbox.clone())
    });
    let policy = state.webhook_policy();
    let client = portico_webhooks::http_client(policy).map_err(AppError::internal)?;
    w.register(portico_webhooks::DELIVER_JOB, move |ctx| portico_webhooks::deliver_job(ctx, client.clone(), policy));
    let suite = state.suite.clone();
    w.register(crate::search::api::REINDEX_JOB, move |ctx| {
        let suite = suite.clone();
        async move {
            #[derive(serde::Deserialize)]
            struct P {
                workspace_id: portico_kernel::WorkspaceId,
            }
            let p: P = ctx.payload()?;
            let registry = &suite.platform.registry;
            let n = portico_search::reindex_workspace(&ctx.db, registry, p.workspace_id, &ctx)
                .await
                .map_err(|e| e.to_string())?;
            if let Some(task) = ctx.task() {
                portico_jobs::tasks::finish(&ctx.db, task, serde_json::json!({"reindexed": n}), ctx.clock.now_micros())
                    .await
                    .map_err(|e| e.to_string())?;
            }
            Ok(())
        }
    });
    let (blobs, mail) = (state.blobs.clone(), state.suite.mail.clone());
    w.register(portico_mail::inbound::ingest::REFILE_JOB, move |ctx| {
        let (blobs, mail) = (blobs.clone(), mail.clone());
        async move {
            #[derive(serde::Deserialize)]
            struct P {
                message_id: String,
            }
            let p: P = ctx.payload()?;
            let ingest = portico_mail::inbound::Ingest {
                db: &ctx.db,
                blobs: &blobs,
                consumers: &mail,
                clock: ctx.clock.as_ref(),
            };
            ingest.refile(&p.message_id).await.map(|_| ()).map_err(|e| e.to_string())
        }
    });
    w.register(PURGE_INBOUND, |ctx| async move {
        let before = ctx.clock.now_micros() - INBOUND_KEPT_DAYS * portico_kernel::validate::MICROS_PER_DAY;
        let n = portico_webhooks::inbound::purge(&ctx.db, before).await.map_err(|e| e.to_string())?;
        tracing::info!(purged = n, "old signed requests forgotten");
        Ok(())
    });
    let data_dir = state.settings.data_dir.clone();
    w.register(PURGE_IMPORTS, move |_| {
        let data_dir = data_dir.clone();
        async move {
            let kept = std::time::Duration::from_secs(crate::imports::upload::KEPT_DAYS * 86_400);
            let before = std::time::SystemTime::now() - kept;
            let n = tokio::task::spawn_blocking(move || crate::imports::upload::purge(&data_dir, before))
                .await
                .map_err(|e| e.to_string())?;
            tracing::info!(removed = n, "old import files removed");
            Ok(())
        }
    });
    w.register(PURGE_SESSIONS, |ctx| async move {
        let mut tx = ctx.db.begin().await.map_err(|e| e.to_string())?;
        let now = ctx.clock.now_micros();
        let n = portico_auth::sessions::purge_expired(&mut tx, now).await.map_err(|e| e.to_string())?;
        let portal = portico_authz::relation::purge_expired(&mut tx, now).await.map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())?;
        tracing::info!(purged = n, portal, "expired sessions removed");
        Ok(())
    });
    Ok(())
}

/// Compact SQLite's search index once the current batch of erasures is done: one job, queued
/// unless one is already waiting.
pub async fn compact_search_later(tx: &mut portico_db::Tx, now: portico_kernel::Timestamp) -> Result<(), AppError> {
    use portico_db::DbResultExt;
    if tx.backend() != portico_db::Backend::Sqlite {
        return Ok(());
    }
    let waiting: Option<(String,)> = sqlx::query_as("SELECT id FROM jobs WHERE kind = $1 AND status = 'queued'")
        .bind(COMPACT_SEARCH)
        .fetch_optional(&mut **tx)
        .await
        .db()?;
    if waiting.is_none() {
        // Due at once, whatever time the rule engine runs for.
        let job = portico_jobs::NewJob::new(COMPACT_SEARCH, serde_json::json!({})).at(0);
        portico_jobs::queue::enqueue(tx, job, now).await?;
    }
    Ok(())
}

/// Remove `files` (content hashes whose rows were erased) from the file store after the
/// transaction commits, each once no row refers to it (the same file in someone else's mail
/// stays theirs).
pub async fn forget_files_later(
    tx: &mut portico_db::Tx,
    files: Vec<String>,
    now: portico_kernel::Timestamp,
) -> Result<(), AppError> {
    queue_forget(tx, files, now, 0).await
}

/// One job to forget `files` (each once; the always-readable empty file never), due `at`.
async fn queue_forget(
    tx: &mut portico_db::Tx,
    mut files: Vec<String>,
    now: portico_kernel::Timestamp,
    at: portico_kernel::Timestamp,
) -> Result<(), AppError> {
    files.retain(|f| f != portico_db::blobs::EMPTY);
    files.sort();
    files.dedup();
    if !files.is_empty() {
        let job = portico_jobs::NewJob::new(FORGET_FILES, serde_json::json!({ "sha256": files })).at(at);
        portico_jobs::queue::enqueue(tx, job, now).await?;
    }
    Ok(())
}

/// Whether a row of any workspace still refers to the stored file `sha256` (by index).
async fn referenced(
    db: &portico_db::Db,
    registry: &portico_platform::Registry,
    sha256: &str,
) -> Result<bool, AppError> {
    use portico_db::DbResultExt;
    for (_, table) in registry.tables() {
        for c in table.columns.iter().filter(|c| c.ty == portico_platform::ColumnType::Blob) {
            // Table and column names come from the registry.
            let sql =
                format!("SELECT COUNT(*) FROM (SELECT 1 FROM {} WHERE {} = $1 LIMIT 1) AS found", table.name, c.name);
            let (found,): (i64,) =
                sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(sha256.to_string()).fetch_one(db.pool()).await.db()?;
            if found > 0 {
                return Ok(true);
            }
        }
    }
    Ok(false)
}
