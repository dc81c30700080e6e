//! The people pages: the list, invitations, one person's roles, status and "why can they see this".

use crate::parse;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use portico_auth::invites::{self, InviteInput};
use portico_auth::users::{self, User, UserGrant};
use portico_authz::units::{self, Unit};
use portico_authz::{Role, store};
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, page};
use portico_kernel::{AppError, ErrorCode, PageRequest, Permission, RoleId, UserId};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "users.html")]
pub(crate) struct UsersPage {
    c: Shell,
    users: Vec<User>,
    next: Option<String>,
    q: String,
    roles: Vec<Role>,
    units: Vec<Unit>,
    invited: Option<String>,
    pending: Vec<invites::PendingInvitation>,
    columns: portico_http::custom::Columns,
}

#[derive(Deserialize)]
pub(crate) struct UsersQuery {
    q: Option<String>,
    cursor: Option<String>,
    #[serde(flatten)]
    flash: FlashQuery,
}

pub(crate) async fn users_page(
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
    let columns = portico_http::custom::list_columns(s, authz.as_ref(), "user", &ids).await.or_page(staff)?;
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

pub(crate) async fn user_list(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<UsersQuery>,
) -> Result<Response, PageError> {
    users_page(&s, &staff, &q, None).await
}

pub(crate) async fn invitation_revoke(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result =
        async { invites::revoke(&s.db, s.clock.as_ref(), &staff.caller.authz.admin()?, parse(&id)?).await }.await;
    after("/settings/users", result.map(|_| "invitation-revoked")).into_response()
}

#[derive(Deserialize)]
pub(crate) struct InviteForm {
    email: String,
    #[serde(default)]
    name: String,
    role_id: String,
    unit_id: String,
}

/// Invite, then show the link once on the page (it is also e-mailed).
pub(crate) async fn user_invite(State(s): State<AppState>, staff: Staff, Form(f): Form<InviteForm>) -> Response {
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
    record_type: &'static str,
    record_id: String,
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
    let tr = staff.tr();
    let explanation = match (&q.unit_id, &q.permission, admin) {
        (Some(u), Some(p), true) => {
            let x = crate::users::explain::explain_for(&s, &staff.caller, &id, u, p).await.or_page(&staff)?;
            Some(Explained { allowed: x.allowed, reasons: x.reasons.iter().map(|r| reason(&tr, r)).collect() })
        }
        _ => None,
    };
    let fields = portico_http::custom::form_fields(&s, authz.as_ref(), "user", &id).await.or_page(&staff)?;
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
        perms: Permission::all().into_iter().map(|p| p.to_string()).collect(),
        explanation,
        ask: q,
    }))
}

#[derive(Deserialize)]
pub(crate) struct GrantForm {
    role_id: String,
    unit_id: String,
}

pub(crate) async fn grant_add(
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

/// An explanation as the page shows it: the verdict and its reasons, in words.
pub(crate) struct Explained {
    allowed: bool,
    reasons: Vec<String>,
}

/// One line of a permission explanation, in the reader's language.
fn reason(tr: &portico_http::i18n::Tr, r: &portico_authz::Reason) -> String {
    use portico_authz::Reason::*;
    match r {
        Grants { role, granted_on, permission, unit } => tr.with(
            "why-grants",
            &[("role", role), ("granted_on", granted_on), ("permission", permission), ("unit", unit)],
        ),
        OutsideReach { role, granted_on, permission, unit } => tr.with(
            "why-outside",
            &[("role", role), ("granted_on", granted_on), ("permission", permission), ("unit", unit)],
        ),
        NotInRole { role, granted_on, permission } => {
            tr.with("why-not-in-role", &[("role", role), ("granted_on", granted_on), ("permission", permission)])
        }
        NoRole => tr.t("why-no-role"),
        TokenScope { permission } => tr.with("why-token-scope", &[("permission", permission)]),
        PreviewReadOnly => tr.t("why-preview"),
    }
}
