//! Stage e-mails: a stage may send the candidate who reaches it a template of the candidate
//! e-mail library, in their language, after a delay; by itself, or once someone on the team
//! reviewed it and chose "send now" or "skip". Leaving the stage, being turned down or
//! withdrawing first cancels what had not gone yet.

use async_trait::async_trait;
use portico_authz::{Authz, Scope};
use portico_db::{DbResultExt, Tx};
use portico_jobs::{JobContext, NewJob, queue};
use portico_kernel::{Actor, AppError, Clock, EmailId, ErrorCode, Event, Timestamp, UnitId, WorkspaceId};
use portico_mail::MailContext;
use portico_platform::{Consumer, RecordKind};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::AnyPool;

use super::write::{self, LIBRARY};
use crate::kinds::{APPLICATION, STAGE, STAGE_EMAIL};
use crate::{EDIT, VIEW};

pub const SEND_JOB: &str = "recruit.stage_email";
/// The longest delay a stage may wait before it sends: thirty days.
pub const MAX_DELAY_MINUTES: i64 = 30 * 24 * 60;
/// The delays the job's page offers, in minutes.
pub const DELAYS: [i64; 7] = [0, 60, 240, 1440, 2880, 4320, 10080];
const MINUTE: i64 = 60_000_000;

/// What a stage sends on arrival.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageMail {
    /// The key of a template of the candidate e-mail library; empty for none.
    #[serde(default)]
    pub template: String,
    #[serde(default)]
    pub delay_minutes: i64,
    /// Someone sends or skips it (it waits for them); otherwise it goes by itself.
    #[serde(default)]
    pub review: bool,
}

impl StageMail {
    /// As a stage keeps it: a template of the workspace's library (or none), a delay of at
    /// most thirty days.
    pub async fn checked(&self, pool: &sqlx::AnyPool, ws: portico_kernel::WorkspaceId) -> Result<StageMail, AppError> {
        let template =
            portico_kernel::validate::optional_text("template", Some(&self.template), 200)?.unwrap_or_default();
        if !template.is_empty() {
            let found: Option<(String,)> = sqlx::query_as(
                "SELECT id FROM templates WHERE workspace_id = $1 AND purpose = $2 AND template_key = $3 LIMIT 1",
            )
            .bind(ws.to_db())
            .bind(LIBRARY)
            .bind(template.clone())
            .fetch_optional(pool)
            .await
            .db()?;
            if found.is_none() {
                return Err(AppError::field(ErrorCode::InvalidValue, "template"));
            }
        }
        if !(0..=MAX_DELAY_MINUTES).contains(&self.delay_minutes) {
            return Err(AppError::field(ErrorCode::InvalidValue, "delay_minutes"));
        }
        Ok(StageMail { template, delay_minutes: self.delay_minutes, review: self.review })
    }

    /// Said in a line: the template's name in `library` (key, name), when, and whether
    /// someone reviews it first.
    pub fn said(&self, library: &[(String, String)], tr: &portico_http::i18n::Tr) -> String {
        match library.iter().find(|(k, _)| *k == self.template) {
            None if self.template.is_empty() => tr.t("recruit-stage-mail-none"),
            None => self.template.clone(),
            Some((_, name)) => {
                let review =
                    if self.review { format!(" · {}", tr.t("recruit-stage-mail-review")) } else { String::new() };
                format!("{name} · {}{review}", delay_said(self.delay_minutes, tr))
            }
        }
    }
}

/// A delay as people say it: at once, 4 hours, 2 days.
pub fn delay_said(minutes: i64, tr: &portico_http::i18n::Tr) -> String {
    match minutes {
        0 => tr.t("recruit-delay-none"),
        m if m % 1440 == 0 => tr.count("recruit-delay-days", m / 1440),
        m if m % 60 == 0 => tr.count("recruit-delay-hours", m / 60),
        m => tr.count("recruit-delay-minutes", m),
    }
}

/// Set what a stage sends.
pub async fn set(
    db: &portico_db::Db,
    clock: &dyn Clock,
    authz: &Authz,
    id: &str,
    input: &StageMail,
) -> Result<(), AppError> {
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let (before, unit) = crate::jobs::store::stage(db.pool(), &scope, id).await?;
    let cap = authz.unit_cap(EDIT, unit)?;
    let ws = cap.workspace();
    let StageMail { template, delay_minutes, review } = input.checked(db.pool(), ws).await?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE recruit_stages SET mail_template = $1, mail_delay_minutes = $2, mail_review = $3 WHERE workspace_id = $4 AND id = $5",
    )
    .bind(template.clone())
    .bind(delay_minutes)
    .bind(i64::from(review))
    .bind(ws.to_db())
    .bind(id.to_string())
    .execute(&mut *tx)
    .await
    .db()?;
    let was = json!({"mail_template": before.mail_template, "mail_delay_minutes": before.mail_delay_minutes,
                     "mail_review": before.mail_review == 1});
    let is = json!({"mail_template": template, "mail_delay_minutes": delay_minutes, "mail_review": review});
    tx.emit(Event::new(ws, cap.actor(), STAGE, "update", id.to_string(), now).unit(unit).before(was).after(is)).await?;
    tx.commit().await.db()
}

/// An e-mail a stage scheduled.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct StageEmail {
    pub id: String,
    pub unit_id: String,
    pub application_id: String,
    pub stage_id: String,
    pub template_key: String,
    /// waiting (for its time), review (for someone to send or skip it), sent, skipped or
    /// cancelled (the application left the stage first).
    pub status: String,
    pub due_at: Timestamp,
    pub created_at: Timestamp,
    pub decided_at: Option<Timestamp>,
    /// Who sent or skipped it, or why it could not go.
    pub decided_by: String,
    pub email_id: Option<String>,
}

const COLUMNS: &str = "e.id, e.unit_id, e.application_id, e.stage_id, e.template_key, e.status, e.due_at, e.created_at, \
    e.decided_at, e.decided_by, e.email_id";

impl StageEmail {
    pub fn pending(&self) -> bool {
        self.status == "waiting" || self.status == "review"
    }
}

/// The stage e-mails of an application, newest first (the caller may see it).
pub async fn of_application(pool: &AnyPool, ws: WorkspaceId, application: &str) -> Result<Vec<StageEmail>, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM recruit_stage_emails e WHERE e.workspace_id = $1 AND e.application_id = $2 ORDER BY e.id DESC"
    )))
    .bind(ws.to_db())
    .bind(application.to_string())
    .fetch_all(pool)
    .await
    .db()
}

pub async fn get(pool: &AnyPool, scope: &Scope, id: &str) -> Result<StageEmail, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM recruit_stage_emails e WHERE e.workspace_id = $1 AND e.id = $2 AND {}",
        scope.unit_sql("e.unit_id")
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// A stage e-mail waiting for review, with whom and what it is about.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ToReview {
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub email: StageEmail,
    pub candidate_name: String,
    pub job_title: String,
    pub stage_name: String,
}

/// The stage e-mails waiting for someone to review them, in the units `scope` sees, oldest first.
pub async fn to_review(pool: &AnyPool, scope: &Scope, limit: i64) -> Result<Vec<ToReview>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS}, c.name AS candidate_name, j.title AS job_title, s.name AS stage_name
         FROM recruit_stage_emails e JOIN recruit_applications a ON a.id = e.application_id
         JOIN contacts c ON c.id = a.contact_id JOIN recruit_jobs j ON j.id = a.job_id JOIN recruit_stages s ON s.id = e.stage_id
         WHERE e.workspace_id = $1 AND e.status = 'review' AND {} ORDER BY e.due_at, e.id LIMIT $2",
        scope.unit_sql("e.unit_id")
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(scope.workspace().to_db()).bind(limit).fetch_all(pool).await.db()
}

/// How many stage e-mails wait for review in the units `scope` sees.
pub async fn count_to_review(pool: &AnyPool, scope: &Scope) -> Result<i64, AppError> {
    let sql = format!(
        "SELECT COUNT(*) FROM recruit_stage_emails e WHERE e.workspace_id = $1 AND e.status = 'review' AND {}",
        scope.unit_sql("e.unit_id")
    );
    let (n,): (i64,) =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(scope.workspace().to_db()).fetch_one(pool).await.db()?;
    Ok(n)
}

/// What a stage e-mail says, as it would go now (nothing when its template is gone).
pub async fn preview(
    db: &portico_db::Db,
    mail: &MailContext,
    ws: WorkspaceId,
    e: &StageEmail,
) -> Result<Option<portico_mail::templates::Rendered>, AppError> {
    let mut tx = db.begin().await?;
    let to = write::recipient(&mut tx, ws, &e.application_id).await?;
    // Read only: the transaction is dropped, not committed.
    write::from_template(&mut tx, mail, ws, &e.template_key, &to).await
}

/// Send or skip a stage e-mail that has not gone yet.
pub async fn decide(
    db: &portico_db::Db,
    clock: &dyn Clock,
    mail: &MailContext,
    authz: &Authz,
    id: &str,
    send: bool,
) -> Result<(), AppError> {
    let e = get(db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, id).await?;
    let unit: UnitId = portico_kernel::ids::parse_db_id(&e.unit_id)?;
    let cap = authz.unit_cap(EDIT, unit)?;
    if !e.pending() {
        return Err(AppError::field(ErrorCode::Conflict, "status"));
    }
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    let ws = cap.workspace();
    let (status, email) = if send {
        match deliver(&mut tx, mail, ws, &e, now).await? {
            Ok(email) => ("sent", Some(email)),
            Err(field) => return Err(AppError::field(ErrorCode::Required, field)),
        }
    } else {
        ("skipped", None)
    };
    settle(&mut tx, ws, cap.actor(), &e, status, cap.actor().label(), email, now).await?;
    tx.commit().await.db()
}

/// Write the stage e-mail to the candidate: the e-mail's id, or the field that stops it
/// (`email`: the candidate has no address; `template`: the template is gone).
async fn deliver(
    tx: &mut Tx,
    mail: &MailContext,
    ws: WorkspaceId,
    e: &StageEmail,
    now: Timestamp,
) -> Result<Result<EmailId, &'static str>, AppError> {
    let to = write::recipient(tx, ws, &e.application_id).await?;
    if to.email.is_none() {
        return Ok(Err("email"));
    }
    let Some(message) = write::from_template(tx, mail, ws, &e.template_key, &to).await? else {
        return Ok(Err("template"));
    };
    write::send(tx, mail, ws, &to, write::Outgoing::automatic(message), now).await.map(Ok)
}

/// Record how a stage e-mail ended.
#[allow(clippy::too_many_arguments)]
async fn settle(
    tx: &mut Tx,
    ws: WorkspaceId,
    actor: &Actor,
    e: &StageEmail,
    status: &str,
    by: &str,
    email: Option<EmailId>,
    now: Timestamp,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE recruit_stage_emails SET status = $1, decided_at = $2, decided_by = $3, email_id = $4 WHERE workspace_id = $5 AND id = $6",
    )
    .bind(status)
    .bind(now)
    .bind(by.to_string())
    .bind(email.map(|id| id.to_db()))
    .bind(ws.to_db())
    .bind(e.id.clone())
    .execute(&mut **tx)
    .await
    .db()?;
    let unit: UnitId = portico_kernel::ids::parse_db_id(&e.unit_id)?;
    let verb = if status == "sent" { "send" } else { "skip" };
    let event = Event::new(ws, actor, STAGE_EMAIL, verb, e.id.clone(), now)
        .unit(unit)
        .before(json!({"status": e.status}))
        .after(json!({"status": status}));
    tx.emit(event).await
}

pub fn register(state: &portico_http::AppState, worker: &mut portico_jobs::Worker) {
    let mail = state.mail.clone();
    worker.register(SEND_JOB, move |ctx| {
        let mail = mail.clone();
        async move { send_due(ctx, mail).await.map_err(|e| e.to_string()) }
    });
}

#[derive(Deserialize)]
struct Due {
    id: String,
}

/// Job: a waiting stage e-mail's time has come. It goes if the application is still in the
/// stage (and not turned down); one that cannot go (no address, template gone) is skipped,
/// saying why.
async fn send_due(ctx: JobContext, mail: MailContext) -> Result<(), AppError> {
    let due: Due = ctx.payload().map_err(AppError::internal)?;
    let mut tx = ctx.db.begin().await?;
    let row: Option<StageEmail> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM recruit_stage_emails e WHERE e.id = $1 AND e.status = 'waiting'"
    )))
    .bind(due.id)
    .fetch_optional(&mut *tx)
    .await
    .db()?;
    let Some(e) = row else { return Ok(()) };
    let (ws, stage, status): (String, String, String) =
        sqlx::query_as("SELECT workspace_id, stage_id, status FROM recruit_applications WHERE id = $1")
            .bind(e.application_id.clone())
            .fetch_one(&mut *tx)
            .await
            .db()?;
    let ws: WorkspaceId = portico_kernel::ids::parse_db_id(&ws)?;
    let now = ctx.clock.now_micros();
    let actor = Actor::System { label: "stage e-mail".into() };
    if stage != e.stage_id || !(status == "active" || status == "hired") {
        cancel(&mut tx, ws, &e.application_id, now).await?;
    } else {
        match deliver(&mut tx, &mail, ws, &e, now).await? {
            Ok(email) => settle(&mut tx, ws, &actor, &e, "sent", "", Some(email), now).await?,
            Err(field) => settle(&mut tx, ws, &actor, &e, "skipped", &format!("no {field}"), None, now).await?,
        }
    }
    tx.commit().await.db()
}

/// Cancel what an application's stages had scheduled and not sent.
async fn cancel(tx: &mut Tx, ws: WorkspaceId, application: &str, now: Timestamp) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE recruit_stage_emails SET status = 'cancelled', decided_at = $1
         WHERE workspace_id = $2 AND application_id = $3 AND status IN ('waiting', 'review')",
    )
    .bind(now)
    .bind(ws.to_db())
    .bind(application.to_string())
    .execute(&mut **tx)
    .await
    .db()?;
    Ok(())
}

/// Schedules a stage's e-mail when an application reaches the stage, and cancels what had
/// not gone when it leaves, is turned down, withdrawn or transferred; in the transaction of
/// the write.
pub struct Schedule;

#[async_trait]
impl Consumer for Schedule {
    async fn consume(&self, tx: &mut Tx, kind: &dyn RecordKind, e: &Event) -> Result<(), AppError> {
        if kind.name() != APPLICATION || tx.context::<portico_db::Backfill>().0 {
            return Ok(());
        }
        let field = |v: &Option<serde_json::Value>, k: &str| {
            v.as_ref().and_then(|v| v[k].as_str()).unwrap_or_default().to_string()
        };
        let arrived = match e.action.rsplit('.').next().unwrap_or_default() {
            "create" => field(&e.after, "status") != "rejected",
            "move" | "hire" => field(&e.before, "stage_id") != field(&e.after, "stage_id"),
            "reject" | "withdraw" | "transfer" => {
                cancel(tx, e.workspace, &e.record_id, e.at).await?;
                false
            }
            _ => false,
        };
        if !arrived {
            return Ok(());
        }
        cancel(tx, e.workspace, &e.record_id, e.at).await?;
        let (unit, stage, template, delay, review): (String, String, String, i64, i64) = sqlx::query_as(
            "SELECT a.unit_id, s.id, s.mail_template, s.mail_delay_minutes, s.mail_review
             FROM recruit_applications a JOIN recruit_stages s ON s.id = a.stage_id WHERE a.id = $1",
        )
        .bind(e.record_id.clone())
        .fetch_one(&mut **tx)
        .await
        .db()?;
        if template.is_empty() {
            return Ok(());
        }
        let id = uuid::Uuid::now_v7().to_string();
        let due = e.at + delay * MINUTE;
        sqlx::query(
            "INSERT INTO recruit_stage_emails (id, workspace_id, unit_id, application_id, stage_id, template_key, status, due_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id.clone())
        .bind(e.workspace.to_db())
        .bind(unit)
        .bind(e.record_id.clone())
        .bind(stage)
        .bind(template)
        .bind(if review == 1 { "review" } else { "waiting" })
        .bind(due)
        .bind(e.at)
        .execute(&mut **tx)
        .await
        .db()?;
        if review != 1 {
            let job =
                NewJob { run_at: Some(due), ..NewJob::new(SEND_JOB, json!({"id": id})).in_workspace(e.workspace) };
            queue::enqueue(tx, job, e.at).await?;
        }
        Ok(())
    }
}
