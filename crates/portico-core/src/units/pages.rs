//! The units pages: the tree, one unit, creating, moving and archiving.

use crate::parse;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use portico_authz::units::{self, Unit};

use super::service::{self, UnitInput};
use axum::http::HeaderMap;
use portico_http::form::FormState;
use portico_http::i18n::Tr;
use portico_http::list::{self, Cell, Column, Filter, ListQuery, ListView, Row};
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, render};
use portico_kernel::{AppError, Page, UnitId};
use serde::{Deserialize, Serialize};

#[derive(Template)]
#[template(path = "units.html")]
pub(crate) struct UnitsPage {
    c: Shell,
    list: ListView,
    parents: Vec<Unit>,
    form: FormState,
}

impl UnitsPage {
    /// The kind field's limit and its example, as attributes.
    fn kind_attrs(&self) -> String {
        format!("maxlength=\"40\" placeholder=\"{}\"", self.c.t("kind-placeholder").replace('"', "&quot;"))
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct UnitsQuery {
    #[serde(flatten)]
    list: ListQuery,
    kind: Option<String>,
    #[serde(flatten)]
    flash: FlashQuery,
}

/// The units the caller sees, in tree order (each under its parent) or sorted by a column,
/// narrowed by the search and the kind filter. The tree lives in memory: no paging needed.
fn chosen_units(all: Vec<Unit>, q: &UnitsQuery) -> Page<Unit> {
    let needle = q.list.search().map(str::to_lowercase);
    let kind = q.kind.as_deref().filter(|k| !k.is_empty());
    let mut items: Vec<Unit> = all
        .into_iter()
        .filter(|u| needle.as_ref().is_none_or(|n| u.path.to_lowercase().contains(n.as_str())))
        .filter(|u| kind.is_none_or(|k| u.kind == k))
        .collect();
    let desc = q.list.order.as_deref() == Some("desc");
    let sort = match q.list.sort.as_deref() {
        Some("name") => "name",
        Some("kind") => "kind",
        _ => "",
    };
    let key = |u: &Unit| match sort {
        "kind" => (u.kind.to_lowercase(), u.name.to_lowercase()),
        _ => (u.name.to_lowercase(), String::new()),
    };
    if !sort.is_empty() {
        items.sort_by_key(key);
        if desc {
            items.reverse();
        }
    }
    Page { items, next_cursor: None, sort, desc: desc && !sort.is_empty() }
}

/// A unit's kind as people read it: typed by them, except the workspace's own root.
fn kind_label(tr: &Tr, kind: &str) -> String {
    use portico_authz::store::WORKSPACE_KIND;
    if kind == WORKSPACE_KIND { tr.t(&format!("record-kind-{WORKSPACE_KIND}")) } else { kind.to_string() }
}

async fn unit_rows(
    s: &AppState,
    staff: &Staff,
    q: &UnitsQuery,
    chosen: Option<&str>,
    kinds: Vec<String>,
) -> Result<ListView, AppError> {
    let (authz, tr) = (&staff.caller.authz, staff.tr());
    let page = chosen_units(units::list(authz, &authz.scope(units::VIEW)?), q);
    let ids: Vec<String> = page.items.iter().map(|u| u.id.to_db()).collect();
    let custom = portico_http::custom::list_columns(s, authz.as_ref(), units::KIND, &ids, &tr).await?;
    let mut columns = vec![
        Column::new("name", tr.t("col-name")).sorted("name").fixed(),
        Column::new("kind", tr.t("field-kind")).sorted("kind"),
        Column::new("within", tr.t("field-parent")),
    ];
    columns.extend(custom.columns());
    // In tree order each unit sits under its parent; sorted otherwise, the path says where.
    let in_tree = page.sort.is_empty();
    let rows = page
        .items
        .iter()
        .zip(&custom.cells)
        .map(|(u, values)| {
            let name = Cell::link(u.name.clone(), format!("/settings/units/{}", u.id));
            let within = u.path.rsplit_once(" › ").map(|(p, _)| p.to_string()).unwrap_or_default();
            let mut cells = vec![
                if in_tree { name.indented(u.depth) } else { name },
                Cell::text(kind_label(&tr, &u.kind)),
                if within.is_empty() { Cell::muted("—") } else { Cell::text(within) },
            ];
            cells.extend(portico_http::custom::Columns::row(values));
            Row { id: u.id.to_db(), cells }
        })
        .collect();
    let mut options = vec![(String::new(), tr.t("filter-all"))];
    options.extend(kinds.into_iter().map(|k| (k.clone(), kind_label(&tr, &k))));
    let kind = Filter { name: "kind", label: tr.t("field-kind"), options, value: q.kind.clone().unwrap_or_default() };
    Ok(ListView::new("units", "/settings/units", columns, &page, &q.list, chosen, &tr)
        .rows(rows)
        .filter(kind)
        .empty(tr.t("list-empty")))
}

async fn units_page(
    s: &AppState,
    staff: &Staff,
    q: &UnitsQuery,
    chosen: Option<&str>,
    form: FormState,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let visible = units::list(authz, &authz.scope(units::VIEW).or_page(staff)?);
    let mut kinds: Vec<String> = visible.iter().map(|u| u.kind.clone()).filter(|k| !k.is_empty()).collect();
    kinds.sort();
    kinds.dedup();
    let list = unit_rows(s, staff, q, chosen, kinds).await.or_page(staff)?;
    let parents = match authz.scope(units::MANAGE) {
        Ok(sc) => units::list(authz, &sc),
        Err(_) => Vec::new(),
    };
    let p = UnitsPage { c: staff.shell("units", &q.flash), list, parents, form };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn unit_list(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Query(q): Query<UnitsQuery>,
) -> Result<Response, PageError> {
    let chosen = list::chosen(&headers, "units");
    if q.list.wants_csv() {
        let rows = unit_rows(&s, &staff, &q, chosen.as_deref(), Vec::new()).await.or_page(&staff)?;
        return Ok(list::csv_response("units", rows.csv()));
    }
    units_page(&s, &staff, &q, chosen.as_deref(), FormState::fresh()).await
}

#[derive(Deserialize, Serialize)]
pub(crate) struct UnitForm {
    parent_id: String,
    name: String,
    #[serde(default)]
    kind: String,
}

pub(crate) async fn unit_create(State(s): State<AppState>, staff: Staff, Form(f): Form<UnitForm>) -> Response {
    let result = async {
        let parent = units::parse_unit("parent_id", &f.parent_id)?;
        let input = UnitInput { name: f.name.clone(), kind: f.kind.clone() };
        service::create(&s.db, s.clock.as_ref(), &staff.caller.authz, parent, input).await
    }
    .await;
    match result {
        Ok(_) => after("/settings/units", Ok("unit-created")).into_response(),
        Err(e) => {
            let form = FormState::failed("unit", &f, &e, &staff.tr());
            units_page(&s, &staff, &UnitsQuery::default(), None, form).await.into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "unit.html")]
pub(crate) struct UnitPage {
    c: Shell,
    unit: Unit,
    fields: Vec<portico_http::custom::FormField>,
    parents: Vec<Unit>,
    can_edit: bool,
    can_archive: bool,
    form: FormState,
}

impl UnitPage {
    /// Whether `p` is the parent to show chosen: the one sent back, else the current one.
    fn parent_chosen(&self, p: &Unit) -> bool {
        self.form.chosen("parent_id", &p.id.to_string(), self.unit.parent_id == Some(p.id))
    }
}

async fn unit_view(
    s: &AppState,
    staff: &Staff,
    id: UnitId,
    f: &FlashQuery,
    form: Option<FormState>,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let unit = units::get(authz, id).or_page(staff)?;
    let mut fields = portico_http::custom::form_fields(s, authz.as_ref(), "unit", &id.to_db()).await.or_page(staff)?;
    let stored = serde_json::json!({"name": unit.name, "kind": unit.kind});
    let form = form.map_or_else(|| FormState::editing(&stored), |f| f.or_stored(&stored));
    portico_http::custom::refill(&mut fields, &form, "unit", &staff.tr());
    let parents = if authz.is_admin() {
        units::list(authz, &authz.scope(units::VIEW).or_page(staff)?)
            .into_iter()
            .filter(|u| !authz.tree().is_within(u.id, id))
            .collect()
    } else {
        Vec::new()
    };
    let p = UnitPage {
        c: staff.shell("units", f),
        can_edit: authz.unit_cap(units::MANAGE, id).is_ok(),
        can_archive: authz.unit_cap(units::MANAGE, id).is_ok() && unit.parent_id.is_some(),
        unit,
        fields,
        parents,
        form,
    };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn unit_page(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    unit_view(&s, &staff, parse(&id).or_page(&staff)?, &f, None).await
}

pub(crate) async fn unit_save(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let id: UnitId = parse(&id).or_page(&staff)?;
    let result = async {
        let authz = &staff.caller.authz;
        let get = |k: &str| portico_http::form::sent(&form, k).to_string();
        let cap = authz.unit_cap(units::MANAGE, id)?;
        let defs = portico_fields::list(s.db.pool(), &cap, Some(units::KIND)).await?;
        let submitted = portico_http::custom::from_form(&defs, &form);
        let prepared = portico_fields::prepare(s.db.pool(), &cap, units::KIND, &id.to_db(), &submitted).await?;
        let input = UnitInput { name: get("name"), kind: get("kind") };
        service::update(&s.db, s.clock.as_ref(), authz, id, input, Some(prepared)).await
    }
    .await;
    match result {
        Ok(()) => Ok(after(&format!("/settings/units/{id}"), Ok("saved")).into_response()),
        Err(e) => {
            let state = FormState::failed("unit", &form, &e, &staff.tr());
            unit_view(&s, &staff, id, &FlashQuery::default(), Some(state)).await
        }
    }
}

#[derive(Deserialize, Serialize)]
pub(crate) struct MoveForm {
    parent_id: String,
}

pub(crate) async fn unit_move(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<MoveForm>,
) -> Result<Response, PageError> {
    let id: UnitId = parse(&id).or_page(&staff)?;
    let result = async {
        let parent = units::parse_unit("parent_id", &f.parent_id)?;
        service::move_to(&s.db, s.clock.as_ref(), &staff.caller.authz, id, parent).await
    }
    .await;
    match result {
        Ok(()) => Ok(after(&format!("/settings/units/{id}"), Ok("unit-moved")).into_response()),
        Err(e) => {
            let state = FormState::failed("move", &f, &e, &staff.tr());
            unit_view(&s, &staff, id, &FlashQuery::default(), Some(state)).await
        }
    }
}

pub(crate) async fn unit_archive(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    match async { service::archive(&s.db, s.clock.as_ref(), &staff.caller.authz, parse(&id)?).await }.await {
        Ok(()) => after("/settings/units", Ok("unit-archived")).into_response(),
        Err(e) => after(&format!("/settings/units/{id}"), Err(e)).into_response(),
    }
}
