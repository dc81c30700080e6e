//! Contacts through the API.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portico_authz::units::parse_unit;
use portico_http::api::{ErrorBody, List, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, ApiQuery, Caller};
use portico_http::state::AppState;
use portico_kernel::{AppError, ContactId};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::store::{self, Contact, ContactFilter, ContactInput, VIEW};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_contacts, create_contact))
        .routes(routes!(get_contact, update_contact, delete_contact))
        .routes(routes!(erase_contact))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ContactQuery {
    pub cursor: Option<String>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// id, name, email, company or updated.
    pub sort: Option<String>,
    pub order: Option<portico_http::api::Order>,
    /// Part of a name, e-mail or company.
    pub q: Option<String>,
    /// Contacts of this unit only.
    pub unit_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ContactDetail {
    #[serde(flatten)]
    pub contact: Contact,
    /// Values of the workspace's custom fields for contacts.
    pub custom_fields: Map<String, Value>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewContact {
    pub unit_id: String,
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub company: String,
    /// en, fr or hr (default en).
    #[serde(default)]
    pub locale: String,
    #[serde(default)]
    pub custom_fields: Map<String, Value>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactPatch {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
    pub locale: Option<String>,
    pub custom_fields: Option<Map<String, Value>>,
}

/// The contacts the caller may see.
#[utoipa::path(get, path = "/api/v1/contacts", tag = "contacts", params(ContactQuery),
    responses((status = 200, body = List<Contact>), (status = 401, body = ErrorBody)))]
async fn list_contacts(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<ContactQuery>,
) -> Result<Json<List<Contact>>, ApiError> {
    let scope = caller.authz.scope(VIEW)?;
    let page = portico_http::api::page_request(&q.cursor, q.limit, &q.sort, q.order)?;
    let unit = q.unit_id.as_deref().map(|u| parse_unit("unit_id", u)).transpose()?;
    let filter = ContactFilter { q: q.q.as_deref(), unit };
    Ok(Json(store::list(s.db.pool(), &scope, &page, filter).await?.into()))
}

async fn detail(s: &AppState, caller: &Caller, id: ContactId) -> Result<ContactDetail, AppError> {
    let scope = caller.authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let contact = store::get(s.db.pool(), &scope, id).await?;
    let custom_fields = portico_fields::load_values(s.db.pool(), &scope, store::KIND, &contact.id).await?;
    Ok(ContactDetail { contact, custom_fields })
}

/// Add a contact to a unit.
#[utoipa::path(post, path = "/api/v1/contacts", tag = "contacts", request_body = NewContact,
    responses((status = 201, body = ContactDetail), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_contact(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<NewContact>,
) -> Result<(StatusCode, Json<ContactDetail>), ApiError> {
    let unit = parse_unit("unit_id", &b.unit_id)?;
    let input = ContactInput { name: b.name, email: b.email, phone: b.phone, company: b.company, locale: b.locale };
    let id = store::create(&s.db, s.clock.as_ref(), &caller.authz, unit, &input, &b.custom_fields).await?;
    Ok((StatusCode::CREATED, Json(detail(&s, &caller, id).await?)))
}

#[utoipa::path(get, path = "/api/v1/contacts/{id}", tag = "contacts",
    responses((status = 200, body = ContactDetail), (status = 404, body = ErrorBody)))]
async fn get_contact(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ContactDetail>, ApiError> {
    Ok(Json(detail(&s, &caller, path_id(&id)?).await?))
}

/// Change a contact: the fields given, custom values merged.
#[utoipa::path(patch, path = "/api/v1/contacts/{id}", tag = "contacts", request_body = ContactPatch,
    responses((status = 200, body = ContactDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_contact(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(p): ApiJson<ContactPatch>,
) -> Result<Json<ContactDetail>, ApiError> {
    let id: ContactId = path_id(&id)?;
    let now = detail(&s, &caller, id).await?.contact;
    let input = ContactInput {
        name: p.name.unwrap_or(now.name),
        email: p.email.unwrap_or(now.email.unwrap_or_default()),
        phone: p.phone.unwrap_or(now.phone),
        company: p.company.unwrap_or(now.company),
        locale: p.locale.unwrap_or(now.locale),
    };
    store::update(&s.db, s.clock.as_ref(), &caller.authz, id, &input, &p.custom_fields.unwrap_or_default()).await?;
    Ok(Json(detail(&s, &caller, id).await?))
}

/// Erase the contact's personal data: their record stays, saying no longer who they were,
/// and their name, address and phone leave every other record that held them.
#[utoipa::path(post, path = "/api/v1/contacts/{id}/erase", tag = "contacts",
    responses((status = 200, body = super::erase::Erasure), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn erase_contact(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<super::erase::Erasure>, ApiError> {
    Ok(Json(super::erase::erase(&s.db, s.registry(), s.clock.as_ref(), &caller.authz, path_id(&id)?).await?))
}

#[utoipa::path(delete, path = "/api/v1/contacts/{id}", tag = "contacts",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_contact(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    store::delete(&s.db, s.clock.as_ref(), &caller.authz, path_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
