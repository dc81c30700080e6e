//! The reports pages: saved reports and ready-made starts, and one report at a time: its
//! choices as a plain form (a link keeps them), the chart, the table of the same numbers,
//! their CSV, and saving it for a unit with a schedule.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use portico_http::form::FormState;
use portico_http::list::csv_response;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, page, render};
use portico_kernel::{AppError, PageRequest};
use portico_reports::model::{Chart, Filter, GRAINS, ReportDef};
use portico_reports::query::Answer;
use portico_reports::store::{self, Report, ReportInput};
use serde::Deserialize;

use super::names::{self, group_label};
use super::{EDIT, VIEW};

/// A ready-made report: its name, what it shows, and its choices.
struct Start {
    label: &'static str,
    hint: &'static str,
    query: &'static str,
}

const STARTS: &[Start] = &[
    Start {
        label: "report-start-activity",
        hint: "report-start-activity-hint",
        query: "dataset=core.activity&metric=events&g1=day&g2=actor&days=30&chart=line",
    },
    Start {
        label: "report-start-files",
        hint: "report-start-files-hint",
        query: "dataset=core.files&metric=files&metric=bytes&g1=unit&days=365&chart=bar",
    },
    Start {
        label: "report-start-kinds",
        hint: "report-start-kinds-hint",
        query: "dataset=core.activity&metric=events&g1=week&g2=kind&days=90&chart=stacked",
    },
];

#[derive(Template)]
#[template(path = "reports.html")]
pub(crate) struct ListPage {
    c: Shell,
    reports: Vec<(Report, String, String)>,
    starts: Vec<(String, String, &'static str)>,
}

pub(crate) async fn list(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let scope = authz.scope(VIEW).or_page(&staff)?;
    let tr = staff.tr();
    let reports = store::list(s.db.pool(), &scope)
        .await
        .or_page(&staff)?
        .into_iter()
        .map(|r| {
            let ds =
                r.def().ok().and_then(|d| s.suite.reports.get(&d.dataset).map(|ds| tr.t(ds.label))).unwrap_or_default();
            let unit = r.unit_id.parse().ok().map(|u| authz.tree().path_name(u)).unwrap_or_default();
            (r, ds, unit)
        })
        .collect();
    let starts = STARTS
        .iter()
        .filter(|st| {
            let ds = st.query.split('&').find_map(|p| p.strip_prefix("dataset=")).unwrap_or_default();
            names::dataset(&s, authz, ds).is_ok()
        })
        .map(|st| (tr.t(st.label), tr.t(st.hint), st.query))
        .collect();
    Ok(page(&ListPage { c: staff.shell("reports", &f), reports, starts }))
}

/// A report's choices as the form (and its link) carry them.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Choices {
    dataset: Option<String>,
    #[serde(default)]
    metric: Vec<String>,
    g1: Option<String>,
    g2: Option<String>,
    days: Option<i64>,
    chart: Option<String>,
    /// Only these units (and those under them).
    unit: Option<String>,
    /// The numbers as CSV rather than the page.
    csv: bool,
}

impl Choices {
    fn parse(raw: Option<&str>) -> Choices {
        let pairs: Vec<(String, String)> =
            raw.map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect()).unwrap_or_default();
        let one = |k: &str| pairs.iter().find(|(n, v)| n == k && !v.is_empty()).map(|(_, v)| v.clone());
        Choices {
            dataset: one("dataset"),
            metric: pairs.iter().filter(|(k, v)| k == "metric" && !v.is_empty()).map(|(_, v)| v.clone()).collect(),
            g1: one("g1"),
            g2: one("g2"),
            days: one("days").and_then(|d| d.parse().ok()),
            chart: one("chart"),
            unit: one("unit"),
            csv: one("format").as_deref() == Some("csv"),
        }
    }
    fn given(&self) -> bool {
        self.dataset.is_some()
    }
    fn def(&self, s: &AppState) -> ReportDef {
        let dataset = self.dataset.clone().unwrap_or_else(|| "core.files".into());
        let ds = s.suite.reports.get(&dataset);
        let metrics = if self.metric.is_empty() {
            ds.and_then(|d| d.metrics.first()).map(|m| vec![m.name.to_string()]).unwrap_or_default()
        } else {
            self.metric.clone()
        };
        let group_by = [&self.g1, &self.g2].into_iter().flatten().filter(|g| !g.is_empty()).cloned().collect();
        let filters =
            match (&self.unit, ds.and_then(|d| d.dimensions.iter().find(|x| x.kind == portico_reports::DimKind::Unit)))
            {
                (Some(u), Some(d)) => vec![Filter { dimension: d.name.into(), values: vec![u.clone()] }],
                _ => Vec::new(),
            };
        let chart = Chart::ALL.into_iter().find(|c| Some(c.as_str()) == self.chart.as_deref()).unwrap_or_default();
        ReportDef { dataset, metrics, group_by, filters, days: self.days.unwrap_or(30), chart }
    }
    /// The choices of a saved report.
    fn of(def: &ReportDef) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("dataset", &def.dataset);
        for m in &def.metrics {
            q.append_pair("metric", m);
        }
        for (i, g) in def.group_by.iter().enumerate() {
            q.append_pair(&format!("g{}", i + 1), g);
        }
        q.append_pair("days", &def.days.to_string());
        q.append_pair("chart", def.chart.as_str());
        for f in &def.filters {
            if let Some(v) = f.values.first() {
                q.append_pair("unit", v);
            }
        }
        q.finish()
    }
}

/// A choice of a select: value, label, chosen.
type Choice = (String, String, bool);

#[derive(Template)]
#[template(path = "report.html")]
pub(crate) struct ReportPage {
    c: Shell,
    /// `new`, or the saved report's id.
    id: String,
    saved: Option<Report>,
    can_edit: bool,
    def: ReportDef,
    datasets: Vec<Choice>,
    metrics: Vec<Choice>,
    groupings: Vec<(String, String)>,
    periods: Vec<Choice>,
    charts: Vec<Choice>,
    units: Vec<Choice>,
    /// Units the report may be shared with (where the reader may edit).
    share_units: Vec<Choice>,
    people: Vec<Choice>,
    schedules: Vec<Choice>,
    answer: Option<Answer>,
    chart_svg: Option<String>,
    /// The choices as a query string, for the CSV link and sharing.
    query: String,
    title: String,
    form: FormState,
}

impl ReportPage {
    fn g(&self, i: usize) -> &str {
        self.def.group_by.get(i).map(String::as_str).unwrap_or("")
    }
    fn number(&self, i: &usize, v: &i64) -> String {
        let f = self
            .answer
            .as_ref()
            .and_then(|a| a.metrics.get(*i))
            .map(|m| m.format)
            .unwrap_or(portico_reports::MetricFormat::Count);
        names::number(&self.c.tr, *v, f)
    }
    fn period(&self) -> String {
        self.answer.as_ref().map(|a| names::period(&self.c.tr, a)).unwrap_or_default()
    }
    fn lines(&self) -> Vec<&portico_reports::Line> {
        self.answer.as_ref().map(names::shown).unwrap_or_default()
    }
    fn save_name(&self) -> String {
        self.saved.as_ref().map(|r| r.name.clone()).unwrap_or_default()
    }
    /// The choices again, as hidden fields of the save form.
    fn hidden(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.query.as_bytes()).into_owned().collect()
    }
}

async fn report_page(
    s: &AppState,
    staff: &Staff,
    id: &str,
    choices: Choices,
    f: &FlashQuery,
    form: FormState,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let tr = staff.tr();
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found()).or_page(staff)?;
    let saved = match id {
        "new" => None,
        id => Some(store::get(s.db.pool(), &scope, id).await.or_page(staff)?),
    };
    let def = match (&saved, choices.given()) {
        (Some(r), false) => r.def().or_page(staff)?,
        _ => choices.def(s),
    };
    let readable: Vec<&portico_reports::Dataset> =
        s.suite.reports.all().iter().filter(|d| names::dataset(s, authz, d.name).is_ok()).collect();
    let ds = readable.iter().find(|d| d.name == def.dataset).or(readable.first()).copied();
    let Some(ds) = ds else { return Err(AppError::forbidden()).or_page(staff) };
    let def = if ds.name == def.dataset {
        def
    } else {
        Choices { dataset: Some(ds.name.into()), ..Default::default() }.def(s)
    };
    let (answer, chart_svg) = match names::answer(s, authz, &def, &tr).await {
        Ok(a) => {
            let title = saved.as_ref().map(|r| r.name.clone()).unwrap_or_else(|| tr.t(ds.label));
            let svg = super::api::chart(&tr, &a, &def, &title);
            (Some(a), svg)
        }
        Err(e) if e.field.is_some() => (None, None),
        Err(e) => return Err(e).or_page(staff),
    };
    let datasets = readable.iter().map(|d| (d.name.to_string(), tr.t(d.label), d.name == def.dataset)).collect();
    let metrics = ds
        .metrics
        .iter()
        .map(|m| (m.name.to_string(), tr.t(m.label), def.metrics.iter().any(|x| x == m.name)))
        .collect();
    let groupings = GRAINS
        .iter()
        .map(|g| g.to_string())
        .chain(ds.dimensions.iter().map(|d| d.name.to_string()))
        .map(|g| (group_label(&tr, ds, &g), g))
        .map(|(label, g)| (g, label))
        .collect();
    let periods =
        [7, 30, 90, 365].iter().map(|d| (d.to_string(), tr.count("report-last-days", *d), def.days == *d)).collect();
    let charts = Chart::ALL
        .iter()
        .map(|c| (c.as_str().to_string(), tr.t(&format!("chart-{}", c.as_str())), def.chart == *c))
        .collect();
    let filter_unit = def.filters.first().and_then(|f| f.values.first()).cloned().unwrap_or_default();
    let units: Vec<Choice> = portico_authz::units::list(authz, &scope)
        .into_iter()
        .map(|u| (u.id.to_db(), u.path, u.id.to_db() == filter_unit))
        .collect();
    let shared = saved.as_ref().map(|r| r.unit_id.clone()).unwrap_or_default();
    let share_units: Vec<Choice> = authz
        .scope(EDIT)
        .map(|sc| portico_authz::units::list(authz, &sc))
        .unwrap_or_default()
        .into_iter()
        .map(|u| (u.id.to_db(), u.path, u.id.to_db() == shared))
        .collect();
    let recipients = saved.as_ref().map(|r| r.recipient_ids()).unwrap_or_default();
    let filter = portico_auth::users::UserFilter { q: None, status: Some("active") };
    let people = portico_auth::users::list(s.db.pool(), authz, &PageRequest::first(500), filter)
        .await
        .map(|p| p.items)
        .unwrap_or_default()
        .into_iter()
        .map(|u| (u.id.clone(), u.name.clone(), recipients.contains(&u.id)))
        .collect();
    let schedule = saved.as_ref().map(|r| r.schedule.clone()).unwrap_or_else(|| "none".into());
    let schedules =
        store::SCHEDULES.iter().map(|x| (x.to_string(), tr.t(&format!("schedule-{x}")), schedule == *x)).collect();
    let can_edit = match &saved {
        Some(r) => r.unit_id.parse().ok().is_some_and(|u| authz.unit_cap(EDIT, u).is_ok()),
        None => authz.scope(EDIT).is_ok(),
    };
    let title = saved.as_ref().map(|r| r.name.clone()).unwrap_or_else(|| tr.t("report-new"));
    let p = ReportPage {
        c: staff.shell("reports", f),
        id: id.to_string(),
        query: Choices::of(&def),
        saved,
        can_edit,
        datasets,
        metrics,
        groupings,
        periods,
        charts,
        units,
        share_units,
        people,
        schedules,
        answer,
        chart_svg,
        title,
        def,
        form,
    };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn report(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(f): Query<FlashQuery>,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let choices = Choices::parse(raw.as_deref());
    if choices.csv {
        return csv(&s, &staff, &id, &choices).await;
    }
    report_page(&s, &staff, &id, choices, &f, FormState::fresh()).await
}

/// The numbers of a report as CSV, with the choices on the page.
async fn csv(s: &AppState, staff: &Staff, id: &str, choices: &Choices) -> Result<Response, PageError> {
    let scope = staff.caller.authz.scope(VIEW).map_err(|_| AppError::not_found()).or_page(staff)?;
    let def = match id {
        "new" => choices.def(s),
        id => {
            let r = store::get(s.db.pool(), &scope, id).await.or_page(staff)?;
            if choices.given() { choices.def(s) } else { r.def().or_page(staff)? }
        }
    };
    let a = names::answer(s, &staff.caller.authz, &def, &staff.tr()).await.or_page(staff)?;
    Ok(csv_response("report", a.csv()))
}

/// Save the report on the page: its choices, name, unit and schedule.
pub(crate) async fn submit(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let one = |k: &str| portico_http::form::sent(&pairs, k).to_string();
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(
            pairs.iter().filter(|(k, _)| !["_csrf", "name", "unit_id", "schedule", "recipients"].contains(&k.as_str())),
        )
        .finish();
    let choices = Choices::parse(Some(&query));
    let result = async {
        let authz = &staff.caller.authz;
        let unit = portico_authz::units::parse_unit("unit_id", &one("unit_id"))?;
        let input = ReportInput {
            name: one("name"),
            unit_id: unit,
            definition: choices.def(&s),
            schedule: one("schedule"),
            recipients: pairs.iter().filter(|(k, _)| k == "recipients").map(|(_, v)| v.clone()).collect(),
        };
        let id = if id == "new" { None } else { Some(super::api::editable(&s, authz, &id).await?.0.id) };
        let cap = authz.unit_cap(EDIT, unit).map_err(|e| e.or_field("unit_id"))?;
        super::api::check(&s, authz, &input).await?;
        store::save(&s.db, &cap, id.as_deref(), &input, staff.caller.tz, s.clock.now_micros()).await
    }
    .await;
    match result {
        Ok(r) => Redirect::to(&format!("/reports/{}?notice=report-saved", r.id)).into_response(),
        Err(e) => {
            let form = FormState::failed("report", &pairs, &e, &staff.tr());
            report_page(&s, &staff, &id, choices, &FlashQuery::default(), form).await.into_response()
        }
    }
}

pub(crate) async fn delete(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result = async {
        let (r, cap) = super::api::editable(&s, &staff.caller.authz, &id).await?;
        store::delete(&s.db, &cap, &r, s.clock.now_micros()).await
    }
    .await;
    after("/reports", result.map(|_| "report-deleted")).into_response()
}
