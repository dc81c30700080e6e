//! "Why can this person do this here?": the permission explainer (admins).

use axum::Json;
use axum::extract::State;
use portico_authz::{Explanation, store};
use portico_http::api::ErrorBody;
use portico_http::error::ApiError;
use portico_http::extract::{ApiQuery, Caller};
use portico_http::state::AppState;
use portico_kernel::{AppError, ErrorCode, Permission, UserId};
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ExplainQuery {
    pub user_id: String,
    pub unit_id: String,
    /// e.g. `core.view`
    pub permission: String,
}

/// Why a user can or cannot do something in a unit (admins).
#[utoipa::path(get, path = "/api/v1/authz/explain", tag = "roles", params(ExplainQuery), responses((status = 200, body = Object), (status = 403, body = ErrorBody)))]
pub(crate) async fn explain(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ExplainQuery>,
) -> Result<Json<Explanation>, ApiError> {
    Ok(Json(explain_for(&s, &caller, &q.user_id, &q.unit_id, &q.permission).await?))
}

pub async fn explain_for(
    s: &AppState,
    caller: &Caller,
    user: &str,
    unit: &str,
    permission: &str,
) -> Result<Explanation, AppError> {
    let ws = caller.authz.admin()?.workspace();
    let user: UserId = user.parse().map_err(|_| AppError::field(ErrorCode::InvalidValue, "user_id"))?;
    let unit = portico_authz::units::parse_unit("unit_id", unit)?;
    let permission: Permission =
        permission.parse().map_err(|_| AppError::field(ErrorCode::InvalidValue, "permission"))?;
    portico_auth::users::get(s.db.pool(), &caller.authz, user).await.map_err(|e| e.or_field("user_id"))?;
    let target =
        store::load_authz(s.db.pool(), ws, portico_kernel::Actor::User { id: user, label: String::new() }).await?;
    Ok(target.explain(permission, unit))
}
