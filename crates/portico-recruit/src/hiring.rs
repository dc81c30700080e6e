//! Hiring managers without an account: a link to one job (a guest link, signed, expiring,
//! revocable) opens that job's shortlist — the candidates past its first stage — with their
//! CVs, and lets its holder comment and rate. Nothing else: not the candidates still in the
//! first stage, not another job, not a staff page. The team makes as many links as it wants.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use portico_auth::magic::{self, GuestGrant, MagicLink, NewLink};
use portico_authz::Authz;
use portico_db::DbResultExt;
use portico_http::i18n::Tr;
use portico_http::spam::Trap;
use portico_http::state::AppState;
use portico_http::ui::{Visitor, error_page};
use portico_kernel::validate::{bounded_duration, required_text};
use portico_kernel::{AppError, Clock, ErrorCode, MagicLinkId, Timestamp};
use serde::Deserialize;

use crate::applications::store::{self as applications, Card, Comment};
use crate::documents::{self, Document};
use crate::jobs::store::{self as jobs, Job};
use crate::kinds::{APPLICATION, JOB};
use crate::{EDIT, VIEW};

/// Where hiring managers' links lead.
pub const PREFIX: &str = "/hiring";
const DAY: Timestamp = 24 * 3600 * 1_000_000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/{token}", get(shortlist))
        .route("/{token}/applications/{id}/comments", post(comment))
        .route("/{token}/documents/{id}/download", get(document))
}

/// A link as the team asks for it.
#[derive(Debug, Default, Deserialize, serde::Serialize, utoipa::ToSchema)]
pub struct LinkInput {
    /// Who it is for, as the team will recognise them ("Marc, store manager").
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub email: String,
    /// Days it stays valid: 1 to 90 (default 30).
    pub days: Option<i64>,
}

/// Make a link to `job` for a hiring manager; its id and address.
pub async fn share(s: &AppState, authz: &Authz, job: &str, input: &LinkInput) -> Result<(String, String), AppError> {
    let j = jobs::get(s.db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, job).await?;
    let cap = authz.unit_cap(EDIT, j.unit()?)?;
    let ttl = bounded_duration("days", input.days.unwrap_or(30), 90, DAY)?;
    let email = portico_kernel::validate::optional_email("email", &input.email)?.unwrap_or_default();
    let link = NewLink { subject_type: JOB, subject_id: j.id.clone(), email: &email, label: &input.label, ttl };
    let (id, token) = magic::create(&s.db, s.clock.as_ref(), &cap, &s.secret_key, link).await?;
    Ok((id.to_db(), format!("{}{PREFIX}/{token}", s.settings.public_base())))
}

/// The links made for a job.
pub async fn links(s: &AppState, authz: &Authz, job: &Job) -> Result<Vec<MagicLink>, AppError> {
    let cap = authz.unit_cap(VIEW, job.unit()?)?;
    magic::list_for(s.db.pool(), &cap, JOB, &job.id).await
}

pub async fn revoke(s: &AppState, authz: &Authz, job: &str, link: &str) -> Result<(), AppError> {
    let j = jobs::get(s.db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, job).await?;
    let cap = authz.unit_cap(EDIT, j.unit()?)?;
    let link: MagicLinkId = link.parse().map_err(|_| AppError::not_found())?;
    magic::revoke(&s.db, s.clock.as_ref(), &cap, JOB, &j.id, link).await
}

/// The job a link opens, if it is a job's link and the job still exists.
async fn job_of(s: &AppState, token: &str) -> Result<(GuestGrant, Job), AppError> {
    let grant = portico_http::extract::open_guest_link(s, token).await?;
    if grant.subject_type() != JOB {
        return Err(AppError::new(ErrorCode::LinkExpired));
    }
    let job = jobs::of_guest(s.db.pool(), &grant).await.map_err(|_| AppError::new(ErrorCode::LinkExpired))?;
    Ok((grant, job))
}

/// One candidate of the shortlist, with what the team said. Under anonymous review it
/// carries no name, no documents to download and a CV without what identifies them.
struct Shortlisted {
    card: Card,
    name: String,
    headline: String,
    comments: Vec<Comment>,
    documents: Vec<Document>,
    /// The anonymised CV, under anonymous review.
    cv: Option<String>,
}

/// Whether hiring managers see `card` anonymously: the job says so until a stage the card
/// has not reached.
fn blind(job: &Job, stages: &[jobs::Stage], card: &Card) -> bool {
    let at = |id: &str| stages.iter().find(|s| s.id == id).map(|s| s.position);
    match (at(&job.blind_until), at(&card.stage_id)) {
        (Some(until), Some(now)) => now < until,
        _ => false,
    }
}

/// What identifies a candidate beyond the patterns the redaction knows: their name and place.
async fn identity(s: &AppState, ws: portico_kernel::WorkspaceId, card: &Card) -> Result<Vec<String>, AppError> {
    let (location,): (String,) =
        sqlx::query_as("SELECT location FROM recruit_candidates WHERE workspace_id = $1 AND id = $2")
            .bind(ws.to_db())
            .bind(card.candidate_id.clone())
            .fetch_one(s.db.pool())
            .await
            .db()?;
    Ok(vec![card.name.clone(), location])
}

#[derive(Template)]
#[template(path = "recruit_hiring.html")]
struct ShortlistPage {
    tr: Tr,
    csrf: String,
    trap: Trap,
    back: String,
    token: String,
    label: String,
    job: Job,
    people: Vec<Shortlisted>,
}

impl ShortlistPage {
    fn stars(&self, n: &i64) -> String {
        crate::applications::pages::stars(*n)
    }
}

async fn shortlist(State(s): State<AppState>, v: Visitor, Path(token): Path<String>) -> Response {
    let result = async {
        let (grant, job) = job_of(&s, &token).await?;
        let ws = grant.workspace();
        let stages = jobs::stages(s.db.pool(), ws, &job.id).await?;
        let mut people = Vec::new();
        for card in applications::shortlist(s.db.pool(), ws, &job.id).await? {
            let mut comments = applications::comments(s.db.pool(), ws, &card.id).await?;
            if blind(&job, &stages, &card) {
                let known = identity(&s, ws, &card).await?;
                let known: Vec<&str> = known.iter().map(String::as_str).collect();
                let hide = |t: &str| crate::cv::redact::redact(t, &known);
                for c in &mut comments {
                    c.body = hide(&c.body);
                }
                let cv = documents::text_of(s.db.pool(), ws, &card.candidate_id).await?.map(|t| hide(&t));
                let name = v.tr.with(
                    "recruit-blind-name",
                    &[("code", &card.id[card.id.len().saturating_sub(6)..].to_uppercase())],
                );
                let headline = hide(&card.headline);
                people.push(Shortlisted { card, name, headline, comments, documents: Vec::new(), cv });
            } else {
                let documents = documents::of_candidate(s.db.pool(), ws, &card.candidate_id).await?;
                let (name, headline) = (card.name.clone(), card.headline.clone());
                people.push(Shortlisted { card, name, headline, comments, documents, cv: None });
            }
        }
        Ok::<_, AppError>((grant, job, people))
    }
    .await;
    match result {
        Ok((grant, job, people)) => portico_http::ui::page(&ShortlistPage {
            tr: v.tr,
            csrf: v.csrf,
            trap: Trap::new(&s),
            back: format!("{PREFIX}/{token}"),
            label: grant.label().to_string(),
            token,
            job,
            people,
        }),
        Err(e) => error_page(&e, v.tr.locale),
    }
}

#[derive(Deserialize)]
struct CommentForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    rating: String,
}

/// An application of the link's shortlist: not found otherwise.
async fn shortlisted(s: &AppState, grant: &GuestGrant, job: &Job, id: &str) -> Result<Card, AppError> {
    if !grant.reaches(APPLICATION, id, Some((JOB, &job.id))) {
        return Err(AppError::not_found());
    }
    let list = applications::shortlist(s.db.pool(), grant.workspace(), &job.id).await?;
    list.into_iter().find(|c| c.id == id).ok_or_else(AppError::not_found)
}

async fn comment(
    State(s): State<AppState>,
    v: Visitor,
    Path((token, id)): Path<(String, String)>,
    Form(f): Form<CommentForm>,
) -> Response {
    let result = async {
        let (grant, job) = job_of(&s, &token).await?;
        let card = shortlisted(&s, &grant, &job, &id).await?;
        let body = required_text("body", &f.body, 10_000)?;
        let rating = match f.rating.trim() {
            "" => None,
            r => Some(
                r.parse::<i64>()
                    .ok()
                    .filter(|r| (1..=5).contains(r))
                    .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "rating"))?,
            ),
        };
        guest_comment(&s, s.clock.as_ref(), &grant, &job, &card, &body, rating).await
    }
    .await;
    match result {
        Ok(()) => Redirect::to(&format!("{PREFIX}/{token}#a-{id}")).into_response(),
        Err(e) => error_page(&e, v.tr.locale),
    }
}

/// A guest's comment, in the name the link was given.
async fn guest_comment(
    s: &AppState,
    clock: &dyn Clock,
    grant: &GuestGrant,
    job: &Job,
    card: &Card,
    body: &str,
    rating: Option<i64>,
) -> Result<(), AppError> {
    let (ws, now, unit) = (grant.workspace(), clock.now_micros(), job.unit()?);
    let mut tx = s.db.begin().await?;
    let actor = grant.actor();
    let by = applications::NewComment { actor: &actor, author: None, body, rating };
    applications::file_comment(&mut tx, ws, unit, &card.id, by, now).await?;
    tx.commit().await.db()
}

async fn document(State(s): State<AppState>, v: Visitor, Path((token, id)): Path<(String, String)>) -> Response {
    let result = async {
        let (grant, job) = job_of(&s, &token).await?;
        let d = documents::in_workspace(s.db.pool(), grant.workspace(), &id).await?;
        // A document of someone on this job's shortlist, and nobody else's.
        let list = applications::shortlist(s.db.pool(), grant.workspace(), &job.id).await?;
        let card = list.iter().find(|c| c.candidate_id == d.candidate_id).ok_or_else(AppError::not_found)?;
        shortlisted(&s, &grant, &job, &card.id).await?;
        // Under anonymous review the file (which names them) is not given out.
        if blind(&job, &jobs::stages(s.db.pool(), grant.workspace(), &job.id).await?, card) {
            return Err(AppError::not_found());
        }
        documents::download(&s, &d)
    }
    .await;
    result.unwrap_or_else(|e| error_page(&e, v.tr.locale))
}
