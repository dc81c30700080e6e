//! Reading an action's parameters as a rule keeps them (JSON), for every module's actions.

use portico_authz::WorkspaceAdmin;
use portico_db::DbResultExt;
use portico_kernel::{AppError, ErrorCode};
use serde_json::Value;
use sqlx::AnyPool;

/// An error on parameter `part` of the action at `field` (`actions.1`).
pub fn bad(field: &str, part: &str, code: ErrorCode) -> AppError {
    AppError::field(code, format!("{field}.{part}"))
}

/// A text parameter, trimmed; empty when left out.
pub fn text<'a>(params: &'a Value, name: &str) -> &'a str {
    params.get(name).and_then(Value::as_str).map(str::trim).unwrap_or("")
}

/// A list parameter, given as a list or as one value.
pub fn list(params: &Value, name: &str) -> Vec<String> {
    match params.get(name) {
        Some(Value::Array(a)) => {
            a.iter().filter_map(Value::as_str).map(str::to_string).filter(|s| !s.is_empty()).collect()
        }
        Some(Value::String(s)) if !s.is_empty() => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// A yes-or-no parameter.
pub fn flag(params: &Value, name: &str) -> bool {
    params.get(name).is_some_and(|v| v == &Value::Bool(true) || v == &Value::String("on".into()))
}

/// A choice parameter: one of `values`, or empty; refused otherwise.
pub fn choice(params: &Value, name: &str, values: &[&str], at: &str) -> Result<String, AppError> {
    match text(params, name) {
        "" => Ok(String::new()),
        v if values.contains(&v) => Ok(v.to_string()),
        _ => Err(bad(at, name, ErrorCode::InvalidValue)),
    }
}

/// The `users` of an action's parameters, each an active person of the workspace.
pub async fn active_users(
    pool: &AnyPool,
    admin: &WorkspaceAdmin,
    params: &Value,
    at: &str,
) -> Result<Vec<String>, AppError> {
    let users = list(params, "users");
    for u in &users {
        let known: Option<(String,)> =
            sqlx::query_as("SELECT id FROM users WHERE workspace_id = $1 AND id = $2 AND status = 'active'")
                .bind(admin.workspace().to_db())
                .bind(u.clone())
                .fetch_optional(pool)
                .await
                .db()?;
        if known.is_none() {
            return Err(bad(at, "users", ErrorCode::InvalidValue));
        }
    }
    Ok(users)
}
