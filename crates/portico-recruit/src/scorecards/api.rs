//! Interview kits and scorecards through the API.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portico_http::api::{ErrorBody, List, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, Caller};
use portico_http::state::AppState;
use portico_kernel::AppError;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Kit, Scorecard, ScorecardInput};
use crate::VIEW;
use crate::jobs::store::Stage;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(set_kit))
        .routes(routes!(list_scorecards, submit_scorecard))
        .routes(routes!(get_scorecard))
}

fn scope(caller: &Caller) -> Result<portico_authz::Scope, AppError> {
    caller.authz.scope(VIEW).map_err(|_| AppError::not_found())
}

/// A stage's interview kit: the criteria its scorecards rate and the questions to ask.
#[utoipa::path(put, path = "/api/v1/recruit/stages/{id}/kit", tag = "recruit", request_body = Kit,
    responses((status = 200, body = Stage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_kit(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<Kit>,
) -> Result<Json<Stage>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    super::set_kit(&s.db, s.clock.as_ref(), &caller.authz, &id, &b).await?;
    Ok(Json(crate::jobs::store::stage(s.db.pool(), &scope(&caller)?, &id).await?.0))
}

#[utoipa::path(get, path = "/api/v1/recruit/applications/{id}/scorecards", tag = "recruit",
    responses((status = 200, body = List<Scorecard>), (status = 404, body = ErrorBody)))]
async fn list_scorecards(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<List<Scorecard>>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let scope = scope(&caller)?;
    crate::applications::store::get(s.db.pool(), &scope, &id).await?;
    Ok(Json(List { items: super::of_application(s.db.pool(), scope.workspace(), &id).await?, next_cursor: None }))
}

/// Send the caller's scorecard of the application at its current stage (again: it replaces it).
#[utoipa::path(post, path = "/api/v1/recruit/applications/{id}/scorecards", tag = "recruit", request_body = ScorecardInput,
    responses((status = 201, body = Scorecard), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn submit_scorecard(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ScorecardInput>,
) -> Result<(StatusCode, Json<Scorecard>), ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let made = super::submit(&s.db, s.clock.as_ref(), &caller.authz, &id, &b).await?;
    Ok((StatusCode::CREATED, Json(super::get(s.db.pool(), &scope(&caller)?, &made).await?)))
}

#[utoipa::path(get, path = "/api/v1/recruit/scorecards/{id}", tag = "recruit",
    responses((status = 200, body = Scorecard), (status = 404, body = ErrorBody)))]
async fn get_scorecard(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Scorecard>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    Ok(Json(super::get(s.db.pool(), &scope(&caller)?, &id).await?))
}
