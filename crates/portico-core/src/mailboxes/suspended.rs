//! The suspended queue: mail from blocked senders, or called spam on the way, kept without
//! being filed. Whoever may work where a mailbox's mail goes (its module, in its unit) looks
//! at it there and releases it (filed as if it had come in now) or deletes it; admins block
//! senders.

use portico_authz::{Authz, Scope};
use portico_db::DbResultExt;
use portico_http::state::AppState;
use portico_kernel::{AppError, ErrorCode, Page, PageRequest, Permission, Timestamp, perm};
use portico_mail::inbound::{Ingest, Ingested};
use serde::Serialize;
use sqlx::AnyPool;
use utoipa::ToSchema;

/// A message waiting in the queue.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct Suspended {
    pub id: String,
    pub unit_id: String,
    pub mailbox_id: String,
    pub mailbox_address: String,
    pub from_addr: String,
    pub from_name: String,
    pub subject: String,
    /// The start of what it says.
    pub text_body: String,
    /// `blocked: <pattern>` or `spam: <the filter's header>`.
    pub status_detail: String,
    pub received_at: Timestamp,
}

pub static LIST: portico_kernel::ListSpec = portico_kernel::ListSpec {
    name: "suspended_mail",
    sorts: &[portico_kernel::SortKey::text("id", "m.id")],
    default_desc: true,
};

/// The module a consumer belongs to (`desk.tickets` → `desk`).
fn module_of(consumer: &str) -> Option<&'static str> {
    let name = consumer.split('.').next().unwrap_or_default();
    perm::modules().into_iter().find(|m| *m == name)
}

/// Suspended mail of the mailboxes whose mail goes to `consumer`, in the units of `scope`.
pub async fn list(
    pool: &AnyPool,
    scope: &Scope,
    consumer: &str,
    page: &PageRequest,
) -> Result<Page<Suspended>, AppError> {
    let ks = page.keyset(&LIST)?;
    let sql = format!(
        "SELECT m.id, m.unit_id, m.mailbox_id, b.address AS mailbox_address, m.from_addr, m.from_name, m.subject,
            substr(m.text_body, 1, 300) AS text_body, m.status_detail, m.received_at
         FROM mail_messages m JOIN mailboxes b ON b.id = m.mailbox_id
         WHERE m.workspace_id = $1 AND m.status = 'suspended' AND b.consumer = $2 AND {} AND {} ORDER BY {} LIMIT $5",
        scope.unit_sql("m.unit_id"),
        ks.condition(3, "m.id"),
        ks.order("m.id")
    );
    let q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(scope.workspace().to_db()).bind(consumer.to_string());
    let rows: Vec<Suspended> = portico_db::bind_keyset(q, &ks).bind(ks.fetch()).fetch_all(pool).await.db()?;
    Ok(Page::from_rows(rows, &ks, |m: &Suspended, _: &str| (m.id.clone(), m.id.clone().into())))
}

/// Who sent a suspended message the caller may act on (work where its mailbox's mail goes,
/// in its unit): not found for who cannot see that, refused for who may only look.
pub async fn sender(pool: &AnyPool, authz: &Authz, id: &str) -> Result<String, AppError> {
    let row: Option<(String, String, String, String)> = sqlx::query_as(
        "SELECT m.unit_id, b.consumer, m.status, m.from_addr FROM mail_messages m JOIN mailboxes b ON b.id = m.mailbox_id
         WHERE m.workspace_id = $1 AND m.id = $2",
    )
    .bind(authz.workspace().to_db())
    .bind(id.to_string())
    .fetch_optional(pool)
    .await
    .db()?;
    let (unit, consumer, status, from) = row.ok_or_else(AppError::not_found)?;
    let module = module_of(&consumer).ok_or_else(AppError::not_found)?;
    let unit = portico_kernel::ids::parse_db_id(&unit)?;
    authz.unit_cap(Permission::new(module, perm::VIEW), unit).map_err(|_| AppError::not_found())?;
    authz.unit_cap(Permission::new(module, perm::EDIT), unit)?;
    if status != "suspended" {
        return Err(AppError::new(ErrorCode::Conflict).with_cause("not suspended"));
    }
    Ok(from)
}

/// File a suspended message now, as if its sender were trusted. (Received mail is telemetry:
/// what it opens is audited, not the message.)
pub async fn release(s: &AppState, authz: &Authz, id: &str) -> Result<Ingested, AppError> {
    sender(s.db.pool(), authz, id).await?;
    let ingest = Ingest { db: &s.db, blobs: &s.blobs, consumers: &s.suite.mail, clock: s.clock.as_ref() };
    ingest.release(id).await
}

/// Delete a suspended message: it was spam.
pub async fn discard(s: &AppState, authz: &Authz, id: &str) -> Result<(), AppError> {
    sender(s.db.pool(), authz, id).await?;
    let mut tx = s.db.begin().await?;
    sqlx::query("DELETE FROM mail_attachments WHERE message_id = $1")
        .bind(id.to_string())
        .execute(&mut *tx)
        .await
        .db()?;
    let gone = sqlx::query("DELETE FROM mail_messages WHERE id = $1 AND status = 'suspended'")
        .bind(id.to_string())
        .execute(&mut *tx)
        .await
        .db()?;
    if gone.rows_affected() == 0 {
        return Err(AppError::not_found());
    }
    tx.commit().await.db()
}
