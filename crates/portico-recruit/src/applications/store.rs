//! Applications: a candidate for a job, standing in one stage of the job's pipeline. Each
//! move is kept (the history on the candidate's page, time in stage for reports). A
//! candidate applies to a job once: applying again (a double click, a retry) finds the same
//! application.

use portico_authz::{Authz, Scope};
use portico_db::{DbResultExt, Tx};
use portico_kernel::ids::parse_db_id;
use portico_kernel::validate::{optional_text, required_text};
use portico_kernel::{
    Actor, AppError, Clock, ErrorCode, Event, ListSpec, Page, PageRequest, SortKey, SortValue, Timestamp, UnitId,
    WorkspaceId,
};
use serde::Serialize;
use serde_json::json;
use sqlx::AnyPool;

use crate::jobs::store::{Job, Stage};
use crate::kinds::{APPLICATION, COMMENT};
use crate::{EDIT, VIEW};

pub const STATUSES: [&str; 4] = ["active", "rejected", "hired", "withdrawn"];
/// The sources the team filters by (the channels of the career site's links and Portico's own).
pub const SOURCES: [&str; 11] = [
    "career_site",
    "api",
    "referral",
    "linkedin",
    "indeed",
    "facebook",
    "x",
    "email",
    "rss",
    "job_board_api",
    "google",
];
/// Why a candidate was turned down (reports count them; the e-mail does not say).
pub const REASONS: [&str; 7] = ["experience", "skills", "salary", "location", "position_filled", "knockout", "other"];

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Application {
    pub id: String,
    pub unit_id: String,
    pub job_id: String,
    pub candidate_id: String,
    pub contact_id: String,
    pub stage_id: String,
    /// active, rejected, hired or withdrawn.
    pub status: String,
    /// Why it was rejected: experience, skills, salary, location, position_filled or other.
    pub reject_reason: String,
    /// Where it came from: career_site, api, referral, linkedin, indeed, email…
    pub source: String,
    /// More about the source (utm tags, the referrer's page, who referred them).
    pub source_detail: String,
    pub cover_letter: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub stage_changed_at: Timestamp,
    /// The answers to the job's screening questions, as stored (JSON).
    #[serde(skip)]
    pub answers: String,
}

const COLUMNS: &str = "a.id, a.unit_id, a.job_id, a.candidate_id, a.contact_id, a.stage_id, a.status, a.reject_reason, \
    a.source, a.source_detail, a.cover_letter, a.created_at, a.updated_at, a.stage_changed_at, a.answers";

impl Application {
    pub fn unit(&self) -> Result<UnitId, AppError> {
        parse_db_id(&self.unit_id)
    }
    pub fn answers(&self) -> Vec<crate::jobs::questions::Answer> {
        crate::jobs::questions::stored_answers(&self.answers)
    }
}

/// An application as a card of the board or a row of a list: who, where, since when.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Card {
    pub id: String,
    pub job_id: String,
    pub job_title: String,
    pub candidate_id: String,
    pub name: String,
    pub headline: String,
    pub stage_id: String,
    pub stage_name: String,
    pub status: String,
    pub source: String,
    pub created_at: Timestamp,
    pub stage_changed_at: Timestamp,
    /// The team's average rating, in tenths (35 is 3.5), if anyone rated.
    pub rating: Option<i64>,
    pub comments: i64,
}

const CARD: &str = "SELECT a.id, a.job_id, j.title AS job_title, a.candidate_id, c.name, k.headline, a.stage_id,
    s.name AS stage_name, a.status, a.source, a.created_at, a.stage_changed_at,
    (SELECT CAST(ROUND(AVG(r.rating) * 10) AS BIGINT) FROM recruit_comments r WHERE r.application_id = a.id AND r.rating IS NOT NULL) AS rating,
    (SELECT COUNT(*) FROM recruit_comments r WHERE r.application_id = a.id) AS comments
    FROM recruit_applications a JOIN recruit_candidates k ON k.id = a.candidate_id JOIN contacts c ON c.id = a.contact_id
    JOIN recruit_jobs j ON j.id = a.job_id JOIN recruit_stages s ON s.id = a.stage_id";

pub static LIST: ListSpec = ListSpec {
    name: "recruit_application",
    sorts: &[
        SortKey::text("id", "a.id"),
        SortKey::text("name", "lower(c.name)"),
        SortKey::number("moved", "a.stage_changed_at"),
    ],
    default_desc: true,
};

impl Card {
    fn position(&self, key: &str) -> (String, SortValue) {
        let value = match key {
            "name" => self.name.to_lowercase().into(),
            "moved" => self.stage_changed_at.into(),
            _ => self.id.clone().into(),
        };
        (self.id.clone(), value)
    }
}

/// What a list of applications is narrowed to.
#[derive(Debug, Default, Clone, Copy)]
pub struct ApplicationFilter<'a> {
    pub job: Option<&'a str>,
    pub candidate: Option<&'a str>,
    pub stage: Option<&'a str>,
    pub status: Option<&'a str>,
    /// Part of the candidate's name.
    pub q: Option<&'a str>,
}

pub async fn list(
    pool: &AnyPool,
    scope: &Scope,
    page: &PageRequest,
    f: ApplicationFilter<'_>,
) -> Result<Page<Card>, AppError> {
    let ks = page.keyset(&LIST)?;
    let sql = format!(
        "{CARD} WHERE a.workspace_id = $1 AND ($2 IS NULL OR a.job_id = $2) AND ($3 IS NULL OR a.candidate_id = $3)
         AND ($4 IS NULL OR a.stage_id = $4) AND ($5 IS NULL OR a.status = $5) AND ($6 IS NULL OR lower(c.name) LIKE $6)
         AND {} AND {} ORDER BY {} LIMIT $9",
        scope.unit_sql("a.unit_id"),
        ks.condition(7, "a.id"),
        ks.order("a.id")
    );
    let q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(f.job.map(str::to_string))
        .bind(f.candidate.map(str::to_string))
        .bind(f.stage.map(str::to_string))
        .bind(f.status.map(str::to_string))
        .bind(f.q.map(portico_db::contains_pattern));
    let rows: Vec<Card> = portico_db::bind_keyset(q, &ks).bind(ks.fetch()).fetch_all(pool).await.db()?;
    Ok(Page::from_rows(rows, &ks, Card::position))
}

/// Every application of a job with `status`, for its board (oldest move first in each stage).
pub async fn board(pool: &AnyPool, scope: &Scope, job: &str, status: &str) -> Result<Vec<Card>, AppError> {
    let sql = format!(
        "{CARD} WHERE a.workspace_id = $1 AND a.job_id = $2 AND a.status = $3 AND {} ORDER BY a.stage_changed_at, a.id LIMIT 2000",
        scope.unit_sql("a.unit_id")
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(job.to_string())
        .bind(status.to_string())
        .fetch_all(pool)
        .await
        .db()
}

/// A job's shortlist, as its hiring managers see it: the candidates past its first stage who
/// are still in the running or hired, in pipeline order.
pub async fn shortlist(pool: &AnyPool, ws: WorkspaceId, job: &str) -> Result<Vec<Card>, AppError> {
    let sql = format!(
        "{CARD} WHERE a.workspace_id = $1 AND a.job_id = $2 AND a.status IN ('active', 'hired') AND s.position > 0
         ORDER BY s.position DESC, lower(c.name), a.id LIMIT 500"
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(ws.to_db()).bind(job.to_string()).fetch_all(pool).await.db()
}

/// An application as the caller's transaction sees it (one it may change, being written).
pub(crate) async fn get_in(tx: &mut Tx, ws: WorkspaceId, id: &str) -> Result<Application, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM recruit_applications a WHERE a.workspace_id = $1 AND a.id = $2");
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(ws.to_db())
        .bind(id.to_string())
        .fetch_optional(&mut **tx)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

pub async fn get(pool: &AnyPool, scope: &Scope, id: &str) -> Result<Application, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM recruit_applications a WHERE a.workspace_id = $1 AND a.id = $2 AND {}",
        scope.unit_sql("a.unit_id")
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// The applications of one contact (a candidate following them on the career site).
pub async fn of_contact(pool: &AnyPool, ws: WorkspaceId, contact: &str) -> Result<Vec<Card>, AppError> {
    let sql = format!("{CARD} WHERE a.workspace_id = $1 AND a.contact_id = $2 ORDER BY a.created_at DESC LIMIT 200");
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(ws.to_db()).bind(contact.to_string()).fetch_all(pool).await.db()
}

/// Where an application came from.
#[derive(Debug, Clone, Default)]
pub struct Source {
    pub channel: String,
    pub detail: String,
}

impl Source {
    /// A channel name as given by a link (`?src=linkedin`): lowercase letters, digits and
    /// `_`, else the default.
    pub fn channel(given: Option<&str>, default: &str) -> String {
        match given.map(str::trim) {
            Some(s) if !s.is_empty() && s.len() <= 40 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                s.to_ascii_lowercase()
            }
            _ => default.to_string(),
        }
    }
}

/// What a candidate sends with an application.
pub struct NewApplication<'a> {
    pub job: &'a Job,
    pub candidate: &'a str,
    pub contact: &'a str,
    pub source: Source,
    pub cover_letter: &'a str,
    /// The answers to the job's screening questions (checked), and whether a knockout one
    /// failed: the application is then turned down at once (reason `knockout`).
    pub answers: &'a [crate::jobs::questions::Answer],
    pub knocked_out: bool,
}

/// File an application in the job's first stage, in the caller's transaction; the id, and
/// whether it is new (false when this candidate had applied to this job already).
pub async fn file(
    tx: &mut Tx,
    ws: WorkspaceId,
    actor: &Actor,
    a: NewApplication<'_>,
    now: Timestamp,
) -> Result<(String, bool), AppError> {
    let cover_letter = optional_text("cover_letter", Some(a.cover_letter), 20_000)?.unwrap_or_default();
    let existing: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM recruit_applications WHERE workspace_id = $1 AND job_id = $2 AND candidate_id = $3",
    )
    .bind(ws.to_db())
    .bind(a.job.id.clone())
    .bind(a.candidate.to_string())
    .fetch_optional(&mut **tx)
    .await
    .db()?;
    if let Some((id,)) = existing {
        return Ok((id, false));
    }
    let (first,): (String,) = sqlx::query_as(
        "SELECT id FROM recruit_stages WHERE workspace_id = $1 AND job_id = $2 ORDER BY position LIMIT 1",
    )
    .bind(ws.to_db())
    .bind(a.job.id.clone())
    .fetch_optional(&mut **tx)
    .await
    .db()?
    .ok_or_else(|| AppError::new(ErrorCode::Conflict))?;
    let unit = a.job.unit()?;
    let id = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO recruit_applications (id, workspace_id, unit_id, job_id, candidate_id, contact_id, stage_id, status,
            reject_reason, source, source_detail, cover_letter, created_at, updated_at, stage_changed_at, answers)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $12, $13, $8, $9, $10, $11, $11, $11, $14)",
    )
    .bind(id.clone())
    .bind(ws.to_db())
    .bind(unit.to_db())
    .bind(a.job.id.clone())
    .bind(a.candidate.to_string())
    .bind(a.contact.to_string())
    .bind(first.clone())
    .bind(a.source.channel.clone())
    .bind(a.source.detail.clone())
    .bind(cover_letter)
    .bind(now)
    .bind(if a.knocked_out { "rejected" } else { "active" })
    .bind(if a.knocked_out { "knockout" } else { "" })
    .bind(serde_json::to_string(a.answers).map_err(|e| AppError::internal(e.to_string()))?)
    .execute(&mut **tx)
    .await
    .db()?;
    record_move(tx, ws, actor, &id, None, &first, now).await?;
    let mut after =
        json!({"job_id": a.job.id, "candidate_id": a.candidate, "stage_id": first, "source": a.source.channel});
    if a.knocked_out {
        after["status"] = json!("rejected");
        after["reject_reason"] = json!("knockout");
    }
    tx.emit(Event::new(ws, actor, APPLICATION, "create", id.clone(), now).unit(unit).after(after)).await?;
    Ok((id, true))
}

async fn record_move(
    tx: &mut Tx,
    ws: WorkspaceId,
    actor: &Actor,
    application: &str,
    from: Option<&str>,
    to: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO recruit_moves (id, workspace_id, application_id, from_stage_id, to_stage_id, actor_label, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(ws.to_db())
    .bind(application.to_string())
    .bind(from.map(str::to_string))
    .bind(to.to_string())
    .bind(actor.label().to_string())
    .bind(now)
    .execute(&mut **tx)
    .await
    .db()?;
    Ok(())
}

/// Move an application to another stage of its job. Reaching a stage of the `hired`
/// category hires the candidate; any other stage makes a rejected or hired application active
/// again.
pub async fn move_to(
    db: &portico_db::Db,
    clock: &dyn Clock,
    authz: &Authz,
    id: &str,
    stage: &str,
) -> Result<(), AppError> {
    let before = get(db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, id).await?;
    let cap = authz.unit_cap(EDIT, before.unit()?)?;
    let mut tx = db.begin().await?;
    move_in(&mut tx, &cap, &before, stage, clock.now_micros()).await?;
    tx.commit().await.db()
}

/// The move of an application the caller may change (`before`, as it stands), in the
/// caller's transaction, at `now`.
pub(crate) async fn move_in(
    tx: &mut Tx,
    cap: &portico_authz::UnitCap,
    before: &Application,
    stage: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    let (ws, id, unit) = (cap.workspace(), before.id.as_str(), before.unit()?);
    let target: Option<(String,)> =
        sqlx::query_as("SELECT category FROM recruit_stages WHERE workspace_id = $1 AND job_id = $2 AND id = $3")
            .bind(ws.to_db())
            .bind(before.job_id.clone())
            .bind(stage.to_string())
            .fetch_optional(&mut **tx)
            .await
            .db()?;
    let (category,) = target.ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "stage_id"))?;
    let status = if category == "hired" { "hired" } else { "active" };
    if before.stage_id == stage && before.status == status {
        return Ok(());
    }
    sqlx::query(
        "UPDATE recruit_applications SET stage_id = $1, status = $2, reject_reason = '', stage_changed_at = $3, updated_at = $3
         WHERE workspace_id = $4 AND id = $5",
    )
    .bind(stage.to_string())
    .bind(status)
    .bind(now)
    .bind(ws.to_db())
    .bind(id.to_string())
    .execute(&mut **tx)
    .await
    .db()?;
    if before.stage_id != stage {
        record_move(tx, ws, cap.actor(), id, Some(&before.stage_id), stage, now).await?;
    }
    let verb = if status == "hired" { "hire" } else { "move" };
    tx.emit(
        Event::new(ws, cap.actor(), APPLICATION, verb, id.to_string(), now)
            .unit(unit)
            .before(
                json!({"stage_id": before.stage_id, "status": before.status, "reject_reason": before.reject_reason}),
            )
            .after(json!({"stage_id": stage, "status": status})),
    )
    .await
}

/// Turn an application down, saying why; it keeps its stage (reports see where it stopped).
/// With `tell`, the candidate receives the message that says so, in their language.
pub async fn reject(
    db: &portico_db::Db,
    clock: &dyn Clock,
    authz: &Authz,
    id: &str,
    reason: &str,
    tell: Option<&portico_mail::MailContext>,
) -> Result<(), AppError> {
    let before = get(db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, id).await?;
    let cap = authz.unit_cap(EDIT, before.unit()?)?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    if !reject_in(&mut tx, &cap, &before, reason, now).await? {
        return Ok(());
    }
    if let Some(mail) = tell {
        let ws = cap.workspace();
        let link = crate::messages::applications_link(&mut tx, mail, ws).await?;
        crate::messages::tell(&mut tx, mail, ws, crate::messages::REJECTED, id, &link, now).await?;
    }
    tx.commit().await.db()
}

/// The rejection of an application the caller may change, in the caller's transaction;
/// whether it changed anything.
pub(crate) async fn reject_in(
    tx: &mut Tx,
    cap: &portico_authz::UnitCap,
    before: &Application,
    reason: &str,
    now: Timestamp,
) -> Result<bool, AppError> {
    if !REASONS.contains(&reason) {
        return Err(AppError::field(ErrorCode::InvalidValue, "reason"));
    }
    if before.status == "rejected" && before.reject_reason == reason {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE recruit_applications SET status = 'rejected', reject_reason = $1, updated_at = $2 WHERE workspace_id = $3 AND id = $4",
    )
    .bind(reason)
    .bind(now)
    .bind(cap.workspace().to_db())
    .bind(before.id.clone())
    .execute(&mut **tx)
    .await
    .db()?;
    tx.emit(
        Event::new(cap.workspace(), cap.actor(), APPLICATION, "reject", before.id.clone(), now)
            .unit(before.unit()?)
            .before(json!({"status": before.status, "reject_reason": before.reject_reason}))
            .after(json!({"status": "rejected", "reject_reason": reason})),
    )
    .await?;
    Ok(true)
}

/// Mark an application withdrawn by its candidate, in the caller's transaction: only one
/// still in the running may be.
pub(crate) async fn withdraw_in(
    tx: &mut Tx,
    ws: WorkspaceId,
    actor: &Actor,
    id: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    let (unit, status): (String, String) =
        sqlx::query_as("SELECT unit_id, status FROM recruit_applications WHERE workspace_id = $1 AND id = $2")
            .bind(ws.to_db())
            .bind(id.to_string())
            .fetch_one(&mut **tx)
            .await
            .db()?;
    if status != "active" {
        return Err(AppError::new(ErrorCode::Conflict));
    }
    sqlx::query(
        "UPDATE recruit_applications SET status = 'withdrawn', updated_at = $1 WHERE workspace_id = $2 AND id = $3",
    )
    .bind(now)
    .bind(ws.to_db())
    .bind(id.to_string())
    .execute(&mut **tx)
    .await
    .db()?;
    let event = Event::new(ws, actor, APPLICATION, "withdraw", id.to_string(), now)
        .unit(parse_db_id(&unit)?)
        .before(json!({"status": status}))
        .after(json!({"status": "withdrawn"}));
    tx.emit(event).await
}

/// A move in an application's history.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Move {
    pub from_stage: Option<String>,
    pub to_stage: String,
    pub actor_label: String,
    pub at: Timestamp,
}

pub async fn history(pool: &AnyPool, ws: WorkspaceId, application: &str) -> Result<Vec<Move>, AppError> {
    sqlx::query_as(
        "SELECT f.name AS from_stage, t.name AS to_stage, m.actor_label, m.at FROM recruit_moves m
         JOIN recruit_stages t ON t.id = m.to_stage_id LEFT JOIN recruit_stages f ON f.id = m.from_stage_id
         WHERE m.workspace_id = $1 AND m.application_id = $2 ORDER BY m.at, m.id",
    )
    .bind(ws.to_db())
    .bind(application.to_string())
    .fetch_all(pool)
    .await
    .db()
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Comment {
    pub id: String,
    pub application_id: String,
    pub author_label: String,
    pub body: String,
    /// 1 to 5, if they rated.
    pub rating: Option<i64>,
    pub created_at: Timestamp,
}

pub async fn comments(pool: &AnyPool, ws: WorkspaceId, application: &str) -> Result<Vec<Comment>, AppError> {
    sqlx::query_as(
        "SELECT id, application_id, author_label, body, rating, created_at FROM recruit_comments
         WHERE workspace_id = $1 AND application_id = $2 ORDER BY created_at, id",
    )
    .bind(ws.to_db())
    .bind(application.to_string())
    .fetch_all(pool)
    .await
    .db()
}

/// Comment on an application, with a rating of 1 to 5 or none; the comment's id.
pub async fn comment(
    db: &portico_db::Db,
    clock: &dyn Clock,
    authz: &Authz,
    id: &str,
    body: &str,
    rating: Option<i64>,
) -> Result<String, AppError> {
    let application = get(db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, id).await?;
    let unit = application.unit()?;
    // Commenting is reviewing: whoever sees the application may.
    let cap = authz.unit_cap(VIEW, unit)?;
    if authz.is_preview() {
        return Err(AppError::forbidden());
    }
    let body = required_text("body", body, 10_000)?;
    if rating.is_some_and(|r| !(1..=5).contains(&r)) {
        return Err(AppError::field(ErrorCode::InvalidValue, "rating"));
    }
    let (ws, now) = (cap.workspace(), clock.now_micros());
    let mut tx = db.begin().await?;
    let by = NewComment { actor: cap.actor(), author: authz.user_id().map(|u| u.to_db()), body: &body, rating };
    let comment = file_comment(&mut tx, ws, unit, id, by, now).await?;
    tx.commit().await.db()?;
    Ok(comment)
}

/// Who writes a comment and what it says.
pub(crate) struct NewComment<'a> {
    pub actor: &'a Actor,
    /// Their account, when they have one (a hiring manager's link or Portico has none).
    pub author: Option<String>,
    pub body: &'a str,
    pub rating: Option<i64>,
}

/// File a comment (checked by the caller) on an application of `unit`, in the caller's
/// transaction; its id.
pub(crate) async fn file_comment(
    tx: &mut Tx,
    ws: WorkspaceId,
    unit: UnitId,
    application: &str,
    c: NewComment<'_>,
    now: Timestamp,
) -> Result<String, AppError> {
    let id = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO recruit_comments (id, workspace_id, unit_id, application_id, author_id, author_label, body, rating, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id.clone())
    .bind(ws.to_db())
    .bind(unit.to_db())
    .bind(application.to_string())
    .bind(c.author)
    .bind(c.actor.label().to_string())
    .bind(c.body.to_string())
    .bind(c.rating)
    .bind(now)
    .execute(&mut **tx)
    .await
    .db()?;
    let after = json!({"application_id": application, "body": c.body, "rating": c.rating});
    tx.emit(Event::new(ws, c.actor, COMMENT, "create", id.clone(), now).unit(unit).after(after)).await?;
    Ok(id)
}

/// The stage an application stands in, among its job's.
pub fn stage_of<'a>(stages: &'a [Stage], a: &Application) -> Option<&'a Stage> {
    stages.iter().find(|s| s.id == a.stage_id)
}

/// Delete a comment: its author may, and whoever may change the application.
pub async fn delete_comment(db: &portico_db::Db, clock: &dyn Clock, authz: &Authz, id: &str) -> Result<(), AppError> {
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let sql = format!(
        "SELECT unit_id, author_id, body FROM recruit_comments WHERE workspace_id = $1 AND id = $2 AND {}",
        scope.unit_sql("unit_id")
    );
    let found: Option<(String, Option<String>, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(id.to_string())
        .fetch_optional(db.pool())
        .await
        .db()?;
    let (unit, author, body) = found.ok_or_else(AppError::not_found)?;
    let unit: UnitId = parse_db_id(&unit)?;
    let own = author.is_some() && author == authz.user_id().map(|u| u.to_db());
    let cap = authz.unit_cap(if own { VIEW } else { EDIT }, unit)?;
    if authz.is_preview() {
        return Err(AppError::forbidden());
    }
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM recruit_comments WHERE workspace_id = $1 AND id = $2")
        .bind(cap.workspace().to_db())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.emit(
        Event::new(cap.workspace(), cap.actor(), COMMENT, "delete", id.to_string(), now)
            .unit(unit)
            .before(json!({"body": body}))
            .deleted(),
    )
    .await?;
    tx.commit().await.db()
}

/// The records of an application that live in its unit (who sees the application sees them):
/// they follow it to another unit, or into the application a duplicate is folded into.
pub(crate) const IN_ITS_UNIT: [&str; 6] = [
    "recruit_comments",
    "recruit_stage_emails",
    "recruit_interviews",
    "recruit_offers",
    "recruit_scorecards",
    "recruit_assessments",
];

/// Transfer an application to another job (of another unit: a franchise passes a candidate
/// to its neighbour), keeping its history: it enters the new job's first stage, and its
/// comments, interviews, offers, scorecards and assessments follow it. The caller must be able to change both jobs.
pub async fn transfer(
    db: &portico_db::Db,
    clock: &dyn Clock,
    authz: &Authz,
    id: &str,
    to_job: &str,
) -> Result<(), AppError> {
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let before = get(db.pool(), &scope, id).await?;
    let from = authz.unit_cap(EDIT, before.unit()?)?;
    let job = crate::jobs::store::get(db.pool(), &scope, to_job).await.map_err(|e| e.or_field("job_id"))?;
    let unit = job.unit()?;
    authz.unit_cap(EDIT, unit).map_err(|e| e.or_field("job_id"))?;
    if job.id == before.job_id {
        return Ok(());
    }
    let ws = from.workspace();
    let (first,): (String,) = sqlx::query_as(
        "SELECT id FROM recruit_stages WHERE workspace_id = $1 AND job_id = $2 ORDER BY position LIMIT 1",
    )
    .bind(ws.to_db())
    .bind(job.id.clone())
    .fetch_optional(db.pool())
    .await
    .db()?
    .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "job_id"))?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE recruit_applications SET job_id = $1, unit_id = $2, stage_id = $3, status = 'active', reject_reason = '',
            stage_changed_at = $4, updated_at = $4 WHERE workspace_id = $5 AND id = $6",
    )
    .bind(job.id.clone())
    .bind(unit.to_db())
    .bind(first.clone())
    .bind(now)
    .bind(ws.to_db())
    .bind(id.to_string())
    .execute(&mut *tx)
    .await
    .db()
    .map_err(|e| if e.code == ErrorCode::AlreadyExists { AppError::field(ErrorCode::AlreadyExists, "job_id") } else { e })?;
    for table in IN_ITS_UNIT {
        let sql = format!("UPDATE {table} SET unit_id = $1 WHERE workspace_id = $2 AND application_id = $3");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(unit.to_db())
            .bind(ws.to_db())
            .bind(id.to_string())
            .execute(&mut *tx)
            .await
            .db()?;
    }
    record_move(&mut tx, ws, from.actor(), id, Some(&before.stage_id), &first, now).await?;
    tx.emit(
        Event::new(ws, from.actor(), APPLICATION, "transfer", id.to_string(), now)
            .unit(unit)
            .before(json!({"job_id": before.job_id, "unit_id": before.unit_id, "stage_id": before.stage_id,
                "status": before.status, "reject_reason": before.reject_reason}))
            .after(json!({"job_id": job.id, "unit_id": unit, "stage_id": first})),
    )
    .await?;
    tx.commit().await.db()
}
