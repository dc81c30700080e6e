//! The units pages: the tree, one unit, creating, moving and archiving.

use crate::parse;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use portico_authz::units::{self, Unit};

use super::service::{self, UnitInput};
use portico_http::form::FormState;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, page, render};
use portico_kernel::UnitId;
use serde::{Deserialize, Serialize};

#[derive(Template)]
#[template(path = "units.html")]
pub(crate) struct UnitsPage {
    c: Shell,
    units: Vec<Unit>,
    parents: Vec<Unit>,
    columns: portico_http::custom::Columns,
    form: FormState,
}

impl UnitsPage {
    /// The kind field's limit and its example, as attributes.
    fn kind_attrs(&self) -> String {
        format!("maxlength=\"40\" placeholder=\"{}\"", self.c.t("kind-placeholder").replace('"', "&quot;"))
    }
}

async fn units_page(s: &AppState, staff: &Staff, f: &FlashQuery, form: FormState) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let list = units::list(authz, &authz.scope(units::VIEW).or_page(staff)?);
    let parents = match authz.scope(units::MANAGE) {
        Ok(sc) => units::list(authz, &sc),
        Err(_) => Vec::new(),
    };
    let ids: Vec<String> = list.iter().map(|u| u.id.to_db()).collect();
    let columns = portico_http::custom::list_columns(s, authz.as_ref(), "unit", &ids).await.or_page(staff)?;
    let p = UnitsPage { c: staff.shell("units", f), units: list, parents, columns, form };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn unit_list(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    units_page(&s, &staff, &f, FormState::fresh()).await
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
            units_page(&s, &staff, &FlashQuery::default(), form).await.into_response()
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
}

pub(crate) async fn unit_page(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let id: UnitId = parse(&id).or_page(&staff)?;
    let unit = units::get(authz, id).or_page(&staff)?;
    let fields = portico_http::custom::form_fields(&s, authz.as_ref(), "unit", &id.to_db()).await.or_page(&staff)?;
    let parents = if authz.is_admin() {
        units::list(authz, &authz.scope(units::VIEW).or_page(&staff)?)
            .into_iter()
            .filter(|u| !authz.tree().is_within(u.id, id))
            .collect()
    } else {
        Vec::new()
    };
    Ok(page(&UnitPage {
        c: staff.shell("units", &f),
        can_edit: authz.unit_cap(units::MANAGE, id).is_ok(),
        can_archive: authz.unit_cap(units::MANAGE, id).is_ok() && unit.parent_id.is_some(),
        unit,
        fields,
        parents,
    }))
}

pub(crate) async fn unit_save(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let back = format!("/settings/units/{id}");
    let result = async {
        let id: UnitId = parse(&id)?;
        let authz = &staff.caller.authz;
        let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
        let cap = authz.unit_cap(units::MANAGE, id)?;
        let defs = portico_fields::list(s.db.pool(), &cap, Some(units::KIND)).await?;
        let submitted = portico_http::custom::from_form(&defs, &form);
        let prepared = portico_fields::prepare(s.db.pool(), &cap, units::KIND, &id.to_db(), &submitted).await?;
        let input = UnitInput { name: get("name"), kind: get("kind") };
        service::update(&s.db, s.clock.as_ref(), authz, id, input, Some(prepared)).await
    }
    .await;
    after(&back, result.map(|_| "saved")).into_response()
}

#[derive(Deserialize)]
pub(crate) struct MoveForm {
    parent_id: String,
}

pub(crate) async fn unit_move(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<MoveForm>,
) -> Response {
    let back = format!("/settings/units/{id}");
    let result = async {
        let parent = units::parse_unit("parent_id", &f.parent_id)?;
        service::move_to(&s.db, s.clock.as_ref(), &staff.caller.authz, parse(&id)?, parent).await
    }
    .await;
    after(&back, result.map(|_| "unit-moved")).into_response()
}

pub(crate) async fn unit_archive(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    match async { service::archive(&s.db, s.clock.as_ref(), &staff.caller.authz, parse(&id)?).await }.await {
        Ok(()) => after("/settings/units", Ok("unit-archived")).into_response(),
        Err(e) => after(&format!("/settings/units/{id}"), Err(e)).into_response(),
    }
}
