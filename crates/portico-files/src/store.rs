//! File records: upload, list, fetch and delete, each through the scope of the caller.

use portico_auth::magic::GuestGrant;
use portico_authz::{Authz, Scope, UnitCap};
use portico_db::{Db, DbResultExt};
use portico_jobs::{JobContext, NewJob, queue};
use portico_kernel::ids::parse_db_id;
use portico_kernel::perm;
use portico_kernel::{
    AppError, Clock, ErrorCode, Event, FileId, ListSpec, Page, PageRequest, Permission, SortKey, SortValue, Timestamp,
    UnitId,
};
use serde::Serialize;
use serde_json::json;
use sqlx::AnyPool;

use crate::BlobStore;
use crate::extract::DOCX;
use crate::sandbox::Sandbox;

pub const MAX_UPLOAD_BYTES: usize = 25 * 1024 * 1024;
pub const EXTRACT_JOB: &str = "files.extract";
pub const RECORD_TYPE: &str = "file";
pub const VIEW: Permission = Permission::new(perm::CORE, perm::VIEW);
pub const CREATE: Permission = Permission::new(perm::CORE, perm::CREATE);
/// Sharing a file by guest link counts as editing it.
pub const EDIT: Permission = Permission::new(perm::CORE, perm::EDIT);
pub const DELETE: Permission = Permission::new(perm::CORE, perm::DELETE);

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct FileMeta {
    pub id: String,
    pub unit_id: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    /// pending | done | failed | none
    pub extraction_status: String,
    pub created_at: Timestamp,
}

pub struct Upload<'a> {
    pub filename: &'a str,
    pub bytes: &'a [u8],
}

/// Decide the content type from the bytes, never from the client's claim.
pub fn sniff(bytes: &[u8]) -> Result<&'static str, AppError> {
    let refused = || AppError::field(ErrorCode::UnsupportedMediaType, "file");
    if let Some(kind) = infer::get(bytes) {
        return match kind.mime_type() {
            "application/pdf" => Ok("application/pdf"),
            "image/png" => Ok("image/png"),
            "image/jpeg" => Ok("image/jpeg"),
            "image/gif" => Ok("image/gif"),
            "image/webp" => Ok("image/webp"),
            // DOCX is a zip; look for its main part.
            "application/zip" | "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                if bytes.windows(17).any(|w| w == b"word/document.xml") =>
            {
                Ok(DOCX)
            }
            _ => Err(refused()),
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) if !text.contains('\u{0}') => Ok("text/plain"),
        _ => Err(refused()),
    }
}

/// What bytes kept as they came are (an e-mail's or a ticket's attachment): a known type,
/// text, or bytes; never the client's claim. They are only ever sent back as downloads.
pub fn kind_of_bytes(bytes: &[u8]) -> &'static str {
    match infer::get(bytes) {
        Some(kind) => kind.mime_type(),
        None if std::str::from_utf8(bytes).is_ok_and(|t| !t.contains('\u{0}')) => "text/plain",
        None => "application/octet-stream",
    }
}

/// A file's name without its folders or control characters, or refused when nothing is left.
pub fn clean_filename(name: &str) -> Result<String, AppError> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() { Err(AppError::field(ErrorCode::Required, "filename")) } else { Ok(cleaned) }
}

pub async fn upload(
    db: &Db,
    clock: &dyn Clock,
    blobs: &BlobStore,
    cap: &UnitCap,
    up: Upload<'_>,
) -> Result<FileId, AppError> {
    if cap.permission() != CREATE {
        return Err(AppError::forbidden());
    }
    if up.bytes.len() > MAX_UPLOAD_BYTES {
        return Err(AppError::field(ErrorCode::PayloadTooLarge, "file"));
    }
    if up.bytes.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "file"));
    }
    let content_type = sniff(up.bytes)?;
    let filename = clean_filename(up.filename)?;
    let sha = blobs.put(up.bytes)?;
    let id = FileId::new();
    let now = clock.now_micros();
    let extractable = content_type != "image/png" && !content_type.starts_with("image/");
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO files (id, workspace_id, unit_id, sha256, size_bytes, content_type, filename, uploaded_by, extraction_status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(id.to_db())
    .bind(cap.workspace().to_db())
    .bind(cap.unit().to_db())
    .bind(sha.clone())
    .bind(i64::try_from(up.bytes.len()).unwrap_or(i64::MAX))
    .bind(content_type)
    .bind(filename.clone())
    .bind(cap.actor().id())
    .bind(if extractable { "pending" } else { "none" })
    .bind(now)
    .execute(&mut *tx)
    .await
    .db()?;
    if extractable {
        queue::enqueue(
            &mut tx,
            NewJob::new(EXTRACT_JOB, json!({"file_id": id})).in_workspace(cap.workspace()).attempts(2),
            now,
        )
        .await?;
    }
    tx.emit(
        Event::new(cap.workspace(), cap.actor(), RECORD_TYPE, "upload", id.to_db(), now)
            .unit(cap.unit())
            .after(json!({"filename": filename, "content_type": content_type, "sha256": sha, "size": up.bytes.len()})),
    )
    .await?;
    tx.commit().await.db()?;
    Ok(id)
}

const COLUMNS: &str = "id, unit_id, filename, content_type, size_bytes, sha256, extraction_status, created_at";

pub static LIST: ListSpec = ListSpec {
    name: "file",
    sorts: &[
        SortKey::text("id", "id"),
        SortKey::text("name", "lower(filename)"),
        SortKey::number("size", "size_bytes"),
        SortKey::text("type", "content_type"),
    ],
    default_desc: true,
};

impl FileMeta {
    fn position(&self, key: &str) -> (String, SortValue) {
        let value = match key {
            "name" => self.filename.to_lowercase().into(),
            "size" => self.size_bytes.into(),
            "type" => self.content_type.clone().into(),
            _ => self.id.clone().into(),
        };
        (self.id.clone(), value)
    }
}

/// What a files list is narrowed to.
#[derive(Debug, Default, Clone, Copy)]
pub struct FileFilter<'a> {
    /// Part of the file name.
    pub q: Option<&'a str>,
    /// Files of this unit only.
    pub unit: Option<UnitId>,
}

pub async fn list(
    pool: &AnyPool,
    scope: &Scope,
    page: &PageRequest,
    f: FileFilter<'_>,
) -> Result<Page<FileMeta>, AppError> {
    let ks = page.keyset(&LIST)?;
    let sql = format!(
        "SELECT {COLUMNS} FROM files WHERE workspace_id = $1 AND ($2 IS NULL OR lower(filename) LIKE $2)
         AND ($3 IS NULL OR unit_id = $3) AND {} AND {} ORDER BY {} LIMIT $6",
        scope.unit_sql("unit_id"),
        ks.condition(4, "id"),
        ks.order("id")
    );
    let like = f.q.map(portico_db::contains_pattern);
    let q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(like)
        .bind(f.unit.map(|u| u.to_db()));
    let rows: Vec<FileMeta> = portico_db::bind_keyset(q, &ks).bind(ks.fetch()).fetch_all(pool).await.db()?;
    Ok(Page::from_rows(rows, &ks, FileMeta::position))
}

/// A file within the scope, or not found.
pub async fn get(pool: &AnyPool, scope: &Scope, id: FileId) -> Result<FileMeta, AppError> {
    let sql =
        format!("SELECT {COLUMNS} FROM files WHERE workspace_id = $1 AND id = $2 AND {}", scope.unit_sql("unit_id"));
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(id.to_db())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// The one file a guest link opens; any other is not found.
pub async fn get_for_guest(pool: &AnyPool, guest: &GuestGrant) -> Result<FileMeta, AppError> {
    if guest.subject_type() != RECORD_TYPE {
        return Err(AppError::not_found());
    }
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM files WHERE workspace_id = $1 AND id = $2")))
        .bind(guest.workspace().to_db())
        .bind(guest.subject_id().to_string())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

pub async fn extracted_text(pool: &AnyPool, scope: &Scope, id: FileId) -> Result<Option<String>, AppError> {
    get(pool, scope, id).await?;
    let (text,): (Option<String>,) =
        sqlx::query_as("SELECT extracted_text FROM files WHERE id = $1").bind(id.to_db()).fetch_one(pool).await.db()?;
    Ok(text)
}

pub async fn delete(db: &Db, clock: &dyn Clock, authz: &Authz, id: FileId) -> Result<(), AppError> {
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let meta = get(db.pool(), &scope, id).await?;
    let unit: UnitId = parse_db_id(&meta.unit_id)?;
    let cap = authz.unit_cap(DELETE, unit)?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    portico_fields::forget_values(&mut tx, cap.workspace(), RECORD_TYPE, &id.to_db()).await?;
    sqlx::query("DELETE FROM files WHERE workspace_id = $1 AND id = $2")
        .bind(cap.workspace().to_db())
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.emit(
        Event::new(cap.workspace(), cap.actor(), RECORD_TYPE, "delete", id.to_db(), now)
            .unit(unit)
            .before(json!({"filename": meta.filename, "sha256": meta.sha256, "content_type": meta.content_type,
                           "size_bytes": meta.size_bytes, "created_at": meta.created_at}))
            .deleted(),
    )
    .await?;
    tx.commit().await.db()
}

/// Move a file to another unit: transferring records between compartments is for admins.
pub async fn move_to_unit(db: &Db, clock: &dyn Clock, authz: &Authz, id: FileId, unit: UnitId) -> Result<(), AppError> {
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let meta = get(db.pool(), &scope, id).await?;
    let admin = authz.admin()?;
    let ws = admin.workspace();
    if !authz.tree().contains(unit) {
        return Err(AppError::field(ErrorCode::NotFound, "unit_id"));
    }
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE files SET unit_id = $1 WHERE workspace_id = $2 AND id = $3")
        .bind(unit.to_db())
        .bind(ws.to_db())
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    let event = Event::new(ws, admin.actor(), RECORD_TYPE, "move", id.to_db(), now)
        .unit(unit)
        .before(json!({"unit_id": meta.unit_id}))
        .after(json!({"unit_id": unit}));
    tx.emit(event).await?;
    tx.commit().await.db()
}

#[derive(serde::Deserialize)]
struct ExtractPayload {
    file_id: String,
}

/// Job: extract a file's text in the sandbox; the file's search document then includes it.
pub async fn extract_job(ctx: JobContext, blobs: BlobStore, sandbox: Sandbox) -> Result<(), String> {
    let p: ExtractPayload = ctx.payload()?;
    let err = |e: AppError| e.to_string();
    #[derive(sqlx::FromRow)]
    struct Row {
        workspace_id: String,
        unit_id: String,
        sha256: String,
        content_type: String,
    }
    let Some(row): Option<Row> =
        sqlx::query_as("SELECT workspace_id, unit_id, sha256, content_type FROM files WHERE id = $1")
            .bind(p.file_id.clone())
            .fetch_optional(ctx.db.pool())
            .await
            .db()
            .map_err(err)?
    else {
        return Ok(()); // deleted meanwhile
    };
    let bytes = blobs.read(&row.sha256).map_err(err)?;
    let (status, text) = match sandbox.extract(&row.content_type, bytes).await {
        Ok(t) => ("done", Some(t)),
        Err(e) => {
            tracing::warn!(file = %p.file_id, error = %e, "text extraction failed");
            ("failed", None)
        }
    };
    let mut tx = ctx.db.begin().await.map_err(err)?;
    sqlx::query("UPDATE files SET extraction_status = $1, extracted_text = $2 WHERE id = $3")
        .bind(status)
        .bind(text.clone())
        .bind(p.file_id.clone())
        .execute(&mut *tx)
        .await
        .db()
        .map_err(err)?;
    let actor = portico_kernel::Actor::System { label: "text extraction".into() };
    let ws = parse_db_id(&row.workspace_id).map_err(err)?;
    let event = Event::new(ws, &actor, RECORD_TYPE, "extract", p.file_id.clone(), ctx.clock.now_micros())
        .unit(parse_db_id(&row.unit_id).map_err(err)?)
        .after(json!({"extraction_status": status}));
    tx.emit(event).await.map_err(err)?;
    tx.commit().await.db().map_err(err)
}
