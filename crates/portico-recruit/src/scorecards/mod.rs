//! Interview kits and scorecards. A stage's kit lists the questions to ask and the criteria
//! to rate; each reviewer fills one scorecard per stage (each criterion 1 to 5, an overall
//! recommendation, notes), and sending it again replaces it. On the application's page a
//! reviewer sees the others' scorecards of a stage once they sent their own, so the first
//! opinion does not shape the rest.

pub mod api;
pub mod pages;

use portico_authz::Authz;
use portico_db::DbResultExt;
use portico_kernel::validate::{optional_text, required_text};
use portico_kernel::{AppError, Clock, ErrorCode, Event, Timestamp, WorkspaceId};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::AnyPool;

use crate::kinds::{SCORECARD, STAGE};
use crate::{EDIT, VIEW};

pub const RECOMMENDATIONS: [&str; 4] = ["strong_no", "no", "yes", "strong_yes"];
pub const MAX_CRITERIA: usize = 10;
const MAX_QUESTIONS: usize = 30;

/// A stage's interview kit.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Kit {
    /// What scorecards rate (at most 10).
    #[serde(default)]
    pub criteria: Vec<String>,
    /// What to ask (at most 30).
    #[serde(default)]
    pub questions: Vec<String>,
}

impl Kit {
    /// Said in a line: how many criteria and questions.
    pub fn said(&self, tr: &portico_http::i18n::Tr) -> String {
        match (self.criteria.len(), self.questions.len()) {
            (0, 0) => tr.t("recruit-kit-none"),
            (c, q) => format!(
                "{} · {}",
                tr.count("recruit-kit-criteria-count", c as i64),
                tr.count("recruit-kit-questions-count", q as i64)
            ),
        }
    }

    /// The kit as kept: blank items left out, the others trimmed and checked (errors name
    /// `criteria.N` or `questions.N`).
    pub fn cleaned(&self) -> Result<Kit, AppError> {
        let clean =
            |field: &str, items: &[String], max_items: usize, max_len: usize| -> Result<Vec<String>, AppError> {
                let mut kept = Vec::new();
                for (i, item) in items.iter().enumerate().filter(|(_, s)| !s.trim().is_empty()) {
                    let item = required_text(&format!("{field}.{i}"), item, max_len)?;
                    if item.contains('\n') {
                        return Err(AppError::field(ErrorCode::InvalidValue, format!("{field}.{i}")));
                    }
                    kept.push(item);
                }
                if kept.len() > max_items {
                    return Err(AppError::field(ErrorCode::TooLong, field.to_string()));
                }
                Ok(kept)
            };
        Ok(Kit {
            criteria: clean("criteria", &self.criteria, MAX_CRITERIA, 80)?,
            questions: clean("questions", &self.questions, MAX_QUESTIONS, 500)?,
        })
    }

    /// Its criteria and questions as a stage keeps them, one per line.
    pub fn lines(&self) -> Result<(String, String), AppError> {
        let kit = self.cleaned()?;
        Ok((kit.criteria.join("\n"), kit.questions.join("\n")))
    }
}

/// Set a stage's interview kit.
pub async fn set_kit(
    db: &portico_db::Db,
    clock: &dyn Clock,
    authz: &Authz,
    id: &str,
    kit: &Kit,
) -> Result<(), AppError> {
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let (before, unit) = crate::jobs::store::stage(db.pool(), &scope, id).await?;
    let cap = authz.unit_cap(EDIT, unit)?;
    let (criteria, questions) = kit.lines()?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE recruit_stages SET kit_criteria = $1, kit_questions = $2 WHERE workspace_id = $3 AND id = $4")
        .bind(criteria.clone())
        .bind(questions.clone())
        .bind(cap.workspace().to_db())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await
        .db()?;
    let was = json!({"kit_criteria": before.kit_criteria, "kit_questions": before.kit_questions});
    let is = json!({"kit_criteria": criteria, "kit_questions": questions});
    tx.emit(
        Event::new(cap.workspace(), cap.actor(), STAGE, "update", id.to_string(), now).unit(unit).before(was).after(is),
    )
    .await?;
    tx.commit().await.db()
}

/// A criterion and its score.
#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    pub criterion: String,
    /// 1 to 5.
    pub score: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Scorecard {
    pub id: String,
    pub application_id: String,
    pub stage_id: String,
    pub stage_name: String,
    pub author_id: String,
    pub author_label: String,
    /// strong_no, no, yes or strong_yes.
    pub recommendation: String,
    pub ratings: Vec<Rating>,
    pub notes: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    application_id: String,
    stage_id: String,
    stage_name: String,
    author_id: String,
    author_label: String,
    recommendation: String,
    ratings: String,
    notes: String,
    created_at: Timestamp,
    updated_at: Timestamp,
}

impl From<Row> for Scorecard {
    fn from(r: Row) -> Scorecard {
        Scorecard {
            ratings: serde_json::from_str(&r.ratings).unwrap_or_default(),
            id: r.id,
            application_id: r.application_id,
            stage_id: r.stage_id,
            stage_name: r.stage_name,
            author_id: r.author_id,
            author_label: r.author_label,
            recommendation: r.recommendation,
            notes: r.notes,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

const SELECT: &str = "SELECT k.id, k.application_id, k.stage_id, COALESCE(s.name, '') AS stage_name, k.author_id, k.author_label, \
    k.recommendation, k.ratings, k.notes, k.created_at, k.updated_at FROM recruit_scorecards k LEFT JOIN recruit_stages s ON s.id = k.stage_id";

/// The scorecards of an application (the caller may see it), newest first.
pub async fn of_application(pool: &AnyPool, ws: WorkspaceId, application: &str) -> Result<Vec<Scorecard>, AppError> {
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE k.workspace_id = $1 AND k.application_id = $2 ORDER BY k.updated_at DESC, k.id DESC"
    )))
    .bind(ws.to_db())
    .bind(application.to_string())
    .fetch_all(pool)
    .await
    .db()?;
    Ok(rows.into_iter().map(Scorecard::from).collect())
}

pub async fn get(pool: &AnyPool, scope: &portico_authz::Scope, id: &str) -> Result<Scorecard, AppError> {
    let sql = format!("{SELECT} WHERE k.workspace_id = $1 AND k.id = $2 AND {}", scope.unit_sql("k.unit_id"));
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()?;
    row.map(Scorecard::from).ok_or_else(AppError::not_found)
}

/// What a reviewer sends.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScorecardInput {
    /// strong_no, no, yes or strong_yes.
    pub recommendation: String,
    /// Scores of the criteria of the stage's kit.
    #[serde(default)]
    pub ratings: Vec<Rating>,
    #[serde(default)]
    pub notes: String,
}

/// Send (or send again) the caller's scorecard of an application at its current stage.
pub async fn submit(
    db: &portico_db::Db,
    clock: &dyn Clock,
    authz: &Authz,
    application: &str,
    input: &ScorecardInput,
) -> Result<String, AppError> {
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let a = crate::applications::store::get(db.pool(), &scope, application).await?;
    let unit = a.unit()?;
    // Reviewing is seeing, as for comments.
    let cap = authz.unit_cap(VIEW, unit)?;
    let author = authz.actor().user_id().ok_or_else(AppError::forbidden)?.to_db();
    if authz.is_preview() {
        return Err(AppError::forbidden());
    }
    if !RECOMMENDATIONS.contains(&input.recommendation.as_str()) {
        return Err(AppError::field(ErrorCode::InvalidValue, "recommendation"));
    }
    let (stage, _) = crate::jobs::store::stage(db.pool(), &scope, &a.stage_id).await?;
    let criteria = stage.criteria();
    let mut ratings: Vec<Rating> = Vec::new();
    for (i, r) in input.ratings.iter().enumerate() {
        if !criteria.contains(&r.criterion.trim()) || ratings.iter().any(|o| o.criterion == r.criterion.trim()) {
            return Err(AppError::field(ErrorCode::InvalidValue, format!("ratings.{i}.criterion")));
        }
        if !(1..=5).contains(&r.score) {
            return Err(AppError::field(ErrorCode::InvalidValue, format!("ratings.{i}.score")));
        }
        ratings.push(Rating { criterion: r.criterion.trim().to_string(), score: r.score });
    }
    let notes = optional_text("notes", Some(&input.notes), 10_000)?.unwrap_or_default();
    let json_ratings = serde_json::to_string(&ratings).map_err(|e| AppError::internal(e.to_string()))?;
    let (ws, now) = (cap.workspace(), clock.now_micros());
    let mut tx = db.begin().await?;
    let existing: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM recruit_scorecards WHERE application_id = $1 AND stage_id = $2 AND author_id = $3",
    )
    .bind(application.to_string())
    .bind(stage.id.clone())
    .bind(author.clone())
    .fetch_optional(&mut *tx)
    .await
    .db()?;
    let (id, verb) = match existing {
        Some((id,)) => {
            sqlx::query("UPDATE recruit_scorecards SET recommendation = $1, ratings = $2, notes = $3, updated_at = $4 WHERE id = $5")
                .bind(input.recommendation.clone())
                .bind(json_ratings)
                .bind(notes.clone())
                .bind(now)
                .bind(id.clone())
                .execute(&mut *tx)
                .await
                .db()?;
            (id, "update")
        }
        None => {
            let id = uuid::Uuid::now_v7().to_string();
            sqlx::query(
                "INSERT INTO recruit_scorecards (id, workspace_id, unit_id, application_id, stage_id, author_id, author_label,
                    recommendation, ratings, notes, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
            )
            .bind(id.clone())
            .bind(ws.to_db())
            .bind(unit.to_db())
            .bind(application.to_string())
            .bind(stage.id.clone())
            .bind(author)
            .bind(cap.actor().label().to_string())
            .bind(input.recommendation.clone())
            .bind(json_ratings)
            .bind(notes.clone())
            .bind(now)
            .execute(&mut *tx)
            .await
            .db()?;
            (id, "create")
        }
    };
    let after = json!({"application_id": application, "stage_id": stage.id, "recommendation": input.recommendation,
                       "ratings": ratings, "notes": notes});
    tx.emit(Event::new(ws, cap.actor(), SCORECARD, verb, id.clone(), now).unit(unit).after(after)).await?;
    tx.commit().await.db()?;
    Ok(id)
}
