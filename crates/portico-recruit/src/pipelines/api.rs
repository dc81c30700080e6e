//! Pipeline templates through the API: every member lists and reads them, admins write them.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portico_http::api::{ErrorBody, List, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, Caller};
use portico_http::state::AppState;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{PipelineInput, PipelineTemplate};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_templates, create_template))
        .routes(routes!(get_template, update_template, delete_template))
        .routes(routes!(template_from_job))
}

/// The name of a template made from a job's pipeline.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FromJob {
    pub name: String,
}

/// Save a job's pipeline as a new template (admins): its stages, what each e-mails the
/// candidate and its interview kit.
#[utoipa::path(post, path = "/api/v1/recruit/jobs/{id}/pipeline-template", tag = "recruit", request_body = FromJob,
    responses((status = 201, body = PipelineTemplate), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn template_from_job(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<FromJob>,
) -> Result<(StatusCode, Json<PipelineTemplate>), ApiError> {
    let job: uuid::Uuid = path_id(&id)?;
    let id = super::from_job(&s.db, s.clock.as_ref(), &caller.authz, &job.to_string(), &body.name).await?;
    Ok((StatusCode::CREATED, Json(super::get(s.db.pool(), caller.authz.workspace(), &id).await?)))
}

/// The workspace's pipeline templates.
#[utoipa::path(get, path = "/api/v1/recruit/pipelines", tag = "recruit", responses((status = 200, body = List<PipelineTemplate>)))]
async fn list_templates(State(s): State<AppState>, caller: Caller) -> Result<Json<List<PipelineTemplate>>, ApiError> {
    caller.authz.scope(crate::VIEW)?;
    Ok(Json(List { items: super::list(s.db.pool(), caller.authz.as_ref()).await?, next_cursor: None }))
}

/// Write a new pipeline template (admins): its name and stages, the first a `new` stage, the
/// last the `hired` one.
#[utoipa::path(post, path = "/api/v1/recruit/pipelines", tag = "recruit", request_body = PipelineInput,
    responses((status = 201, body = PipelineTemplate), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_template(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<PipelineInput>,
) -> Result<(StatusCode, Json<PipelineTemplate>), ApiError> {
    let admin = caller.authz.admin()?;
    let id = super::save(&s.db, s.clock.as_ref(), &admin, None, &body).await?;
    Ok((StatusCode::CREATED, Json(super::get(s.db.pool(), admin.workspace(), &id).await?)))
}

/// One template (admins).
#[utoipa::path(get, path = "/api/v1/recruit/pipelines/{id}", tag = "recruit",
    responses((status = 200, body = PipelineTemplate), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_template(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<PipelineTemplate>, ApiError> {
    let id: uuid::Uuid = path_id(&id)?;
    let found = super::get(s.db.pool(), caller.authz.workspace(), &id.to_string()).await?;
    // One template is read to change it: admins (everyone lists them to choose one).
    caller.authz.admin()?;
    Ok(Json(found))
}

/// Rewrite a template (admins); jobs made from it keep their stages.
#[utoipa::path(put, path = "/api/v1/recruit/pipelines/{id}", tag = "recruit", request_body = PipelineInput,
    responses((status = 200, body = PipelineTemplate), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_template(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PipelineInput>,
) -> Result<Json<PipelineTemplate>, ApiError> {
    let id: uuid::Uuid = path_id(&id)?;
    let ws = caller.authz.workspace();
    super::get(s.db.pool(), ws, &id.to_string()).await?;
    let admin = caller.authz.admin()?;
    super::save(&s.db, s.clock.as_ref(), &admin, Some(&id.to_string()), &body).await?;
    Ok(Json(super::get(s.db.pool(), ws, &id.to_string()).await?))
}

/// Remove a template (admins).
#[utoipa::path(delete, path = "/api/v1/recruit/pipelines/{id}", tag = "recruit",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_template(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id: uuid::Uuid = path_id(&id)?;
    super::get(s.db.pool(), caller.authz.workspace(), &id.to_string()).await?;
    let admin = caller.authz.admin()?;
    super::delete(&s.db, s.clock.as_ref(), &admin, &id.to_string()).await?;
    Ok(StatusCode::NO_CONTENT)
}
