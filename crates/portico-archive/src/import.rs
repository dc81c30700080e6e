//! Restoring an archive in one transaction: fully imported, or the target untouched. A
//! thread reads the archive (checking every checksum and count against the manifest, and
//! every file against its hash) while the rows go into the database in batches.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use portico_db::{Db, DbResultExt, Progress, Tx};
use portico_files::BlobStore;
use portico_files::blobs::Staging;
use portico_kernel::{AppError, ErrorCode};
use portico_platform::{ColumnType, Platform, Reach, RecordKind, Table};
use portico_search::Doc;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;

use crate::BATCH;
use crate::manifest::{self, Manifest, TableEntry, WorkspaceEntry};
use crate::remap::Remap;

/// How an archive comes in.
#[derive(Debug, Clone)]
pub enum Mode {
    /// As it was, ids and all: into another install, or to restore a backup.
    AsIs,
    /// As a copy of its one workspace under a new address, beside the original: every id is
    /// new; people keep their passwords, but no token, link or session of the original
    /// opens the copy.
    Copy { slug: String },
}

/// What an import made.
#[derive(Debug, Clone)]
pub struct Report {
    pub workspaces: Vec<WorkspaceEntry>,
    pub rows: u64,
    pub files: u64,
}

/// An archive that cannot be imported: what is wrong, said plainly.
fn refused(why: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::BadRequest).with_cause(why.into())
}

/// Read the manifest of an archive, checking it is one this binary can read.
pub fn manifest(path: &Path) -> Result<Manifest, AppError> {
    let file = std::fs::File::open(path).map_err(|e| refused(format!("cannot open {}: {e}", path.display())))?;
    let mut zip = zip::ZipArchive::new(file)
        .map_err(|e| refused(format!("{} is not a Portico archive, or it is truncated ({e})", path.display())))?;
    let mut json = String::new();
    zip.by_name(manifest::PATH)
        .map_err(|_| refused("the archive has no manifest: it is not a Portico archive"))?
        .read_to_string(&mut json)
        .map_err(|e| refused(format!("the manifest cannot be read: {e}")))?;
    let m: Manifest = serde_json::from_str(&json).map_err(|e| refused(format!("the manifest is damaged: {e}")))?;
    if m.format != manifest::FORMAT {
        return Err(refused("this is not a Portico archive"));
    }
    if m.format_version > manifest::FORMAT_VERSION {
        return Err(refused(format!(
            "the archive is of format {}, newer than this Portico reads ({}): upgrade Portico first",
            m.format_version,
            manifest::FORMAT_VERSION
        )));
    }
    Ok(m)
}

/// Its rows follow the schema this binary has, module by module.
fn check_schema(m: &Manifest, platform: &Platform) -> Result<(), AppError> {
    for s in &m.schema {
        let ours = platform.migrations.iter().find(|set| set.module == s.module).map(|set| set.latest());
        match ours {
            None => {
                return Err(refused(format!(
                    "the archive holds data of the module {}, which this Portico lacks",
                    s.module
                )));
            }
            Some(v) if v < s.version => {
                return Err(refused(format!(
                    "the archive was made by a newer Portico ({} schema {}; this one has {v}): upgrade Portico first",
                    s.module, s.version
                )));
            }
            Some(v) if v > s.version => {
                return Err(refused(format!(
                    "the archive was made by an older Portico ({} schema {}; this one has {v}): import it with that version, upgrade, then export again",
                    s.module, s.version
                )));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// What the reading thread hands over.
enum Chunk {
    Files(Staging),
    Rows(usize, Vec<String>),
    Failed(AppError),
}

pub async fn import(
    db: &Db,
    platform: &Platform,
    blobs: &BlobStore,
    path: &Path,
    mode: Mode,
    progress: &dyn Progress,
) -> Result<Report, AppError> {
    let m = manifest(path)?;
    check_schema(&m, platform)?;
    let tables: Vec<(&Arc<dyn RecordKind>, &'static Table)> = m
        .tables
        .iter()
        .map(|t| {
            platform
                .registry
                .tables()
                .find(|(k, table)| table.name == t.table && k.name() == t.kind)
                .ok_or_else(|| refused(format!("the archive has a table {} this Portico does not know", t.table)))
        })
        .collect::<Result<_, _>>()?;
    let remap = match &mode {
        Mode::AsIs => None,
        Mode::Copy { slug } => {
            if m.workspaces.len() != 1 {
                return Err(refused("only an archive of one workspace can be imported as a copy"));
            }
            portico_kernel::validate::slug("slug", slug)?;
            Some(Remap::new())
        }
    };
    let workspaces: Vec<WorkspaceEntry> = m
        .workspaces
        .iter()
        .map(|w| WorkspaceEntry {
            id: remap.as_ref().and_then(|r| r.id(&w.id)).unwrap_or_else(|| w.id.clone()),
            slug: match &mode {
                Mode::Copy { slug } => slug.clone(),
                Mode::AsIs => w.slug.clone(),
            },
            name: w.name.clone(),
        })
        .collect();
    for w in &workspaces {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM workspaces WHERE id = $1 OR slug = $2")
            .bind(w.id.clone())
            .bind(w.slug.clone())
            .fetch_one(db.pool())
            .await
            .db()?;
        if n > 0 {
            let how = match mode {
                Mode::AsIs => "; import it as a copy under a new address (--as-slug)",
                Mode::Copy { .. } => "; choose another address",
            };
            return Err(AppError::field(ErrorCode::AlreadyExists, "slug")
                .with_cause(format!("the workspace {} ({}) is already here{how}", w.slug, w.id)));
        }
    }

    // Every row must belong to one of the archive's workspaces (a forged row of another
    // workspace of this install would otherwise slip in).
    let ids: Vec<String> = workspaces.iter().map(|w| w.id.clone()).collect();
    let (send, mut chunks) = mpsc::channel(4);
    let (file, entries, store, files) = (path.to_path_buf(), m.tables.clone(), blobs.clone(), m.files.count);
    let reader = tokio::task::spawn_blocking(move || read(file, entries, store, files, send));
    let total = i64::try_from(m.rows()).unwrap_or(i64::MAX);
    let mut tx = db.begin().await?;
    let mut staging = None;
    let (mut done, mut line_of) = (0i64, vec![0u64; tables.len()]);
    while let Some(chunk) = chunks.recv().await {
        match chunk {
            Chunk::Files(s) => staging = Some(s),
            Chunk::Failed(e) => return Err(e),
            Chunk::Rows(i, lines) => {
                let (kind, table) = tables[i];
                let first = line_of[i] + 1;
                line_of[i] += lines.len() as u64;
                let rows = lines
                    .iter()
                    .enumerate()
                    .map(|(n, l)| {
                        row(table, l, remap.as_ref(), &mode, &ids)
                            .map_err(|why| refused(format!("{} line {}: {why}", m.tables[i].path, first + n as u64)))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                insert(&mut tx, table, &rows).await.map_err(|e| {
                    refused(format!("{} lines {first}–{}: {}", m.tables[i].path, line_of[i], explain(&e)))
                })?;
                index(&mut tx, kind.as_ref(), table, &rows).await?;
                done += rows.len() as i64;
                progress.report(done, total).await?;
            }
        }
    }
    reader.await.map_err(|e| AppError::internal(format!("reading the archive: {e}")))?;
    let staging = staging.ok_or_else(|| refused("the archive ended early"))?;
    // Tables derived from those just written (roll-ups) are made again from them.
    for t in platform.registry.internal_tables() {
        for sql in t.rebuild {
            for w in &workspaces {
                sqlx::query(sqlx::AssertSqlSafe(*sql)).bind(w.id.clone()).execute(&mut *tx).await.db()?;
            }
        }
    }
    tx.commit().await.db()?;
    let files = staging.commit()? as u64;
    progress.report(total, total).await?;
    Ok(Report { workspaces, rows: m.rows(), files })
}

/// The search documents of rows just written, when their kind is searchable: indexed in the
/// import's transaction, so the index is complete exactly when the import is.
async fn index(tx: &mut Tx, kind: &dyn RecordKind, table: &Table, rows: &[Vec<Value>]) -> Result<(), AppError> {
    let Some(spec) = kind.search() else { return Ok(()) };
    if kind.tables().first().map(|t| t.name) != Some(table.name) {
        return Ok(());
    }
    let at = |name: &str| table.columns.iter().position(|c| c.name == name);
    let unit = match kind.reach() {
        Reach::Unit { column } => at(column),
        _ => None,
    };
    let (id, ws, title, body) = (at("id"), at(table.workspace_column), at(spec.title), at(spec.body));
    // A backup's batch may hold several workspaces' rows; documents go in per workspace.
    let mut by_workspace: BTreeMap<&str, Vec<Doc>> = BTreeMap::new();
    // Facets over a column of the table (an expression over several has no value here).
    let facet_columns: Vec<Option<usize>> = spec.facets.iter().map(|f| at(f.sql)).collect();
    for r in rows {
        let workspace = portico_kernel::ids::parse_db_id(text(r, ws))?;
        let value = |i: usize| {
            facet_columns[i].and_then(|c| r.get(c)).and_then(|v| match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
        };
        let unit_id = unit.map(|_| text(r, unit)).filter(|u| !u.is_empty());
        by_workspace.entry(text(r, ws)).or_default().push(Doc {
            workspace,
            record_type: kind.name(),
            record_id: text(r, id).to_string(),
            unit: text(r, unit).parse().ok(),
            title: text(r, title),
            body: text(r, body),
            facets: portico_search::facets::of_document(&spec, unit_id, value),
        });
    }
    for docs in by_workspace.values() {
        portico_search::put(tx, docs).await?;
    }
    Ok(())
}

/// Column `i` of a row as text ("" when absent or not text).
fn text(row: &[Value], i: Option<usize>) -> &str {
    i.and_then(|i| row.get(i)).and_then(Value::as_str).unwrap_or("")
}

/// What a database refusal means for the person importing.
fn explain(e: &AppError) -> String {
    let cause = e.cause.clone().unwrap_or_default();
    match e.code {
        ErrorCode::AlreadyExists => format!("a row with this key is already here, or twice in the archive ({cause})"),
        ErrorCode::InvalidValue => format!("a row refers to a record the archive does not have ({cause})"),
        _ => cause,
    }
}

/// The reading thread: files first (into staging), then every table's lines in batches, each
/// checked against the manifest's count and checksum.
fn read(path: PathBuf, entries: Vec<TableEntry>, blobs: BlobStore, files: u64, send: mpsc::Sender<Chunk>) {
    let fail = |e: AppError| {
        let _ = send.blocking_send(Chunk::Failed(e));
    };
    let run = || -> Result<(), AppError> {
        let file = std::fs::File::open(&path).map_err(|e| refused(e.to_string()))?;
        let mut zip = zip::ZipArchive::new(file).map_err(|e| refused(format!("the archive is truncated ({e})")))?;
        let mut staging = blobs.staging()?;
        let names: Vec<String> = zip
            .file_names()
            .map(|n| n.map(|n| n.into_owned()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| refused(format!("the archive's contents cannot be listed ({e}): it is damaged")))?
            .into_iter()
            .filter(|n| n.starts_with("files/"))
            .collect();
        for name in names {
            let mut bytes = Vec::new();
            zip.by_name(&name)
                .and_then(|mut f| f.read_to_end(&mut bytes).map_err(zip::result::ZipError::from))
                .map_err(|e| refused(format!("{name} cannot be read ({e}): the archive is damaged")))?;
            let hash = name.trim_start_matches("files/");
            staging
                .put(hash, &bytes)
                .map_err(|_| refused(format!("{name} does not match its hash: the archive is damaged")))?;
        }
        if staging.count() as u64 != files {
            return Err(refused(format!(
                "the archive has {} files, its manifest says {files}: it is damaged",
                staging.count()
            )));
        }
        send.blocking_send(Chunk::Files(staging)).map_err(|_| AppError::internal("import stopped"))?;
        for (i, e) in entries.iter().enumerate() {
            let entry =
                zip.by_name(&e.path).map_err(|_| refused(format!("the archive lacks {}: it is truncated", e.path)))?;
            let mut hasher = Sha256::new();
            let (mut rows, mut batch) = (0u64, Vec::with_capacity(BATCH));
            for line in BufReader::new(entry).lines() {
                let line =
                    line.map_err(|err| refused(format!("{} cannot be read ({err}): the archive is damaged", e.path)))?;
                hasher.update(line.as_bytes());
                hasher.update(b"\n");
                rows += 1;
                batch.push(line);
                if batch.len() == BATCH {
                    send.blocking_send(Chunk::Rows(i, std::mem::take(&mut batch)))
                        .map_err(|_| AppError::internal("import stopped"))?;
                }
            }
            if hex::encode(hasher.finalize()) != e.sha256 || rows != e.rows {
                return Err(refused(format!(
                    "{} does not match its checksum ({rows} rows, the manifest says {}): the archive is damaged",
                    e.path, e.rows
                )));
            }
            if !batch.is_empty() {
                send.blocking_send(Chunk::Rows(i, batch)).map_err(|_| AppError::internal("import stopped"))?;
            }
        }
        Ok(())
    };
    if let Err(e) = run() {
        fail(e);
    }
}

/// One line as the values of the table's columns, checked, and made the copy's when copying.
fn row(
    table: &Table,
    line: &str,
    remap: Option<&Remap>,
    mode: &Mode,
    workspaces: &[String],
) -> Result<Vec<Value>, String> {
    let mut obj: Map<String, Value> = serde_json::from_str(line).map_err(|e| format!("not a JSON object ({e})"))?;
    if obj.len() != table.columns.len() {
        return Err(format!("{} columns, the table has {}", obj.len(), table.columns.len()));
    }
    let mut out = Vec::with_capacity(table.columns.len());
    for c in table.columns {
        let v = obj.remove(c.name).ok_or_else(|| format!("no column {}", c.name))?;
        let fits = match &v {
            Value::Null => c.ty.nullable(),
            Value::Number(n) => c.ty.is_int() && n.is_i64(),
            Value::String(s) if c.ty.is_bytes() => BASE64.decode(s).is_ok(),
            Value::String(_) => c.ty.is_text(),
            _ => false,
        };
        if !fits {
            return Err(format!("{} has a value of the wrong type", c.name));
        }
        let v = match (remap, &v) {
            (Some(r), Value::String(s)) => Value::String(match c.ty {
                ColumnType::Id | ColumnType::OptId => r.id(s).ok_or_else(|| format!("{} is not an id", c.name))?,
                ColumnType::Secret => r.secret(s),
                ColumnType::UniqueText => r.unique_text(s),
                ColumnType::JsonIds => r.json_ids(s).ok_or_else(|| format!("{} is not JSON", c.name))?,
                _ if table.workspace_column == "id" && c.name == "slug" => match mode {
                    Mode::Copy { slug } => slug.clone(),
                    Mode::AsIs => s.clone(),
                },
                _ => s.clone(),
            }),
            _ => v,
        };
        if c.name == table.workspace_column && !v.as_str().is_some_and(|w| workspaces.iter().any(|id| id == w)) {
            return Err(format!("{} is not a workspace of the archive", c.name));
        }
        out.push(v);
    }
    Ok(out)
}

async fn insert(tx: &mut Tx, table: &Table, rows: &[Vec<Value>]) -> Result<(), AppError> {
    for chunk in rows.chunks(tx.backend().rows_per_statement(table.columns.len())) {
        insert_rows(tx, table, chunk).await?;
    }
    Ok(())
}

async fn insert_rows(tx: &mut Tx, table: &Table, rows: &[Vec<Value>]) -> Result<(), AppError> {
    let cols = table.columns.iter().map(|c| c.name).collect::<Vec<_>>().join(", ");
    let groups = tx.backend().value_groups(rows.len(), table.columns.len(), 1);
    let sql = format!("INSERT INTO {} ({cols}) VALUES {groups}", table.name);
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for r in rows {
        for (c, v) in table.columns.iter().zip(r) {
            q = if c.ty.is_int() {
                q.bind(v.as_i64())
            } else if c.ty.is_bytes() {
                q.bind(v.as_str().and_then(|s| BASE64.decode(s).ok()))
            } else {
                q.bind(v.as_str().map(str::to_string))
            };
        }
    }
    q.execute(&mut **tx).await.db()?;
    Ok(())
}
