//! Interviews through the API.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use portico_http::api::{ErrorBody, List, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, Caller};
use portico_http::state::AppState;
use portico_kernel::{AppError, ErrorCode, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::schedule::{self, Plan};
use super::{Interview, Upcoming};
use crate::VIEW;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_interviews))
        .routes(routes!(list_of_application, plan_interview))
        .routes(routes!(free_times))
        .routes(routes!(get_interview))
        .routes(routes!(reschedule_interview))
        .routes(routes!(cancel_interview))
}

fn scope(caller: &Caller) -> Result<portico_authz::Scope, AppError> {
    caller.authz.scope(VIEW).map_err(|_| AppError::not_found())
}

/// A time as RFC 3339 (`2026-12-08T10:00:00+01:00`), or an error naming `field`.
pub fn instant(field: &str, s: &str) -> Result<Timestamp, AppError> {
    chrono::DateTime::parse_from_rfc3339(s.trim())
        .map(|t| t.timestamp_micros())
        .map_err(|_| AppError::field(ErrorCode::InvalidDate, field.to_string()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewInterview {
    pub title: String,
    #[serde(default)]
    pub location: String,
    /// 15 to 480 (default 45).
    #[serde(default = "default_duration")]
    pub duration_minutes: i64,
    /// The zone its times are said in (default UTC).
    #[serde(default)]
    pub time_zone: String,
    /// Ids of the people who interview.
    pub interviewers: Vec<String>,
    /// RFC 3339 times: one fixes it; up to five are offered to the candidate to pick from.
    pub slots: Vec<String>,
    /// Plan it even when an interviewer is busy at one of the times (default: refused with
    /// `interviewer_busy` naming the slot).
    #[serde(default)]
    pub ignore_busy: bool,
}

fn default_duration() -> i64 {
    45
}

#[derive(Deserialize, IntoParams)]
pub struct InterviewsQuery {
    /// Only those the caller interviews at.
    #[serde(default)]
    pub mine: bool,
}

/// Interviews to come and those still to be picked, soonest first.
#[utoipa::path(get, path = "/api/v1/recruit/interviews", tag = "recruit", params(InterviewsQuery),
    responses((status = 200, body = List<Upcoming>)))]
async fn list_interviews(
    State(s): State<AppState>,
    caller: Caller,
    Query(q): Query<InterviewsQuery>,
) -> Result<Json<List<Upcoming>>, ApiError> {
    let me = caller.user.to_db();
    let user = q.mine.then_some(me.as_str());
    let items = super::upcoming(s.db.pool(), &scope(&caller)?, user, s.clock.now_micros()).await?;
    Ok(Json(List { items, next_cursor: None }))
}

#[utoipa::path(get, path = "/api/v1/recruit/applications/{id}/interviews", tag = "recruit",
    responses((status = 200, body = List<Interview>), (status = 404, body = ErrorBody)))]
async fn list_of_application(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<List<Interview>>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let scope = scope(&caller)?;
    crate::applications::store::get(s.db.pool(), &scope, &id).await?;
    Ok(Json(List { items: super::of_application(s.db.pool(), scope.workspace(), &id).await?, next_cursor: None }))
}

/// Plan an interview: with one time it is scheduled and everyone is invited; with several,
/// the candidate is asked to pick one on the career site.
#[utoipa::path(post, path = "/api/v1/recruit/applications/{id}/interviews", tag = "recruit", request_body = NewInterview,
    responses((status = 201, body = Interview), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn plan_interview(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NewInterview>,
) -> Result<(StatusCode, Json<Interview>), ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let zone = match b.time_zone.trim() {
        "" => chrono_tz::UTC,
        z => z.parse().map_err(|_| AppError::field(ErrorCode::InvalidValue, "time_zone"))?,
    };
    let slots = b.slots.iter().enumerate().map(|(i, t)| instant(&format!("slots.{i}"), t)).collect::<Result<_, _>>()?;
    let plan = Plan {
        title: b.title,
        location: b.location,
        duration_minutes: b.duration_minutes,
        zone,
        interviewers: b.interviewers,
        slots,
        ignore_busy: b.ignore_busy,
    };
    let made = schedule::plan(&s, &caller.authz, &id, &plan).await?;
    Ok((StatusCode::CREATED, Json(super::get(s.db.pool(), &scope(&caller)?, &made).await?)))
}

#[derive(Deserialize, IntoParams)]
pub struct FreeQuery {
    /// Ids of the interviewers, comma-separated (default: the caller).
    pub interviewers: Option<String>,
    /// 15 to 480 (default 45).
    pub duration_minutes: Option<i64>,
    /// The zone of the working hours (default: the caller's).
    pub time_zone: Option<String>,
}

/// A time free for everyone.
#[derive(Serialize, ToSchema)]
pub struct FreeTime {
    pub start: Timestamp,
    pub end: Timestamp,
    /// The start in the zone asked for, as a `datetime-local` field holds it.
    pub local: String,
}

/// Times to propose for an interview: in working hours (9:00 to 18:00, Monday to Friday, in
/// the zone asked for) over the next two weeks, when none of the interviewers has an
/// interview or a busy time in their published calendar; at most two a day.
#[utoipa::path(get, path = "/api/v1/recruit/applications/{id}/free-times", tag = "recruit", params(FreeQuery),
    responses((status = 200, body = List<FreeTime>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn free_times(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(q): Query<FreeQuery>,
) -> Result<Json<List<FreeTime>>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let a = crate::applications::store::get(s.db.pool(), &scope(&caller)?, &id).await?;
    let unit = a.unit()?;
    let ws = caller.authz.unit_cap(crate::EDIT, unit)?.workspace();
    let minutes = q.duration_minutes.unwrap_or(45);
    schedule::check_minutes(minutes)?;
    let zone = match q.time_zone.as_deref().map(str::trim).filter(|z| !z.is_empty()) {
        Some(z) => z.parse().map_err(|_| AppError::field(ErrorCode::InvalidValue, "time_zone"))?,
        None => caller.tz,
    };
    let given: Vec<String> = match q.interviewers.as_deref().filter(|i| !i.trim().is_empty()) {
        Some(list) => list.split(',').map(|i| i.trim().to_string()).collect(),
        None => vec![caller.user.to_db()],
    };
    let users = schedule::interviewers(&s, ws, unit, &given).await?;
    let now = s.clock.now_micros();
    let times = super::free::free_times(&s.db, ws, &users, now, minutes, zone, super::MAX_SLOTS).await?;
    let items = times
        .into_iter()
        .map(|t| FreeTime { start: t, end: t + minutes * 60_000_000, local: super::free::local(t, zone) })
        .collect();
    Ok(Json(List { items, next_cursor: None }))
}

#[utoipa::path(get, path = "/api/v1/recruit/interviews/{id}", tag = "recruit",
    responses((status = 200, body = Interview), (status = 404, body = ErrorBody)))]
async fn get_interview(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Interview>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    Ok(Json(super::get(s.db.pool(), &scope(&caller)?, &id).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTime {
    /// RFC 3339.
    pub starts_at: String,
}

/// Give the interview a new time (or fix one): everyone receives the updated invitation.
#[utoipa::path(post, path = "/api/v1/recruit/interviews/{id}/reschedule", tag = "recruit", request_body = NewTime,
    responses((status = 200, body = Interview), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn reschedule_interview(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NewTime>,
) -> Result<Json<Interview>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    schedule::reschedule(&s, &caller.authz, &id, instant("starts_at", &b.starts_at)?).await?;
    Ok(Json(super::get(s.db.pool(), &scope(&caller)?, &id).await?))
}

/// Call the interview off: everyone invited receives the cancellation.
#[utoipa::path(post, path = "/api/v1/recruit/interviews/{id}/cancel", tag = "recruit",
    responses((status = 200, body = Interview), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn cancel_interview(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Interview>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    schedule::cancel(&s, &caller.authz, &id).await?;
    Ok(Json(super::get(s.db.pool(), &scope(&caller)?, &id).await?))
}
