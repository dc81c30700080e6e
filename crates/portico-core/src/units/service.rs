//! The unit service: creating, renaming (with the unit's custom values, in one write),
//! moving and archiving the compartments of a workspace. Each write takes a capability
//! from the caller's `Authz` and is one transaction with one event.

use portico_authz::Authz;
use portico_authz::units::{KIND, MANAGE, get};
use portico_db::{Db, DbResultExt};
use portico_fields::Prepared;
use portico_kernel::validate::required_text;
use portico_kernel::{AppError, Clock, ErrorCode, Event, UnitId};
use serde_json::json;

pub struct UnitInput {
    pub name: String,
    pub kind: String,
}

fn validate(input: &UnitInput) -> Result<(String, String), AppError> {
    let name = required_text("name", &input.name, 120)?;
    let kind = portico_kernel::validate::optional_text("kind", Some(&input.kind), 40)?.unwrap_or_default();
    Ok((name, kind))
}

pub async fn create(
    db: &Db,
    clock: &dyn Clock,
    authz: &Authz,
    parent: UnitId,
    input: UnitInput,
) -> Result<UnitId, AppError> {
    let (name, kind) = validate(&input)?;
    let cap = authz.unit_cap(MANAGE, parent).map_err(|e| e.or_field("parent_id"))?;
    let id = UnitId::new();
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO units (id, workspace_id, parent_id, name, kind, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id.to_db())
    .bind(cap.workspace().to_db())
    .bind(cap.unit().to_db())
    .bind(name.clone())
    .bind(kind.clone())
    .bind(now)
    .execute(&mut *tx)
    .await
    .db()?;
    tx.emit(
        Event::new(cap.workspace(), cap.actor(), KIND, "create", id.to_db(), now)
            .unit(id)
            .after(json!({"name": name, "kind": kind, "parent_id": parent})),
    )
    .await?;
    tx.commit().await.db()?;
    Ok(id)
}

/// Rename a unit or change its kind, and its custom values when given (checked beforehand
/// by [`portico_fields::prepare`]): one transaction, one `unit.update` event.
pub async fn update(
    db: &Db,
    clock: &dyn Clock,
    authz: &Authz,
    id: UnitId,
    input: UnitInput,
    custom: Option<Prepared>,
) -> Result<(), AppError> {
    let (name, kind) = validate(&input)?;
    let cap = authz.unit_cap(MANAGE, id)?;
    let before = get(authz, id)?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE units SET name = $1, kind = $2 WHERE workspace_id = $3 AND id = $4")
        .bind(name.clone())
        .bind(kind.clone())
        .bind(cap.workspace().to_db())
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    let mut was = json!({"name": before.name, "kind": before.kind});
    let mut now_is = json!({"name": name, "kind": kind});
    if let Some(p) = custom.filter(Prepared::changed) {
        p.write(&mut tx, cap.workspace()).await?;
        was["custom_fields"] = serde_json::Value::Object(p.before);
        now_is["custom_fields"] = serde_json::Value::Object(p.after);
    }
    tx.emit(
        Event::new(cap.workspace(), cap.actor(), KIND, "update", id.to_db(), now).unit(id).before(was).after(now_is),
    )
    .await?;
    tx.commit().await.db()?;
    Ok(())
}

/// Move a unit under another parent (admins only); refuses cycles.
pub async fn move_to(
    db: &Db,
    clock: &dyn Clock,
    authz: &Authz,
    id: UnitId,
    new_parent: UnitId,
) -> Result<(), AppError> {
    let admin = authz.admin()?;
    let ws = admin.workspace();
    let tree = authz.tree();
    if !tree.contains(id) || !tree.contains(new_parent) {
        return Err(AppError::not_found());
    }
    if tree.root() == Some(id) || tree.is_within(new_parent, id) {
        return Err(AppError::field(ErrorCode::InvalidValue, "parent_id"));
    }
    let old_parent = tree.get(id).and_then(|n| n.parent);
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE units SET parent_id = $1 WHERE workspace_id = $2 AND id = $3")
        .bind(new_parent.to_db())
        .bind(ws.to_db())
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.emit(
        Event::new(ws, admin.actor(), KIND, "move", id.to_db(), now)
            .unit(id)
            .before(json!({"parent_id": old_parent}))
            .after(json!({"parent_id": new_parent})),
    )
    .await?;
    tx.commit().await.db()?;
    Ok(())
}

/// Archive an empty leaf unit. Records and sub-units must be moved first.
pub async fn archive(db: &Db, clock: &dyn Clock, authz: &Authz, id: UnitId) -> Result<(), AppError> {
    let cap = authz.unit_cap(MANAGE, id)?;
    let tree = authz.tree();
    if tree.root() == Some(id) || tree.subtree(id).len() > 1 {
        return Err(AppError::new(ErrorCode::Conflict).with_cause("unit has sub-units or is the root"));
    }
    let (grants,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM grants WHERE workspace_id = $1 AND unit_id = $2")
        .bind(cap.workspace().to_db())
        .bind(id.to_db())
        .fetch_one(db.pool())
        .await
        .db()?;
    if grants > 0 {
        return Err(AppError::new(ErrorCode::Conflict).with_cause("unit still has members"));
    }
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE units SET archived_at = $1 WHERE workspace_id = $2 AND id = $3")
        .bind(now)
        .bind(cap.workspace().to_db())
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.emit(Event::new(cap.workspace(), cap.actor(), KIND, "archive", id.to_db(), now).unit(id).deleted()).await?;
    tx.commit().await.db()?;
    Ok(())
}
