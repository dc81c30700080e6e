use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portico_authz::{Role, store};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use portico_http::api::{ErrorBody, List, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, Caller};
use portico_http::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_roles, create_role)).routes(routes!(delete_role))
}

#[derive(Serialize, ToSchema)]
pub struct RoleView {
    pub id: String,
    pub name: String,
    /// owner | admin | manager | member, or null for a custom role.
    pub builtin: Option<String>,
    pub permissions: Vec<String>,
}

impl From<Role> for RoleView {
    fn from(r: Role) -> Self {
        RoleView {
            id: r.id.to_db(),
            name: r.name,
            builtin: r.builtin.map(|b| b.key().to_string()),
            permissions: r.permissions.iter().map(ToString::to_string).collect(),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/roles", tag = "roles", responses((status = 200, body = List<RoleView>), (status = 401, body = ErrorBody)))]
async fn list_roles(State(s): State<AppState>, caller: Caller) -> Result<Json<List<RoleView>>, ApiError> {
    caller.authz.scope(portico_authz::units::VIEW)?;
    let roles = store::list_roles(s.db.pool(), caller.authz.workspace()).await?;
    Ok(Json(List { items: roles.into_iter().map(RoleView::from).collect(), next_cursor: None }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRole {
    pub name: String,
    /// Permission names like `core.view`, `core.export` (each module adds its own).
    pub permissions: Vec<String>,
}

/// Create a custom role from the permission list (admins).
#[utoipa::path(post, path = "/api/v1/roles", tag = "roles", request_body = NewRole,
    responses((status = 201, body = RoleView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_role(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewRole>,
) -> Result<(StatusCode, Json<RoleView>), ApiError> {
    let id = super::service::create(&s.db, s.clock.as_ref(), &caller.authz, &body.name, &body.permissions).await?;
    let role = store::role(s.db.pool(), caller.authz.workspace(), id).await?;
    Ok((StatusCode::CREATED, Json(role.into())))
}

#[utoipa::path(delete, path = "/api/v1/roles/{id}", tag = "roles", responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_role(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    super::service::delete(&s.db, s.clock.as_ref(), &caller.authz, path_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
