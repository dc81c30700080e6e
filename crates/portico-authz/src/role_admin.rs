//! Permission lists as people give them (role forms, token scopes).

use portico_kernel::{AppError, ErrorCode, PermSet};

pub const KIND: &str = "role";

pub fn parse_permissions(names: &[String]) -> Result<PermSet, AppError> {
    let mut set = PermSet::new();
    for n in names {
        set.insert(n.parse().map_err(|_| AppError::field(ErrorCode::InvalidValue, "permissions"))?);
    }
    if set.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "permissions"));
    }
    Ok(set)
}
