//! Background work wiring: every module registers its job handlers and schedules.

use portico_jobs::{Worker, WorkerConfig, schedules};
use portico_kernel::AppError;

use crate::state::AppState;

/// A worker with every module's job handlers registered.
pub fn worker(state: &AppState, cfg: WorkerConfig) -> Result<Worker, AppError> {
    let mut w = Worker::new(state.db.clone(), state.clock.clone(), cfg);
    for m in &state.suite.modules {
        m.jobs(state, &mut w)?;
    }
    Ok(w)
}

/// Every module's recurring jobs, declared at every start (idempotent).
pub async fn ensure_schedules(state: &AppState) -> Result<(), AppError> {
    let now = state.clock.now_micros();
    for m in &state.suite.modules {
        for s in m.schedules() {
            schedules::ensure(&state.db, s.name, s.job, serde_json::json!({}), s.every_seconds, now).await?;
        }
    }
    Ok(())
}
