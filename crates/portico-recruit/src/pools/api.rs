//! Talent pools through the API: pools of the units the caller sees, and their candidates.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portico_authz::units::parse_unit;
use portico_http::api::{ErrorBody, List, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, Caller};
use portico_http::state::AppState;
use portico_kernel::AppError;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Pool, PoolInput, PoolMember};
use crate::VIEW;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_pools, create_pool))
        .routes(routes!(get_pool, update_pool, delete_pool))
        .routes(routes!(list_members, add_member))
        .routes(routes!(remove_member))
}

#[derive(Deserialize, ToSchema)]
pub struct NewPool {
    pub unit_id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Deserialize, ToSchema)]
pub struct NewMember {
    pub candidate_id: String,
}

/// The talent pools of the units the caller sees.
#[utoipa::path(get, path = "/api/v1/recruit/pools", tag = "recruit", responses((status = 200, body = List<Pool>)))]
async fn list_pools(State(s): State<AppState>, caller: Caller) -> Result<Json<List<Pool>>, ApiError> {
    let scope = caller.authz.scope(VIEW)?;
    Ok(Json(List { items: super::list(s.db.pool(), &scope).await?, next_cursor: None }))
}

#[utoipa::path(post, path = "/api/v1/recruit/pools", tag = "recruit", request_body = NewPool,
    responses((status = 201, body = Pool), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_pool(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<NewPool>,
) -> Result<(StatusCode, Json<Pool>), ApiError> {
    let unit = parse_unit("unit_id", &b.unit_id)?;
    let input = PoolInput { name: b.name, description: b.description };
    let id = super::create(&s.db, s.clock.as_ref(), &caller.authz, unit, &input).await?;
    let scope = caller.authz.scope(VIEW)?;
    Ok((StatusCode::CREATED, Json(super::get(s.db.pool(), &scope, &id).await?)))
}

fn scope(caller: &Caller) -> Result<portico_authz::Scope, AppError> {
    caller.authz.scope(VIEW).map_err(|_| AppError::not_found())
}

#[utoipa::path(get, path = "/api/v1/recruit/pools/{id}", tag = "recruit",
    responses((status = 200, body = Pool), (status = 404, body = ErrorBody)))]
async fn get_pool(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<Pool>, ApiError> {
    let id: uuid::Uuid = path_id(&id)?;
    Ok(Json(super::get(s.db.pool(), &scope(&caller)?, &id.to_string()).await?))
}

/// Rename a pool or change its description.
#[utoipa::path(patch, path = "/api/v1/recruit/pools/{id}", tag = "recruit", request_body = PoolInput,
    responses((status = 200, body = Pool), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_pool(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<PoolInput>,
) -> Result<Json<Pool>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    super::update(&s.db, s.clock.as_ref(), &caller.authz, &id, &b).await?;
    Ok(Json(super::get(s.db.pool(), &scope(&caller)?, &id).await?))
}

/// Remove a pool; its candidates stay.
#[utoipa::path(delete, path = "/api/v1/recruit/pools/{id}", tag = "recruit",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_pool(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    super::delete(&s.db, s.clock.as_ref(), &caller.authz, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The pool's candidates the caller may see, newest first.
#[utoipa::path(get, path = "/api/v1/recruit/pools/{id}/candidates", tag = "recruit",
    responses((status = 200, body = List<PoolMember>), (status = 404, body = ErrorBody)))]
async fn list_members(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<List<PoolMember>>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    Ok(Json(List { items: super::members(s.db.pool(), &scope(&caller)?, &id).await?, next_cursor: None }))
}

/// Add a candidate to the pool (adding twice changes nothing).
#[utoipa::path(post, path = "/api/v1/recruit/pools/{id}/candidates", tag = "recruit", request_body = NewMember,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_member(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NewMember>,
) -> Result<StatusCode, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let candidate = uuid::Uuid::parse_str(&b.candidate_id)
        .map_err(|_| AppError::field(portico_kernel::ErrorCode::InvalidValue, "candidate_id"))?;
    super::add(&s.db, s.clock.as_ref(), &caller.authz, &id, &candidate.to_string()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Take a candidate out of the pool.
#[utoipa::path(delete, path = "/api/v1/recruit/pools/{id}/candidates/{candidate}", tag = "recruit",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn remove_member(
    State(s): State<AppState>,
    caller: Caller,
    Path((id, candidate)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let candidate = path_id::<uuid::Uuid>(&candidate)?.to_string();
    super::remove(&s.db, s.clock.as_ref(), &caller.authz, &id, &candidate).await?;
    Ok(StatusCode::NO_CONTENT)
}
