//! Exports and imports through the API: both are tasks with progress; a finished export is
//! downloaded as its archive.

use axum::Json;
use axum::body::Body;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use portico_http::api::{ErrorBody, path_id};
use portico_http::error::ApiError;
use portico_http::extract::Caller;
use portico_http::state::AppState;
use portico_jobs::queue::{self, NewJob};
use portico_jobs::tasks::{self, Task};
use portico_kernel::{AppError, ErrorCode, TaskId};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::search::api::TaskRef;

use super::jobs::{EXPORT_JOB, ExportPayload, IMPORT_JOB, ImportPayload, export_path, upload_path};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_export))
        .routes(routes!(get_export))
        .routes(routes!(export_archive))
        .routes(routes!(create_import))
}

/// Queue an export of the caller's workspace (admins).
pub async fn start_export(s: &AppState, caller: &Caller) -> Result<TaskId, AppError> {
    let admin = caller.authz.admin()?;
    let now = s.clock.now_micros();
    let mut tx = s.db.begin().await?;
    let task = tasks::create(&mut tx, &admin, Some(caller.user), EXPORT_JOB, "", now).await?;
    let payload = serde_json::to_value(ExportPayload { workspace_id: caller.authz.workspace() })
        .map_err(|e| AppError::internal(e.to_string()))?;
    let job = NewJob::new(EXPORT_JOB, payload).in_workspace(caller.authz.workspace()).for_task(task).attempts(1);
    queue::enqueue(&mut tx, job, now).await?;
    tx.commit().await.map_err(portico_db::db_error)?;
    Ok(task)
}

/// Check an uploaded archive and queue its import as a copy under `slug` (admins): a
/// damaged or foreign archive, or a taken address, is refused at once.
pub async fn start_import(s: &AppState, caller: &Caller, slug: &str, archive: &[u8]) -> Result<TaskId, AppError> {
    let admin = caller.authz.admin()?;
    let slug = slug.trim().to_lowercase();
    portico_kernel::validate::slug("slug", &slug)?;
    if portico_authz::store::slug_taken(s.db.pool(), &slug).await? {
        return Err(AppError::field(ErrorCode::AlreadyExists, "slug"));
    }
    let task = TaskId::new();
    let path = upload_path(&s.settings.data_dir, task);
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(path.parent().unwrap_or(std::path::Path::new(".")))?;
        std::fs::write(&path, archive)
    };
    write().map_err(|e| AppError::internal(format!("storing the upload: {e}")))?;
    let checked = portico_archive::import::manifest(&path).map(|_| ());
    let queued = async {
        checked.map_err(|e| e.or_field("file"))?;
        let now = s.clock.now_micros();
        let mut tx = s.db.begin().await?;
        tasks::create_with_id(&mut tx, task, &admin, Some(caller.user), IMPORT_JOB, &slug, now).await?;
        let payload = serde_json::to_value(ImportPayload { slug: slug.clone() })
            .map_err(|e| AppError::internal(e.to_string()))?;
        let job = NewJob::new(IMPORT_JOB, payload).in_workspace(caller.authz.workspace()).for_task(task).attempts(1);
        queue::enqueue(&mut tx, job, now).await?;
        tx.commit().await.map_err(portico_db::db_error)
    }
    .await;
    if queued.is_err() {
        let _ = std::fs::remove_file(&path);
    }
    queued.map(|_| task)
}

/// An export task of the caller's workspace (admins): others are not found.
pub async fn export_task(s: &AppState, caller: &Caller, id: &str) -> Result<Task, AppError> {
    caller.authz.admin().map_err(|_| AppError::not_found())?;
    let id: TaskId = path_id(id).map_err(|_: AppError| AppError::not_found())?;
    let task = tasks::get(s.db.pool(), &caller.authz, id).await?;
    if task.kind != EXPORT_JOB {
        return Err(AppError::not_found());
    }
    Ok(task)
}

/// The archive of a finished export, as a download.
pub async fn archive_response(s: &AppState, caller: &Caller, id: &str) -> Result<Response, AppError> {
    let task = export_task(s, caller, id).await?;
    if task.status != "done" {
        return Err(AppError::new(ErrorCode::Conflict).with_cause("the export has not finished"));
    }
    let path = export_path(&s.settings.data_dir, caller.authz.workspace(), path_id(&task.id)?);
    let file = tokio::fs::File::open(&path).await.map_err(|_| AppError::new(ErrorCode::LinkExpired))?;
    let stamp = chrono::DateTime::from_timestamp_micros(task.created_at)
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let name = format!("portico-export-{stamp}.zip");
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        Body::from_stream(tokio_util::io::ReaderStream::new(file)),
    )
        .into_response())
}

/// Export the workspace: every record and file in one archive (admins). The task's progress
/// counts rows; when it is done, download the archive.
#[utoipa::path(post, path = "/api/v1/exports", tag = "data",
    responses((status = 202, body = TaskRef), (status = 403, body = ErrorBody)))]
async fn create_export(State(s): State<AppState>, caller: Caller) -> Result<(StatusCode, Json<TaskRef>), ApiError> {
    let task = start_export(&s, &caller).await?;
    Ok((StatusCode::ACCEPTED, Json(TaskRef { task_id: task.to_db() })))
}

/// An export and its progress.
#[utoipa::path(get, path = "/api/v1/exports/{id}", tag = "data",
    responses((status = 200, body = Task), (status = 404, body = ErrorBody)))]
async fn get_export(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<Task>, ApiError> {
    Ok(Json(export_task(&s, &caller, &id).await?))
}

/// The archive of a finished export (409 while it runs).
#[utoipa::path(get, path = "/api/v1/exports/{id}/archive", tag = "data",
    responses((status = 200, content_type = "application/zip", body = Vec<u8>), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn export_archive(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(archive_response(&s, &caller, &id).await?)
}

#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct ImportForm {
    /// The address of the new workspace.
    slug: String,
    /// A Portico archive (`portico export`, or an export from the API or the settings).
    #[schema(format = Binary, value_type = String)]
    file: Vec<u8>,
}

/// Import an archive as a new workspace beside this one, under a new address (admins):
/// every record gets a new id; people keep their passwords; tokens and links of the
/// original do not open the copy.
#[utoipa::path(post, path = "/api/v1/imports", tag = "data", request_body(content = ImportForm, content_type = "multipart/form-data"),
    responses((status = 202, body = TaskRef), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_import(
    State(s): State<AppState>,
    caller: Caller,
    mut mp: Multipart,
) -> Result<(StatusCode, Json<TaskRef>), ApiError> {
    caller.authz.admin()?;
    let (mut slug, mut file) = (None, None);
    while let Some(part) =
        mp.next_field().await.map_err(|e| AppError::new(ErrorCode::BadRequest).with_cause(e.to_string()))?
    {
        let name = part.name().unwrap_or("").to_string();
        let bytes = part.bytes().await.map_err(|e| AppError::new(ErrorCode::BadRequest).with_cause(e.to_string()))?;
        match name.as_str() {
            "slug" => slug = Some(String::from_utf8_lossy(&bytes).into_owned()),
            "file" => file = Some(bytes),
            _ => {}
        }
    }
    let slug = slug.ok_or_else(|| AppError::field(ErrorCode::Required, "slug"))?;
    let file = file.ok_or_else(|| AppError::field(ErrorCode::Required, "file"))?;
    let task = start_import(&s, &caller, &slug, &file).await?;
    Ok((StatusCode::ACCEPTED, Json(TaskRef { task_id: task.to_db() })))
}
