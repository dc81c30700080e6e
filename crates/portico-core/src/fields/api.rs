//! Custom field definitions and values over the API.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portico_fields::{FieldDef, FieldInput};
use portico_http::api::{ErrorBody, List, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, ApiQuery, Caller};
use portico_http::state::AppState;
use portico_kernel::{AppError, ErrorCode};
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FieldQuery {
    /// A record kind that takes custom fields, e.g. unit, user or file.
    pub record_type: Option<String>,
}

/// The registered kind named by a field definition, if it takes custom fields.
pub fn fields_kind(s: &AppState, name: &str) -> Result<&'static str, AppError> {
    s.registry()
        .get(name)
        .filter(|k| k.custom_fields())
        .map(|k| k.name())
        .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "record_type"))
}

/// Custom field definitions, in display order. Everyone may read them; admins change them.
#[utoipa::path(get, path = "/api/v1/custom-fields", tag = "custom fields", params(FieldQuery),
    responses((status = 200, body = List<FieldDef>), (status = 422, body = ErrorBody)))]
async fn list_fields(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<FieldQuery>,
) -> Result<Json<List<FieldDef>>, ApiError> {
    // Only a kind that takes custom fields is looked for (anything else names nothing).
    let kind = q.record_type.as_deref().map(|k| fields_kind(&s, k)).transpose()?;
    let items = portico_fields::list(s.db.pool(), caller.authz.as_ref(), kind).await?;
    Ok(Json(List { items, next_cursor: None }))
}

#[utoipa::path(post, path = "/api/v1/custom-fields", tag = "custom fields", request_body = FieldInput,
    responses((status = 201, body = FieldDef), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_field(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<FieldInput>,
) -> Result<(StatusCode, Json<FieldDef>), ApiError> {
    let admin = caller.authz.admin()?;
    let kind = fields_kind(&s, &body.record_type)?;
    Ok((StatusCode::CREATED, Json(portico_fields::define(&s.db, &admin, kind, &body, s.clock.now_micros()).await?)))
}

#[utoipa::path(patch, path = "/api/v1/custom-fields/{id}", tag = "custom fields", request_body = FieldInput,
    responses((status = 200, body = FieldDef), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_field(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<FieldInput>,
) -> Result<Json<FieldDef>, ApiError> {
    let admin = caller.authz.admin()?;
    Ok(Json(portico_fields::update(&s.db, &admin, path_id(&id)?, &body, s.clock.now_micros()).await?))
}

#[utoipa::path(delete, path = "/api/v1/custom-fields/{id}", tag = "custom fields", responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_field(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let admin = caller.authz.admin()?;
    portico_fields::delete(&s.db, &admin, path_id(&id)?, s.clock.now_micros()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Custom field values of one record (unit, user or file).
#[utoipa::path(get, path = "/api/v1/custom-values/{record_type}/{id}", tag = "custom fields",
    responses((status = 200, body = Object), (status = 404, body = ErrorBody)))]
async fn get_values(
    State(s): State<AppState>,
    caller: Caller,
    Path((record_type, id)): Path<(String, String)>,
) -> Result<Json<Map<String, Value>>, ApiError> {
    let target = portico_http::custom::access(&s, &caller, &record_type, &id, false).await?;
    Ok(Json(portico_fields::load_values(s.db.pool(), caller.authz.as_ref(), target.kind, &id).await?))
}

/// Set some custom field values of a record; keys left out keep their value. Errors name `custom.<key>`.
#[utoipa::path(patch, path = "/api/v1/custom-values/{record_type}/{id}", tag = "custom fields", request_body = Object,
    responses((status = 200, body = Object), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_values(
    State(s): State<AppState>,
    caller: Caller,
    Path((record_type, id)): Path<(String, String)>,
    ApiJson(body): ApiJson<Map<String, Value>>,
) -> Result<Json<Map<String, Value>>, ApiError> {
    let authz = caller.authz.as_ref();
    let target = portico_http::custom::access(&s, &caller, &record_type, &id, true).await?;
    let prepared = portico_fields::prepare(s.db.pool(), authz, target.kind, &id, &body).await?;
    Ok(Json(portico_fields::save(&s.db, authz.actor(), authz, target.unit, prepared, s.clock.now_micros()).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_fields, create_field))
        .routes(routes!(update_field, delete_field))
        .routes(routes!(get_values, set_values))
}
