//! A person's calendar feed: the interviews they take part in, at a secret address their
//! calendar (Google, Outlook, Apple) subscribes to. Only the hash of the secret is kept; a
//! new address replaces the old one. Each event keeps its invitation's UID, so a calendar
//! that has both shows one.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use portico_authz::Authz;
use portico_db::DbResultExt;
use portico_http::AppState;
use portico_kernel::{Actor, AppError, WorkspaceId};
use portico_mail::ics::{self, Meeting, Method, Person};
use sqlx::AnyPool;

use crate::VIEW;

/// The feeds' secrets: a person's own access, not a record to export or import.
pub const TABLE: portico_platform::InternalTable = portico_platform::InternalTable {
    name: "recruit_calendar_feeds",
    why: "the hashes of people's calendar feed addresses (made anew, never moved)",
    rebuild: &[],
    personal_data: &[],
};

/// Where the feeds live (public: the secret in the address is the key).
pub const PREFIX: &str = "/calendar";
const DAY: i64 = 24 * 3600 * 1_000_000;

pub fn router() -> Router<AppState> {
    Router::new().route("/interviews/{token}", get(feed))
}

/// Make the caller a new feed address (the old one stops working); its path.
pub async fn renew(db: &portico_db::Db, authz: &Authz, now: i64) -> Result<String, AppError> {
    authz.scope(VIEW)?;
    let user = authz.actor().user_id().ok_or_else(AppError::forbidden)?.to_db();
    let token = portico_kernel::secret::random_token();
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM recruit_calendar_feeds WHERE user_id = $1")
        .bind(user.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    sqlx::query(
        "INSERT INTO recruit_calendar_feeds (user_id, workspace_id, token_hash, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(user)
    .bind(authz.workspace().to_db())
    .bind(portico_kernel::secret::hash_token(&token))
    .bind(now)
    .execute(&mut *tx)
    .await
    .db()?;
    tx.commit().await.db()?;
    Ok(format!("{PREFIX}/interviews/{token}.ics"))
}

/// Whether the caller has a feed address.
pub async fn exists(pool: &AnyPool, authz: &Authz) -> Result<bool, AppError> {
    let Some(user) = authz.actor().user_id() else { return Ok(false) };
    let row: Option<(String,)> = sqlx::query_as("SELECT user_id FROM recruit_calendar_feeds WHERE user_id = $1")
        .bind(user.to_db())
        .fetch_optional(pool)
        .await
        .db()?;
    Ok(row.is_some())
}

async fn feed(State(s): State<AppState>, Path(token): Path<String>) -> Response {
    match calendar(&s, token.trim_end_matches(".ics")).await {
        Ok(body) => ([(header::CONTENT_TYPE, Method::Publish.content_type())], body).into_response(),
        Err(e) => portico_http::error::ApiError::from(e).into_response(),
    }
}

/// The feed behind `token`: its person's interviews from a month ago on, as far as they may
/// still see them.
async fn calendar(s: &AppState, token: &str) -> Result<String, AppError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT user_id, workspace_id FROM recruit_calendar_feeds WHERE token_hash = $1")
            .bind(portico_kernel::secret::hash_token(token))
            .fetch_optional(s.db.pool())
            .await
            .db()?;
    let (user, ws) = row.ok_or_else(AppError::not_found)?;
    let ws: WorkspaceId = portico_kernel::ids::parse_db_id(&ws)?;
    let actor = Actor::User { id: portico_kernel::ids::parse_db_id(&user)?, label: String::new() };
    let authz = portico_authz::store::load_authz(s.db.pool(), ws, actor).await.map_err(|_| AppError::not_found())?;
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let now = s.clock.now_micros();
    let rows: Vec<FeedRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT i.id, i.application_id, i.title, i.location, i.status, i.starts_at, i.duration_minutes, i.sequence,
                c.name, c.email, j.title AS job
         FROM recruit_interviews i JOIN recruit_interviewers v ON v.interview_id = i.id
         JOIN recruit_applications a ON a.id = i.application_id JOIN contacts c ON c.id = a.contact_id
         JOIN recruit_jobs j ON j.id = a.job_id
         WHERE i.workspace_id = $1 AND v.user_id = $2 AND i.status IN ('scheduled', 'cancelled')
           AND i.starts_at >= $3 AND {} ORDER BY i.starts_at, i.id LIMIT 1000",
        scope.unit_sql("i.unit_id")
    )))
    .bind(ws.to_db())
    .bind(user)
    .bind(now - 30 * DAY)
    .fetch_all(s.db.pool())
    .await
    .db()?;
    let host = super::host(&s.mail);
    let mut tx = s.db.begin().await?;
    let site = crate::messages::site_title(&mut tx, ws).await?;
    drop(tx);
    let organizer = Person { name: site.clone(), email: String::new() };
    let meetings: Vec<Meeting> = rows
        .into_iter()
        .map(|r| Meeting {
            uid: format!("{}@{host}", r.id),
            sequence: r.sequence,
            summary: format!("{} · {} · {}", r.title, r.name, r.job),
            description: s.mail.link(&format!("/recruit/applications/{}", r.application_id)),
            location: r.location,
            start: r.starts_at,
            end: r.starts_at + r.duration_minutes * 60_000_000,
            cancelled: r.status == "cancelled",
            organizer: organizer.clone(),
            attendees: vec![Person { name: r.name, email: r.email.unwrap_or_default() }],
        })
        .collect();
    Ok(ics::calendar(Method::Publish, &site, &meetings, now))
}

#[derive(sqlx::FromRow)]
struct FeedRow {
    id: String,
    application_id: String,
    title: String,
    location: String,
    status: String,
    starts_at: i64,
    duration_minutes: i64,
    sequence: i64,
    name: String,
    email: Option<String>,
    job: String,
}
