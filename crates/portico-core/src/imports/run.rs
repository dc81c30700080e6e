//! An import as a task: every row of every sheet, in the importer's order, with the rights
//! of the person who started it; the report counts what each sheet did and says, per failed
//! row, which field was wrong and why. Failed rows are written back in their file's own
//! columns with the reason added, to fix and send again. A dry run checks the same and
//! writes nothing.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use async_trait::async_trait;
use portico_db::{Db, DbResultExt, Progress};
use portico_http::AppState;
use portico_http::i18n::Tr;
use portico_http::imports::{ExternalIds, Importer, Outcome, Row, Run};
use portico_jobs::{JobContext, Worker, tasks};
use portico_kernel::locale::Locale;
use portico_kernel::{Actor, AppError, ErrorCode, TaskId, UserId, WorkspaceId};
use serde::{Deserialize, Serialize};

use super::upload::{Table, Upload, guess};

/// The job of both, and the kind of an import's task; a dry run's task is a check.
pub const JOB: &str = "imports.run";
pub const CHECK: &str = "imports.check";
/// Failures listed in the report (all of them are in the file of failed rows).
const LISTED: usize = 500;

/// Per sheet, which header each field reads.
pub type Mapping = BTreeMap<String, BTreeMap<String, String>>;

#[derive(Serialize, Deserialize)]
pub struct Payload {
    pub workspace_id: WorkspaceId,
    pub user_id: UserId,
    pub upload: String,
    pub mapping: Mapping,
    pub dry_run: bool,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SheetCount {
    pub sheet: String,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub failed: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Failure {
    pub sheet: String,
    /// The row's line in its file (the header is line 1).
    pub line: usize,
    /// The field at fault, when one is.
    pub field: Option<String>,
    pub code: String,
    /// In the language of the person who started the import.
    pub message: String,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Report {
    pub importer: String,
    /// The upload it read, and the mapping it used: a dry run without failures is imported
    /// with both.
    pub upload: String,
    pub mapping: Mapping,
    pub dry_run: bool,
    pub sheets: Vec<SheetCount>,
    /// The first failures, in file order.
    pub failures: Vec<Failure>,
    pub failed: usize,
}

/// Where an import's failed rows are written: beside its upload, named after the task.
pub fn failed_path(data_dir: &Path, ws: WorkspaceId, task: TaskId, zip: bool) -> PathBuf {
    data_dir.join("csv-imports").join(ws.to_db()).join(format!(
        "{}.failed.{}",
        task.to_db(),
        if zip { "zip" } else { "csv" }
    ))
}

/// The mapping of `sheet` the person chose, or the one guessed from the headers; every
/// header it names must be in the file.
pub fn mapping_of(
    mapping: &Mapping,
    sheet: &portico_http::imports::Sheet,
    t: &Table,
) -> Result<BTreeMap<String, String>, AppError> {
    let chosen = match mapping.get(sheet.name) {
        Some(m) => m.iter().filter(|(_, h)| !h.is_empty()).map(|(k, h)| (k.clone(), h.clone())).collect(),
        None => guess(sheet, &t.headers),
    };
    for (field, header) in &chosen {
        if !sheet.fields.iter().any(|f| f.key == field) || !t.headers.contains(header) {
            return Err(
                AppError::field(ErrorCode::InvalidValue, "mapping").with_cause(format!("{}.{field}", sheet.name))
            );
        }
    }
    if let Some(f) = sheet.fields.iter().find(|f| f.required && !chosen.contains_key(f.key)) {
        return Err(AppError::field(ErrorCode::Required, "mapping").with_cause(format!("{}.{}", sheet.name, f.key)));
    }
    Ok(chosen)
}

struct Ids<'a> {
    db: &'a Db,
    ws: WorkspaceId,
    importer: &'static str,
    dry_run: bool,
    now: i64,
    /// In a dry run, what it would have made.
    made: HashMap<(String, String), String>,
}

#[async_trait]
impl ExternalIds for Ids<'_> {
    async fn find(&mut self, sheet: &str, external_id: &str) -> Result<Option<String>, AppError> {
        if let Some(id) = self.made.get(&(sheet.to_string(), external_id.to_string())) {
            return Ok(Some(id.clone()));
        }
        let found: Option<(String,)> = sqlx::query_as(
            "SELECT record_id FROM import_ids WHERE workspace_id = $1 AND importer = $2 AND sheet = $3 AND external_id = $4",
        )
        .bind(self.ws.to_db())
        .bind(self.importer)
        .bind(sheet.to_string())
        .bind(external_id.to_string())
        .fetch_optional(self.db.pool())
        .await
        .db()?;
        Ok(found.map(|(id,)| id))
    }

    async fn remember(&mut self, sheet: &str, external_id: &str, record: &str) -> Result<(), AppError> {
        if self.dry_run {
            self.made.insert((sheet.to_string(), external_id.to_string()), record.to_string());
            return Ok(());
        }
        let mut tx = self.db.begin().await?;
        sqlx::query(
            "INSERT INTO import_ids (workspace_id, importer, sheet, external_id, record_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (workspace_id, importer, sheet, external_id) DO UPDATE SET record_id = excluded.record_id",
        )
        .bind(self.ws.to_db())
        .bind(self.importer)
        .bind(sheet.to_string())
        .bind(external_id.to_string())
        .bind(record.to_string())
        .bind(self.now)
        .execute(&mut *tx)
        .await
        .db()?;
        tx.commit().await.db()
    }
}

/// A sheet's failed rows, in its own columns plus the reason.
struct Rejects {
    file: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// Import an upload as `p` says, telling `progress` after every few rows; the failed rows go
/// to the file `failed_to` names (given whether the upload is a ZIP).
pub async fn import(
    state: &AppState,
    p: &Payload,
    progress: &dyn Progress,
    failed_to: impl FnOnce(bool) -> PathBuf,
) -> Result<Report, AppError> {
    let upload = Upload::open(&state.settings.data_dir, p.workspace_id, &p.upload)?;
    let importer: &dyn Importer = state
        .suite
        .importers
        .iter()
        .find(|i| i.name() == upload.meta.importer)
        .map(AsRef::as_ref)
        .ok_or_else(AppError::not_found)?;
    let (name, locale): (String, Option<String>) = sqlx::query_as("SELECT name, locale FROM users WHERE id = $1")
        .bind(p.user_id.to_db())
        .fetch_one(state.db.pool())
        .await
        .db()?;
    let actor = Actor::User { id: p.user_id, label: name };
    let authz = portico_authz::store::load_authz(state.db.pool(), p.workspace_id, actor).await?;
    authz.admin()?;
    let tr = Tr::new(locale.as_deref().and_then(Locale::parse).unwrap_or_default());
    let sheets = upload.sheets(importer)?;
    let total = i64::try_from(sheets.iter().map(|(_, _, t)| t.rows.len()).sum::<usize>()).unwrap_or(i64::MAX);
    let now = state.clock.now_micros();
    progress.report(0, total).await?;
    let mut files = upload.files()?;
    let mut ids = Ids {
        db: &state.db,
        ws: p.workspace_id,
        importer: importer.name(),
        dry_run: p.dry_run,
        now,
        made: HashMap::new(),
    };
    let mut run = Run { state, authz: &authz, tr: &tr, dry_run: p.dry_run, now, files: files.as_mut(), ids: &mut ids };
    let mut report = Report {
        importer: importer.name().to_string(),
        upload: upload.id.clone(),
        mapping: Mapping::new(),
        dry_run: p.dry_run,
        sheets: Vec::new(),
        failures: Vec::new(),
        failed: 0,
    };
    let mut rejects = Vec::new();
    let mut done = 0;
    for (sheet, file, table) in &sheets {
        let mapping = mapping_of(&p.mapping, sheet, table)?;
        report.mapping.insert(sheet.name.to_string(), mapping.clone());
        let columns: Vec<(&'static str, usize)> = sheet
            .fields
            .iter()
            .filter_map(|f| {
                mapping.get(f.key).and_then(|h| table.headers.iter().position(|x| x == h)).map(|i| (f.key, i))
            })
            .collect();
        let mut count = SheetCount { sheet: sheet.name.to_string(), ..SheetCount::default() };
        let mut failed = Rejects { file: file.clone(), headers: table.headers.clone(), rows: Vec::new() };
        failed.headers.push(tr.t("import-reason"));
        for (line, values) in &table.rows {
            let row = Row {
                line: *line,
                values: columns.iter().map(|(k, i)| (*k, values.get(*i).cloned().unwrap_or_default())).collect(),
            };
            match importer.row(&mut run, sheet.name, &row).await {
                Ok((Outcome::Created, _)) => count.created += 1,
                Ok((Outcome::Updated, _)) => count.updated += 1,
                Ok((Outcome::Unchanged, _)) => count.unchanged += 1,
                Err(e) => {
                    count.failed += 1;
                    report.failed += 1;
                    let field = e.field.clone();
                    let message = message(&tr, importer.name(), &e);
                    let mut out = values.clone();
                    out.resize(table.headers.len(), String::new());
                    out.push(message.clone());
                    failed.rows.push(out);
                    if report.failures.len() < LISTED {
                        let code = e.code.code().to_string();
                        report.failures.push(Failure {
                            sheet: sheet.name.to_string(),
                            line: *line,
                            field,
                            code,
                            message,
                        });
                    }
                }
            }
            done += 1;
            if done % 20 == 0 {
                progress.report(done, total).await?;
            }
        }
        report.sheets.push(count);
        if !failed.rows.is_empty() {
            rejects.push(failed);
        }
    }
    progress.report(done, total).await?;
    if !rejects.is_empty() {
        write_rejects(&failed_to(upload.meta.zip), &rejects, upload.meta.zip)
            .map_err(|e| AppError::internal(format!("writing the failed rows: {e}")))?;
    }
    Ok(report)
}

/// What is wrong with a row, in words: the importer's own message for this field and error
/// (`import-error-recruit-invalid-value-unit`: no unit has this name) when it has one, about
/// the field as the import calls it.
fn message(tr: &Tr, importer: &str, e: &AppError) -> String {
    let Some(f) = e.field.as_deref() else { return tr.error(e) };
    let label = tr.try_t(&format!("import-field-{importer}-{f}"));
    let code = e.code.code().replace('_', "-");
    let specific = tr.try_t(&format!("import-error-{importer}-{code}-{}", f.replace('_', "-")));
    match (label, specific) {
        (Some(l), Some(m)) => tr.with_label(&l, m),
        (Some(l), None) => tr.error_at(e.code, &l),
        (None, _) => tr.error(e),
    }
}

fn csv_of(r: &Rejects) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&r.headers)?;
    for row in &r.rows {
        w.write_record(row)?;
    }
    Ok(w.into_inner()?)
}

fn write_rejects(path: &Path, rejects: &[Rejects], zip: bool) -> Result<(), Box<dyn std::error::Error>> {
    if !zip {
        return Ok(std::fs::write(path, csv_of(&rejects[0])?)?);
    }
    let mut z = zip::ZipWriter::new(std::fs::File::create(path)?);
    for r in rejects {
        z.start_file(r.file.as_str(), zip::write::SimpleFileOptions::default())?;
        std::io::Write::write_all(&mut z, &csv_of(r)?)?;
    }
    z.finish()?;
    Ok(())
}

async fn job(state: &AppState, ctx: &JobContext) -> Result<(), String> {
    let p: Payload = ctx.payload()?;
    let task = ctx.task().ok_or_else(|| "the job has no task".to_string())?;
    let (data_dir, ws) = (&state.settings.data_dir, p.workspace_id);
    let outcome = import(state, &p, ctx, |zip| failed_path(data_dir, ws, task, zip)).await;
    let now = ctx.clock.now_micros();
    match outcome {
        Ok(report) => {
            let result = serde_json::to_value(report).map_err(|e| e.to_string())?;
            tasks::finish(&ctx.db, task, result, now).await.map_err(|e| e.to_string())
        }
        // Said on the task and not retried: the same file would fail the same way.
        Err(e) => {
            let why = e.cause.clone().unwrap_or_else(|| e.code.english().to_string());
            tasks::fail(&ctx.db, task, &why, now).await.map_err(|e| e.to_string())
        }
    }
}

pub fn register(state: &AppState, w: &mut Worker) {
    let s = state.clone();
    w.register(JOB, move |ctx| {
        let s = s.clone();
        async move { job(&s, &ctx).await }
    });
}
