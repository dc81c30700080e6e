//! A person's notifications through the API: their list, marking read, and how they want
//! to hear of each kind by e-mail.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portico_http::api::{ErrorBody, List};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, ApiQuery, Caller};
use portico_http::state::AppState;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Notification, Preference};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(read_one))
        .routes(routes!(read_all))
        .routes(routes!(get_preferences, set_preferences))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// Only those not read yet.
    #[serde(default)]
    pub unread: bool,
}

/// The caller's latest notifications, newest first.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", params(ListParams),
    responses((status = 200, body = List<Notification>)))]
async fn list(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(p): ApiQuery<ListParams>,
) -> Result<Json<List<Notification>>, ApiError> {
    Ok(Json(List { items: super::list(s.db.pool(), &caller.user.to_db(), p.unread, 100).await?, next_cursor: None }))
}

#[utoipa::path(post, path = "/api/v1/notifications/{id}/read", tag = "notifications",
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn read_one(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    super::read(&s.db, &caller.user.to_db(), Some(&id), s.clock.now_micros()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "notifications", responses((status = 204)))]
async fn read_all(State(s): State<AppState>, caller: Caller) -> Result<StatusCode, ApiError> {
    super::read(&s.db, &caller.user.to_db(), None, s.clock.now_micros()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// How the caller hears of each kind of notification by e-mail: instant, daily or never.
#[utoipa::path(get, path = "/api/v1/notification-preferences", tag = "notifications", responses((status = 200, body = List<Preference>)))]
async fn get_preferences(State(s): State<AppState>, caller: Caller) -> Result<Json<List<Preference>>, ApiError> {
    Ok(Json(List { items: super::preferences(s.db.pool(), &caller.user.to_db()).await?, next_cursor: None }))
}

#[utoipa::path(put, path = "/api/v1/notification-preferences", tag = "notifications", request_body = Vec<Preference>,
    responses((status = 200, body = List<Preference>), (status = 422, body = ErrorBody)))]
async fn set_preferences(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<Vec<Preference>>,
) -> Result<Json<List<Preference>>, ApiError> {
    super::set_preferences(&s.db, caller.authz.workspace(), &caller.user.to_db(), &body).await?;
    Ok(Json(List { items: super::preferences(s.db.pool(), &caller.user.to_db()).await?, next_cursor: None }))
}
