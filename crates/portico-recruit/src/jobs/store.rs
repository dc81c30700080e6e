//! Jobs and their pipelines. A job lives in a unit; its stages are its own, copied from a
//! template when it is made, so renaming a stage of one job changes no other. Every write is
//! one transaction with its event (custom values included).

use portico_authz::{Authz, Scope, UnitCap};
use portico_db::{DbResultExt, Tx};
use portico_kernel::ids::parse_db_id;
use portico_kernel::validate::{optional_text, required_text};
use portico_kernel::{
    AppError, Clock, ErrorCode, Event, ListSpec, Page, PageRequest, SortKey, SortValue, Timestamp, UnitId, WorkspaceId,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use sqlx::AnyPool;

use crate::kinds::{JOB, STAGE};
use crate::{CREATE, DELETE, EDIT, VIEW};

pub const STATUSES: [&str; 4] = ["draft", "open", "paused", "closed"];
pub const CONTRACTS: [&str; 6] = ["permanent", "fixed_term", "internship", "apprenticeship", "freelance", "temporary"];
pub const WORKPLACES: [&str; 3] = ["onsite", "hybrid", "remote"];
pub const PERIODS: [&str; 3] = ["year", "month", "hour"];
/// What reports count stages by, in pipeline order.
pub const CATEGORIES: [&str; 5] = ["new", "screen", "interview", "offer", "hired"];

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Job {
    pub id: String,
    pub unit_id: String,
    pub title: String,
    pub department: String,
    pub location: String,
    /// onsite, hybrid or remote.
    pub workplace: String,
    /// permanent, fixed_term, internship, apprenticeship, freelance or temporary.
    pub contract: String,
    /// In whole units of the currency, per `salary_period`.
    pub salary_min: Option<i64>,
    pub salary_max: Option<i64>,
    pub salary_currency: String,
    /// year, month or hour.
    pub salary_period: String,
    /// Sanitized HTML.
    pub description: String,
    /// draft, open, paused or closed.
    pub status: String,
    /// The language the ad is written in: en, fr or hr.
    pub locale: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub opened_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    /// The screening questions, as stored (JSON): see [`Job::questions`].
    #[serde(skip)]
    pub questions: String,
    /// Anonymous review: the stage (id) from which hiring managers see who the candidate is;
    /// empty when they always do.
    pub blind_until: String,
}

const COLUMNS: &str = "id, unit_id, title, department, location, workplace, contract, salary_min, salary_max, \
    salary_currency, salary_period, description, status, locale, created_at, updated_at, opened_at, closed_at, questions, \
    blind_until";

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Stage {
    pub id: String,
    pub job_id: String,
    pub position: i64,
    pub name: String,
    /// new, screen, interview, offer or hired.
    pub category: String,
    /// The candidate e-mail template it sends on arrival (empty: none), after how many
    /// minutes, and whether someone reviews it first (1) or it goes by itself (0).
    pub mail_template: String,
    pub mail_delay_minutes: i64,
    pub mail_review: i64,
    /// Its interview kit: the criteria its scorecards rate and the questions to ask, one per line.
    pub kit_criteria: String,
    pub kit_questions: String,
    #[serde(skip)]
    pub unit_id: String,
}

impl Stage {
    pub fn criteria(&self) -> Vec<&str> {
        lines(&self.kit_criteria)
    }
    pub fn questions(&self) -> Vec<&str> {
        lines(&self.kit_questions)
    }
    pub fn kit(&self) -> crate::scorecards::Kit {
        let owned = |l: Vec<&str>| l.into_iter().map(str::to_string).collect();
        crate::scorecards::Kit { criteria: owned(self.criteria()), questions: owned(self.questions()) }
    }
    pub fn mail(&self) -> crate::messages::stages::StageMail {
        crate::messages::stages::StageMail {
            template: self.mail_template.clone(),
            delay_minutes: self.mail_delay_minutes,
            review: self.mail_review == 1,
        }
    }
}

/// The non-empty lines of a text, trimmed.
pub(crate) fn lines(s: &str) -> Vec<&str> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

const STAGE_COLUMNS: &str = "id, job_id, position, name, category, mail_template, mail_delay_minutes, mail_review, \
    kit_criteria, kit_questions, unit_id";

/// A job as submitted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct JobInput {
    pub title: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub workplace: String,
    #[serde(default)]
    pub contract: String,
    #[serde(default)]
    pub salary_min: String,
    #[serde(default)]
    pub salary_max: String,
    #[serde(default)]
    pub salary_currency: String,
    #[serde(default)]
    pub salary_period: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub locale: String,
    #[serde(default)]
    pub questions: Vec<super::questions::Question>,
}

/// The questions, checked, as they are stored.
fn questions_json(given: &[super::questions::Question]) -> Result<String, AppError> {
    serde_json::to_string(&super::questions::clean(given)?).map_err(|e| AppError::internal(e.to_string()))
}

struct Clean {
    title: String,
    department: String,
    location: String,
    workplace: String,
    contract: String,
    salary_min: Option<i64>,
    salary_max: Option<i64>,
    salary_currency: String,
    salary_period: String,
    description: String,
    locale: String,
}

fn one_of(field: &str, value: &str, allowed: &[&str], default: &str) -> Result<String, AppError> {
    match value.trim() {
        "" => Ok(default.to_string()),
        v if allowed.contains(&v) => Ok(v.to_string()),
        _ => Err(AppError::field(ErrorCode::InvalidValue, field)),
    }
}

fn amount(field: &str, value: &str) -> Result<Option<i64>, AppError> {
    let v: String = value.chars().filter(|c| !c.is_whitespace() && *c != '\u{202f}' && *c != '\u{a0}').collect();
    if v.is_empty() {
        return Ok(None);
    }
    match v.parse::<i64>() {
        Ok(n) if (0..=100_000_000).contains(&n) => Ok(Some(n)),
        _ => Err(AppError::field(ErrorCode::InvalidNumber, field)),
    }
}

fn clean(input: &JobInput) -> Result<Clean, AppError> {
    let title = required_text("title", &input.title, 160)?;
    let department = optional_text("department", Some(&input.department), 120)?.unwrap_or_default();
    let location = optional_text("location", Some(&input.location), 160)?.unwrap_or_default();
    let workplace = one_of("workplace", &input.workplace, &WORKPLACES, "onsite")?;
    let contract = one_of("contract", &input.contract, &CONTRACTS, "permanent")?;
    let salary_min = amount("salary_min", &input.salary_min)?;
    let salary_max = amount("salary_max", &input.salary_max)?;
    if let (Some(lo), Some(hi)) = (salary_min, salary_max)
        && hi < lo
    {
        return Err(AppError::field(ErrorCode::InvalidValue, "salary_max"));
    }
    let currency = input.salary_currency.trim().to_ascii_uppercase();
    let salary_currency = match currency.as_str() {
        "" => "EUR".to_string(),
        c if c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase()) => c.to_string(),
        _ => return Err(AppError::field(ErrorCode::InvalidValue, "salary_currency")),
    };
    let salary_period = one_of("salary_period", &input.salary_period, &PERIODS, "year")?;
    if input.description.len() > 100_000 {
        return Err(AppError::field(ErrorCode::TooLong, "description"));
    }
    let description = portico_html::sanitize(&input.description);
    let locale = match input.locale.trim() {
        "" => "en".to_string(),
        l => portico_kernel::locale::Locale::parse(l)
            .map(|l| l.code().to_string())
            .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "locale"))?,
    };
    Ok(Clean {
        title,
        department,
        location,
        workplace,
        contract,
        salary_min,
        salary_max,
        salary_currency,
        salary_period,
        description,
        locale,
    })
}

impl Clean {
    fn json(&self) -> Value {
        json!({
            "title": self.title, "department": self.department, "location": self.location, "workplace": self.workplace,
            "contract": self.contract, "salary_min": self.salary_min, "salary_max": self.salary_max,
            "salary_currency": self.salary_currency, "salary_period": self.salary_period, "locale": self.locale,
        })
    }
}

impl Job {
    fn json(&self) -> Value {
        json!({
            "title": self.title, "department": self.department, "location": self.location, "workplace": self.workplace,
            "contract": self.contract, "salary_min": self.salary_min, "salary_max": self.salary_max,
            "salary_currency": self.salary_currency, "salary_period": self.salary_period, "locale": self.locale,
        })
    }
    pub fn unit(&self) -> Result<UnitId, AppError> {
        parse_db_id(&self.unit_id)
    }
    pub fn is_open(&self) -> bool {
        self.status == "open"
    }
    pub fn questions(&self) -> Vec<super::questions::Question> {
        super::questions::stored(&self.questions)
    }
}

/// A job in a list, with how many applications stand where.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct JobSummary {
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub job: Job,
    /// Applications still in the running.
    pub active: i64,
    /// Of those, in the first stage (not looked at yet).
    pub fresh: i64,
    pub hired: i64,
}

pub static LIST: ListSpec = ListSpec {
    name: "recruit_job",
    sorts: &[
        SortKey::text("id", "j.id"),
        SortKey::text("title", "lower(j.title)"),
        SortKey::text("status", "j.status"),
        SortKey::text("location", "lower(j.location)"),
        SortKey::number("updated", "j.updated_at"),
    ],
    default_desc: true,
};

impl JobSummary {
    fn position(&self, key: &str) -> (String, SortValue) {
        let j = &self.job;
        let value = match key {
            "title" => j.title.to_lowercase().into(),
            "status" => j.status.clone().into(),
            "location" => j.location.to_lowercase().into(),
            "updated" => j.updated_at.into(),
            _ => j.id.clone().into(),
        };
        (j.id.clone(), value)
    }
}

/// What a jobs list is narrowed to.
#[derive(Debug, Default, Clone, Copy)]
pub struct JobFilter<'a> {
    /// Part of a title, department or location.
    pub q: Option<&'a str>,
    pub status: Option<&'a str>,
    pub unit: Option<UnitId>,
}

pub async fn list(
    pool: &AnyPool,
    scope: &Scope,
    page: &PageRequest,
    f: JobFilter<'_>,
) -> Result<Page<JobSummary>, AppError> {
    let ks = page.keyset(&LIST)?;
    let columns: Vec<String> = COLUMNS.split(", ").map(|c| format!("j.{c}")).collect();
    let sql = format!(
        "SELECT {},
           (SELECT COUNT(*) FROM recruit_applications a WHERE a.job_id = j.id AND a.status = 'active') AS active,
           (SELECT COUNT(*) FROM recruit_applications a JOIN recruit_stages s ON s.id = a.stage_id
              WHERE a.job_id = j.id AND a.status = 'active' AND s.position = 0) AS fresh,
           (SELECT COUNT(*) FROM recruit_applications a WHERE a.job_id = j.id AND a.status = 'hired') AS hired
         FROM recruit_jobs j WHERE j.workspace_id = $1
         AND ($2 IS NULL OR lower(j.title) LIKE $2 OR lower(j.department) LIKE $2 OR lower(j.location) LIKE $2)
         AND ($3 IS NULL OR j.status = $3) AND ($4 IS NULL OR j.unit_id = $4) AND {} AND {} ORDER BY {} LIMIT $7",
        columns.join(", "),
        scope.unit_sql("j.unit_id"),
        ks.condition(5, "j.id"),
        ks.order("j.id")
    );
    let q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(f.q.map(portico_db::contains_pattern))
        .bind(f.status.map(str::to_string))
        .bind(f.unit.map(|u| u.to_db()));
    let rows: Vec<JobSummary> = portico_db::bind_keyset(q, &ks).bind(ks.fetch()).fetch_all(pool).await.db()?;
    Ok(Page::from_rows(rows, &ks, JobSummary::position))
}

pub async fn get(pool: &AnyPool, scope: &Scope, id: &str) -> Result<Job, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM recruit_jobs WHERE workspace_id = $1 AND id = $2 AND {}",
        scope.unit_sql("unit_id")
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// The job as the public sees it: open, in workspace `ws`.
pub async fn get_open(pool: &AnyPool, ws: WorkspaceId, id: &str) -> Result<Job, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM recruit_jobs WHERE workspace_id = $1 AND id = $2 AND status = 'open'");
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(ws.to_db())
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// The job a guest link opens.
pub async fn of_guest(pool: &AnyPool, grant: &portico_auth::magic::GuestGrant) -> Result<Job, AppError> {
    if grant.subject_type() != JOB {
        return Err(AppError::not_found());
    }
    let sql = format!("SELECT {COLUMNS} FROM recruit_jobs WHERE workspace_id = $1 AND id = $2");
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(grant.workspace().to_db())
        .bind(grant.subject_id().to_string())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// What the career site lists: open jobs of some units (all of the workspace's with `None`).
#[derive(Debug, Default, Clone)]
pub struct Opening<'a> {
    pub units: Option<&'a [UnitId]>,
    pub q: Option<&'a str>,
    pub contract: Option<&'a str>,
    pub workplace: Option<&'a str>,
    pub location: Option<&'a str>,
}

/// The condition on `unit_id` of a site's units (`None`: every unit).
fn in_units(units: Option<&[UnitId]>) -> String {
    match units {
        None => "1 = 1".to_string(),
        Some([]) => "1 = 0".to_string(),
        // Typed UUIDs written as literals cannot inject anything.
        Some(u) => format!("unit_id IN ({})", u.iter().map(|u| format!("'{u}'")).collect::<Vec<_>>().join(", ")),
    }
}

/// The places open jobs of these units are in, sorted (a career site's location filter).
pub async fn open_locations(
    pool: &AnyPool,
    ws: WorkspaceId,
    units: Option<&[UnitId]>,
) -> Result<Vec<String>, AppError> {
    let sql = format!(
        "SELECT DISTINCT location FROM recruit_jobs WHERE workspace_id = $1 AND status = 'open' AND location <> '' AND {}
         ORDER BY location LIMIT 500",
        in_units(units)
    );
    let rows: Vec<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(ws.to_db()).fetch_all(pool).await.db()?;
    Ok(rows.into_iter().map(|(l,)| l).collect())
}

pub async fn open_jobs(pool: &AnyPool, ws: WorkspaceId, o: &Opening<'_>) -> Result<Vec<Job>, AppError> {
    let units = in_units(o.units);
    let sql = format!(
        "SELECT {COLUMNS} FROM recruit_jobs WHERE workspace_id = $1 AND status = 'open' AND {units}
         AND ($2 IS NULL OR lower(title) LIKE $2 OR lower(department) LIKE $2 OR lower(description) LIKE $2)
         AND ($3 IS NULL OR contract = $3) AND ($4 IS NULL OR workplace = $4) AND ($5 IS NULL OR location = $5)
         ORDER BY opened_at DESC, id DESC LIMIT 500"
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(ws.to_db())
        .bind(o.q.filter(|q| !q.trim().is_empty()).map(portico_db::contains_pattern))
        .bind(o.contract.filter(|v| !v.is_empty()).map(str::to_string))
        .bind(o.workplace.filter(|v| !v.is_empty()).map(str::to_string))
        .bind(o.location.filter(|v| !v.is_empty()).map(str::to_string))
        .fetch_all(pool)
        .await
        .db()
}

pub async fn stages(pool: &AnyPool, ws: WorkspaceId, job: &str) -> Result<Vec<Stage>, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {STAGE_COLUMNS} FROM recruit_stages WHERE workspace_id = $1 AND job_id = $2 ORDER BY position"
    )))
    .bind(ws.to_db())
    .bind(job.to_string())
    .fetch_all(pool)
    .await
    .db()
}

/// A stage of the pipeline a job starts with.
#[derive(Debug, Clone)]
pub struct StageInput {
    pub name: String,
    pub category: &'static str,
    /// What it sends on arrival and its interview kit, checked (a pipeline template's).
    pub mail: crate::messages::stages::StageMail,
    pub kit: crate::scorecards::Kit,
}

impl StageInput {
    /// A stage that sends nothing and has no kit yet.
    pub fn plain(name: String, category: &'static str) -> StageInput {
        StageInput { name, category, mail: Default::default(), kit: Default::default() }
    }
}

/// Whether a job as submitted would be accepted (an import's dry run checks its rows so).
pub fn check(input: &JobInput) -> Result<(), AppError> {
    clean(input)?;
    questions_json(&input.questions).map(|_| ())
}

pub async fn create(
    db: &portico_db::Db,
    clock: &dyn Clock,
    authz: &Authz,
    unit: UnitId,
    input: &JobInput,
    pipeline: &[StageInput],
    custom: &Map<String, Value>,
) -> Result<String, AppError> {
    let c = clean(input)?;
    let questions = questions_json(&input.questions)?;
    let cap = authz.unit_cap(CREATE, unit).map_err(|e| e.or_field("unit_id"))?;
    let id = uuid::Uuid::now_v7().to_string();
    let now = clock.now_micros();
    let custom = portico_fields::prepare(db.pool(), &cap, JOB, &id, custom).await?;
    let ws = cap.workspace();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO recruit_jobs (id, workspace_id, unit_id, title, department, location, workplace, contract, salary_min,
            salary_max, salary_currency, salary_period, description, status, locale, created_at, updated_at, questions)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'draft', $14, $15, $15, $16)",
    )
    .bind(id.clone())
    .bind(ws.to_db())
    .bind(unit.to_db())
    .bind(c.title.clone())
    .bind(c.department.clone())
    .bind(c.location.clone())
    .bind(c.workplace.clone())
    .bind(c.contract.clone())
    .bind(c.salary_min)
    .bind(c.salary_max)
    .bind(c.salary_currency.clone())
    .bind(c.salary_period.clone())
    .bind(c.description.clone())
    .bind(c.locale.clone())
    .bind(now)
    .bind(questions.clone())
    .execute(&mut *tx)
    .await
    .db()?;
    let mut after = c.json();
    after["questions"] = Value::String(questions);
    after["unit_id"] = json!(unit);
    after["status"] = json!("draft");
    if custom.changed() {
        custom.write(&mut tx, ws).await?;
        after["custom_fields"] = Value::Object(custom.after);
    }
    tx.emit(Event::new(ws, cap.actor(), JOB, "create", id.clone(), now).unit(unit).after(after)).await?;
    for (i, s) in pipeline.iter().enumerate() {
        add_stage(&mut tx, ws, cap.actor(), unit, &id, i64::try_from(i).unwrap_or(0), s, now).await?;
    }
    // Whoever opens a job is on its hiring team.
    if let Some(user) = cap.actor().user_id() {
        crate::messages::team::add(&mut tx, ws, &id, &user.to_db(), now).await?;
    }
    tx.commit().await.db()?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
async fn add_stage(
    tx: &mut Tx,
    ws: WorkspaceId,
    actor: &portico_kernel::Actor,
    unit: UnitId,
    job: &str,
    position: i64,
    s: &StageInput,
    now: Timestamp,
) -> Result<(), AppError> {
    let name = required_text("name", &s.name, 80)?;
    let (criteria, questions) = s.kit.lines()?;
    let id = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO recruit_stages (id, workspace_id, unit_id, job_id, position, name, category, created_at,
            mail_template, mail_delay_minutes, mail_review, kit_criteria, kit_questions)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(id.clone())
    .bind(ws.to_db())
    .bind(unit.to_db())
    .bind(job.to_string())
    .bind(position)
    .bind(name.clone())
    .bind(s.category)
    .bind(now)
    .bind(s.mail.template.clone())
    .bind(s.mail.delay_minutes)
    .bind(i64::from(s.mail.review))
    .bind(criteria.clone())
    .bind(questions.clone())
    .execute(&mut **tx)
    .await
    .db()?;
    let mut after = json!({"job_id": job, "name": name, "category": s.category, "position": position});
    if !s.mail.template.is_empty() {
        after["mail_template"] = json!(s.mail.template);
    }
    if !criteria.is_empty() || !questions.is_empty() {
        after["kit_criteria"] = json!(criteria);
        after["kit_questions"] = json!(questions);
    }
    tx.emit(Event::new(ws, actor, STAGE, "create", id, now).unit(unit).after(after)).await
}

pub async fn update(
    db: &portico_db::Db,
    clock: &dyn Clock,
    authz: &Authz,
    id: &str,
    input: &JobInput,
    custom: &Map<String, Value>,
) -> Result<(), AppError> {
    let before = get(db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, id).await?;
    let unit = before.unit()?;
    let cap = authz.unit_cap(EDIT, unit)?;
    let c = clean(input)?;
    let questions = questions_json(&input.questions)?;
    let custom = portico_fields::prepare(db.pool(), &cap, JOB, id, custom).await?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE recruit_jobs SET title = $1, department = $2, location = $3, workplace = $4, contract = $5, salary_min = $6,
            salary_max = $7, salary_currency = $8, salary_period = $9, description = $10, locale = $11, updated_at = $12,
            questions = $15
         WHERE workspace_id = $13 AND id = $14",
    )
    .bind(c.title.clone())
    .bind(c.department.clone())
    .bind(c.location.clone())
    .bind(c.workplace.clone())
    .bind(c.contract.clone())
    .bind(c.salary_min)
    .bind(c.salary_max)
    .bind(c.salary_currency.clone())
    .bind(c.salary_period.clone())
    .bind(c.description.clone())
    .bind(c.locale.clone())
    .bind(now)
    .bind(cap.workspace().to_db())
    .bind(id.to_string())
    .bind(questions.clone())
    .execute(&mut *tx)
    .await
    .db()?;
    let (mut was, mut is) = (before.json(), c.json());
    if before.questions != questions {
        was["questions"] = Value::String(before.questions.clone());
        is["questions"] = Value::String(questions);
    }
    if before.description != c.description {
        was["description"] = json!(before.description);
        is["description"] = json!(c.description);
    }
    if custom.changed() {
        custom.write(&mut tx, cap.workspace()).await?;
        was["custom_fields"] = Value::Object(custom.before);
        is["custom_fields"] = Value::Object(custom.after);
    }
    tx.emit(
        Event::new(cap.workspace(), cap.actor(), JOB, "update", id.to_string(), now).unit(unit).before(was).after(is),
    )
    .await?;
    tx.commit().await.db()
}

/// Open, pause or close a job (or take it back to draft). The first opening is when its
/// time to fill starts; closing it records when it ended.
pub async fn set_status(
    db: &portico_db::Db,
    clock: &dyn Clock,
    authz: &Authz,
    id: &str,
    status: &str,
) -> Result<(), AppError> {
    let before = get(db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, id).await?;
    let unit = before.unit()?;
    let cap = authz.unit_cap(EDIT, unit)?;
    if !STATUSES.contains(&status) {
        return Err(AppError::field(ErrorCode::InvalidValue, "status"));
    }
    if before.status == status {
        return Ok(());
    }
    let now = clock.now_micros();
    let opened = before.opened_at.or((status == "open").then_some(now));
    let closed = (status == "closed").then_some(now);
    let mut tx = db.begin().await?;
    if status == "open" {
        crate::requisitions::may_open(&mut tx, id).await?;
    }
    sqlx::query(
        "UPDATE recruit_jobs SET status = $1, opened_at = $2, closed_at = $3, updated_at = $4 WHERE workspace_id = $5 AND id = $6",
    )
    .bind(status)
    .bind(opened)
    .bind(closed)
    .bind(now)
    .bind(cap.workspace().to_db())
    .bind(id.to_string())
    .execute(&mut *tx)
    .await
    .db()?;
    tx.emit(
        Event::new(cap.workspace(), cap.actor(), JOB, "status", id.to_string(), now)
            .unit(unit)
            .before(json!({"status": before.status}))
            .after(json!({"status": status})),
    )
    .await?;
    tx.commit().await.db()
}

/// Set from which stage hiring managers see who the candidates are (`stage` empty: always).
pub async fn set_blind(
    db: &portico_db::Db,
    clock: &dyn Clock,
    authz: &Authz,
    id: &str,
    stage: &str,
) -> Result<(), AppError> {
    let before = get(db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, id).await?;
    let unit = before.unit()?;
    let cap = authz.unit_cap(EDIT, unit)?;
    let ws = cap.workspace();
    let stage = stage.trim();
    if !stage.is_empty() && !stages(db.pool(), ws, id).await?.iter().any(|s| s.id == stage) {
        return Err(AppError::field(ErrorCode::InvalidValue, "until_stage_id"));
    }
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE recruit_jobs SET blind_until = $1, updated_at = $2 WHERE workspace_id = $3 AND id = $4")
        .bind(stage.to_string())
        .bind(now)
        .bind(ws.to_db())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await
        .db()?;
    let event = Event::new(ws, cap.actor(), JOB, "update", id.to_string(), now)
        .unit(unit)
        .before(json!({"blind_until": before.blind_until}))
        .after(json!({"blind_until": stage}));
    tx.emit(event).await?;
    tx.commit().await.db()
}

/// Delete a job nobody applied to (a draft made by mistake); one with applications is closed
/// instead, so its history stays.
pub async fn delete(db: &portico_db::Db, clock: &dyn Clock, authz: &Authz, id: &str) -> Result<(), AppError> {
    let before = get(db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, id).await?;
    let unit = before.unit()?;
    let cap = authz.unit_cap(DELETE, unit)?;
    let ws = cap.workspace();
    let (applied,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM recruit_applications WHERE workspace_id = $1 AND job_id = $2")
            .bind(ws.to_db())
            .bind(id.to_string())
            .fetch_one(db.pool())
            .await
            .db()?;
    if applied > 0 {
        return Err(AppError::new(ErrorCode::Conflict));
    }
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    portico_fields::forget_values(&mut tx, ws, JOB, id).await?;
    for s in stages(db.pool(), ws, id).await? {
        sqlx::query("DELETE FROM recruit_stages WHERE id = $1").bind(s.id.clone()).execute(&mut *tx).await.db()?;
        tx.emit(Event::new(ws, cap.actor(), STAGE, "delete", s.id, now).unit(unit).deleted()).await?;
    }
    sqlx::query("DELETE FROM recruit_job_followers WHERE workspace_id = $1 AND job_id = $2")
        .bind(ws.to_db())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await
        .db()?;
    sqlx::query("DELETE FROM recruit_jobs WHERE workspace_id = $1 AND id = $2")
        .bind(ws.to_db())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.emit(Event::new(ws, cap.actor(), JOB, "delete", id.to_string(), now).unit(unit).before(before.json()).deleted())
        .await?;
    tx.commit().await.db()
}

/// A stage, if the caller sees its job.
pub async fn stage(pool: &AnyPool, scope: &Scope, id: &str) -> Result<(Stage, UnitId), AppError> {
    let sql = format!(
        "SELECT {STAGE_COLUMNS} FROM recruit_stages WHERE workspace_id = $1 AND id = $2 AND {}",
        scope.unit_sql("unit_id")
    );
    let stage: Stage = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)?;
    let unit = parse_db_id(&stage.unit_id)?;
    Ok((stage, unit))
}

/// Rename a stage of a job's pipeline.
pub async fn rename_stage(
    db: &portico_db::Db,
    clock: &dyn Clock,
    authz: &Authz,
    id: &str,
    name: &str,
) -> Result<(), AppError> {
    let (before, unit) = stage(db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, id).await?;
    let cap = authz.unit_cap(EDIT, unit)?;
    let name = required_text("name", name, 80)?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE recruit_stages SET name = $1 WHERE workspace_id = $2 AND id = $3")
        .bind(name.clone())
        .bind(cap.workspace().to_db())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.emit(
        Event::new(cap.workspace(), cap.actor(), STAGE, "update", id.to_string(), now)
            .unit(unit)
            .before(json!({"name": before.name}))
            .after(json!({"name": name})),
    )
    .await?;
    tx.commit().await.db()
}

/// The job of a stage, with the right to change it.
async fn editable_stage(
    db: &portico_db::Db,
    authz: &Authz,
    id: &str,
) -> Result<(Stage, Vec<Stage>, portico_authz::UnitCap), AppError> {
    let (stage, unit) = stage(db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, id).await?;
    let cap = authz.unit_cap(EDIT, unit)?;
    let all = stages(db.pool(), cap.workspace(), &stage.job_id).await?;
    Ok((stage, all, cap))
}

/// Add a stage to a job's pipeline, before its first `hired` stage (at the end without one).
pub async fn add_stage_to(
    db: &portico_db::Db,
    clock: &dyn Clock,
    authz: &Authz,
    job: &str,
    name: &str,
    category: &str,
) -> Result<(), AppError> {
    let j = get(db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, job).await?;
    let cap = authz.unit_cap(EDIT, j.unit()?)?;
    let category = CATEGORIES
        .iter()
        .find(|c| **c == category)
        .copied()
        .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "category"))?;
    let all = stages(db.pool(), cap.workspace(), &j.id).await?;
    let at = all.iter().find(|s| s.category == "hired").map_or(all.len() as i64, |s| s.position);
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    let after: Vec<&Stage> = all.iter().filter(|s| s.position >= at).collect();
    renumber(&mut tx, &cap, &after, 1, now).await?;
    let input = StageInput::plain(name.to_string(), category);
    add_stage(&mut tx, cap.workspace(), cap.actor(), j.unit()?, &j.id, at, &input, now).await?;
    tx.commit().await.db()
}

/// Move stages `by` places (a stage added or removed before them), each an audited change:
/// a pipeline's order is part of its history.
async fn renumber(tx: &mut Tx, cap: &UnitCap, moved: &[&Stage], by: i64, now: Timestamp) -> Result<(), AppError> {
    for s in moved {
        let position = s.position + by;
        sqlx::query("UPDATE recruit_stages SET position = $1 WHERE id = $2")
            .bind(position)
            .bind(s.id.clone())
            .execute(&mut **tx)
            .await
            .db()?;
        let e = Event::new(cap.workspace(), cap.actor(), STAGE, "update", s.id.clone(), now)
            .unit(cap.unit())
            .before(json!({"position": s.position}))
            .after(json!({"position": position}));
        tx.emit(e).await?;
    }
    Ok(())
}

/// Move a stage one place earlier (`up`) or later in its pipeline.
pub async fn shift_stage(
    db: &portico_db::Db,
    clock: &dyn Clock,
    authz: &Authz,
    id: &str,
    up: bool,
) -> Result<(), AppError> {
    let (stage, all, cap) = editable_stage(db, authz, id).await?;
    let i = all.iter().position(|s| s.id == stage.id).ok_or_else(AppError::not_found)?;
    let Some(other) = (if up { i.checked_sub(1) } else { Some(i + 1) }).and_then(|j| all.get(j)) else {
        return Ok(());
    };
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    for (s, position) in [(&stage, other.position), (other, stage.position)] {
        sqlx::query("UPDATE recruit_stages SET position = $1 WHERE id = $2")
            .bind(position)
            .bind(s.id.clone())
            .execute(&mut *tx)
            .await
            .db()?;
        let e = Event::new(cap.workspace(), cap.actor(), STAGE, "update", s.id.clone(), now)
            .unit(cap.unit())
            .before(json!({"position": s.position}))
            .after(json!({"position": position}));
        tx.emit(e).await?;
    }
    tx.commit().await.db()
}

/// Remove a stage nobody ever stood in (its history would lose its name otherwise); a job
/// keeps at least one stage.
pub async fn remove_stage(db: &portico_db::Db, clock: &dyn Clock, authz: &Authz, id: &str) -> Result<(), AppError> {
    let (stage, all, cap) = editable_stage(db, authz, id).await?;
    let (used,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM recruit_moves WHERE workspace_id = $1 AND (to_stage_id = $2 OR from_stage_id = $2)",
    )
    .bind(cap.workspace().to_db())
    .bind(stage.id.clone())
    .fetch_one(db.pool())
    .await
    .db()?;
    if used > 0 || all.len() < 2 {
        return Err(AppError::new(ErrorCode::Conflict));
    }
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM recruit_stages WHERE id = $1").bind(stage.id.clone()).execute(&mut *tx).await.db()?;
    let after: Vec<&Stage> = all.iter().filter(|s| s.position > stage.position).collect();
    renumber(&mut tx, &cap, &after, -1, now).await?;
    let e = Event::new(cap.workspace(), cap.actor(), STAGE, "delete", stage.id.clone(), now)
        .unit(cap.unit())
        .before(json!({"name": stage.name, "category": stage.category}))
        .deleted();
    tx.emit(e).await?;
    tx.commit().await.db()
}
