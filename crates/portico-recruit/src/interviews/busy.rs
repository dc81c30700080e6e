//! When interviewers are busy: their Portico interviews, and the calendar each may publish
//! to Portico (the secret iCal address Google, Outlook or Nextcloud give). The calendar is
//! read in the background every quarter of an hour for the next weeks; only the busy times
//! are kept, never what the events are. Planning an interview at a time one of its
//! interviewers is busy is refused unless the planner says to go ahead.

use portico_db::{Db, DbResultExt};
use portico_http::AppState;
use portico_jobs::{JobContext, NewJob, queue};
use portico_kernel::{AppError, ErrorCode, Timestamp, WorkspaceId};
use portico_mail::freebusy::{self, Busy};
use serde::Serialize;
use sqlx::AnyPool;

pub const JOB: &str = "recruit.busy_calendars";
/// How far ahead calendars are read.
const AHEAD: i64 = 60 * 24 * 3600 * 1_000_000;
const MAX_BYTES: usize = 4 * 1024 * 1024;

/// The calendar addresses and what was read from them: a person's own, not a record to move.
pub const TABLE: portico_platform::InternalTable = portico_platform::InternalTable {
    name: "recruit_busy_calendars",
    why: "the calendar addresses people gave and the busy times read from them (given again after a move)",
    rebuild: &[],
    personal_data: &["url"],
};

/// A person's calendar as Portico reads it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Calendar {
    pub url: String,
    pub read_at: Option<Timestamp>,
    /// Why it could not be read, the last time.
    pub error: String,
    /// Busy times read, ahead.
    pub busy_count: i64,
}

pub async fn calendar_of(pool: &AnyPool, user: &str) -> Result<Option<Calendar>, AppError> {
    sqlx::query_as("SELECT url, read_at, error, busy_count FROM recruit_busy_calendars WHERE user_id = $1")
        .bind(user.to_string())
        .fetch_optional(pool)
        .await
        .db()
}

/// Set (or, empty, remove) the caller's calendar address, and read it soon.
pub async fn set_calendar(s: &AppState, ws: WorkspaceId, user: &str, url: &str, zone: &str) -> Result<(), AppError> {
    let now = s.clock.now_micros();
    let mut tx = s.db.begin().await?;
    sqlx::query("DELETE FROM recruit_busy_calendars WHERE user_id = $1")
        .bind(user.to_string())
        .execute(&mut *tx)
        .await
        .db()?;
    if !url.trim().is_empty() {
        // webcal:// is how calendars hand out these addresses; it is https.
        let url = url.trim().replacen("webcal://", "https://", 1);
        let url = portico_kernel::validate::http_url("url", &url)?;
        s.webhook_policy().check_url(&url)?;
        sqlx::query(
            "INSERT INTO recruit_busy_calendars (user_id, workspace_id, url, zone, busy, busy_count, read_at, error, created_at)
             VALUES ($1, $2, $3, $4, '[]', 0, NULL, '', $5)",
        )
        .bind(user.to_string())
        .bind(ws.to_db())
        .bind(url)
        .bind(zone.to_string())
        .bind(now)
        .execute(&mut *tx)
        .await
        .db()?;
        queue::enqueue(
            &mut tx,
            NewJob::new(JOB, serde_json::json!({"user_id": user})).in_workspace(ws).attempts(1),
            now,
        )
        .await?;
    }
    tx.commit().await.db()
}

/// Read one calendar: its busy times ahead, or why it could not be read.
async fn read(client: &reqwest::Client, url: &str, zone: chrono_tz::Tz, now: Timestamp) -> Result<Vec<Busy>, String> {
    let r = client.get(url).send().await.map_err(|e| e.without_url().to_string())?;
    if !r.status().is_success() {
        return Err(format!("HTTP {}", r.status().as_u16()));
    }
    let body = r.bytes().await.map_err(|e| e.without_url().to_string())?;
    if body.len() > MAX_BYTES {
        return Err("the calendar is larger than 4 MB".into());
    }
    let text = String::from_utf8_lossy(&body);
    if !text.contains("BEGIN:VCALENDAR") {
        return Err("this address does not give a calendar (.ics)".into());
    }
    Ok(freebusy::busy(&text, now, now + AHEAD, zone))
}

#[derive(serde::Deserialize)]
struct Payload {
    /// One person's (when they set their address); none: everyone's.
    user_id: Option<String>,
}

/// Job: read the calendars (one person's, or all of them).
pub async fn refresh(ctx: JobContext, client: reqwest::Client) -> Result<usize, AppError> {
    let p: Payload = ctx.payload().map_err(AppError::internal)?;
    let rows: Vec<(String, String, String)> = match &p.user_id {
        Some(u) => {
            sqlx::query_as("SELECT user_id, url, zone FROM recruit_busy_calendars WHERE user_id = $1").bind(u.clone())
        }
        None => sqlx::query_as("SELECT user_id, url, zone FROM recruit_busy_calendars ORDER BY user_id LIMIT 5000"),
    }
    .fetch_all(ctx.db.pool())
    .await
    .db()?;
    for (user, url, zone) in &rows {
        let now = ctx.clock.now_micros();
        let zone = zone.parse().unwrap_or(chrono_tz::Europe::Paris);
        let (busy, error) = match read(&client, url, zone, now).await {
            Ok(b) => (b, String::new()),
            Err(e) => (Vec::new(), e),
        };
        let kept: Vec<(Timestamp, Timestamp)> = busy.iter().map(|b| (b.start, b.end)).collect();
        let mut tx = ctx.db.begin().await?;
        // A calendar that could not be read keeps what was read before.
        if error.is_empty() {
            sqlx::query("UPDATE recruit_busy_calendars SET busy = $1, busy_count = $2, read_at = $3, error = '' WHERE user_id = $4")
                .bind(serde_json::to_string(&kept).unwrap_or_default())
                .bind(i64::try_from(kept.len()).unwrap_or(0))
                .bind(now)
                .bind(user.clone())
                .execute(&mut *tx)
                .await
                .db()?;
        } else {
            sqlx::query("UPDATE recruit_busy_calendars SET error = $1 WHERE user_id = $2")
                .bind(error)
                .bind(user.clone())
                .execute(&mut *tx)
                .await
                .db()?;
        }
        tx.commit().await.db()?;
    }
    Ok(rows.len())
}

/// A time someone is busy, and why: `interview` or `calendar`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BusyTime {
    pub user_id: String,
    pub start: Timestamp,
    pub end: Timestamp,
    pub source: &'static str,
}

/// When `users` are busy between `from` and `to`, sorted by start.
pub async fn busy_times(
    db: &Db,
    ws: WorkspaceId,
    users: &[String],
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<BusyTime>, AppError> {
    let mut out = Vec::new();
    for user in users {
        let interviews: Vec<(Timestamp, i64)> = sqlx::query_as(
            "SELECT i.starts_at, i.duration_minutes FROM recruit_interviews i JOIN recruit_interviewers p ON p.interview_id = i.id
             WHERE i.workspace_id = $1 AND p.user_id = $2 AND i.status = 'scheduled' AND i.starts_at < $3 AND i.starts_at > $4",
        )
        .bind(ws.to_db())
        .bind(user.clone())
        .bind(to)
        .bind(from - 8 * 3600 * 1_000_000)
        .fetch_all(db.pool())
        .await
        .db()?;
        for (start, minutes) in interviews {
            let end = start + minutes * 60_000_000;
            if end > from {
                out.push(BusyTime { user_id: user.clone(), start, end, source: "interview" });
            }
        }
        let kept: Option<(String,)> =
            sqlx::query_as("SELECT busy FROM recruit_busy_calendars WHERE workspace_id = $1 AND user_id = $2")
                .bind(ws.to_db())
                .bind(user.clone())
                .fetch_optional(db.pool())
                .await
                .db()?;
        let times: Vec<(Timestamp, Timestamp)> =
            kept.and_then(|(j,)| serde_json::from_str(&j).ok()).unwrap_or_default();
        out.extend(times.into_iter().filter(|(s, e)| *e > from && *s < to).map(|(start, end)| BusyTime {
            user_id: user.clone(),
            start,
            end,
            source: "calendar",
        }));
    }
    out.sort_by_key(|b| (b.start, b.end));
    Ok(out)
}

/// Refuse slots (of `minutes`) at which one of `users` is busy, naming the first such slot.
pub async fn check_slots(
    db: &Db,
    ws: WorkspaceId,
    users: &[String],
    slots: &[Timestamp],
    minutes: i64,
) -> Result<(), AppError> {
    let (Some(first), Some(last)) = (slots.iter().min(), slots.iter().max()) else { return Ok(()) };
    let busy = busy_times(db, ws, users, *first, last + minutes * 60_000_000).await?;
    for (i, s) in slots.iter().enumerate() {
        let end = s + minutes * 60_000_000;
        if busy.iter().any(|b| b.start < end && b.end > *s) {
            return Err(AppError::field(ErrorCode::Module(&crate::BUSY), format!("slots.{i}")));
        }
    }
    Ok(())
}
