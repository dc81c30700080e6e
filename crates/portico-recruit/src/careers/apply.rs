//! Applying on the career site: the form (name, address, phone, CV, cover letter, consent
//! to be kept for the workspace's retention period), and its sending. The person becomes a
//! contact and a candidate (or is found again by address), the application is filed in the
//! job's first stage with where they came from, the CV is attached (read later, in the
//! sandbox), and an acknowledgement is e-mailed, all in one transaction. Sending twice files
//! one application.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use portico_core::contacts::store::ContactInput;
use portico_http::form::FormState;
use portico_http::i18n::Tr;
use portico_http::site::{Site, SiteView};
use portico_http::spam::Trap;
use portico_http::state::AppState;
use portico_kernel::{Actor, AppError, ErrorCode, MICROS_PER_SECOND, WorkspaceId};
use serde::{Deserialize, Serialize};

use super::listing::Came;
use super::{SITE, units_of};
use crate::applications::store::{self as applications, NewApplication, Source};
use crate::candidates::store as candidates;
use crate::documents::{self, Owner, Upload};
use crate::jobs::store::{self, Job};

/// How long a candidate agrees to be kept, in months (asked on the form).
pub const CONSENT_MONTHS: i64 = 24;

#[derive(Template)]
#[template(path = "careers_apply.html")]
struct ApplyPage {
    s: SiteView,
    tr: Tr,
    csrf: String,
    trap: Trap,
    job: Job,
    action: String,
    back: String,
    form: FormState,
}

impl ApplyPage {
    fn questions(&self) -> Vec<(usize, crate::jobs::questions::Question)> {
        self.job.questions().into_iter().enumerate().collect()
    }
    fn consent(&self) -> String {
        let months = CONSENT_MONTHS.to_string();
        self.tr.with("recruit-apply-consent", &[("site", self.s.title.as_str()), ("months", months.as_str())])
    }
}

/// The open job of this site, or not found.
async fn open_job(s: &AppState, site: &Site, id: &str) -> Result<Job, AppError> {
    let id: uuid::Uuid = crate::parse(id)?;
    let job = store::get_open(s.db.pool(), site.ctx.workspace, &id.to_string()).await?;
    if let Some(units) = units_of(s, site).await?
        && !units.contains(&job.unit()?)
    {
        return Err(AppError::not_found());
    }
    Ok(job)
}

/// What an applicant sends (the CV aside), on the form or through a job board's API.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Sent {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub cover_letter: String,
    /// `yes` when they agree to be kept for the retention period.
    pub consent: String,
    /// `answer_<question id>` → the answer.
    #[serde(flatten)]
    pub answers: std::collections::BTreeMap<String, String>,
}

/// A file sent with an application, in the form field `field` (errors name it).
pub(crate) struct Attached {
    pub field: &'static str,
    pub filename: String,
    pub bytes: Vec<u8>,
}

/// Where an application arrives: the workspace, the language to answer in, and the career
/// site the acknowledgement links to.
pub(crate) struct Arrival {
    pub ws: WorkspaceId,
    pub locale: String,
    /// `https://jobs.acme.fr`: the acknowledgement's links start with it.
    pub origin: String,
    /// Where the candidate follows their applications.
    pub portal: String,
}

#[derive(Deserialize, Default)]
pub(crate) struct FormQuery {
    #[serde(flatten)]
    came: Came,
    from: Option<String>,
}

fn page(s: &AppState, site: &Site, job: Job, query: &str, form: FormState) -> Response {
    let path = format!("/jobs/{}", job.id);
    let sep = if query.is_empty() { "?" } else { "&" };
    let action = format!("{}{query}{sep}_csrf={}", site.ctx.href(SITE.key, &format!("{path}/apply")), site.csrf);
    let p = ApplyPage {
        s: site.view(),
        tr: site.tr,
        csrf: site.csrf.clone(),
        trap: Trap::new(s),
        back: site.ctx.href(SITE.key, &path),
        job,
        action,
        form,
    };
    portico_http::ui::render(p.form.status(), &p)
}

pub(crate) async fn form(
    State(s): State<AppState>,
    site: Site,
    Path(id): Path<String>,
    Query(q): Query<FormQuery>,
) -> Response {
    match open_job(&s, &site, &id).await {
        Ok(job) => page(&s, &site, job, &q.came.query(q.from.as_deref()), FormState::fresh()),
        Err(e) => site.error(&e),
    }
}

/// Read the multipart form: its fields, and the CV if one was chosen.
async fn read(mut mp: Multipart) -> Result<(Sent, Option<(String, Vec<u8>)>), AppError> {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut cv = None;
    let bad = |_| AppError::new(ErrorCode::BadRequest);
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or("").to_string();
        if name == "cv" {
            let filename = field.file_name().unwrap_or("").to_string();
            let bytes = field.bytes().await.map_err(|_| AppError::field(ErrorCode::PayloadTooLarge, "cv"))?;
            if !bytes.is_empty() || !filename.is_empty() {
                cv = Some((filename, bytes.to_vec()));
            }
        } else {
            fields.push((name, field.text().await.map_err(bad)?));
        }
    }
    let get = |k: &str| portico_http::form::sent(&fields, k).to_string();
    let sent = Sent {
        name: get("name"),
        email: get("email"),
        phone: get("phone"),
        cover_letter: get("cover_letter"),
        consent: get("consent"),
        answers: fields.iter().filter(|(k, _)| k.starts_with("answer_")).cloned().collect(),
    };
    Ok((sent, cv))
}

impl FormQuery {
    /// Where the application came from: the channel of the link (`src`, else `utm_source`;
    /// a referral when someone referred them), and the rest as detail.
    fn source(&self) -> Source {
        let c = &self.came;
        let val = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or("").to_string();
        let default = if val(&c.referrer).is_empty() { "career_site" } else { "referral" };
        let given = c.src.as_deref().filter(|s| !s.trim().is_empty()).or(c.utm_source.as_deref());
        let detail = [
            ("utm_source", val(&c.utm_source)),
            ("utm_medium", val(&c.utm_medium)),
            ("utm_campaign", val(&c.utm_campaign)),
            ("referred_by", val(&c.referrer)),
            ("referrer", val(&self.from)),
        ]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", v.chars().take(120).collect::<String>()))
        .collect::<Vec<_>>()
        .join("; ");
        Source { channel: Source::channel(given, default), detail }
    }
}

pub(crate) async fn send(
    State(s): State<AppState>,
    site: Site,
    Path(id): Path<String>,
    Query(q): Query<FormQuery>,
    mp: Multipart,
) -> Response {
    let job = match open_job(&s, &site, &id).await {
        Ok(j) => j,
        Err(e) => return site.error(&e),
    };
    let (sent, cv) = match read(mp).await {
        Ok(r) => r,
        Err(e) => return site.error(&e),
    };
    let arrival = Arrival {
        ws: site.ctx.workspace,
        locale: site.tr.code().to_string(),
        origin: site.ctx.origin.clone(),
        portal: site.ctx.url(SITE.key, "/applications"),
    };
    let files = cv.into_iter().map(|(filename, bytes)| Attached { field: "cv", filename, bytes }).collect();
    match file(&s, &arrival, &job, &sent, q.source(), files).await {
        Ok(_) => Redirect::to(&site.ctx.href(SITE.key, &format!("/jobs/{}/applied", job.id))).into_response(),
        Err(e) => {
            let form = FormState::failed("apply", &sent, &e, &site.tr);
            page(&s, &site, job, &q.came.query(q.from.as_deref()), form)
        }
    }
}

/// File an application (once: sending again finds it); its id.
pub(crate) async fn file(
    s: &AppState,
    at: &Arrival,
    job: &Job,
    sent: &Sent,
    source: Source,
    files: Vec<Attached>,
) -> Result<String, AppError> {
    let (answers, knocked_out) =
        crate::jobs::questions::answer(&job.questions(), |id| sent.answers.get(&format!("answer_{id}")).cloned())?;
    if sent.consent != "yes" {
        return Err(AppError::field(ErrorCode::Required, "consent"));
    }
    let input = ContactInput {
        name: sent.name.clone(),
        email: sent.email.clone(),
        phone: sent.phone.clone(),
        locale: at.locale.clone(),
        ..Default::default()
    };
    if input.email.trim().is_empty() {
        return Err(AppError::field(ErrorCode::Required, "email"));
    }
    for d in &files {
        if d.bytes.len() > documents::MAX_BYTES {
            return Err(AppError::field(ErrorCode::PayloadTooLarge, d.field));
        }
        documents::sniff(d.field, &d.bytes)?;
    }
    let (ws, unit, now) = (at.ws, job.unit()?, s.clock.now_micros());
    let consent_until = now + CONSENT_MONTHS * 30 * 24 * 3600 * MICROS_PER_SECOND;
    let site_actor = Actor::System { label: "career site".into() };
    let mut tx = s.db.begin().await?;
    let contact = portico_core::contacts::store::find_or_add(&mut tx, ws, &site_actor, unit, &input, now).await?;
    let actor = Actor::Contact { id: contact, label: sent.name.trim().to_string() };
    let contact = contact.to_db();
    let candidate = candidates::of_contact(&mut tx, ws, &actor, unit, &contact, Some(consent_until), now).await?;
    let new = NewApplication {
        job,
        candidate: &candidate,
        contact: &contact,
        source,
        cover_letter: &sent.cover_letter,
        answers: &answers,
        knocked_out,
    };
    let (application, created) = applications::file(&mut tx, ws, &actor, new, now).await?;
    if created {
        for d in &files {
            let owner = Owner { unit, candidate: &candidate, contact: &contact, application: Some(&application) };
            let up = Upload { field: d.field, filename: &d.filename, bytes: &d.bytes };
            documents::attach(&mut tx, &s.blobs, ws, &actor, owner, up, now).await?;
        }
        let mail = s.mail.at(at.origin.clone());
        crate::messages::tell(&mut tx, &mail, ws, crate::messages::RECEIVED, &application, &at.portal, now).await?;
    }
    tx.commit().await.map_err(portico_db::db_error)?;
    Ok(application)
}

#[derive(Template)]
#[template(path = "careers_applied.html")]
struct AppliedPage {
    s: SiteView,
    tr: Tr,
    job: Job,
    mine: String,
    base: String,
}

pub(crate) async fn applied(State(s): State<AppState>, site: Site, Path(id): Path<String>) -> Response {
    match open_job(&s, &site, &id).await {
        Ok(job) => portico_http::ui::page(&AppliedPage {
            s: site.view(),
            tr: site.tr,
            job,
            mine: site.ctx.href(SITE.key, "/applications"),
            base: site.ctx.href(SITE.key, ""),
        }),
        Err(e) => site.error(&e),
    }
}
