//! Imports through the API (admins): send the file, read how its columns map, start a dry
//! run or the import, follow its task, download the failed rows.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use portico_http::api::{ErrorBody, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, Caller};
use portico_http::imports::Importer;
use portico_http::state::AppState;
use portico_jobs::queue::{self, NewJob};
use portico_jobs::tasks::{self, Task};
use portico_kernel::{AppError, ErrorCode, TaskId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::run::{CHECK, JOB, Mapping, Payload, Report, failed_path, mapping_of};
use super::upload::{Upload, guess};
use crate::search::api::TaskRef;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_upload))
        .routes(routes!(create_import))
        .routes(routes!(get_import))
        .routes(routes!(failed_rows))
}

/// A sheet found in an upload: its columns, how they map to the sheet's fields (guessed from
/// their names), the required fields left unmapped and its first rows.
#[derive(Debug, Serialize, ToSchema)]
pub struct SheetPreview {
    pub sheet: String,
    pub file: String,
    pub rows: usize,
    pub headers: Vec<String>,
    /// Field → header.
    pub mapping: BTreeMap<String, String>,
    /// The sheet's fields, and those it cannot do without.
    pub fields: Vec<String>,
    pub required: Vec<String>,
    pub missing: Vec<String>,
    pub sample: Vec<Vec<String>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UploadPreview {
    pub id: String,
    pub importer: String,
    pub filename: String,
    pub sheets: Vec<SheetPreview>,
    /// Files other than sheets (CVs) that came with it.
    pub files: usize,
}

pub fn importer<'a>(s: &'a AppState, name: &str) -> Result<&'a dyn Importer, AppError> {
    s.suite
        .importers
        .iter()
        .find(|i| i.name() == name)
        .map(AsRef::as_ref)
        .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "importer"))
}

pub fn preview(s: &AppState, up: &Upload) -> Result<UploadPreview, AppError> {
    let imp = importer(s, &up.meta.importer)?;
    let sheets = up
        .sheets(imp)?
        .into_iter()
        .map(|(sheet, file, t)| {
            let mapping = guess(sheet, &t.headers);
            let missing = sheet
                .fields
                .iter()
                .filter(|f| f.required && !mapping.contains_key(f.key))
                .map(|f| f.key.to_string())
                .collect();
            SheetPreview {
                sheet: sheet.name.to_string(),
                file,
                rows: t.rows.len(),
                fields: sheet.fields.iter().map(|f| f.key.to_string()).collect(),
                required: sheet.fields.iter().filter(|f| f.required).map(|f| f.key.to_string()).collect(),
                missing,
                sample: t.rows.iter().take(3).map(|(_, r)| r.clone()).collect(),
                headers: t.headers,
                mapping,
            }
        })
        .collect();
    Ok(UploadPreview {
        id: up.id.clone(),
        importer: up.meta.importer.clone(),
        filename: up.meta.filename.clone(),
        sheets,
        files: up.file_count(),
    })
}

/// Keep an upload for `importer` (admins).
pub fn receive(
    s: &AppState,
    caller: &Caller,
    importer_name: &str,
    sheet: Option<&str>,
    filename: &str,
    bytes: &[u8],
) -> Result<Upload, AppError> {
    caller.authz.admin()?;
    let imp = importer(s, importer_name)?;
    Upload::store(&s.settings.data_dir, caller.authz.workspace(), imp, filename, sheet, bytes)
}

/// Queue a dry run or the import of an upload (admins); a mapping that names a column the
/// file lacks, or leaves a required field out, is refused at once.
pub async fn start(
    s: &AppState,
    caller: &Caller,
    upload: &str,
    mapping: Mapping,
    dry_run: bool,
) -> Result<TaskId, AppError> {
    let admin = caller.authz.admin()?;
    let ws = caller.authz.workspace();
    let up = Upload::open(&s.settings.data_dir, ws, upload).map_err(|e| e.or_field("upload_id"))?;
    let imp = importer(s, &up.meta.importer)?;
    for (sheet, _, t) in up.sheets(imp)? {
        mapping_of(&mapping, sheet, &t)?;
    }
    let now = s.clock.now_micros();
    let mut tx = s.db.begin().await?;
    let kind = if dry_run { CHECK } else { JOB };
    let task = tasks::create(&mut tx, &admin, Some(caller.user), kind, &up.meta.filename, now).await?;
    let payload = Payload { workspace_id: ws, user_id: caller.user, upload: up.id.clone(), mapping, dry_run };
    let payload = serde_json::to_value(payload).map_err(|e| AppError::internal(e.to_string()))?;
    queue::enqueue(&mut tx, NewJob::new(JOB, payload).in_workspace(ws).for_task(task).attempts(1), now).await?;
    tx.commit().await.map_err(portico_db::db_error)?;
    Ok(task)
}

/// An import's task and, once it has run, its report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportRun {
    #[serde(flatten)]
    pub task: Task,
    pub report: Option<Report>,
}

/// An import task of the caller's workspace (admins): others are not found.
pub async fn run_of(s: &AppState, caller: &Caller, id: &str) -> Result<ImportRun, AppError> {
    caller.authz.admin().map_err(|_| AppError::not_found())?;
    let id: TaskId = path_id(id).map_err(|_: AppError| AppError::not_found())?;
    let task = tasks::get(s.db.pool(), &caller.authz, id).await?;
    if task.kind != JOB && task.kind != CHECK {
        return Err(AppError::not_found());
    }
    let report = task.result_json.as_deref().and_then(|r| serde_json::from_str(r).ok());
    Ok(ImportRun { task, report })
}

/// The failed rows of an import, as a file to fix and send again.
pub async fn failed_response(s: &AppState, caller: &Caller, id: &str) -> Result<Response, AppError> {
    let run = run_of(s, caller, id).await?;
    let task: TaskId = path_id(&run.task.id)?;
    let ws = caller.authz.workspace();
    for zip in [false, true] {
        let path = failed_path(&s.settings.data_dir, ws, task, zip);
        if let Ok(bytes) = std::fs::read(&path) {
            let (ct, ext) = if zip { ("application/zip", "zip") } else { ("text/csv; charset=utf-8", "csv") };
            return Ok((
                [
                    (header::CONTENT_TYPE, ct.to_string()),
                    (header::CONTENT_DISPOSITION, format!("attachment; filename=\"failed-rows.{ext}\"")),
                    (header::CACHE_CONTROL, "no-store".to_string()),
                ],
                bytes,
            )
                .into_response());
        }
    }
    Err(AppError::not_found())
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// Which module imports it: `recruit`.
    importer: String,
    /// A CSV, or a ZIP of CSVs named after their sheets with the files they name.
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    file: String,
    /// The sheet a lone CSV is, when its name does not say.
    sheet: Option<String>,
}

/// Send a file to import (admins): it is read at once, and the answer says which sheets it
/// holds and how their columns map.
#[utoipa::path(post, path = "/api/v1/csv-imports/uploads", tag = "data",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses((status = 201, body = UploadPreview), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_upload(
    State(s): State<AppState>,
    caller: Caller,
    mut mp: Multipart,
) -> Result<(StatusCode, Json<UploadPreview>), ApiError> {
    caller.authz.admin()?;
    let (mut imp, mut sheet, mut file) = (String::new(), None, None);
    let bad = |f: &str| AppError::field(ErrorCode::InvalidValue, f);
    while let Some(field) =
        mp.next_field().await.map_err(|e| AppError::new(ErrorCode::BadRequest).with_cause(e.to_string()))?
    {
        match field.name() {
            Some("importer") => imp = field.text().await.map_err(|_| bad("importer"))?,
            Some("sheet") => sheet = Some(field.text().await.map_err(|_| bad("sheet"))?),
            Some("file") => {
                let name = field.file_name().unwrap_or("upload.csv").to_string();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| AppError::field(ErrorCode::PayloadTooLarge, "file").with_cause(e.to_string()))?;
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    let (name, bytes) = file.ok_or_else(|| AppError::field(ErrorCode::Required, "file"))?;
    let up = receive(&s, &caller, &imp, sheet.as_deref(), &name, &bytes)?;
    Ok((StatusCode::CREATED, Json(preview(&s, &up)?)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportInput {
    pub upload_id: String,
    /// Per sheet, field → header; a sheet left out keeps the guessed mapping.
    #[serde(default)]
    pub mapping: Mapping,
    /// Check every row and write nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// Start a dry run or the import of an upload (admins). Rows with an external id already
/// imported update their record, so the import can be run again until cut-over.
#[utoipa::path(post, path = "/api/v1/csv-imports", tag = "data", request_body = ImportInput,
    responses((status = 202, body = TaskRef), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_import(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<ImportInput>,
) -> Result<(StatusCode, Json<TaskRef>), ApiError> {
    let task = start(&s, &caller, &input.upload_id, input.mapping, input.dry_run).await?;
    Ok((StatusCode::ACCEPTED, Json(TaskRef { task_id: task.to_db() })))
}

/// An import and its progress; once done, its report: per sheet what was created, updated,
/// unchanged or failed, and the failed rows with the field and the reason.
#[utoipa::path(get, path = "/api/v1/csv-imports/{id}", tag = "data",
    responses((status = 200, body = ImportRun), (status = 404, body = ErrorBody)))]
async fn get_import(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ImportRun>, ApiError> {
    Ok(Json(run_of(&s, &caller, &id).await?))
}

/// The rows that failed, in their file's own columns with the reason added: a CSV, or a ZIP
/// of them when a ZIP was sent.
#[utoipa::path(get, path = "/api/v1/csv-imports/{id}/failed", tag = "data",
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = ErrorBody)))]
async fn failed_rows(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Response, ApiError> {
    Ok(failed_response(&s, &caller, &id).await?)
}
