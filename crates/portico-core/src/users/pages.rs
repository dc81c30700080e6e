//! The people pages: the list, invitations, one person's roles, status and "why can they see this".

use crate::parse;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use portico_auth::invites::{self, InviteInput};
use portico_auth::users::{self, User, UserGrant};
use portico_authz::units::{self, Unit};
use portico_authz::{Role, store};
use portico_http::extract::Links;
use portico_http::form::FormState;
use portico_http::list::{self, Bulk, Cell, Column, Filter, ListQuery, ListView, Row};
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, render};
use portico_kernel::{AppError, ErrorCode, Page, Permission, RoleId, UserId};
use serde::{Deserialize, Serialize};

#[derive(Template)]
#[template(path = "users.html")]
pub(crate) struct UsersPage {
    c: Shell,
    list: ListView,
    roles: Vec<Role>,
    units: Vec<Unit>,
    invited: Option<String>,
    pending: Vec<invites::PendingInvitation>,
    form: FormState,
}

#[derive(Deserialize, Default)]
pub(crate) struct UsersQuery {
    #[serde(flatten)]
    list: ListQuery,
    status: Option<String>,
    #[serde(flatten)]
    flash: FlashQuery,
}

/// The people list: its columns (custom fields last), one row per person.
async fn people(
    s: &AppState,
    staff: &Staff,
    q: &UsersQuery,
    page: Page<User>,
    chosen: Option<&str>,
) -> Result<ListView, AppError> {
    let (authz, tr) = (&staff.caller.authz, staff.tr());
    let ids: Vec<String> = page.items.iter().map(|u| u.id.clone()).collect();
    let custom = portico_http::custom::list_columns(s, authz.as_ref(), "user", &ids, &tr).await?;
    let mut columns = vec![
        Column::new("name", tr.t("field-name")).sorted("name").fixed(),
        Column::new("email", tr.t("field-email")).sorted("email").nowrap(),
        Column::new("status", tr.t("col-status")).sorted("status"),
        Column::new("last_login", tr.t("col-last-login")).sorted("last_login").nowrap(),
        Column::new("created", tr.t("col-created")).sorted("created").nowrap(),
    ];
    columns.extend(custom.columns());
    let rows = page
        .items
        .iter()
        .zip(&custom.cells)
        .map(|(u, values)| {
            let tone = if u.status == "active" { "ok" } else { "bad" };
            let mut cells = vec![
                Cell::link(u.name.clone(), format!("/settings/users/{}", u.id)),
                Cell::text(u.email.clone()),
                Cell::badge(tr.t(&format!("status-{}", u.status)), tone),
                u.last_login_at.map(|t| Cell::text(tr.datetime(t))).unwrap_or_else(|| Cell::muted("—")),
                Cell::text(tr.date(u.created_at)),
            ];
            cells.extend(portico_http::custom::Columns::row(values));
            Row { id: u.id.clone(), cells }
        })
        .collect();
    let status = Filter {
        name: "status",
        label: tr.t("col-status"),
        options: vec![
            (String::new(), tr.t("filter-all")),
            ("active".into(), tr.t("status-active")),
            ("disabled".into(), tr.t("status-disabled")),
        ],
        value: q.status.clone().unwrap_or_default(),
    };
    let mut list = ListView::new("users", "/settings/users", columns, &page, &q.list, chosen, &tr)
        .rows(rows)
        .filter(status)
        .empty(tr.t("users-empty"))
        .no_match(tr.t("users-empty"));
    if authz.is_admin() {
        list = list.bulk(Bulk {
            action: "/settings/users/bulk".into(),
            choices: vec![
                ("enable", tr.t("users-enable"), None),
                ("disable", tr.t("users-disable"), Some(tr.t("users-disable-confirm"))),
            ],
            ..Default::default()
        });
    }
    Ok(list)
}

fn filter<'a>(q: &'a UsersQuery) -> users::UserFilter<'a> {
    users::UserFilter { q: q.list.search(), status: q.status.as_deref().filter(|s| !s.is_empty()) }
}

pub(crate) async fn users_page(
    s: &AppState,
    staff: &Staff,
    q: &UsersQuery,
    chosen: Option<&str>,
    invited: Option<String>,
    form: FormState,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let req = q.list.request(50).or_page(staff)?;
    let page = users::list(s.db.pool(), authz, &req, filter(q)).await.or_page(staff)?;
    let list = people(s, staff, q, page, chosen).await.or_page(staff)?;
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
    let p = UsersPage { c: staff.shell("users", &q.flash), list, roles, units, invited, pending, form };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn user_list(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Query(q): Query<UsersQuery>,
) -> Result<Response, PageError> {
    let chosen = list::chosen(&headers, "users");
    if q.list.wants_csv() {
        let authz = &staff.caller.authz;
        let (pool, f) = (s.db.pool(), filter(&q));
        let all = list::all_rows(&q.list, |req| async move { users::list(pool, authz, &req, f).await })
            .await
            .or_page(&staff)?;
        let view = people(&s, &staff, &q, all, chosen.as_deref()).await.or_page(&staff)?;
        return Ok(list::csv_response("people", view.csv()));
    }
    users_page(&s, &staff, &q, chosen.as_deref(), None, FormState::fresh()).await
}

/// Enable or disable the selected people (admins).
pub(crate) async fn users_bulk(
    State(s): State<AppState>,
    staff: Staff,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let action = f.iter().find(|(k, _)| k == "action").map(|(_, v)| v.as_str()).unwrap_or("");
    let ids: Vec<&str> = f.iter().filter(|(k, _)| k == "id").map(|(_, v)| v.as_str()).collect();
    let result = async {
        let active = match action {
            "enable" => true,
            "disable" => false,
            _ => return Err(AppError::field(ErrorCode::InvalidValue, "action")),
        };
        for id in &ids {
            users::set_status(&s.db, s.clock.as_ref(), &staff.caller.authz, parse(id)?, active).await?;
        }
        Ok(())
    }
    .await;
    after("/settings/users", result.map(|_| "saved")).into_response()
}

pub(crate) async fn invitation_revoke(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result =
        async { invites::revoke(&s.db, s.clock.as_ref(), &staff.caller.authz.admin()?, parse(&id)?).await }.await;
    after("/settings/users", result.map(|_| "invitation-revoked")).into_response()
}

#[derive(Deserialize, Serialize)]
pub(crate) struct InviteForm {
    email: String,
    #[serde(default)]
    name: String,
    role_id: String,
    unit_id: String,
}

/// Invite, then show the link once on the page (it is also e-mailed); a refused invitation
/// shows the form again with its error.
pub(crate) async fn user_invite(
    State(s): State<AppState>,
    staff: Staff,
    Links(links): Links,
    Form(f): Form<InviteForm>,
) -> Response {
    let result = async {
        let role: RoleId = f.role_id.parse().map_err(|_| AppError::field(ErrorCode::InvalidValue, "role_id"))?;
        let unit = units::parse_unit("unit_id", &f.unit_id)?;
        let input = InviteInput { email: f.email.clone(), name: f.name.clone(), role, unit };
        invites::create(&s.db, s.clock.as_ref(), &staff.caller.authz, &links, input).await
    }
    .await;
    let (q, link, form) = match result {
        Ok((_, token)) => {
            let flash = FlashQuery { notice: Some("invited".into()), ..Default::default() };
            (
                UsersQuery { flash, ..Default::default() },
                Some(links.link(&format!("/invite/{token}"))),
                FormState::fresh(),
            )
        }
        Err(e) => (UsersQuery::default(), None, FormState::failed("invite", &f, &e, &staff.tr())),
    };
    users_page(&s, &staff, &q, None, link, form).await.unwrap_or_else(IntoResponse::into_response)
}

#[derive(Template)]
#[template(path = "user.html")]
pub(crate) struct UserPage {
    c: Shell,
    user: User,
    grants: Vec<UserGrant>,
    roles: Vec<Role>,
    units: Vec<Unit>,
    perms: Vec<String>,
    explanation: Option<Explained>,
    ask: ExplainQuery,
    is_self: bool,
    fields: Vec<portico_http::custom::FormField>,
    can_edit: bool,
    custom_action: String,
    form: FormState,
}

impl UserPage {
    /// A role the person holds, named as people read it.
    fn grant_role(&self, g: &UserGrant) -> String {
        match self.roles.iter().find(|r| r.id.to_db() == g.role_id) {
            Some(r) => self.c.role_name(r),
            None => g.role_name.clone(),
        }
    }
    /// A disabled account whose person may still be erased.
    fn erasable(&self) -> bool {
        self.user.status != "active" && self.user.name != portico_platform::erasure::ERASED
    }
    /// The unit a new role goes on by default: where the person already works.
    fn home_unit(&self) -> Option<String> {
        self.grants.first().map(|g| g.unit_id.clone())
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct ExplainQuery {
    unit_id: Option<String>,
    permission: Option<String>,
    #[serde(flatten)]
    flash: FlashQuery,
}

pub(crate) async fn user_page(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<ExplainQuery>,
) -> Result<Response, PageError> {
    user_view(&s, &staff, &id, q, FormState::fresh()).await
}

/// A person's page; `form` is its custom fields form when it comes back refused.
async fn user_view(
    s: &AppState,
    staff: &Staff,
    id: &str,
    q: ExplainQuery,
    form: FormState,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let uid: UserId = parse(id).or_page(staff)?;
    let user = users::get(s.db.pool(), authz, uid).await.or_page(staff)?;
    let grants = users::grants(s.db.pool(), authz, uid).await.or_page(staff)?;
    let admin = authz.is_admin();
    // Every role, to name the person's roles as people read them; units to grant on, for admins.
    let roles = store::list_roles(s.db.pool(), authz.workspace()).await.or_page(staff)?;
    let units_list = if admin { units::list(authz, &authz.scope(units::VIEW).or_page(staff)?) } else { Vec::new() };
    let tr = staff.tr();
    let explanation = match (&q.unit_id, &q.permission, admin) {
        (Some(u), Some(p), true) => {
            let x = crate::users::explain::explain_for(s, &staff.caller, id, u, p).await.or_page(staff)?;
            // Roles by the names people read (built-in ones in their language).
            let role_label = |name: &str| {
                roles.iter().find(|r| r.name == name).map_or_else(|| name.to_string(), |r| tr.role_name(r))
            };
            let reasons = x.reasons.iter().map(|r| reason(&tr, r, &role_label)).collect();
            Some(Explained { allowed: x.allowed, reasons })
        }
        _ => None,
    };
    let mut fields = portico_http::custom::form_fields(s, authz.as_ref(), users::KIND, id).await.or_page(staff)?;
    portico_http::custom::refill(&mut fields, &form, "custom", &tr);
    let p = UserPage {
        c: staff.shell("users", &q.flash),
        fields,
        can_edit: admin || staff.caller.user == uid,
        custom_action: format!("/settings/users/{uid}/custom"),
        form,
        is_self: staff.caller.user == uid,
        user,
        grants,
        roles,
        units: units_list,
        perms: Permission::all().into_iter().map(|p| p.to_string()).collect(),
        explanation,
        ask: q,
    };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn custom_save(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let uid: UserId = parse(&id).or_page(&staff)?;
    match portico_http::custom::save_form(&s, &staff.caller, users::KIND, &uid.to_db(), &form).await {
        Ok(()) => Ok(after(&format!("/settings/users/{uid}"), Ok("saved")).into_response()),
        Err(e) => {
            let state = FormState::failed("custom", &form, &e, &staff.tr());
            user_view(&s, &staff, &id, ExplainQuery::default(), state).await
        }
    }
}

#[derive(Deserialize, Serialize)]
pub(crate) struct GrantForm {
    role_id: String,
    unit_id: String,
}

pub(crate) async fn grant_add(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<GrantForm>,
) -> Result<Response, PageError> {
    let result = async {
        let role: RoleId = f.role_id.parse().map_err(|_| AppError::field(ErrorCode::InvalidValue, "role_id"))?;
        let unit = units::parse_unit("unit_id", &f.unit_id)?;
        users::grant(&s.db, s.clock.as_ref(), &staff.caller.authz, parse(&id)?, role, unit).await
    }
    .await;
    match result {
        Ok(_) => Ok(after(&format!("/settings/users/{id}"), Ok("saved")).into_response()),
        Err(e) => {
            let form = FormState::failed("grant", &f, &e, &staff.tr());
            user_view(&s, &staff, &id, ExplainQuery::default(), form).await
        }
    }
}

pub(crate) async fn grant_remove(
    State(s): State<AppState>,
    staff: Staff,
    Path((id, grant)): Path<(String, String)>,
) -> Response {
    let result =
        async { users::revoke_grant(&s.db, s.clock.as_ref(), &staff.caller.authz, parse(&id)?, &grant).await }.await;
    after(&format!("/settings/users/{id}"), result.map(|_| "saved")).into_response()
}

#[derive(Deserialize)]
pub(crate) struct StatusForm {
    status: String,
}

pub(crate) async fn user_status(
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

pub(crate) async fn user_erase(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result =
        async { super::erase::erase(&s.db, s.registry(), s.clock.as_ref(), &staff.caller.authz, parse(&id)?).await }
            .await;
    after(&format!("/settings/users/{id}"), result.map(|_| "user-erased")).into_response()
}

/// An explanation as the page shows it: the verdict and its reasons, in words.
pub(crate) struct Explained {
    allowed: bool,
    reasons: Vec<String>,
}

/// One line of a permission explanation, in the reader's language.
fn reason(tr: &portico_http::i18n::Tr, r: &portico_authz::Reason, role_label: &dyn Fn(&str) -> String) -> String {
    use portico_authz::Reason::*;
    let perm_of = |p: &str| tr.permission(p);
    match r {
        Grants { role, granted_on, permission, unit } => tr.with(
            "why-grants",
            &[
                ("role", &role_label(role)),
                ("granted_on", granted_on),
                ("permission", &perm_of(permission)),
                ("unit", unit),
            ],
        ),
        OutsideReach { role, granted_on, permission, unit } => tr.with(
            "why-outside",
            &[
                ("role", &role_label(role)),
                ("granted_on", granted_on),
                ("permission", &perm_of(permission)),
                ("unit", unit),
            ],
        ),
        NotInRole { role, granted_on, permission } => tr.with(
            "why-not-in-role",
            &[("role", &role_label(role)), ("granted_on", granted_on), ("permission", &perm_of(permission))],
        ),
        NoRole => tr.t("why-no-role"),
        TokenScope { permission } => tr.with("why-token-scope", &[("permission", &perm_of(permission))]),
        PreviewReadOnly => tr.t("why-preview"),
    }
}
