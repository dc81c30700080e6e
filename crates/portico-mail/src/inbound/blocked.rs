//! Senders an admin blocked: their mail is kept in the suspended queue, never filed, until
//! someone releases it. A pattern is an address or a whole domain (`@example.com`).

use portico_authz::WorkspaceAdmin;
use portico_db::{Db, DbResultExt, Tx};
use portico_kernel::{AppError, ErrorCode, Event, Timestamp, WorkspaceId};
use serde::Serialize;
use serde_json::json;
use sqlx::AnyPool;
use utoipa::ToSchema;

pub const KIND: &str = "blocked_sender";

#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct BlockedSender {
    pub id: String,
    /// An address, or `@domain` for everyone there.
    pub pattern: String,
    pub created_at: Timestamp,
}

/// A pattern as kept: lowercase; a bare domain becomes `@domain`.
pub fn clean(pattern: &str) -> Result<String, AppError> {
    let p = pattern.trim().to_lowercase();
    let refused = || AppError::field(ErrorCode::InvalidValue, "pattern");
    if p.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "pattern"));
    }
    let domain = |d: &str| {
        !d.is_empty()
            && d.contains('.')
            && d.split('.').all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    };
    match p.split_once('@') {
        Some(("", d)) if domain(d) => Ok(p),
        Some(_) => portico_kernel::validate::email("pattern", &p).map(|e| e.to_lowercase()),
        None if domain(&p) => Ok(format!("@{p}")),
        None => Err(refused()),
    }
}

pub async fn list(pool: &AnyPool, admin: &WorkspaceAdmin) -> Result<Vec<BlockedSender>, AppError> {
    sqlx::query_as("SELECT id, pattern, created_at FROM blocked_senders WHERE workspace_id = $1 ORDER BY pattern")
        .bind(admin.workspace().to_db())
        .fetch_all(pool)
        .await
        .db()
}

/// Block a sender; blocking one already blocked changes nothing.
pub async fn add(db: &Db, admin: &WorkspaceAdmin, pattern: &str, now: Timestamp) -> Result<BlockedSender, AppError> {
    let pattern = clean(pattern)?;
    let ws = admin.workspace();
    let mut tx = db.begin().await?;
    let known: Option<BlockedSender> =
        sqlx::query_as("SELECT id, pattern, created_at FROM blocked_senders WHERE workspace_id = $1 AND pattern = $2")
            .bind(ws.to_db())
            .bind(pattern.clone())
            .fetch_optional(&mut *tx)
            .await
            .db()?;
    if let Some(b) = known {
        return Ok(b);
    }
    let id = uuid::Uuid::now_v7().to_string();
    sqlx::query("INSERT INTO blocked_senders (id, workspace_id, pattern, created_at) VALUES ($1, $2, $3, $4)")
        .bind(id.clone())
        .bind(ws.to_db())
        .bind(pattern.clone())
        .bind(now)
        .execute(&mut *tx)
        .await
        .db()?;
    tx.emit(Event::new(ws, admin.actor(), KIND, "create", id.clone(), now).after(json!({"pattern": pattern}))).await?;
    tx.commit().await.db()?;
    Ok(BlockedSender { id, pattern, created_at: now })
}

pub async fn remove(db: &Db, admin: &WorkspaceAdmin, id: &str, now: Timestamp) -> Result<(), AppError> {
    let ws = admin.workspace();
    let mut tx = db.begin().await?;
    let found: Option<(String,)> =
        sqlx::query_as("SELECT pattern FROM blocked_senders WHERE workspace_id = $1 AND id = $2")
            .bind(ws.to_db())
            .bind(id.to_string())
            .fetch_optional(&mut *tx)
            .await
            .db()?;
    let (pattern,) = found.ok_or_else(AppError::not_found)?;
    sqlx::query("DELETE FROM blocked_senders WHERE id = $1").bind(id.to_string()).execute(&mut *tx).await.db()?;
    let event = Event::new(ws, admin.actor(), KIND, "delete", id.to_string(), now).before(json!({"pattern": pattern}));
    tx.emit(event).await?;
    tx.commit().await.db()
}

/// The pattern that blocks `address` in `ws`, if one does.
pub async fn matching(tx: &mut Tx, ws: WorkspaceId, address: &str) -> Result<Option<String>, AppError> {
    let address = address.trim().to_lowercase();
    let Some((_, domain)) = address.split_once('@') else { return Ok(None) };
    let found: Option<(String,)> = sqlx::query_as(
        "SELECT pattern FROM blocked_senders WHERE workspace_id = $1 AND pattern IN ($2, $3) ORDER BY pattern LIMIT 1",
    )
    .bind(ws.to_db())
    .bind(address.clone())
    .bind(format!("@{domain}"))
    .fetch_optional(&mut **tx)
    .await
    .db()?;
    Ok(found.map(|(p,)| p))
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn patterns_are_addresses_or_domains() {
        assert_eq!(clean(" Spam@Example.COM ").unwrap(), "spam@example.com");
        assert_eq!(clean("example.com").unwrap(), "@example.com");
        assert_eq!(clean("@mail.example.com").unwrap(), "@mail.example.com");
        assert!(clean("").is_err());
        assert!(clean("not a domain").is_err());
        assert!(clean("@").is_err());
    }
}
