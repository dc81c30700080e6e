//! Candidates: the recruiting profile of a contact (the person: their name, address and
//! phone are the contact's). A candidate lives in the unit they first applied in; their
//! profile holds what their CV and the team say about them.

use portico_authz::{Authz, Scope};
use portico_db::{Db, DbResultExt, Tx};
use portico_kernel::ids::parse_db_id;
use portico_kernel::validate::optional_text;
use portico_kernel::{
    Actor, AppError, Clock, Event, ListSpec, Page, PageRequest, SortKey, SortValue, Timestamp, UnitId, WorkspaceId,
};
use portico_platform::{FacetKind, RecordKind};
use portico_search::{Query, facets};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use sqlx::AnyPool;
use sqlx::any::AnyArguments;
use sqlx::query::QueryAs;
use std::collections::HashMap;

use crate::kinds::CANDIDATE;
use crate::{EDIT, VIEW};

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Candidate {
    pub id: String,
    pub unit_id: String,
    /// The contact this is the profile of.
    pub contact_id: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: String,
    pub headline: String,
    pub location: String,
    /// Their links (LinkedIn, portfolio), one per line.
    pub links: String,
    /// Comma-separated.
    pub skills: String,
    /// Comma-separated.
    pub languages: String,
    /// Positions held, one per line.
    pub experience: String,
    /// Studies, one per line.
    pub education: String,
    /// Whole years of experience the positions add up to (when the profile was last written).
    pub experience_years: i64,
    /// The team's tags, comma-separated.
    pub tags: String,
    /// Until when they agreed to be kept.
    pub consent_until: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

const SELECT: &str = "SELECT k.id, k.unit_id, k.contact_id, c.name, c.email, c.phone, k.headline, k.location, k.links,
    k.skills, k.languages, k.experience, k.education, k.experience_years, k.tags, k.consent_until, k.created_at, k.updated_at FROM recruit_candidates k JOIN contacts c ON c.id = k.contact_id";

impl Candidate {
    pub fn unit(&self) -> Result<UnitId, AppError> {
        parse_db_id(&self.unit_id)
    }
    /// Years of experience, as a count for messages.
    pub fn years(&self) -> usize {
        usize::try_from(self.experience_years).unwrap_or(0)
    }
    fn position(&self, key: &str) -> (String, SortValue) {
        position(&self.id, &self.name, self.updated_at, key)
    }
    fn json(&self) -> Value {
        json!({"headline": self.headline, "location": self.location, "links": self.links, "skills": self.skills,
            "languages": self.languages, "experience": self.experience, "education": self.education, "tags": self.tags})
    }
    /// The profile's fields, to be changed.
    pub fn profile(&self) -> ProfileInput {
        ProfileInput {
            headline: self.headline.clone(),
            location: self.location.clone(),
            links: self.links.clone(),
            skills: self.skills.clone(),
            languages: self.languages.clone(),
            experience: self.experience.clone(),
            education: self.education.clone(),
            tags: self.tags.clone(),
        }
    }
}

/// Where a candidate stands in a list sorted by `key`.
fn position(id: &str, name: &str, updated_at: Timestamp, key: &str) -> (String, SortValue) {
    let value = match key {
        "name" => name.to_lowercase().into(),
        "updated" => updated_at.into(),
        _ => id.into(),
    };
    (id.to_string(), value)
}

pub static LIST: ListSpec = ListSpec {
    name: "recruit_candidate",
    sorts: &[
        SortKey::text("id", "k.id"),
        SortKey::text("name", "lower(c.name)"),
        SortKey::number("updated", "k.updated_at"),
    ],
    default_desc: true,
};

/// The candidates a search of words found: the best matches first, unless another order is asked.
pub static FOUND: ListSpec = ListSpec {
    name: "recruit_candidate_found",
    sorts: &[
        SortKey::number("relevance", "0"),
        SortKey::text("id", "k.id"),
        SortKey::text("name", "lower(c.name)"),
        SortKey::number("updated", "k.updated_at"),
    ],
    default_desc: true,
};

/// The years of experience a list may ask for at least.
pub const EXPERIENCE_YEARS: std::ops::RangeInclusive<i64> = 0..=60;

/// The most matches a search of words keeps, the best by the index's rank of its newest
/// matches: a recruiter adds a word or a filter rather than reading further.
pub const FOUND_MAX: i64 = portico_search::CANDIDATES;

/// What a candidates list is narrowed to.
#[derive(Debug, Default, Clone, Copy)]
pub struct CandidateFilter<'a> {
    /// Words of a name, address, headline, location, skill or of the text of their CVs (each
    /// the start of a word), with the search's `name:value` filters (`skills:`, `location:`,
    /// `languages:`, `tags:`, `experience:`, `created:`).
    pub q: Option<&'a str>,
    pub unit: Option<UnitId>,
    /// One of their tags (whole, whatever its case).
    pub tag: Option<&'a str>,
    /// A language they speak (part of their languages).
    pub language: Option<&'a str>,
    /// Where one of their applications came from.
    pub source: Option<&'a str>,
    /// The kind of stage (new, screen, interview, offer, hired) one of their applications in
    /// the running stands in.
    pub stage: Option<&'a str>,
    /// Added since then.
    pub since: Option<Timestamp>,
    /// At least this many years of experience.
    pub experience: Option<i64>,
}

/// The filters of a list beyond the workspace ($1): $2 to $8.
const FILTERS: &str = "($2 IS NULL OR k.unit_id = $2) AND ($3 IS NULL OR lower(', ' || k.tags || ',') LIKE $3)
    AND ($4 IS NULL OR lower(k.languages) LIKE $4)
    AND ($5 IS NULL OR EXISTS (SELECT 1 FROM recruit_applications x WHERE x.candidate_id = k.id AND x.source = $5))
    AND ($6 IS NULL OR EXISTS (SELECT 1 FROM recruit_applications x JOIN recruit_stages st ON st.id = x.stage_id
         WHERE x.candidate_id = k.id AND x.status IN ('active', 'hired') AND st.category = $6))
    AND ($7 IS NULL OR k.created_at >= $7) AND ($8 IS NULL OR k.experience_years >= $8)";

fn filtered<'q, O>(sql: String, scope: &Scope, f: &CandidateFilter<'_>) -> QueryAs<'q, sqlx::Any, O, AnyArguments>
where
    O: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
{
    // A tag is matched whole: ", bilingual," within ", a, bilingual, b,".
    let tag = f.tag.map(|t| format!("%, {},%", t.trim().to_lowercase().replace('%', "")));
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(f.unit.map(|u| u.to_db()))
        .bind(tag)
        .bind(f.language.map(portico_db::contains_pattern))
        .bind(f.source.map(str::to_string))
        .bind(f.stage.map(str::to_string))
        .bind(f.since)
        .bind(f.experience)
}

/// The candidates `scope` sees that `f` keeps: found by the search index when there are words
/// to look for, else listed in the page's order.
pub async fn list(
    db: &Db,
    scope: &Scope,
    page: &PageRequest,
    f: CandidateFilter<'_>,
) -> Result<Page<Candidate>, AppError> {
    let query = f.q.map(search_query).filter(|q| !q.is_empty());
    if let Some(query) = query {
        return found(db, scope, page, &f, &query).await;
    }
    let ks = page.keyset(&LIST)?;
    let sql = format!(
        "{SELECT} WHERE k.workspace_id = $1 AND {FILTERS} AND {} AND {} ORDER BY {} LIMIT $11",
        scope.unit_sql("k.unit_id"),
        ks.condition(9, "k.id"),
        ks.order("k.id")
    );
    let rows: Vec<Candidate> =
        portico_db::bind_keyset(filtered(sql, scope, &f), &ks).bind(ks.fetch()).fetch_all(db.pool()).await.db()?;
    Ok(Page::from_rows(rows, &ks, Candidate::position))
}

/// What a search box's text asks of the index: its words, and its `name:value` filters read
/// against the candidates' facets (a name they do not have is searched as words).
fn search_query(text: &str) -> Query {
    let mut q = Query::parse(text);
    let spec = crate::kinds::Candidate.search();
    for (name, value) in std::mem::take(&mut q.fields) {
        let facet = spec.as_ref().and_then(|s| s.facets.iter().find(|f| f.name == name));
        facets::read_field(&mut q, facet, &name, &value);
    }
    q
}

/// Candidates the index finds for `query`: the filters it holds as facets narrow the match
/// itself; the others (where applications came from and stand) are applied to its best
/// [`FOUND_MAX`] matches, which are then ordered and paged in memory.
async fn found(
    db: &Db,
    scope: &Scope,
    page: &PageRequest,
    f: &CandidateFilter<'_>,
    query: &Query,
) -> Result<Page<Candidate>, AppError> {
    let ks = page.keyset(&FOUND)?;
    let mut query = query.clone();
    if let Some(unit) = f.unit {
        query.filters.push(vec![facets::unit_token(&unit.to_db())]);
    }
    let mut narrow = |name: &str, kind: FacetKind, value: Option<String>| {
        if let Some(f) = value.and_then(|v| facets::filter(name, kind, &v)) {
            query.narrow(f);
        }
    };
    narrow("tags", FacetKind::Words, f.tag.map(str::to_string));
    narrow("languages", FacetKind::Words, f.language.map(str::to_string));
    let since = f.since.and_then(chrono::DateTime::from_timestamp_micros);
    narrow("created", FacetKind::Date, since.map(|d| d.format(">=%Y-%m-%d").to_string()));
    narrow("experience", FacetKind::Number, f.experience.map(|years| format!(">={years}")));
    let hits = portico_search::search(db, scope, &[CANDIDATE], &query, FOUND_MAX).await?;
    // Ids come from the index's own rows; anything but a UUID is dropped rather than quoted.
    let ids: Vec<String> = hits
        .iter()
        .filter(|h| uuid::Uuid::parse_str(&h.record_id).is_ok())
        .map(|h| format!("'{}'", h.record_id))
        .collect();
    if ids.is_empty() {
        return Ok(Page::of_all(Vec::new(), &ks, Candidate::position));
    }
    // Which of them the other filters keep, with what the orders need; then the page's own.
    let sql = format!(
        "SELECT k.id, c.name, k.updated_at FROM recruit_candidates k JOIN contacts c ON c.id = k.contact_id
         WHERE {} = $1 AND k.id IN ({}) AND {FILTERS} AND {}",
        db.backend().not_indexed("k.workspace_id"),
        ids.join(", "),
        scope.unit_sql("k.unit_id")
    );
    let kept: Vec<(String, String, Timestamp)> = filtered(sql, scope, f).fetch_all(db.pool()).await.db()?;
    // The best match ranks highest, so the default order (descending) shows it first.
    let rank: HashMap<&str, i64> =
        hits.iter().zip((0..FOUND_MAX).rev()).map(|(h, r)| (h.record_id.as_str(), r)).collect();
    let page = Page::of_all(kept, &ks, |(id, name, updated), key| match key {
        "relevance" => (id.clone(), SortValue::Int(rank.get(id.as_str()).copied().unwrap_or(0))),
        _ => position(id, name, *updated, key),
    });
    let Page { items, next_cursor, sort, desc } = page;
    let mut rows: HashMap<String, Candidate> = HashMap::new();
    if !items.is_empty() {
        let on_page: Vec<String> = items.iter().map(|(id, _, _)| format!("'{id}'")).collect();
        let sql = format!(
            "{SELECT} WHERE {} = $1 AND k.id IN ({})",
            db.backend().not_indexed("k.workspace_id"),
            on_page.join(", ")
        );
        let found: Vec<Candidate> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(scope.workspace().to_db()).fetch_all(db.pool()).await.db()?;
        rows.extend(found.into_iter().map(|k| (k.id.clone(), k)));
    }
    let items = items.into_iter().filter_map(|(id, _, _)| rows.remove(&id)).collect();
    Ok(Page { items, next_cursor, sort, desc })
}

pub async fn get(pool: &AnyPool, scope: &Scope, id: &str) -> Result<Candidate, AppError> {
    let sql = format!("{SELECT} WHERE k.workspace_id = $1 AND k.id = $2 AND {}", scope.unit_sql("k.unit_id"));
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// The candidate of an application the caller was allowed to read (they may live in another
/// unit than the job: seeing the application is seeing who applied).
pub async fn behind(
    pool: &AnyPool,
    ws: WorkspaceId,
    a: &crate::applications::store::Application,
) -> Result<Candidate, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE k.workspace_id = $1 AND k.id = $2")))
        .bind(ws.to_db())
        .bind(a.candidate_id.clone())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// The candidate profile of a contact, made in `unit` if they have none yet; its id.
pub async fn of_contact(
    tx: &mut Tx,
    ws: WorkspaceId,
    actor: &Actor,
    unit: UnitId,
    contact: &str,
    consent_until: Option<Timestamp>,
    now: Timestamp,
) -> Result<String, AppError> {
    let found: Option<(String,)> =
        sqlx::query_as("SELECT id FROM recruit_candidates WHERE workspace_id = $1 AND contact_id = $2")
            .bind(ws.to_db())
            .bind(contact.to_string())
            .fetch_optional(&mut **tx)
            .await
            .db()?;
    if let Some((id,)) = found {
        // A new consent runs from now: the later of the two ends stands.
        if let Some(until) = consent_until {
            sqlx::query(
                "UPDATE recruit_candidates SET consent_until = $1, updated_at = $2
                 WHERE id = $3 AND (consent_until IS NULL OR consent_until < $1)",
            )
            .bind(until)
            .bind(now)
            .bind(id.clone())
            .execute(&mut **tx)
            .await
            .db()?;
        }
        return Ok(id);
    }
    let id = uuid::Uuid::now_v7().to_string();
    sqlx::query(
        "INSERT INTO recruit_candidates (id, workspace_id, unit_id, contact_id, headline, location, links, skills,
            consent_until, created_at, updated_at)
         VALUES ($1, $2, $3, $4, '', '', '', '', $5, $6, $6)",
    )
    .bind(id.clone())
    .bind(ws.to_db())
    .bind(unit.to_db())
    .bind(contact.to_string())
    .bind(consent_until)
    .bind(now)
    .execute(&mut **tx)
    .await
    .db()?;
    let after = json!({"contact_id": contact, "unit_id": unit, "consent_until": consent_until});
    tx.emit(Event::new(ws, actor, CANDIDATE, "create", id.clone(), now).unit(unit).after(after)).await?;
    Ok(id)
}

/// A profile as submitted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ProfileInput {
    #[serde(default)]
    pub headline: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub links: String,
    #[serde(default)]
    pub skills: String,
    #[serde(default)]
    pub languages: String,
    #[serde(default)]
    pub experience: String,
    #[serde(default)]
    pub education: String,
    #[serde(default)]
    pub tags: String,
}

impl ProfileInput {
    /// Checked and trimmed: each field within its length, links as web addresses.
    fn checked(&self) -> Result<ProfileInput, AppError> {
        let field = |name: &'static str, value: &str, max: usize| -> Result<String, AppError> {
            Ok(optional_text(name, Some(value), max)?.unwrap_or_default())
        };
        let p = ProfileInput {
            headline: field("headline", &self.headline, 200)?,
            location: field("location", &self.location, 160)?,
            links: field("links", &self.links, 2000)?,
            skills: field("skills", &self.skills, 2000)?,
            languages: field("languages", &self.languages, 500)?,
            experience: field("experience", &self.experience, 8000)?,
            education: field("education", &self.education, 4000)?,
            tags: tags(&self.tags)?,
        };
        for link in p.links.lines().map(str::trim).filter(|l| !l.is_empty()) {
            portico_kernel::validate::http_url("links", link)?;
        }
        Ok(p)
    }

    fn json(&self) -> Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// Whether a profile as submitted would be accepted (an import's dry run checks its rows so).
pub fn check(input: &ProfileInput) -> Result<(), AppError> {
    input.checked().map(|_| ())
}

/// Tags as stored: trimmed, each once (whatever its case), up to 20 of 40 characters, joined
/// by ", ".
pub fn tags(given: &str) -> Result<String, AppError> {
    let mut out: Vec<String> = Vec::new();
    for t in given.split(',').map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|t| !t.is_empty()) {
        if t.chars().count() > 40 {
            return Err(AppError::field(portico_kernel::ErrorCode::TooLong, "tags"));
        }
        if !out.iter().any(|o| o.to_lowercase() == t.to_lowercase()) {
            out.push(t);
        }
    }
    if out.len() > 20 {
        return Err(AppError::field(portico_kernel::ErrorCode::InvalidValue, "tags"));
    }
    Ok(out.join(", "))
}

const UPDATE: &str = "UPDATE recruit_candidates SET headline = $1, location = $2, links = $3, skills = $4,
    languages = $5, experience = $6, education = $7, tags = $8, updated_at = $9, experience_years = $10
    WHERE workspace_id = $11 AND id = $12";

pub(super) async fn write(
    tx: &mut Tx,
    ws: WorkspaceId,
    id: &str,
    p: &ProfileInput,
    now: Timestamp,
) -> Result<(), AppError> {
    sqlx::query(UPDATE)
        .bind(p.headline.clone())
        .bind(p.location.clone())
        .bind(p.links.clone())
        .bind(p.skills.clone())
        .bind(p.languages.clone())
        .bind(p.experience.clone())
        .bind(p.education.clone())
        .bind(p.tags.clone())
        .bind(now)
        .bind(super::experience::years(&p.experience, now))
        .bind(ws.to_db())
        .bind(id.to_string())
        .execute(&mut **tx)
        .await
        .db()?;
    Ok(())
}

pub async fn update(
    db: &portico_db::Db,
    clock: &dyn Clock,
    authz: &Authz,
    id: &str,
    input: &ProfileInput,
    custom: &Map<String, Value>,
) -> Result<(), AppError> {
    let before = get(db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, id).await?;
    let unit = before.unit()?;
    let cap = authz.unit_cap(EDIT, unit)?;
    let input = input.checked()?;
    let custom = portico_fields::prepare(db.pool(), &cap, CANDIDATE, id, custom).await?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    write(&mut tx, cap.workspace(), id, &input, now).await?;
    let mut was = before.json();
    let mut is = input.json();
    if custom.changed() {
        custom.write(&mut tx, cap.workspace()).await?;
        was["custom_fields"] = Value::Object(custom.before);
        is["custom_fields"] = Value::Object(custom.after);
    }
    tx.emit(
        Event::new(cap.workspace(), cap.actor(), CANDIDATE, "update", id.to_string(), now)
            .unit(unit)
            .before(was)
            .after(is),
    )
    .await?;
    tx.commit().await.db()
}

/// Fill the empty fields of a candidate's profile from what their CV says (fields someone
/// wrote stay as they are), in the caller's transaction.
pub async fn prefill(
    tx: &mut Tx,
    ws: WorkspaceId,
    actor: &Actor,
    id: &str,
    cv: &crate::cv::Parsed,
    now: Timestamp,
) -> Result<(), AppError> {
    let before: Candidate =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE k.workspace_id = $1 AND k.id = $2")))
            .bind(ws.to_db())
            .bind(id.to_string())
            .fetch_one(&mut **tx)
            .await
            .db()?;
    let mut p = before.profile();
    let fill = |field: &mut String, value: String, max: usize| {
        if field.trim().is_empty() {
            *field = value.chars().take(max).collect();
        }
    };
    fill(&mut p.headline, cv.experience.first().map(|e| e.title.clone()).unwrap_or_default(), 200);
    fill(&mut p.location, cv.location.clone().unwrap_or_default(), 160);
    let links = cv
        .links
        .iter()
        .map(|l| if l.contains("://") { l.clone() } else { format!("https://{l}") })
        .filter(|l| portico_kernel::validate::http_url("links", l).is_ok());
    fill(&mut p.links, links.collect::<Vec<_>>().join("\n"), 2000);
    fill(&mut p.skills, cv.skills.join(", "), 2000);
    fill(&mut p.languages, cv.languages.join(", "), 500);
    fill(&mut p.experience, cv.experience.iter().map(crate::cv::Position::line).collect::<Vec<_>>().join("\n"), 8000);
    fill(&mut p.education, cv.education.iter().map(crate::cv::Study::line).collect::<Vec<_>>().join("\n"), 4000);
    // What a CV says that still does not fit is left out, never an error.
    let Ok(p) = p.checked() else { return Ok(()) };
    let was = before.json();
    let is = p.json();
    if was == is {
        return Ok(());
    }
    write(tx, ws, id, &p, now).await?;
    let unit = before.unit()?;
    tx.emit(Event::new(ws, actor, CANDIDATE, "update", id.to_string(), now).unit(unit).before(was).after(is)).await
}

/// The tags used on the candidates the scope sees, sorted (for filters and bulk tagging): those of
/// the two thousand tagged most recently changed.
pub async fn tags_in_use(pool: &AnyPool, scope: &Scope) -> Result<Vec<String>, AppError> {
    let sql = format!(
        "SELECT DISTINCT tags FROM (SELECT tags FROM recruit_candidates WHERE workspace_id = $1 AND tags <> '' AND {}
         ORDER BY updated_at DESC LIMIT 2000) recent",
        scope.unit_sql("unit_id")
    );
    let rows: Vec<(String,)> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(scope.workspace().to_db()).fetch_all(pool).await.db()?;
    let mut all: Vec<String> = rows.iter().flat_map(|(t,)| t.split(", ").map(str::to_string)).collect();
    all.sort_by_key(|t| t.to_lowercase());
    all.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    Ok(all)
}

/// The languages the candidates `scope` sees speak, the most spoken first (at most 30).
pub async fn languages_in_use(pool: &AnyPool, scope: &Scope) -> Result<Vec<String>, AppError> {
    let sql = format!(
        "SELECT languages FROM recruit_candidates WHERE workspace_id = $1 AND languages <> '' AND {} LIMIT 5000",
        scope.unit_sql("unit_id")
    );
    let rows: Vec<(String,)> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(scope.workspace().to_db()).fetch_all(pool).await.db()?;
    let mut counts: std::collections::BTreeMap<String, (String, usize)> = std::collections::BTreeMap::new();
    for (list,) in &rows {
        // "English (C1), French" → English, French
        for l in list.split([',', ';', '/', '\n']).map(|l| l.split('(').next().unwrap_or_default().trim()) {
            if l.chars().count() >= 2 && l.chars().count() <= 30 {
                counts.entry(l.to_lowercase()).or_insert_with(|| (l.to_string(), 0)).1 += 1;
            }
        }
    }
    let mut all: Vec<(String, usize)> = counts.into_values().collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(all.into_iter().take(30).map(|(l, _)| l).collect())
}

/// Add a tag to a candidate the caller may change (kept once).
pub async fn tag(db: &portico_db::Db, clock: &dyn Clock, authz: &Authz, id: &str, tag: &str) -> Result<(), AppError> {
    let k = get(db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, id).await?;
    let input = ProfileInput { tags: format!("{}, {tag}", k.tags), ..k.profile() };
    update(db, clock, authz, id, &input, &Map::new()).await
}

/// Another candidate who may be the same person, and why: the same e-mail, phone or name,
/// or the same CV (the same file, or a text mostly alike under the same name).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Duplicate {
    pub candidate: Candidate,
    /// email, phone, name and/or cv
    pub reasons: Vec<&'static str>,
}

/// Two CV texts this alike (see [`crate::cv::similar`]) are one person's, under one name.
const ALIKE: f64 = 0.5;

/// The last nine digits of a phone number (`+33 6 12…` and `06 12…` meet), if it has enough.
fn phone_key(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 8).then(|| digits[digits.len().saturating_sub(9)..].to_string())
}

/// The candidates `scope` sees who may be the same person as `k` (at most 20).
pub async fn duplicates(pool: &AnyPool, scope: &Scope, k: &Candidate) -> Result<Vec<Duplicate>, AppError> {
    let phone = phone_key(&k.phone);
    let name = k.name.trim().to_lowercase();
    let email = k.email.as_deref().unwrap_or_default().trim().to_lowercase();
    let same_file = "EXISTS (SELECT 1 FROM recruit_documents mine JOIN recruit_documents theirs ON theirs.sha256 = mine.sha256
        WHERE mine.workspace_id = $1 AND mine.candidate_id = $2 AND theirs.workspace_id = $1 AND theirs.candidate_id = k.id)";
    let sql = format!(
        "{SELECT} WHERE k.workspace_id = $1 AND k.id <> $2 AND {}
         AND (($3 <> '' AND replace(replace(replace(replace(replace(c.phone, ' ', ''), '.', ''), '-', ''), '+', ''), '/', '') LIKE $4)
              OR ($5 <> '' AND lower(c.name) = $5) OR ($6 <> '' AND lower(COALESCE(c.email, '')) = $6) OR {same_file})
         ORDER BY k.id LIMIT 20",
        scope.unit_sql("k.unit_id")
    );
    let found: Vec<Candidate> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(k.id.clone())
        .bind(phone.clone().unwrap_or_default())
        .bind(format!("%{}", phone.clone().unwrap_or_default()))
        .bind(name.clone())
        .bind(email.clone())
        .fetch_all(pool)
        .await
        .db()?;
    let files = |id: &str| {
        sqlx::query_as::<_, (String,)>(
            "SELECT sha256 FROM recruit_documents WHERE workspace_id = $1 AND candidate_id = $2",
        )
        .bind(scope.workspace().to_db())
        .bind(id.to_string())
        .fetch_all(pool)
    };
    let mine = files(&k.id).await.db()?;
    let my_text = crate::documents::text_of(pool, scope.workspace(), &k.id).await?;
    let mut out = Vec::new();
    for other in found {
        let mut reasons = Vec::new();
        if !email.is_empty() && other.email.as_deref().unwrap_or_default().trim().to_lowercase() == email {
            reasons.push("email");
        }
        if phone.is_some() && phone_key(&other.phone) == phone {
            reasons.push("phone");
        }
        let same_name = !name.is_empty() && other.name.trim().to_lowercase() == name;
        if same_name {
            reasons.push("name");
        }
        let same_cv = files(&other.id).await.db()?.iter().any(|f| mine.contains(f))
            || (same_name
                && match (&my_text, crate::documents::text_of(pool, scope.workspace(), &other.id).await?) {
                    (Some(a), Some(b)) => crate::cv::similar::similarity(a, &b) >= ALIKE,
                    _ => false,
                });
        if same_cv {
            reasons.push("cv");
        }
        out.push(Duplicate { candidate: other, reasons });
    }
    Ok(out)
}
