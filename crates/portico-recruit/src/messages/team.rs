//! The hiring team of a job: the people who follow it (whoever creates a job follows it).
//! They hear of a new application, a candidate moving on or hired, and a candidate's answer,
//! in their notifications ("activity": in the morning digest unless they choose otherwise),
//! each only as far as they may still see the job's unit.

use async_trait::async_trait;
use portico_authz::Authz;
use portico_db::{DbResultExt, Tx};
use portico_jobs::{JobContext, NewJob, queue};
use portico_kernel::locale::Locale;
use portico_kernel::{AppError, Clock, Event, Timestamp, UnitId, WorkspaceId};
use portico_mail::MailContext;
use portico_platform::{Consumer, RecordKind};
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;

use crate::VIEW;
use crate::kinds::APPLICATION;

pub const NEWS_JOB: &str = "recruit.team_news";

/// Someone who follows a job.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Follower {
    pub user_id: String,
    pub name: String,
}

pub async fn followers(pool: &AnyPool, ws: WorkspaceId, job: &str) -> Result<Vec<Follower>, AppError> {
    sqlx::query_as(
        "SELECT f.user_id, u.name FROM recruit_job_followers f JOIN users u ON u.id = f.user_id
         WHERE f.workspace_id = $1 AND f.job_id = $2 ORDER BY lower(u.name), f.user_id",
    )
    .bind(ws.to_db())
    .bind(job.to_string())
    .fetch_all(pool)
    .await
    .db()
}

/// `user` follows `job` from now on (nothing if they already do), in the caller's transaction.
pub async fn add(tx: &mut Tx, ws: WorkspaceId, job: &str, user: &str, now: Timestamp) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO recruit_job_followers (id, workspace_id, job_id, user_id, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (job_id, user_id) DO NOTHING",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(ws.to_db())
    .bind(job.to_string())
    .bind(user.to_string())
    .bind(now)
    .execute(&mut **tx)
    .await
    .db()?;
    Ok(())
}

/// The caller follows a job they see, or stops following it.
pub async fn follow(
    db: &portico_db::Db,
    clock: &dyn Clock,
    authz: &Authz,
    job: &str,
    on: bool,
) -> Result<(), AppError> {
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let job = crate::jobs::store::get(db.pool(), &scope, job).await?;
    let user = authz.actor().user_id().ok_or_else(AppError::forbidden)?.to_db();
    let ws = authz.workspace();
    let mut tx = db.begin().await?;
    if on {
        add(&mut tx, ws, &job.id, &user, clock.now_micros()).await?;
    } else {
        sqlx::query("DELETE FROM recruit_job_followers WHERE workspace_id = $1 AND job_id = $2 AND user_id = $3")
            .bind(ws.to_db())
            .bind(job.id.clone())
            .bind(user)
            .execute(&mut *tx)
            .await
            .db()?;
    }
    tx.commit().await.db()
}

/// Whether the caller follows `job`.
pub async fn follows(pool: &AnyPool, authz: &Authz, job: &str) -> Result<bool, AppError> {
    let Some(user) = authz.actor().user_id() else { return Ok(false) };
    let found: Option<(String,)> =
        sqlx::query_as("SELECT id FROM recruit_job_followers WHERE workspace_id = $1 AND job_id = $2 AND user_id = $3")
            .bind(authz.workspace().to_db())
            .bind(job.to_string())
            .bind(user.to_db())
            .fetch_optional(pool)
            .await
            .db()?;
    Ok(found.is_some())
}

/// What the team hears of.
#[derive(Debug, Serialize, Deserialize)]
struct News {
    application: String,
    /// applied, moved, hired, replied, accepted or declined (an offer)
    what: String,
    /// Who did it (not told of their own doing).
    by: Option<String>,
    /// When: who followed the job only later is not told.
    at: Timestamp,
}

/// Tell the team of `application` that the candidate `what` (in the caller's transaction:
/// the news leaves if the write commits).
pub async fn tell(
    tx: &mut Tx,
    ws: WorkspaceId,
    application: &str,
    what: &str,
    by: Option<String>,
    now: Timestamp,
) -> Result<(), AppError> {
    let news = News { application: application.to_string(), what: what.to_string(), by, at: now };
    let payload = serde_json::to_value(&news).map_err(|e| AppError::internal(e.to_string()))?;
    queue::enqueue(tx, NewJob::new(NEWS_JOB, payload).in_workspace(ws).attempts(3), now).await.map(|_| ())
}

/// Turns the writes to applications the team hears of into news.
pub struct Newsroom;

#[async_trait]
impl Consumer for Newsroom {
    async fn consume(&self, tx: &mut Tx, kind: &dyn RecordKind, e: &Event) -> Result<(), AppError> {
        if kind.name() != APPLICATION || tx.context::<portico_db::Backfill>().0 {
            return Ok(());
        }
        let what = match e.action.rsplit('.').next().unwrap_or_default() {
            "create" => "applied",
            "move" => "moved",
            "hire" => "hired",
            _ => return Ok(()),
        };
        tell(tx, e.workspace, &e.record_id, what, e.actor.user_id().map(|u| u.to_db()), e.at).await
    }
}

pub fn register(state: &portico_http::AppState, worker: &mut portico_jobs::Worker) {
    let mail = state.mail.clone();
    worker.register(NEWS_JOB, move |ctx| {
        let mail = mail.clone();
        async move { deliver(ctx, mail).await.map_err(|e| e.to_string()) }
    });
}

/// An application as its news tells it.
#[derive(sqlx::FromRow)]
struct About {
    workspace_id: String,
    unit_id: String,
    job_id: String,
    title: String,
    name: String,
    stage: String,
    referrer_id: Option<String>,
}

/// Job: notify each follower of the application's job (but the one who did it, and those
/// who followed it only afterwards) who may still see it, in their language; and who
/// referred the candidate, of the stages they reach.
async fn deliver(ctx: JobContext, mail: MailContext) -> Result<(), AppError> {
    let news: News = ctx.payload().map_err(AppError::internal)?;
    let row: Option<About> = sqlx::query_as(
        "SELECT a.workspace_id, a.unit_id, a.job_id, j.title, c.name, s.name AS stage, a.referrer_id FROM recruit_applications a
         JOIN recruit_jobs j ON j.id = a.job_id JOIN contacts c ON c.id = a.contact_id JOIN recruit_stages s ON s.id = a.stage_id
         WHERE a.id = $1",
    )
    .bind(news.application.clone())
    .fetch_optional(ctx.db.pool())
    .await
    .db()?;
    let Some(About { workspace_id: ws, unit_id: unit, job_id: job, title, name, stage, referrer_id }) = row else {
        return Ok(());
    };
    let ws: WorkspaceId = portico_kernel::ids::parse_db_id(&ws)?;
    let unit: UnitId = portico_kernel::ids::parse_db_id(&unit)?;
    let people: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT f.user_id, u.locale FROM recruit_job_followers f JOIN users u ON u.id = f.user_id
         WHERE f.workspace_id = $1 AND f.job_id = $2 AND f.created_at <= $3",
    )
    .bind(ws.to_db())
    .bind(job)
    .bind(news.at)
    .fetch_all(ctx.db.pool())
    .await
    .db()?;
    let now = ctx.clock.now_micros();
    let mut tx = ctx.db.begin().await?;
    let to_tell = |r: &String| news.by.as_deref() != Some(r.as_str()) && !people.iter().any(|(u, _)| u == r);
    if let Some(referrer) = referrer_id.filter(to_tell)
        && ["moved", "hired"].contains(&news.what.as_str())
    {
        let notice = portico_core::notifications::Notice {
            workspace: ws,
            user: referrer,
            kind: "activity",
            title: String::new(),
            body: title.clone(),
            link: "/recruit/referrals".into(),
            record: None,
        };
        let key = format!("recruit-news-referral-{}", news.what);
        let say = |tr: &portico_http::i18n::Tr| tr.with(&key, &[("name", &name), ("stage", &stage)]);
        super::notify_in_their_language(&mut tx, &mail, notice, say, now).await?;
    }
    for (user, locale) in people.into_iter().filter(|(u, _)| news.by.as_deref() != Some(u)) {
        if !crate::may(ctx.db.pool(), ws, &user, unit, VIEW).await {
            continue;
        }
        let tr = portico_http::i18n::Tr::new(locale.as_deref().and_then(Locale::parse).unwrap_or_default());
        let notice = portico_core::notifications::Notice {
            workspace: ws,
            user,
            kind: "activity",
            title: tr.with(&format!("recruit-news-{}", news.what), &[("name", &name), ("stage", &stage)]),
            body: title.clone(),
            link: format!("/recruit/applications/{}", news.application),
            record: Some((APPLICATION.to_string(), news.application.clone())),
        };
        portico_core::notifications::notify(&mut tx, &mail, notice, now).await?;
    }
    tx.commit().await.db()
}
