//! Authorization as types. The HTTP layer resolves a caller once into an
//! [`Authz`]; services then ask it for a [`Scope`] (which units a permission
//! reaches) or a [`UnitCap`] (the right to act in one unit). Both can only be
//! made here, from real grants, so no query can forget the check.

mod authz;
mod roles;
mod tree;

pub mod relation;
pub mod role_admin;
pub mod store;
pub mod units;

pub use authz::{Authz, Explanation, Reason, Scope, Tenant, TokenLimits, UnitCap, WorkspaceAdmin};
pub use relation::Relation;
pub use roles::{BuiltinRole, Role};
pub use tree::{UnitNode, UnitTree};
