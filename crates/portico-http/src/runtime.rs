//! Background work wiring: which job kinds exist and what runs them.

use portico_jobs::{Worker, WorkerConfig, schedules};
use portico_kernel::AppError;

use crate::state::AppState;

pub const PURGE_SESSIONS_JOB: &str = "sessions.purge";

/// A worker with every core job handler registered.
pub fn worker(state: &AppState, cfg: WorkerConfig) -> Result<Worker, AppError> {
    let mut w = Worker::new(state.db.clone(), state.clock.clone(), cfg);
    let smtp = state.settings.smtp.clone();
    w.register(portico_mail::outbox::SEND_JOB, move |ctx| portico_mail::sender::send_job(ctx, smtp.clone()));
    let (blobs, sandbox) = (state.blobs.clone(), state.sandbox.clone());
    w.register(portico_files::store::EXTRACT_JOB, move |ctx| {
        portico_files::store::extract_job(ctx, blobs.clone(), sandbox.clone())
    });
    let policy = state.webhook_policy();
    let client = portico_webhooks::http_client(policy).map_err(AppError::internal)?;
    w.register(portico_webhooks::DELIVER_JOB, move |ctx| portico_webhooks::deliver_job(ctx, client.clone(), policy));
    let platform = state.platform.clone();
    w.register(crate::api::search::REINDEX_JOB, move |ctx| {
        let platform = platform.clone();
        async move {
            #[derive(serde::Deserialize)]
            struct P {
                workspace_id: portico_kernel::WorkspaceId,
            }
            let p: P = ctx.payload()?;
            let n = portico_search::reindex_workspace(&ctx.db, &platform.registry, p.workspace_id, &ctx)
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
    w.register(PURGE_SESSIONS_JOB, |ctx| async move {
        let mut tx = ctx.db.begin().await.map_err(|e| e.to_string())?;
        let n =
            portico_auth::sessions::purge_expired(&mut tx, ctx.clock.now_micros()).await.map_err(|e| e.to_string())?;
        tx.commit().await.map_err(|e| e.to_string())?;
        tracing::info!(purged = n, "expired sessions removed");
        Ok(())
    });
    Ok(w)
}

/// Recurring jobs, declared at every start (idempotent).
pub async fn ensure_schedules(state: &AppState) -> Result<(), AppError> {
    schedules::ensure(
        &state.db,
        "purge-sessions",
        PURGE_SESSIONS_JOB,
        serde_json::json!({}),
        3600,
        state.clock.now_micros(),
    )
    .await
}
