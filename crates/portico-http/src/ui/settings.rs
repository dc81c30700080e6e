//! Workspace settings pages: units, users, roles, custom fields, webhooks,
//! e-mail log, audit log, API tokens and "view as".

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use portico_auth::api_tokens::{self, ApiToken};
use portico_auth::invites::{self, InviteInput};
use portico_auth::users::{self, User, UserGrant};
use portico_authz::units::{self, Unit, UnitInput};
use portico_authz::{Explanation, Role, role_admin, store};
use portico_fields::{FieldDef, FieldInput, FieldType};
use portico_kernel::validate::{MICROS_PER_DAY, bounded_duration};
use portico_kernel::{Action, AppError, ErrorCode, Module, PageRequest, PermSet, Permission, RoleId, UnitId, UserId};
use portico_mail::outbox::StoredEmail;
use portico_webhooks::{Delivery, Webhook};
use serde::Deserialize;

use super::{FlashQuery, OrPage, PageError, Shell, Staff, after, expired_cookie, page, set_cookie};
use crate::api::audit::{ADMIN, AuditQuery, audit_csv};
use crate::extract::VIEW_AS_COOKIE;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/settings", get(hub))
        .route("/settings/units", get(unit_list).post(unit_create))
        .route("/settings/units/{id}", get(unit_page).post(unit_save))
        .route("/settings/units/{id}/move", post(unit_move))
        .route("/settings/units/{id}/archive", post(unit_archive))
        .route("/settings/users", get(user_list).post(user_invite))
        .route("/settings/users/{id}", get(user_page))
        .route("/settings/invitations/{id}/revoke", post(invitation_revoke))
        .route("/settings/users/{id}/grants", post(grant_add))
        .route("/settings/users/{id}/grants/{grant}/delete", post(grant_remove))
        .route("/settings/users/{id}/status", post(user_status))
        .route("/settings/roles", get(role_list).post(role_create))
        .route("/settings/fields", get(field_list).post(field_create))
        .route("/settings/fields/{id}", post(field_update))
        .route("/settings/fields/{id}/delete", post(field_delete))
        .route("/settings/webhooks", get(webhook_list).post(webhook_create))
        .route("/settings/webhooks/{id}", get(webhook_page))
        .route("/settings/webhooks/{id}/delete", post(webhook_delete))
        .route("/settings/email", get(email_log))
        .route("/settings/audit", get(audit_page))
        .route("/settings/audit.csv", get(audit_export))
        .route("/settings/tokens", get(token_list).post(token_create))
        .route("/settings/tokens/{id}/revoke", post(token_revoke))
        .route("/custom-values/{record_type}/{id}", post(custom_values_save))
        .route("/settings/view-as", post(view_as))
        .route("/settings/view-as/exit", post(view_as_exit))
}

fn parse<T: std::str::FromStr>(s: &str) -> Result<T, AppError> {
    s.parse().map_err(|_| AppError::not_found())
}

/// Every permission, grouped by module, for role forms.
pub struct PermGroup {
    pub module: &'static str,
    pub perms: Vec<(String, &'static str)>,
}

fn perm_groups() -> Vec<PermGroup> {
    Module::ALL
        .into_iter()
        .map(|m| PermGroup {
            module: m.as_str(),
            perms: Action::ALL.into_iter().map(|a| (Permission::new(m, a).to_string(), a.as_str())).collect(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "settings_hub.html")]
struct Hub {
    c: Shell,
}

async fn hub(staff: Staff, Query(f): Query<FlashQuery>) -> Result<Response, PageError> {
    staff.caller.authz.require_workspace(ADMIN).or_page(&staff)?;
    Ok(page(&Hub { c: staff.shell("settings", &f) }))
}

// ---- Units ----

#[derive(Template)]
#[template(path = "units.html")]
struct UnitsPage {
    c: Shell,
    units: Vec<Unit>,
    parents: Vec<Unit>,
    columns: crate::custom::Columns,
}

async fn unit_list(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let list = units::list(authz, &authz.scope(units::VIEW).or_page(&staff)?);
    let parents = match authz.scope(units::MANAGE) {
        Ok(sc) => units::list(authz, &sc),
        Err(_) => Vec::new(),
    };
    let ids: Vec<String> = list.iter().map(|u| u.id.to_db()).collect();
    let columns = crate::custom::list_columns(&s, authz.as_ref(), "unit", &ids).await.or_page(&staff)?;
    Ok(page(&UnitsPage { c: staff.shell("units", &f), units: list, parents, columns }))
}

#[derive(Deserialize)]
struct UnitForm {
    parent_id: String,
    name: String,
    #[serde(default)]
    kind: String,
}

async fn unit_create(State(s): State<AppState>, staff: Staff, Form(f): Form<UnitForm>) -> Response {
    let result = async {
        let parent = units::parse_unit("parent_id", &f.parent_id)?;
        units::create(&s.db, s.clock.as_ref(), &staff.caller.authz, parent, UnitInput { name: f.name, kind: f.kind })
            .await
    }
    .await;
    after("/settings/units", result.map(|_| "unit-created")).into_response()
}

#[derive(Template)]
#[template(path = "unit.html")]
struct UnitPage {
    c: Shell,
    unit: Unit,
    fields: Vec<crate::custom::FormField>,
    parents: Vec<Unit>,
    can_edit: bool,
    can_archive: bool,
}

async fn unit_page(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let id: UnitId = parse(&id).or_page(&staff)?;
    let unit = units::get(authz, id).or_page(&staff)?;
    let fields = crate::custom::form_fields(&s, authz.as_ref(), "unit", &id.to_db()).await.or_page(&staff)?;
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

async fn unit_save(
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
        let submitted = crate::custom::from_form(&defs, &form);
        let prepared = portico_fields::prepare(s.db.pool(), &cap, units::KIND, &id.to_db(), &submitted).await?;
        units::update(&s.db, s.clock.as_ref(), authz, id, UnitInput { name: get("name"), kind: get("kind") }).await?;
        portico_fields::save(&s.db, cap.actor(), &cap, Some(id), prepared, s.clock.now_micros()).await
    }
    .await;
    after(&back, result.map(|_| "saved")).into_response()
}

#[derive(Deserialize)]
struct MoveForm {
    parent_id: String,
}

async fn unit_move(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<MoveForm>,
) -> Response {
    let back = format!("/settings/units/{id}");
    let result = async {
        let parent = units::parse_unit("parent_id", &f.parent_id)?;
        units::move_to(&s.db, s.clock.as_ref(), &staff.caller.authz, parse(&id)?, parent).await
    }
    .await;
    after(&back, result.map(|_| "unit-moved")).into_response()
}

async fn unit_archive(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    match async { units::archive(&s.db, s.clock.as_ref(), &staff.caller.authz, parse(&id)?).await }.await {
        Ok(()) => after("/settings/units", Ok("unit-archived")).into_response(),
        Err(e) => after(&format!("/settings/units/{id}"), Err(e)).into_response(),
    }
}

/// Save the custom fields form of a unit, user or file page.
async fn custom_values_save(
    State(s): State<AppState>,
    staff: Staff,
    Path((record_type, id)): Path<(String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let back = match record_type.as_str() {
        "unit" => format!("/settings/units/{id}"),
        "user" => format!("/settings/users/{id}"),
        "file" => format!("/files/{id}"),
        _ => "/".into(),
    };
    let result = async {
        let authz = staff.caller.authz.as_ref();
        let target = crate::custom::access(&s, &staff.caller, &record_type, &id, true).await?;
        let defs = portico_fields::list(s.db.pool(), authz, Some(target.kind)).await?;
        let submitted = crate::custom::from_form(&defs, &form);
        let prepared = portico_fields::prepare(s.db.pool(), authz, target.kind, &id, &submitted).await?;
        portico_fields::save(&s.db, authz.actor(), authz, target.unit, prepared, s.clock.now_micros()).await
    }
    .await;
    after(&back, result.map(|_| "saved")).into_response()
}

// ---- Users ----

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    c: Shell,
    users: Vec<User>,
    next: Option<String>,
    q: String,
    roles: Vec<Role>,
    units: Vec<Unit>,
    invited: Option<String>,
    pending: Vec<invites::PendingInvitation>,
    columns: crate::custom::Columns,
}

#[derive(Deserialize)]
struct UsersQuery {
    q: Option<String>,
    cursor: Option<String>,
    #[serde(flatten)]
    flash: FlashQuery,
}

async fn users_page(
    s: &AppState,
    staff: &Staff,
    q: &UsersQuery,
    invited: Option<String>,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let req = PageRequest::new(q.cursor.clone(), Some(50)).or_page(staff)?;
    let list =
        users::list(s.db.pool(), authz, &req, q.q.as_deref().filter(|x| !x.trim().is_empty())).await.or_page(staff)?;
    let pending = if authz.is_admin() {
        invites::pending(s.db.pool(), &authz.admin().or_page(staff)?, s.clock.now_micros()).await.or_page(staff)?
    } else {
        Vec::new()
    };
    let (roles, units) = if authz.is_admin() {
        (
            store::list_roles(s.db.pool(), authz.workspace()).await.or_page(staff)?,
            units::list(authz, &authz.scope(units::VIEW).or_page(staff)?),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let ids: Vec<String> = list.items.iter().map(|u| u.id.clone()).collect();
    let columns = crate::custom::list_columns(s, authz.as_ref(), "user", &ids).await.or_page(staff)?;
    Ok(page(&UsersPage {
        c: staff.shell("users", &q.flash),
        columns,
        users: list.items,
        next: list.next_cursor,
        q: q.q.clone().unwrap_or_default(),
        roles,
        units,
        invited,
        pending,
    }))
}

async fn user_list(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<UsersQuery>,
) -> Result<Response, PageError> {
    users_page(&s, &staff, &q, None).await
}

async fn invitation_revoke(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result =
        async { invites::revoke(&s.db, s.clock.as_ref(), &staff.caller.authz.admin()?, parse(&id)?).await }.await;
    after("/settings/users", result.map(|_| "invitation-revoked")).into_response()
}

#[derive(Deserialize)]
struct InviteForm {
    email: String,
    #[serde(default)]
    name: String,
    role_id: String,
    unit_id: String,
}

/// Invite, then show the link once on the page (it is also e-mailed).
async fn user_invite(State(s): State<AppState>, staff: Staff, Form(f): Form<InviteForm>) -> Response {
    let result = async {
        let role: RoleId = f.role_id.parse().map_err(|_| AppError::field(ErrorCode::InvalidValue, "role_id"))?;
        let unit = units::parse_unit("unit_id", &f.unit_id)?;
        invites::create(
            &s.db,
            s.clock.as_ref(),
            &staff.caller.authz,
            &s.mail,
            InviteInput { email: f.email, name: f.name, role, unit },
        )
        .await
    }
    .await;
    match result {
        Ok((_, token)) => {
            let q = UsersQuery {
                q: None,
                cursor: None,
                flash: FlashQuery { notice: Some("invited".into()), ..Default::default() },
            };
            users_page(&s, &staff, &q, Some(s.mail.link(&format!("/invite/{token}"))))
                .await
                .unwrap_or_else(IntoResponse::into_response)
        }
        Err(e) => after("/settings/users", Err(e)).into_response(),
    }
}

#[derive(Template)]
#[template(path = "user.html")]
struct UserPage {
    c: Shell,
    user: User,
    grants: Vec<UserGrant>,
    roles: Vec<Role>,
    units: Vec<Unit>,
    perms: Vec<String>,
    explanation: Option<Explanation>,
    ask: ExplainQuery,
    is_self: bool,
    fields: Vec<crate::custom::FormField>,
    can_edit: bool,
    record_type: &'static str,
    record_id: String,
}

#[derive(Deserialize, Default)]
struct ExplainQuery {
    unit_id: Option<String>,
    permission: Option<String>,
    #[serde(flatten)]
    flash: FlashQuery,
}

async fn user_page(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<ExplainQuery>,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let uid: UserId = parse(&id).or_page(&staff)?;
    let user = users::get(s.db.pool(), authz, uid).await.or_page(&staff)?;
    let grants = users::grants(s.db.pool(), authz, uid).await.or_page(&staff)?;
    let admin = authz.is_admin();
    let (roles, units_list) = if admin {
        (
            store::list_roles(s.db.pool(), authz.workspace()).await.or_page(&staff)?,
            units::list(authz, &authz.scope(units::VIEW).or_page(&staff)?),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let explanation = match (&q.unit_id, &q.permission, admin) {
        (Some(u), Some(p), true) => {
            Some(crate::api::settings::explain_for(&s, &staff.caller, &id, u, p).await.or_page(&staff)?)
        }
        _ => None,
    };
    let fields = crate::custom::form_fields(&s, authz.as_ref(), "user", &id).await.or_page(&staff)?;
    Ok(page(&UserPage {
        c: staff.shell("users", &q.flash),
        fields,
        can_edit: admin || staff.caller.user == uid,
        record_type: "user",
        record_id: uid.to_db(),
        is_self: staff.caller.user == uid,
        user,
        grants,
        roles,
        units: units_list,
        perms: Permission::all().map(|p| p.to_string()).collect(),
        explanation,
        ask: q,
    }))
}

#[derive(Deserialize)]
struct GrantForm {
    role_id: String,
    unit_id: String,
}

async fn grant_add(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<GrantForm>,
) -> Response {
    let result = async {
        let role: RoleId = f.role_id.parse().map_err(|_| AppError::field(ErrorCode::InvalidValue, "role_id"))?;
        let unit = units::parse_unit("unit_id", &f.unit_id)?;
        users::grant(&s.db, s.clock.as_ref(), &staff.caller.authz, parse(&id)?, role, unit).await
    }
    .await;
    after(&format!("/settings/users/{id}"), result.map(|_| "saved")).into_response()
}

async fn grant_remove(State(s): State<AppState>, staff: Staff, Path((id, grant)): Path<(String, String)>) -> Response {
    let result =
        async { users::revoke_grant(&s.db, s.clock.as_ref(), &staff.caller.authz, parse(&id)?, &grant).await }.await;
    after(&format!("/settings/users/{id}"), result.map(|_| "saved")).into_response()
}

#[derive(Deserialize)]
struct StatusForm {
    status: String,
}

async fn user_status(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<StatusForm>,
) -> Response {
    let result = async {
        users::set_status(&s.db, s.clock.as_ref(), &staff.caller.authz, parse(&id)?, f.status == "active").await
    }
    .await;
    after(&format!("/settings/users/{id}"), result.map(|_| "saved")).into_response()
}

// ---- Roles and "view as" ----

#[derive(Template)]
#[template(path = "roles.html")]
struct RolesPage {
    c: Shell,
    roles: Vec<Role>,
    groups: Vec<PermGroup>,
    units: Vec<Unit>,
}

async fn role_list(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let ws = authz.admin().or_page(&staff)?.workspace();
    let roles = store::list_roles(s.db.pool(), ws).await.or_page(&staff)?;
    let units = units::list(authz, &authz.scope(units::VIEW).or_page(&staff)?);
    Ok(page(&RolesPage { c: staff.shell("roles", &f), roles, groups: perm_groups(), units }))
}

async fn role_create(State(s): State<AppState>, staff: Staff, Form(form): Form<Vec<(String, String)>>) -> Response {
    let name = form.iter().find(|(k, _)| k == "name").map(|(_, v)| v.clone()).unwrap_or_default();
    let perms: Vec<String> = form.iter().filter(|(k, _)| k == "permissions").map(|(_, v)| v.clone()).collect();
    let result = role_admin::create(&s.db, s.clock.as_ref(), &staff.caller.authz, &name, &perms).await;
    after("/settings/roles", result.map(|_| "role-created")).into_response()
}

#[derive(Deserialize)]
struct ViewAsForm {
    role_id: String,
    unit_id: String,
}

async fn view_as(State(s): State<AppState>, staff: Staff, Form(f): Form<ViewAsForm>) -> Response {
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

async fn view_as_exit() -> Response {
    let mut resp = Redirect::to("/settings/roles").into_response();
    set_cookie(&mut resp, &expired_cookie(VIEW_AS_COOKIE));
    resp
}

// ---- Custom fields ----

#[derive(Template)]
#[template(path = "fields.html")]
struct FieldsPage {
    c: Shell,
    fields: Vec<FieldDef>,
    record_types: Vec<&'static str>,
    types: Vec<&'static str>,
}

async fn field_list(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(&staff)?;
    let fields = portico_fields::list(s.db.pool(), &admin, None).await.or_page(&staff)?;
    Ok(page(&FieldsPage {
        c: staff.shell("fields", &f),
        fields,
        record_types: s.registry().with_custom_fields().map(|k| k.name()).collect(),
        types: FieldType::ALL.iter().map(|t| t.as_str()).collect(),
    }))
}

#[derive(Deserialize)]
struct FieldForm {
    record_type: String,
    key: String,
    label: String,
    field_type: String,
    #[serde(default)]
    options: String,
    required: Option<String>,
    show_in_list: Option<String>,
    show_in_form: Option<String>,
    position: Option<String>,
}

async fn field_create(State(s): State<AppState>, staff: Staff, Form(f): Form<FieldForm>) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        let kind = crate::api::settings::fields_kind(&s, &f.record_type)?;
        let field_type =
            FieldType::parse(&f.field_type).ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "field_type"))?;
        let position = match f.position.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(p) => Some(p.parse().map_err(|_| AppError::field(ErrorCode::InvalidNumber, "position"))?),
        };
        let input = FieldInput {
            record_type: f.record_type,
            key: f.key,
            label: f.label,
            field_type,
            options: f
                .options
                .split([',', '\n'])
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_string)
                .collect(),
            required: f.required.is_some(),
            show_in_list: f.show_in_list.is_some(),
            show_in_form: f.show_in_form.is_some(),
            position,
        };
        portico_fields::define(&s.db, &admin, kind, &input, s.clock.now_micros()).await
    }
    .await;
    after("/settings/fields", result.map(|_| "field-created")).into_response()
}

#[derive(Deserialize)]
struct FieldEditForm {
    label: String,
    position: String,
    required: Option<String>,
    show_in_list: Option<String>,
    show_in_form: Option<String>,
}

/// Relabel a field, move it, or choose where it shows; its key and type stay.
async fn field_update(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<FieldEditForm>,
) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        let id = parse(&id)?;
        let current = portico_fields::get(s.db.pool(), &admin, id).await?;
        let position = f.position.trim().parse().map_err(|_| AppError::field(ErrorCode::InvalidNumber, "position"))?;
        let input = FieldInput {
            record_type: current.record_type,
            key: current.key,
            label: f.label,
            field_type: current.field_type,
            options: current.options,
            required: f.required.is_some(),
            show_in_list: f.show_in_list.is_some(),
            show_in_form: f.show_in_form.is_some(),
            position: Some(position),
        };
        portico_fields::update(&s.db, &admin, id, &input, s.clock.now_micros()).await
    }
    .await;
    after("/settings/fields", result.map(|_| "saved")).into_response()
}

async fn field_delete(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        portico_fields::delete(&s.db, &admin, parse(&id)?, s.clock.now_micros()).await
    }
    .await;
    after("/settings/fields", result.map(|_| "deleted")).into_response()
}

// ---- Webhooks ----

#[derive(Template)]
#[template(path = "webhooks.html")]
struct WebhooksPage {
    c: Shell,
    hooks: Vec<Webhook>,
}

async fn webhook_list(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(&staff)?;
    let hooks = portico_webhooks::list(s.db.pool(), &admin).await.or_page(&staff)?;
    Ok(page(&WebhooksPage { c: staff.shell("webhooks", &f), hooks }))
}

#[derive(Deserialize)]
struct WebhookForm {
    url: String,
    #[serde(default)]
    events: String,
}

async fn webhook_create(State(s): State<AppState>, staff: Staff, Form(f): Form<WebhookForm>) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        let events: Vec<String> =
            f.events.split([',', ' ', '\n']).map(str::trim).filter(|e| !e.is_empty()).map(str::to_string).collect();
        portico_webhooks::create(&s.db, &admin, s.webhook_policy(), &f.url, &events, s.clock.now_micros()).await
    }
    .await;
    after("/settings/webhooks", result.map(|_| "webhook-created")).into_response()
}

#[derive(Template)]
#[template(path = "webhook.html")]
struct WebhookPage {
    c: Shell,
    hook: Webhook,
    deliveries: Vec<Delivery>,
}

async fn webhook_page(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(&staff)?;
    let id = parse(&id).or_page(&staff)?;
    let hook = portico_webhooks::get(s.db.pool(), &admin, id).await.or_page(&staff)?;
    let deliveries =
        portico_webhooks::deliveries(s.db.pool(), &admin, id, &PageRequest::first(50)).await.or_page(&staff)?.items;
    Ok(page(&WebhookPage { c: staff.shell("webhooks", &f), hook, deliveries }))
}

async fn webhook_delete(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        portico_webhooks::deactivate(&s.db, &admin, parse(&id)?, s.clock.now_micros()).await
    }
    .await;
    after("/settings/webhooks", result.map(|_| "saved")).into_response()
}

// ---- E-mail log and audit ----

#[derive(Template)]
#[template(path = "email.html")]
struct EmailPage {
    c: Shell,
    emails: Vec<StoredEmail>,
}

async fn email_log(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(&staff)?;
    let emails = portico_mail::outbox::list(s.db.pool(), &admin, &PageRequest::first(100)).await.or_page(&staff)?.items;
    Ok(page(&EmailPage { c: staff.shell("email", &f), emails }))
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    c: Shell,
    entries: Vec<portico_audit::AuditRow>,
    next: Option<String>,
    q: AuditQuery,
    export_query: String,
}

async fn audit_page(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<AuditQuery>,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(&staff)?;
    let req = PageRequest::new(q.cursor.clone(), Some(q.limit.unwrap_or(50))).or_page(&staff)?;
    let list = portico_audit::list(s.db.pool(), &admin, &q.filter(), &req).await.or_page(&staff)?;
    let f = q.filter();
    let export_query: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("action", f.action.unwrap_or_default()),
            ("record_type", f.record_type.unwrap_or_default()),
            ("actor_id", f.actor_id.unwrap_or_default()),
        ])
        .finish();
    Ok(page(&AuditPage {
        c: staff.shell("audit", &FlashQuery::default()),
        entries: list.items,
        next: list.next_cursor,
        q,
        export_query,
    }))
}

async fn audit_export(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<AuditQuery>,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(&staff)?;
    staff.caller.authz.require_workspace(Permission::new(Module::Core, Action::Export)).or_page(&staff)?;
    let csv = audit_csv(&s, &admin, &q.filter()).await.or_page(&staff)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"audit.csv\""),
        ],
        csv,
    )
        .into_response())
}

// ---- API tokens ----

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage {
    c: Shell,
    tokens: Vec<ApiToken>,
    groups: Vec<PermGroup>,
    secret: Option<String>,
}

async fn tokens_page(
    s: &AppState,
    staff: &Staff,
    f: &FlashQuery,
    secret: Option<String>,
) -> Result<Response, PageError> {
    let tokens = api_tokens::list(s.db.pool(), &staff.caller.authz).await.or_page(staff)?;
    Ok(page(&TokensPage { c: staff.shell("tokens", f), tokens, groups: perm_groups(), secret }))
}

async fn token_list(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    tokens_page(&s, &staff, &f, None).await
}

/// Create a token and show its secret once, on this response only.
async fn token_create(State(s): State<AppState>, staff: Staff, Form(form): Form<Vec<(String, String)>>) -> Response {
    let name = form.iter().find(|(k, _)| k == "name").map(|(_, v)| v.clone()).unwrap_or_default();
    let scopes: Vec<String> = form.iter().filter(|(k, _)| k == "scopes").map(|(_, v)| v.clone()).collect();
    let days =
        form.iter().find(|(k, _)| k == "expires_in_days").map(|(_, v)| v.trim().to_string()).filter(|d| !d.is_empty());
    let result = async {
        let scopes = if scopes.is_empty() { PermSet::new() } else { role_admin::parse_permissions(&scopes)? };
        let expires = match days {
            Some(d) => {
                let d = d.parse::<i64>().map_err(|_| AppError::field(ErrorCode::InvalidNumber, "expires_in_days"))?;
                let max = api_tokens::MAX_TOKEN_DAYS;
                Some(s.clock.now_micros() + bounded_duration("expires_in_days", d, max, MICROS_PER_DAY)?)
            }
            None => None,
        };
        api_tokens::create(&s.db, s.clock.as_ref(), &staff.caller.authz, &name, &scopes, expires).await
    }
    .await;
    match result {
        Ok((_, secret)) => {
            let f = FlashQuery { notice: Some("token-created".into()), ..Default::default() };
            tokens_page(&s, &staff, &f, Some(secret)).await.unwrap_or_else(IntoResponse::into_response)
        }
        Err(e) => after("/settings/tokens", Err(e)).into_response(),
    }
}

async fn token_revoke(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result = async { api_tokens::revoke(&s.db, s.clock.as_ref(), &staff.caller.authz, parse(&id)?).await }.await;
    after("/settings/tokens", result.map(|_| "token-revoked")).into_response()
}
