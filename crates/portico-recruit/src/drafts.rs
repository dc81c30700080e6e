//! Writing help: a job ad drafted from the job's facts and the notes typed in its
//! description, and an e-mail to a candidate drafted from what it is for. Portico's templates
//! write them in the ad's or the candidate's language; a model writes them when the install
//! has one (`[assistant] url`), and the templates take over when it fails.

use axum::Json;
use axum::extract::State;
use portico_core::assistant::{self, Brief, Draft, Template};
use portico_http::api::ErrorBody;
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, Caller};
use portico_http::i18n::Tr;
use portico_http::state::AppState;
use portico_kernel::locale::Locale;
use portico_kernel::{AppError, ErrorCode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::VIEW;
use crate::jobs::store::JobInput;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(draft_job_ad)).routes(routes!(draft_candidate_email))
}

/// A fact of a brief, by its key.
fn fact<'a>(b: &'a Brief, key: &str) -> &'a str {
    b.facts.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim()).unwrap_or_default()
}

/// Notes as HTML: lines starting with a dash or a bullet become a list, others paragraphs.
fn notes_html(notes: &str) -> String {
    let mut out = String::new();
    let mut in_list = false;
    for line in notes.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match line.strip_prefix(['-', '•', '*']) {
            Some(item) => {
                if !in_list {
                    out.push_str("<ul>");
                    in_list = true;
                }
                out.push_str(&format!("<li>{}</li>", portico_html::escape(item.trim())));
            }
            None => {
                if in_list {
                    out.push_str("</ul>");
                    in_list = false;
                }
                out.push_str(&format!("<p>{}</p>", portico_html::escape(line)));
            }
        }
    }
    if in_list {
        out.push_str("</ul>");
    }
    out
}

/// Portico's job ad: who hires whom where, the notes as the role, the pay, how to apply.
fn job_ad(b: &Brief) -> String {
    let tr = Tr::new(b.locale);
    let intro = tr.with(
        "recruit-draft-intro",
        &[
            ("org", fact(b, "organisation")),
            ("title", fact(b, "title")),
            ("location", fact(b, "location")),
            ("contract", fact(b, "contract")),
        ],
    );
    let mut html = format!("<p>{}</p>", portico_html::escape(&intro));
    let notes = notes_html(fact(b, "notes"));
    if !notes.is_empty() {
        html.push_str(&format!("<h3>{}</h3>{notes}", portico_html::escape(&tr.t("recruit-draft-role"))));
    }
    if !fact(b, "salary").is_empty() {
        html.push_str(&format!(
            "<p>{}</p>",
            portico_html::escape(&tr.t1("recruit-draft-salary", "range", fact(b, "salary")))
        ));
    }
    html.push_str(&format!("<p>{}</p>", portico_html::escape(&tr.t("recruit-draft-apply"))));
    html
}

/// Portico's e-mail to a candidate, for what it is for.
fn candidate_email(b: &Brief) -> String {
    let tr = Tr::new(b.locale);
    let args = [("name", fact(b, "name")), ("job", fact(b, "job"))];
    let mut text = tr.with(&format!("recruit-draft-email-{}", fact(b, "purpose")), &args);
    if !fact(b, "notes").is_empty() {
        text.push_str(&format!("\n\n{}", fact(b, "notes")));
    }
    text.push_str(&format!("\n\n{}\n{}", tr.t("recruit-draft-email-closing"), fact(b, "sender")));
    text
}

pub const PURPOSES: [&str; 3] = ["invite", "reject", "follow_up"];

/// Draft a job ad from a job as typed (its description read as notes).
pub async fn job_ad_draft(s: &AppState, caller: &Caller, input: &JobInput) -> Result<Draft, AppError> {
    caller.authz.scope(VIEW)?;
    let locale = Locale::parse(&input.locale).unwrap_or(caller.locale);
    let tr = Tr::new(locale);
    if input.title.trim().is_empty() {
        return Err(AppError::field(ErrorCode::Required, "title"));
    }
    let (org,): (String,) = sqlx::query_as("SELECT name FROM workspaces WHERE id = $1")
        .bind(caller.authz.workspace().to_db())
        .fetch_one(s.db.pool())
        .await
        .map_err(portico_db::db_error)?;
    let contract = Some(input.contract.trim()).filter(|c| !c.is_empty()).unwrap_or("permanent");
    let amount = |v: &str| v.trim().replace([' ', '\u{a0}', '\u{202f}'], "").parse::<i64>().ok();
    let range = crate::careers::listing::salary_range(
        &tr,
        amount(&input.salary_min),
        amount(&input.salary_max),
        input.salary_currency.trim(),
        Some(input.salary_period.trim()).filter(|p| !p.is_empty()).unwrap_or("year"),
    );
    let facts = [
        ("organisation", org),
        ("title", input.title.trim().to_string()),
        ("department", input.department.trim().to_string()),
        ("location", input.location.trim().to_string()),
        ("contract", tr.t(&format!("value-contract-{contract}"))),
        ("salary", range.trim().to_string()),
        ("notes", portico_html::to_text(&input.description).trim().to_string()),
    ];
    let brief = Brief {
        task: "a job advertisement in simple HTML (paragraphs, one short list, no title)".into(),
        locale,
        facts: facts.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
    };
    let mut d = assistant::draft(&s.settings.assistant, &brief, &Template(job_ad)).await;
    // What a model writes is kept as any description is: sanitized.
    d.text = portico_html::sanitize(&d.text);
    Ok(d)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JobAdBrief {
    pub title: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub location: String,
    /// permanent, fixed_term, internship, apprenticeship, freelance or temporary.
    #[serde(default)]
    pub contract: String,
    #[serde(default)]
    pub salary_min: Option<i64>,
    #[serde(default)]
    pub salary_max: Option<i64>,
    #[serde(default)]
    pub salary_currency: String,
    /// hour, month or year (default: year).
    #[serde(default)]
    pub salary_period: String,
    /// What the recruiter knows of the role, a line each ("- lines" become a list).
    #[serde(default)]
    pub notes: String,
    /// en, fr or hr (default: the caller's).
    #[serde(default)]
    pub locale: String,
}

/// Draft a job ad (HTML) from a few facts.
#[utoipa::path(post, path = "/api/v1/recruit/drafts/job-ad", tag = "recruit", request_body = JobAdBrief,
    responses((status = 200, body = Draft), (status = 422, body = ErrorBody)))]
async fn draft_job_ad(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<JobAdBrief>,
) -> Result<Json<Draft>, ApiError> {
    let input = JobInput {
        title: b.title,
        department: b.department,
        location: b.location,
        contract: b.contract,
        salary_min: b.salary_min.map(|v| v.to_string()).unwrap_or_default(),
        salary_max: b.salary_max.map(|v| v.to_string()).unwrap_or_default(),
        salary_currency: b.salary_currency,
        salary_period: b.salary_period,
        description: portico_html::from_text(&b.notes),
        locale: b.locale,
        ..Default::default()
    };
    Ok(Json(job_ad_draft(&s, &caller, &input).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailBrief {
    pub application_id: String,
    /// invite, reject or follow_up.
    pub purpose: String,
    /// What to say beyond it.
    #[serde(default)]
    pub notes: String,
}

#[derive(Serialize, ToSchema)]
pub struct EmailDraft {
    pub subject: String,
    #[serde(flatten)]
    pub draft: Draft,
}

/// Draft an e-mail to the candidate of an application the caller sees, in their language.
pub async fn candidate_email_draft(s: &AppState, caller: &Caller, b: &EmailBrief) -> Result<EmailDraft, AppError> {
    if !PURPOSES.contains(&b.purpose.as_str()) {
        return Err(AppError::field(ErrorCode::InvalidValue, "purpose"));
    }
    let notes = portico_kernel::validate::optional_text("notes", Some(&b.notes), 4000)?.unwrap_or_default();
    let scope = caller.authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let id = uuid::Uuid::parse_str(b.application_id.trim())
        .map_err(|_| AppError::field(ErrorCode::InvalidValue, "application_id"))?;
    let a = crate::applications::store::get(s.db.pool(), &scope, &id.to_string())
        .await
        .map_err(|e| e.or_field("application_id"))?;
    let k = crate::candidates::store::behind(s.db.pool(), scope.workspace(), &a).await?;
    let job = crate::jobs::store::get(s.db.pool(), &scope, &a.job_id).await?;
    let (locale,): (String,) = sqlx::query_as("SELECT locale FROM contacts WHERE id = $1")
        .bind(k.contact_id.clone())
        .fetch_one(s.db.pool())
        .await
        .map_err(portico_db::db_error)?;
    let locale = Locale::parse(&locale).unwrap_or_default();
    let first = k.name.split_whitespace().next().unwrap_or(&k.name).to_string();
    let facts = [
        ("name", first),
        ("job", job.title.clone()),
        ("purpose", b.purpose.clone()),
        ("notes", notes),
        ("sender", caller.name.clone()),
    ];
    let brief = Brief {
        task: format!("a short e-mail to a job candidate ({}), signed by the sender", b.purpose.replace('_', " ")),
        locale,
        facts: facts.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
    };
    let draft = assistant::draft(&s.settings.assistant, &brief, &Template(candidate_email)).await;
    let subject = Tr::new(locale).t1(&format!("recruit-draft-subject-{}", b.purpose), "job", &job.title);
    Ok(EmailDraft { subject, draft })
}

/// Draft an e-mail to the candidate of an application, in their language.
#[utoipa::path(post, path = "/api/v1/recruit/drafts/candidate-email", tag = "recruit", request_body = EmailBrief,
    responses((status = 200, body = EmailDraft), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn draft_candidate_email(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<EmailBrief>,
) -> Result<Json<EmailDraft>, ApiError> {
    Ok(Json(candidate_email_draft(&s, &caller, &b).await?))
}
