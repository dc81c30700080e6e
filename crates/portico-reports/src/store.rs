//! Saved reports. A report belongs to a unit: whoever sees the unit sees the report (and
//! its answer, limited to their own reach); whoever may edit there changes it. A report may
//! be e-mailed every day, week or month to people who see it.

use chrono::{Datelike, Duration, NaiveDate, TimeZone};
use portico_authz::{Scope, UnitCap};
use portico_db::{Db, DbResultExt};
use portico_kernel::validate::required_text;
use portico_kernel::{AppError, ErrorCode, Event, Timestamp, UnitId, WorkspaceId};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::AnyPool;

use crate::model::ReportDef;

pub const KIND: &str = "report";
pub const SCHEDULES: [&str; 4] = ["none", "daily", "weekly", "monthly"];
/// Scheduled reports leave at this local hour.
const SEND_HOUR: u32 = 7;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Report {
    pub id: String,
    pub unit_id: String,
    pub name: String,
    /// The report as written (JSON of a ReportDef).
    pub definition: String,
    /// none | daily | weekly | monthly
    pub schedule: String,
    /// JSON list of the ids of the people it is e-mailed to.
    pub recipients: String,
    pub time_zone: String,
    pub next_send_at: Option<Timestamp>,
    pub last_sent_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Report {
    pub fn def(&self) -> Result<ReportDef, AppError> {
        serde_json::from_str(&self.definition).map_err(|e| AppError::internal(format!("report {}: {e}", self.id)))
    }
    pub fn recipient_ids(&self) -> Vec<String> {
        serde_json::from_str(&self.recipients).unwrap_or_default()
    }
}

/// A report as a person saves it.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    pub name: String,
    /// The unit it is shared with.
    #[schema(value_type = String, format = Uuid)]
    pub unit_id: UnitId,
    pub definition: ReportDef,
    #[serde(default = "never")]
    pub schedule: String,
    /// People it is e-mailed to (each must see the unit).
    #[serde(default)]
    pub recipients: Vec<String>,
}

fn never() -> String {
    "none".into()
}

/// When a schedule next sends after `now`, at [`SEND_HOUR`] in `tz`.
pub fn next_send(schedule: &str, now: Timestamp, tz: chrono_tz::Tz) -> Option<Timestamp> {
    let today = tz.timestamp_micros(now).single()?.date_naive();
    let at = |d: NaiveDate| {
        tz.from_local_datetime(&d.and_hms_opt(SEND_HOUR, 0, 0)?).earliest().map(|t| t.timestamp_micros())
    };
    let mut day = today;
    for _ in 0..40 {
        let fits = match schedule {
            "daily" => true,
            "weekly" => day.weekday() == chrono::Weekday::Mon,
            "monthly" => day.day() == 1,
            _ => return None,
        };
        if fits && let Some(t) = at(day).filter(|t| *t > now) {
            return Some(t);
        }
        day += Duration::days(1);
    }
    None
}

const COLUMNS: &str = "id, unit_id, name, definition, schedule, recipients, time_zone, next_send_at, last_sent_at, created_at, updated_at";

/// Save a report in the unit `cap` may edit (a new one when `id` is None). The definition
/// and recipients were checked by the caller, who knows the datasets and the people.
pub async fn save(
    db: &Db,
    cap: &UnitCap,
    id: Option<&str>,
    input: &ReportInput,
    tz: chrono_tz::Tz,
    now: Timestamp,
) -> Result<Report, AppError> {
    let name = required_text("name", &input.name, 120)?;
    if !SCHEDULES.contains(&input.schedule.as_str()) {
        return Err(AppError::field(ErrorCode::InvalidValue, "schedule"));
    }
    if input.schedule != "none" && input.recipients.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "recipients"));
    }
    let ws = cap.workspace();
    let definition = serde_json::to_string(&input.definition).map_err(|e| AppError::internal(e.to_string()))?;
    let recipients = serde_json::to_string(&input.recipients).map_err(|e| AppError::internal(e.to_string()))?;
    let next = next_send(&input.schedule, now, tz);
    let id = id.map(str::to_string).unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let mut tx = db.begin().await?;
    let updated = sqlx::query(
        "UPDATE reports SET unit_id = $1, name = $2, definition = $3, schedule = $4, recipients = $5, time_zone = $6,
            next_send_at = $7, updated_at = $8 WHERE workspace_id = $9 AND id = $10",
    )
    .bind(input.unit_id.to_db())
    .bind(name.clone())
    .bind(definition.clone())
    .bind(input.schedule.clone())
    .bind(recipients.clone())
    .bind(tz.name().to_string())
    .bind(next)
    .bind(now)
    .bind(ws.to_db())
    .bind(id.clone())
    .execute(&mut *tx)
    .await
    .db()?
    .rows_affected();
    if updated == 0 {
        sqlx::query(
            "INSERT INTO reports (id, workspace_id, unit_id, name, definition, schedule, recipients, time_zone, next_send_at, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
        )
        .bind(id.clone())
        .bind(ws.to_db())
        .bind(input.unit_id.to_db())
        .bind(name.clone())
        .bind(definition)
        .bind(input.schedule.clone())
        .bind(recipients)
        .bind(tz.name().to_string())
        .bind(next)
        .bind(now)
        .execute(&mut *tx)
        .await
        .db()?;
    }
    let verb = if updated == 0 { "create" } else { "update" };
    let after =
        json!({"name": name, "unit_id": input.unit_id, "definition": input.definition, "schedule": input.schedule});
    tx.emit(Event::new(ws, cap.actor(), KIND, verb, id.clone(), now).unit(input.unit_id).after(after)).await?;
    tx.commit().await.db()?;
    get_in(db.pool(), ws, &id).await
}

pub async fn delete(db: &Db, cap: &UnitCap, report: &Report, now: Timestamp) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM reports WHERE workspace_id = $1 AND id = $2")
        .bind(cap.workspace().to_db())
        .bind(report.id.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.emit(
        Event::new(cap.workspace(), cap.actor(), KIND, "delete", report.id.clone(), now)
            .unit(cap.unit())
            .before(json!({"name": report.name}))
            .deleted(),
    )
    .await?;
    tx.commit().await.db()
}

/// The reports of the units in `scope`, by name.
pub async fn list(pool: &AnyPool, scope: &Scope) -> Result<Vec<Report>, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM reports WHERE workspace_id = $1 AND {} ORDER BY name, id",
        scope.unit_sql("unit_id")
    )))
    .bind(scope.workspace().to_db())
    .fetch_all(pool)
    .await
    .db()
}

/// One report, if it is in a unit of `scope`.
pub async fn get(pool: &AnyPool, scope: &Scope, id: &str) -> Result<Report, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM reports WHERE workspace_id = $1 AND id = $2 AND {}",
        scope.unit_sql("unit_id")
    )))
    .bind(scope.workspace().to_db())
    .bind(id.to_string())
    .fetch_optional(pool)
    .await
    .db()?
    .ok_or_else(AppError::not_found)
}

async fn get_in(pool: &AnyPool, ws: WorkspaceId, id: &str) -> Result<Report, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM reports WHERE workspace_id = $1 AND id = $2")))
        .bind(ws.to_db())
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// Scheduled reports whose time has come, with their workspace (the sending job's view).
pub async fn due(pool: &AnyPool, now: Timestamp) -> Result<Vec<(String, Report)>, AppError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT workspace_id, id FROM reports WHERE schedule <> 'none' AND next_send_at IS NOT NULL AND next_send_at <= $1 ORDER BY next_send_at",
    )
    .bind(now)
    .fetch_all(pool)
    .await
    .db()?;
    let mut out = Vec::new();
    for (ws, id) in rows {
        let ws_id: WorkspaceId = portico_kernel::ids::parse_db_id(&ws)?;
        out.push((ws, get_in(pool, ws_id, &id).await?));
    }
    Ok(out)
}

/// Record a sending and when the next one is due.
pub async fn sent(db: &Db, report: &Report, now: Timestamp) -> Result<(), AppError> {
    let tz: chrono_tz::Tz = report.time_zone.parse().unwrap_or(chrono_tz::UTC);
    sqlx::query("UPDATE reports SET last_sent_at = $1, next_send_at = $2 WHERE id = $3")
        .bind(now)
        .bind(next_send(&report.schedule, now, tz))
        .bind(report.id.clone())
        .execute(db.pool())
        .await
        .db()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_send_at_seven_local_time() {
        let paris = chrono_tz::Europe::Paris;
        // Sunday 6 Dec 2026, 08:00 in Paris.
        let now = paris.with_ymd_and_hms(2026, 12, 6, 8, 0, 0).unwrap().timestamp_micros();
        let when = |s: &str| {
            next_send(s, now, paris).map(|t| paris.timestamp_micros(t).unwrap().format("%Y-%m-%d %H:%M").to_string())
        };
        assert_eq!(when("daily").as_deref(), Some("2026-12-07 07:00"));
        assert_eq!(when("weekly").as_deref(), Some("2026-12-07 07:00"), "next Monday");
        assert_eq!(when("monthly").as_deref(), Some("2027-01-01 07:00"));
        assert_eq!(when("none"), None);
        let early = paris.with_ymd_and_hms(2026, 12, 7, 6, 0, 0).unwrap().timestamp_micros();
        assert_eq!(
            next_send("daily", early, paris),
            Some(paris.with_ymd_and_hms(2026, 12, 7, 7, 0, 0).unwrap().timestamp_micros())
        );
    }
}
