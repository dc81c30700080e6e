//! Documents a candidate sends (a CV, a cover letter): stored as they came, filed with the
//! candidate and their contact (so erasing the person empties them), their text read in the
//! sandboxed child process by a job. A file that cannot be read (corrupt, encrypted, an
//! image) stays attached and says so; the application never depends on it.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use portico_authz::Scope;
use portico_db::{DbResultExt, Tx};
use portico_http::api::{ErrorBody, path_id};
use portico_http::error::ApiError;
use portico_http::extract::Caller;
use portico_http::state::AppState;
use portico_http::ui::{OrPage, PageError, Staff};
use portico_jobs::{JobContext, NewJob, Worker, queue};
use portico_kernel::{Actor, AppError, ErrorCode, Event, Timestamp, UnitId, WorkspaceId};
use serde::Serialize;
use serde_json::json;
use sqlx::AnyPool;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::cv::Parsed;
use crate::kinds::DOCUMENT;
use crate::{VIEW, parse};

pub const EXTRACT_JOB: &str = "recruit.extract";
/// CVs up to 10 MB.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Document {
    pub id: String,
    pub unit_id: String,
    pub candidate_id: String,
    pub application_id: Option<String>,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    #[serde(skip)]
    pub sha256: String,
    /// pending, done, failed (unreadable) or none (nothing to read).
    pub extraction: String,
    pub created_at: Timestamp,
}

const COLUMNS: &str =
    "id, unit_id, candidate_id, application_id, filename, content_type, size_bytes, sha256, extraction, created_at";

/// What kind of file a candidate sent, from its bytes (never from its name or the browser's
/// claim): PDF, DOCX, ODT or plain text.
pub fn sniff(field: &'static str, bytes: &[u8]) -> Result<&'static str, AppError> {
    if bytes.starts_with(b"PK") && bytes.windows(39).any(|w| w == b"application/vnd.oasis.opendocument.text") {
        return Ok(portico_files::ODT);
    }
    match portico_files::store::sniff(bytes) {
        Ok(t @ ("application/pdf" | "text/plain")) => Ok(t),
        Ok(t) if t == portico_files::DOCX => Ok(t),
        _ => Err(AppError::field(ErrorCode::UnsupportedMediaType, field)),
    }
}

/// A file as sent, in the form field `field` (errors name it).
pub struct Upload<'a> {
    pub field: &'static str,
    pub filename: &'a str,
    pub bytes: &'a [u8],
}

/// Where a document is filed.
pub struct Owner<'a> {
    pub unit: UnitId,
    pub candidate: &'a str,
    pub contact: &'a str,
    pub application: Option<&'a str>,
}

/// Store a document in the caller's transaction and queue the reading of its text; its id.
/// The bytes go to the blob store first (content-addressed: a rolled-back write leaves a file
/// nothing refers to, which the file store's cleanup removes).
pub async fn attach(
    tx: &mut Tx,
    blobs: &portico_files::BlobStore,
    ws: WorkspaceId,
    actor: &Actor,
    owner: Owner<'_>,
    up: Upload<'_>,
    now: Timestamp,
) -> Result<String, AppError> {
    if up.bytes.len() > MAX_BYTES {
        return Err(AppError::field(ErrorCode::PayloadTooLarge, up.field));
    }
    if up.bytes.is_empty() {
        return Err(AppError::field(ErrorCode::Required, up.field));
    }
    let content_type = sniff(up.field, up.bytes)?;
    let base = up.filename.rsplit(['/', '\\']).next().unwrap_or(up.filename);
    let filename: String = base.chars().filter(|c| !c.is_control()).take(200).collect::<String>().trim().to_string();
    let filename = if filename.is_empty() { "cv".to_string() } else { filename };
    let sha = blobs.put(up.bytes)?;
    let id = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO recruit_documents (id, workspace_id, unit_id, candidate_id, contact_id, application_id, filename,
            content_type, size_bytes, sha256, extraction, text, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', NULL, $11)",
    )
    .bind(id.clone())
    .bind(ws.to_db())
    .bind(owner.unit.to_db())
    .bind(owner.candidate.to_string())
    .bind(owner.contact.to_string())
    .bind(owner.application.map(str::to_string))
    .bind(filename.clone())
    .bind(content_type)
    .bind(i64::try_from(up.bytes.len()).unwrap_or(i64::MAX))
    .bind(sha.clone())
    .bind(now)
    .execute(&mut **tx)
    .await
    .db()?;
    queue::enqueue(tx, NewJob::new(EXTRACT_JOB, json!({"document_id": id})).in_workspace(ws).attempts(2), now).await?;
    let after =
        json!({"candidate_id": owner.candidate, "filename": filename, "content_type": content_type, "sha256": sha});
    tx.emit(Event::new(ws, actor, DOCUMENT, "create", id.clone(), now).unit(owner.unit).after(after)).await?;
    Ok(id)
}

pub async fn of_candidate(pool: &AnyPool, ws: WorkspaceId, candidate: &str) -> Result<Vec<Document>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM recruit_documents WHERE workspace_id = $1 AND candidate_id = $2 ORDER BY created_at DESC, id"
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(ws.to_db()).bind(candidate.to_string()).fetch_all(pool).await.db()
}

pub async fn get(pool: &AnyPool, scope: &Scope, id: &str) -> Result<Document, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM recruit_documents WHERE workspace_id = $1 AND id = $2 AND {}",
        scope.unit_sql("unit_id")
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// A document of workspace `ws`, for callers who proved their right another way (a hiring
/// manager's link to a job this candidate is shortlisted for).
pub async fn in_workspace(pool: &AnyPool, ws: WorkspaceId, id: &str) -> Result<Document, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM recruit_documents WHERE workspace_id = $1 AND id = $2");
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(ws.to_db())
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// A document the visitor of a portal sent themselves.
pub async fn related(pool: &AnyPool, who: &portico_authz::Relation, id: &str) -> Result<Document, AppError> {
    let sql =
        format!("SELECT {COLUMNS} FROM recruit_documents WHERE workspace_id = $1 AND id = $2 AND contact_id = $3");
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(who.workspace().to_db())
        .bind(id.to_string())
        .bind(who.contact().to_db())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// The text and what the parser found (JSON) of a candidate's newest readable document.
async fn newest_read(
    pool: &AnyPool,
    ws: WorkspaceId,
    candidate: &str,
) -> Result<Option<(Option<String>, Option<String>)>, AppError> {
    sqlx::query_as(
        "SELECT text, parsed FROM recruit_documents WHERE workspace_id = $1 AND candidate_id = $2 AND extraction = 'done'
         ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(ws.to_db())
    .bind(candidate.to_string())
    .fetch_optional(pool)
    .await
    .db()
}

/// The text read from a candidate's newest readable document.
pub async fn text_of(pool: &AnyPool, ws: WorkspaceId, candidate: &str) -> Result<Option<String>, AppError> {
    Ok(newest_read(pool, ws, candidate).await?.and_then(|(text, _)| text))
}

/// What the parser found in the candidate's newest CV it could read.
pub async fn parsed_of(pool: &AnyPool, ws: WorkspaceId, candidate: &str) -> Result<Option<Parsed>, AppError> {
    Ok(newest_read(pool, ws, candidate).await?.and_then(|(_, parsed)| serde_json::from_str(&parsed?).ok()))
}

/// The file itself, as a download.
pub fn download(s: &AppState, d: &Document) -> Result<Response, AppError> {
    let bytes = s.blobs.read(&d.sha256)?;
    Ok(portico_http::ui::download(&d.content_type, &d.filename, bytes))
}

/// A staff member downloads a candidate's document.
pub async fn download_page(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let scope = staff.caller.authz.scope(VIEW).or_page(&staff)?;
    let d = get(s.db.pool(), &scope, &parse::<uuid::Uuid>(&id).or_page(&staff)?.to_string()).await.or_page(&staff)?;
    download(&s, &d).or_page(&staff)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_document))
}

/// A candidate's document, as the file they sent.
#[utoipa::path(get, path = "/api/v1/recruit/documents/{id}", tag = "recruit",
    responses((status = 200, description = "The file, with the content type sniffed when it came.", content(
        (Vec<u8> = "application/pdf"), (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (Vec<u8> = "application/vnd.oasis.opendocument.text"), (String = "text/plain"))), (status = 404, body = ErrorBody)))]
async fn get_document(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Response, ApiError> {
    let scope = caller.authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let id: uuid::Uuid = path_id(&id)?;
    let d = get(s.db.pool(), &scope, &id.to_string()).await?;
    Ok(download(&s, &d)?.into_response())
}

#[derive(serde::Deserialize)]
struct Payload {
    document_id: String,
}

pub fn register(state: &AppState, worker: &mut Worker) {
    let (blobs, sandbox) = (state.blobs.clone(), state.sandbox.clone());
    worker.register(EXTRACT_JOB, move |ctx| {
        let (blobs, sandbox) = (blobs.clone(), sandbox.clone());
        async move { extract(ctx, blobs, sandbox).await }
    });
}

/// Job: read a document's text in the sandbox, then what it says (the CV parser) to fill the
/// empty fields of the candidate's profile. A file it cannot read is marked failed (and kept);
/// the job does not retry what will never read.
async fn extract(
    ctx: JobContext,
    blobs: portico_files::BlobStore,
    sandbox: portico_files::sandbox::Sandbox,
) -> Result<(), String> {
    let p: Payload = ctx.payload()?;
    let err = |e: AppError| e.to_string();
    let row: Option<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT workspace_id, unit_id, sha256, content_type, candidate_id FROM recruit_documents WHERE id = $1",
    )
    .bind(p.document_id.clone())
    .fetch_optional(ctx.db.pool())
    .await
    .db()
    .map_err(err)?;
    let Some((ws, unit, sha, content_type, candidate)) = row else { return Ok(()) };
    let bytes = blobs.read(&sha).map_err(err)?;
    let (status, text) = match sandbox.extract(&content_type, bytes).await {
        Ok(t) if t.trim().is_empty() => ("failed", None),
        Ok(t) => ("done", Some(t)),
        Err(e) => {
            tracing::warn!(document = %p.document_id, error = %e, "a candidate's document could not be read");
            ("failed", None)
        }
    };
    let ws: WorkspaceId = portico_kernel::ids::parse_db_id(&ws).map_err(err)?;
    let unit: UnitId = portico_kernel::ids::parse_db_id(&unit).map_err(err)?;
    let parsed = text.as_deref().map(crate::cv::parse);
    let mut tx = ctx.db.begin().await.map_err(err)?;
    sqlx::query("UPDATE recruit_documents SET extraction = $1, text = $2, parsed = $3 WHERE id = $4")
        .bind(status)
        .bind(text)
        .bind(parsed.as_ref().map(|p| serde_json::to_string(p).unwrap_or_default()))
        .bind(p.document_id.clone())
        .execute(&mut *tx)
        .await
        .db()
        .map_err(err)?;
    let actor = Actor::System { label: "text extraction".into() };
    let now = ctx.clock.now_micros();
    let event = Event::new(ws, &actor, DOCUMENT, "extract", p.document_id, now)
        .unit(unit)
        .after(json!({"extraction_status": status}));
    tx.emit(event).await.map_err(err)?;
    if let Some(cv) = &parsed {
        let actor = Actor::System { label: "CV parsing".into() };
        crate::candidates::store::prefill(&mut tx, ws, &actor, &candidate, cv, now).await.map_err(err)?;
    }
    tx.commit().await.db().map_err(err)
}
