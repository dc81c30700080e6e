//! Candidate e-mail through the API: writing to a candidate, their conversation, what stages
//! send (and reviewing it), and following a job.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portico_http::api::{ErrorBody, List, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, Caller};
use portico_http::state::AppState;
use portico_kernel::AppError;
use portico_mail::inbound::messages::ThreadEntry;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::stages::{self, StageEmail, StageMail, ToReview};
use super::team::{self, Follower};
use super::write::{self, NewMessage};
use crate::VIEW;
use crate::jobs::store::Stage;
use crate::kinds::CANDIDATE;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_emails, write_email))
        .routes(routes!(set_stage_mail))
        .routes(routes!(list_to_review))
        .routes(routes!(get_stage_email))
        .routes(routes!(send_stage_email))
        .routes(routes!(skip_stage_email))
        .routes(routes!(list_followers))
        .routes(routes!(follow_job, unfollow_job))
}

fn scope(caller: &Caller) -> Result<portico_authz::Scope, AppError> {
    caller.authz.scope(VIEW).map_err(|_| AppError::not_found())
}

/// An application's e-mail: the candidate's conversation both ways, and what its stages
/// scheduled.
#[derive(Serialize, ToSchema)]
pub struct ApplicationEmails {
    pub messages: Vec<ThreadEntry>,
    pub scheduled: Vec<StageEmail>,
}

#[derive(Serialize, ToSchema)]
pub struct Written {
    pub email_id: String,
}

#[utoipa::path(get, path = "/api/v1/recruit/applications/{id}/emails", tag = "recruit",
    responses((status = 200, body = ApplicationEmails), (status = 404, body = ErrorBody)))]
async fn list_emails(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ApplicationEmails>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let scope = scope(&caller)?;
    let a = crate::applications::store::get(s.db.pool(), &scope, &id).await?;
    let messages =
        portico_mail::inbound::messages::of_record(s.db.pool(), &scope, CANDIDATE, &a.candidate_id, 200).await?;
    let scheduled = stages::of_application(s.db.pool(), scope.workspace(), &id).await?;
    Ok(Json(ApplicationEmails { messages, scheduled }))
}

/// Write to the application's candidate: typed words, or a template of the candidate e-mail
/// library filled in for them. Their answer comes back into the conversation when the
/// workspace has a mailbox for Recruit.
#[utoipa::path(post, path = "/api/v1/recruit/applications/{id}/emails", tag = "recruit", request_body = NewMessage,
    responses((status = 201, body = Written), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn write_email(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NewMessage>,
) -> Result<(StatusCode, Json<Written>), ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let email = write::write_to(&s.db, s.clock.as_ref(), &s.mail, &caller.authz, &id, &b).await?;
    Ok((StatusCode::CREATED, Json(Written { email_id: email.to_db() })))
}

/// What a stage e-mails the candidates who reach it.
#[utoipa::path(put, path = "/api/v1/recruit/stages/{id}/mail", tag = "recruit", request_body = StageMail,
    responses((status = 200, body = Stage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_stage_mail(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<StageMail>,
) -> Result<Json<Stage>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    stages::set(&s.db, s.clock.as_ref(), &caller.authz, &id, &b).await?;
    Ok(Json(crate::jobs::store::stage(s.db.pool(), &scope(&caller)?, &id).await?.0))
}

/// The stage e-mails waiting for someone to send or skip them, oldest first.
#[utoipa::path(get, path = "/api/v1/recruit/stage-emails", tag = "recruit", responses((status = 200, body = List<ToReview>)))]
async fn list_to_review(State(s): State<AppState>, caller: Caller) -> Result<Json<List<ToReview>>, ApiError> {
    Ok(Json(List { items: stages::to_review(s.db.pool(), &scope(&caller)?, 500).await?, next_cursor: None }))
}

#[utoipa::path(get, path = "/api/v1/recruit/stage-emails/{id}", tag = "recruit",
    responses((status = 200, body = StageEmail), (status = 404, body = ErrorBody)))]
async fn get_stage_email(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<StageEmail>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    Ok(Json(stages::get(s.db.pool(), &scope(&caller)?, &id).await?))
}

async fn decide(s: &AppState, caller: &Caller, id: &str, send: bool) -> Result<Json<StageEmail>, ApiError> {
    let id = path_id::<uuid::Uuid>(id)?.to_string();
    stages::decide(&s.db, s.clock.as_ref(), &s.mail, &caller.authz, &id, send).await?;
    Ok(Json(stages::get(s.db.pool(), &scope(caller)?, &id).await?))
}

/// Send a stage e-mail now (one waiting for review or for its time).
#[utoipa::path(post, path = "/api/v1/recruit/stage-emails/{id}/send", tag = "recruit",
    responses((status = 200, body = StageEmail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn send_stage_email(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<StageEmail>, ApiError> {
    decide(&s, &caller, &id, true).await
}

/// Skip a stage e-mail: it will not go.
#[utoipa::path(post, path = "/api/v1/recruit/stage-emails/{id}/skip", tag = "recruit",
    responses((status = 200, body = StageEmail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn skip_stage_email(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<StageEmail>, ApiError> {
    decide(&s, &caller, &id, false).await
}

/// The job's hiring team: who follows it.
#[utoipa::path(get, path = "/api/v1/recruit/jobs/{id}/followers", tag = "recruit",
    responses((status = 200, body = List<Follower>), (status = 404, body = ErrorBody)))]
async fn list_followers(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<List<Follower>>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let job = crate::jobs::store::get(s.db.pool(), &scope(&caller)?, &id).await?;
    Ok(Json(List { items: team::followers(s.db.pool(), caller.authz.workspace(), &job.id).await?, next_cursor: None }))
}

/// Follow the job: hear of its new applications and moves.
#[utoipa::path(put, path = "/api/v1/recruit/jobs/{id}/follow", tag = "recruit",
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn follow_job(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    team::follow(&s.db, s.clock.as_ref(), &caller.authz, &id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stop following the job.
#[utoipa::path(delete, path = "/api/v1/recruit/jobs/{id}/follow", tag = "recruit",
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn unfollow_job(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    team::follow(&s.db, s.clock.as_ref(), &caller.authz, &id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}
