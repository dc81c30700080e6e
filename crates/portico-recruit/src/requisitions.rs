//! Requisitions: a unit asks to hire — a title, how many people, a budget, why — and a named
//! approver agrees (they are asked in their notifications). Jobs linked to a requisition open
//! only once it is approved; each hire on them counts towards its headcount.

use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portico_authz::{Authz, Scope};
use portico_db::DbResultExt;
use portico_http::api::{ErrorBody, List, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, Caller};
use portico_http::form::sent;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after};
use portico_kernel::validate::{optional_text, required_text};
use portico_kernel::{AppError, ErrorCode, Event, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::AnyPool;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::kinds::{JOB, REQUISITION};
use crate::{CREATE, EDIT, VIEW, parse};

#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct Requisition {
    pub id: String,
    pub unit_id: String,
    pub title: String,
    pub headcount: i64,
    pub budget: Option<i64>,
    pub budget_currency: String,
    pub reason: String,
    pub approver_id: String,
    pub approver_name: String,
    /// pending, approved or refused.
    pub status: String,
    pub decision_note: String,
    pub created_by: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub decided_at: Option<Timestamp>,
    /// People hired on its jobs so far.
    pub filled: i64,
    /// How many jobs are linked to it.
    pub jobs: i64,
}

const SELECT: &str = "SELECT r.id, r.unit_id, r.title, r.headcount, r.budget, r.budget_currency, r.reason, r.approver_id, \
    u.name AS approver_name, r.status, r.decision_note, r.created_by, r.created_at, r.updated_at, r.decided_at, \
    (SELECT COUNT(*) FROM recruit_applications a JOIN recruit_jobs j ON j.id = a.job_id WHERE j.requisition_id = r.id AND a.status = 'hired') AS filled, \
    (SELECT COUNT(*) FROM recruit_jobs j WHERE j.requisition_id = r.id) AS jobs \
    FROM recruit_requisitions r JOIN users u ON u.id = r.approver_id";

pub async fn list(pool: &AnyPool, scope: &Scope) -> Result<Vec<Requisition>, AppError> {
    let sql =
        format!("{SELECT} WHERE r.workspace_id = $1 AND {} ORDER BY r.id DESC LIMIT 500", scope.unit_sql("r.unit_id"));
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(scope.workspace().to_db()).fetch_all(pool).await.db()
}

pub async fn get(pool: &AnyPool, scope: &Scope, id: &str) -> Result<Requisition, AppError> {
    let sql = format!("{SELECT} WHERE r.workspace_id = $1 AND r.id = $2 AND {}", scope.unit_sql("r.unit_id"));
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// A requisition as a unit writes it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequisitionInput {
    pub unit_id: String,
    pub title: String,
    /// 1 to 500.
    pub headcount: i64,
    #[serde(default)]
    pub budget: Option<i64>,
    /// Three letters (default EUR).
    #[serde(default)]
    pub budget_currency: String,
    #[serde(default)]
    pub reason: String,
    /// Who approves it: someone who may change the unit's jobs.
    pub approver_id: String,
}

pub async fn create(s: &AppState, authz: &Authz, input: &RequisitionInput) -> Result<String, AppError> {
    let unit = portico_authz::units::parse_unit("unit_id", &input.unit_id)?;
    let cap = authz.unit_cap(CREATE, unit).map_err(|e| e.or_field("unit_id"))?;
    let ws = cap.workspace();
    let title = required_text("title", &input.title, 120)?;
    if !(1..=500).contains(&input.headcount) {
        return Err(AppError::field(ErrorCode::InvalidValue, "headcount"));
    }
    if input.budget.is_some_and(|b| !(0..=1_000_000_000).contains(&b)) {
        return Err(AppError::field(ErrorCode::InvalidValue, "budget"));
    }
    let currency = match input.budget_currency.trim().to_ascii_uppercase() {
        c if c.is_empty() => "EUR".to_string(),
        c if c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase()) => c,
        _ => return Err(AppError::field(ErrorCode::InvalidValue, "budget_currency")),
    };
    let reason = optional_text("reason", Some(&input.reason), 2000)?.unwrap_or_default();
    if !crate::may(s.db.pool(), ws, &input.approver_id, unit, EDIT).await {
        return Err(AppError::field(ErrorCode::InvalidValue, "approver_id"));
    }
    let approver = input.approver_id.trim().to_string();
    let (id, now) = (uuid::Uuid::now_v7().to_string(), s.clock.now_micros());
    let mut tx = s.db.begin().await?;
    sqlx::query(
        "INSERT INTO recruit_requisitions (id, workspace_id, unit_id, title, headcount, budget, budget_currency, reason,
            approver_id, status, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $11, $11)",
    )
    .bind(id.clone())
    .bind(ws.to_db())
    .bind(unit.to_db())
    .bind(title.clone())
    .bind(input.headcount)
    .bind(input.budget)
    .bind(currency.clone())
    .bind(reason.clone())
    .bind(approver.clone())
    .bind(cap.actor().label().to_string())
    .bind(now)
    .execute(&mut *tx)
    .await
    .db()?;
    let after = json!({"title": title, "headcount": input.headcount, "budget": input.budget, "budget_currency": currency,
                       "reason": reason, "approver_id": approver, "unit_id": unit});
    tx.emit(Event::new(ws, cap.actor(), REQUISITION, "create", id.clone(), now).unit(unit).after(after)).await?;
    let notice = portico_core::notifications::Notice {
        workspace: ws,
        user: approver,
        kind: "approval",
        title: String::new(),
        body: cap.actor().label().to_string(),
        link: "/recruit/requisitions".into(),
        record: Some((REQUISITION.to_string(), id.clone())),
    };
    let say = |tr: &portico_http::i18n::Tr| tr.with("recruit-requisition-to-approve", &[("title", &title)]);
    crate::messages::notify_in_their_language(&mut tx, &s.mail, notice, say, now).await?;
    tx.commit().await.db()?;
    Ok(id)
}

/// Its approver approves or refuses a pending requisition.
pub async fn decide(s: &AppState, authz: &Authz, id: &str, approve: bool, note: &str) -> Result<(), AppError> {
    let r = get(s.db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, id).await?;
    if authz.actor().user_id().map(|u| u.to_db()).as_deref() != Some(r.approver_id.as_str()) {
        return Err(AppError::forbidden());
    }
    if r.status != "pending" {
        return Err(AppError::field(ErrorCode::Conflict, "status"));
    }
    let note = optional_text("note", Some(note), 1000)?.unwrap_or_default();
    let status = if approve { "approved" } else { "refused" };
    let (ws, now) = (authz.workspace(), s.clock.now_micros());
    let mut tx = s.db.begin().await?;
    sqlx::query(
        "UPDATE recruit_requisitions SET status = $1, decision_note = $2, decided_at = $3, updated_at = $3 WHERE workspace_id = $4 AND id = $5",
    )
    .bind(status)
    .bind(note)
    .bind(now)
    .bind(ws.to_db())
    .bind(id.to_string())
    .execute(&mut *tx)
    .await
    .db()?;
    let unit = portico_kernel::ids::parse_db_id(&r.unit_id)?;
    let verb = if approve { "approve" } else { "refuse" };
    let event = Event::new(ws, authz.actor(), REQUISITION, verb, id.to_string(), now)
        .unit(unit)
        .before(json!({"status": r.status}))
        .after(json!({"status": status}));
    tx.emit(event).await?;
    tx.commit().await.db()
}

/// Link a job of the requisition's unit to it (a job covers one requisition at a time).
pub async fn link(s: &AppState, authz: &Authz, id: &str, job: &str) -> Result<(), AppError> {
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let r = get(s.db.pool(), &scope, id).await?;
    let j = crate::jobs::store::get(s.db.pool(), &scope, job).await.map_err(|e| e.or_field("job_id"))?;
    if j.unit_id != r.unit_id {
        return Err(AppError::field(ErrorCode::InvalidValue, "job_id"));
    }
    let cap = authz.unit_cap(EDIT, j.unit()?)?;
    let now = s.clock.now_micros();
    let mut tx = s.db.begin().await?;
    sqlx::query("UPDATE recruit_jobs SET requisition_id = $1, updated_at = $2 WHERE workspace_id = $3 AND id = $4")
        .bind(id.to_string())
        .bind(now)
        .bind(cap.workspace().to_db())
        .bind(j.id.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    let event = Event::new(cap.workspace(), cap.actor(), JOB, "update", j.id.clone(), now)
        .unit(cap.unit())
        .after(json!({"requisition_id": id}));
    tx.emit(event).await?;
    tx.commit().await.db()
}

/// Whether `job` may open: its requisition, if it has one, is approved.
pub async fn may_open(tx: &mut portico_db::Tx, job: &str) -> Result<(), AppError> {
    let row: Option<(Option<String>,)> = sqlx::query_as(
        "SELECT r.status FROM recruit_jobs j LEFT JOIN recruit_requisitions r ON r.id = j.requisition_id WHERE j.id = $1",
    )
    .bind(job.to_string())
    .fetch_optional(&mut **tx)
    .await
    .db()?;
    match row {
        Some((Some(status),)) if status != "approved" => Err(AppError::field(ErrorCode::Conflict, "requisition_id")),
        _ => Ok(()),
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_requisitions, create_requisition))
        .routes(routes!(get_requisition))
        .routes(routes!(decide_requisition))
        .routes(routes!(link_job))
}

fn scope(caller: &Caller) -> Result<Scope, AppError> {
    caller.authz.scope(VIEW).map_err(|_| AppError::not_found())
}

/// The requisitions of the units the caller sees, newest first.
#[utoipa::path(get, path = "/api/v1/recruit/requisitions", tag = "recruit", responses((status = 200, body = List<Requisition>)))]
async fn list_requisitions(State(s): State<AppState>, caller: Caller) -> Result<Json<List<Requisition>>, ApiError> {
    Ok(Json(List { items: list(s.db.pool(), &scope(&caller)?).await?, next_cursor: None }))
}

/// Ask to hire; its approver is asked to decide.
#[utoipa::path(post, path = "/api/v1/recruit/requisitions", tag = "recruit", request_body = RequisitionInput,
    responses((status = 201, body = Requisition), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_requisition(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<RequisitionInput>,
) -> Result<(StatusCode, Json<Requisition>), ApiError> {
    let id = create(&s, &caller.authz, &b).await?;
    Ok((StatusCode::CREATED, Json(get(s.db.pool(), &scope(&caller)?, &id).await?)))
}

#[utoipa::path(get, path = "/api/v1/recruit/requisitions/{id}", tag = "recruit",
    responses((status = 200, body = Requisition), (status = 404, body = ErrorBody)))]
async fn get_requisition(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Requisition>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    Ok(Json(get(s.db.pool(), &scope(&caller)?, &id).await?))
}

/// The named approver approves or refuses.
#[utoipa::path(post, path = "/api/v1/recruit/requisitions/{id}/decision", tag = "recruit", request_body = crate::offers::api::Decision,
    responses((status = 200, body = Requisition), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn decide_requisition(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<crate::offers::api::Decision>,
) -> Result<Json<Requisition>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    decide(&s, &caller.authz, &id, b.approve, &b.note).await?;
    Ok(Json(get(s.db.pool(), &scope(&caller)?, &id).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JobLink {
    pub job_id: String,
}

/// Link a job of the same unit: it opens once the requisition is approved, and its hires fill it.
#[utoipa::path(post, path = "/api/v1/recruit/requisitions/{id}/jobs", tag = "recruit", request_body = JobLink,
    responses((status = 200, body = Requisition), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn link_job(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<JobLink>,
) -> Result<Json<Requisition>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let job = uuid::Uuid::parse_str(b.job_id.trim()).map_err(|_| AppError::field(ErrorCode::InvalidValue, "job_id"))?;
    link(&s, &caller.authz, &id, &job.to_string()).await?;
    Ok(Json(get(s.db.pool(), &scope(&caller)?, &id).await?))
}

#[derive(Template)]
#[template(path = "recruit_requisitions.html")]
struct RequisitionsPage {
    c: Shell,
    items: Vec<Requisition>,
    units: Vec<portico_authz::units::Unit>,
    /// Who may approve (id, name) for one of the units offered.
    approvers: Vec<(String, String)>,
    me: String,
}

impl RequisitionsPage {
    fn filled(&self, r: &Requisition) -> String {
        self.c.tr.with(
            "recruit-requisition-filled",
            &[("filled", &r.filled.to_string()), ("headcount", &r.headcount.to_string())],
        )
    }
    fn jobs(&self, r: &Requisition) -> usize {
        usize::try_from(r.jobs).unwrap_or(0)
    }
}

pub(crate) async fn page(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let scope = authz.scope(VIEW).or_page(&staff)?;
    let items = list(s.db.pool(), &scope).await.or_page(&staff)?;
    let units = authz.scope(CREATE).map(|sc| portico_authz::units::list(authz, &sc)).unwrap_or_default();
    // Everyone who may approve for one of the units offered (the unit chosen decides).
    let offered: Vec<_> = units.iter().take(50).map(|u| u.id).collect();
    let approvers =
        portico_authz::store::eligible_in_any(s.db.pool(), authz.workspace(), &offered, EDIT).await.or_page(&staff)?;
    let me = staff.caller.user.to_db();
    Ok(portico_http::ui::page(&RequisitionsPage {
        c: staff.shell("recruit-requisitions", &f),
        items,
        units,
        approvers,
        me,
    }))
}

pub(crate) async fn create_page(
    State(s): State<AppState>,
    staff: Staff,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Response {
    let result = async {
        let number = |field: &'static str| -> Result<Option<i64>, AppError> {
            match sent(&f, field).trim() {
                "" => Ok(None),
                n => n.parse().map(Some).map_err(|_| AppError::field(ErrorCode::InvalidNumber, field)),
            }
        };
        let input = RequisitionInput {
            unit_id: sent(&f, "unit_id").to_string(),
            title: sent(&f, "title").to_string(),
            headcount: number("headcount")?.unwrap_or(0),
            budget: number("budget")?,
            budget_currency: sent(&f, "budget_currency").to_string(),
            reason: sent(&f, "reason").to_string(),
            approver_id: sent(&f, "approver_id").to_string(),
        };
        create(&s, &staff.caller.authz, &input).await
    }
    .await;
    after("/recruit/requisitions", result.map(|_| "recruit-requisition-created")).into_response()
}

pub(crate) async fn decide_page(
    State(s): State<AppState>,
    staff: Staff,
    Path((id, action)): Path<(String, String)>,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Response {
    let result = async {
        let id: uuid::Uuid = parse(&id)?;
        let approve = match action.as_str() {
            "approve" => true,
            "refuse" => false,
            _ => return Err(AppError::not_found()),
        };
        decide(&s, &staff.caller.authz, &id.to_string(), approve, sent(&f, "note")).await
    }
    .await;
    after("/recruit/requisitions", result.map(|_| "saved")).into_response()
}
