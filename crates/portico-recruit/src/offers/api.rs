//! Offers through the API.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portico_http::api::{ErrorBody, List, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, Caller};
use portico_http::state::AppState;
use portico_kernel::AppError;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Offer, OfferInput};
use crate::VIEW;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_offers, create_offer))
        .routes(routes!(get_offer))
        .routes(routes!(decide_offer))
        .routes(routes!(send_offer))
        .routes(routes!(withdraw_offer))
        .routes(routes!(answer_offer))
}

fn scope(caller: &Caller) -> Result<portico_authz::Scope, AppError> {
    caller.authz.scope(VIEW).map_err(|_| AppError::not_found())
}

async fn read(s: &AppState, caller: &Caller, id: &str) -> Result<Json<Offer>, ApiError> {
    Ok(Json(super::get(s.db.pool(), &scope(caller)?, id).await?))
}

#[utoipa::path(get, path = "/api/v1/recruit/applications/{id}/offers", tag = "recruit",
    responses((status = 200, body = List<Offer>), (status = 404, body = ErrorBody)))]
async fn list_offers(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<List<Offer>>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let scope = scope(&caller)?;
    crate::applications::store::get(s.db.pool(), &scope, &id).await?;
    Ok(Json(List { items: super::of_application(s.db.pool(), scope.workspace(), &id).await?, next_cursor: None }))
}

/// Write an offer; its approver is asked to decide before it can be sent.
#[utoipa::path(post, path = "/api/v1/recruit/applications/{id}/offers", tag = "recruit", request_body = OfferInput,
    responses((status = 201, body = Offer), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_offer(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<OfferInput>,
) -> Result<(StatusCode, Json<Offer>), ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let made = super::create(&s, &caller.authz, &id, &b).await?;
    Ok((StatusCode::CREATED, read(&s, &caller, &made).await?))
}

#[utoipa::path(get, path = "/api/v1/recruit/offers/{id}", tag = "recruit",
    responses((status = 200, body = Offer), (status = 404, body = ErrorBody)))]
async fn get_offer(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<Offer>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    read(&s, &caller, &id).await
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub approve: bool,
    #[serde(default)]
    pub note: String,
}

/// The named approver approves or refuses the offer.
#[utoipa::path(post, path = "/api/v1/recruit/offers/{id}/decision", tag = "recruit", request_body = Decision,
    responses((status = 200, body = Offer), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn decide_offer(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<Decision>,
) -> Result<Json<Offer>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    super::decide(&s, &caller.authz, &id, b.approve, &b.note).await?;
    read(&s, &caller, &id).await
}

/// Send an approved offer's letter to the candidate.
#[utoipa::path(post, path = "/api/v1/recruit/offers/{id}/send", tag = "recruit",
    responses((status = 200, body = Offer), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn send_offer(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Offer>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    super::send(&s, &caller.authz, &id).await?;
    read(&s, &caller, &id).await
}

/// Take back an offer not yet answered.
#[utoipa::path(post, path = "/api/v1/recruit/offers/{id}/withdraw", tag = "recruit",
    responses((status = 200, body = Offer), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn withdraw_offer(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Offer>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    super::withdraw(&s, &caller.authz, &id).await?;
    read(&s, &caller, &id).await
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub accepted: bool,
}

/// Record the candidate's answer to a sent offer (they told the team).
#[utoipa::path(post, path = "/api/v1/recruit/offers/{id}/answer", tag = "recruit", request_body = Answer,
    responses((status = 200, body = Offer), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn answer_offer(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<Answer>,
) -> Result<Json<Offer>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    super::record(&s, &caller.authz, &id, b.accepted).await?;
    read(&s, &caller, &id).await
}
