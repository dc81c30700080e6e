//! Full-text search behind one [`SearchIndex`] trait, implemented with SQLite
//! FTS5 and PostgreSQL tsvector. Text is accent-folded and lowercased in Rust
//! before it reaches either engine, so "élève", "Eleve" and "ELÈVE" match alike
//! on both; every term is a prefix; results are ranked (title above body).
//! Documents are written in the caller's transaction, next to the record.

mod fts5;
mod query;
mod tsvector;

use portico_authz::Scope;
use portico_db::{Backend, Db, Tx};
use portico_kernel::{AppError, UnitId, WorkspaceId};
use serde::Serialize;

pub use fts5::Fts5Index;
pub use query::terms;
pub use tsvector::TsvectorIndex;

pub const MAX_BODY_CHARS: usize = 200_000;

/// One searchable record.
pub struct Doc<'a> {
    pub workspace: WorkspaceId,
    pub record_type: &'a str,
    pub record_id: String,
    pub unit: Option<UnitId>,
    pub title: &'a str,
    pub body: &'a str,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Hit {
    pub record_type: String,
    pub record_id: String,
    pub title: String,
    pub unit_id: Option<String>,
    /// Higher is better.
    pub rank: f64,
}

pub trait SearchIndex: Send + Sync {
    fn put(&self, tx: &mut Tx, doc: &Doc<'_>) -> impl Future<Output = Result<(), AppError>> + Send;
    fn remove(
        &self,
        tx: &mut Tx,
        ws: WorkspaceId,
        record_type: &str,
        record_id: &str,
    ) -> impl Future<Output = Result<(), AppError>> + Send;
    /// Records of `record_types` inside `scope` matching every term of `query`, best first.
    fn search(
        &self,
        db: &Db,
        scope: &Scope,
        record_types: &[&str],
        query: &str,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<Hit>, AppError>> + Send;
}

/// Index or re-index a record with the engine of the database in use.
pub async fn put(db: &Db, tx: &mut Tx, doc: &Doc<'_>) -> Result<(), AppError> {
    match db.backend() {
        Backend::Sqlite => Fts5Index.put(tx, doc).await,
        Backend::Postgres => TsvectorIndex.put(tx, doc).await,
    }
}

pub async fn remove(db: &Db, tx: &mut Tx, ws: WorkspaceId, record_type: &str, record_id: &str) -> Result<(), AppError> {
    match db.backend() {
        Backend::Sqlite => Fts5Index.remove(tx, ws, record_type, record_id).await,
        Backend::Postgres => TsvectorIndex.remove(tx, ws, record_type, record_id).await,
    }
}

/// A record moved to another unit: its search document follows (same SQL on both engines).
pub async fn move_unit(
    tx: &mut Tx,
    ws: WorkspaceId,
    record_type: &str,
    record_id: &str,
    unit: UnitId,
) -> Result<(), AppError> {
    sqlx::query("UPDATE search_docs SET unit_id = $1 WHERE workspace_id = $2 AND record_type = $3 AND record_id = $4")
        .bind(unit.to_db())
        .bind(ws.to_db())
        .bind(record_type.to_string())
        .bind(record_id.to_string())
        .execute(&mut **tx)
        .await
        .map_err(portico_db::db_error)?;
    Ok(())
}

pub async fn search(
    db: &Db,
    scope: &Scope,
    record_types: &[&str],
    query: &str,
    limit: i64,
) -> Result<Vec<Hit>, AppError> {
    match db.backend() {
        Backend::Sqlite => Fts5Index.search(db, scope, record_types, query, limit).await,
        Backend::Postgres => TsvectorIndex.search(db, scope, record_types, query, limit).await,
    }
}

/// Record types are names from code; keep them to a safe alphabet before they go into SQL.
fn types_sql(record_types: &[&str]) -> String {
    let list: Vec<String> = record_types
        .iter()
        .filter(|t| t.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.'))
        .map(|t| format!("'{t}'"))
        .collect();
    if list.is_empty() { "NULL".into() } else { list.join(", ") }
}

fn normalize(text: &str) -> String {
    let folded = portico_kernel::locale::fold_accents(text).to_lowercase();
    folded.chars().take(MAX_BODY_CHARS).collect()
}
