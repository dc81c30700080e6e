//! The jobs pages: the overview (every job with where its candidates stand), a job's board
//! (its pipeline as columns of candidates), and the form that writes or edits the ad.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use portico_authz::units::{self, Unit};
use portico_http::form::FormState;
use portico_http::list::{self, Cell, Column, Filter, ListQuery, ListView, Row};
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, render};
use portico_kernel::{AppError, Page};
use serde::Deserialize;

use super::store::{self, CONTRACTS, Job, JobFilter, JobInput, JobSummary, PERIODS, STATUSES, Stage, WORKPLACES};
use crate::applications::store::{self as applications, Card};
use crate::kinds::JOB;
use crate::{CREATE, EDIT, VIEW, parse};

#[derive(Template)]
#[template(path = "recruit_jobs.html")]
pub(crate) struct JobsPage {
    c: Shell,
    list: ListView,
    can_create: bool,
    /// Stage e-mails waiting for someone to send or skip them.
    to_review: i64,
}

impl JobsPage {
    fn waiting(&self) -> usize {
        usize::try_from(self.to_review).unwrap_or(0)
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct JobsQuery {
    #[serde(flatten)]
    list: ListQuery,
    status: Option<String>,
    unit: Option<String>,
    #[serde(flatten)]
    flash: FlashQuery,
}

impl JobsQuery {
    fn filter(&self) -> JobFilter<'_> {
        JobFilter {
            q: self.list.search(),
            status: self.status.as_deref().filter(|s| !s.is_empty()),
            unit: self.unit.as_deref().and_then(|u| u.parse().ok()),
        }
    }
}

fn tone(status: &str) -> &'static str {
    match status {
        "open" => "ok",
        "paused" => "warn",
        _ => "",
    }
}

fn view(staff: &Staff, q: &JobsQuery, page: Page<JobSummary>, chosen: Option<&str>) -> Result<ListView, AppError> {
    let (authz, tr) = (&staff.caller.authz, staff.tr());
    let visible = units::list(authz, &authz.scope(VIEW)?);
    let path = |id: &str| visible.iter().find(|u| u.id.to_db() == id).map(|u| u.path.clone()).unwrap_or_default();
    let columns = vec![
        Column::new("title", tr.t("field-title")).sorted("title").fixed(),
        Column::new("status", tr.t("field-status")).sorted("status").nowrap(),
        Column::new("unit", tr.t("field-unit")),
        Column::new("location", tr.t("field-location")).sorted("location"),
        Column::new("fresh", tr.t("recruit-col-new")).nowrap(),
        Column::new("active", tr.t("recruit-col-active")).nowrap(),
        Column::new("hired", tr.t("recruit-col-hired")).nowrap(),
        Column::new("updated", tr.t("col-updated")).sorted("updated").nowrap(),
    ];
    let rows = page
        .items
        .iter()
        .map(|s| {
            let j = &s.job;
            let sub = [j.department.clone(), tr.t(&format!("value-contract-{}", j.contract))]
                .into_iter()
                .filter(|x| !x.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            Row {
                id: j.id.clone(),
                cells: vec![
                    Cell::link(j.title.clone(), format!("/recruit/jobs/{}", j.id)).with_sub(sub),
                    Cell::badge(tr.t(&format!("status-{}", j.status)), tone(&j.status)),
                    Cell::text(path(&j.unit_id)),
                    Cell::text(location(&tr, j)),
                    if s.fresh > 0 { Cell::badge(s.fresh.to_string(), "info") } else { Cell::muted("0") },
                    Cell::text(s.active.to_string()),
                    Cell::text(s.hired.to_string()),
                    Cell::text(tr.date(j.updated_at)),
                ],
            }
        })
        .collect();
    let mut statuses = vec![(String::new(), tr.t("filter-all"))];
    statuses.extend(STATUSES.iter().map(|s| (s.to_string(), tr.t(&format!("status-{s}")))));
    let status = Filter {
        name: "status",
        label: tr.t("field-status"),
        options: statuses,
        value: q.status.clone().unwrap_or_default(),
    };
    let mut options = vec![(String::new(), tr.t("filter-all"))];
    options.extend(visible.iter().map(|u| (u.id.to_db(), u.path.clone())));
    let unit = Filter { name: "unit", label: tr.t("field-unit"), options, value: q.unit.clone().unwrap_or_default() };
    Ok(ListView::new("recruit-jobs", "/recruit", columns, &page, &q.list, chosen, &tr)
        .rows(rows)
        .filter(status)
        .filter(unit)
        .empty(tr.t("recruit-jobs-empty")))
}

/// Where the job is, as people read it: "Lyon · Hybrid", "Remote".
pub(crate) fn location(tr: &portico_http::i18n::Tr, j: &Job) -> String {
    let workplace = (j.workplace != "onsite").then(|| tr.t(&format!("value-workplace-{}", j.workplace)));
    [Some(j.location.clone()).filter(|l| !l.is_empty()), workplace]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}

pub(crate) async fn overview(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Query(q): Query<JobsQuery>,
) -> Result<Response, PageError> {
    let chosen = list::chosen(&headers, "recruit-jobs");
    let scope = staff.caller.authz.scope(VIEW).or_page(&staff)?;
    if q.list.wants_csv() {
        let (pool, scope, f) = (s.db.pool(), &scope, q.filter());
        let all = list::all_rows(&q.list, |req| async move { store::list(pool, scope, &req, f).await })
            .await
            .or_page(&staff)?;
        return Ok(list::csv_response("jobs", view(&staff, &q, all, chosen.as_deref()).or_page(&staff)?.csv()));
    }
    let rows =
        store::list(s.db.pool(), &scope, &q.list.request(50).or_page(&staff)?, q.filter()).await.or_page(&staff)?;
    let list = view(&staff, &q, rows, chosen.as_deref()).or_page(&staff)?;
    let can_create = staff.caller.authz.scope(CREATE).is_ok();
    let to_review = crate::messages::stages::count_to_review(s.db.pool(), &scope).await.or_page(&staff)?;
    Ok(portico_http::ui::page(&JobsPage { c: staff.shell("recruit-jobs", &q.flash), list, can_create, to_review }))
}

#[derive(Template)]
#[template(path = "recruit_job_form.html")]
pub(crate) struct JobForm {
    c: Shell,
    /// The job being edited; a new one otherwise.
    job: Option<Job>,
    units: Vec<Unit>,
    fields: Vec<portico_http::custom::FormField>,
    /// Whether the caller may change it (the shared fields partial reads it).
    can_edit: bool,
    form: FormState,
    /// The job's pipeline, when editing.
    stages: Vec<Stage>,
    /// Its screening questions as shown (as typed after a refusal), and room for two more.
    questions: Vec<super::questions::Question>,
    /// The pipeline templates a new job may start from.
    pipelines: Vec<crate::pipelines::PipelineTemplate>,
    /// The candidate e-mail templates a stage may send (key, name).
    library: Vec<(String, String)>,
}

impl JobForm {
    fn categories(&self) -> &'static [&'static str] {
        &store::CATEGORIES
    }
    /// Rows of the questions editor: each question, then empty rows up to two more.
    fn question_rows(&self) -> Vec<(usize, super::questions::Question)> {
        let blank = super::questions::Question {
            id: String::new(),
            label: String::new(),
            kind: "text".into(),
            required: false,
            knockout: None,
        };
        let n = (self.questions.len() + 2).min(super::questions::MAX);
        (0..n).map(|i| (i, self.questions.get(i).cloned().unwrap_or_else(|| blank.clone()))).collect()
    }
    fn action(&self) -> String {
        match &self.job {
            Some(j) => format!("/recruit/jobs/{}/edit", j.id),
            None => "/recruit/jobs/new".into(),
        }
    }
    fn contracts(&self) -> &'static [&'static str] {
        &CONTRACTS
    }
    fn workplaces(&self) -> &'static [&'static str] {
        &WORKPLACES
    }
    fn periods(&self) -> &'static [&'static str] {
        &PERIODS
    }
    fn delays(&self) -> &'static [i64] {
        &crate::messages::stages::DELAYS
    }
    fn delay(&self, minutes: &i64) -> String {
        crate::messages::stages::delay_said(*minutes, &self.c.tr)
    }
    /// A stage's interview kit, said in a line.
    fn kit_line(&self, st: &Stage) -> String {
        st.kit().said(&self.c.tr)
    }
    /// What a stage sends, said in a line.
    fn stage_mail(&self, st: &Stage) -> String {
        st.mail().said(&self.library, &self.c.tr)
    }
}

async fn form_page(
    s: &AppState,
    staff: &Staff,
    job: Option<Job>,
    form: FormState,
    flash: &FlashQuery,
    typed: Option<&[(String, String)]>,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let units = authz.scope(CREATE).map(|sc| units::list(authz, &sc)).unwrap_or_default();
    let id = job.as_ref().map(|j| j.id.clone()).unwrap_or_default();
    let mut fields = portico_http::custom::form_fields(s, authz.as_ref(), JOB, &id).await.or_page(staff)?;
    portico_http::custom::refill(&mut fields, &form, "job", &staff.tr());
    let stages = match &job {
        Some(j) => store::stages(s.db.pool(), authz.workspace(), &j.id).await.or_page(staff)?,
        None => Vec::new(),
    };
    let questions = match (typed, &job) {
        (Some(posted), _) => super::questions::from_form(posted),
        (None, Some(j)) => j.questions(),
        (None, None) => Vec::new(),
    };
    let pipelines = match &job {
        None => crate::pipelines::list(s.db.pool(), authz).await.or_page(staff)?,
        Some(_) => Vec::new(),
    };
    let library = crate::messages::write::library(s.db.pool(), authz.workspace()).await.or_page(staff)?;
    let c = staff.shell("recruit-jobs", flash);
    let p = JobForm { c, job, units, fields, can_edit: true, form, stages, questions, pipelines, library };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn new_job(State(s): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    let fresh = JobInput { locale: staff.tr().code().to_string(), ..Default::default() };
    form_page(&s, &staff, None, FormState::editing(&fresh), &FlashQuery::default(), None).await
}

fn typed(form: &[(String, String)]) -> JobInput {
    let get = |k: &str| portico_http::form::sent(form, k).to_string();
    JobInput {
        title: get("title"),
        department: get("department"),
        location: get("location"),
        workplace: get("workplace"),
        contract: get("contract"),
        salary_min: get("salary_min"),
        salary_max: get("salary_max"),
        salary_currency: get("salary_currency"),
        salary_period: get("salary_period"),
        description: get("description"),
        locale: get("locale"),
        questions: super::questions::from_form(form),
    }
}

pub(crate) async fn create(
    State(s): State<AppState>,
    staff: Staff,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let input = typed(&form);
    let unit = form.iter().find(|(k, _)| k == "unit_id").map(|(_, v)| v.clone()).unwrap_or_default();
    let result = async {
        let unit = units::parse_unit("unit_id", &unit)?;
        let cap = staff.caller.authz.unit_cap(CREATE, unit).map_err(|e| e.or_field("unit_id"))?;
        let defs = portico_fields::list(s.db.pool(), &cap, Some(JOB)).await?;
        let custom = portico_http::custom::from_form(&defs, &form);
        let template = form.iter().find(|(k, _)| k == "pipeline_template_id").map(|(_, v)| v.as_str());
        let pipeline = crate::pipelines::for_new_job(
            s.db.pool(),
            cap.workspace(),
            template,
            "pipeline_template_id",
            &input.locale,
        )
        .await?;
        let id = store::create(&s.db, s.clock.as_ref(), &staff.caller.authz, unit, &input, &pipeline, &custom).await?;
        if form.iter().any(|(k, v)| k == "publish" && v == "open") {
            store::set_status(&s.db, s.clock.as_ref(), &staff.caller.authz, &id, "open").await?;
        }
        Ok::<_, AppError>(id)
    }
    .await;
    match result {
        Ok(id) => Redirect::to(&format!("/recruit/jobs/{id}?notice=recruit-job-created")).into_response(),
        Err(e) => {
            let state = FormState::failed("job", &form, &e, &staff.tr());
            form_page(&s, &staff, None, state, &FlashQuery::default(), Some(&form)).await.into_response()
        }
    }
}

/// The job form again, its description drafted from what it says (by the assistant).
pub(crate) async fn draft(
    State(s): State<AppState>,
    staff: Staff,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let input = typed(&form);
    let job = match portico_http::form::sent(&form, "job_id") {
        "" => None,
        id => match job_of(&s, &staff, id).await {
            Ok(j) => Some(j),
            Err(e) => return e.into_response(),
        },
    };
    match crate::drafts::job_ad_draft(&s, &staff.caller, &input).await {
        Ok(d) => {
            let notice = if d.warning.is_some() { "recruit-drafted-fallback" } else { "recruit-drafted" };
            let drafted = JobInput { description: d.text, ..input };
            let mut state = FormState::editing(&drafted);
            if let Some(unit) = form.iter().find(|(k, _)| k == "unit_id") {
                state = state.or_stored(&std::collections::BTreeMap::from([("unit_id", unit.1.clone())]));
            }
            let flash = FlashQuery { notice: Some(notice.to_string()), ..FlashQuery::default() };
            form_page(&s, &staff, job, state, &flash, Some(&form)).await.into_response()
        }
        Err(e) => {
            let state = FormState::failed("job", &form, &e, &staff.tr());
            form_page(&s, &staff, job, state, &FlashQuery::default(), Some(&form)).await.into_response()
        }
    }
}

async fn job_of(s: &AppState, staff: &Staff, id: &str) -> Result<Job, PageError> {
    let scope = staff.caller.authz.scope(VIEW).or_page(staff)?;
    let id: uuid::Uuid = parse(id).or_page(staff)?;
    store::get(s.db.pool(), &scope, &id.to_string()).await.or_page(staff)
}

pub(crate) async fn edit(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let job = job_of(&s, &staff, &id).await?;
    staff.caller.authz.unit_cap(EDIT, job.unit().or_page(&staff)?).or_page(&staff)?;
    let form = FormState::editing(&job);
    form_page(&s, &staff, Some(job), form, &f, None).await
}

pub(crate) async fn save(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let job = match job_of(&s, &staff, &id).await {
        Ok(j) => j,
        Err(e) => return e.into_response(),
    };
    let result = async {
        let defs = portico_fields::list(s.db.pool(), staff.caller.authz.as_ref(), Some(JOB)).await?;
        let custom = portico_http::custom::from_form(&defs, &form);
        store::update(&s.db, s.clock.as_ref(), &staff.caller.authz, &job.id, &typed(&form), &custom).await
    }
    .await;
    match result {
        Ok(()) => after(&format!("/recruit/jobs/{}", job.id), Ok("saved")).into_response(),
        Err(e) => {
            let state = FormState::failed("job", &form, &e, &staff.tr());
            form_page(&s, &staff, Some(job), state, &FlashQuery::default(), Some(&form)).await.into_response()
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct StatusForm {
    #[serde(default)]
    status: String,
}

pub(crate) async fn set_status(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<StatusForm>,
) -> Response {
    let result = async {
        let id: uuid::Uuid = parse(&id)?;
        store::set_status(&s.db, s.clock.as_ref(), &staff.caller.authz, &id.to_string(), &f.status).await
    }
    .await;
    after(&format!("/recruit/jobs/{id}"), result.map(|_| "saved")).into_response()
}

/// A column of the board: a stage and the candidates standing in it.
pub(crate) struct StageColumn {
    pub stage: Stage,
    pub cards: Vec<Card>,
}

#[derive(Template)]
#[template(path = "recruit_board.html")]
pub(crate) struct BoardPage {
    c: Shell,
    job: Job,
    unit_path: String,
    columns: Vec<StageColumn>,
    rejected: Vec<Card>,
    stages: Vec<Stage>,
    can_edit: bool,
    /// The job's page on the career site, when it is open.
    public_url: Option<String>,
    now: i64,
    /// The hiring managers' links, and the address of one just made (shown once).
    links: Vec<portico_auth::magic::MagicLink>,
    new_link: Option<String>,
    /// Its hiring team, and whether the reader is on it.
    team: Vec<crate::messages::team::Follower>,
    following: bool,
}

impl BoardPage {
    /// What the job's status can become from here: (status, label, is the main action).
    fn actions(&self) -> Vec<(&'static str, &'static str, bool)> {
        match self.job.status.as_str() {
            "draft" => vec![("open", "recruit-action-publish", true)],
            "open" => vec![("paused", "recruit-action-pause", false), ("closed", "recruit-action-close", false)],
            "paused" => vec![("open", "recruit-action-resume", true), ("closed", "recruit-action-close", false)],
            _ => vec![("open", "recruit-action-reopen", false)],
        }
    }
    /// How long a card has stood in its stage, in days.
    fn days(&self, card: &Card) -> usize {
        usize::try_from((self.now - card.stage_changed_at) / (24 * 3600 * 1_000_000)).unwrap_or(0)
    }
    fn comments(&self, card: &Card) -> usize {
        usize::try_from(card.comments).unwrap_or(0)
    }
    fn rating(&self, card: &Card) -> String {
        card.rating.map(|r| format!("{}.{}", r / 10, r % 10)).unwrap_or_default()
    }
    fn location(&self) -> String {
        location(&self.c.tr, &self.job)
    }
    fn team_line(&self) -> String {
        let names: Vec<&str> = self.team.iter().map(|f| f.name.as_str()).collect();
        self.c.tr.with("recruit-team-line", &[("names", &names.join(", "))])
    }
}

pub(crate) async fn board(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    board_page(&s, &staff, &id, &f, None).await
}

async fn board_page(
    s: &AppState,
    staff: &Staff,
    id: &str,
    f: &FlashQuery,
    new_link: Option<String>,
) -> Result<Response, PageError> {
    let job = job_of(s, staff, id).await?;
    let authz = &staff.caller.authz;
    let scope = authz.scope(VIEW).or_page(staff)?;
    let unit = job.unit().or_page(staff)?;
    let unit_path = units::list(authz, &scope).into_iter().find(|u| u.id == unit).map(|u| u.path).unwrap_or_default();
    let stages = store::stages(s.db.pool(), scope.workspace(), &job.id).await.or_page(staff)?;
    let mut cards = applications::board(s.db.pool(), &scope, &job.id, "active").await.or_page(staff)?;
    cards.extend(applications::board(s.db.pool(), &scope, &job.id, "hired").await.or_page(staff)?);
    let columns = stages
        .iter()
        .map(|st| StageColumn {
            stage: st.clone(),
            cards: cards.iter().filter(|c| c.stage_id == st.id).cloned().collect(),
        })
        .collect();
    let rejected = applications::board(s.db.pool(), &scope, &job.id, "rejected").await.or_page(staff)?;
    let public_url = if job.is_open() {
        Some(crate::careers::job_url(s, scope.workspace(), &job.id).await.or_page(staff)?)
    } else {
        None
    };
    let can_edit = authz.unit_cap(EDIT, unit).is_ok();
    let links = if can_edit { crate::hiring::links(s, authz, &job).await.or_page(staff)? } else { Vec::new() };
    let team = crate::messages::team::followers(s.db.pool(), scope.workspace(), &job.id).await.or_page(staff)?;
    let following = crate::messages::team::follows(s.db.pool(), authz, &job.id).await.or_page(staff)?;
    let p = BoardPage {
        c: staff.shell("recruit-jobs", f),
        can_edit,
        job,
        unit_path,
        columns,
        rejected,
        stages,
        public_url,
        now: s.clock.now_micros(),
        links,
        new_link,
        team,
        following,
    };
    Ok(portico_http::ui::page(&p))
}

/// Make a link for a hiring manager; the board shows its address once.
pub(crate) async fn share(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(input): Form<crate::hiring::LinkInput>,
) -> Response {
    let result = async {
        let id: uuid::Uuid = parse(&id)?;
        crate::hiring::share(&s, &staff.caller.authz, &id.to_string(), &input).await
    }
    .await;
    match result {
        Ok((_, url)) => {
            let notice = FlashQuery { notice: Some("recruit-link-created".into()), ..Default::default() };
            board_page(&s, &staff, &id, &notice, Some(url)).await.into_response()
        }
        Err(e) => after(&format!("/recruit/jobs/{id}"), Err(e)).into_response(),
    }
}

pub(crate) async fn revoke_link(
    State(s): State<AppState>,
    staff: Staff,
    Path((id, link)): Path<(String, String)>,
) -> Response {
    let result = async {
        let job: uuid::Uuid = parse(&id)?;
        crate::hiring::revoke(&s, &staff.caller.authz, &job.to_string(), &link).await
    }
    .await;
    after(&format!("/recruit/jobs/{id}"), result.map(|_| "recruit-link-revoked")).into_response()
}

#[derive(Deserialize)]
pub(crate) struct StageForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    category: String,
}

/// Where a stage's forms go back to: its job's pipeline.
pub(crate) async fn pipeline_of(s: &AppState, staff: &Staff, stage: &str) -> String {
    let job = async {
        let scope = staff.caller.authz.scope(VIEW)?;
        Ok::<_, AppError>(store::stage(s.db.pool(), &scope, stage).await?.0.job_id)
    }
    .await;
    match job {
        Ok(j) => format!("/recruit/jobs/{j}/edit"),
        Err(_) => "/recruit".into(),
    }
}

pub(crate) async fn add_stage(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<StageForm>,
) -> Response {
    let result = async {
        let job: uuid::Uuid = parse(&id)?;
        store::add_stage_to(&s.db, s.clock.as_ref(), &staff.caller.authz, &job.to_string(), &f.name, &f.category).await
    }
    .await;
    after(&format!("/recruit/jobs/{id}/edit"), result.map(|_| "saved")).into_response()
}

/// One of a stage's forms: rename, move up or down, remove.
pub(crate) async fn stage_action(
    State(s): State<AppState>,
    staff: Staff,
    Path((id, action)): Path<(String, String)>,
    Form(f): Form<StageForm>,
) -> Response {
    let back = pipeline_of(&s, &staff, &id).await;
    let (db, clock, authz) = (&s.db, s.clock.as_ref(), &staff.caller.authz);
    let result = match action.as_str() {
        "rename" => store::rename_stage(db, clock, authz, &id, &f.name).await,
        "up" | "down" => store::shift_stage(db, clock, authz, &id, action == "up").await,
        "remove" => store::remove_stage(db, clock, authz, &id).await,
        _ => Err(AppError::not_found()),
    };
    after(&back, result.map(|_| "saved")).into_response()
}

#[derive(Deserialize)]
pub(crate) struct BlindForm {
    #[serde(default)]
    until_stage_id: String,
}

pub(crate) async fn set_blind(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<BlindForm>,
) -> Response {
    let result = async {
        let id: uuid::Uuid = parse(&id)?;
        store::set_blind(&s.db, s.clock.as_ref(), &staff.caller.authz, &id.to_string(), &f.until_stage_id).await
    }
    .await;
    after(&format!("/recruit/jobs/{id}/edit#pipeline"), result.map(|_| "saved")).into_response()
}
