use portico_kernel::perm;
use portico_kernel::{PermSet, RoleId};
use serde::Serialize;

/// The four roles every workspace has. Their permissions live in code so an
/// upgrade can extend them; custom roles store theirs in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BuiltinRole {
    Owner,
    Admin,
    Manager,
    Member,
}

impl BuiltinRole {
    pub const ALL: [BuiltinRole; 4] =
        [BuiltinRole::Owner, BuiltinRole::Admin, BuiltinRole::Manager, BuiltinRole::Member];

    pub fn key(self) -> &'static str {
        match self {
            BuiltinRole::Owner => "owner",
            BuiltinRole::Admin => "admin",
            BuiltinRole::Manager => "manager",
            BuiltinRole::Member => "member",
        }
    }

    pub fn from_key(key: &str) -> Option<BuiltinRole> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }

    pub fn default_name(self) -> &'static str {
        match self {
            BuiltinRole::Owner => "Owner",
            BuiltinRole::Admin => "Admin",
            BuiltinRole::Manager => "Manager",
            BuiltinRole::Member => "Member",
        }
    }

    /// What the role holds in every registered module: all of it for Owner and Admin; for
    /// Manager and Member, what each module's catalogue entries give them.
    pub fn permissions(self) -> PermSet {
        perm::entries()
            .into_iter()
            .filter(|e| match self {
                BuiltinRole::Owner | BuiltinRole::Admin => true,
                BuiltinRole::Manager => e.manager,
                BuiltinRole::Member => e.member,
            })
            .map(|e| e.permission)
            .collect()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Role {
    pub id: RoleId,
    pub name: String,
    pub builtin: Option<BuiltinRole>,
    pub permissions: PermSet,
}

impl Role {
    /// Whether this is the built-in role `key` (`owner`, `admin`, `manager`, `member`).
    pub fn is_builtin(&self, key: &str) -> bool {
        self.builtin.is_some_and(|b| b.key() == key)
    }

    /// Owner and Admin see and manage the whole workspace wherever they are granted.
    pub fn is_workspace_admin(&self) -> bool {
        matches!(self.builtin, Some(BuiltinRole::Owner | BuiltinRole::Admin))
    }
}
