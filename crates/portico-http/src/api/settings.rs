//! Workspace settings: webhooks, custom fields, and the permission explainer.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portico_authz::{Explanation, store};
use portico_fields::{FieldDef, FieldInput};
use portico_kernel::{AppError, ErrorCode, Permission, UserId};
use portico_webhooks::{Delivery, Webhook};
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{ErrorBody, List, PageQuery, path_id};
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiQuery, Caller};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_webhooks, create_webhook))
        .routes(routes!(delete_webhook))
        .routes(routes!(list_deliveries))
        .routes(routes!(list_fields, create_field))
        .routes(routes!(update_field, delete_field))
        .routes(routes!(get_values, set_values))
        .routes(routes!(explain))
}

#[utoipa::path(get, path = "/api/v1/webhooks", tag = "webhooks", responses((status = 200, body = List<Webhook>), (status = 403, body = ErrorBody)))]
async fn list_webhooks(State(s): State<AppState>, caller: Caller) -> Result<Json<List<Webhook>>, ApiError> {
    let admin = caller.authz.admin()?;
    Ok(Json(List { items: portico_webhooks::list(s.db.pool(), &admin).await?, next_cursor: None }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    pub url: String,
    /// Event names such as `unit.create`; empty or `["*"]` for all.
    #[serde(default)]
    pub events: Vec<String>,
}

/// Subscribe a URL to events. Deliveries are signed: `X-Portico-Signature: t=…,v1=HMAC-SHA256(secret, "t.body")`.
#[utoipa::path(post, path = "/api/v1/webhooks", tag = "webhooks", request_body = NewWebhook,
    responses((status = 201, body = Webhook), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_webhook(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewWebhook>,
) -> Result<(StatusCode, Json<Webhook>), ApiError> {
    let admin = caller.authz.admin()?;
    let hook =
        portico_webhooks::create(&s.db, &admin, s.webhook_policy(), &body.url, &body.events, s.clock.now_micros())
            .await?;
    Ok((StatusCode::CREATED, Json(hook)))
}

#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", tag = "webhooks", responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_webhook(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let admin = caller.authz.admin()?;
    portico_webhooks::deactivate(&s.db, &admin, path_id(&id)?, s.clock.now_micros()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/webhooks/{id}/deliveries", tag = "webhooks", params(PageQuery),
    responses((status = 200, body = List<Delivery>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_deliveries(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<Json<List<Delivery>>, ApiError> {
    let admin = caller.authz.admin()?;
    Ok(Json(portico_webhooks::deliveries(s.db.pool(), &admin, path_id(&id)?, &q.request()?).await?.into()))
}

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
#[utoipa::path(get, path = "/api/v1/custom-fields", tag = "custom fields", params(FieldQuery), responses((status = 200, body = List<FieldDef>)))]
async fn list_fields(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<FieldQuery>,
) -> Result<Json<List<FieldDef>>, ApiError> {
    let items = portico_fields::list(s.db.pool(), caller.authz.as_ref(), q.record_type.as_deref()).await?;
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
    let target = crate::custom::access(&s, &caller, &record_type, &id, false).await?;
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
    let target = crate::custom::access(&s, &caller, &record_type, &id, true).await?;
    let prepared = portico_fields::prepare(s.db.pool(), authz, target.kind, &id, &body).await?;
    Ok(Json(portico_fields::save(&s.db, authz.actor(), authz, target.unit, prepared, s.clock.now_micros()).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ExplainQuery {
    pub user_id: String,
    pub unit_id: String,
    /// e.g. `desk.view`
    pub permission: String,
}

/// Why a user can or cannot do something in a unit (admins).
#[utoipa::path(get, path = "/api/v1/authz/explain", tag = "roles", params(ExplainQuery), responses((status = 200, body = Object), (status = 403, body = ErrorBody)))]
async fn explain(
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
