//! The unit service: the compartments of a workspace. Reads go through a
//! [`Scope`], writes through a [`crate::UnitCap`], and every write is audited.

use portico_db::{Db, DbResultExt};
use portico_kernel::ids::parse_db_id;
use portico_kernel::validate::required_text;
use portico_kernel::{Action, AppError, Clock, ErrorCode, Event, Module, Permission, UnitId};
use serde::Serialize;
use serde_json::json;

use crate::{Authz, Scope};

/// The record kind of units.
pub const KIND: &str = "unit";
pub const VIEW: Permission = Permission::new(Module::Core, Action::View);
/// Shaping the tree is administration: workspace admins, or a custom role
/// holding core.admin on a region, which then manages the units below it.
pub const MANAGE: Permission = Permission::new(Module::Core, Action::Admin);

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Unit {
    #[schema(value_type = String, format = Uuid)]
    pub id: UnitId,
    #[schema(value_type = Option<String>, format = Uuid)]
    pub parent_id: Option<UnitId>,
    pub name: String,
    pub kind: String,
    /// "Region › Franchise › Agency"
    pub path: String,
    pub depth: usize,
}

/// Units visible in `scope`, in tree order.
pub fn list(authz: &Authz, scope: &Scope) -> Vec<Unit> {
    let tree = authz.tree();
    tree.ordered()
        .into_iter()
        .filter(|(_, n)| scope.contains(n.id))
        .map(|(depth, n)| Unit {
            id: n.id,
            parent_id: n.parent,
            name: n.name.clone(),
            kind: n.kind.clone(),
            path: tree.path_name(n.id),
            depth,
        })
        .collect()
}

pub fn get(authz: &Authz, id: UnitId) -> Result<Unit, AppError> {
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    list(authz, &scope).into_iter().find(|u| u.id == id).ok_or_else(AppError::not_found)
}

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

pub async fn update(db: &Db, clock: &dyn Clock, authz: &Authz, id: UnitId, input: UnitInput) -> Result<(), AppError> {
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
    tx.emit(
        Event::new(cap.workspace(), cap.actor(), KIND, "update", id.to_db(), now)
            .unit(id)
            .before(json!({"name": before.name, "kind": before.kind}))
            .after(json!({"name": name, "kind": kind})),
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

/// Parse a unit id from user input, naming the field when it is malformed.
pub fn parse_unit(field: &str, s: &str) -> Result<UnitId, AppError> {
    parse_db_id::<UnitId>(s.trim()).map_err(|_| AppError::field(ErrorCode::InvalidValue, field))
}
