//! `portico serve` and `portico worker`: start, run, and stop gracefully.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use metrics_exporter_prometheus::PrometheusBuilder;
use portico_config::Settings;
use portico_http::{AppState, runtime};
use portico_jobs::WorkerConfig;
use tokio::sync::watch;

use crate::cli::{clock, connect};

pub async fn serve(settings: Settings, web: bool) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    // Before anything else: a SIGTERM that arrives while starting up must still stop us gracefully.
    let shutdown = Shutdown::install().context("installing signal handlers")?;
    let (db, suite) = connect(&settings).await?;
    let _lock = db.lock_for_server().map_err(|e| anyhow::anyhow!("{}", e.cause.unwrap_or_default()))?;
    let exe = std::env::current_exe().context("locating the portico binary")?;
    let state = AppState::new(db.clone(), suite, clock(), settings.clone(), exe).map_err(|e| anyhow::anyhow!("{e}"))?;
    runtime::ensure_schedules(&state).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    if portico_authz::store::workspace_count(db.pool()).await.unwrap_or(1) == 0 {
        tracing::info!("no workspace yet: open {}/setup, or run `portico demo`", settings.public_base());
    }

    // Bind both ports first: a busy one must fail before any job is claimed, and a client
    // that reaches the app can reach the metrics too.
    let listeners = match web {
        true => {
            let app = tokio::net::TcpListener::bind(&settings.listen).await.with_context(|| {
                format!("cannot listen on {} (is another server using this port?)", settings.listen)
            })?;
            let metrics = tokio::net::TcpListener::bind(&settings.metrics_listen).await.with_context(|| {
                format!("cannot listen on {} for metrics (is another server using this port?)", settings.metrics_listen)
            })?;
            Some((app, metrics))
        }
        false => None,
    };
    let (stop_tx, stop_rx) = watch::channel(false);
    let worker_cfg = WorkerConfig { concurrency: settings.workers.max(1), ..Default::default() };
    let worker = Arc::new(runtime::worker(&state, worker_cfg).map_err(|e| anyhow::anyhow!("{e}"))?);
    let worker_task = tokio::spawn(worker.run(stop_rx.clone()));
    tokio::spawn(runtime::watch_access(state.clone(), settings.database_url().map(str::to_string), stop_rx.clone()));
    let poller = runtime::mail_poller(&state).map_err(|e| anyhow::anyhow!("{e}"))?;
    let poller_task = tokio::spawn(poller.run(stop_rx.clone()));

    if let Some((listener, metrics_listener)) = listeners {
        let metrics = PrometheusBuilder::new().install_recorder().context("installing the metrics recorder")?;
        // Timings pile up in the recorder until they are folded into their summaries: fold
        // them every few seconds, so memory stays flat when nobody scrapes.
        let (upkeep, mut upkeep_stop) = (metrics.clone(), stop_rx.clone());
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(5));
            loop {
                tokio::select! {
                    _ = every.tick() => upkeep.run_upkeep(),
                    _ = upkeep_stop.changed() => break,
                }
            }
        });
        let metrics_db = db.clone();
        let metrics_app = axum::Router::new().route(
            "/metrics",
            axum::routing::get(move || {
                let (db, metrics) = (metrics_db.clone(), metrics.clone());
                async move {
                    // The queue's depth by status, read at scrape time.
                    if let Ok(counts) = portico_jobs::queue::counts(&db).await {
                        for status in ["queued", "running", "done", "dead"] {
                            let n = counts.iter().find(|(s, _)| s == status).map_or(0, |(_, n)| *n);
                            metrics::gauge!("portico_jobs", "status" => status).set(n as f64);
                        }
                    }
                    metrics.render()
                }
            }),
        );
        let mut metrics_stop = stop_rx.clone();
        tokio::spawn(async move {
            let _ = axum::serve(metrics_listener, metrics_app)
                .with_graceful_shutdown(async move {
                    let _ = metrics_stop.changed().await;
                })
                .await;
        });
        tracing::info!(
            listen = %settings.listen,
            metrics = %settings.metrics_listen,
            database = if settings.database_url().is_some() { "postgresql" } else { "sqlite" },
            ready_in_ms = started.elapsed().as_millis() as u64,
            "Portico is ready"
        );
        let app = portico_http::app(state).map_err(|e| anyhow::anyhow!("{e}"))?;
        let app = app.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, app).with_graceful_shutdown(shutdown.wait()).await.context("serving HTTP")?;
        tracing::info!("HTTP stopped; finishing jobs in flight");
    } else {
        tracing::info!("worker running; stop with SIGTERM");
        shutdown.wait().await;
    }
    let _ = stop_tx.send(true);
    let _ = worker_task.await;
    let _ = poller_task.await;
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// SIGTERM (orchestrators) or Ctrl-C, listened for from the moment it is installed.
struct Shutdown {
    term: tokio::signal::unix::Signal,
    int: tokio::signal::unix::Signal,
}

impl Shutdown {
    fn install() -> std::io::Result<Shutdown> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Shutdown { term: signal(SignalKind::terminate())?, int: signal(SignalKind::interrupt())? })
    }

    async fn wait(mut self) {
        tokio::select! {
            _ = self.term.recv() => {},
            _ = self.int.recv() => {},
        }
    }
}
