//! Interviews: one or more interviewers meet the candidate of an application. The team fixes
//! a time, or offers a few and the candidate picks one on the career site; everyone receives
//! an iCalendar invitation (a new one when the time changes, a cancellation when it is
//! called off), a reminder the day before, and each interviewer may subscribe to a feed of
//! their interviews ([`feed`]).

pub mod api;
pub mod busy;
pub mod feed;
pub mod free;
pub mod pages;
pub mod schedule;

use portico_authz::Scope;
use portico_db::DbResultExt;
use portico_kernel::{AppError, Timestamp, WorkspaceId};
use serde::Serialize;
use sqlx::AnyPool;

/// The most times offered at once.
pub const MAX_SLOTS: usize = 5;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Interview {
    pub id: String,
    pub unit_id: String,
    pub application_id: String,
    pub title: String,
    /// An address, a room or a video link.
    pub location: String,
    pub duration_minutes: i64,
    /// The zone its times are said in (`Europe/Paris`).
    pub time_zone: String,
    /// proposed (times offered, the candidate picks one), scheduled or cancelled.
    pub status: String,
    pub starts_at: Option<Timestamp>,
    /// Its invitations' iCalendar SEQUENCE: it grows with each change.
    pub sequence: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// The times offered, while it is proposed.
    #[sqlx(skip)]
    pub slots: Vec<Timestamp>,
    #[sqlx(skip)]
    pub interviewers: Vec<Interviewer>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Interviewer {
    pub user_id: String,
    pub name: String,
}

const COLUMNS: &str = "i.id, i.unit_id, i.application_id, i.title, i.location, i.duration_minutes, i.time_zone, \
    i.status, i.starts_at, i.sequence, i.created_at, i.updated_at";

impl Interview {
    pub fn ends_at(&self) -> Option<Timestamp> {
        self.starts_at.map(|s| s + self.duration_minutes * 60_000_000)
    }
    pub fn zone(&self) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::UTC)
    }
}

/// The host name in the UIDs of interviews' calendar events (`{id}@{host}`): Portico's own.
pub fn host(mail: &portico_mail::MailContext) -> &str {
    let after_scheme = mail.public_url.split("://").nth(1).unwrap_or("portico");
    after_scheme.split(['/', ':']).next().unwrap_or("portico")
}

/// Fill in the slots and interviewers of `found`.
async fn complete(pool: &AnyPool, mut found: Vec<Interview>) -> Result<Vec<Interview>, AppError> {
    for i in &mut found {
        let slots: Vec<(i64,)> =
            sqlx::query_as("SELECT starts_at FROM recruit_interview_slots WHERE interview_id = $1 ORDER BY starts_at")
                .bind(i.id.clone())
                .fetch_all(pool)
                .await
                .db()?;
        i.slots = slots.into_iter().map(|(s,)| s).collect();
        i.interviewers = sqlx::query_as(
            "SELECT v.user_id, u.name FROM recruit_interviewers v JOIN users u ON u.id = v.user_id
             WHERE v.interview_id = $1 ORDER BY lower(u.name), v.user_id",
        )
        .bind(i.id.clone())
        .fetch_all(pool)
        .await
        .db()?;
    }
    Ok(found)
}

/// Fill in the slots and interviewers of listed interviews.
async fn complete_all(pool: &AnyPool, rows: Vec<Upcoming>) -> Result<Vec<Upcoming>, AppError> {
    let mut out = Vec::with_capacity(rows.len());
    for mut r in rows {
        r.interview = complete(pool, vec![r.interview]).await?.remove(0);
        out.push(r);
    }
    Ok(out)
}

/// The interviews of an application (the caller may see it), soonest first.
pub async fn of_application(pool: &AnyPool, ws: WorkspaceId, application: &str) -> Result<Vec<Interview>, AppError> {
    let found = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM recruit_interviews i WHERE i.workspace_id = $1 AND i.application_id = $2
         ORDER BY COALESCE(i.starts_at, i.created_at), i.id"
    )))
    .bind(ws.to_db())
    .bind(application.to_string())
    .fetch_all(pool)
    .await
    .db()?;
    complete(pool, found).await
}

pub async fn get(pool: &AnyPool, scope: &Scope, id: &str) -> Result<Interview, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM recruit_interviews i WHERE i.workspace_id = $1 AND i.id = $2 AND {}",
        scope.unit_sql("i.unit_id")
    );
    let found: Option<Interview> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()?;
    let found = found.ok_or_else(AppError::not_found)?;
    Ok(complete(pool, vec![found]).await?.remove(0))
}

/// An interview with whom and for what, for lists.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Upcoming {
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub interview: Interview,
    pub candidate_name: String,
    pub job_title: String,
}

/// The interviews to come (and those still to be picked) in the units `scope` sees; only
/// those `user` interviews at when given. Soonest first.
pub async fn upcoming(
    pool: &AnyPool,
    scope: &Scope,
    user: Option<&str>,
    now: Timestamp,
) -> Result<Vec<Upcoming>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS}, c.name AS candidate_name, j.title AS job_title FROM recruit_interviews i
         JOIN recruit_applications a ON a.id = i.application_id JOIN contacts c ON c.id = a.contact_id
         JOIN recruit_jobs j ON j.id = a.job_id
         WHERE i.workspace_id = $1 AND {} AND (i.status = 'proposed' OR (i.status = 'scheduled' AND i.starts_at >= $2))
           AND ($3 = '' OR EXISTS (SELECT 1 FROM recruit_interviewers v WHERE v.interview_id = i.id AND v.user_id = $3))
         ORDER BY COALESCE(i.starts_at, i.created_at), i.id LIMIT 200",
        scope.unit_sql("i.unit_id")
    );
    let rows: Vec<Upcoming> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(now - 3_600_000_000)
        .bind(user.unwrap_or_default().to_string())
        .fetch_all(pool)
        .await
        .db()?;
    complete_all(pool, rows).await
}

/// A candidate's interviews (proposed or scheduled) for their own applications.
pub async fn of_contact(pool: &AnyPool, ws: WorkspaceId, contact: &str) -> Result<Vec<Upcoming>, AppError> {
    let rows: Vec<Upcoming> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS}, c.name AS candidate_name, j.title AS job_title FROM recruit_interviews i
         JOIN recruit_applications a ON a.id = i.application_id JOIN contacts c ON c.id = a.contact_id
         JOIN recruit_jobs j ON j.id = a.job_id
         WHERE i.workspace_id = $1 AND a.contact_id = $2 AND i.status IN ('proposed', 'scheduled')
         ORDER BY COALESCE(i.starts_at, i.created_at), i.id"
    )))
    .bind(ws.to_db())
    .bind(contact.to_string())
    .fetch_all(pool)
    .await
    .db()?;
    complete_all(pool, rows).await
}
