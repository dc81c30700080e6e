//! An application's page, where the team reviews a candidate for one job: what happened in
//! the middle (moves, comments, documents), what they are on the right (stage, contact,
//! source, their other applications), and the forms that move, reject and comment.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use portico_http::form::FormState;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, render};
use portico_kernel::{AppError, Timestamp};
use serde::Deserialize;

use super::store::{self, Application, Card, REASONS};
use crate::candidates::store::{self as candidates, Candidate};
use crate::documents::{self, Document};
use crate::jobs::store::{self as jobs, Job, Stage};
use crate::kinds::CANDIDATE;
use crate::messages::pages::said;
use crate::messages::stages::{self as stage_emails, StageEmail};
use crate::{EDIT, VIEW, parse};
use portico_mail::inbound::messages::ThreadEntry;

/// One line of the timeline.
pub(crate) enum Entry {
    Moved(store::Move),
    Commented(store::Comment),
    Sent(Document),
    /// An e-mail to the candidate, or theirs.
    Mail(ThreadEntry),
}

impl Entry {
    fn at(&self) -> Timestamp {
        match self {
            Entry::Moved(m) => m.at,
            Entry::Commented(c) => c.created_at,
            Entry::Sent(d) => d.created_at,
            Entry::Mail(m) => m.at,
        }
    }
}

#[derive(Template)]
#[template(path = "recruit_application.html")]
pub(crate) struct ApplicationPage {
    c: Shell,
    a: Application,
    job: Job,
    candidate: Candidate,
    stages: Vec<Stage>,
    timeline: Vec<Entry>,
    documents: Vec<Document>,
    /// Their applications to other jobs.
    others: Vec<Card>,
    /// What their newest readable document says.
    cv: Option<String>,
    /// The applications before and after this one on the job's board (j / k).
    neighbours: (Option<String>, Option<String>),
    /// Other jobs it may be transferred to (id, title · unit), for whoever can change both.
    transfers: Vec<(String, String)>,
    can_edit: bool,
    /// What its stages scheduled and has not gone yet, with what it would say.
    scheduled: Vec<(StageEmail, String, String)>,
    /// The candidate e-mail templates (key, name).
    library: Vec<(String, String)>,
    interviews: Vec<crate::interviews::Interview>,
    /// Who may interview (id, name), the reader first checked; the zones to plan in.
    interviewer_choices: Vec<(String, String)>,
    /// When they are busy in the next two weeks (their interviews and published calendars).
    busy: Vec<crate::interviews::busy::BusyTime>,
    /// Free times of the reader to propose, as the planning form's fields hold them.
    free: Vec<String>,
    me: String,
    zones: Vec<String>,
    offers: Vec<crate::offers::Offer>,
    scorecards: Vec<crate::scorecards::Scorecard>,
    /// What assessment platforms posted for it.
    assessments: Vec<crate::assessments::Assessment>,
    /// Who may approve an offer (id, name).
    approvers: Vec<(String, String)>,
    /// The comment or e-mail form, as typed when it was refused.
    form: FormState,
}

impl ApplicationPage {
    fn stage_name(&self) -> String {
        store::stage_of(&self.stages, &self.a).map(|s| s.name.clone()).unwrap_or_default()
    }
    fn reasons(&self) -> &'static [&'static str] {
        &REASONS
    }
    fn stars(&self, n: &i64) -> String {
        stars(*n)
    }
    fn size(&self, bytes: &i64) -> String {
        self.c.tr.size(*bytes)
    }
    fn answers(&self) -> Vec<crate::jobs::questions::Answer> {
        self.a.answers()
    }
    fn interviewer_names(&self, i: &crate::interviews::Interview) -> String {
        i.interviewers.iter().map(|v| v.name.as_str()).collect::<Vec<_>>().join(", ")
    }
    fn current_stage(&self) -> Option<&Stage> {
        store::stage_of(&self.stages, &self.a)
    }
    /// The criteria of the current stage's kit, numbered for the scorecard form.
    fn criteria_rows(&self) -> Vec<(usize, String)> {
        let criteria = self.current_stage().map(|st| st.criteria()).unwrap_or_default();
        criteria.into_iter().map(str::to_string).enumerate().collect()
    }
    /// The reader's scorecard of the current stage.
    fn draft_purposes(&self) -> &'static [&'static str] {
        &crate::drafts::PURPOSES
    }
    /// When `user` is busy in the next two weeks, as the reader reads times (at most eight).
    fn busy_of(&self, user: &str) -> Vec<String> {
        let tr = &self.c.tr;
        self.busy
            .iter()
            .filter(|b| b.user_id == user)
            .take(8)
            .map(|b| {
                format!("{} ({})", tr.datetime(b.start), tr.count("recruit-minutes", (b.end - b.start) / 60_000_000))
            })
            .collect()
    }
    /// The free time that fills the planning form's `n`th time (from 1), if any.
    fn free_at(&self, n: &usize) -> &str {
        self.free.get(n - 1).map(String::as_str).unwrap_or_default()
    }
    fn my_scorecard(&self) -> Option<&crate::scorecards::Scorecard> {
        self.scorecards.iter().find(|k| k.stage_id == self.a.stage_id && k.author_id == self.me)
    }
    fn scored(&self, criterion: &str, v: &i64) -> bool {
        self.my_scorecard().is_some_and(|k| k.ratings.iter().any(|r| r.criterion == criterion && r.score == *v))
    }
    fn recommended(&self, r: &str) -> bool {
        self.my_scorecard().is_some_and(|k| k.recommendation == r)
    }
    fn my_notes(&self) -> &str {
        self.my_scorecard().map(|k| k.notes.as_str()).unwrap_or_default()
    }
    fn recommendations(&self) -> &'static [&'static str] {
        &crate::scorecards::RECOMMENDATIONS
    }
    /// The scorecards the reader sees: those of other stages, and the current stage's once
    /// they sent their own.
    fn shown_scorecards(&self) -> Vec<&crate::scorecards::Scorecard> {
        let open = self.my_scorecard().is_some();
        self.scorecards.iter().filter(|k| open || k.stage_id != self.a.stage_id).collect()
    }
    fn hidden_scorecards(&self) -> usize {
        self.scorecards.len() - self.shown_scorecards().len()
    }
    fn pay(&self, o: &crate::offers::Offer) -> String {
        o.pay(&self.c.tr)
    }
    fn start(&self, o: &crate::offers::Offer) -> String {
        o.start(&self.c.tr)
    }
    /// An offer under way (a new one waits until it is answered or withdrawn).
    fn open_offer(&self) -> bool {
        self.offers.iter().any(|o| ["pending", "approved", "sent"].contains(&o.status.as_str()))
    }
    fn periods(&self) -> &'static [&'static str] {
        &crate::jobs::store::PERIODS
    }
    fn minutes_label(&self, m: &usize) -> String {
        self.c.count("recruit-minutes", *m)
    }
    fn durations(&self) -> &'static [usize] {
        &[30, 45, 60, 90]
    }
    fn minutes(&self, i: &crate::interviews::Interview) -> usize {
        usize::try_from(i.duration_minutes).unwrap_or(0)
    }
    /// Where an e-mail we sent stands: pending, sent or bounced.
    fn mail_state(&self, m: &ThreadEntry) -> &'static str {
        portico_mail::outbox::state(&m.kind, None)
    }
    /// A stage e-mail's template, by its name in the library.
    fn template_name(&self, key: &str) -> String {
        self.library.iter().find(|(k, _)| k == key).map(|(_, n)| n.clone()).unwrap_or_else(|| key.to_string())
    }
    fn links(&self) -> Vec<&str> {
        self.candidate.links.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
    }
}

pub(crate) async fn application_page(
    s: &AppState,
    staff: &Staff,
    id: &str,
    f: &FlashQuery,
    form: FormState,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let scope = authz.scope(VIEW).or_page(staff)?;
    let a = store::get(s.db.pool(), &scope, id).await.or_page(staff)?;
    let ws = scope.workspace();
    let job = jobs::get(s.db.pool(), &scope, &a.job_id).await.or_page(staff)?;
    let candidate = candidates::behind(s.db.pool(), ws, &a).await.or_page(staff)?;
    let stages = jobs::stages(s.db.pool(), ws, &job.id).await.or_page(staff)?;
    let documents = documents::of_candidate(s.db.pool(), ws, &candidate.id).await.or_page(staff)?;
    let mut timeline: Vec<Entry> =
        store::history(s.db.pool(), ws, id).await.or_page(staff)?.into_iter().map(Entry::Moved).collect();
    timeline.extend(store::comments(s.db.pool(), ws, id).await.or_page(staff)?.into_iter().map(Entry::Commented));
    timeline.extend(documents.iter().cloned().map(Entry::Sent));
    let mails = portico_mail::inbound::messages::of_record(s.db.pool(), &scope, CANDIDATE, &candidate.id, 100)
        .await
        .or_page(staff)?;
    timeline.extend(mails.into_iter().map(Entry::Mail));
    timeline.sort_by_key(|e| std::cmp::Reverse(e.at()));
    let filter = store::ApplicationFilter { candidate: Some(&candidate.id), ..Default::default() };
    let page = portico_kernel::PageRequest::new(None, Some(50)).or_page(staff)?;
    let others = store::list(s.db.pool(), &scope, &page, filter)
        .await
        .or_page(staff)?
        .items
        .into_iter()
        .filter(|c| c.id != a.id)
        .collect();
    let can_edit = authz.unit_cap(EDIT, a.unit().or_page(staff)?).is_ok();
    let cv = documents::text_of(s.db.pool(), ws, &candidate.id).await.or_page(staff)?;
    let neighbours = neighbours(s, &scope, &job, &stages, &a.id).await.or_page(staff)?;
    let transfers = if can_edit { transfers(s, staff, &job).await.or_page(staff)? } else { Vec::new() };
    let mut scheduled = Vec::new();
    for e in
        stage_emails::of_application(s.db.pool(), ws, &a.id).await.or_page(staff)?.into_iter().filter(|e| e.pending())
    {
        let (subject, text) = said(s, ws, &e).await.or_page(staff)?;
        scheduled.push((e, subject, text));
    }
    let library = crate::messages::write::library(s.db.pool(), ws).await.or_page(staff)?;
    let interviews = crate::interviews::of_application(s.db.pool(), ws, &a.id).await.or_page(staff)?;
    let [interviewer_choices, approvers] = if can_edit {
        portico_authz::store::eligible(s.db.pool(), ws, a.unit().or_page(staff)?, [VIEW, EDIT]).await.or_page(staff)?
    } else {
        [Vec::new(), Vec::new()]
    };
    let now = s.clock.now_micros();
    let ids: Vec<String> = interviewer_choices.iter().map(|(id, _)| id.clone()).collect();
    let busy = crate::interviews::busy::busy_times(&s.db, ws, &ids, now, now + 14 * 24 * 3600 * 1_000_000)
        .await
        .or_page(staff)?;
    // The reader's own free times to begin with (they are checked as an interviewer).
    let mine: Vec<_> = busy.iter().filter(|b| b.user_id == staff.caller.user.to_db()).cloned().collect();
    let tz = staff.caller.tz;
    let free = match ids.contains(&staff.caller.user.to_db()) {
        true => crate::interviews::free::suggest(&mine, now, 45, tz, 3),
        false => Vec::new(),
    };
    let free = free.into_iter().map(|t| crate::interviews::free::local(t, tz)).collect();
    let offers = crate::offers::of_application(s.db.pool(), ws, &a.id).await.or_page(staff)?;
    let scorecards = crate::scorecards::of_application(s.db.pool(), ws, &a.id).await.or_page(staff)?;
    let assessments = crate::assessments::of_application(s.db.pool(), ws, &a.id).await.or_page(staff)?;
    let own = staff.caller.tz.name().to_string();
    let mut zones = vec![own.clone()];
    zones.extend(crate::interviews::pages::ZONES.iter().filter(|z| **z != own).map(|z| z.to_string()));
    let c = staff.shell("recruit-jobs", f);
    let p = ApplicationPage {
        c,
        a,
        job,
        candidate,
        stages,
        timeline,
        documents,
        others,
        cv,
        neighbours,
        transfers,
        can_edit,
        scheduled,
        library,
        interviews,
        interviewer_choices,
        busy,
        free,
        me: staff.caller.user.to_db(),
        zones,
        offers,
        scorecards,
        assessments,
        approvers,
        form,
    };
    Ok(render(p.form.status(), &p))
}

/// A rating of 1 to 5 as stars: ★★★☆☆.
pub(crate) fn stars(n: i64) -> String {
    let n = usize::try_from(n).unwrap_or(0).min(5);
    format!("{}{}", "★".repeat(n), "☆".repeat(5 - n))
}

/// The applications before and after `id` in the order of the job's board (stage by stage,
/// longest waiting first, the hired last), for moving through them with the keyboard.
async fn neighbours(
    s: &AppState,
    scope: &portico_authz::Scope,
    job: &Job,
    stages: &[Stage],
    id: &str,
) -> Result<(Option<String>, Option<String>), AppError> {
    let mut cards = store::board(s.db.pool(), scope, &job.id, "active").await?;
    cards.extend(store::board(s.db.pool(), scope, &job.id, "hired").await?);
    let rank = |c: &Card| stages.iter().position(|st| st.id == c.stage_id).unwrap_or(usize::MAX);
    cards.sort_by_key(|c| rank(c));
    let Some(i) = cards.iter().position(|c| c.id == id) else { return Ok((None, None)) };
    let at = |j: Option<usize>| j.and_then(|j| cards.get(j)).map(|c| c.id.clone());
    Ok((at(i.checked_sub(1)), at(Some(i + 1))))
}

/// The open jobs, other than `job`, in units where the caller may change applications.
async fn transfers(s: &AppState, staff: &Staff, job: &Job) -> Result<Vec<(String, String)>, AppError> {
    let authz = &staff.caller.authz;
    let scope = authz.scope(EDIT)?;
    let page = portico_kernel::PageRequest::new(None, Some(200))?;
    let filter = jobs::JobFilter { status: Some("open"), ..Default::default() };
    let visible = portico_authz::units::list(authz, &scope);
    let path = |id: &str| visible.iter().find(|u| u.id.to_db() == id).map(|u| u.path.clone()).unwrap_or_default();
    Ok(jobs::list(s.db.pool(), &scope, &page, filter)
        .await?
        .items
        .into_iter()
        .filter(|j| j.job.id != job.id)
        .map(|j| (j.job.id.clone(), format!("{} · {}", j.job.title, path(&j.job.unit_id))))
        .collect())
}

pub(crate) async fn application(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let id: uuid::Uuid = parse(&id).or_page(&staff)?;
    application_page(&s, &staff, &id.to_string(), &f, FormState::fresh()).await
}

#[derive(Deserialize)]
pub(crate) struct MoveForm {
    #[serde(default)]
    stage_id: String,
    /// Where to go after: the board it was moved on, or the application's page.
    #[serde(default)]
    back: String,
}

/// Where a form goes back to: a page of Recruit, else the application.
fn back(to: &str, id: &str) -> String {
    let local = portico_http::ui::local_path(Some(to));
    if local.starts_with("/recruit/") { local } else { format!("/recruit/applications/{id}") }
}

pub(crate) async fn move_to(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<MoveForm>,
) -> Response {
    let result = async {
        let id: uuid::Uuid = parse(&id)?;
        store::move_to(&s.db, s.clock.as_ref(), &staff.caller.authz, &id.to_string(), &f.stage_id).await
    }
    .await;
    after(&back(&f.back, &id), result.map(|_| "recruit-moved")).into_response()
}

#[derive(Deserialize)]
pub(crate) struct RejectForm {
    #[serde(default)]
    reason: String,
    /// `yes`: e-mail the candidate.
    #[serde(default)]
    notify: String,
    #[serde(default)]
    back: String,
}

pub(crate) async fn reject(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<RejectForm>,
) -> Response {
    let result = async {
        let id: uuid::Uuid = parse(&id)?;
        let tell = (f.notify == "yes").then_some(&s.mail);
        store::reject(&s.db, s.clock.as_ref(), &staff.caller.authz, &id.to_string(), &f.reason, tell).await
    }
    .await;
    after(&back(&f.back, &id), result.map(|_| "recruit-rejected")).into_response()
}

#[derive(Deserialize, serde::Serialize)]
pub(crate) struct CommentForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    rating: String,
}

pub(crate) async fn comment(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<CommentForm>,
) -> Response {
    let Ok(id) = parse::<uuid::Uuid>(&id).map(|i| i.to_string()) else {
        return after("/recruit", Err(AppError::not_found())).into_response();
    };
    let result = async {
        let rating = match f.rating.trim() {
            "" => None,
            r => Some(r.parse().map_err(|_| AppError::field(portico_kernel::ErrorCode::InvalidValue, "rating"))?),
        };
        store::comment(&s.db, s.clock.as_ref(), &staff.caller.authz, &id, &f.body, rating).await
    }
    .await;
    match result {
        Ok(_) => after(&format!("/recruit/applications/{id}"), Ok("recruit-commented")).into_response(),
        Err(e) => {
            let form = FormState::failed("comment", &f, &e, &staff.tr());
            application_page(&s, &staff, &id, &FlashQuery::default(), form).await.into_response()
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct TransferForm {
    #[serde(default)]
    job_id: String,
}

pub(crate) async fn transfer(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<TransferForm>,
) -> Response {
    let result = async {
        let id: uuid::Uuid = parse(&id)?;
        store::transfer(&s.db, s.clock.as_ref(), &staff.caller.authz, &id.to_string(), f.job_id.trim()).await
    }
    .await;
    after(&format!("/recruit/applications/{id}"), result.map(|_| "recruit-transferred")).into_response()
}
