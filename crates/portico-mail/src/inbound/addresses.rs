//! What we know about the addresses we write to: a permanent bounce or a spam complaint
//! marks an address; and automatic answers (acknowledgements, reminders a rule sends) go to
//! an address at most once an hour, so two robots never answer each other forever.

use portico_authz::Tenant;
use portico_db::{DbResultExt, Tx};
use portico_kernel::{AppError, MICROS_PER_SECOND, Timestamp, WorkspaceId};
use serde::Serialize;
use sqlx::AnyPool;

/// The shortest time between two automatic answers to one address.
pub const AUTO_ANSWER_GAP: i64 = 3600 * MICROS_PER_SECOND;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct AddressStatus {
    pub address: String,
    /// ok | bounced | complained
    pub status: String,
    pub reason: String,
    pub status_at: Option<Timestamp>,
    pub last_auto_answer_at: Option<Timestamp>,
}

async fn ensure(tx: &mut Tx, ws: WorkspaceId, address: &str) -> Result<(), AppError> {
    let sql = "INSERT INTO mail_addresses (workspace_id, address) VALUES ($1, $2) ON CONFLICT (workspace_id, address) DO NOTHING";
    sqlx::query(sql).bind(ws.to_db()).bind(address.to_lowercase()).execute(&mut **tx).await.db()?;
    Ok(())
}

/// Mark an address as refusing mail (`bounced`) or as having complained (`complained`).
pub async fn mark(
    tx: &mut Tx,
    ws: WorkspaceId,
    address: &str,
    status: &str,
    reason: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    ensure(tx, ws, address).await?;
    sqlx::query(
        "UPDATE mail_addresses SET status = $1, reason = $2, status_at = $3 WHERE workspace_id = $4 AND address = $5",
    )
    .bind(status.to_string())
    .bind(reason.chars().take(500).collect::<String>())
    .bind(now)
    .bind(ws.to_db())
    .bind(address.to_lowercase())
    .execute(&mut **tx)
    .await
    .db()?;
    Ok(())
}

/// Whether an automatic answer may go to `address` now; if so, it is counted as sent (call
/// it in the transaction that queues the answer). Never to an address that bounced or
/// complained, and at most one per [`AUTO_ANSWER_GAP`].
pub async fn may_auto_answer(tx: &mut Tx, ws: WorkspaceId, address: &str, now: Timestamp) -> Result<bool, AppError> {
    let taken = sqlx::query(
        "INSERT INTO mail_addresses (workspace_id, address, last_auto_answer_at) VALUES ($1, $2, $3)
         ON CONFLICT (workspace_id, address) DO UPDATE SET last_auto_answer_at = $3
         WHERE mail_addresses.status = 'ok'
           AND (mail_addresses.last_auto_answer_at IS NULL OR mail_addresses.last_auto_answer_at <= $4)",
    )
    .bind(ws.to_db())
    .bind(address.to_lowercase())
    .bind(now)
    .bind(now - AUTO_ANSWER_GAP)
    .execute(&mut **tx)
    .await
    .db()?;
    Ok(taken.rows_affected() == 1)
}

/// What is known of an address in the caller's workspace.
pub async fn status(pool: &AnyPool, tenant: &impl Tenant, address: &str) -> Result<Option<AddressStatus>, AppError> {
    sqlx::query_as(
        "SELECT address, status, reason, status_at, last_auto_answer_at FROM mail_addresses WHERE workspace_id = $1 AND address = $2",
    )
    .bind(tenant.workspace().to_db())
    .bind(address.to_lowercase())
    .fetch_optional(pool)
    .await
    .db()
}
