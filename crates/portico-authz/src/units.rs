//! Units, the compartments of a workspace, as the caller sees them: reads go through a
//! [`Scope`]. The core module's unit service makes the writes.

use portico_kernel::ids::parse_db_id;
use portico_kernel::perm;
use portico_kernel::{AppError, ErrorCode, Permission, UnitId};
use serde::Serialize;

use crate::{Authz, Scope};

/// The record kind of units.
pub const KIND: &str = "unit";
pub const VIEW: Permission = Permission::new(perm::CORE, perm::VIEW);
/// Shaping the tree is administration: workspace admins, or a custom role
/// holding core.admin on a region, which then manages the units below it.
pub const MANAGE: Permission = Permission::new(perm::CORE, perm::ADMIN);

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

/// Parse a unit id from user input, naming the field when it is malformed.
pub fn parse_unit(field: &str, s: &str) -> Result<UnitId, AppError> {
    parse_db_id::<UnitId>(s.trim()).map_err(|_| AppError::field(ErrorCode::InvalidValue, field))
}
