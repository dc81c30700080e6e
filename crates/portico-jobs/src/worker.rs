//! The worker loop: claims due jobs, runs their handlers with a lease kept
//! alive by heartbeats, records success or failure, and fires schedules.
//! On shutdown it stops claiming and lets running jobs finish.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use portico_db::Db;
use portico_kernel::{AppError, Clock, TaskId, Timestamp};
use tokio::sync::{Semaphore, watch};

use crate::queue::{self, Job};
use crate::{schedules, tasks};

pub type HandlerFuture = Pin<Box<dyn Future<Output = Result<(), String>> + Send>>;
pub type Handler = Arc<dyn Fn(JobContext) -> HandlerFuture + Send + Sync>;
/// Told of a task whose job ran for the last time (done, or failed for good).
pub type TaskEnded = Arc<dyn Fn(Db, TaskId) -> HandlerFuture + Send + Sync>;

/// What a handler gets: the job and the services to do it with.
#[derive(Clone)]
pub struct JobContext {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub job: Job,
    worker: String,
}

impl JobContext {
    pub fn payload<T: serde::de::DeserializeOwned>(&self) -> Result<T, String> {
        serde_json::from_str(&self.job.payload).map_err(|e| format!("bad payload for {}: {e}", self.job.kind))
    }
    pub fn task(&self) -> Option<TaskId> {
        self.job.task_id.as_deref().and_then(|t| t.parse().ok())
    }
    /// Keep the job for `time` without heartbeats: for work that holds SQLite's only writer
    /// (an import in one transaction), while which no heartbeat can be written.
    pub async fn hold(&self, time: Duration) -> Result<(), AppError> {
        let until = self.clock.now_micros() + i64::try_from(time.as_micros()).unwrap_or(i64::MAX / 2);
        queue::heartbeat(&self.db, &self.job.id, &self.worker, until).await.map(|_| ())
    }

    /// Report progress on the job's task, if it has one.
    pub async fn progress(&self, done: i64, total: i64) -> Result<(), AppError> {
        match self.task() {
            Some(t) => tasks::progress(&self.db, t, done, total, self.clock.now_micros()).await,
            None => Ok(()),
        }
    }
}

impl portico_db::Progress for JobContext {
    fn report(&self, done: i64, total: i64) -> portico_db::BoxFuture<'_, Result<(), AppError>> {
        Box::pin(self.progress(done, total))
    }
}

#[derive(Debug, Clone)]
pub struct WorkerConfig {
    pub id: String,
    pub concurrency: usize,
    pub poll: Duration,
    pub lease: Duration,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        WorkerConfig {
            id: format!("{}-{}", hostname(), std::process::id()),
            concurrency: 4,
            poll: Duration::from_millis(500),
            lease: Duration::from_secs(60),
        }
    }
}

fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname").map(|s| s.trim().to_string()).unwrap_or_else(|_| "worker".into())
}

pub struct Worker {
    db: Db,
    clock: Arc<dyn Clock>,
    handlers: HashMap<String, Handler>,
    cfg: WorkerConfig,
    task_ended: Option<TaskEnded>,
}

impl Worker {
    pub fn new(db: Db, clock: Arc<dyn Clock>, cfg: WorkerConfig) -> Self {
        Worker { db, clock, handlers: HashMap::new(), cfg, task_ended: None }
    }

    /// Who hears of a task's end (the core tells the person who started it).
    pub fn on_task_end<F, Fut>(&mut self, f: F)
    where
        F: Fn(Db, TaskId) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), String>> + Send + 'static,
    {
        self.task_ended = Some(Arc::new(move |db, task| Box::pin(f(db, task))));
    }

    pub fn register<F, Fut>(&mut self, kind: &str, f: F)
    where
        F: Fn(JobContext) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), String>> + Send + 'static,
    {
        self.handlers.insert(kind.to_string(), Arc::new(move |ctx| Box::pin(f(ctx))));
    }

    pub fn kinds(&self) -> Vec<String> {
        let mut k: Vec<String> = self.handlers.keys().cloned().collect();
        k.sort();
        k
    }

    fn lease_micros(&self) -> Timestamp {
        i64::try_from(self.cfg.lease.as_micros()).unwrap_or(i64::MAX)
    }

    /// Claim and run one job to its end. Returns false when nothing was due.
    pub async fn run_one(&self) -> Result<bool, AppError> {
        let now = self.clock.now_micros();
        let Some(job) = queue::claim(&self.db, &self.cfg.id, &self.kinds(), now, self.lease_micros()).await? else {
            return Ok(false);
        };
        self.execute(job).await?;
        Ok(true)
    }

    /// Process everything due now (tests, the CLI). Returns how many jobs ran.
    pub async fn run_until_idle(&self) -> Result<usize, AppError> {
        schedules::fire_due(&self.db, self.clock.now_micros()).await?;
        let mut n = 0;
        while self.run_one().await? {
            n += 1;
        }
        Ok(n)
    }

    async fn execute(&self, job: Job) -> Result<(), AppError> {
        let Some(handler) = self.handlers.get(&job.kind).cloned() else {
            return Err(AppError::internal(format!("no handler for {}", job.kind)));
        };
        let ctx = JobContext {
            db: self.db.clone(),
            clock: self.clock.clone(),
            job: job.clone(),
            worker: self.cfg.id.clone(),
        };
        // The handler runs in its own task so a panic becomes a failed job, not a dead worker.
        let mut run = tokio::spawn(async move { handler(ctx).await });
        let beat = self.cfg.lease / 3;
        let outcome = loop {
            tokio::select! {
                res = &mut run => break res.unwrap_or_else(|e| Err(format!("handler panicked: {e}"))),
                _ = tokio::time::sleep(beat) => {
                    let until = self.clock.now_micros() + self.lease_micros();
                    if !queue::heartbeat(&self.db, &job.id, &self.cfg.id, until).await.unwrap_or(true) {
                        tracing::warn!(job = %job.id, "lease lost; another worker took the job");
                    }
                }
            }
        };
        let now = self.clock.now_micros();
        let task: Option<TaskId> = job.task_id.as_deref().and_then(|t| t.parse().ok());
        let ended = match outcome {
            Ok(()) => {
                queue::complete(&self.db, &job.id, &self.cfg.id, now).await?;
                metrics::counter!("portico_jobs_total", "kind" => job.kind.clone(), "outcome" => "done").increment(1);
                task
            }
            Err(e) => {
                let dead = queue::fail(&self.db, &job, &self.cfg.id, &e, now).await?;
                tracing::warn!(job = %job.id, kind = %job.kind, attempt = job.attempts, dead, error = %e, "job failed");
                metrics::counter!("portico_jobs_total", "kind" => job.kind.clone(), "outcome" => if dead { "dead" } else { "retry" }).increment(1);
                let task = task.filter(|_| dead);
                if let Some(task) = task {
                    tasks::fail(&self.db, task, &e, now).await?;
                }
                task
            }
        };
        if let (Some(task), Some(tell)) = (ended, &self.task_ended)
            && let Err(e) = tell(self.db.clone(), task).await
        {
            tracing::warn!(%task, error = %e, "the end of a task could not be told");
        }
        Ok(())
    }

    /// Run until `shutdown` turns true, then wait for jobs in flight.
    pub async fn run(self: Arc<Self>, mut shutdown: watch::Receiver<bool>) {
        let permits = Arc::new(Semaphore::new(self.cfg.concurrency.max(1)));
        tracing::info!(worker = %self.cfg.id, kinds = ?self.kinds(), "worker started");
        loop {
            if *shutdown.borrow() {
                break;
            }
            if let Err(e) = schedules::fire_due(&self.db, self.clock.now_micros()).await {
                tracing::error!(error = %e, "firing schedules failed");
            }
            let mut claimed_any = false;
            while let Ok(permit) = permits.clone().try_acquire_owned() {
                let now = self.clock.now_micros();
                match queue::claim(&self.db, &self.cfg.id, &self.kinds(), now, self.lease_micros()).await {
                    Ok(Some(job)) => {
                        claimed_any = true;
                        let me = self.clone();
                        tokio::spawn(async move {
                            if let Err(e) = me.execute(job).await {
                                tracing::error!(error = %e, "recording a job outcome failed");
                            }
                            drop(permit);
                        });
                    }
                    Ok(None) => break,
                    Err(e) => {
                        tracing::error!(error = %e, "claiming a job failed");
                        break;
                    }
                }
            }
            if !claimed_any {
                tokio::select! {
                    _ = tokio::time::sleep(self.cfg.poll) => {}
                    _ = shutdown.changed() => {}
                }
            }
        }
        let all = u32::try_from(self.cfg.concurrency.max(1)).unwrap_or(1);
        let _ = permits.acquire_many(all).await;
        tracing::info!(worker = %self.cfg.id, "worker stopped");
    }
}
