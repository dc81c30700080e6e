//! A job's applications as a list (the board's other view): sorted, filtered by stage and
//! status, exported as CSV, and acted on in bulk — move the selected to a stage, or turn them
//! down with a reason and, if the team wishes, the message that tells them.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use portico_http::list::{self, Bulk, Cell, Column, Filter, ListQuery, ListView, Row};
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after};
use portico_kernel::{AppError, ErrorCode, Page};
use serde::Deserialize;

use super::store::{self, ApplicationFilter, Card, REASONS};
use crate::jobs::store::{self as jobs, Job, Stage};
use crate::{VIEW, parse};

#[derive(Template)]
#[template(path = "recruit_job_list.html")]
pub(crate) struct JobListPage {
    c: Shell,
    job: Job,
    list: ListView,
}

#[derive(Deserialize, Default)]
pub(crate) struct JobListQuery {
    #[serde(flatten)]
    list: ListQuery,
    stage: Option<String>,
    status: Option<String>,
    #[serde(flatten)]
    flash: FlashQuery,
}

impl JobListQuery {
    fn filter<'a>(&'a self, job: &'a str) -> ApplicationFilter<'a> {
        ApplicationFilter {
            job: Some(job),
            stage: self.stage.as_deref().filter(|s| !s.is_empty()),
            status: self.status.as_deref().filter(|s| !s.is_empty()),
            q: self.list.search(),
            ..Default::default()
        }
    }
}

/// What the selected may be sent to: a stage, a reason to turn them down, a pool, a tag.
struct Choices<'a> {
    stages: &'a [Stage],
    pools: &'a [crate::pools::Pool],
    tags: &'a [String],
}

fn view(
    staff: &Staff,
    job: &Job,
    choices: &Choices<'_>,
    q: &JobListQuery,
    page: Page<Card>,
    chosen: Option<&str>,
) -> ListView {
    let tr = staff.tr();
    let columns = vec![
        Column::new("name", tr.t("field-name")).sorted("name").fixed(),
        Column::new("stage", tr.t("field-stage")).nowrap(),
        Column::new("status", tr.t("field-status")).nowrap(),
        Column::new("source", tr.t("field-source")),
        Column::new("rating", tr.t("recruit-rating")).nowrap(),
        Column::new("applied", tr.t("recruit-applied")).nowrap(),
        Column::new("moved", tr.t("recruit-col-moved")).sorted("moved").nowrap(),
    ];
    let rows = page
        .items
        .iter()
        .map(|a| Row {
            id: a.id.clone(),
            cells: vec![
                Cell::link(a.name.clone(), format!("/recruit/applications/{}", a.id)).with_sub(a.headline.clone()),
                Cell::text(a.stage_name.clone()),
                Cell::badge(tr.tk("status-", &a.status), if a.status == "hired" { "ok" } else { "" }),
                Cell::text(tr.tk("value-source-", &a.source)),
                Cell::text(a.rating.map(|r| format!("★ {}.{}", r / 10, r % 10)).unwrap_or_default()),
                Cell::text(tr.date(a.created_at)),
                Cell::text(tr.date(a.stage_changed_at)),
            ],
        })
        .collect();
    let mut stage_options = vec![(String::new(), tr.t("filter-all"))];
    stage_options.extend(choices.stages.iter().map(|s| (s.id.clone(), s.name.clone())));
    let mut statuses = vec![(String::new(), tr.t("filter-all"))];
    statuses.extend(store::STATUSES.iter().map(|s| (s.to_string(), tr.tk("status-", s))));
    let mut targets: Vec<(String, String)> = choices
        .stages
        .iter()
        .map(|s| (format!("move:{}", s.id), format!("{} {}", tr.t("recruit-move-to"), s.name)))
        .collect();
    targets.extend(REASONS.iter().map(|r| {
        (format!("reject:{r}"), format!("{} · {}", tr.t("recruit-reject"), tr.tk("value-reject-reason-", r)))
    }));
    targets.extend(
        choices.pools.iter().map(|p| (format!("pool:{}", p.id), format!("{} · {}", tr.t("recruit-pool-to"), p.name))),
    );
    targets.extend(choices.tags.iter().map(|t| (format!("tag:{t}"), format!("{} · {t}", tr.t("recruit-tag-with")))));
    let base = format!("/recruit/jobs/{}/applications", job.id);
    ListView::new("recruit-applications", &base, columns, &page, &q.list, chosen, &tr)
        .rows(rows)
        .filter(Filter {
            name: "stage",
            label: tr.t("field-stage"),
            options: stage_options,
            value: q.stage.clone().unwrap_or_default(),
        })
        .filter(Filter {
            name: "status",
            label: tr.t("field-status"),
            options: statuses,
            value: q.status.clone().unwrap_or_default(),
        })
        .bulk(Bulk {
            action: format!("{base}/bulk"),
            choices: vec![("apply", tr.t("recruit-bulk-apply"), None)],
            target: Some((tr.t("recruit-bulk-target"), targets)),
            notify: Some(tr.t("recruit-bulk-notify")),
        })
        .empty(tr.t("recruit-applications-empty"))
}

async fn job_of(s: &AppState, staff: &Staff, id: &str) -> Result<Job, PageError> {
    let scope = staff.caller.authz.scope(VIEW).or_page(staff)?;
    let id: uuid::Uuid = parse(id).or_page(staff)?;
    jobs::get(s.db.pool(), &scope, &id.to_string()).await.or_page(staff)
}

pub(crate) async fn list(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<JobListQuery>,
) -> Result<Response, PageError> {
    let job = job_of(&s, &staff, &id).await?;
    let scope = staff.caller.authz.scope(VIEW).or_page(&staff)?;
    let stages = jobs::stages(s.db.pool(), scope.workspace(), &job.id).await.or_page(&staff)?;
    let pools = crate::pools::list(s.db.pool(), &scope).await.or_page(&staff)?;
    let tags = crate::candidates::store::tags_in_use(s.db.pool(), &scope).await.or_page(&staff)?;
    let choices = Choices { stages: &stages, pools: &pools, tags: &tags };
    let chosen = list::chosen(&headers, "recruit-applications");
    if q.list.wants_csv() {
        let (pool, scope, f) = (s.db.pool(), &scope, q.filter(&job.id));
        let all = list::all_rows(&q.list, |req| async move { store::list(pool, scope, &req, f).await })
            .await
            .or_page(&staff)?;
        return Ok(list::csv_response("applications", view(&staff, &job, &choices, &q, all, chosen.as_deref()).csv()));
    }
    let page = store::list(s.db.pool(), &scope, &q.list.request(100).or_page(&staff)?, q.filter(&job.id))
        .await
        .or_page(&staff)?;
    let list = view(&staff, &job, &choices, &q, page, chosen.as_deref());
    Ok(portico_http::ui::page(&JobListPage { c: staff.shell("recruit-jobs", &q.flash), job, list }))
}

/// Move, turn down, tag or add to a pool the selected applications' candidates, each as its own
/// checked and audited write.
pub(crate) async fn bulk(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let back = format!("/recruit/jobs/{id}/applications");
    let get = |k: &str| portico_http::form::sent(&f, k);
    let result = async {
        let authz = &staff.caller.authz;
        let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
        let job = jobs::get(s.db.pool(), &scope, &parse::<uuid::Uuid>(&id)?.to_string()).await?;
        authz.unit_cap(crate::EDIT, job.unit()?)?;
        let target = get("target");
        let tell = (get("notify") == "yes").then_some(&s.mail);
        for (_, app) in f.iter().filter(|(k, _)| k == "id") {
            let app = parse::<uuid::Uuid>(app)?.to_string();
            let found = store::get(s.db.pool(), &scope, &app).await?;
            if found.job_id != job.id {
                return Err(AppError::not_found());
            }
            let candidate = &found.candidate_id;
            match target.split_once(':') {
                Some(("move", stage)) => store::move_to(&s.db, s.clock.as_ref(), authz, &app, stage).await?,
                Some(("reject", reason)) => store::reject(&s.db, s.clock.as_ref(), authz, &app, reason, tell).await?,
                Some(("tag", tag)) => {
                    crate::candidates::store::tag(&s.db, s.clock.as_ref(), authz, candidate, tag).await?
                }
                Some(("pool", pool)) => crate::pools::add(&s.db, s.clock.as_ref(), authz, pool, candidate).await?,
                _ => return Err(AppError::field(ErrorCode::InvalidValue, "target")),
            }
        }
        Ok(())
    }
    .await;
    after(&back, result.map(|_| "recruit-bulk-done")).into_response()
}
