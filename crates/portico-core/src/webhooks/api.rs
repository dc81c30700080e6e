//! Webhooks over the API: subscriptions and their deliveries (admins).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portico_http::api::{ErrorBody, List, PageQuery, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, ApiQuery, Caller};
use portico_http::state::AppState;
use portico_kernel::AppError;
use portico_webhooks::{Delivery, Webhook};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The webhooks in force (a deleted one is kept, with its deliveries, only for the settings
/// page's history).
#[utoipa::path(get, path = "/api/v1/webhooks", tag = "webhooks", responses((status = 200, body = List<Webhook>), (status = 403, body = ErrorBody)))]
async fn list_webhooks(State(s): State<AppState>, caller: Caller) -> Result<Json<List<Webhook>>, ApiError> {
    let admin = caller.authz.admin()?;
    let items = portico_webhooks::list(s.db.pool(), &admin).await?.into_iter().filter(|h| h.active == 1).collect();
    Ok(Json(List { items, next_cursor: None }))
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
    let hook = portico_webhooks::create(
        &s.db,
        &admin,
        s.webhook_policy(),
        &body.url,
        &body.events,
        s.registry(),
        s.clock.now_micros(),
    )
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
    let id = path_id(&id)?;
    if portico_webhooks::get(s.db.pool(), &admin, id).await?.active != 1 {
        return Err(AppError::not_found().into());
    }
    Ok(Json(portico_webhooks::deliveries(s.db.pool(), &admin, id, &q.request()?).await?.into()))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_webhooks, create_webhook))
        .routes(routes!(delete_webhook))
        .routes(routes!(list_deliveries))
}
