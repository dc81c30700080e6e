//! Storage for both backends: the embedded SQLite file or PostgreSQL, and the
//! content-addressed blob store beside it (files, raw mail, attachments).
//!
//! Queries are written once, with `$1` placeholders (SQLite accepts them too),
//! and run through sqlx's `Any` driver. To stay portable, ids are UUID text,
//! timestamps are `BIGINT` microseconds (UTC), flags are `BIGINT` 0/1 and JSON is
//! text. The few statements that differ per dialect branch on [`Backend`].

pub mod blobs;
pub mod live;
mod migrate;
mod pool;
mod tx;

pub use blobs::BlobStore;
pub use live::Live;
pub use migrate::{CORE as CORE_MIGRATIONS, Migration, MigrationSet};
pub use pool::{Backend, Db, DbOptions, ProcessLock, Snapshot};
pub use sqlx;
pub use tx::{Backfill, BoxFuture, EventSink, Progress, Tx};

use portico_kernel::{AppError, ErrorCode};

/// The condition that finds, among `contacts`, the one an address names in workspace `$1`
/// (`$2` the address, lower-case): by their own e-mail or one they took over when a duplicate
/// was merged into them.
pub const CONTACT_BY_EMAIL: &str = "workspace_id = $1 AND (email = $2 OR id IN (SELECT contact_id FROM contact_aliases WHERE workspace_id = $1 AND email = $2))";

/// Turn a database error into a catalogued one: unique violations become
/// `already_exists`, everything else is internal with the cause kept for the log.
pub fn db_error(e: sqlx::Error) -> AppError {
    if let sqlx::Error::Database(d) = &e {
        if d.is_unique_violation() {
            return AppError::new(ErrorCode::AlreadyExists).with_cause(d.message().to_string());
        }
        if d.is_foreign_key_violation() {
            return AppError::new(ErrorCode::InvalidValue).with_cause(d.message().to_string());
        }
    }
    AppError::internal(e.to_string())
}

pub trait DbResultExt<T> {
    /// Map a sqlx error into the error catalogue.
    fn db(self) -> Result<T, AppError>;
}

impl<T> DbResultExt<T> for Result<T, sqlx::Error> {
    fn db(self) -> Result<T, AppError> {
        self.map_err(db_error)
    }
}

/// Flags are stored as BIGINT 0/1 on both databases.
pub fn flag(b: bool) -> i64 {
    i64::from(b)
}

/// A list's search words as a `lower(column) LIKE $n` pattern: anywhere in the value, any
/// case (a `%` typed is dropped rather than taken as a wildcard).
pub fn contains_pattern(q: &str) -> String {
    format!("%{}%", q.trim().to_lowercase().replace('%', ""))
}

/// Bind the two values of a [`portico_kernel::Keyset`] condition, typed for the sort key.
pub fn bind_keyset<'q, O>(
    q: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments>,
    ks: &portico_kernel::Keyset,
) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments> {
    use portico_kernel::SortValue;
    let (value, id) = ks.binds();
    let q = match (value, ks.numeric()) {
        (Some(SortValue::Int(v)), _) => q.bind(Some(v)),
        (Some(SortValue::Text(v)), _) => q.bind(Some(v)),
        (None, true) => q.bind(None::<i64>),
        (None, false) => q.bind(None::<String>),
    };
    q.bind(id)
}
