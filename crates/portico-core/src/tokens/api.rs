use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portico_auth::api_tokens::MAX_TOKEN_DAYS;
use portico_auth::api_tokens::{self, ApiToken};
use portico_authz::role_admin::parse_permissions;
use portico_kernel::PermSet;
use portico_kernel::validate::{MICROS_PER_DAY, bounded_duration};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use portico_http::api::{ErrorBody, List, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, Caller};
use portico_http::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_tokens, create_token)).routes(routes!(revoke_token))
}

/// The caller's personal API tokens (secrets are never shown again).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens", responses((status = 200, body = List<ApiToken>), (status = 401, body = ErrorBody)))]
async fn list_tokens(State(s): State<AppState>, caller: Caller) -> Result<Json<List<ApiToken>>, ApiError> {
    Ok(Json(List { items: api_tokens::list(s.db.pool(), &caller.authz).await?, next_cursor: None }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    pub name: String,
    /// Limit the token to these permissions; empty for all of yours.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Days until it expires (1–3650); none for never, or for as long as the token making it lives.
    pub expires_in_days: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedToken {
    pub id: String,
    /// Shown once. Send it as `Authorization: Bearer <token>`.
    pub token: String,
}

#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens", request_body = NewToken,
    responses((status = 201, body = CreatedToken), (status = 422, body = ErrorBody)))]
async fn create_token(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewToken>,
) -> Result<(StatusCode, Json<CreatedToken>), ApiError> {
    let scopes = if body.scopes.is_empty() {
        PermSet::new()
    } else {
        parse_permissions(&body.scopes).map_err(|e| portico_kernel::AppError { field: Some("scopes".into()), ..e })?
    };
    let expires = match body.expires_in_days {
        Some(d) => Some(s.clock.now_micros() + bounded_duration("expires_in_days", d, MAX_TOKEN_DAYS, MICROS_PER_DAY)?),
        None => None,
    };
    let (id, token) = api_tokens::create(&s.db, s.clock.as_ref(), &caller.authz, &body.name, &scopes, expires).await?;
    Ok((StatusCode::CREATED, Json(CreatedToken { id: id.to_db(), token })))
}

#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens", responses((status = 204), (status = 404, body = ErrorBody)))]
async fn revoke_token(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    api_tokens::revoke(&s.db, s.clock.as_ref(), &caller.authz, path_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
