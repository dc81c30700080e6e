//! The audit log: who did what, when, with before/after values. It is a consumer of the
//! platform's write events, so every write is recorded in its own transaction.

use async_trait::async_trait;
use portico_authz::WorkspaceAdmin;
use portico_db::{DbResultExt, Tx};
use portico_kernel::{AppError, AuditId, Event, ListSpec, Page, PageRequest, SortKey, SortValue, Timestamp};
use portico_platform::{Consumer, RecordKind};
use serde::Serialize;

/// Writes one row per event.
pub struct AuditLog;

#[async_trait]
impl Consumer for AuditLog {
    async fn consume(&self, tx: &mut Tx, _: &dyn RecordKind, e: &Event) -> Result<(), AppError> {
        sqlx::query(
            "INSERT INTO audit_log (id, workspace_id, actor_type, actor_id, actor_label, action, record_type, record_id, unit_id, before_json, after_json, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(AuditId::new().to_db())
        .bind(e.workspace.to_db())
        .bind(e.actor.kind())
        .bind(e.actor.id())
        .bind(e.actor.label().to_string())
        .bind(e.action.clone())
        .bind(e.kind)
        .bind(e.record_id.clone())
        .bind(e.unit.map(|u| u.to_db()))
        .bind(e.before.as_ref().map(|v| v.to_string()))
        .bind(e.after.as_ref().map(|v| v.to_string()))
        .bind(e.at)
        .execute(&mut **tx)
        .await
        .db()?;
        Ok(())
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct AuditRow {
    pub id: String,
    pub actor_type: String,
    pub actor_id: Option<String>,
    pub actor_label: String,
    pub action: String,
    pub record_type: String,
    pub record_id: String,
    pub unit_id: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub record_type: Option<String>,
    pub record_id: Option<String>,
    pub actor_id: Option<String>,
    pub action: Option<String>,
}

pub static LIST: ListSpec = ListSpec {
    name: "audit_entry",
    sorts: &[SortKey::text("id", "id"), SortKey::text("action", "action"), SortKey::text("actor", "actor_label")],
    default_desc: true,
};

impl AuditRow {
    fn position(&self, key: &str) -> (String, SortValue) {
        let value = match key {
            "action" => self.action.clone().into(),
            "actor" => self.actor_label.clone().into(),
            _ => self.id.clone().into(),
        };
        (self.id.clone(), value)
    }
}

/// List entries of one workspace, newest first (admins).
pub async fn list(
    pool: &sqlx::AnyPool,
    admin: &WorkspaceAdmin,
    f: &AuditFilter,
    page: &PageRequest,
) -> Result<Page<AuditRow>, AppError> {
    let ks = page.keyset(&LIST)?;
    let sql = format!(
        "SELECT id, actor_type, actor_id, actor_label, action, record_type, record_id, unit_id, before_json, after_json, created_at
         FROM audit_log
         WHERE workspace_id = $1
           AND ($2 IS NULL OR record_type = $2)
           AND ($3 IS NULL OR record_id = $3)
           AND ($4 IS NULL OR actor_id = $4)
           AND ($5 IS NULL OR action = $5)
           AND {}
         ORDER BY {} LIMIT $8",
        ks.condition(6, "id"),
        ks.order("id")
    );
    let q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(admin.workspace().to_db())
        .bind(f.record_type.clone())
        .bind(f.record_id.clone())
        .bind(f.actor_id.clone())
        .bind(f.action.clone());
    let rows: Vec<AuditRow> = portico_db::bind_keyset(q, &ks).bind(ks.fetch()).fetch_all(pool).await.db()?;
    Ok(Page::from_rows(rows, &ks, AuditRow::position))
}
