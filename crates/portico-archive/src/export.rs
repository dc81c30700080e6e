//! Writing an archive from one consistent snapshot, streaming: rows are read and written in
//! batches, so memory stays flat however large the workspace.

use std::io::Write;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use portico_db::{Db, DbResultExt, Progress, Snapshot};
use portico_files::BlobStore;
use portico_kernel::{AppError, ErrorCode, WorkspaceId};
use portico_platform::{ColumnType, Platform, Table};
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::Row;
use zip::write::SimpleFileOptions;

use crate::BATCH;
use crate::manifest::{self, FilesEntry, Manifest, ModuleSchema, TableEntry, WorkspaceEntry};

/// What an archive holds.
#[derive(Debug, Clone, Copy)]
pub enum Selection {
    /// One workspace (an export).
    Workspace(WorkspaceId),
    /// Every workspace of the install (a backup).
    Everything,
}

impl Selection {
    /// The condition on a table's workspace column; `$1` is the workspace when there is one.
    fn condition(&self, column: &str) -> String {
        match self {
            Selection::Workspace(_) => format!("{column} = $1"),
            Selection::Everything => format!("({column} IS NOT NULL AND $1 = $1)"),
        }
    }
    fn bind(&self) -> String {
        match self {
            Selection::Workspace(ws) => ws.to_db(),
            Selection::Everything => String::new(),
        }
    }
}

pub(crate) fn entry_options() -> SimpleFileOptions {
    // Fixed dates and modes: the archive is a pure function of the data.
    SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644)
        .large_file(true)
}

fn io(e: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("writing the archive: {e}"))
}

/// Write the archive of `selection` to `out` (replaced only once complete).
pub async fn export(
    db: &Db,
    platform: &Platform,
    blobs: &BlobStore,
    selection: Selection,
    out: &Path,
    progress: &dyn Progress,
) -> Result<Manifest, AppError> {
    let mut snap = db.snapshot().await?;
    let workspaces = workspaces(&mut snap, selection).await?;
    let registry = &platform.registry;
    let mut total = 0;
    for (_, table) in registry.tables() {
        total += count(&mut snap, table, selection).await?;
    }
    let partial = out.with_extension("partial");
    let file = std::fs::File::create(&partial).map_err(io)?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let mut tables = Vec::new();
    let mut done = 0;
    for (kind, table) in registry.tables() {
        let path = format!("data/{}.jsonl", table.name);
        zip.start_file(path.as_str(), entry_options()).map_err(io)?;
        let mut hasher = Sha256::new();
        let mut rows = 0u64;
        let mut write = |lines: Vec<String>| -> Result<(), AppError> {
            for line in lines {
                hasher.update(line.as_bytes());
                hasher.update(b"\n");
                zip.write_all(line.as_bytes()).map_err(io)?;
                zip.write_all(b"\n").map_err(io)?;
                rows += 1;
            }
            Ok(())
        };
        if table.parent_column.is_some() {
            write(parents_first(table, read_all(&mut snap, table, selection).await?))?;
        } else {
            let mut after: Option<Vec<Value>> = None;
            loop {
                let (lines, last) = read_batch(&mut snap, table, selection, after.as_deref()).await?;
                let n = lines.len();
                write(lines)?;
                done += i64::try_from(n).unwrap_or(0);
                progress.report(done, total).await?;
                match last {
                    Some(l) if n == BATCH => after = Some(l),
                    _ => break,
                }
            }
        }
        tables.push(TableEntry {
            kind: kind.name().into(),
            table: table.name.into(),
            path,
            rows,
            sha256: hex::encode(hasher.finalize()),
        });
    }
    let files = copy_blobs(&mut snap, platform, blobs, selection, &mut zip).await?;
    let versions = db.schema_versions(&platform.migrations).await?;
    let manifest = Manifest {
        format: manifest::FORMAT.into(),
        format_version: manifest::FORMAT_VERSION,
        scope: match selection {
            Selection::Workspace(_) => "workspace".into(),
            Selection::Everything => "install".into(),
        },
        schema: versions.into_iter().map(|(module, version)| ModuleSchema { module: module.into(), version }).collect(),
        workspaces,
        tables,
        files,
    };
    zip.start_file(manifest::PATH, entry_options()).map_err(io)?;
    let json = serde_json::to_vec_pretty(&manifest).map_err(io)?;
    zip.write_all(&json).map_err(io)?;
    zip.finish().map_err(io)?.flush().map_err(io)?;
    std::fs::rename(&partial, out).map_err(io)?;
    progress.report(total, total).await?;
    Ok(manifest)
}

async fn workspaces(snap: &mut Snapshot, selection: Selection) -> Result<Vec<WorkspaceEntry>, AppError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, slug, name FROM workspaces WHERE {} ORDER BY id",
        selection.condition("id")
    )))
    .bind(selection.bind())
    .fetch_all(&mut **snap)
    .await
    .db()?;
    if rows.is_empty() && matches!(selection, Selection::Workspace(_)) {
        return Err(AppError::new(ErrorCode::NotFound).with_cause("no such workspace"));
    }
    Ok(rows.into_iter().map(|(id, slug, name)| WorkspaceEntry { id, slug, name }).collect())
}

async fn count(snap: &mut Snapshot, table: &Table, selection: Selection) -> Result<i64, AppError> {
    let sql = format!("SELECT COUNT(*) FROM {} WHERE {}", table.name, selection.condition(table.workspace_column));
    let (n,): (i64,) =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(selection.bind()).fetch_one(&mut **snap).await.db()?;
    Ok(n)
}

fn columns(table: &Table) -> String {
    table.columns.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
}

fn order_columns(table: &Table) -> Vec<&'static str> {
    table.order_by.split(',').map(str::trim).collect()
}

/// One batch of rows after `after` (the last row's ordering values), as JSON lines, and the
/// ordering values of its last row.
async fn read_batch(
    snap: &mut Snapshot,
    table: &Table,
    selection: Selection,
    after: Option<&[Value]>,
) -> Result<(Vec<String>, Option<Vec<Value>>), AppError> {
    let order = order_columns(table);
    let mut sql =
        format!("SELECT {} FROM {} WHERE {}", columns(table), table.name, selection.condition(table.workspace_column));
    if after.is_some() {
        let params: Vec<String> = (0..order.len()).map(|i| format!("${}", i + 2)).collect();
        sql.push_str(&format!(" AND ({}) > ({})", order.join(", "), params.join(", ")));
    }
    sql.push_str(&format!(" ORDER BY {} LIMIT {BATCH}", order.join(", ")));
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(selection.bind());
    for v in after.unwrap_or(&[]) {
        q = match v {
            Value::Number(n) => q.bind(n.as_i64()),
            other => q.bind(other.as_str().map(str::to_string)),
        };
    }
    let rows = q.fetch_all(&mut **snap).await.db()?;
    let mut lines = Vec::with_capacity(rows.len());
    let mut last = None;
    for row in &rows {
        let values = values(table, row)?;
        last = Some(
            order
                .iter()
                .map(|o| {
                    table.columns.iter().position(|c| c.name == *o).map(|i| values[i].clone()).unwrap_or(Value::Null)
                })
                .collect(),
        );
        lines.push(line(table, &values));
    }
    Ok((lines, last))
}

async fn read_all(snap: &mut Snapshot, table: &Table, selection: Selection) -> Result<Vec<Vec<Value>>, AppError> {
    let sql = format!(
        "SELECT {} FROM {} WHERE {} ORDER BY {}",
        columns(table),
        table.name,
        selection.condition(table.workspace_column),
        table.order_by
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(selection.bind()).fetch_all(&mut **snap).await.db()?;
    rows.iter().map(|r| values(table, r)).collect()
}

/// Rows of a table that refers to itself, each after the row it refers to (ties by order).
fn parents_first(table: &Table, rows: Vec<Vec<Value>>) -> Vec<String> {
    let at = |name: &str| table.columns.iter().position(|c| c.name == name).unwrap_or(0);
    let (id, parent) = (at("id"), table.parent_column.map(at).unwrap_or(0));
    let mut placed: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(rows.len());
    let mut left = rows;
    while !left.is_empty() {
        let before = left.len();
        let (ready, rest): (Vec<_>, Vec<_>) = left.into_iter().partition(|r| match &r[parent] {
            Value::String(p) => placed.contains(p),
            _ => true,
        });
        for r in &ready {
            placed.insert(r[id].as_str().unwrap_or("").to_string());
            out.push(line(table, r));
        }
        left = rest;
        if left.len() == before {
            // Parents outside the selection (or a cycle): keep their order; import will say.
            out.extend(left.iter().map(|r| line(table, r)));
            break;
        }
    }
    out
}

fn values(table: &Table, row: &sqlx::any::AnyRow) -> Result<Vec<Value>, AppError> {
    table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let v = if c.ty.is_int() {
                row.try_get::<Option<i64>, _>(i).db()?.map(Value::from)
            } else if c.ty.is_bytes() {
                row.try_get::<Option<Vec<u8>>, _>(i).db()?.map(|b| Value::String(BASE64.encode(b)))
            } else {
                row.try_get::<Option<String>, _>(i).db()?.map(Value::String)
            };
            Ok(v.unwrap_or(Value::Null))
        })
        .collect()
}

/// A row as one JSON object, keys in the table's column order.
fn line(table: &Table, values: &[Value]) -> String {
    let mut out = String::from("{");
    for (i, (c, v)) in table.columns.iter().zip(values).enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&Value::String(c.name.into()).to_string());
        out.push(':');
        out.push_str(&v.to_string());
    }
    out.push('}');
    out
}

/// Every stored file a selected row refers to, by content hash (one entry each: the hashes
/// of a column are read distinct, and a kind has one column of files).
async fn copy_blobs<W: Write + std::io::Seek>(
    snap: &mut Snapshot,
    platform: &Platform,
    blobs: &BlobStore,
    selection: Selection,
    zip: &mut zip::ZipWriter<W>,
) -> Result<FilesEntry, AppError> {
    let (mut count, mut bytes) = (0u64, 0u64);
    // A file referred to from several tables (an upload also sent by mail) is written once:
    // each table skips the hashes an earlier one has (by index, in constant memory).
    let mut earlier: Vec<String> = Vec::new();
    for (_, table) in platform.registry.tables() {
        for c in table.columns.iter().filter(|c| c.ty == ColumnType::Blob) {
            let skip: String =
                earlier.iter().map(|e| format!(" AND NOT EXISTS ({e} = {}.{})", table.name, c.name)).collect();
            let mut after = String::new();
            loop {
                let sql = format!(
                    "SELECT DISTINCT {col} FROM {t} WHERE {cond} AND {col} > $2{skip} ORDER BY {col} LIMIT {BATCH}",
                    col = c.name,
                    t = table.name,
                    cond = selection.condition(table.workspace_column)
                );
                let batch: Vec<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(selection.bind())
                    .bind(after.clone())
                    .fetch_all(&mut **snap)
                    .await
                    .db()?;
                let Some((last,)) = batch.last() else { break };
                after = last.clone();
                for (hash,) in &batch {
                    let data = blobs.read(hash)?;
                    bytes += data.len() as u64;
                    count += 1;
                    zip.start_file(format!("files/{hash}"), entry_options()).map_err(io)?;
                    zip.write_all(&data).map_err(io)?;
                }
            }
            earlier.push(format!(
                "SELECT 1 FROM {t} e WHERE {cond} AND e.{col}",
                t = table.name,
                cond = selection.condition(&format!("e.{}", table.workspace_column)),
                col = c.name
            ));
        }
    }
    Ok(FilesEntry { count, bytes })
}
