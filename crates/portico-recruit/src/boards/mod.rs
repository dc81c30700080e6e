//! Job-board APIs in the shapes career-page widgets and aggregators already read: the
//! Greenhouse Job Board API (`/v1/boards/{board}/…`) and the Lever Postings API
//! (`/v0/postings/{site}…`), where `{board}` and `{site}` are the workspace's address
//! (`{workspace}.{path}` for a brand's own career site). They
//! serve open jobs only, without authentication, as those services do (Greenhouse's also as
//! JSONP, with `?callback=`); every apply link is tagged with its channel. Applications come
//! in through both APIs' apply POSTs (`apply`). `docs/job-boards.md` maps each field.

mod apply;

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use portico_http::i18n::Tr;
use portico_http::state::AppState;
use portico_kernel::{AppError, WorkspaceId};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::careers::SITE;
use crate::jobs::store::{self, Job, Opening};

/// The channel applications from these APIs are counted under.
pub const SOURCE: &str = "job_board_api";

pub fn greenhouse() -> Router<AppState> {
    Router::new()
        .route("/{board}", get(gh_board))
        .route("/{board}/jobs", get(gh_jobs))
        .route("/{board}/jobs/{id}", get(gh_job).post(gh_apply))
        .route("/{board}/departments", get(gh_departments))
        .route("/{board}/offices", get(gh_offices))
}

pub fn lever() -> Router<AppState> {
    Router::new().route("/{site}", get(lever_postings)).route("/{site}/{id}", get(lever_posting).post(lever_apply))
}

/// A workspace's open jobs, and what links to them need.
struct Board {
    ws: WorkspaceId,
    name: String,
    /// `…/p/{slug}/careers`
    site: String,
    jobs: Vec<Job>,
}

impl Board {
    fn url(&self, job: &Job) -> String {
        format!("{}/jobs/{}?src={SOURCE}", self.site, job.id)
    }
    /// A job by Greenhouse's number for it or by its id.
    fn job(&self, id: &str) -> Result<&Job, AppError> {
        self.jobs.iter().find(|j| number(&j.id).to_string() == id || j.id == id).ok_or_else(AppError::not_found)
    }
}

/// A board by its token: the workspace's address for its career site, or
/// `{workspace}.{path}` for a brand's (a unit's site at `/p/{workspace}/{path}`), which lists
/// that unit's jobs only.
async fn board(s: &AppState, token: &str) -> Result<Board, AppError> {
    let (slug, path) = token.split_once('.').unwrap_or((token, ""));
    let w = portico_authz::store::find_workspace(s.db.pool(), slug).await?.filter(|w| w.slug == slug);
    let w = w.ok_or_else(AppError::not_found)?;
    let ws: WorkspaceId = portico_kernel::ids::parse_db_id(&w.id)?;
    let theme = portico_sites::theme::by_address(s.db.pool(), slug, path).await?.ok_or_else(AppError::not_found)?;
    let units = crate::careers::units_in(s, ws, theme.unit_id.as_deref()).await?;
    let jobs = store::open_jobs(s.db.pool(), ws, &Opening { units: units.as_deref(), ..Default::default() }).await?;
    let address = if path.is_empty() { slug.to_string() } else { format!("{slug}/{path}") };
    Ok(Board { ws, name: theme.title, site: format!("{}/p/{address}/{}", s.settings.public_base(), SITE.key), jobs })
}

/// A stable number for an id or a name, as Greenhouse's ids are numbers: for a job, the
/// millisecond its UUIDv7 was made and 5 more bits; for a name, a hash. Both stay below 2^53,
/// so JavaScript reads them exactly.
fn number(job_or_name: &str) -> i64 {
    match uuid::Uuid::parse_str(job_or_name) {
        Ok(u) => {
            let b = u.as_bytes();
            let ms = b[..6].iter().fold(0i64, |n, x| (n << 8) | i64::from(*x));
            (ms << 5) | i64::from(b[6] & 0x0f) << 1 | i64::from(b[7] >> 7)
        }
        Err(_) => {
            // FNV-1a, cut to 53 bits.
            let h = job_or_name
                .bytes()
                .fold(0xcbf2_9ce4_8422_2325_u64, |h, x| (h ^ u64::from(x)).wrapping_mul(0x100_0000_01b3));
            i64::try_from(h >> 11).unwrap_or(0)
        }
    }
}

fn rfc3339(ts: i64) -> String {
    portico_kernel::clock::from_micros(ts).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Greenhouse escapes the HTML of `content` as entities.
fn entities(html: &str) -> String {
    html.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn department(job: &Job) -> Value {
    json!({"id": number(&job.department), "name": job.department, "parent_id": null, "child_ids": []})
}

fn office(job: &Job) -> Value {
    json!({"id": number(&job.location), "name": job.location, "location": job.location, "parent_id": null, "child_ids": []})
}

fn gh_job_json(b: &Board, job: &Job, content: bool) -> Value {
    let mut v = json!({
        "id": number(&job.id),
        "internal_job_id": number(&job.id),
        "title": job.title,
        "updated_at": rfc3339(job.updated_at),
        "first_published": rfc3339(job.opened_at.unwrap_or(job.created_at)),
        "requisition_id": job.id,
        "location": {"name": job.location},
        "absolute_url": b.url(job),
        "language": job.locale,
        "company_name": b.name,
        "metadata": null,
        "data_compliance": [{"type": "gdpr", "requires_consent": true, "requires_processing_consent": false,
            "requires_retention_consent": false, "retention_period": null, "demographic_data_consent_applies": false}],
    });
    if content {
        v["content"] = json!(entities(&job.description));
        v["departments"] = if job.department.is_empty() { json!([]) } else { json!([department(job)]) };
        v["offices"] = if job.location.is_empty() { json!([]) } else { json!([office(job)]) };
    }
    v
}

#[derive(Deserialize, Default)]
struct GhQuery {
    content: Option<bool>,
    questions: Option<bool>,
    /// JSONP: the answer wrapped in a call to this function.
    callback: Option<String>,
}

/// A Greenhouse answer: JSON, or JSONP when a callback (a plain JavaScript name) is asked for.
fn answer(q: &GhQuery, r: Result<Value, AppError>) -> Response {
    let (status, v) = match r {
        Ok(v) => (StatusCode::OK, v),
        Err(e) => (portico_http::error::status_of(&e), json!({"status": 404, "error": "Not found"})),
    };
    let plain = |c: &&String| {
        !c.is_empty() && c.len() <= 64 && c.chars().all(|x| x.is_ascii_alphanumeric() || matches!(x, '_' | '.' | '$'))
    };
    match q.callback.as_ref().filter(plain) {
        Some(c) => {
            let script = [(axum::http::header::CONTENT_TYPE, "application/javascript; charset=utf-8")];
            (status, script, format!("/**/{c}({v});")).into_response()
        }
        None => (status, Json(v)).into_response(),
    }
}

/// An apply POST's refusal in Greenhouse's shape, its message naming the field.
fn gh_refusal(e: &AppError) -> Response {
    let status = portico_http::error::status_of(e);
    let error = Tr::new(portico_kernel::locale::Locale::En).error(e);
    (status, Json(json!({"status": status.as_u16(), "error": error, "field": e.field}))).into_response()
}

async fn gh_apply(
    State(s): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    req: axum::extract::Request,
) -> Response {
    let key = portico_http::extract::basic_user(req.headers()).unwrap_or_default();
    let filed = async {
        let b = board(&s, &slug).await?;
        apply::apply(&s, apply::Shape::Greenhouse, &key, &b, b.job(&id)?, req).await
    };
    match filed.await {
        Ok(_) => Json(json!({"success": "Candidate saved successfully"})).into_response(),
        Err(e) => gh_refusal(&e),
    }
}

#[derive(Deserialize)]
struct LeverKey {
    key: Option<String>,
}

async fn lever_apply(
    State(s): State<AppState>,
    Path((site, id)): Path<(String, String)>,
    Query(k): Query<LeverKey>,
    req: axum::extract::Request,
) -> Response {
    let filed = async {
        let b = board(&s, &site).await?;
        let job = b.jobs.iter().find(|j| j.id == id).ok_or_else(AppError::not_found)?;
        apply::apply(&s, apply::Shape::Lever, k.key.as_deref().unwrap_or(""), &b, job, req).await
    };
    match filed.await {
        Ok(application) => Json(json!({"ok": true, "applicationId": application})).into_response(),
        Err(e) => {
            let error = Tr::new(portico_kernel::locale::Locale::En).error(&e);
            let body = json!({"ok": false, "error": error, "field": e.field});
            (portico_http::error::status_of(&e), Json(body)).into_response()
        }
    }
}

async fn gh_board(State(s): State<AppState>, Path(slug): Path<String>, Query(q): Query<GhQuery>) -> Response {
    answer(&q, board(&s, &slug).await.map(|b| json!({"name": b.name, "content": ""})))
}

async fn gh_jobs(State(s): State<AppState>, Path(slug): Path<String>, Query(q): Query<GhQuery>) -> Response {
    answer(
        &q,
        board(&s, &slug).await.map(|b| {
            let jobs: Vec<Value> = b.jobs.iter().map(|j| gh_job_json(&b, j, q.content.unwrap_or(false))).collect();
            json!({"jobs": jobs, "meta": {"total": b.jobs.len()}})
        }),
    )
}

async fn gh_job(
    State(s): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    Query(q): Query<GhQuery>,
) -> Response {
    answer(
        &q,
        board(&s, &slug).await.and_then(|b| {
            let job = b.job(&id)?;
            let mut v = gh_job_json(&b, job, true);
            if q.questions.unwrap_or(false) {
                v["questions"] = json!(questions(job));
                v["location_questions"] = json!([]);
                v["compliance"] = json!([]);
                v["demographic_questions"] = json!(null);
            }
            Ok(v)
        }),
    )
}

/// The apply form's questions, in Greenhouse's shape: the form's own, then the job's.
fn questions(job: &Job) -> Vec<Value> {
    let q = |label: &str, name: &str, kind: &str, required: bool| {
        json!({"required": required, "label": label, "description": null,
            "fields": [{"name": name, "type": kind, "values": []}]})
    };
    let mut all = vec![
        q("First Name", "first_name", "input_text", true),
        q("Last Name", "last_name", "input_text", true),
        q("Email", "email", "input_text", true),
        q("Phone", "phone", "input_text", false),
        q("Resume/CV", "resume", "input_file", false),
        q("Cover Letter", "cover_letter", "input_file", false),
    ];
    for asked in job.questions() {
        let name = format!("question_{}", asked.id);
        let mut v = q(
            &asked.label,
            &name,
            if asked.kind == "yes_no" { "multi_value_single_select" } else { "textarea" },
            asked.required,
        );
        if asked.kind == "yes_no" {
            v["fields"][0]["values"] = json!([{"label": "Yes", "value": 1}, {"label": "No", "value": 0}]);
        }
        all.push(v);
    }
    all
}

/// Groups of jobs by a name (departments, offices), in Greenhouse's shape.
fn grouped(b: &Board, name: impl Fn(&Job) -> &str, extra: impl Fn(&str) -> Value) -> Vec<Value> {
    let mut names: Vec<&str> = b.jobs.iter().map(&name).filter(|n| !n.is_empty()).collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .map(|n| {
            let jobs: Vec<Value> = b.jobs.iter().filter(|j| name(j) == n).map(|j| gh_job_json(b, j, false)).collect();
            let mut v = json!({"id": number(n), "name": n, "parent_id": null, "child_ids": [], "jobs": jobs});
            if let (Value::Object(o), Value::Object(more)) = (&mut v, extra(n)) {
                o.extend(more);
            }
            v
        })
        .collect()
}

async fn gh_departments(State(s): State<AppState>, Path(slug): Path<String>, Query(q): Query<GhQuery>) -> Response {
    answer(&q, board(&s, &slug).await.map(|b| json!({"departments": grouped(&b, |j| &j.department, |_| json!({}))})))
}

async fn gh_offices(State(s): State<AppState>, Path(slug): Path<String>, Query(q): Query<GhQuery>) -> Response {
    answer(
        &q,
        board(&s, &slug).await.map(|b| {
            let offices = grouped(&b, |j| &j.location, |n| json!({"location": n}));
            json!({"offices": offices})
        }),
    )
}

/// Lever's words for a contract.
fn commitment(contract: &str) -> &'static str {
    match contract {
        "permanent" => "Full-time",
        "fixed_term" => "Fixed-term",
        "internship" => "Internship",
        "apprenticeship" => "Apprenticeship",
        "freelance" => "Contractor",
        _ => "Temporary",
    }
}

fn lever_json(b: &Board, job: &Job) -> Value {
    let plain = portico_html::to_text(&job.description);
    let workplace = match job.workplace.as_str() {
        "onsite" => "on-site",
        "remote" => "remote",
        "hybrid" => "hybrid",
        _ => "unspecified",
    };
    let mut v = json!({
        "id": job.id,
        "text": job.title,
        "categories": {"location": job.location, "commitment": commitment(&job.contract), "team": job.department,
            "department": job.department, "allLocations": [job.location]},
        // Lever's ISO country code: not kept here, so empty.
        "country": "",
        "createdAt": job.opened_at.unwrap_or(job.created_at) / 1000,
        "opening": job.description, "openingPlain": plain,
        "description": job.description, "descriptionPlain": plain,
        "descriptionBody": job.description, "descriptionBodyPlain": plain,
        "lists": [],
        "additional": "", "additionalPlain": "",
        "hostedUrl": format!("{}/jobs/{}?src={SOURCE}", b.site, job.id),
        "applyUrl": format!("{}/jobs/{}/apply?src={SOURCE}", b.site, job.id),
        "workplaceType": workplace,
        "salaryDescription": "", "salaryDescriptionPlain": "",
    });
    if job.salary_min.is_some() || job.salary_max.is_some() {
        let interval = match job.salary_period.as_str() {
            "hour" => "per-hour-wage",
            "month" => "per-month-salary",
            _ => "per-year-salary",
        };
        v["salaryRange"] = json!({"currency": job.salary_currency, "interval": interval,
            "min": job.salary_min.or(job.salary_max), "max": job.salary_max.or(job.salary_min)});
    }
    v
}

/// Lever's filters: each may be given several times, and a posting matches any of its values.
#[derive(Default)]
struct LeverQuery {
    mode: Option<String>,
    skip: usize,
    limit: Option<usize>,
    group: Option<String>,
    filters: Vec<(String, String)>,
}

fn lever_query(raw: Option<&str>) -> LeverQuery {
    let mut q = LeverQuery::default();
    for (k, v) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        match k.as_ref() {
            "mode" => q.mode = Some(v.into_owned()),
            "skip" => q.skip = v.parse().unwrap_or(0),
            "limit" => q.limit = v.parse().ok(),
            "group" => q.group = Some(v.into_owned()),
            "location" | "commitment" | "team" | "department" | "level" => {
                q.filters.push((k.into_owned(), v.into_owned()))
            }
            _ => {}
        }
    }
    q
}

fn category<'a>(p: &'a Value, key: &str) -> &'a str {
    p["categories"][key].as_str().unwrap_or("")
}

async fn lever_postings(State(s): State<AppState>, Path(site): Path<String>, uri: axum::http::Uri) -> Response {
    let q = lever_query(uri.query());
    if q.mode.as_deref().is_some_and(|m| m != "json") {
        return (StatusCode::BAD_REQUEST, Json(json!({"ok": false, "error": "Only mode=json is served here"})))
            .into_response();
    }
    let b = match board(&s, &site).await {
        Ok(b) => b,
        Err(_) => {
            return (StatusCode::NOT_FOUND, Json(json!({"ok": false, "error": "Document not found"}))).into_response();
        }
    };
    let all: Vec<Value> = b.jobs.iter().map(|j| lever_json(&b, j)).collect();
    let keys: Vec<&str> = ["location", "commitment", "team", "department", "level"].into_iter().collect();
    let matching: Vec<Value> = all
        .into_iter()
        .filter(|p| {
            keys.iter().all(|k| {
                let wanted: Vec<&str> = q.filters.iter().filter(|(f, _)| f == k).map(|(_, v)| v.as_str()).collect();
                wanted.is_empty() || wanted.contains(&category(p, k))
            })
        })
        .skip(q.skip)
        .take(q.limit.unwrap_or(usize::MAX))
        .collect();
    match q.group.as_deref().filter(|g| keys.contains(g)) {
        None => Json(Value::Array(matching)).into_response(),
        Some(g) => {
            let mut titles: Vec<String> = matching.iter().map(|p| category(p, g).to_string()).collect();
            titles.sort();
            titles.dedup();
            let groups: Vec<Value> = titles
                .into_iter()
                .map(|t| {
                    let postings: Vec<&Value> = matching.iter().filter(|p| category(p, g) == t).collect();
                    json!({"title": t, "postings": postings})
                })
                .collect();
            Json(Value::Array(groups)).into_response()
        }
    }
}

async fn lever_posting(State(s): State<AppState>, Path((site, id)): Path<(String, String)>) -> Response {
    let found = board(&s, &site).await.and_then(|b| {
        let job = b.jobs.iter().find(|j| j.id == id).ok_or_else(AppError::not_found)?;
        Ok(lever_json(&b, job))
    });
    match found {
        Ok(v) => Json(v).into_response(),
        Err(_) => (StatusCode::NOT_FOUND, Json(json!({"ok": false, "error": "Document not found"}))).into_response(),
    }
}
