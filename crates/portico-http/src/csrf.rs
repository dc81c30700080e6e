//! CSRF protection by double submit: a random `portico_csrf` cookie
//! (SameSite=Strict, HttpOnly) must be echoed by every state-changing request
//! that is not authenticated by an API token: as the `_csrf` form field, the
//! `X-CSRF-Token` header (htmx sends it from the page's meta tag), or the
//! `_csrf` query parameter for multipart uploads.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, SameSite};
use portico_kernel::{AppError, ErrorCode};

use crate::error::ApiError;
use crate::state::AppState;

pub const COOKIE: &str = "portico_csrf";
pub const HEADER: &str = "x-csrf-token";
pub const FIELD: &str = "_csrf";
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// The token of this request, for templates.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

fn cookie_value(req: &Request) -> Option<String> {
    axum_extra::extract::CookieJar::from_headers(req.headers()).get(COOKIE).map(|c| c.value().to_string())
}

fn equal(a: &str, b: &str) -> bool {
    portico_auth::secret::equal(a.as_bytes(), b.as_bytes())
}

pub async fn layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let existing = cookie_value(&req);
    let token = existing.clone().unwrap_or_else(portico_auth::secret::random_token);
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let uses_api_token = req.headers().contains_key(header::AUTHORIZATION);
    if unsafe_method && !uses_api_token {
        let Some(expected) = existing.as_deref() else {
            return refused();
        };
        let presented = match presented_token(&mut req).await {
            Ok(t) => t,
            Err(resp) => return resp,
        };
        if !presented.as_deref().is_some_and(|p| equal(p, expected)) {
            return refused();
        }
    }
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut resp = next.run(req).await;
    if existing.is_none() {
        let cookie = Cookie::build((COOKIE, token))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Strict)
            .secure(state.secure_cookies())
            .build();
        if let Ok(v) = HeaderValue::from_str(&cookie.to_string()) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp
}

fn refused() -> Response {
    ApiError(AppError::new(ErrorCode::CsrfFailed)).into_response()
}

/// Find the token in the header, the query, or (for forms) the body, which is put back afterwards.
async fn presented_token(req: &mut Request) -> Result<Option<String>, Response> {
    if let Some(h) = req.headers().get(HEADER).and_then(|v| v.to_str().ok()) {
        return Ok(Some(h.to_string()));
    }
    if let Some(q) = req.uri().query()
        && let Some((_, v)) = form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == FIELD)
    {
        return Ok(Some(v.into_owned()));
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok(None);
    }
    let body = std::mem::replace(req.body_mut(), Body::empty());
    let bytes = to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| ApiError(AppError::new(ErrorCode::PayloadTooLarge)).into_response())?;
    let found = form_urlencoded::parse(&bytes).find(|(k, _)| k == FIELD).map(|(_, v)| v.into_owned());
    *req.body_mut() = Body::from(bytes);
    Ok(found)
}
