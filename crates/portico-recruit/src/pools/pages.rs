//! Talent pool pages: the pools (with a form for a new one), a pool's candidates, and the
//! forms that add a candidate to a pool or take them out.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use portico_authz::units::{self, Unit};
use portico_http::form::{FormState, sent as get};
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, render};
use portico_kernel::AppError;

use super::{Pool, PoolInput, PoolMember};
use crate::{CREATE, EDIT, VIEW, parse};

#[derive(Template)]
#[template(path = "recruit_pools.html")]
pub(crate) struct PoolsPage {
    c: Shell,
    pools: Vec<Pool>,
    units: Vec<Unit>,
    form: FormState,
}

impl PoolsPage {
    fn size(&self, p: &Pool) -> String {
        self.c.count("recruit-pool-members", usize::try_from(p.members).unwrap_or(0))
    }
}

async fn pools_page(s: &AppState, staff: &Staff, f: &FlashQuery, form: FormState) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let scope = authz.scope(VIEW).or_page(staff)?;
    let pools = super::list(s.db.pool(), &scope).await.or_page(staff)?;
    let units = authz.scope(CREATE).map(|sc| units::list(authz, &sc)).unwrap_or_default();
    let p = PoolsPage { c: staff.shell("recruit-pools", f), pools, units, form };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn list(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    pools_page(&s, &staff, &f, FormState::fresh()).await
}

pub(crate) async fn create(
    State(s): State<AppState>,
    staff: Staff,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let input = PoolInput { name: get(&form, "name").into(), description: get(&form, "description").into() };
    let result = async {
        let unit = units::parse_unit("unit_id", get(&form, "unit_id"))?;
        super::create(&s.db, s.clock.as_ref(), &staff.caller.authz, unit, &input).await
    }
    .await;
    match result {
        Ok(id) => after(&format!("/recruit/pools/{id}"), Ok("saved")).into_response(),
        Err(e) => {
            let values: std::collections::BTreeMap<String, String> = form.into_iter().collect();
            let state = FormState::failed("pool", &values, &e, &staff.tr());
            pools_page(&s, &staff, &FlashQuery::default(), state).await.into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "recruit_pool.html")]
pub(crate) struct PoolPage {
    c: Shell,
    pool: Pool,
    members: Vec<PoolMember>,
    can_edit: bool,
    form: FormState,
}

impl PoolPage {
    fn size(&self) -> String {
        self.c.count("recruit-pool-members", usize::try_from(self.pool.members).unwrap_or(0))
    }
}

async fn pool_page(
    s: &AppState,
    staff: &Staff,
    id: &str,
    f: &FlashQuery,
    form: Option<FormState>,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let scope = authz.scope(VIEW).or_page(staff)?;
    let pool = super::get(s.db.pool(), &scope, id).await.or_page(staff)?;
    let members = super::members(s.db.pool(), &scope, id).await.or_page(staff)?;
    let can_edit = authz.unit_cap(EDIT, pool.unit().or_page(staff)?).is_ok();
    let form = form.unwrap_or_else(|| {
        FormState::editing(&PoolInput { name: pool.name.clone(), description: pool.description.clone() })
    });
    let p = PoolPage { c: staff.shell("recruit-pools", f), pool, members, can_edit, form };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn show(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let id: uuid::Uuid = parse(&id).or_page(&staff)?;
    pool_page(&s, &staff, &id.to_string(), &f, None).await
}

pub(crate) async fn update(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let Ok(id) = parse::<uuid::Uuid>(&id).map(|i| i.to_string()) else {
        return after("/recruit/pools", Err(AppError::not_found())).into_response();
    };
    let input = PoolInput { name: get(&form, "name").into(), description: get(&form, "description").into() };
    match super::update(&s.db, s.clock.as_ref(), &staff.caller.authz, &id, &input).await {
        Ok(()) => after(&format!("/recruit/pools/{id}"), Ok("saved")).into_response(),
        Err(e) => {
            let state = FormState::failed("pool", &input, &e, &staff.tr());
            pool_page(&s, &staff, &id, &FlashQuery::default(), Some(state)).await.into_response()
        }
    }
}

pub(crate) async fn delete(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result = async {
        let id: uuid::Uuid = parse(&id)?;
        super::delete(&s.db, s.clock.as_ref(), &staff.caller.authz, &id.to_string()).await
    }
    .await;
    after("/recruit/pools", result.map(|()| "deleted")).into_response()
}

/// Add a candidate to the pool chosen on their page (`pool_id`); back to where it was sent from.
pub(crate) async fn add(
    State(s): State<AppState>,
    staff: Staff,
    Path(candidate): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let back = format!("/recruit/candidates/{candidate}");
    let result = async {
        let candidate: uuid::Uuid = parse(&candidate)?;
        // Whom the caller cannot see is not found, whatever the form says.
        let scope = staff.caller.authz.scope(VIEW).map_err(|_| AppError::not_found())?;
        crate::candidates::store::get(s.db.pool(), &scope, &candidate.to_string()).await?;
        let pool: uuid::Uuid = parse(get(&form, "pool_id")).map_err(|e| e.or_field("pool_id"))?;
        super::add(&s.db, s.clock.as_ref(), &staff.caller.authz, &pool.to_string(), &candidate.to_string()).await
    }
    .await;
    after(&back, result.map(|()| "recruit-pool-added")).into_response()
}

pub(crate) async fn remove(
    State(s): State<AppState>,
    staff: Staff,
    Path((id, candidate)): Path<(String, String)>,
) -> Response {
    let result = async {
        let (id, candidate): (uuid::Uuid, uuid::Uuid) = (parse(&id)?, parse(&candidate)?);
        super::remove(&s.db, s.clock.as_ref(), &staff.caller.authz, &id.to_string(), &candidate.to_string()).await?;
        Ok::<_, AppError>(id)
    }
    .await;
    match result {
        Ok(id) => after(&format!("/recruit/pools/{id}"), Ok("recruit-pool-removed")).into_response(),
        Err(e) => after("/recruit/pools", Err(e)).into_response(),
    }
}
