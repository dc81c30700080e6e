//! Saved searches of the candidates: a recruiter names a search (its words and every filter of
//! the list) to run it again in one click, and may ask to be told of new matches. A daily job looks for
//! candidates added since it last looked, as the owner may see them, and notifies the owner
//! (the bell, and an e-mail as their preferences say). Each search is its owner's alone.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portico_authz::Authz;
use portico_db::DbResultExt;
use portico_http::api::{ErrorBody, List, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, Caller};
use portico_http::state::AppState;
use portico_jobs::{JobContext, Worker};
use portico_kernel::validate::required_text;
use portico_kernel::{Actor, AppError, Clock, ErrorCode, Event, PageRequest, Timestamp, UnitId, WorkspaceId};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::AnyPool;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::VIEW;
use crate::candidates::store::{self as candidates, CandidateFilter};
use crate::kinds::SAVED_SEARCH;

pub const ALERT_JOB: &str = "recruit.alerts";

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SavedSearch {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub criteria: Criteria,
    /// Whether new matches are notified, daily.
    pub alert: bool,
    pub created_at: Timestamp,
}

/// What a search of the candidates list asks: its words and filters. The list's address, the
/// form that saves it and the API name them alike, but for `unit` (`unit_id` here).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, ToSchema)]
pub struct Criteria {
    /// Words searched for.
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub tag: String,
    pub unit_id: Option<String>,
    /// A language they speak.
    #[serde(default)]
    pub language: String,
    /// Where one of their applications came from: career_site, linkedin, referral…
    #[serde(default)]
    pub source: String,
    /// The kind of stage one of their applications stands in: new, screen, interview, offer or hired.
    #[serde(default)]
    pub stage: String,
    /// Added in the last so many days (1 to 3650).
    pub days: Option<i64>,
    /// At least so many years of experience (0 to 60).
    pub experience: Option<i64>,
}

/// The longest period a search narrows to, in days.
const DAYS: std::ops::RangeInclusive<i64> = 1..=3650;

impl Criteria {
    /// Read by the names of the list's address, from it or from the form that saves a search
    /// (`get` gives "" for a name not sent). A number that is none is kept as -1: saving
    /// refuses it, the list leaves it out.
    pub fn read(get: impl Fn(&str) -> String) -> Criteria {
        let text = |k: &str| get(k).trim().to_string();
        let number = |k: &str| Some(text(k)).filter(|v| !v.is_empty()).map(|v| v.parse().unwrap_or(-1));
        Criteria {
            q: text("q"),
            tag: text("tag"),
            unit_id: Some(text("unit")).filter(|u| !u.is_empty()),
            language: text("language"),
            source: text("source"),
            stage: text("stage"),
            days: number("days"),
            experience: number("experience"),
        }
    }

    /// Its words and filters by their names in the list's address, those given.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let number = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
        [
            ("q", self.q.clone()),
            ("tag", self.tag.clone()),
            ("unit", self.unit_id.clone().unwrap_or_default()),
            ("language", self.language.clone()),
            ("source", self.source.clone()),
            ("stage", self.stage.clone()),
            ("days", number(self.days)),
            ("experience", number(self.experience)),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect()
    }

    /// The candidates list's address showing it.
    pub fn href(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (k, v) in self.pairs() {
            query.append_pair(k, &v);
        }
        format!("/recruit/candidates?{}", query.finish())
    }

    /// The candidates it finds on `now`; a filter out of its range is left out.
    pub fn filter(&self, now: Timestamp) -> CandidateFilter<'_> {
        fn given(v: &str) -> Option<&str> {
            Some(v).filter(|v| !v.is_empty())
        }
        CandidateFilter {
            q: given(&self.q),
            unit: self.unit_id.as_deref().and_then(|u| u.parse().ok()),
            tag: given(&self.tag),
            language: given(&self.language),
            source: given(&self.source).filter(|s| crate::applications::store::SOURCES.contains(s)),
            stage: given(&self.stage).filter(|s| crate::jobs::store::CATEGORIES.contains(s)),
            since: self.days.filter(|d| DAYS.contains(d)).map(|d| now - d * portico_kernel::validate::MICROS_PER_DAY),
            experience: self.experience.filter(|y| candidates::EXPERIENCE_YEARS.contains(y)),
        }
    }
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    name: String,
    q: String,
    tag: String,
    unit_id: Option<String>,
    language: String,
    source: String,
    stage: String,
    days: Option<i64>,
    experience: Option<i64>,
    alert: i64,
    created_at: Timestamp,
}

impl From<Row> for SavedSearch {
    fn from(r: Row) -> Self {
        SavedSearch {
            id: r.id,
            name: r.name,
            criteria: Criteria {
                q: r.q,
                tag: r.tag,
                unit_id: r.unit_id,
                language: r.language,
                source: r.source,
                stage: r.stage,
                days: r.days,
                experience: r.experience,
            },
            alert: r.alert != 0,
            created_at: r.created_at,
        }
    }
}

/// A search as saved.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct SearchInput {
    pub name: String,
    #[serde(flatten)]
    pub criteria: Criteria,
    #[serde(default)]
    pub alert: bool,
}

const COLUMNS: &str = "id, name, q, tag, unit_id, language, source, stage, days, experience, alert, created_at";

fn owner(authz: &Authz) -> Result<String, AppError> {
    authz.user_id().map(|u| u.to_db()).ok_or_else(AppError::forbidden)
}

pub async fn mine(pool: &AnyPool, authz: &Authz) -> Result<Vec<SavedSearch>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM recruit_saved_searches WHERE workspace_id = $1 AND user_id = $2 ORDER BY lower(name), id"
    );
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(authz.workspace().to_db())
        .bind(owner(authz)?)
        .fetch_all(pool)
        .await
        .db()?;
    Ok(rows.into_iter().map(SavedSearch::from).collect())
}

async fn get(pool: &AnyPool, authz: &Authz, id: &str) -> Result<SavedSearch, AppError> {
    let sql =
        format!("SELECT {COLUMNS} FROM recruit_saved_searches WHERE workspace_id = $1 AND user_id = $2 AND id = $3");
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(authz.workspace().to_db())
        .bind(owner(authz)?)
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()?;
    row.map(SavedSearch::from).ok_or_else(AppError::not_found)
}

/// Save a search for the caller (who must be able to see candidates); its id.
pub async fn save(
    db: &portico_db::Db,
    clock: &dyn Clock,
    authz: &Authz,
    input: &SearchInput,
) -> Result<String, AppError> {
    let scope = authz.scope(VIEW)?;
    let name = required_text("name", &input.name, 80)?;
    let c = &input.criteria;
    let q: String = c.q.trim().chars().take(200).collect();
    let tag: String = c.tag.trim().chars().take(40).collect();
    let unit = match c.unit_id.as_deref().filter(|u| !u.is_empty()) {
        Some(u) => {
            let unit: UnitId = portico_authz::units::parse_unit("unit_id", u)?;
            if !scope.contains(unit) {
                return Err(AppError::field(ErrorCode::InvalidValue, "unit_id"));
            }
            Some(unit.to_db())
        }
        None => None,
    };
    let language: String = c.language.trim().chars().take(100).collect();
    let known = |field: &str, v: &str, all: &[&str]| match v.trim() {
        "" => Ok(String::new()),
        v if all.contains(&v) => Ok(v.to_string()),
        _ => Err(AppError::field(ErrorCode::InvalidValue, field.to_string())),
    };
    let source = known("source", &c.source, &crate::applications::store::SOURCES)?;
    let stage = known("stage", &c.stage, &crate::jobs::store::CATEGORIES)?;
    let within = |field: &str, v: Option<i64>, range: std::ops::RangeInclusive<i64>| match v {
        Some(n) if !range.contains(&n) => Err(AppError::field(ErrorCode::InvalidValue, field.to_string())),
        n => Ok(n),
    };
    let days = within("days", c.days, DAYS)?;
    let experience = within("experience", c.experience, candidates::EXPERIENCE_YEARS)?;
    let (id, now, user) = (uuid::Uuid::now_v7().to_string(), clock.now_micros(), owner(authz)?);
    let ws = authz.workspace();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO recruit_saved_searches (id, workspace_id, user_id, name, q, tag, unit_id, language, source, stage,
            days, experience, alert, checked_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)",
    )
    .bind(id.clone())
    .bind(ws.to_db())
    .bind(user)
    .bind(name.clone())
    .bind(q.clone())
    .bind(tag.clone())
    .bind(unit.clone())
    .bind(language.clone())
    .bind(source.clone())
    .bind(stage.clone())
    .bind(days)
    .bind(experience)
    .bind(i64::from(input.alert))
    .bind(now)
    .execute(&mut *tx)
    .await
    .db()?;
    let after = json!({"name": name, "q": q, "tag": tag, "unit_id": unit, "language": language, "source": source,
        "stage": stage, "days": days, "experience": experience, "alert": input.alert});
    tx.emit(Event::new(ws, authz.actor(), SAVED_SEARCH, "create", id.clone(), now).after(after)).await?;
    tx.commit().await.db()?;
    Ok(id)
}

pub async fn delete(db: &portico_db::Db, clock: &dyn Clock, authz: &Authz, id: &str) -> Result<(), AppError> {
    let found = get(db.pool(), authz, id).await?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM recruit_saved_searches WHERE id = $1")
        .bind(found.id.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    let before = json!({"name": found.name, "q": found.criteria.q, "tag": found.criteria.tag});
    tx.emit(Event::new(authz.workspace(), authz.actor(), SAVED_SEARCH, "delete", found.id, now).before(before)).await?;
    tx.commit().await.db()
}

pub fn register(state: &AppState, worker: &mut Worker) {
    let mail = state.mail.clone();
    worker.register(ALERT_JOB, move |ctx| {
        let mail = mail.clone();
        async move { alerts(ctx, mail).await.map(|_| ()).map_err(|e| e.to_string()) }
    });
}

/// Job: for every search with an alert, the candidates added since it last looked that its
/// owner may see; the owner is notified of them (one notice per search), and the search
/// remembers when it looked. Returns how many notices went out.
pub async fn alerts(ctx: JobContext, mail: portico_mail::MailContext) -> Result<usize, AppError> {
    let due: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT id, workspace_id, user_id, checked_at FROM recruit_saved_searches WHERE alert = 1 ORDER BY id LIMIT 10000",
    )
    .fetch_all(ctx.db.pool())
    .await
    .db()?;
    let mut sent = 0;
    for (id, ws, user, checked_at) in due {
        let ws: WorkspaceId = portico_kernel::ids::parse_db_id(&ws)?;
        let actor = Actor::User { id: portico_kernel::ids::parse_db_id(&user)?, label: String::new() };
        // Someone who left, or lost the right to see candidates, is not told anything.
        let Ok(authz) = portico_authz::store::load_authz(ctx.db.pool(), ws, actor).await else { continue };
        let Ok(scope) = authz.scope(VIEW) else { continue };
        let search = get(ctx.db.pool(), &authz, &id).await?;
        let now = ctx.clock.now_micros();
        // The newest first, among those added since it looked (a search of words would
        // otherwise put its best matches first).
        let newest = PageRequest::new(None, Some(100))?.sorted(Some("id".into()), Some(true));
        let base = search.criteria.filter(now);
        let filter = CandidateFilter { since: Some(base.since.map_or(checked_at, |s| s.max(checked_at))), ..base };
        let page = candidates::list(&ctx.db, &scope, &newest, filter).await?;
        let new: Vec<_> = page.items.iter().filter(|k| k.created_at > checked_at).collect();
        let mut tx = ctx.db.begin().await?;
        if !new.is_empty() {
            let names: Vec<&str> = new.iter().take(5).map(|k| k.name.as_str()).collect();
            let notice = portico_core::notifications::Notice {
                workspace: ws,
                user: user.clone(),
                kind: "alert",
                title: format!("{} · {}", search.name, new.len()),
                body: names.join(", "),
                link: search.criteria.href(),
                record: None,
            };
            portico_core::notifications::notify(&mut tx, &mail, notice, now).await?;
            sent += 1;
        }
        sqlx::query("UPDATE recruit_saved_searches SET checked_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await
            .db()?;
        tx.commit().await.db()?;
    }
    Ok(sent)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_searches, create_search)).routes(routes!(delete_search))
}

/// The caller's saved searches.
#[utoipa::path(get, path = "/api/v1/recruit/saved-searches", tag = "recruit", responses((status = 200, body = List<SavedSearch>)))]
async fn list_searches(State(s): State<AppState>, caller: Caller) -> Result<Json<List<SavedSearch>>, ApiError> {
    Ok(Json(List { items: mine(s.db.pool(), &caller.authz).await?, next_cursor: None }))
}

/// Save a search of the candidates (its words and filters), with a daily alert of new matches if asked.
#[utoipa::path(post, path = "/api/v1/recruit/saved-searches", tag = "recruit", request_body = SearchInput,
    responses((status = 201, body = SavedSearch), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_search(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<SearchInput>,
) -> Result<(StatusCode, Json<SavedSearch>), ApiError> {
    let id = save(&s.db, s.clock.as_ref(), &caller.authz, &b).await?;
    Ok((StatusCode::CREATED, Json(get(s.db.pool(), &caller.authz, &id).await?)))
}

#[utoipa::path(delete, path = "/api/v1/recruit/saved-searches/{id}", tag = "recruit",
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_search(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    delete(&s.db, s.clock.as_ref(), &caller.authz, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria_read_back_from_their_address_and_leave_out_what_is_out_of_range() {
        let c = Criteria {
            q: "rust lyon".into(),
            tag: "senior".into(),
            unit_id: Some("u1".into()),
            language: "French".into(),
            source: "linkedin".into(),
            stage: "interview".into(),
            days: Some(30),
            experience: Some(5),
        };
        let pairs = c.pairs();
        let get = |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()).unwrap_or_default();
        assert_eq!(Criteria::read(get), c);
        assert_eq!(
            c.href(),
            "/recruit/candidates?q=rust+lyon&tag=senior&unit=u1&language=French&source=linkedin&stage=interview&days=30&experience=5"
        );
        let typed = Criteria::read(|k| match k {
            "days" => " 9999 ".into(),
            "experience" => "many".into(),
            "stage" => "lunch".into(),
            _ => String::new(),
        });
        assert_eq!((typed.days, typed.experience, typed.unit_id.clone()), (Some(9999), Some(-1), None));
        let f = typed.filter(0);
        assert_eq!((f.since, f.experience, f.stage, f.q), (None, None, None, None), "out of range: left out");
        assert!(Criteria::default().pairs().is_empty());
    }
}
