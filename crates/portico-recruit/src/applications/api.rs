//! Applications through the API: list, add a candidate to a job, move, reject, comment.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portico_core::contacts::store::ContactInput;
use portico_http::api::{ErrorBody, List, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, ApiQuery, Caller};
use portico_http::state::AppState;
use portico_kernel::{AppError, ErrorCode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::store::{self, Application, ApplicationFilter, Card, Comment, Move, NewApplication, Source};
use crate::{CREATE, VIEW};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_applications, create_application))
        .routes(routes!(get_application))
        .routes(routes!(move_application))
        .routes(routes!(transfer_application))
        .routes(routes!(list_comments, add_comment))
        .routes(routes!(delete_comment))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ApplicationQuery {
    pub cursor: Option<String>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// id, name or moved.
    pub sort: Option<String>,
    pub order: Option<portico_http::api::Order>,
    pub job_id: Option<String>,
    pub candidate_id: Option<String>,
    pub stage_id: Option<String>,
    /// active, rejected, hired or withdrawn.
    pub status: Option<String>,
    /// Part of the candidate's name.
    pub q: Option<String>,
}

/// The applications the caller may see.
#[utoipa::path(get, path = "/api/v1/recruit/applications", tag = "recruit", params(ApplicationQuery),
    responses((status = 200, body = List<Card>), (status = 401, body = ErrorBody)))]
async fn list_applications(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ApplicationQuery>,
) -> Result<Json<List<Card>>, ApiError> {
    let scope = caller.authz.scope(VIEW)?;
    let page = portico_http::api::page_request(&q.cursor, q.limit, &q.sort, q.order)?;
    let f = ApplicationFilter {
        job: q.job_id.as_deref(),
        candidate: q.candidate_id.as_deref(),
        stage: q.stage_id.as_deref(),
        status: q.status.as_deref(),
        q: q.q.as_deref(),
    };
    Ok(Json(store::list(s.db.pool(), &scope, &page, f).await?.into()))
}

#[derive(Serialize, ToSchema)]
pub struct ApplicationDetail {
    #[serde(flatten)]
    pub application: Application,
    /// The answers to the job's screening questions.
    pub answers: Vec<crate::jobs::questions::Answer>,
    pub history: Vec<Move>,
}

async fn detail(s: &AppState, caller: &Caller, id: &str) -> Result<ApplicationDetail, AppError> {
    let scope = caller.authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let application = store::get(s.db.pool(), &scope, id).await?;
    let history = store::history(s.db.pool(), scope.workspace(), id).await?;
    Ok(ApplicationDetail { answers: application.answers(), application, history })
}

/// Someone the team adds to a job by hand (met at a fair, sent by a partner).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewApplicationBody {
    pub job_id: String,
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub phone: String,
    /// en, fr or hr: the language to write to them in.
    #[serde(default)]
    pub locale: String,
    /// Where they came from (default `api`).
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub cover_letter: String,
}

/// Add a candidate to a job: their contact and profile are found by address or made, and
/// the application is filed in the job's first stage (the same one when they had applied).
#[utoipa::path(post, path = "/api/v1/recruit/applications", tag = "recruit", request_body = NewApplicationBody,
    responses((status = 201, body = ApplicationDetail), (status = 200, body = ApplicationDetail), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_application(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<NewApplicationBody>,
) -> Result<(StatusCode, Json<ApplicationDetail>), ApiError> {
    let scope = caller.authz.scope(VIEW)?;
    let job_id: uuid::Uuid = b.job_id.parse().map_err(|_| AppError::field(ErrorCode::InvalidValue, "job_id"))?;
    let job =
        crate::jobs::store::get(s.db.pool(), &scope, &job_id.to_string()).await.map_err(|e| e.or_field("job_id"))?;
    let cap = caller.authz.unit_cap(CREATE, job.unit()?)?;
    let input = ContactInput { name: b.name, email: b.email, phone: b.phone, locale: b.locale, ..Default::default() };
    let now = s.clock.now_micros();
    let (ws, actor) = (cap.workspace(), cap.actor());
    let mut tx = s.db.begin().await?;
    let contact =
        portico_core::contacts::store::find_or_add(&mut tx, ws, actor, cap.unit(), &input, now).await?.to_db();
    let candidate = crate::candidates::store::of_contact(&mut tx, ws, actor, cap.unit(), &contact, None, now).await?;
    let source = Source { channel: Source::channel(Some(&b.source), "api"), detail: String::new() };
    let new = NewApplication {
        job: &job,
        candidate: &candidate,
        contact: &contact,
        source,
        cover_letter: &b.cover_letter,
        answers: &[],
        knocked_out: false,
    };
    let (id, created) = store::file(&mut tx, ws, actor, new, now).await?;
    tx.commit().await.map_err(portico_db::db_error)?;
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(detail(&s, &caller, &id).await?)))
}

#[utoipa::path(get, path = "/api/v1/recruit/applications/{id}", tag = "recruit",
    responses((status = 200, body = ApplicationDetail), (status = 404, body = ErrorBody)))]
async fn get_application(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ApplicationDetail>, ApiError> {
    let id: uuid::Uuid = path_id(&id)?;
    Ok(Json(detail(&s, &caller, &id.to_string()).await?))
}

/// Move to a stage of the job's pipeline (a `hired` stage hires), or reject with a reason.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveBody {
    pub stage_id: Option<String>,
    /// experience, skills, salary, location, position_filled or other.
    pub reject_reason: Option<String>,
    /// With a rejection: tell the candidate, by the message "recruit_rejected" (default no).
    pub notify: Option<bool>,
}

#[utoipa::path(post, path = "/api/v1/recruit/applications/{id}/move", tag = "recruit", request_body = MoveBody,
    responses((status = 200, body = ApplicationDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn move_application(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<MoveBody>,
) -> Result<Json<ApplicationDetail>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    match (b.stage_id, b.reject_reason) {
        (Some(stage), None) => store::move_to(&s.db, s.clock.as_ref(), &caller.authz, &id, &stage).await?,
        (None, Some(reason)) => {
            let tell = b.notify.unwrap_or(false).then_some(&s.mail);
            store::reject(&s.db, s.clock.as_ref(), &caller.authz, &id, &reason, tell).await?
        }
        _ => return Err(AppError::field(ErrorCode::Required, "stage_id").into()),
    }
    Ok(Json(detail(&s, &caller, &id).await?))
}

#[utoipa::path(get, path = "/api/v1/recruit/applications/{id}/comments", tag = "recruit",
    responses((status = 200, body = Vec<Comment>), (status = 404, body = ErrorBody)))]
async fn list_comments(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Comment>>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let scope = caller.authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    store::get(s.db.pool(), &scope, &id).await?;
    Ok(Json(store::comments(s.db.pool(), scope.workspace(), &id).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    pub body: String,
    /// 1 to 5.
    pub rating: Option<i64>,
}

/// Comment on an application, and rate the candidate if you wish.
#[utoipa::path(post, path = "/api/v1/recruit/applications/{id}/comments", tag = "recruit", request_body = NewComment,
    responses((status = 201, body = Vec<Comment>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_comment(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NewComment>,
) -> Result<(StatusCode, Json<Vec<Comment>>), ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    store::comment(&s.db, s.clock.as_ref(), &caller.authz, &id, &b.body, b.rating).await?;
    let ws = caller.authz.workspace();
    Ok((StatusCode::CREATED, Json(store::comments(s.db.pool(), ws, &id).await?)))
}

/// Delete a comment (its author, or whoever may change the application).
#[utoipa::path(delete, path = "/api/v1/recruit/comments/{id}", tag = "recruit",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_comment(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id: uuid::Uuid = path_id(&id)?;
    store::delete_comment(&s.db, s.clock.as_ref(), &caller.authz, &id.to_string()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferBody {
    /// The job it goes to (another unit's, usually); it enters its first stage.
    pub job_id: String,
}

/// Transfer an application to another job, keeping its history and comments.
#[utoipa::path(post, path = "/api/v1/recruit/applications/{id}/transfer", tag = "recruit", request_body = TransferBody,
    responses((status = 200, body = ApplicationDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn transfer_application(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<TransferBody>,
) -> Result<Json<ApplicationDetail>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    store::transfer(&s.db, s.clock.as_ref(), &caller.authz, &id, b.job_id.trim()).await?;
    Ok(Json(detail(&s, &caller, &id).await?))
}
