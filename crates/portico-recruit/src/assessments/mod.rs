//! Assessments: the results a test platform (skills, languages, personality) posts for an
//! application, signed with the secret the workspace gave it, shown on the application. An
//! admin adds a provider and hands it its address and secret; the provider posts JSON naming
//! the application (the id it was given when the candidate was invited).

pub mod api;
pub mod hook;

use portico_authz::{Scope, WorkspaceAdmin};
use portico_db::{Db, DbResultExt, Tx};
use portico_kernel::validate::{optional_text, required_text};
use portico_kernel::{AppError, ErrorCode, Event, Timestamp, WorkspaceId};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::AnyPool;

use crate::kinds::{ASSESSMENT, ASSESSMENT_PROVIDER};

/// A provider, as admins see it (its secret only when made).
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Provider {
    pub id: String,
    pub name: String,
    pub created_at: Timestamp,
}

/// A provider just made: the secret it signs with is shown this once.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NewProvider {
    #[serde(flatten)]
    pub provider: Provider,
    pub secret: String,
    /// Where it posts its results (on this install's address).
    pub endpoint: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Assessment {
    pub id: String,
    pub application_id: String,
    pub provider_id: String,
    pub provider: String,
    pub test: String,
    /// invited, started, completed or expired.
    pub status: String,
    /// A percentage.
    pub score: Option<i64>,
    pub grade: String,
    pub summary: String,
    pub report_url: String,
    pub completed_at: Option<Timestamp>,
    pub received_at: Timestamp,
}

pub const STATUSES: [&str; 4] = ["invited", "started", "completed", "expired"];

pub async fn providers(pool: &AnyPool, admin: &WorkspaceAdmin) -> Result<Vec<Provider>, AppError> {
    sqlx::query_as("SELECT id, name, created_at FROM recruit_assessment_providers WHERE workspace_id = $1 ORDER BY lower(name), id")
        .bind(admin.workspace().to_db())
        .fetch_all(pool)
        .await
        .db()
}

/// Add a provider; its secret, shown once.
pub async fn add_provider(
    db: &Db,
    admin: &WorkspaceAdmin,
    name: &str,
    now: Timestamp,
) -> Result<(Provider, String), AppError> {
    let name = required_text("name", name, 120)?;
    let (id, secret) = (uuid::Uuid::now_v7().to_string(), portico_kernel::secret::random_token());
    let mut tx = db.begin().await?;
    sqlx::query("INSERT INTO recruit_assessment_providers (id, workspace_id, name, secret, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(id.clone())
        .bind(admin.workspace().to_db())
        .bind(name.clone())
        .bind(secret.clone())
        .bind(now)
        .execute(&mut *tx)
        .await
        .db()?;
    tx.emit(
        Event::new(admin.workspace(), admin.actor(), ASSESSMENT_PROVIDER, "create", id.clone(), now)
            .after(json!({"name": name})),
    )
    .await?;
    tx.commit().await.db()?;
    Ok((Provider { id, name, created_at: now }, secret))
}

/// Remove a provider: it can post no more; the results it sent stay with their applications.
pub async fn remove_provider(db: &Db, admin: &WorkspaceAdmin, id: &str, now: Timestamp) -> Result<(), AppError> {
    let found: Option<(String, i64)> = sqlx::query_as(
        "SELECT name, (SELECT COUNT(*) FROM recruit_assessments a WHERE a.provider_id = p.id) FROM recruit_assessment_providers p
         WHERE workspace_id = $1 AND id = $2",
    )
    .bind(admin.workspace().to_db())
    .bind(id.to_string())
    .fetch_optional(db.pool())
    .await
    .db()?;
    let (name, results) = found.ok_or_else(AppError::not_found)?;
    let mut tx = db.begin().await?;
    // With results to keep, its secret is retired instead of its row.
    let sql = if results > 0 {
        "UPDATE recruit_assessment_providers SET secret = 'retired:' || id WHERE workspace_id = $1 AND id = $2"
    } else {
        "DELETE FROM recruit_assessment_providers WHERE workspace_id = $1 AND id = $2"
    };
    sqlx::query(sql).bind(admin.workspace().to_db()).bind(id.to_string()).execute(&mut *tx).await.db()?;
    tx.emit(
        Event::new(admin.workspace(), admin.actor(), ASSESSMENT_PROVIDER, "delete", id.to_string(), now)
            .before(json!({"name": name})),
    )
    .await?;
    tx.commit().await.db()
}

/// What a provider posts.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct Posted {
    /// The application the candidate was invited for.
    pub application_id: String,
    /// The test's name ("Excel — advanced", "English B2").
    pub test: String,
    /// invited, started, completed (default) or expired.
    #[serde(default)]
    pub status: Option<String>,
    /// A percentage, 0 to 100.
    pub score: Option<f64>,
    /// The provider's own word for the result ("B2", "Pass").
    #[serde(default)]
    pub grade: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    /// Where the full report is, on the provider's site.
    #[serde(default)]
    pub report_url: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    pub completed_at: Option<String>,
}

/// File a provider's result for an application of its workspace (sent again: updated).
pub async fn record(
    tx: &mut Tx,
    ws: WorkspaceId,
    provider: &str,
    r: &Posted,
    now: Timestamp,
) -> Result<String, AppError> {
    let application = uuid::Uuid::parse_str(r.application_id.trim())
        .map_err(|_| AppError::field(ErrorCode::InvalidValue, "application_id"))?
        .to_string();
    let unit: Option<(String,)> =
        sqlx::query_as("SELECT unit_id FROM recruit_applications WHERE workspace_id = $1 AND id = $2")
            .bind(ws.to_db())
            .bind(application.clone())
            .fetch_optional(&mut **tx)
            .await
            .db()?;
    let (unit,) = unit.ok_or_else(|| AppError::field(ErrorCode::NotFound, "application_id"))?;
    let test = required_text("test", &r.test, 160)?;
    let status = r.status.as_deref().map(str::trim).filter(|s| !s.is_empty()).unwrap_or("completed");
    if !STATUSES.contains(&status) {
        return Err(AppError::field(ErrorCode::InvalidValue, "status"));
    }
    let score = match r.score {
        Some(s) if (0.0..=100.0).contains(&s) => Some(s.round() as i64),
        Some(_) => return Err(AppError::field(ErrorCode::InvalidNumber, "score")),
        None => None,
    };
    let grade = optional_text("grade", r.grade.as_deref(), 60)?.unwrap_or_default();
    let summary = optional_text("summary", r.summary.as_deref(), 4000)?.unwrap_or_default();
    let report_url = match r.report_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) => portico_kernel::validate::http_url("report_url", u)?,
        None => String::new(),
    };
    let completed_at = match r.completed_at.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => Some(
            chrono::DateTime::parse_from_rfc3339(d)
                .map_err(|_| AppError::field(ErrorCode::InvalidDate, "completed_at"))?
                .timestamp_micros(),
        ),
        None => None,
    };
    let id = uuid::Uuid::now_v7().to_string();
    let (id,): (String,) = sqlx::query_as(
        "INSERT INTO recruit_assessments (id, workspace_id, unit_id, application_id, provider_id, test, status, score, grade,
            summary, report_url, completed_at, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (provider_id, application_id, test) DO UPDATE SET status = excluded.status, score = excluded.score,
            grade = excluded.grade, summary = excluded.summary, report_url = excluded.report_url,
            completed_at = excluded.completed_at, received_at = excluded.received_at
         RETURNING id",
    )
    .bind(id)
    .bind(ws.to_db())
    .bind(unit.clone())
    .bind(application.clone())
    .bind(provider.to_string())
    .bind(test.clone())
    .bind(status)
    .bind(score)
    .bind(grade.clone())
    .bind(summary)
    .bind(report_url)
    .bind(completed_at)
    .bind(now)
    .fetch_one(&mut **tx)
    .await
    .db()?;
    let after = json!({"application_id": application, "test": test, "status": status, "score": score, "grade": grade});
    let actor = portico_kernel::Actor::System { label: "assessment".into() };
    tx.emit(
        Event::new(ws, &actor, ASSESSMENT, "record", id.clone(), now)
            .unit(portico_kernel::ids::parse_db_id(&unit)?)
            .after(after),
    )
    .await?;
    Ok(id)
}

const SELECT: &str =
    "SELECT a.id, a.application_id, a.provider_id, p.name AS provider, a.test, a.status, a.score, a.grade,
    a.summary, a.report_url, a.completed_at, a.received_at FROM recruit_assessments a
    JOIN recruit_assessment_providers p ON p.id = a.provider_id";

/// The results of an application the caller was allowed to read, newest first.
pub async fn of_application(pool: &AnyPool, ws: WorkspaceId, application: &str) -> Result<Vec<Assessment>, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE a.workspace_id = $1 AND a.application_id = $2 ORDER BY a.received_at DESC, a.id"
    )))
    .bind(ws.to_db())
    .bind(application.to_string())
    .fetch_all(pool)
    .await
    .db()
}

pub async fn get(pool: &AnyPool, scope: &Scope, id: &str) -> Result<Assessment, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE a.workspace_id = $1 AND a.id = $2 AND {}",
        scope.unit_sql("a.unit_id")
    )))
    .bind(scope.workspace().to_db())
    .bind(id.to_string())
    .fetch_optional(pool)
    .await
    .db()?
    .ok_or_else(AppError::not_found)
}
