//! A durable job queue in the database: retries with exponential back-off,
//! leases (a killed worker's job is picked up again when its lease runs out),
//! dead letters, recurring schedules, and user-visible tasks with progress.
//! PostgreSQL claims with `FOR UPDATE SKIP LOCKED`; SQLite has one writer.

pub mod queue;
pub mod schedules;
pub mod tasks;
pub mod worker;

pub use queue::{Job, NewJob};
pub use worker::{Handler, JobContext, Worker, WorkerConfig};
