use axum::Json;
use axum::extract::{Path, State};
use portico_jobs::tasks::{self, Task};
use portico_kernel::AppError;
use utoipa_axum::{router::OpenApiRouter, routes};

use portico_http::api::{ErrorBody, List, PageQuery, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiQuery, Caller};
use portico_http::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_tasks)).routes(routes!(get_task))
}

/// Long-running work (imports, exports, re-indexing) with progress.
#[utoipa::path(get, path = "/api/v1/tasks", tag = "tasks", params(PageQuery), responses((status = 200, body = List<Task>), (status = 401, body = ErrorBody)))]
async fn list_tasks(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Result<Json<List<Task>>, ApiError> {
    let page = q.request()?;
    Ok(Json(tasks::list(s.db.pool(), &caller.authz, &page).await?.into()))
}

#[utoipa::path(get, path = "/api/v1/tasks/{id}", tag = "tasks", responses((status = 200, body = Task), (status = 404, body = ErrorBody)))]
async fn get_task(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<Task>, ApiError> {
    let id = path_id(&id).map_err(|_: AppError| AppError::not_found())?;
    Ok(Json(tasks::get(s.db.pool(), &caller.authz, id).await?))
}
