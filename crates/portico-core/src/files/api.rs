use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portico_authz::units::parse_unit;
use portico_files::store::{self, FileMeta, Upload};
use portico_kernel::ids::parse_db_id;
use portico_kernel::validate::{MICROS_PER_HOUR, bounded_duration};
use portico_kernel::{AppError, ErrorCode, FileId, UnitId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use portico_http::api::{ErrorBody, List, PageQuery, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, ApiQuery, Caller, Links};
use portico_http::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_files, upload_file))
        .routes(routes!(get_file, move_file, delete_file))
        .routes(routes!(download))
        .routes(routes!(share))
}

#[utoipa::path(get, path = "/api/v1/files", tag = "files", params(PageQuery), responses((status = 200, body = List<FileMeta>), (status = 401, body = ErrorBody)))]
async fn list_files(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<Json<List<FileMeta>>, ApiError> {
    let scope = caller.authz.scope(store::VIEW)?;
    Ok(Json(store::list(s.db.pool(), &scope, &q.request()?, Default::default()).await?.into()))
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    unit_id: String,
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    file: String,
}

/// Read a multipart upload: the `unit_id` and `file` parts.
pub async fn read_upload(mut mp: Multipart) -> Result<(Option<String>, String, Vec<u8>), AppError> {
    let (mut unit, mut name, mut bytes) = (None, String::new(), None);
    while let Some(field) =
        mp.next_field().await.map_err(|e| AppError::new(ErrorCode::BadRequest).with_cause(e.to_string()))?
    {
        match field.name() {
            Some("unit_id") => {
                unit = Some(field.text().await.map_err(|_| AppError::field(ErrorCode::InvalidValue, "unit_id"))?)
            }
            Some("file") => {
                name = field.file_name().unwrap_or("upload").to_string();
                let data = field
                    .bytes()
                    .await
                    .map_err(|e| AppError::field(ErrorCode::PayloadTooLarge, "file").with_cause(e.to_string()))?;
                bytes = Some(data.to_vec());
            }
            _ => {}
        }
    }
    let bytes = bytes.ok_or_else(|| AppError::field(ErrorCode::Required, "file"))?;
    Ok((unit, name, bytes))
}

/// Upload a file into a unit (multipart: `unit_id`, `file`). The type is sniffed from the content.
#[utoipa::path(post, path = "/api/v1/files", tag = "files", request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses((status = 201, body = FileMeta), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upload_file(
    State(s): State<AppState>,
    caller: Caller,
    mp: Multipart,
) -> Result<(StatusCode, Json<FileMeta>), ApiError> {
    let (unit, name, bytes) = read_upload(mp).await?;
    let unit = parse_unit("unit_id", unit.as_deref().ok_or_else(|| AppError::field(ErrorCode::Required, "unit_id"))?)?;
    let cap = caller.authz.unit_cap(store::CREATE, unit).map_err(|e| e.or_field("unit_id"))?;
    let id = store::upload(&s.db, s.clock.as_ref(), &s.blobs, &cap, Upload { filename: &name, bytes: &bytes }).await?;
    let scope = caller.authz.scope(store::VIEW)?;
    Ok((StatusCode::CREATED, Json(store::get(s.db.pool(), &scope, id).await?)))
}

#[utoipa::path(get, path = "/api/v1/files/{id}", tag = "files", responses((status = 200, body = FileMeta), (status = 404, body = ErrorBody)))]
async fn get_file(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<FileMeta>, ApiError> {
    let scope = caller.authz.scope(store::VIEW).map_err(|_| AppError::not_found())?;
    Ok(Json(store::get(s.db.pool(), &scope, path_id(&id)?).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FileMove {
    /// The unit to move the file to (admins only).
    pub unit_id: String,
}

/// Move a file to another unit (admins).
#[utoipa::path(patch, path = "/api/v1/files/{id}", tag = "files", request_body = FileMove,
    responses((status = 200, body = FileMeta), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn move_file(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<FileMove>,
) -> Result<Json<FileMeta>, ApiError> {
    let id: FileId = path_id(&id)?;
    let unit = parse_unit("unit_id", &body.unit_id)?;
    store::move_to_unit(&s.db, s.clock.as_ref(), &caller.authz, id, unit).await?;
    Ok(Json(store::get(s.db.pool(), &caller.authz.scope(store::VIEW)?, id).await?))
}

#[utoipa::path(delete, path = "/api/v1/files/{id}", tag = "files", responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_file(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    store::delete(&s.db, s.clock.as_ref(), &caller.authz, path_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The bytes, always as an attachment.
pub fn attachment(s: &AppState, meta: &FileMeta) -> Result<Response, AppError> {
    Ok(portico_http::ui::download(&meta.content_type, &meta.filename, s.blobs.read(&meta.sha256)?))
}

#[utoipa::path(get, path = "/api/v1/files/{id}/content", tag = "files", responses((status = 200, description = "The file, with the content type sniffed at upload.", content(
        (Vec<u8> = "application/pdf"), (Vec<u8> = "image/png"), (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/gif"),
        (Vec<u8> = "image/webp"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (String = "text/plain"))), (status = 404, body = ErrorBody)))]
async fn download(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let scope = caller.authz.scope(store::VIEW).map_err(|_| AppError::not_found())?;
    let meta = store::get(s.db.pool(), &scope, path_id(&id)?).await?;
    Ok(attachment(&s, &meta)?)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareInput {
    /// Who the link is for, shown in the link list.
    pub label: String,
    #[serde(default)]
    pub email: String,
    /// 1–720 hours, default 168 (7 days).
    pub expires_in_hours: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct Shared {
    pub link_id: String,
    /// Opens this one file, nothing else, until it expires or is revoked.
    pub url: String,
}

/// Create a guest link to this one file.
#[utoipa::path(post, path = "/api/v1/files/{id}/links", tag = "files", request_body = ShareInput,
    responses((status = 201, body = Shared), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn share(
    State(s): State<AppState>,
    caller: Caller,
    Links(links): Links,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ShareInput>,
) -> Result<(StatusCode, Json<Shared>), ApiError> {
    let id: FileId = path_id(&id)?;
    let (link_id, url) = share_file(&s, &caller, &links, id, &body).await?;
    Ok((StatusCode::CREATED, Json(Shared { link_id, url })))
}

pub async fn share_file(
    s: &AppState,
    caller: &Caller,
    links: &portico_mail::MailContext,
    id: FileId,
    body: &ShareInput,
) -> Result<(String, String), AppError> {
    let scope = caller.authz.scope(store::VIEW).map_err(|_| AppError::not_found())?;
    let meta = store::get(s.db.pool(), &scope, id).await?;
    let unit: UnitId = parse_db_id(&meta.unit_id)?;
    let cap = caller.authz.unit_cap(store::EDIT, unit)?;
    let ttl = bounded_duration("expires_in_hours", body.expires_in_hours.unwrap_or(168), 720, MICROS_PER_HOUR)?;
    let email = portico_kernel::validate::optional_email("email", &body.email)?.unwrap_or_default();
    let link = portico_auth::magic::NewLink {
        subject_type: "file",
        subject_id: id.to_db(),
        email: &email,
        label: &body.label,
        ttl,
    };
    let (link_id, token) = portico_auth::magic::create(&s.db, s.clock.as_ref(), &cap, &s.secret_key, link).await?;
    Ok((link_id.to_db(), links.link(&format!("/guest/{token}"))))
}
