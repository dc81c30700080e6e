//! Full-text search behind one [`SearchIndex`] trait, implemented with SQLite
//! FTS5 and PostgreSQL tsvector. Text is accent-folded and lowercased in Rust
//! before it reaches either engine, so "élève", "Eleve" and "ELÈVE" match alike
//! on both; every term is a prefix; results are ranked (title above body).
//! Documents are written in the caller's transaction, next to the record.

pub mod facets;
mod fts5;
mod query;
mod tsvector;

use async_trait::async_trait;
use portico_authz::Scope;
use portico_db::{Backend, Db, DbResultExt, Progress, Tx};
use portico_kernel::{AppError, Change, Event, UnitId, WorkspaceId};
use portico_platform::{Consumer, Reach, RecordKind, Registry};
use serde::Serialize;
use sqlx::Row as _;

pub use fts5::{Fts5Index, Terms as Fts5Terms, expression as fts5_expression};
pub use query::{MAX_TERMS, Query, terms};
pub use tsvector::{TsQueries, TsvectorIndex, tsqueries};

pub const MAX_BODY_CHARS: usize = 200_000;
/// How many of a query's matches, the most recently indexed, are ranked: a word found in
/// most documents costs what a rarer one does. Older matches still come up when the words
/// are precise enough to have fewer matches than this (ADR 0013, 0018).
pub const CANDIDATES: i64 = 500;

/// One searchable record.
pub struct Doc<'a> {
    pub workspace: WorkspaceId,
    pub record_type: &'a str,
    pub record_id: String,
    pub unit: Option<UnitId>,
    pub title: &'a str,
    pub body: &'a str,
    /// The words of its facets ([`facets::tokens`]).
    pub facets: Vec<String>,
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
    /// Index (or index again) documents of one kind in one workspace, as many as one statement takes.
    fn put(&self, tx: &mut Tx, docs: &[Doc<'_>]) -> impl Future<Output = Result<(), AppError>> + Send;
    fn remove(
        &self,
        tx: &mut Tx,
        ws: WorkspaceId,
        record_type: &str,
        record_id: &str,
    ) -> impl Future<Output = Result<(), AppError>> + Send;
    /// Records of `record_types` inside `scope` matching `query` (every word and phrase,
    /// none of the words left out, one word of each filter), best first. Records without a
    /// unit are included: their kind decides who sees them.
    fn search(
        &self,
        db: &Db,
        scope: &Scope,
        record_types: &[&str],
        query: &Query,
        limit: i64,
    ) -> impl Future<Output = Result<Vec<Hit>, AppError>> + Send;
}

/// Index (or index again) documents of one kind in one workspace, with the engine of the
/// database in use.
pub async fn put(tx: &mut Tx, docs: &[Doc<'_>]) -> Result<(), AppError> {
    // Seven parameters a document at most (the tsvector index).
    for chunk in docs.chunks(tx.backend().rows_per_statement(7)) {
        match tx.backend() {
            Backend::Sqlite => Fts5Index.put(tx, chunk).await?,
            Backend::Postgres => TsvectorIndex.put(tx, chunk).await?,
        }
    }
    Ok(())
}

pub async fn remove(tx: &mut Tx, ws: WorkspaceId, record_type: &str, record_id: &str) -> Result<(), AppError> {
    match tx.backend() {
        Backend::Sqlite => Fts5Index.remove(tx, ws, record_type, record_id).await,
        Backend::Postgres => TsvectorIndex.remove(tx, ws, record_type, record_id).await,
    }
}

/// Keeps every searchable kind's documents in step with its records: each write refreshes
/// (or drops) the document of the record it touched, in the write's transaction.
pub struct Indexer;

#[async_trait]
impl Consumer for Indexer {
    async fn consume(&self, tx: &mut Tx, kind: &dyn RecordKind, e: &Event) -> Result<(), AppError> {
        if kind.search().is_none() {
            return Ok(());
        }
        match e.change {
            Change::Touch => Ok(()),
            Change::Delete => remove(tx, e.workspace, kind.name(), &e.record_id).await,
            Change::Upsert => refresh(tx, kind, e.workspace, &e.record_id).await,
        }
    }
}

/// Make a record's document again from its row (or drop it when the row is gone).
pub async fn refresh(tx: &mut Tx, kind: &dyn RecordKind, ws: WorkspaceId, id: &str) -> Result<(), AppError> {
    if kind.search().is_none() {
        return Ok(());
    }
    match document(tx, kind, ws, Some(id)).await?.pop() {
        Some(d) => put(tx, &[d.as_doc(ws, kind.name())]).await,
        None => remove(tx, ws, kind.name(), id).await,
    }
}

/// Rewrite SQLite's full-text index so that words of deleted and replaced documents leave
/// its segments too (after an erasure). PostgreSQL's dead rows go with its vacuum.
pub async fn compact(tx: &mut Tx) -> Result<(), AppError> {
    if tx.backend() == Backend::Sqlite {
        sqlx::query("INSERT INTO search_fts (search_fts) VALUES ('optimize')").execute(&mut **tx).await.db()?;
    }
    Ok(())
}

/// A search document as read from a kind's table.
struct Row {
    id: String,
    title: String,
    body: String,
    unit_id: Option<String>,
    facets: Vec<String>,
}

impl Row {
    fn as_doc<'a>(&'a self, workspace: WorkspaceId, record_type: &'a str) -> Doc<'a> {
        Doc {
            workspace,
            record_type,
            record_id: self.id.clone(),
            unit: self.unit_id.as_deref().and_then(|u| u.parse().ok()),
            title: &self.title,
            body: &self.body,
            facets: self.facets.clone(),
        }
    }
}

/// The facet a unit-scoped kind has without declaring it.
pub const UNIT_FACET: &str = "unit";

const REINDEX_BATCH: i64 = 200;
/// The text a transaction of a reindex writes, at most about.
const REINDEX_TX_BYTES: usize = 8 << 20;

/// The documents of `kind` in a workspace: one record, or a batch after `after` when `id` is None.
async fn document_rows(
    tx: &mut Tx,
    kind: &dyn RecordKind,
    ws: WorkspaceId,
    id: Option<&str>,
    after: &str,
) -> Result<Vec<Row>, AppError> {
    let (Some(spec), Some(table)) = (kind.search(), kind.tables().first()) else {
        return Ok(Vec::new());
    };
    let unit = match kind.reach() {
        Reach::Unit { column } => column,
        _ => "NULL",
    };
    let filter = if id.is_some() { "id = $2" } else { "id > $2 ORDER BY id LIMIT $3" };
    // A batch is read in the order of the primary key, not sorted from the workspace's index
    // (a workspace's rows are then read once, with the others' skipped).
    let workspace = tx.backend().not_indexed(table.workspace_column);
    let facets: String = spec.facets.iter().map(|f| format!(", CAST(({}) AS TEXT)", f.sql)).collect();
    let sql = format!(
        "SELECT id, COALESCE({}, '') AS title, COALESCE({}, '') AS body, {unit} AS unit_id{facets} FROM {} WHERE {workspace} = $1 AND {filter}",
        spec.title, spec.body, table.name
    );
    let q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(ws.to_db()).bind(id.unwrap_or(after).to_string());
    let q = if id.is_some() { q } else { q.bind(REINDEX_BATCH) };
    let rows = q.fetch_all(&mut **tx).await.map_err(portico_db::db_error)?;
    let read = |r: &sqlx::any::AnyRow| -> Result<Row, sqlx::Error> {
        let unit_id: Option<String> = r.try_get(3)?;
        let values: Vec<Option<String>> = (0..spec.facets.len()).map(|i| r.try_get(4 + i)).collect::<Result<_, _>>()?;
        let facets = facets::of_document(&spec, unit_id.as_deref(), |i| values[i].clone());
        Ok(Row { id: r.try_get(0)?, title: r.try_get(1)?, body: r.try_get(2)?, unit_id, facets })
    };
    rows.iter().map(read).collect::<Result<_, _>>().map_err(portico_db::db_error)
}

async fn document(tx: &mut Tx, kind: &dyn RecordKind, ws: WorkspaceId, id: Option<&str>) -> Result<Vec<Row>, AppError> {
    document_rows(tx, kind, ws, id, "").await
}

/// Rebuild the documents of every searchable kind in a workspace, in batches, reporting
/// progress after each.
pub async fn reindex_workspace(
    db: &Db,
    registry: &Registry,
    ws: WorkspaceId,
    progress: &dyn Progress,
) -> Result<i64, AppError> {
    let mut total = 0;
    for kind in registry.searchable() {
        if let Some(table) = kind.tables().first() {
            let sql = format!("SELECT COUNT(*) FROM {} WHERE {} = $1", table.name, table.workspace_column);
            let (n,): (i64,) =
                sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(ws.to_db()).fetch_one(db.pool()).await.db()?;
            total += n;
        }
    }
    fts5::bulk(db, fts5::Bulk::Start).await?;
    let mut commits = 0;
    let written = write_all(db, registry, ws, total, progress, &mut commits).await;
    // Back to merging as it goes, even when the writing failed.
    let merged = fts5::bulk(db, fts5::Bulk::End { transactions: commits }).await;
    let done = written?;
    merged?;
    Ok(done)
}

/// The documents of every searchable kind, a transaction for about [`REINDEX_TX_BYTES`] of
/// text, written together: FTS5 starts a new segment at each commit and at each statement that
/// goes back to a rowid it wrote, so fewer and larger writes leave less to merge.
async fn write_all(
    db: &Db,
    registry: &Registry,
    ws: WorkspaceId,
    total: i64,
    progress: &dyn Progress,
    commits: &mut usize,
) -> Result<i64, AppError> {
    let mut done = 0;
    for kind in registry.searchable() {
        let mut after = String::new();
        let mut more = true;
        while more {
            let mut tx = db.begin().await?;
            let (mut rows, mut bytes) = (Vec::new(), 0);
            while bytes < REINDEX_TX_BYTES {
                let batch = document_rows(&mut tx, kind.as_ref(), ws, None, &after).await?;
                let Some(last) = batch.last() else {
                    more = false;
                    break;
                };
                after = last.id.clone();
                bytes += batch.iter().map(|r| r.title.len() + r.body.len()).sum::<usize>();
                rows.extend(batch);
            }
            let docs: Vec<Doc> = rows.iter().map(|row| row.as_doc(ws, kind.name())).collect();
            put(&mut tx, &docs).await?;
            tx.commit().await.db()?;
            *commits += 1;
            done += i64::try_from(rows.len()).unwrap_or(0);
            progress.report(done, total).await?;
        }
    }
    Ok(done)
}

/// Records of `record_types` inside `scope` matching `query`, best first.
pub async fn search(
    db: &Db,
    scope: &Scope,
    record_types: &[&str],
    query: &Query,
    limit: i64,
) -> Result<Vec<Hit>, AppError> {
    if query.is_empty() {
        return Ok(Vec::new());
    }
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

/// Index text as query terms are made ([`terms`]): accents folded, lowercased, and anything
/// but letters and digits a separator, so both engines split `ana.horvat@x.hr` into words
/// (PostgreSQL would otherwise keep an e-mail address as one token).
fn normalize(text: &str) -> String {
    let folded = portico_kernel::locale::fold_accents(text).to_lowercase();
    folded.chars().take(MAX_BODY_CHARS).map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect()
}
