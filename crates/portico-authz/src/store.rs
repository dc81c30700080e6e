//! Workspaces, units, roles and grants in the database.

use std::collections::HashMap;
use std::sync::Arc;

use portico_db::{DbResultExt, Tx};
use portico_kernel::ids::parse_db_id;
use portico_kernel::perm::{permset_from_json, permset_to_json};
use portico_kernel::{Actor, AppError, Event, GrantId, PermSet, RoleId, Timestamp, UnitId, UserId, WorkspaceId};
use serde::Serialize;
use serde_json::json;
use sqlx::AnyPool;

use crate::{Authz, BuiltinRole, Role, UnitNode, UnitTree};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct WorkspaceRow {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub default_locale: String,
    pub created_at: Timestamp,
}

pub struct NewWorkspace {
    pub id: WorkspaceId,
    pub root_unit: UnitId,
    pub roles: HashMap<&'static str, RoleId>,
}

/// Create a workspace with its root unit and the four built-in roles (an event for each).
pub async fn create_workspace(
    tx: &mut Tx,
    actor: &Actor,
    name: &str,
    slug: &str,
    locale: &str,
    now: Timestamp,
) -> Result<NewWorkspace, AppError> {
    let id = WorkspaceId::new();
    sqlx::query("INSERT INTO workspaces (id, slug, name, default_locale, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(id.to_db())
        .bind(slug.to_string())
        .bind(name.to_string())
        .bind(locale.to_string())
        .bind(now)
        .execute(&mut **tx)
        .await
        .map_err(|e| portico_db::db_error(e).or_field("slug"))?;
    tx.emit(
        Event::new(id, actor, WORKSPACE_KIND, "create", id.to_db(), now).after(json!({"name": name, "slug": slug})),
    )
    .await?;
    let root_unit = UnitId::new();
    // The root unit's kind is the workspace's own (the only kind named by the code, not typed).
    sqlx::query(
        "INSERT INTO units (id, workspace_id, parent_id, name, kind, created_at) VALUES ($1, $2, NULL, $3, $4, $5)",
    )
    .bind(root_unit.to_db())
    .bind(id.to_db())
    .bind(name.to_string())
    .bind(WORKSPACE_KIND)
    .bind(now)
    .execute(&mut **tx)
    .await
    .db()?;
    let unit = Event::new(id, actor, crate::units::KIND, "create", root_unit.to_db(), now).unit(root_unit);
    tx.emit(unit.after(json!({"name": name, "kind": WORKSPACE_KIND}))).await?;
    let mut roles = HashMap::new();
    for b in BuiltinRole::ALL {
        let rid = RoleId::new();
        sqlx::query("INSERT INTO roles (id, workspace_id, builtin_key, name, permissions, created_at) VALUES ($1, $2, $3, $4, '[]', $5)")
            .bind(rid.to_db())
            .bind(id.to_db())
            .bind(b.key())
            .bind(b.default_name())
            .bind(now)
            .execute(&mut **tx)
            .await
            .db()?;
        let role = Event::new(id, actor, crate::role_admin::KIND, "create", rid.to_db(), now);
        tx.emit(role.after(json!({"name": b.default_name(), "builtin": b.key()}))).await?;
        roles.insert(b.key(), rid);
    }
    Ok(NewWorkspace { id, root_unit, roles })
}

pub async fn list_workspaces(pool: &AnyPool) -> Result<Vec<WorkspaceRow>, AppError> {
    sqlx::query_as("SELECT id, slug, name, default_locale, created_at FROM workspaces ORDER BY slug")
        .fetch_all(pool)
        .await
        .db()
}

/// The workspace with this address (slug) or id, as operators name it on the command line.
pub async fn find_workspace(pool: &AnyPool, slug_or_id: &str) -> Result<Option<WorkspaceRow>, AppError> {
    Ok(list_workspaces(pool).await?.into_iter().find(|w| w.slug == slug_or_id || w.id == slug_or_id))
}

/// Whether a workspace has this address.
pub async fn slug_taken(pool: &AnyPool, slug: &str) -> Result<bool, AppError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM workspaces WHERE slug = $1")
        .bind(slug.to_string())
        .fetch_one(pool)
        .await
        .db()?;
    Ok(n > 0)
}

pub async fn workspace(pool: &AnyPool, id: WorkspaceId) -> Result<WorkspaceRow, AppError> {
    sqlx::query_as("SELECT id, slug, name, default_locale, created_at FROM workspaces WHERE id = $1")
        .bind(id.to_db())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

pub async fn workspace_count(pool: &AnyPool) -> Result<i64, AppError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM workspaces").fetch_one(pool).await.db()?;
    Ok(n)
}

#[derive(sqlx::FromRow)]
struct UnitRow {
    id: String,
    parent_id: Option<String>,
    name: String,
    kind: String,
}

pub async fn load_tree(pool: &AnyPool, ws: WorkspaceId) -> Result<UnitTree, AppError> {
    let rows: Vec<UnitRow> =
        sqlx::query_as("SELECT id, parent_id, name, kind FROM units WHERE workspace_id = $1 AND archived_at IS NULL")
            .bind(ws.to_db())
            .fetch_all(pool)
            .await
            .db()?;
    let mut nodes = Vec::with_capacity(rows.len());
    for r in rows {
        nodes.push(UnitNode {
            id: parse_db_id(&r.id)?,
            parent: r.parent_id.as_deref().map(parse_db_id).transpose()?,
            name: r.name,
            kind: r.kind,
        });
    }
    Ok(UnitTree::new(nodes))
}

#[derive(sqlx::FromRow)]
struct RoleRow {
    id: String,
    builtin_key: Option<String>,
    name: String,
    permissions: String,
}

impl RoleRow {
    fn into_role(self) -> Result<Role, AppError> {
        let builtin = self.builtin_key.as_deref().and_then(BuiltinRole::from_key);
        let permissions: PermSet = match builtin {
            Some(b) => b.permissions(),
            None => permset_from_json(&self.permissions),
        };
        Ok(Role { id: parse_db_id(&self.id)?, name: self.name, builtin, permissions })
    }
}

pub async fn list_roles(pool: &AnyPool, ws: WorkspaceId) -> Result<Vec<Role>, AppError> {
    let rows: Vec<RoleRow> = sqlx::query_as(
        "SELECT id, builtin_key, name, permissions FROM roles WHERE workspace_id = $1 ORDER BY builtin_key IS NULL, created_at, name",
    )
    .bind(ws.to_db())
    .fetch_all(pool)
    .await
    .db()?;
    rows.into_iter().map(RoleRow::into_role).collect()
}

pub async fn role(pool: &AnyPool, ws: WorkspaceId, id: RoleId) -> Result<Role, AppError> {
    let row: RoleRow =
        sqlx::query_as("SELECT id, builtin_key, name, permissions FROM roles WHERE workspace_id = $1 AND id = $2")
            .bind(ws.to_db())
            .bind(id.to_db())
            .fetch_optional(pool)
            .await
            .db()?
            .ok_or_else(AppError::not_found)?;
    row.into_role()
}

pub async fn builtin_role(pool: &AnyPool, ws: WorkspaceId, b: BuiltinRole) -> Result<Role, AppError> {
    let row: RoleRow = sqlx::query_as(
        "SELECT id, builtin_key, name, permissions FROM roles WHERE workspace_id = $1 AND builtin_key = $2",
    )
    .bind(ws.to_db())
    .bind(b.key())
    .fetch_optional(pool)
    .await
    .db()?
    .ok_or_else(AppError::not_found)?;
    row.into_role()
}

pub async fn insert_custom_role(
    tx: &mut Tx,
    ws: WorkspaceId,
    name: &str,
    perms: &PermSet,
    now: Timestamp,
) -> Result<RoleId, AppError> {
    let id = RoleId::new();
    sqlx::query("INSERT INTO roles (id, workspace_id, builtin_key, name, permissions, created_at) VALUES ($1, $2, NULL, $3, $4, $5)")
        .bind(id.to_db())
        .bind(ws.to_db())
        .bind(name.to_string())
        .bind(permset_to_json(perms))
        .bind(now)
        .execute(&mut **tx)
        .await
        .map_err(|e| portico_db::db_error(e).or_field("name"))?;
    Ok(id)
}

pub const WORKSPACE_KIND: &str = "workspace";
pub const GRANT_KIND: &str = "grant";

/// Give `user` the `role` on `unit`; `None` when they already hold it.
pub async fn insert_grant(
    tx: &mut Tx,
    actor: &Actor,
    ws: WorkspaceId,
    user: UserId,
    role: RoleId,
    unit: UnitId,
    now: Timestamp,
) -> Result<Option<GrantId>, AppError> {
    let id = GrantId::new();
    let done = sqlx::query(
        "INSERT INTO grants (id, workspace_id, user_id, role_id, unit_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (user_id, role_id, unit_id) DO NOTHING",
    )
    .bind(id.to_db())
    .bind(ws.to_db())
    .bind(user.to_db())
    .bind(role.to_db())
    .bind(unit.to_db())
    .bind(now)
    .execute(&mut **tx)
    .await
    .db()?;
    if done.rows_affected() == 0 {
        return Ok(None);
    }
    let after = json!({"user_id": user, "role_id": role, "unit_id": unit});
    tx.emit(Event::new(ws, actor, GRANT_KIND, "create", id.to_db(), now).unit(unit).after(after)).await?;
    Ok(Some(id))
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct GrantRow {
    pub id: String,
    pub user_id: String,
    pub role_id: String,
    pub unit_id: String,
}

pub async fn user_grants(pool: &AnyPool, ws: WorkspaceId, user: UserId) -> Result<Vec<GrantRow>, AppError> {
    sqlx::query_as(
        "SELECT id, user_id, role_id, unit_id FROM grants WHERE workspace_id = $1 AND user_id = $2 ORDER BY id",
    )
    .bind(ws.to_db())
    .bind(user.to_db())
    .fetch_all(pool)
    .await
    .db()
}

/// The rights of person `user` (an id) if they are an active member of `ws`.
pub async fn authz_of(pool: &AnyPool, ws: WorkspaceId, user: &str) -> Option<Authz> {
    let id = parse_db_id(user.trim()).ok()?;
    load_authz(pool, ws, Actor::User { id, label: String::new() }).await.ok()
}

/// For each of `perms`, the active members of the workspace (id, name) who have it in
/// `unit`: who may be asked, assigned or told there. Each person's rights are read once,
/// whatever the number of permissions asked.
pub async fn eligible<const N: usize>(
    pool: &AnyPool,
    ws: WorkspaceId,
    unit: UnitId,
    perms: [portico_kernel::Permission; N],
) -> Result<[Vec<(String, String)>; N], AppError> {
    let mut out: [Vec<(String, String)>; N] = std::array::from_fn(|_| Vec::new());
    for (id, name) in active_members(pool, ws).await? {
        let Some(authz) = authz_of(pool, ws, &id).await else { continue };
        for (list, perm) in out.iter_mut().zip(perms) {
            if authz.unit_cap(perm, unit).is_ok() {
                list.push((id.clone(), name.clone()));
            }
        }
    }
    Ok(out)
}

/// The active members of the workspace (id, name) who have `perm` in at least one of
/// `units`, by name: who may be chosen for something done in one of them. Each person's
/// rights are read once, whatever the number of units.
pub async fn eligible_in_any(
    pool: &AnyPool,
    ws: WorkspaceId,
    units: &[UnitId],
    perm: portico_kernel::Permission,
) -> Result<Vec<(String, String)>, AppError> {
    let mut out = Vec::new();
    for (id, name) in active_members(pool, ws).await? {
        let Some(authz) = authz_of(pool, ws, &id).await else { continue };
        if units.iter().any(|u| authz.unit_cap(perm, *u).is_ok()) {
            out.push((id, name));
        }
    }
    out.sort_by_key(|(_, name)| name.to_lowercase());
    Ok(out)
}

/// The workspace's active members (id, name), by name: the first 200.
async fn active_members(pool: &AnyPool, ws: WorkspaceId) -> Result<Vec<(String, String)>, AppError> {
    sqlx::query_as(
        "SELECT id, name FROM users WHERE workspace_id = $1 AND status = 'active' ORDER BY lower(name), id LIMIT 200",
    )
    .bind(ws.to_db())
    .fetch_all(pool)
    .await
    .db()
}

/// Whether person `user` (an id) is an active member of `ws` with `perm` in `unit`: someone
/// to assign, tell, invite or ask about what happens there.
pub async fn may(pool: &AnyPool, ws: WorkspaceId, user: &str, unit: UnitId, perm: portico_kernel::Permission) -> bool {
    authz_of(pool, ws, user).await.is_some_and(|authz| authz.unit_cap(perm, unit).is_ok())
}

/// Resolve a user (or a token acting for one) into an [`Authz`].
pub async fn load_authz(pool: &AnyPool, ws: WorkspaceId, actor: Actor) -> Result<Authz, AppError> {
    let Some(user) = actor.user_id() else {
        return Err(AppError::forbidden());
    };
    let tree = Arc::new(load_tree(pool, ws).await?);
    // The caller's grants with their roles, in one query: this runs on every request.
    #[derive(sqlx::FromRow)]
    struct GrantedRole {
        unit_id: String,
        #[sqlx(flatten)]
        role: RoleRow,
    }
    let rows: Vec<GrantedRole> = sqlx::query_as(
        "SELECT g.unit_id, r.id, r.builtin_key, r.name, r.permissions FROM grants g JOIN roles r ON r.id = g.role_id
         WHERE g.workspace_id = $1 AND g.user_id = $2 ORDER BY g.id",
    )
    .bind(ws.to_db())
    .bind(user.to_db())
    .fetch_all(pool)
    .await
    .db()?;
    let mut roles: HashMap<String, Arc<Role>> = HashMap::new();
    let mut grants = Vec::new();
    for row in rows {
        let unit: UnitId = parse_db_id(&row.unit_id)?;
        if !tree.contains(unit) {
            continue;
        }
        let role = match roles.get(&row.role.id) {
            Some(r) => r.clone(),
            None => {
                let key = row.role.id.clone();
                let r = Arc::new(row.role.into_role()?);
                roles.insert(key, r.clone());
                r
            }
        };
        grants.push((role, unit));
    }
    Ok(Authz::new(ws, actor, grants, tree))
}

/// Full rights over a workspace for the command line and background jobs.
pub async fn system_authz(pool: &AnyPool, ws: WorkspaceId, label: &str) -> Result<Authz, AppError> {
    Ok(Authz::system(ws, Arc::new(load_tree(pool, ws).await?), label))
}

/// The Owner grants of a workspace, as (grant id, user id).
pub async fn owners(pool: &AnyPool, ws: WorkspaceId) -> Result<Vec<(String, String)>, AppError> {
    sqlx::query_as(
        "SELECT g.id, g.user_id FROM grants g JOIN roles r ON r.id = g.role_id WHERE g.workspace_id = $1 AND r.builtin_key = 'owner'",
    )
    .bind(ws.to_db())
    .fetch_all(pool)
    .await
    .db()
}
