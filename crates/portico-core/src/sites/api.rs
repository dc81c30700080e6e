//! Site themes and domains through the API (admins). A theme's id is its workspace's (the
//! workspace's own theme, plain until set) or its unit's.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use portico_http::api::{ErrorBody, List};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, Caller};
use portico_http::state::AppState;
use portico_kernel::{AppError, UnitId};
use portico_sites::{Domain, DomainInput, Theme, ThemeInput, domains, theme};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{address, sites, sites_root};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_themes))
        .routes(routes!(get_theme, put_theme, delete_theme))
        .routes(routes!(put_logo))
        .routes(routes!(list_domains, add_domain))
        .routes(routes!(remove_domain))
}

#[derive(Serialize, ToSchema)]
pub struct ThemeView {
    #[serde(flatten)]
    pub theme: Theme,
    /// Where its sites are on Portico's own host.
    pub url: String,
}

async fn view(s: &AppState, caller: &Caller, theme: Theme) -> Result<ThemeView, AppError> {
    Ok(ThemeView { url: address(&sites_root(s, caller).await?, &theme), theme })
}

#[utoipa::path(get, path = "/api/v1/site-themes", tag = "sites", responses((status = 200, body = List<ThemeView>), (status = 403, body = ErrorBody)))]
async fn list_themes(State(s): State<AppState>, caller: Caller) -> Result<Json<List<ThemeView>>, ApiError> {
    let admin = caller.authz.admin()?;
    let root = sites_root(&s, &caller).await?;
    let items = theme::list(s.db.pool(), &admin)
        .await?
        .into_iter()
        .map(|theme| ThemeView { url: address(&root, &theme), theme })
        .collect();
    Ok(Json(List { items, next_cursor: None }))
}

#[utoipa::path(get, path = "/api/v1/site-themes/{id}", tag = "sites", responses((status = 200, body = ThemeView), (status = 404, body = ErrorBody)))]
async fn get_theme(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<ThemeView>, ApiError> {
    let admin = caller.authz.admin().map_err(|_| AppError::not_found())?;
    let t = theme::get(s.db.pool(), &admin, &id).await?;
    Ok(Json(view(&s, &caller, t).await?))
}

/// Set the workspace's theme (`id` = the workspace's id) or a unit's (`id` = the unit's id,
/// with its `path`), creating it the first time. Custom CSS is sanitized: what could load a
/// resource or run script is dropped.
#[utoipa::path(put, path = "/api/v1/site-themes/{id}", tag = "sites", request_body = ThemeInput,
    responses((status = 200, body = ThemeView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put_theme(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ThemeInput>,
) -> Result<Json<ThemeView>, ApiError> {
    let admin = caller.authz.admin().map_err(|_| AppError::not_found())?;
    let unit = unit_of(&caller, &id)?;
    let t = theme::save(&s.db, &admin, unit, &sites(&s), &input, s.clock.now_micros()).await?;
    s.site_hosts.clear();
    Ok(Json(view(&s, &caller, t).await?))
}

/// `None` for the workspace's own theme, the unit for a unit's; another id names nothing.
pub(super) fn unit_of(caller: &Caller, id: &str) -> Result<Option<UnitId>, AppError> {
    if id == caller.authz.workspace().to_db() {
        return Ok(None);
    }
    let unit: UnitId = crate::parse(id)?;
    if caller.authz.tree().get(unit).is_none() {
        return Err(AppError::not_found());
    }
    Ok(Some(unit))
}

/// Remove a unit's own look (its sites then use the workspace's); the workspace's look is
/// changed with PUT, never removed (409).
#[utoipa::path(delete, path = "/api/v1/site-themes/{id}", tag = "sites", responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_theme(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let admin = caller.authz.admin().map_err(|_| AppError::not_found())?;
    theme::delete(&s.db, &admin, &id, s.clock.now_micros()).await?;
    s.site_hosts.clear();
    Ok(StatusCode::NO_CONTENT)
}

/// Replace the theme's logo: the request body is the image (PNG, JPEG, WebP or SVG, at most
/// 256 KB), its type in `Content-Type`.
#[utoipa::path(put, path = "/api/v1/site-themes/{id}/logo", tag = "sites",
    request_body(content = String, content_type = "image/png", description = "The image's bytes"),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody)))]
async fn put_logo(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let admin = caller.authz.admin().map_err(|_| AppError::not_found())?;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    theme::set_logo(&s.db, &admin, &id, content_type, &body, s.clock.now_micros()).await?;
    s.site_hosts.clear();
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/site-domains", tag = "sites", responses((status = 200, body = List<Domain>), (status = 403, body = ErrorBody)))]
async fn list_domains(State(s): State<AppState>, caller: Caller) -> Result<Json<List<Domain>>, ApiError> {
    let admin = caller.authz.admin()?;
    Ok(Json(List { items: domains::list(s.db.pool(), &admin).await?, next_cursor: None }))
}

/// Serve a theme's sites on a host of the workspace's (point its DNS at Portico): `site` at
/// its root, the others under their names.
#[utoipa::path(post, path = "/api/v1/site-domains", tag = "sites", request_body = DomainInput,
    responses((status = 201, body = Domain), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn add_domain(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<DomainInput>,
) -> Result<(StatusCode, Json<Domain>), ApiError> {
    let admin = caller.authz.admin()?;
    let d = domains::add(&s.db, &admin, &sites(&s), &s.main_host, &input, s.clock.now_micros()).await?;
    s.site_hosts.clear();
    Ok((StatusCode::CREATED, Json(d)))
}

#[utoipa::path(delete, path = "/api/v1/site-domains/{id}", tag = "sites", responses((status = 204), (status = 404, body = ErrorBody)))]
async fn remove_domain(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let admin = caller.authz.admin().map_err(|_| AppError::not_found())?;
    domains::remove(&s.db, &admin, &id, s.clock.now_micros()).await?;
    s.site_hosts.clear();
    Ok(StatusCode::NO_CONTENT)
}
