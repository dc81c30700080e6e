//! Time spent on tickets: entries agents log (minutes, and what for) and a timer per agent and
//! ticket that becomes an entry when it stops; each ticket shows its total.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portico_authz::Authz;
use portico_db::{Db, DbResultExt};
use portico_http::api::{ErrorBody, List, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, Caller};
use portico_http::form::sent;
use portico_http::state::AppState;
use portico_http::ui::{Staff, after};
use portico_kernel::validate::optional_text;
use portico_kernel::{AppError, Clock, ErrorCode, Event, Timestamp, WorkspaceId};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::AnyPool;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::kinds::TIME_ENTRY;
use crate::{DELETE, EDIT, VIEW, parse};

/// The longest entry: a day.
const MAX_MINUTES: i64 = 24 * 60;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct TimeEntry {
    pub id: String,
    pub ticket_id: String,
    pub user_id: String,
    pub user_name: String,
    pub minutes: i64,
    pub note: String,
    /// Set while it is a running timer (its minutes come when it stops).
    pub started_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

const SELECT: &str = "SELECT e.id, e.ticket_id, e.user_id, u.name AS user_name, e.minutes, e.note, e.started_at, e.created_at \
    FROM desk_time_entries e JOIN users u ON u.id = e.user_id";

/// A ticket's entries, oldest first (the caller has read the ticket).
pub async fn of_ticket(pool: &AnyPool, ws: WorkspaceId, ticket: &str) -> Result<Vec<TimeEntry>, AppError> {
    let sql = format!("{SELECT} WHERE e.workspace_id = $1 AND e.ticket_id = $2 ORDER BY e.created_at, e.id");
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(ws.to_db()).bind(ticket.to_string()).fetch_all(pool).await.db()
}

/// Time as people read it: "1 h 25 min", "40 min".
pub fn said(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02} min"),
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEntry {
    /// 1 to 1440.
    pub minutes: i64,
    #[serde(default)]
    pub note: String,
}

fn me(authz: &Authz) -> Result<String, AppError> {
    authz.actor().user_id().map(|u| u.to_db()).ok_or_else(AppError::forbidden)
}

/// Log time on a ticket; the entry's id.
pub async fn log(db: &Db, clock: &dyn Clock, authz: &Authz, ticket: &str, e: &NewEntry) -> Result<String, AppError> {
    let t = crate::tickets::editable(db.pool(), authz, ticket).await?.0;
    if !(1..=MAX_MINUTES).contains(&e.minutes) {
        return Err(AppError::field(ErrorCode::InvalidValue, "minutes"));
    }
    let note = optional_text("note", Some(&e.note), 500)?.unwrap_or_default();
    let (id, now, user) = (uuid::Uuid::now_v7().to_string(), clock.now_micros(), me(authz)?);
    let mut tx = db.begin().await?;
    insert(&mut tx, &t, &id, &user, e.minutes, &note, None, now).await?;
    let after = json!({"ticket_id": t.id, "user_id": user, "minutes": e.minutes, "note": note});
    tx.emit(
        Event::new(authz.workspace(), authz.actor(), TIME_ENTRY, "create", id.clone(), now)
            .unit(t.unit()?)
            .after(after),
    )
    .await?;
    tx.commit().await.db()?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
async fn insert(
    tx: &mut portico_db::Tx,
    t: &crate::tickets::Ticket,
    id: &str,
    user: &str,
    minutes: i64,
    note: &str,
    started: Option<Timestamp>,
    now: Timestamp,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO desk_time_entries (id, workspace_id, unit_id, ticket_id, user_id, minutes, note, started_at, created_at, updated_at)
         SELECT $1, workspace_id, unit_id, id, $2, $3, $4, $5, $6, $6 FROM desk_tickets WHERE id = $7",
    )
    .bind(id.to_string())
    .bind(user.to_string())
    .bind(minutes)
    .bind(note.to_string())
    .bind(started)
    .bind(now)
    .bind(t.id.clone())
    .execute(&mut **tx)
    .await
    .db()?;
    Ok(())
}

/// Start the caller's timer on a ticket, or stop it: it then becomes an entry of the minutes
/// since it started (at least one). Whether it runs now.
pub async fn toggle(db: &Db, clock: &dyn Clock, authz: &Authz, ticket: &str) -> Result<bool, AppError> {
    let t = crate::tickets::editable(db.pool(), authz, ticket).await?.0;
    let (ws, unit, user, now) = (authz.workspace(), t.unit()?, me(authz)?, clock.now_micros());
    let mut tx = db.begin().await?;
    let running: Option<(String, i64)> = sqlx::query_as(
        "SELECT id, started_at FROM desk_time_entries WHERE ticket_id = $1 AND user_id = $2 AND started_at IS NOT NULL",
    )
    .bind(t.id.clone())
    .bind(user.clone())
    .fetch_optional(&mut *tx)
    .await
    .db()?;
    let runs = match running {
        Some((id, started)) => {
            let minutes = ((now - started) / 60_000_000 + 1).clamp(1, MAX_MINUTES);
            sqlx::query("UPDATE desk_time_entries SET minutes = $1, started_at = NULL, updated_at = $2 WHERE id = $3")
                .bind(minutes)
                .bind(now)
                .bind(id.clone())
                .execute(&mut *tx)
                .await
                .db()?;
            let event = Event::new(ws, authz.actor(), TIME_ENTRY, "update", id, now)
                .unit(unit)
                .after(json!({"minutes": minutes}));
            tx.emit(event).await?;
            false
        }
        None => {
            let id = uuid::Uuid::now_v7().to_string();
            insert(&mut tx, &t, &id, &user, 0, "", Some(now), now).await?;
            let after = json!({"ticket_id": t.id, "user_id": user, "started_at": now});
            tx.emit(Event::new(ws, authz.actor(), TIME_ENTRY, "create", id, now).unit(unit).after(after)).await?;
            true
        }
    };
    tx.commit().await.db()?;
    Ok(runs)
}

/// Remove an entry: its author, or someone who may delete in its unit.
pub async fn delete(db: &Db, clock: &dyn Clock, authz: &Authz, id: &str) -> Result<(), AppError> {
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let row: Option<(String, String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT unit_id, user_id, ticket_id FROM desk_time_entries WHERE workspace_id = $1 AND id = $2 AND {}",
        scope.unit_sql("unit_id")
    )))
    .bind(scope.workspace().to_db())
    .bind(id.to_string())
    .fetch_optional(db.pool())
    .await
    .db()?;
    let (unit, user, ticket) = row.ok_or_else(AppError::not_found)?;
    let unit = portico_kernel::ids::parse_db_id(&unit)?;
    let cap = if me(authz)? == user { authz.unit_cap(EDIT, unit)? } else { authz.unit_cap(DELETE, unit)? };
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM desk_time_entries WHERE id = $1").bind(id.to_string()).execute(&mut *tx).await.db()?;
    let event = Event::new(cap.workspace(), cap.actor(), TIME_ENTRY, "delete", id.to_string(), now)
        .unit(unit)
        .before(json!({"ticket_id": ticket}));
    tx.emit(event).await?;
    tx.commit().await.db()
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_entries, add_entry)).routes(routes!(delete_entry))
}

/// The time logged on a ticket, oldest first (a running timer has no minutes yet).
#[utoipa::path(get, path = "/api/v1/desk/tickets/{id}/time-entries", tag = "desk",
    responses((status = 200, body = List<TimeEntry>), (status = 404, body = ErrorBody)))]
async fn list_entries(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<List<TimeEntry>>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let t =
        crate::tickets::get(s.db.pool(), &caller.authz.scope(VIEW).map_err(|_| AppError::not_found())?, &id).await?;
    Ok(Json(List { items: of_ticket(s.db.pool(), caller.authz.workspace(), &t.id).await?, next_cursor: None }))
}

#[utoipa::path(post, path = "/api/v1/desk/tickets/{id}/time-entries", tag = "desk", request_body = NewEntry,
    responses((status = 201, body = TimeEntry), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_entry(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NewEntry>,
) -> Result<(StatusCode, Json<TimeEntry>), ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let entry = log(&s.db, s.clock.as_ref(), &caller.authz, &id, &b).await?;
    let all = of_ticket(s.db.pool(), caller.authz.workspace(), &id).await?;
    Ok((StatusCode::CREATED, Json(all.into_iter().find(|e| e.id == entry).ok_or_else(AppError::not_found)?)))
}

#[utoipa::path(delete, path = "/api/v1/desk/time-entries/{id}", tag = "desk",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_entry(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    delete(&s.db, s.clock.as_ref(), &caller.authz, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) async fn log_page(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Response {
    let result = async {
        let ticket: uuid::Uuid = parse(&id)?;
        // Whether the ticket is theirs to log on, before what they typed.
        crate::tickets::editable(s.db.pool(), &staff.caller.authz, &ticket.to_string()).await?;
        let minutes =
            sent(&f, "minutes").trim().parse().map_err(|_| AppError::field(ErrorCode::InvalidNumber, "minutes"))?;
        let entry = NewEntry { minutes, note: sent(&f, "note").to_string() };
        log(&s.db, s.clock.as_ref(), &staff.caller.authz, &ticket.to_string(), &entry).await
    }
    .await;
    after(&format!("/desk/tickets/{id}#time"), result.map(|_| "desk-time-logged")).into_response()
}

pub(crate) async fn timer_page(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result = async {
        let ticket: uuid::Uuid = parse(&id)?;
        toggle(&s.db, s.clock.as_ref(), &staff.caller.authz, &ticket.to_string()).await
    }
    .await;
    let notice = result.map(|runs| if runs { "desk-timer-started" } else { "desk-timer-stopped" });
    after(&format!("/desk/tickets/{id}#time"), notice).into_response()
}

pub(crate) async fn delete_page(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result = async {
        let entry: uuid::Uuid = parse(&id)?;
        let ticket: Option<(String,)> = sqlx::query_as("SELECT ticket_id FROM desk_time_entries WHERE id = $1")
            .bind(entry.to_string())
            .fetch_optional(s.db.pool())
            .await
            .db()?;
        delete(&s.db, s.clock.as_ref(), &staff.caller.authz, &entry.to_string()).await?;
        Ok::<_, AppError>(ticket.map(|(t,)| t).unwrap_or_default())
    }
    .await;
    match result {
        Ok(ticket) => after(&format!("/desk/tickets/{ticket}#time"), Ok("deleted")).into_response(),
        Err(e) => after("/desk", Err(e)).into_response(),
    }
}
