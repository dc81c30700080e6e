use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portico_auth::invites::{self, InviteInput};
use portico_auth::users::{self, ProfileInput, User, UserGrant};
use portico_authz::units::parse_unit;
use portico_kernel::{AppError, ErrorCode, RoleId, UserId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use portico_http::api::{ErrorBody, List, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, ApiQuery, Caller, Links};
use portico_http::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, invite_user))
        .routes(routes!(get_user, update_user))
        .routes(routes!(list_grants, add_grant))
        .routes(routes!(remove_grant))
        .routes(routes!(set_status))
        .routes(routes!(erase_user))
        .routes(routes!(list_invitations))
        .routes(routes!(revoke_invitation))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UserQuery {
    pub cursor: Option<String>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// id, name, email, status, last_login or created.
    pub sort: Option<String>,
    pub order: Option<portico_http::api::Order>,
    /// Part of a name or e-mail.
    pub q: Option<String>,
    /// `active` or `disabled`.
    pub status: Option<String>,
}

/// Users the caller may see.
#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(UserQuery), responses((status = 200, body = List<User>), (status = 401, body = ErrorBody)))]
async fn list_users(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<UserQuery>,
) -> Result<Json<List<User>>, ApiError> {
    let page = portico_http::api::page_request(&q.cursor, q.limit, &q.sort, q.order)?;
    let filter = users::UserFilter { q: q.q.as_deref(), status: q.status.as_deref() };
    Ok(Json(users::list(s.db.pool(), &caller.authz, &page, filter).await?.into()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Invite {
    pub email: String,
    #[serde(default)]
    pub name: String,
    pub role_id: String,
    pub unit_id: String,
}

#[derive(Serialize, ToSchema)]
pub struct Invited {
    pub invitation_id: String,
    /// The link sent by e-mail, for admins who hand it over another way.
    pub invitation_url: String,
}

/// Invite someone by e-mail with a role on a unit (admins).
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = Invite,
    responses((status = 201, body = Invited), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn invite_user(
    State(s): State<AppState>,
    caller: Caller,
    Links(links): Links,
    ApiJson(body): ApiJson<Invite>,
) -> Result<(StatusCode, Json<Invited>), ApiError> {
    let role: RoleId = body.role_id.parse().map_err(|_| AppError::field(ErrorCode::InvalidValue, "role_id"))?;
    let unit = parse_unit("unit_id", &body.unit_id)?;
    let input = InviteInput { email: body.email, name: body.name, role, unit };
    let (id, token) = invites::create(&s.db, s.clock.as_ref(), &caller.authz, &links, input).await?;
    Ok((
        StatusCode::CREATED,
        Json(Invited { invitation_id: id.to_db(), invitation_url: links.link(&format!("/invite/{token}")) }),
    ))
}

/// Invitations waiting to be accepted (admins).
#[utoipa::path(get, path = "/api/v1/invitations", tag = "users", responses((status = 200, body = List<invites::PendingInvitation>), (status = 403, body = ErrorBody)))]
async fn list_invitations(
    State(s): State<AppState>,
    caller: Caller,
) -> Result<Json<List<invites::PendingInvitation>>, ApiError> {
    Ok(Json(List {
        items: invites::pending(s.db.pool(), &caller.authz.admin()?, s.clock.now_micros()).await?,
        next_cursor: None,
    }))
}

/// Withdraw an invitation; its link stops working (admins).
#[utoipa::path(delete, path = "/api/v1/invitations/{id}", tag = "users", responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn revoke_invitation(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    invites::revoke(&s.db, s.clock.as_ref(), &caller.authz.admin()?, path_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", responses((status = 200, body = User), (status = 404, body = ErrorBody)))]
async fn get_user(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<User>, ApiError> {
    Ok(Json(users::get(s.db.pool(), &caller.authz, path_id(&id)?).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    pub name: Option<String>,
    /// en, fr or hr; empty to follow the browser.
    pub locale: Option<String>,
    pub time_zone: Option<String>,
}

/// Change one's own profile, or anyone's as an admin.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", request_body = UserPatch,
    responses((status = 200, body = User), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_user(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<UserPatch>,
) -> Result<Json<User>, ApiError> {
    let id: UserId = path_id(&id)?;
    let current = users::get(s.db.pool(), &caller.authz, id).await?;
    let input = ProfileInput {
        name: body.name.unwrap_or(current.name),
        locale: body.locale.or(current.locale),
        time_zone: body.time_zone.or(Some(current.time_zone)),
    };
    users::update_profile(&s.db, s.clock.as_ref(), &caller.authz, id, input).await?;
    Ok(Json(users::get(s.db.pool(), &caller.authz, id).await?))
}

#[utoipa::path(get, path = "/api/v1/users/{id}/grants", tag = "users", responses((status = 200, body = List<UserGrant>), (status = 404, body = ErrorBody)))]
async fn list_grants(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<List<UserGrant>>, ApiError> {
    Ok(Json(List { items: users::grants(s.db.pool(), &caller.authz, path_id(&id)?).await?, next_cursor: None }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewGrant {
    pub role_id: String,
    pub unit_id: String,
}

/// Give a role on a unit (admins). A grant covers the unit's sub-units.
#[utoipa::path(post, path = "/api/v1/users/{id}/grants", tag = "users", request_body = NewGrant,
    responses((status = 201, body = List<UserGrant>), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_grant(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewGrant>,
) -> Result<(StatusCode, Json<List<UserGrant>>), ApiError> {
    let user: UserId = path_id(&id)?;
    let role: RoleId = body.role_id.parse().map_err(|_| AppError::field(ErrorCode::InvalidValue, "role_id"))?;
    let unit = parse_unit("unit_id", &body.unit_id)?;
    users::grant(&s.db, s.clock.as_ref(), &caller.authz, user, role, unit).await?;
    Ok((
        StatusCode::CREATED,
        Json(List { items: users::grants(s.db.pool(), &caller.authz, user).await?, next_cursor: None }),
    ))
}

#[utoipa::path(delete, path = "/api/v1/users/{id}/grants/{grant_id}", tag = "users", responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn remove_grant(
    State(s): State<AppState>,
    caller: Caller,
    Path((id, grant_id)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    users::revoke_grant(&s.db, s.clock.as_ref(), &caller.authz, path_id(&id)?, &grant_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    /// `active` or `disabled`. Disabling ends the user's sessions.
    pub status: String,
}

#[utoipa::path(post, path = "/api/v1/users/{id}/status", tag = "users", request_body = StatusChange,
    responses((status = 200, body = User), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn set_status(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<StatusChange>,
) -> Result<Json<User>, ApiError> {
    let id: UserId = path_id(&id)?;
    let active = match body.status.as_str() {
        "active" => true,
        "disabled" => false,
        _ => return Err(AppError::field(ErrorCode::InvalidValue, "status").into()),
    };
    users::set_status(&s.db, s.clock.as_ref(), &caller.authz, id, active).await?;
    Ok(Json(users::get(s.db.pool(), &caller.authz, id).await?))
}

/// Erase a disabled account's name and address everywhere Portico holds them (GDPR): the
/// account stays, as `[erased]`, and its sessions, tokens, notifications and grants go.
#[utoipa::path(post, path = "/api/v1/users/{id}/erase", tag = "users",
    responses((status = 200, body = crate::contacts::erase::Erasure), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn erase_user(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<crate::contacts::erase::Erasure>, ApiError> {
    Ok(Json(super::erase::erase(&s.db, s.registry(), s.clock.as_ref(), &caller.authz, path_id(&id)?).await?))
}
