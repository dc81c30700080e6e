//! Jobs and their stages through the API.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portico_authz::units::parse_unit;
use portico_http::api::{ErrorBody, List, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, ApiQuery, Caller};
use portico_http::state::AppState;
use portico_kernel::AppError;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::store::{self, Job, JobFilter, JobInput, JobSummary, Stage};
use crate::VIEW;
use crate::kinds::JOB;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_jobs, create_job))
        .routes(routes!(get_job, update_job, delete_job))
        .routes(routes!(job_stages))
        .routes(routes!(list_links, create_link))
        .routes(routes!(rename_stage))
        .routes(routes!(set_blind))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BlindReview {
    /// The stage from which hiring managers see who the candidates are; empty: always.
    #[serde(default)]
    pub until_stage_id: String,
}

/// Anonymous review: until an application reaches the given stage, hiring managers' links show
/// it without the candidate's name, contact details, documents or anything in the CV that
/// identifies them.
#[utoipa::path(put, path = "/api/v1/recruit/jobs/{id}/blind", tag = "recruit", request_body = BlindReview,
    responses((status = 200, body = JobDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_blind(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<BlindReview>,
) -> Result<Json<JobDetail>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    store::set_blind(&s.db, s.clock.as_ref(), &caller.authz, &id, &b.until_stage_id).await?;
    Ok(Json(detail(&s, &caller, &id).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct JobQuery {
    pub cursor: Option<String>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// id, title, status, location or updated.
    pub sort: Option<String>,
    pub order: Option<portico_http::api::Order>,
    /// Part of a title, department or location.
    pub q: Option<String>,
    /// draft, open, paused or closed.
    pub status: Option<String>,
    pub unit_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct JobDetail {
    #[serde(flatten)]
    pub job: Job,
    pub questions: Vec<crate::jobs::questions::Question>,
    pub stages: Vec<Stage>,
    /// Values of the workspace's custom fields for jobs.
    pub custom_fields: Map<String, Value>,
}

/// A job as the API takes it; salaries are whole units of the currency.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewJob {
    pub unit_id: String,
    pub title: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub location: String,
    /// onsite (default), hybrid or remote.
    #[serde(default)]
    pub workplace: String,
    /// permanent (default), fixed_term, internship, apprenticeship, freelance or temporary.
    #[serde(default)]
    pub contract: String,
    pub salary_min: Option<i64>,
    pub salary_max: Option<i64>,
    /// ISO 4217, default EUR.
    #[serde(default)]
    pub salary_currency: String,
    /// year (default), month or hour.
    #[serde(default)]
    pub salary_period: String,
    /// HTML; sanitized.
    #[serde(default)]
    pub description: String,
    /// en (default), fr or hr: the language of the ad and of its pipeline's stage names.
    #[serde(default)]
    pub locale: String,
    /// draft (default) or open.
    #[serde(default)]
    pub status: String,
    /// The pipeline template whose stages the job starts with; the default pipeline without.
    pub pipeline_template_id: Option<String>,
    /// Screening questions asked on the apply form (at most 10).
    #[serde(default)]
    pub questions: Vec<crate::jobs::questions::Question>,
    #[serde(default)]
    pub custom_fields: Map<String, Value>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JobPatch {
    pub title: Option<String>,
    pub department: Option<String>,
    pub location: Option<String>,
    pub workplace: Option<String>,
    pub contract: Option<String>,
    pub salary_min: Option<Option<i64>>,
    pub salary_max: Option<Option<i64>>,
    pub salary_currency: Option<String>,
    pub salary_period: Option<String>,
    pub description: Option<String>,
    pub locale: Option<String>,
    /// draft, open, paused or closed.
    pub status: Option<String>,
    pub questions: Option<Vec<crate::jobs::questions::Question>>,
    pub custom_fields: Option<Map<String, Value>>,
}

fn text(n: Option<i64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// The jobs the caller may see, with how many applications stand where.
#[utoipa::path(get, path = "/api/v1/recruit/jobs", tag = "recruit", params(JobQuery),
    responses((status = 200, body = List<JobSummary>), (status = 401, body = ErrorBody)))]
async fn list_jobs(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<JobQuery>,
) -> Result<Json<List<JobSummary>>, ApiError> {
    let scope = caller.authz.scope(VIEW)?;
    let page = portico_http::api::page_request(&q.cursor, q.limit, &q.sort, q.order)?;
    let unit = q.unit_id.as_deref().map(|u| parse_unit("unit_id", u)).transpose()?;
    let f = JobFilter { q: q.q.as_deref(), status: q.status.as_deref(), unit };
    Ok(Json(store::list(s.db.pool(), &scope, &page, f).await?.into()))
}

async fn detail(s: &AppState, caller: &Caller, id: &str) -> Result<JobDetail, AppError> {
    let scope = caller.authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let job = store::get(s.db.pool(), &scope, id).await?;
    let stages = store::stages(s.db.pool(), scope.workspace(), id).await?;
    let custom_fields = portico_fields::load_values(s.db.pool(), &scope, JOB, id).await?;
    Ok(JobDetail { questions: job.questions(), job, stages, custom_fields })
}

/// Create a job in a unit, with the default pipeline in its language.
#[utoipa::path(post, path = "/api/v1/recruit/jobs", tag = "recruit", request_body = NewJob,
    responses((status = 201, body = JobDetail), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_job(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<NewJob>,
) -> Result<(StatusCode, Json<JobDetail>), ApiError> {
    let unit = parse_unit("unit_id", &b.unit_id)?;
    if !matches!(b.status.as_str(), "" | "draft" | "open") {
        return Err(AppError::field(portico_kernel::ErrorCode::InvalidValue, "status").into());
    }
    let input = JobInput {
        title: b.title,
        department: b.department,
        location: b.location,
        workplace: b.workplace,
        contract: b.contract,
        salary_min: text(b.salary_min),
        salary_max: text(b.salary_max),
        salary_currency: b.salary_currency,
        salary_period: b.salary_period,
        description: b.description,
        locale: b.locale,
        questions: b.questions,
    };
    let (ws, template) = (caller.authz.workspace(), b.pipeline_template_id.as_deref());
    let pipeline =
        crate::pipelines::for_new_job(s.db.pool(), ws, template, "pipeline_template_id", &input.locale).await?;
    let id = store::create(&s.db, s.clock.as_ref(), &caller.authz, unit, &input, &pipeline, &b.custom_fields).await?;
    if b.status == "open" {
        store::set_status(&s.db, s.clock.as_ref(), &caller.authz, &id, "open").await?;
    }
    Ok((StatusCode::CREATED, Json(detail(&s, &caller, &id).await?)))
}

#[utoipa::path(get, path = "/api/v1/recruit/jobs/{id}", tag = "recruit",
    responses((status = 200, body = JobDetail), (status = 404, body = ErrorBody)))]
async fn get_job(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<JobDetail>, ApiError> {
    let id: uuid::Uuid = path_id(&id)?;
    Ok(Json(detail(&s, &caller, &id.to_string()).await?))
}

/// Change a job: the fields given, custom values merged; `status` opens, pauses or closes it.
#[utoipa::path(patch, path = "/api/v1/recruit/jobs/{id}", tag = "recruit", request_body = JobPatch,
    responses((status = 200, body = JobDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_job(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(p): ApiJson<JobPatch>,
) -> Result<Json<JobDetail>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let now = detail(&s, &caller, &id).await?.job;
    let questions = p.questions.unwrap_or_else(|| now.questions());
    let input = JobInput {
        title: p.title.unwrap_or(now.title),
        department: p.department.unwrap_or(now.department),
        location: p.location.unwrap_or(now.location),
        workplace: p.workplace.unwrap_or(now.workplace),
        contract: p.contract.unwrap_or(now.contract),
        salary_min: text(p.salary_min.unwrap_or(now.salary_min)),
        salary_max: text(p.salary_max.unwrap_or(now.salary_max)),
        salary_currency: p.salary_currency.unwrap_or(now.salary_currency),
        salary_period: p.salary_period.unwrap_or(now.salary_period),
        description: p.description.unwrap_or(now.description),
        questions,
        locale: p.locale.unwrap_or(now.locale),
    };
    store::update(&s.db, s.clock.as_ref(), &caller.authz, &id, &input, &p.custom_fields.unwrap_or_default()).await?;
    if let Some(status) = p.status {
        store::set_status(&s.db, s.clock.as_ref(), &caller.authz, &id, &status).await?;
    }
    Ok(Json(detail(&s, &caller, &id).await?))
}

/// Delete a job nobody applied to (409 when someone did: close it instead).
#[utoipa::path(delete, path = "/api/v1/recruit/jobs/{id}", tag = "recruit",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_job(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    let id: uuid::Uuid = path_id(&id)?;
    store::delete(&s.db, s.clock.as_ref(), &caller.authz, &id.to_string()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A job's pipeline, in order.
#[utoipa::path(get, path = "/api/v1/recruit/jobs/{id}/stages", tag = "recruit",
    responses((status = 200, body = Vec<Stage>), (status = 404, body = ErrorBody)))]
async fn job_stages(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Stage>>, ApiError> {
    let id: uuid::Uuid = path_id(&id)?;
    Ok(Json(detail(&s, &caller, &id.to_string()).await?.stages))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StagePatch {
    pub name: String,
}

/// Rename a stage of a job's pipeline.
#[utoipa::path(patch, path = "/api/v1/recruit/stages/{id}", tag = "recruit", request_body = StagePatch,
    responses((status = 200, body = Stage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn rename_stage(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(p): ApiJson<StagePatch>,
) -> Result<Json<Stage>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    store::rename_stage(&s.db, s.clock.as_ref(), &caller.authz, &id, &p.name).await?;
    let scope = caller.authz.scope(VIEW)?;
    Ok(Json(store::stage(s.db.pool(), &scope, &id).await?.0))
}

#[derive(Serialize, ToSchema)]
pub struct CreatedLink {
    pub link_id: String,
    /// The address to send the hiring manager; shown once.
    pub url: String,
}

/// A link for a hiring manager: they see this job's shortlist (its candidates past the first
/// stage), comment and rate, without an account.
#[utoipa::path(post, path = "/api/v1/recruit/jobs/{id}/links", tag = "recruit", request_body = crate::hiring::LinkInput,
    responses((status = 201, body = CreatedLink), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_link(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<crate::hiring::LinkInput>,
) -> Result<(StatusCode, Json<CreatedLink>), ApiError> {
    let id: uuid::Uuid = path_id(&id)?;
    let (link_id, url) = crate::hiring::share(&s, &caller.authz, &id.to_string(), &b).await?;
    Ok((StatusCode::CREATED, Json(CreatedLink { link_id, url })))
}

/// The hiring managers' links of a job.
#[utoipa::path(get, path = "/api/v1/recruit/jobs/{id}/links", tag = "recruit",
    responses((status = 200, body = Vec<portico_auth::magic::MagicLink>), (status = 404, body = ErrorBody)))]
async fn list_links(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<portico_auth::magic::MagicLink>>, ApiError> {
    let id: uuid::Uuid = path_id(&id)?;
    let job = detail(&s, &caller, &id.to_string()).await?.job;
    Ok(Json(crate::hiring::links(&s, &caller.authz, &job).await?))
}
