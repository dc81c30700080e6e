//! The roles page: built-in and custom roles, and previewing what a role sees ("view as").

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use portico_authz::units::{self, Unit};
use portico_authz::{Role, store};
use portico_http::extract::VIEW_AS_COOKIE;
use portico_http::form::FormState;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, expired_cookie, render, set_cookie};
use portico_kernel::perm;
use portico_kernel::{AppError, ErrorCode, Permission, RoleId};
use serde::{Deserialize, Serialize};

/// Every permission, grouped by module, for role forms.
pub struct PermGroup {
    pub module: &'static str,
    pub perms: Vec<(String, &'static str)>,
}

pub(crate) fn perm_groups() -> Vec<PermGroup> {
    let all = Permission::all();
    perm::modules()
        .into_iter()
        .map(|module| PermGroup {
            module,
            perms: all.iter().filter(|p| p.module() == module).map(|p| (p.to_string(), p.action())).collect(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "roles.html")]
pub(crate) struct RolesPage {
    c: Shell,
    roles: Vec<Role>,
    groups: Vec<PermGroup>,
    units: Vec<Unit>,
    form: FormState,
}

async fn roles_page(s: &AppState, staff: &Staff, f: &FlashQuery, form: FormState) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let ws = authz.admin().or_page(staff)?.workspace();
    let roles = store::list_roles(s.db.pool(), ws).await.or_page(staff)?;
    let units = units::list(authz, &authz.scope(units::VIEW).or_page(staff)?);
    let p = RolesPage { c: staff.shell("roles", f), roles, groups: perm_groups(), units, form };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn role_list(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    roles_page(&s, &staff, &f, FormState::fresh()).await
}

/// A new role as typed: its name, and the permissions ticked.
#[derive(Serialize)]
struct RoleTyped {
    name: String,
    permissions: Vec<String>,
}

pub(crate) async fn role_create(
    State(s): State<AppState>,
    staff: Staff,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let name = form.iter().find(|(k, _)| k == "name").map(|(_, v)| v.clone()).unwrap_or_default();
    let permissions: Vec<String> = form.iter().filter(|(k, _)| k == "permissions").map(|(_, v)| v.clone()).collect();
    match super::service::create(&s.db, s.clock.as_ref(), &staff.caller.authz, &name, &permissions).await {
        Ok(_) => after("/settings/roles", Ok("role-created")).into_response(),
        Err(e) => {
            let form = FormState::failed("role", &RoleTyped { name, permissions }, &e, &staff.tr());
            roles_page(&s, &staff, &FlashQuery::default(), form).await.into_response()
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct ViewAsForm {
    role_id: String,
    unit_id: String,
}

pub(crate) async fn view_as(State(s): State<AppState>, staff: Staff, Form(f): Form<ViewAsForm>) -> Response {
    let result = async {
        let role: RoleId = f.role_id.parse().map_err(|_| AppError::field(ErrorCode::InvalidValue, "role_id"))?;
        let unit = units::parse_unit("unit_id", &f.unit_id)?;
        let role = store::role(s.db.pool(), staff.caller.authz.workspace(), role).await?;
        staff.caller.authz.preview_as(std::sync::Arc::new(role), unit)?;
        Ok::<_, AppError>(format!("{}:{}", f.role_id, f.unit_id))
    }
    .await;
    match result {
        Ok(value) => {
            let mut resp = Redirect::to("/").into_response();
            set_cookie(&mut resp, &format!("{VIEW_AS_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax"));
            resp
        }
        Err(e) => after("/settings/roles", Err(e)).into_response(),
    }
}

pub(crate) async fn view_as_exit() -> Response {
    let mut resp = Redirect::to("/settings/roles").into_response();
    set_cookie(&mut resp, &expired_cookie(VIEW_AS_COOKIE));
    resp
}
