use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portico_authz::units::{self, Unit};

use super::service::{self, UnitInput};
use portico_kernel::{AppError, UnitId};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use portico_http::api::{ErrorBody, List, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, Caller};
use portico_http::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_units, create_unit))
        .routes(routes!(get_unit, update_unit, archive_unit))
        .routes(routes!(move_unit))
}

#[derive(Serialize, ToSchema)]
pub struct UnitDetail {
    #[serde(flatten)]
    pub unit: Unit,
    /// Values of the workspace's custom fields for units.
    pub custom_fields: Map<String, Value>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUnit {
    pub parent_id: String,
    pub name: String,
    #[serde(default)]
    pub kind: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitPatch {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub custom_fields: Option<Map<String, Value>>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveTo {
    pub parent_id: String,
}

/// Units the caller can see, in tree order.
#[utoipa::path(get, path = "/api/v1/units", tag = "units", responses((status = 200, body = List<Unit>), (status = 401, body = ErrorBody)))]
async fn list_units(caller: Caller) -> Result<Json<List<Unit>>, ApiError> {
    let scope = caller.authz.scope(units::VIEW)?;
    Ok(Json(List { items: units::list(&caller.authz, &scope), next_cursor: None }))
}

#[utoipa::path(post, path = "/api/v1/units", tag = "units", request_body = NewUnit,
    responses((status = 201, body = UnitDetail), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_unit(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewUnit>,
) -> Result<(StatusCode, Json<UnitDetail>), ApiError> {
    let parent = units::parse_unit("parent_id", &body.parent_id)?;
    let id =
        service::create(&s.db, s.clock.as_ref(), &caller.authz, parent, UnitInput { name: body.name, kind: body.kind })
            .await?;
    let authz = reload(&s, &caller).await?;
    Ok((StatusCode::CREATED, Json(detail(&s, &authz, id).await?)))
}

async fn reload(s: &AppState, caller: &Caller) -> Result<portico_authz::Authz, AppError> {
    portico_authz::store::load_authz(s.db.pool(), caller.authz.workspace(), caller.authz.actor().clone()).await
}

async fn detail(s: &AppState, authz: &portico_authz::Authz, id: UnitId) -> Result<UnitDetail, AppError> {
    let unit = units::get(authz, id)?;
    let custom_fields = portico_fields::load_values(s.db.pool(), authz, units::KIND, &id.to_db()).await?;
    Ok(UnitDetail { unit, custom_fields })
}

#[utoipa::path(get, path = "/api/v1/units/{id}", tag = "units", responses((status = 200, body = UnitDetail), (status = 404, body = ErrorBody)))]
async fn get_unit(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<UnitDetail>, ApiError> {
    Ok(Json(detail(&s, &caller.authz, path_id(&id)?).await?))
}

/// Rename, change kind, or set custom field values.
#[utoipa::path(patch, path = "/api/v1/units/{id}", tag = "units", request_body = UnitPatch,
    responses((status = 200, body = UnitDetail), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_unit(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<UnitPatch>,
) -> Result<Json<UnitDetail>, ApiError> {
    let id: UnitId = path_id(&id)?;
    let current = units::get(&caller.authz, id)?;
    let cap = caller.authz.unit_cap(units::MANAGE, id)?;
    // Check custom values first, so bad input changes nothing.
    let custom = match &body.custom_fields {
        Some(values) => Some(portico_fields::prepare(s.db.pool(), &cap, units::KIND, &id.to_db(), values).await?),
        None => None,
    };
    let input = UnitInput { name: body.name.unwrap_or(current.name), kind: body.kind.unwrap_or(current.kind) };
    service::update(&s.db, s.clock.as_ref(), &caller.authz, id, input, custom).await?;
    let authz = reload(&s, &caller).await?;
    Ok(Json(detail(&s, &authz, id).await?))
}

/// Archive an empty unit (no sub-units, no members).
#[utoipa::path(delete, path = "/api/v1/units/{id}", tag = "units", responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn archive_unit(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    service::archive(&s.db, s.clock.as_ref(), &caller.authz, path_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Move a unit under another parent (admins).
#[utoipa::path(post, path = "/api/v1/units/{id}/move", tag = "units", request_body = MoveTo,
    responses((status = 200, body = UnitDetail), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn move_unit(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MoveTo>,
) -> Result<Json<UnitDetail>, ApiError> {
    let id: UnitId = path_id(&id)?;
    let parent = units::parse_unit("parent_id", &body.parent_id)?;
    service::move_to(&s.db, s.clock.as_ref(), &caller.authz, id, parent).await?;
    let authz = reload(&s, &caller).await?;
    Ok(Json(detail(&s, &authz, id).await?))
}
