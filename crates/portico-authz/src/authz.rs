use std::sync::Arc;

use portico_kernel::perm;
use portico_kernel::{Actor, AppError, PermSet, Permission, UnitId, UserId, WorkspaceId};

use crate::{Role, UnitTree};

#[derive(Debug, Clone)]
struct Grant {
    role: Arc<Role>,
    unit: UnitId,
}

/// A resolved caller: workspace, actor and grants. Made once per request.
#[derive(Debug, Clone)]
pub struct Authz {
    workspace: WorkspaceId,
    actor: Actor,
    grants: Vec<Grant>,
    tree: Arc<UnitTree>,
    /// Set when the caller acts through an API token.
    token: Option<TokenLimits>,
    /// "View as" previews see what a role sees but can change nothing.
    preview: bool,
}

/// What an API token may do beyond its owner's grants: a subset of them, until it expires.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TokenLimits {
    /// `None`: all of the owner's permissions.
    pub scopes: Option<PermSet>,
    pub expires_at: Option<portico_kernel::Timestamp>,
}

/// The units a permission reaches, for list/search/report/export queries.
#[derive(Debug, Clone)]
pub struct Scope {
    workspace: WorkspaceId,
    units: Option<Arc<Vec<UnitId>>>,
}

/// The right to perform one permission in one unit, for one actor. Only [`Authz::unit_cap`]
/// makes one.
#[derive(Debug, Clone)]
pub struct UnitCap {
    workspace: WorkspaceId,
    unit: UnitId,
    permission: Permission,
    actor: Actor,
}

/// The right to administer a whole workspace (core.admin over all of it): settings, users,
/// roles, webhooks, custom fields, the audit log. Only [`Authz::admin`] makes one.
#[derive(Debug, Clone)]
pub struct WorkspaceAdmin {
    workspace: WorkspaceId,
    actor: Actor,
}

/// A proof of belonging to a workspace, taken by store functions that read or write its
/// data instead of a bare workspace id: a resolved caller, or a capability it produced.
pub trait Tenant: sealed::Sealed {
    fn workspace(&self) -> WorkspaceId;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Authz {}
    impl Sealed for super::Scope {}
    impl Sealed for super::UnitCap {}
    impl Sealed for super::WorkspaceAdmin {}
}

impl Tenant for Authz {
    fn workspace(&self) -> WorkspaceId {
        self.workspace
    }
}
impl Tenant for Scope {
    fn workspace(&self) -> WorkspaceId {
        self.workspace
    }
}
impl Tenant for UnitCap {
    fn workspace(&self) -> WorkspaceId {
        self.workspace
    }
}
impl Tenant for WorkspaceAdmin {
    fn workspace(&self) -> WorkspaceId {
        self.workspace
    }
}

impl UnitCap {
    pub fn workspace(&self) -> WorkspaceId {
        self.workspace
    }
    pub fn unit(&self) -> UnitId {
        self.unit
    }
    pub fn permission(&self) -> Permission {
        self.permission
    }
    pub fn actor(&self) -> &Actor {
        &self.actor
    }
}

impl WorkspaceAdmin {
    pub fn workspace(&self) -> WorkspaceId {
        self.workspace
    }
    pub fn actor(&self) -> &Actor {
        &self.actor
    }
}

/// Why a caller can or cannot do something in a unit.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Explanation {
    pub allowed: bool,
    pub reasons: Vec<Reason>,
}

/// One line of an explanation; units are given as paths ("Region › Agency").
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// The role, granted on `granted_on`, includes the permission and reaches the unit.
    Grants {
        role: String,
        granted_on: String,
        permission: String,
        unit: String,
    },
    /// The role includes the permission, but the unit is outside the granted subtree.
    OutsideReach {
        role: String,
        granted_on: String,
        permission: String,
        unit: String,
    },
    /// The role does not include the permission.
    NotInRole {
        role: String,
        granted_on: String,
        permission: String,
    },
    NoRole,
    /// An API token limited to other permissions.
    TokenScope {
        permission: String,
    },
    /// "View as" previews change nothing.
    PreviewReadOnly,
}

impl Authz {
    pub(crate) fn new(
        workspace: WorkspaceId,
        actor: Actor,
        grants: Vec<(Arc<Role>, UnitId)>,
        tree: Arc<UnitTree>,
    ) -> Self {
        let grants = grants.into_iter().map(|(role, unit)| Grant { role, unit }).collect();
        Authz { workspace, actor, grants, tree, token: None, preview: false }
    }

    /// Full rights for background work and the command line, which act for the system.
    /// Reached only through [`crate::store::system_authz`]; the HTTP layer never uses it.
    pub(crate) fn system(workspace: WorkspaceId, tree: Arc<UnitTree>, label: &str) -> Self {
        let root = tree.root().unwrap_or_default();
        let role = Arc::new(Role {
            id: Default::default(),
            name: "System".into(),
            builtin: Some(crate::BuiltinRole::Owner),
            permissions: Permission::all().into_iter().collect(),
        });
        Authz::new(workspace, Actor::System { label: label.into() }, vec![(role, root)], tree)
    }

    /// The caller acts through an API token with these limits.
    pub fn through_token(mut self, limits: TokenLimits) -> Self {
        self.token = Some(limits);
        self
    }

    /// The limits of the API token the caller acts through, if any.
    pub fn token_limits(&self) -> Option<&TokenLimits> {
        self.token.as_ref()
    }

    fn token_scopes(&self) -> Option<&PermSet> {
        self.token.as_ref().and_then(|t| t.scopes.as_ref())
    }

    /// What `role` granted on `unit` would see: read-only, for admins testing permissions.
    pub fn preview_as(&self, role: Arc<Role>, unit: UnitId) -> Result<Authz, AppError> {
        self.require_workspace(Permission::new(perm::CORE, perm::ADMIN))?;
        if !self.tree.contains(unit) {
            return Err(AppError::not_found());
        }
        let mut a = Authz::new(self.workspace, self.actor.clone(), vec![(role, unit)], self.tree.clone());
        a.preview = true;
        Ok(a)
    }

    pub fn workspace(&self) -> WorkspaceId {
        self.workspace
    }
    pub fn actor(&self) -> &Actor {
        &self.actor
    }
    pub fn user_id(&self) -> Option<UserId> {
        self.actor.user_id()
    }
    pub fn tree(&self) -> &Arc<UnitTree> {
        &self.tree
    }
    pub fn is_preview(&self) -> bool {
        self.preview
    }

    fn allowed_by_limits(&self, p: Permission) -> bool {
        (!self.preview || p.action() == perm::VIEW) && self.token_scopes().is_none_or(|s| s.contains(&p))
    }

    fn reaches_all(&self, g: &Grant) -> bool {
        g.role.is_workspace_admin() || Some(g.unit) == self.tree.root()
    }

    fn grants_with(&self, p: Permission) -> impl Iterator<Item = &Grant> {
        let ok = self.allowed_by_limits(p);
        self.grants.iter().filter(move |g| ok && g.role.permissions.contains(&p))
    }

    /// Holds `p` somewhere in the workspace.
    pub fn can(&self, p: Permission) -> bool {
        self.grants_with(p).next().is_some()
    }

    /// Holds `p` over the whole workspace (settings, users, roles, audit…).
    pub fn can_workspace(&self, p: Permission) -> bool {
        self.grants_with(p).any(|g| self.reaches_all(g))
    }

    /// Holds `p` over the whole workspace, or forbidden.
    pub fn require_workspace(&self, p: Permission) -> Result<(), AppError> {
        if self.can_workspace(p) { Ok(()) } else { Err(AppError::forbidden()) }
    }

    /// The right to administer the whole workspace, or forbidden.
    pub fn admin(&self) -> Result<WorkspaceAdmin, AppError> {
        self.require_workspace(Permission::new(perm::CORE, perm::ADMIN))?;
        Ok(WorkspaceAdmin { workspace: self.workspace, actor: self.actor.clone() })
    }

    /// Holds the Owner role (in person: not through a scoped token or a preview).
    /// Only owners make or unmake owners.
    pub fn is_owner(&self) -> bool {
        !self.preview
            && self.token_scopes().is_none()
            && self.grants.iter().any(|g| g.role.builtin == Some(crate::BuiltinRole::Owner))
    }

    pub fn is_admin(&self) -> bool {
        self.can_workspace(Permission::new(perm::CORE, perm::ADMIN))
    }

    /// The units where `p` applies. Forbidden when it applies nowhere.
    pub fn scope(&self, p: Permission) -> Result<Scope, AppError> {
        let mut units: Vec<UnitId> = Vec::new();
        let mut any = false;
        for g in self.grants_with(p) {
            any = true;
            if self.reaches_all(g) {
                return Ok(Scope { workspace: self.workspace, units: None });
            }
            for u in self.tree.subtree(g.unit) {
                if !units.contains(&u) {
                    units.push(u);
                }
            }
        }
        if !any {
            return Err(AppError::forbidden());
        }
        Ok(Scope { workspace: self.workspace, units: Some(Arc::new(units)) })
    }

    fn covers(&self, p: Permission, unit: UnitId) -> bool {
        self.grants_with(p).any(|g| self.reaches_all(g) || self.tree.is_within(unit, g.unit))
    }

    /// The right to do `p` in `unit`. A unit the caller cannot even see is
    /// "not found"; one they see but may not change is "forbidden".
    pub fn unit_cap(&self, p: Permission, unit: UnitId) -> Result<UnitCap, AppError> {
        if !self.tree.contains(unit) || !self.sees_unit(unit) {
            return Err(AppError::not_found());
        }
        if !self.covers(p, unit) {
            return Err(AppError::forbidden());
        }
        Ok(UnitCap { workspace: self.workspace, unit, permission: p, actor: self.actor.clone() })
    }

    /// Whether any view permission of any module reaches the unit.
    pub fn sees_unit(&self, unit: UnitId) -> bool {
        perm::modules().into_iter().any(|m| self.covers(Permission::new(m, perm::VIEW), unit))
    }

    /// Explain, grant by grant, why `p` is or is not allowed in `unit`.
    pub fn explain(&self, p: Permission, unit: UnitId) -> Explanation {
        let mut reasons = Vec::new();
        let unit_name = self.tree.path_name(unit);
        let permission = p.to_string();
        if self.preview && p.action() != perm::VIEW {
            reasons.push(Reason::PreviewReadOnly);
        }
        if self.token_scopes().is_some_and(|s| !s.contains(&p)) {
            reasons.push(Reason::TokenScope { permission: permission.clone() });
        }
        for g in &self.grants {
            let (role, granted_on) = (g.role.name.clone(), self.tree.path_name(g.unit));
            let reach = self.reaches_all(g) || self.tree.is_within(unit, g.unit);
            reasons.push(match (g.role.permissions.contains(&p), reach) {
                (true, true) => {
                    Reason::Grants { role, granted_on, permission: permission.clone(), unit: unit_name.clone() }
                }
                (true, false) => {
                    Reason::OutsideReach { role, granted_on, permission: permission.clone(), unit: unit_name.clone() }
                }
                (false, _) => Reason::NotInRole { role, granted_on, permission: permission.clone() },
            });
        }
        if self.grants.is_empty() {
            reasons.push(Reason::NoRole);
        }
        Explanation { allowed: self.tree.contains(unit) && self.covers(p, unit), reasons }
    }
}

impl Scope {
    pub fn workspace(&self) -> WorkspaceId {
        self.workspace
    }
    /// `None` means every unit of the workspace.
    pub fn units(&self) -> Option<&[UnitId]> {
        self.units.as_deref().map(Vec::as_slice)
    }
    pub fn contains(&self, unit: UnitId) -> bool {
        self.units.as_ref().is_none_or(|u| u.contains(&unit))
    }
    /// SQL condition restricting `column` to the scope's units. Unit ids are
    /// typed UUIDs, so writing them as literals cannot inject anything.
    pub fn unit_sql(&self, column: &str) -> String {
        match &self.units {
            None => "1 = 1".into(),
            Some(units) if units.is_empty() => "1 = 0".into(),
            Some(units) => {
                let list: Vec<String> = units.iter().map(|u| format!("'{u}'")).collect();
                format!("{column} IN ({})", list.join(", "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BuiltinRole, UnitNode};

    fn role(b: BuiltinRole) -> Arc<Role> {
        Arc::new(Role {
            id: Default::default(),
            name: b.default_name().into(),
            builtin: Some(b),
            permissions: b.permissions(),
        })
    }

    #[test]
    fn unit_scoped_manager() {
        let (root, a, a1, b) = (UnitId::new(), UnitId::new(), UnitId::new(), UnitId::new());
        let n = |id, parent, name: &str| UnitNode { id, parent, name: name.into(), kind: String::new() };
        let tree = Arc::new(UnitTree::new(vec![
            n(root, None, "W"),
            n(a, Some(root), "A"),
            n(a1, Some(a), "A1"),
            n(b, Some(root), "B"),
        ]));
        let user = Actor::User { id: UserId::new(), label: "m".into() };
        let authz = Authz::new(WorkspaceId::new(), user, vec![(role(BuiltinRole::Manager), a)], tree.clone());
        let view = Permission::new(perm::CORE, perm::VIEW);
        let scope = authz.scope(view).unwrap();
        assert!(scope.contains(a) && scope.contains(a1) && !scope.contains(b) && !scope.contains(root));
        assert_eq!(authz.unit_cap(view, b).unwrap_err().code, portico_kernel::ErrorCode::NotFound);
        assert!(authz.unit_cap(Permission::new(perm::CORE, perm::DELETE), a1).is_ok());
        assert_eq!(
            authz.unit_cap(Permission::new(perm::CORE, perm::ADMIN), a).unwrap_err().code,
            portico_kernel::ErrorCode::Forbidden
        );
        assert!(!authz.is_admin());
        assert!(authz.explain(view, a1).allowed);
        assert!(!authz.explain(view, b).allowed);

        let admin = Authz::new(authz.workspace(), authz.actor().clone(), vec![(role(BuiltinRole::Admin), a)], tree);
        assert!(admin.is_admin());
        assert!(admin.scope(view).unwrap().units().is_none());
        let preview = admin.preview_as(role(BuiltinRole::Member), b).unwrap();
        assert!(preview.can(view) && !preview.can(Permission::new(perm::CORE, perm::CREATE)));
        assert!(authz.preview_as(role(BuiltinRole::Member), b).is_err());
        let limits = TokenLimits { scopes: Some([view].into_iter().collect()), expires_at: None };
        let scoped = admin.clone().through_token(limits);
        assert!(scoped.can(view) && !scoped.is_admin());
    }
}
