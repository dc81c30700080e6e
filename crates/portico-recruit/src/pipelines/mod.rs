//! Pipeline templates: the stages a workspace's jobs start with when the default (New →
//! Screening → Interview → Offer → Hired) does not fit, e.g. a hiring process with an
//! assessment day or two interview rounds. A job copies its template's stages when it is
//! made, so changing a template never moves anyone already in a pipeline. Workspace
//! configuration: every member reads them, admins write them.

pub mod api;
pub mod pages;

use portico_authz::{Authz, WorkspaceAdmin};
use portico_db::DbResultExt;
use portico_kernel::validate::required_text;
use portico_kernel::{AppError, Clock, ErrorCode, Event, Timestamp, WorkspaceId};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::AnyPool;

use crate::jobs::store::{CATEGORIES, StageInput};
use crate::kinds::PIPELINE;
use crate::messages::stages::StageMail;
use crate::scorecards::Kit;

/// At most this many stages in a template.
pub const MAX_STAGES: usize = 12;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct PipelineStage {
    pub name: String,
    /// new, screen, interview, offer or hired: what the stage counts as in analytics.
    pub category: String,
    /// What the stage e-mails the candidate who reaches it (none by default).
    #[serde(default)]
    pub mail: StageMail,
    /// Its interview kit: what scorecards rate and what to ask.
    #[serde(default)]
    pub kit: Kit,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PipelineTemplate {
    pub id: String,
    pub name: String,
    pub stages: Vec<PipelineStage>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    name: String,
    stages: String,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl From<Row> for PipelineTemplate {
    fn from(r: Row) -> PipelineTemplate {
        let stages = serde_json::from_str(&r.stages).unwrap_or_default();
        PipelineTemplate { id: r.id, name: r.name, stages, created_at: r.created_at, updated_at: r.updated_at }
    }
}

impl PipelineTemplate {
    /// The stages a new job gets from it.
    pub fn pipeline(&self) -> Vec<StageInput> {
        self.stages
            .iter()
            .filter_map(|s| {
                let category = CATEGORIES.iter().find(|c| **c == s.category)?;
                Some(StageInput { name: s.name.clone(), category, mail: s.mail.clone(), kit: s.kit.clone() })
            })
            .collect()
    }
}

/// A template as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PipelineInput {
    pub name: String,
    pub stages: Vec<PipelineStage>,
}

/// Checked: a name, two to twelve named stages of known categories, starting with a `new`
/// stage and with a `hired` one (where hiring moves people) last, each sending a template of
/// the workspace's library if any, with a kit a stage may have.
async fn clean(pool: &AnyPool, ws: WorkspaceId, input: &PipelineInput) -> Result<PipelineInput, AppError> {
    let name = required_text("name", &input.name, 80)?;
    let given: Vec<&PipelineStage> = input.stages.iter().filter(|s| !s.name.trim().is_empty()).collect();
    if given.len() < 2 || given.len() > MAX_STAGES {
        return Err(AppError::field(ErrorCode::InvalidValue, "stages"));
    }
    let mut stages = Vec::new();
    for (i, s) in given.iter().enumerate() {
        let name = required_text(&format!("stages.{i}.name"), &s.name, 80)?;
        if !CATEGORIES.contains(&s.category.as_str()) {
            return Err(AppError::field(ErrorCode::InvalidValue, format!("stages.{i}.category")));
        }
        let mail = s.mail.checked(pool, ws).await.map_err(|e| e.under(&format!("stages.{i}.mail")))?;
        let kit = s.kit.cleaned().map_err(|e| e.under(&format!("stages.{i}.kit")))?;
        stages.push(PipelineStage { name, category: s.category.clone(), mail, kit });
    }
    if stages[0].category != "new" {
        return Err(AppError::field(ErrorCode::InvalidValue, "stages.0.category"));
    }
    let last = stages.len() - 1;
    if stages[last].category != "hired" || stages[..last].iter().any(|s| s.category == "hired") {
        return Err(AppError::field(ErrorCode::InvalidValue, format!("stages.{last}.category")));
    }
    Ok(PipelineInput { name, stages })
}

const COLUMNS: &str = "id, name, stages, created_at, updated_at";

pub async fn list(pool: &AnyPool, authz: &Authz) -> Result<Vec<PipelineTemplate>, AppError> {
    let sql =
        format!("SELECT {COLUMNS} FROM recruit_pipeline_templates WHERE workspace_id = $1 ORDER BY lower(name), id");
    let rows: Vec<Row> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(authz.workspace().to_db()).fetch_all(pool).await.db()?;
    Ok(rows.into_iter().map(PipelineTemplate::from).collect())
}

pub async fn get(pool: &AnyPool, ws: WorkspaceId, id: &str) -> Result<PipelineTemplate, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM recruit_pipeline_templates WHERE workspace_id = $1 AND id = $2");
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(ws.to_db())
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()?;
    row.map(PipelineTemplate::from).ok_or_else(AppError::not_found)
}

/// Write a template: a new one (`id` none) or a new version of one; its id. A name another
/// template has is refused, naming the field.
pub async fn save(
    db: &portico_db::Db,
    clock: &dyn Clock,
    admin: &WorkspaceAdmin,
    id: Option<&str>,
    input: &PipelineInput,
) -> Result<String, AppError> {
    let ws = admin.workspace();
    let c = clean(db.pool(), ws, input).await?;
    let before = match id {
        Some(id) => Some(get(db.pool(), ws, id).await?),
        None => None,
    };
    let taken: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM recruit_pipeline_templates WHERE workspace_id = $1 AND lower(name) = lower($2) AND id <> $3",
    )
    .bind(ws.to_db())
    .bind(c.name.clone())
    .bind(id.unwrap_or("").to_string())
    .fetch_optional(db.pool())
    .await
    .db()?;
    if taken.is_some() {
        return Err(AppError::field(ErrorCode::AlreadyExists, "name"));
    }
    let stages = serde_json::to_string(&c.stages).map_err(|e| AppError::internal(e.to_string()))?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    let (id, action) = match &before {
        Some(t) => {
            sqlx::query("UPDATE recruit_pipeline_templates SET name = $1, stages = $2, updated_at = $3 WHERE id = $4")
                .bind(c.name.clone())
                .bind(stages.clone())
                .bind(now)
                .bind(t.id.clone())
                .execute(&mut *tx)
                .await
                .db()?;
            (t.id.clone(), "update")
        }
        None => {
            let id = uuid::Uuid::now_v7().to_string();
            sqlx::query(
                "INSERT INTO recruit_pipeline_templates (id, workspace_id, name, stages, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $5)",
            )
            .bind(id.clone())
            .bind(ws.to_db())
            .bind(c.name.clone())
            .bind(stages.clone())
            .bind(now)
            .execute(&mut *tx)
            .await
            .db()?;
            (id, "create")
        }
    };
    let mut event = Event::new(ws, admin.actor(), PIPELINE, action, id.clone(), now)
        .after(json!({"name": c.name, "stages": c.stages}));
    if let Some(t) = before {
        event = event.before(json!({"name": t.name, "stages": t.stages}));
    }
    tx.emit(event).await?;
    tx.commit().await.db()?;
    Ok(id)
}

/// Remove a template; the jobs made from it keep their stages.
pub async fn delete(db: &portico_db::Db, clock: &dyn Clock, admin: &WorkspaceAdmin, id: &str) -> Result<(), AppError> {
    let ws = admin.workspace();
    let t = get(db.pool(), ws, id).await?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM recruit_pipeline_templates WHERE workspace_id = $1 AND id = $2")
        .bind(ws.to_db())
        .bind(t.id.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    let before = json!({"name": t.name, "stages": t.stages});
    tx.emit(Event::new(ws, admin.actor(), PIPELINE, "delete", t.id, now).before(before)).await?;
    tx.commit().await.db()
}

/// The stages a new job starts with: its template's when one is chosen (`field` names the
/// choice in errors), else the default pipeline in the job's language.
pub async fn for_new_job(
    pool: &AnyPool,
    ws: WorkspaceId,
    template: Option<&str>,
    field: &'static str,
    locale: &str,
) -> Result<Vec<StageInput>, AppError> {
    match template.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(crate::jobs::default_pipeline(locale)),
        Some(id) => {
            let id = uuid::Uuid::parse_str(id).map_err(|_| AppError::field(ErrorCode::InvalidValue, field))?;
            let t = get(pool, ws, &id.to_string()).await.map_err(|e| match e.code {
                ErrorCode::NotFound => AppError::field(ErrorCode::InvalidValue, field),
                _ => e,
            })?;
            // A template of the library removed since is not sent.
            let mut stages = t.pipeline();
            for s in &mut stages {
                if s.mail.checked(pool, ws).await.is_err() {
                    s.mail = StageMail::default();
                }
            }
            Ok(stages)
        }
    }
}

/// Save a job's pipeline, with what its stages send and their kits, as a new template.
pub async fn from_job(
    db: &portico_db::Db,
    clock: &dyn Clock,
    authz: &Authz,
    job_id: &str,
    name: &str,
) -> Result<String, AppError> {
    // A job the caller cannot see is not found, before anything is said of their rights.
    let scope = authz.scope(crate::VIEW).map_err(|_| AppError::not_found())?;
    let job = crate::jobs::store::get(db.pool(), &scope, job_id).await?;
    let admin = authz.admin()?;
    let ws = admin.workspace();
    let stages = crate::jobs::store::stages(db.pool(), ws, &job.id).await?;
    let stages = stages
        .iter()
        .map(|s| PipelineStage { name: s.name.clone(), category: s.category.clone(), mail: s.mail(), kit: s.kit() })
        .collect();
    save(db, clock, &admin, None, &PipelineInput { name: name.to_string(), stages }).await
}
