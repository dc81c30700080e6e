use axum::Json;
use portico_kernel::Permission;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use portico_http::error::ApiError;
use portico_http::extract::Caller;
use portico_http::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(me))
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub id: String,
    pub name: String,
    pub email: String,
    pub workspace_id: String,
    pub locale: String,
    pub is_admin: bool,
    /// Permissions held somewhere in the workspace.
    pub permissions: Vec<String>,
}

/// The caller: who they are and what they may do.
#[utoipa::path(get, path = "/api/v1/me", tag = "account", responses((status = 200, body = Me), (status = 401, body = portico_http::api::ErrorBody)))]
async fn me(caller: Caller) -> Result<Json<Me>, ApiError> {
    let permissions = Permission::all().into_iter().filter(|p| caller.authz.can(*p)).map(|p| p.to_string()).collect();
    Ok(Json(Me {
        id: caller.user.to_db(),
        name: caller.name.clone(),
        email: caller.email.clone(),
        workspace_id: caller.authz.workspace().to_db(),
        locale: caller.locale.code().into(),
        is_admin: caller.authz.is_admin(),
        permissions,
    }))
}
