//! Custom roles: admins compose them from the permission list, and delete those nobody holds.

use portico_authz::role_admin::{KIND, parse_permissions};
use portico_authz::{Authz, store};
use portico_db::{Db, DbResultExt};
use portico_kernel::validate::required_text;
use portico_kernel::{AppError, Clock, ErrorCode, Event, RoleId};
use serde_json::json;

pub async fn create(
    db: &Db,
    clock: &dyn Clock,
    authz: &Authz,
    name: &str,
    permissions: &[String],
) -> Result<RoleId, AppError> {
    let admin = authz.admin()?;
    let ws = admin.workspace();
    let name = required_text("name", name, 60)?;
    let perms = parse_permissions(permissions)?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    let id = store::insert_custom_role(&mut tx, ws, &name, &perms, now).await?;
    tx.emit(
        Event::new(ws, admin.actor(), KIND, "create", id.to_db(), now)
            .after(json!({"name": name, "permissions": perms.iter().map(ToString::to_string).collect::<Vec<_>>()})),
    )
    .await?;
    tx.commit().await.db()?;
    Ok(id)
}

/// Delete a custom role that nobody holds any more.
pub async fn delete(db: &Db, clock: &dyn Clock, authz: &Authz, id: RoleId) -> Result<(), AppError> {
    let admin = authz.admin()?;
    let ws = admin.workspace();
    let role = store::role(db.pool(), ws, id).await?;
    if role.builtin.is_some() {
        return Err(AppError::new(ErrorCode::Conflict).with_cause("built-in roles cannot be deleted"));
    }
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    let (holders,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM grants WHERE role_id = $1")
        .bind(id.to_db())
        .fetch_one(&mut *tx)
        .await
        .db()?;
    if holders > 0 {
        return Err(AppError::new(ErrorCode::Conflict).with_cause("role is still granted"));
    }
    sqlx::query("DELETE FROM roles WHERE workspace_id = $1 AND id = $2")
        .bind(ws.to_db())
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.emit(
        Event::new(ws, admin.actor(), KIND, "delete", id.to_db(), now).before(json!({"name": role.name})).deleted(),
    )
    .await?;
    tx.commit().await.db()
}
