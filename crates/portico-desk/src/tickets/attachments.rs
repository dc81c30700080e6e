//! Files on tickets. A file is uploaded first, alone: its upload token (one token may gather
//! several files) then names it in the comment that carries it, which moves it to the ticket's
//! unit; a public reply sends it by e-mail. Files are kept as they came and only ever sent back
//! as downloads.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portico_authz::{Authz, Scope};
use portico_db::{BlobStore, Db, DbResultExt, Tx};
use portico_http::api::{ErrorBody, path_id};
use portico_http::error::ApiError;
use portico_http::extract::Caller;
use portico_http::state::AppState;
use portico_kernel::{Actor, AppError, Clock, ErrorCode, Event, Timestamp, UnitId, WorkspaceId};
use portico_mail::outbox::OutAttachment;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::AnyPool;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::kinds::ATTACHMENT;
use crate::{EDIT, VIEW};

#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct Attachment {
    pub id: String,
    pub unit_id: String,
    /// The comment it came with; none while it waits to be sent.
    pub comment_id: Option<String>,
    /// The upload it belongs to: a comment names its files by this.
    pub token: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    #[serde(skip)]
    pub sha256: String,
    #[serde(skip)]
    pub uploaded_by: Option<String>,
    pub created_at: Timestamp,
}

const COLUMNS: &str =
    "id, unit_id, comment_id, token, filename, content_type, size_bytes, sha256, uploaded_by, created_at";

/// What an upload is asked for.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// The file's name.
    pub filename: Option<String>,
    /// An upload to add this file to (one the caller made and has not sent yet).
    pub token: Option<String>,
}

/// Keep a file the caller will send on a ticket, in the first unit where they may work on
/// tickets (it moves to the ticket's unit when sent).
pub async fn upload(
    db: &Db,
    blobs: &BlobStore,
    clock: &dyn Clock,
    authz: &Authz,
    q: &UploadQuery,
    bytes: &[u8],
) -> Result<Attachment, AppError> {
    let scope = authz.scope(EDIT)?;
    let unit = match scope.units() {
        None => authz.tree().root(),
        Some(units) => units.first().copied(),
    }
    .ok_or_else(AppError::forbidden)?;
    let cap = authz.unit_cap(EDIT, unit)?;
    let filename = portico_files::store::clean_filename(q.filename.as_deref().unwrap_or(""))?;
    if bytes.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "file"));
    }
    let user = authz.actor().user_id().map(|u| u.to_db()).ok_or_else(AppError::forbidden)?;
    let token = match q.token.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) if !looks_like_token(t) => return Err(AppError::field(ErrorCode::InvalidValue, "token")),
        Some(t) => {
            let mine = waiting(db.pool(), cap.workspace(), &user, &[t.to_string()]).await?;
            if mine.is_empty() {
                return Err(AppError::field(ErrorCode::InvalidValue, "token"));
            }
            t.to_string()
        }
        None => portico_kernel::secret::random_token(),
    };
    let sha256 = blobs.put(bytes)?;
    let now = clock.now_micros();
    let file = Kept {
        unit,
        comment: None,
        token,
        filename,
        content_type: portico_files::store::kind_of_bytes(bytes).to_string(),
        size_bytes: bytes.len() as i64,
        sha256,
        uploaded_by: Some(user),
    };
    let mut tx = db.begin().await?;
    let id = keep(&mut tx, cap.workspace(), cap.actor(), file, now).await?;
    tx.commit().await.db()?;
    get(db.pool(), &scope, &id).await
}

/// A file to keep.
struct Kept {
    unit: UnitId,
    comment: Option<String>,
    token: String,
    filename: String,
    content_type: String,
    size_bytes: i64,
    sha256: String,
    uploaded_by: Option<String>,
}

async fn keep(tx: &mut Tx, ws: WorkspaceId, actor: &Actor, f: Kept, now: Timestamp) -> Result<String, AppError> {
    let id = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO desk_attachments (id, workspace_id, unit_id, comment_id, token, filename, content_type, size_bytes,
            sha256, uploaded_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id.clone())
    .bind(ws.to_db())
    .bind(f.unit.to_db())
    .bind(f.comment.clone())
    .bind(f.token)
    .bind(f.filename.clone())
    .bind(f.content_type.clone())
    .bind(f.size_bytes)
    .bind(f.sha256)
    .bind(f.uploaded_by)
    .bind(now)
    .execute(&mut **tx)
    .await
    .db()?;
    let after = json!({"filename": f.filename, "content_type": f.content_type, "size_bytes": f.size_bytes, "comment_id": f.comment});
    tx.emit(Event::new(ws, actor, ATTACHMENT, "create", id.clone(), now).unit(f.unit).after(after)).await?;
    Ok(id)
}

/// The files a message brought (not the pictures inside its text): the comment written from
/// it carries them. Their bytes are the message's, stored once.
pub(crate) async fn from_mail(
    tx: &mut Tx,
    mail: &portico_mail::inbound::Incoming<'_>,
    actor: &Actor,
    comment: &str,
    unit: UnitId,
) -> Result<(), AppError> {
    for a in mail.attachments.iter().filter(|a| !a.inline) {
        let file = Kept {
            unit,
            comment: Some(comment.to_string()),
            token: portico_kernel::secret::random_token(),
            filename: a.filename.clone(),
            content_type: a.content_type.clone(),
            size_bytes: a.size_bytes,
            sha256: a.sha256.clone(),
            uploaded_by: None,
        };
        keep(tx, mail.workspace, actor, file, mail.now).await?;
    }
    Ok(())
}

pub async fn get(pool: &AnyPool, scope: &Scope, id: &str) -> Result<Attachment, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM desk_attachments WHERE workspace_id = $1 AND id = $2 AND {}",
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

/// The files of a ticket's comments, in the order they came.
pub async fn of_ticket(pool: &AnyPool, ws: WorkspaceId, ticket: &str) -> Result<Vec<Attachment>, AppError> {
    let sql = format!(
        "SELECT {} FROM desk_attachments a JOIN desk_comments m ON m.id = a.comment_id
         WHERE a.workspace_id = $1 AND m.ticket_id = $2 ORDER BY a.created_at, a.id",
        COLUMNS.split(", ").map(|c| format!("a.{c}")).collect::<Vec<_>>().join(", ")
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(ws.to_db()).bind(ticket.to_string()).fetch_all(pool).await.db()
}

/// Files `user` uploaded under `tokens` and has not sent yet.
pub(crate) async fn waiting(
    pool: &AnyPool,
    ws: WorkspaceId,
    user: &str,
    tokens: &[String],
) -> Result<Vec<Attachment>, AppError> {
    let mut found = Vec::new();
    for token in tokens {
        let rows: Vec<Attachment> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM desk_attachments
             WHERE workspace_id = $1 AND token = $2 AND uploaded_by = $3 AND comment_id IS NULL ORDER BY id"
        )))
        .bind(ws.to_db())
        .bind(token.clone())
        .bind(user.to_string())
        .fetch_all(pool)
        .await
        .db()?;
        found.extend(rows);
    }
    Ok(found)
}

/// The files a comment is about to carry, by their uploads' tokens: refused (naming
/// `uploads`) when a token names nothing waiting to be sent by this person.
pub(crate) async fn to_send(
    db: &Db,
    ws: WorkspaceId,
    user: &str,
    tokens: &[String],
) -> Result<Vec<Attachment>, AppError> {
    let mut files = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if !looks_like_token(token) {
            return Err(AppError::field(ErrorCode::InvalidValue, format!("uploads.{i}")));
        }
        let found = waiting(db.pool(), ws, user, std::slice::from_ref(token)).await?;
        if found.is_empty() {
            return Err(AppError::field(ErrorCode::InvalidValue, format!("uploads.{i}")));
        }
        files.extend(found);
    }
    Ok(files)
}

/// Whether `t` could be a token we gave (URL-safe letters, at most 64): anything else names
/// nothing and is not looked up.
fn looks_like_token(t: &str) -> bool {
    !t.is_empty() && t.len() <= 64 && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// As an e-mail carries them.
pub(crate) fn outgoing(files: &[Attachment]) -> Vec<OutAttachment> {
    files
        .iter()
        .map(|f| OutAttachment {
            filename: f.filename.clone(),
            content_type: f.content_type.clone(),
            size_bytes: f.size_bytes,
            sha256: f.sha256.clone(),
        })
        .collect()
}

/// The files now belong to `comment`, in the ticket's unit. Refused when one was sent
/// meanwhile (the same upload sent twice at once).
pub(crate) async fn attach(
    tx: &mut Tx,
    ws: WorkspaceId,
    actor: &Actor,
    comment: &str,
    unit: UnitId,
    files: &[Attachment],
    now: Timestamp,
) -> Result<(), AppError> {
    for f in files {
        let done = sqlx::query(
            "UPDATE desk_attachments SET comment_id = $1, unit_id = $2 WHERE workspace_id = $3 AND id = $4 AND comment_id IS NULL",
        )
        .bind(comment.to_string())
        .bind(unit.to_db())
        .bind(ws.to_db())
        .bind(f.id.clone())
        .execute(&mut **tx)
        .await
        .db()?;
        if done.rows_affected() == 0 {
            return Err(AppError::field(ErrorCode::InvalidValue, "uploads"));
        }
        let event = Event::new(ws, actor, ATTACHMENT, "update", f.id.clone(), now)
            .unit(unit)
            .before(json!({"comment_id": null, "unit_id": f.unit_id}))
            .after(json!({"comment_id": comment, "unit_id": unit}));
        tx.emit(event).await?;
    }
    Ok(())
}

/// Remove the files of a ticket's comments (the ticket is being deleted).
pub(crate) async fn forget(
    tx: &mut Tx,
    ws: WorkspaceId,
    actor: &Actor,
    comment: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    let files: Vec<(String, String)> =
        sqlx::query_as("SELECT id, unit_id FROM desk_attachments WHERE workspace_id = $1 AND comment_id = $2")
            .bind(ws.to_db())
            .bind(comment.to_string())
            .fetch_all(&mut **tx)
            .await
            .db()?;
    for (id, unit) in files {
        sqlx::query("DELETE FROM desk_attachments WHERE id = $1").bind(id.clone()).execute(&mut **tx).await.db()?;
        let unit: UnitId = portico_kernel::ids::parse_db_id(&unit)?;
        tx.emit(Event::new(ws, actor, ATTACHMENT, "delete", id, now).unit(unit)).await?;
    }
    Ok(())
}

/// The job that drops uploads never sent.
pub const SWEEP_JOB: &str = "desk.unsent_uploads";
/// How long an upload waits for the comment that sends it.
pub const UNSENT_KEPT: Timestamp = 3 * 24 * 3600 * portico_kernel::MICROS_PER_SECOND;

/// Drop uploads older than [`UNSENT_KEPT`] that no comment sent; how many.
pub async fn sweep(db: &Db, now: Timestamp) -> Result<usize, AppError> {
    let old: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, workspace_id, unit_id FROM desk_attachments WHERE comment_id IS NULL AND created_at < $1 ORDER BY id LIMIT 500",
    )
    .bind(now - UNSENT_KEPT)
    .fetch_all(db.pool())
    .await
    .db()?;
    let actor = Actor::System { label: "unsent uploads".into() };
    for (id, ws, unit) in &old {
        let (ws, unit): (WorkspaceId, UnitId) =
            (portico_kernel::ids::parse_db_id(ws)?, portico_kernel::ids::parse_db_id(unit)?);
        let mut tx = db.begin().await?;
        let gone = sqlx::query("DELETE FROM desk_attachments WHERE id = $1 AND comment_id IS NULL")
            .bind(id.clone())
            .execute(&mut *tx)
            .await
            .db()?;
        if gone.rows_affected() == 1 {
            tx.emit(Event::new(ws, &actor, ATTACHMENT, "delete", id.clone(), now).unit(unit)).await?;
        }
        tx.commit().await.db()?;
    }
    Ok(old.len())
}

pub fn register(state: &AppState, worker: &mut portico_jobs::Worker) {
    let db = state.db.clone();
    worker.register(SWEEP_JOB, move |ctx| {
        let db = db.clone();
        async move { sweep(&db, ctx.clock.now_micros()).await.map(|_| ()).map_err(|e| e.to_string()) }
    });
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(upload_file)).routes(routes!(download))
}

/// Upload a file to send on a ticket: the request's body is the file. Name it in a comment's
/// `uploads` by the token answered.
#[utoipa::path(post, path = "/api/v1/desk/attachments", tag = "desk", params(UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = Attachment), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn upload_file(
    State(s): State<AppState>,
    caller: Caller,
    Query(q): Query<UploadQuery>,
    body: Bytes,
) -> Result<(StatusCode, Json<Attachment>), ApiError> {
    let made = upload(&s.db, &s.blobs, s.clock.as_ref(), &caller.authz, &q, &body).await?;
    Ok((StatusCode::CREATED, Json(made)))
}

/// The file, as a download.
#[utoipa::path(get, path = "/api/v1/desk/attachments/{id}", tag = "desk",
    responses((status = 200, description = "The file, as a download, in the type read from its bytes.", content((Vec<u8> = "*/*"))), (status = 404, body = ErrorBody)))]
async fn download(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Response, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let scope = caller.authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let f = get(s.db.pool(), &scope, &id).await?;
    Ok(portico_http::ui::download(&f.content_type, &f.filename, s.blobs.read(&f.sha256)?))
}
