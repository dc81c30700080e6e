//! Candidates through the API.

use axum::Json;
use axum::extract::{Path, State};
use portico_authz::units::parse_unit;
use portico_http::api::{ErrorBody, List, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, ApiQuery, Caller};
use portico_http::state::AppState;
use portico_kernel::AppError;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::store::{self, Candidate, CandidateFilter, ProfileInput};
use crate::VIEW;
use crate::documents::{self, Document};
use crate::kinds::CANDIDATE;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_duplicates))
        .routes(routes!(merge_candidate))
        .routes(routes!(list_candidates))
        .routes(routes!(get_candidate, update_candidate))
        .routes(routes!(add_document))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CandidateQuery {
    pub cursor: Option<String>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// id, name or updated; relevance (the default) when `q` has words.
    pub sort: Option<String>,
    pub order: Option<portico_http::api::Order>,
    /// Words of a name, address, headline, location, skill or of their CVs (each the start
    /// of a word), best matches first; with `skills:`, `location:`, `languages:`, `tags:`,
    /// `experience:` (years: `5`, `>=3`, `2..5`) and `created:` (`2026-11`, `2026-01..2026-03`)
    /// filters.
    pub q: Option<String>,
    pub unit_id: Option<String>,
    /// Those with this tag (whole, whatever its case).
    pub tag: Option<String>,
    /// Those who speak this language.
    pub language: Option<String>,
    /// Those with an application from this source (career_site, linkedin, referral…).
    pub source: Option<String>,
    /// Those with an application in the running at a stage of this kind: new, screen,
    /// interview, offer or hired.
    pub stage: Option<String>,
    /// Those added on or after this day (YYYY-MM-DD).
    pub since: Option<String>,
    /// Those with at least this many years of experience.
    #[param(minimum = 0, maximum = 60)]
    pub experience: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct CandidateDetail {
    #[serde(flatten)]
    pub candidate: Candidate,
    pub documents: Vec<Document>,
    /// What the newest CV that could be read says (the profile was pre-filled from it).
    pub cv: Option<crate::cv::Parsed>,
    /// Values of the workspace's custom fields for candidates.
    pub custom_fields: Map<String, Value>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CandidatePatch {
    pub headline: Option<String>,
    pub location: Option<String>,
    /// One per line.
    pub links: Option<String>,
    /// Comma-separated.
    pub skills: Option<String>,
    /// Comma-separated.
    pub languages: Option<String>,
    /// Positions held, one per line.
    pub experience: Option<String>,
    /// Studies, one per line.
    pub education: Option<String>,
    /// Comma-separated.
    pub tags: Option<String>,
    pub custom_fields: Option<Map<String, Value>>,
}

/// The candidates the caller may see.
#[utoipa::path(get, path = "/api/v1/recruit/candidates", tag = "recruit", params(CandidateQuery),
    responses((status = 200, body = List<Candidate>), (status = 401, body = ErrorBody)))]
async fn list_candidates(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<CandidateQuery>,
) -> Result<Json<List<Candidate>>, ApiError> {
    let scope = caller.authz.scope(VIEW)?;
    let page = portico_http::api::page_request(&q.cursor, q.limit, &q.sort, q.order)?;
    let unit = q.unit_id.as_deref().map(|u| parse_unit("unit_id", u)).transpose()?;
    let since = match q.since.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => Some(
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| AppError::field(portico_kernel::ErrorCode::InvalidDate, "since"))?
                .and_hms_opt(0, 0, 0)
                .unwrap_or_default()
                .and_utc()
                .timestamp_micros(),
        ),
        None => None,
    };
    let stage = match q.stage.as_deref() {
        Some(st) if !crate::jobs::store::CATEGORIES.contains(&st) => {
            return Err(AppError::field(portico_kernel::ErrorCode::InvalidValue, "stage").into());
        }
        st => st,
    };
    if q.experience.is_some_and(|y| !store::EXPERIENCE_YEARS.contains(&y)) {
        return Err(AppError::field(portico_kernel::ErrorCode::InvalidValue, "experience").into());
    }
    let text = |field: &str, v: &Option<String>| portico_kernel::validate::optional_text(field, v.as_deref(), 100);
    let (language, source) = (text("language", &q.language)?, text("source", &q.source)?);
    let filter = CandidateFilter {
        q: q.q.as_deref(),
        unit,
        tag: q.tag.as_deref(),
        language: language.as_deref(),
        source: source.as_deref(),
        stage,
        since,
        experience: q.experience,
    };
    Ok(Json(store::list(&s.db, &scope, &page, filter).await?.into()))
}

async fn detail(s: &AppState, caller: &Caller, id: &str) -> Result<CandidateDetail, AppError> {
    let scope = caller.authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let candidate = store::get(s.db.pool(), &scope, id).await?;
    let documents = documents::of_candidate(s.db.pool(), scope.workspace(), id).await?;
    let custom_fields = portico_fields::load_values(s.db.pool(), &scope, CANDIDATE, id).await?;
    let cv = documents::parsed_of(s.db.pool(), scope.workspace(), id).await?;
    Ok(CandidateDetail { candidate, documents, cv, custom_fields })
}

#[utoipa::path(get, path = "/api/v1/recruit/candidates/{id}", tag = "recruit",
    responses((status = 200, body = CandidateDetail), (status = 404, body = ErrorBody)))]
async fn get_candidate(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<CandidateDetail>, ApiError> {
    let id: uuid::Uuid = path_id(&id)?;
    Ok(Json(detail(&s, &caller, &id.to_string()).await?))
}

/// Change a candidate's profile (their name, address and phone are their contact's).
#[utoipa::path(patch, path = "/api/v1/recruit/candidates/{id}", tag = "recruit", request_body = CandidatePatch,
    responses((status = 200, body = CandidateDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_candidate(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(p): ApiJson<CandidatePatch>,
) -> Result<Json<CandidateDetail>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let now = detail(&s, &caller, &id).await?.candidate;
    let input = ProfileInput {
        headline: p.headline.unwrap_or(now.headline),
        location: p.location.unwrap_or(now.location),
        links: p.links.unwrap_or(now.links),
        skills: p.skills.unwrap_or(now.skills),
        languages: p.languages.unwrap_or(now.languages),
        experience: p.experience.unwrap_or(now.experience),
        education: p.education.unwrap_or(now.education),
        tags: p.tags.unwrap_or(now.tags),
    };
    store::update(&s.db, s.clock.as_ref(), &caller.authz, &id, &input, &p.custom_fields.unwrap_or_default()).await?;
    Ok(Json(detail(&s, &caller, &id).await?))
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct DocumentForm {
    #[schema(format = Binary, content_media_type = "application/octet-stream")]
    file: String,
}

/// Attach a document to a candidate (a CV received by e-mail): PDF, DOCX, ODT or text, up to
/// 10 MB; its text is read in the background.
#[utoipa::path(post, path = "/api/v1/recruit/candidates/{id}/documents", tag = "recruit",
    request_body(content = DocumentForm, content_type = "multipart/form-data"),
    responses((status = 201, body = Document), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody)))]
async fn add_document(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    req: axum::extract::Request,
) -> Result<(axum::http::StatusCode, Json<Document>), ApiError> {
    use axum::extract::FromRequest;
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let scope = caller.authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let candidate = store::get(s.db.pool(), &scope, &id).await?;
    // The right first: a stranger learns nothing from how their body is refused.
    let cap = caller.authz.unit_cap(crate::EDIT, candidate.unit()?)?;
    let mp = axum::extract::Multipart::from_request(req, &s)
        .await
        .map_err(|e| AppError::new(portico_kernel::ErrorCode::BadRequest).with_cause(e.to_string()))?;
    let (_, filename, bytes) = portico_core::files::api::read_upload(mp).await?;
    let now = s.clock.now_micros();
    let owner =
        documents::Owner { unit: candidate.unit()?, candidate: &id, contact: &candidate.contact_id, application: None };
    let up = documents::Upload { field: "file", filename: &filename, bytes: &bytes };
    let mut tx = s.db.begin().await?;
    let doc = documents::attach(&mut tx, &s.blobs, cap.workspace(), cap.actor(), owner, up, now).await?;
    tx.commit().await.map_err(portico_db::db_error)?;
    Ok((axum::http::StatusCode::CREATED, Json(documents::get(s.db.pool(), &scope, &doc).await?)))
}

/// Other candidates who may be the same person (same e-mail, phone or name), as far as the
/// caller sees them.
#[utoipa::path(get, path = "/api/v1/recruit/candidates/{id}/duplicates", tag = "recruit",
    responses((status = 200, body = List<store::Duplicate>), (status = 404, body = ErrorBody)))]
async fn list_duplicates(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<List<store::Duplicate>>, ApiError> {
    let id = portico_http::api::path_id::<uuid::Uuid>(&id)?.to_string();
    let scope = caller.authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let k = store::get(s.db.pool(), &scope, &id).await?;
    Ok(Json(List { items: store::duplicates(s.db.pool(), &scope, &k).await?, next_cursor: None }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeInput {
    /// The duplicate: merged into this candidate, then gone.
    pub duplicate_id: String,
}

/// Merge a duplicate into this candidate, losing nothing: its applications (one to the same
/// job is folded into this candidate's, with a note), documents, pools, conversations,
/// consent and custom values come here; its e-mail becomes an alias, so mail and applications
/// from it find this candidate.
#[utoipa::path(post, path = "/api/v1/recruit/candidates/{id}/merge", tag = "recruit", request_body = MergeInput,
    responses((status = 200, body = CandidateDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn merge_candidate(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(m): ApiJson<MergeInput>,
) -> Result<Json<CandidateDetail>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let other = uuid::Uuid::parse_str(m.duplicate_id.trim())
        .map_err(|_| AppError::field(portico_kernel::ErrorCode::InvalidValue, "duplicate_id"))?
        .to_string();
    super::merge::merge(&s.db, s.registry(), s.clock.as_ref(), &caller.authz, &caller.tr(), &id, &other).await?;
    Ok(Json(detail(&s, &caller, &id).await?))
}
