//! The rules pages: the list (on or off, when each last ran) and the builder, where a rule is
//! written field by field, tried with a dry-run, saved, and its latest runs read.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use portico_authz::WorkspaceAdmin;
use portico_http::form::FormState;
use portico_http::i18n::Tr;
use portico_http::list::{Cell, Column, ListQuery, ListView, Row};
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, page, render};
use portico_kernel::{AppError, Page, PageRequest};
use portico_rules::engine::DryRun;
use portico_rules::store::{self, RunEntry};
use portico_rules::{Match, RuleDef, Trigger};
use serde::Deserialize;

use super::builder::{self, ActionRow, Choice, ConditionRow, Control, Options, ParamControl, Sent};

#[derive(Template)]
#[template(path = "rules.html")]
pub(crate) struct ListPage {
    c: Shell,
    list: ListView,
}

/// When a rule runs, as people read it.
fn when(tr: &Tr, s: &AppState, def: &RuleDef) -> String {
    match &def.trigger {
        Trigger::Event { verbs } if verbs.is_empty() => tr.t("rule-when-any"),
        Trigger::Event { verbs } => {
            verbs.iter().map(|v| tr.t(&format!("rule-verb-{v}"))).collect::<Vec<_>>().join(", ")
        }
        Trigger::Time { field, offset_hours } => {
            let label = s
                .suite
                .rules
                .subject(&def.kind)
                .and_then(|sub| sub.fields.iter().find(|f| f.name == field))
                .map(|f| tr.t(f.label))
                .unwrap_or_else(|| field.clone());
            let key = if *offset_hours < 0 { "rule-when-before" } else { "rule-when-after" };
            format!("{} {} {label}", tr.count("rule-hours-count", offset_hours.abs()), tr.t(key))
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct ListParams {
    #[serde(flatten)]
    list: ListQuery,
    #[serde(flatten)]
    flash: FlashQuery,
}

pub(crate) async fn list(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<ListParams>,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(&staff)?;
    let mut rules = store::list(s.db.pool(), &admin).await.or_page(&staff)?;
    if let Some(q) = q.list.search().map(str::to_lowercase) {
        rules.retain(|r| r.name.to_lowercase().contains(&q));
    }
    let tr = staff.tr();
    let columns = vec![
        Column::new("name", tr.t("field-name")).fixed(),
        Column::new("kind", tr.t("rule-watches")),
        Column::new("when", tr.t("rule-when")),
        Column::new("status", tr.t("col-status")),
        Column::new("last", tr.t("rule-last-run")),
    ];
    let mut rows = Vec::new();
    for r in &rules {
        let def = r.def().or_page(&staff)?;
        let last = store::runs(s.db.pool(), &admin, &r.id, 1).await.or_page(&staff)?;
        let last = match last.first() {
            Some(run) if !run.ok => Cell::badge(tr.datetime(run.at), "danger").with_title(tr.t("rule-run-failed")),
            Some(run) => Cell::text(tr.datetime(run.at)),
            None => Cell::muted(tr.t("rule-never-ran")),
        };
        let status = if r.active == 1 { Cell::badge(tr.t("rule-on"), "ok") } else { Cell::badge(tr.t("rule-off"), "") };
        rows.push(Row {
            id: r.id.clone(),
            cells: vec![
                Cell::link(r.name.clone(), format!("/settings/rules/{}", r.id)),
                Cell::text(tr.t(&format!("record-kind-{}", r.kind))),
                Cell::text(when(&tr, &s, &def)),
                status,
                last,
            ],
        });
    }
    let all = Page { items: rules, next_cursor: None, sort: "", desc: false };
    let list = ListView::new("rules", "/settings/rules", columns, &all, &q.list, None, &tr)
        .rows(rows)
        .empty(tr.t("rules-empty"));
    if q.list.wants_csv() {
        return Ok(portico_http::list::csv_response("rules", list.csv()));
    }
    Ok(page(&ListPage { c: staff.shell("rules", &q.flash), list }))
}

#[derive(Template)]
#[template(path = "rule.html")]
pub(crate) struct BuilderPage {
    c: Shell,
    /// `new`, or the rule's id.
    id: String,
    active: Option<bool>,
    def: RuleDef,
    kinds: Vec<Choice>,
    verbs: Vec<Choice>,
    time_fields: Vec<Choice>,
    conditions: Vec<ConditionRow>,
    actions: Vec<ActionRow>,
    runs: Vec<RunEntry>,
    dry: Option<DryRun>,
    /// The conditions as written, for the dry-run's answers.
    condition_labels: Vec<String>,
    /// The watched kind, for links to its records.
    page_of: Option<std::sync::Arc<dyn portico_platform::RecordKind>>,
    form: FormState,
}

impl BuilderPage {
    fn is_time(&self) -> bool {
        matches!(self.def.trigger, Trigger::Time { .. })
    }
    fn any(&self) -> bool {
        self.def.match_ == Match::Any
    }
    fn offset(&self) -> String {
        match self.def.trigger {
            Trigger::Time { offset_hours, .. } => offset_hours.abs().to_string(),
            _ => "24".into(),
        }
    }
    fn before(&self) -> bool {
        matches!(self.def.trigger, Trigger::Time { offset_hours, .. } if offset_hours < 0)
    }
    fn action_path(&self) -> String {
        format!("/settings/rules/{}", self.id)
    }
    fn err(&self, key: &str) -> Option<&str> {
        self.form.error(key)
    }
    fn condition_err(&self, i: &usize) -> Option<&str> {
        ["field", "op", "value"].iter().find_map(|p| self.form.error(&format!("conditions.{i}.{p}")))
    }
    fn action_err(&self, i: &usize) -> Option<&str> {
        self.form.error(&format!("actions.{i}.action"))
    }
    fn record_link(&self, id: &str) -> String {
        self.page_of.as_ref().and_then(|k| k.page(id)).unwrap_or_default()
    }
    fn label_of(&self, i: &usize) -> &str {
        self.condition_labels.get(*i).map(String::as_str).unwrap_or("")
    }
}

async fn options(s: &AppState, staff: &Staff, admin: &WorkspaceAdmin, kind: &str) -> Result<Options, AppError> {
    let authz = &staff.caller.authz;
    let scope = authz.scope(crate::ADMIN)?;
    let units = portico_authz::units::list(authz, &scope).into_iter().map(|u| (u.id.to_db(), u.path)).collect();
    let filter = portico_auth::users::UserFilter { q: None, status: Some("active") };
    let users = portico_auth::users::list(s.db.pool(), authz, &PageRequest::first(500), filter)
        .await?
        .items
        .into_iter()
        .map(|u| (u.id.clone(), format!("{} ({})", u.name, u.email)))
        .collect();
    let calendars = store::calendars(s.db.pool(), admin).await?.into_iter().map(|c| (c.id, c.name)).collect();
    let webhooks = portico_webhooks::list(s.db.pool(), admin)
        .await?
        .into_iter()
        .filter(|h| h.active == 1)
        .map(|h| (h.id, h.url))
        .collect();
    let templates = portico_mail::templates::store::list(s.db.pool(), admin)
        .await?
        .into_iter()
        .map(|t| (t.purpose, t.template_key, t.name))
        .collect();
    let custom = portico_fields::list(s.db.pool(), admin, Some(kind))
        .await?
        .into_iter()
        .map(|d| builder::Known {
            ty: store::custom_type(d.field_type),
            choices: d.options.iter().map(|o| (o.clone(), o.clone())).collect(),
            name: d.key,
            label: d.label,
        })
        .collect();
    Ok(Options { units, users, calendars, webhooks, templates, custom })
}

/// What a condition says, for the dry-run's answers: "File name contains devis".
fn condition_label(row: &ConditionRow) -> String {
    let chosen = |c: &[Choice]| c.iter().find(|x| x.2).map(|x| x.1.clone()).unwrap_or_default();
    let field = row.fields.iter().map(|(_, f)| chosen(f)).find(|l| !l.is_empty()).unwrap_or_default();
    let value = match &row.control {
        Control::None => String::new(),
        Control::Select(c) => chosen(c),
        _ => format!("{} {}", row.value, row.unit_word),
    };
    format!("{field} {} {value}", chosen(&row.ops)).trim().to_string()
}

struct Shown {
    def: RuleDef,
    dry: Option<DryRun>,
    form: FormState,
}

async fn builder_page(
    s: &AppState,
    staff: &Staff,
    id: &str,
    f: &FlashQuery,
    shown: Option<Shown>,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(staff)?;
    let tr = staff.tr();
    let book = &s.suite.rules;
    let stored = match id {
        "new" => None,
        id => Some(store::get(s.db.pool(), &admin, id).await.or_page(staff)?),
    };
    let Shown { def, dry, form } = match shown {
        Some(sh) => sh,
        None => {
            let def = match &stored {
                Some(r) => r.def().or_page(staff)?,
                None => builder::blank(book),
            };
            Shown { def, dry: None, form: FormState::fresh() }
        }
    };
    let o = options(s, staff, &admin, &def.kind).await.or_page(staff)?;
    let subject = book.subject(&def.kind);
    let kinds = book
        .subjects()
        .iter()
        .map(|sub| (sub.kind.to_string(), tr.t(&format!("record-kind-{}", sub.kind)), sub.kind == def.kind))
        .collect();
    let picked: &[String] = match &def.trigger {
        Trigger::Event { verbs } => verbs,
        Trigger::Time { .. } => &[],
    };
    let verbs = subject
        .map(|sub| {
            sub.verbs
                .iter()
                .map(|v| (v.to_string(), tr.t(&format!("rule-verb-{v}")), picked.iter().any(|p| p == v)))
                .collect()
        })
        .unwrap_or_default();
    let time_field = match &def.trigger {
        Trigger::Time { field, .. } => field.as_str(),
        Trigger::Event { .. } => "",
    };
    let time_fields = subject
        .map(|sub| {
            sub.fields
                .iter()
                .filter(|f| f.ty == portico_rules::FieldType::Time)
                .map(|f| (f.name.to_string(), tr.t(f.label), f.name == time_field))
                .collect()
        })
        .unwrap_or_default();
    let conditions = builder::conditions(&def, book, &o, &tr);
    let condition_labels = conditions.iter().map(condition_label).collect();
    let runs = match &stored {
        Some(r) => store::runs(s.db.pool(), &admin, &r.id, 20).await.or_page(staff)?,
        None => Vec::new(),
    };
    let p = BuilderPage {
        c: staff.shell("rules", f),
        id: id.to_string(),
        active: stored.as_ref().map(|r| r.active == 1),
        actions: builder::actions(&def, book, &o, &tr),
        kinds,
        verbs,
        time_fields,
        conditions,
        condition_labels,
        runs,
        dry,
        page_of: s.registry().get(&def.kind).cloned(),
        def,
        form,
    };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn builder(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    builder_page(&s, &staff, &id, &f, None).await
}

/// Every button of the builder: save, try (dry-run), or change its rows.
pub(crate) async fn submit(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let sent = Sent(pairs);
    let def = builder::read(&sent, &s.suite.rules);
    let tr = staff.tr();
    let result: Result<Outcome, AppError> = async {
        let admin = staff.caller.authz.admin()?;
        let now = s.clock.now_micros();
        match sent.step() {
            "save" => {
                let id = (id != "new").then_some(id.as_str());
                Ok(Outcome::Saved(store::save(&s.db, &admin, &s.suite.rules, id, &def, now).await?.id))
            }
            "dry_run" => {
                let checked = store::check(s.db.pool(), &admin, &s.suite.rules, &def).await?;
                Ok(Outcome::Tried(Some(super::engine(&s).dry_run(admin.workspace(), &checked, now, 50).await?)))
            }
            _ => Ok(Outcome::Tried(None)),
        }
    }
    .await;
    let shown = match result {
        Ok(Outcome::Saved(saved)) => {
            return Redirect::to(&format!("/settings/rules/{saved}?notice=rule-saved")).into_response();
        }
        Ok(Outcome::Tried(dry)) => Shown { def, dry, form: FormState::fresh() },
        Err(e) => Shown { form: FormState::failed("rule", &sent.0, &e, &tr), def, dry: None },
    };
    builder_page(&s, &staff, &id, &FlashQuery::default(), Some(shown)).await.into_response()
}

enum Outcome {
    Saved(String),
    /// Shown again: rows changed, or tried with a dry-run.
    Tried(Option<DryRun>),
}

/// Turn a rule on or off, or delete it.
pub(crate) async fn action(
    State(s): State<AppState>,
    staff: Staff,
    Path((id, action)): Path<(String, String)>,
) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        let now = s.clock.now_micros();
        match action.as_str() {
            "activate" => store::set_active(&s.db, &admin, &id, true, now).await.map(|_| "rule-turned-on"),
            "deactivate" => store::set_active(&s.db, &admin, &id, false, now).await.map(|_| "rule-turned-off"),
            "delete" => store::delete(&s.db, &admin, &id, now).await.map(|_| "rule-deleted"),
            _ => Err(AppError::not_found()),
        }
    }
    .await;
    let back = if action == "delete" { "/settings/rules".to_string() } else { format!("/settings/rules/{id}") };
    after(&back, result).into_response()
}
