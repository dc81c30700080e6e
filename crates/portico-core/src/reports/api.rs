//! Reports through the API: what may be reported on, answers (with their chart and CSV),
//! and saved reports shared with a unit.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use portico_http::api::{ErrorBody, List};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, Caller};
use portico_http::i18n::Tr;
use portico_http::state::AppState;
use portico_kernel::{AppError, ErrorCode};
use portico_reports::model::GRAINS;
use portico_reports::query::Answer;
use portico_reports::store::{self, Report, ReportInput};
use portico_reports::{MetricFormat, ReportDef};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::names::{self, group_label};
use super::{EDIT, VIEW};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(datasets))
        .routes(routes!(answer))
        .routes(routes!(list_reports, create_report))
        .routes(routes!(get_report, update_report, delete_report))
        .routes(routes!(report_answer))
        .routes(routes!(report_csv))
}

#[derive(Serialize, ToSchema)]
pub struct Named {
    pub name: String,
    pub label: String,
}

#[derive(Serialize, ToSchema)]
pub struct MetricInfo {
    pub name: &'static str,
    pub label: String,
    pub format: MetricFormat,
}

#[derive(Serialize, ToSchema)]
pub struct DatasetView {
    pub name: &'static str,
    pub label: String,
    pub hint: String,
    /// What a report may group by: time grains and dimensions.
    pub groupings: Vec<Named>,
    pub metrics: Vec<MetricInfo>,
}

/// What the caller may report on.
#[utoipa::path(get, path = "/api/v1/report-datasets", tag = "reports", responses((status = 200, body = List<DatasetView>)))]
async fn datasets(State(s): State<AppState>, caller: Caller) -> Json<List<DatasetView>> {
    let tr = Tr::new(caller.locale);
    let items = s
        .suite
        .reports
        .all()
        .iter()
        .filter(|d| names::dataset(&s, &caller.authz, d.name).is_ok())
        .map(|d| DatasetView {
            name: d.name,
            label: tr.t(d.label),
            hint: tr.t(d.hint),
            groupings: GRAINS
                .iter()
                .map(|g| g.to_string())
                .chain(d.dimensions.iter().map(|x| x.name.to_string()))
                .map(|g| Named { label: group_label(&tr, d, &g), name: g })
                .collect(),
            metrics: d
                .metrics
                .iter()
                .map(|m| MetricInfo { name: m.name, label: tr.t(m.label), format: m.format })
                .collect(),
        })
        .collect();
    Json(List { items, next_cursor: None })
}

#[derive(Serialize, ToSchema)]
pub struct AnswerView {
    #[serde(flatten)]
    pub answer: Answer,
    /// The chart of the answer's first metric, as SVG (none for a table-only report).
    pub chart_svg: Option<String>,
}

pub(crate) fn chart(tr: &Tr, a: &Answer, def: &ReportDef, title: &str) -> Option<String> {
    portico_reports::chart::svg(a, def.chart, title, &|v, f| names::number(tr, v, f))
}

async fn answer_view(s: &AppState, caller: &Caller, def: &ReportDef, title: &str) -> Result<AnswerView, AppError> {
    let tr = Tr::in_zone(caller.locale, caller.tz);
    let a = names::answer(s, &caller.authz, def, &tr).await?;
    Ok(AnswerView { chart_svg: chart(&tr, &a, def, title), answer: a })
}

/// Answer a report without saving it: rows per grouping, totals, and the chart. Counts come
/// from roll-ups, limited to the caller's units.
#[utoipa::path(post, path = "/api/v1/reports/answer", tag = "reports", request_body = ReportDef,
    responses((status = 200, body = AnswerView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn answer(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(def): ApiJson<ReportDef>,
) -> Result<Json<AnswerView>, ApiError> {
    Ok(Json(answer_view(&s, &caller, &def, "").await?))
}

#[utoipa::path(get, path = "/api/v1/reports", tag = "reports", responses((status = 200, body = List<Report>)))]
async fn list_reports(State(s): State<AppState>, caller: Caller) -> Result<Json<List<Report>>, ApiError> {
    let scope = caller.authz.scope(VIEW)?;
    Ok(Json(List { items: store::list(s.db.pool(), &scope).await?, next_cursor: None }))
}

/// Check what a person saves: a report they may answer, sent to people of the workspace.
pub(crate) async fn check(
    s: &AppState,
    caller_authz: &portico_authz::Authz,
    input: &ReportInput,
) -> Result<(), AppError> {
    let ds = names::dataset(s, caller_authz, &input.definition.dataset)?;
    portico_reports::query::check(ds, &input.definition)?;
    for (i, id) in input.recipients.iter().enumerate() {
        let known: Option<(String,)> =
            sqlx::query_as("SELECT id FROM users WHERE workspace_id = $1 AND id = $2 AND status = 'active'")
                .bind(caller_authz.workspace().to_db())
                .bind(id.clone())
                .fetch_optional(s.db.pool())
                .await
                .map_err(portico_db::db_error)?;
        if known.is_none() {
            return Err(AppError::field(ErrorCode::InvalidValue, format!("recipients.{i}")));
        }
    }
    Ok(())
}

/// Save a report, shared with a unit (whoever sees the unit sees it; each reader's answer
/// stays within their own units). A schedule e-mails it to its recipients.
#[utoipa::path(post, path = "/api/v1/reports", tag = "reports", request_body = ReportInput,
    responses((status = 201, body = Report), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_report(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<ReportInput>,
) -> Result<(StatusCode, Json<Report>), ApiError> {
    let cap = caller.authz.unit_cap(EDIT, input.unit_id).map_err(|e| e.or_field("unit_id"))?;
    check(&s, &caller.authz, &input).await?;
    Ok((StatusCode::CREATED, Json(store::save(&s.db, &cap, None, &input, caller.tz, s.clock.now_micros()).await?)))
}

#[utoipa::path(get, path = "/api/v1/reports/{id}", tag = "reports",
    responses((status = 200, body = Report), (status = 404, body = ErrorBody)))]
async fn get_report(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Report>, ApiError> {
    let scope = caller.authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    Ok(Json(store::get(s.db.pool(), &scope, &id).await?))
}

/// The caller's right to change a saved report: edit in its unit (and in the unit it moves to).
pub(crate) async fn editable(
    s: &AppState,
    authz: &portico_authz::Authz,
    id: &str,
) -> Result<(Report, portico_authz::UnitCap), AppError> {
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let r = store::get(s.db.pool(), &scope, id).await?;
    let unit = portico_kernel::ids::parse_db_id(&r.unit_id)?;
    let cap = authz.unit_cap(EDIT, unit)?;
    Ok((r, cap))
}

#[utoipa::path(put, path = "/api/v1/reports/{id}", tag = "reports", request_body = ReportInput,
    responses((status = 200, body = Report), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_report(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ReportInput>,
) -> Result<Json<Report>, ApiError> {
    editable(&s, &caller.authz, &id).await?;
    let cap = caller.authz.unit_cap(EDIT, input.unit_id).map_err(|e| e.or_field("unit_id"))?;
    check(&s, &caller.authz, &input).await?;
    Ok(Json(store::save(&s.db, &cap, Some(&id), &input, caller.tz, s.clock.now_micros()).await?))
}

#[utoipa::path(delete, path = "/api/v1/reports/{id}", tag = "reports",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_report(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let (r, cap) = editable(&s, &caller.authz, &id).await?;
    store::delete(&s.db, &cap, &r, s.clock.now_micros()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A saved report's answer now, for the caller.
#[utoipa::path(get, path = "/api/v1/reports/{id}/answer", tag = "reports",
    responses((status = 200, body = AnswerView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn report_answer(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<AnswerView>, ApiError> {
    let scope = caller.authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let r = store::get(s.db.pool(), &scope, &id).await?;
    Ok(Json(answer_view(&s, &caller, &r.def()?, &r.name).await?))
}

/// A saved report's answer as CSV: the same numbers as its table and chart.
#[utoipa::path(get, path = "/api/v1/reports/{id}/csv", tag = "reports",
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = ErrorBody)))]
async fn report_csv(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Response, ApiError> {
    let scope = caller.authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let r = store::get(s.db.pool(), &scope, &id).await?;
    let a = names::answer(&s, &caller.authz, &r.def()?, &Tr::in_zone(caller.locale, caller.tz)).await?;
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], a.csv()).into_response())
}
