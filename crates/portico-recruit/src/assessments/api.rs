//! Assessment providers (admins) and results through the API; the settings page.

use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portico_http::api::{ErrorBody, List, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, Caller};
use portico_http::form::FormState;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, render};
use portico_kernel::AppError;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Assessment, NewProvider, Provider};
use crate::VIEW;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_providers, create_provider))
        .routes(routes!(delete_provider))
        .routes(routes!(list_assessments))
        .routes(routes!(get_assessment))
}

/// Where a provider posts, on this install's own address.
fn endpoint(s: &AppState, id: &str) -> String {
    format!("{}://{}/hooks/recruit/assessments/{id}", s.main_scheme, s.main_host)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProviderInput {
    pub name: String,
}

/// The assessment platforms that may post results (admins).
#[utoipa::path(get, path = "/api/v1/recruit/assessment-providers", tag = "recruit",
    responses((status = 200, body = List<Provider>), (status = 403, body = ErrorBody)))]
async fn list_providers(State(s): State<AppState>, caller: Caller) -> Result<Json<List<Provider>>, ApiError> {
    let admin = caller.authz.admin()?;
    Ok(Json(List { items: super::providers(s.db.pool(), &admin).await?, next_cursor: None }))
}

/// Add a provider (admins): the answer holds the secret it signs with, shown this once, and
/// the address it posts to.
#[utoipa::path(post, path = "/api/v1/recruit/assessment-providers", tag = "recruit", request_body = ProviderInput,
    responses((status = 201, body = NewProvider), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_provider(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<ProviderInput>,
) -> Result<(StatusCode, Json<NewProvider>), ApiError> {
    let admin = caller.authz.admin()?;
    let (provider, secret) = super::add_provider(&s.db, &admin, &b.name, s.clock.now_micros()).await?;
    let endpoint = endpoint(&s, &provider.id);
    Ok((StatusCode::CREATED, Json(NewProvider { provider, secret, endpoint })))
}

/// Remove a provider (admins): it can post no more; its results stay.
#[utoipa::path(delete, path = "/api/v1/recruit/assessment-providers/{id}", tag = "recruit",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_provider(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let admin = caller.authz.admin().map_err(|_| AppError::not_found())?;
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    super::remove_provider(&s.db, &admin, &id, s.clock.now_micros()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The assessment results of an application.
#[utoipa::path(get, path = "/api/v1/recruit/applications/{id}/assessments", tag = "recruit",
    responses((status = 200, body = List<Assessment>), (status = 404, body = ErrorBody)))]
async fn list_assessments(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<List<Assessment>>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let scope = caller.authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    crate::applications::store::get(s.db.pool(), &scope, &id).await?;
    Ok(Json(List { items: super::of_application(s.db.pool(), scope.workspace(), &id).await?, next_cursor: None }))
}

#[utoipa::path(get, path = "/api/v1/recruit/assessments/{id}", tag = "recruit",
    responses((status = 200, body = Assessment), (status = 404, body = ErrorBody)))]
async fn get_assessment(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Assessment>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    let scope = caller.authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    Ok(Json(super::get(s.db.pool(), &scope, &id).await?))
}

#[derive(Template)]
#[template(path = "recruit_assessments.html")]
pub(crate) struct ProvidersPage {
    c: Shell,
    providers: Vec<(Provider, String)>,
    /// A provider just added, with its secret (shown once).
    added: Option<NewProvider>,
    form: FormState,
}

async fn providers_page(
    s: &AppState,
    staff: &Staff,
    f: &FlashQuery,
    added: Option<NewProvider>,
    form: FormState,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(staff)?;
    let providers = super::providers(s.db.pool(), &admin)
        .await
        .or_page(staff)?
        .into_iter()
        .map(|p| {
            let e = endpoint(s, &p.id);
            (p, e)
        })
        .collect();
    let p = ProvidersPage { c: staff.shell("recruit-assessments", f), providers, added, form };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn page(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    providers_page(&s, &staff, &f, None, FormState::fresh()).await
}

pub(crate) async fn add(
    State(s): State<AppState>,
    staff: Staff,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Response {
    let name = portico_http::form::sent(&form, "name").to_string();
    let added = async {
        let admin = staff.caller.authz.admin()?;
        super::add_provider(&s.db, &admin, &name, s.clock.now_micros()).await
    }
    .await;
    match added {
        Ok((provider, secret)) => {
            let endpoint = endpoint(&s, &provider.id);
            let new = NewProvider { provider, secret, endpoint };
            providers_page(&s, &staff, &FlashQuery::default(), Some(new), FormState::fresh()).await.into_response()
        }
        Err(e) => {
            let state =
                FormState::failed("provider", &std::collections::BTreeMap::from([("name", name)]), &e, &staff.tr());
            providers_page(&s, &staff, &FlashQuery::default(), None, state).await.into_response()
        }
    }
}

pub(crate) async fn remove(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        let id = crate::parse::<uuid::Uuid>(&id)?.to_string();
        super::remove_provider(&s.db, &admin, &id, s.clock.now_micros()).await
    }
    .await;
    after("/recruit/assessments", result.map(|()| "deleted")).into_response()
}
