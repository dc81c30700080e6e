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

/// The IMAP poller of this process: it watches the mailboxes whose lease it takes.
pub fn mail_poller(state: &AppState) -> Result<std::sync::Arc<portico_mail::inbound::imap::Poller>, AppError> {
    let tls = portico_mail::inbound::imap::tls_config(state.settings.imap_ca_file.as_deref())
        .map_err(|e| AppError::internal(format!("imap_ca_file: {e}")))?;
    Ok(std::sync::Arc::new(portico_mail::inbound::imap::Poller {
        db: state.db.clone(),
        blobs: state.blobs.clone(),
        consumers: state.suite.mail.clone(),
        clock: state.clock.clone(),
        tls,
        owner: format!("{}-{}", std::process::id(), uuid::Uuid::now_v7().simple()),
    }))
}

/// Every module's recurring jobs, declared at every start (idempotent); the others removed.
pub async fn ensure_schedules(state: &AppState) -> Result<(), AppError> {
    let now = state.clock.now_micros();
    let mut names = Vec::new();
    for m in &state.suite.modules {
        for s in m.schedules(&state.settings) {
            schedules::ensure(&state.db, s.name, s.job, serde_json::json!({}), s.every_seconds, now).await?;
            names.push(s.name);
        }
    }
    schedules::keep_only(&state.db, &names).await
}

/// How often the access versions are read from the database, for what a missed or
/// unsupported notification would otherwise hide (changes made by another process).
pub const ACCESS_POLL: std::time::Duration = std::time::Duration::from_secs(2);

/// Keep this process's access versions current: on PostgreSQL by listening to the versions
/// other replicas announce, and on both databases by reading them every [`ACCESS_POLL`].
pub async fn watch_access(state: AppState, database_url: Option<String>, mut stop: tokio::sync::watch::Receiver<bool>) {
    let versions = state.suite.platform.access.clone();
    let listener = match database_url.filter(|u| u.starts_with("postgres")) {
        Some(url) => match sqlx::postgres::PgListener::connect(&url).await {
            Ok(mut l) => match l.listen(portico_platform::access::CHANNEL).await {
                Ok(()) => Some(l),
                Err(e) => {
                    tracing::warn!(error = %e, "cannot listen for access changes; polling only");
                    None
                }
            },
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for access changes; polling only");
                None
            }
        },
        None => None,
    };
    let mut listener = listener;
    let mut tick = tokio::time::interval(ACCESS_POLL);
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            _ = tick.tick() => {
                if let Err(e) = versions.refresh(&state.db).await {
                    tracing::warn!(error = %e, "reading access versions failed");
                }
            }
            n = async {
                match listener.as_mut() {
                    Some(l) => l.recv().await,
                    None => std::future::pending().await,
                }
            } => match n {
                Ok(n) => versions.saw_notification(n.payload()),
                Err(e) => tracing::warn!(error = %e, "access notifications interrupted"),
            },
        }
    }
}
