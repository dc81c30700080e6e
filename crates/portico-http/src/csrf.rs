//! CSRF protection. Every state-changing request that is not authenticated by an API token
//! must carry the page's token: as the `_csrf` form field, the `X-CSRF-Token` header (htmx
//! sends it from the page), or the `_csrf` query parameter for multipart uploads. Signed in,
//! the token is an HMAC of the session, so it is bound to it and changes at every sign-in;
//! before that, it is a random `portico_csrf` cookie (SameSite=Strict, HttpOnly) echoed back.
//! A browser's `Origin` (or `Referer`) must also be this site.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, SameSite};
use portico_kernel::secret;
use portico_kernel::{AppError, ErrorCode};

use crate::error::ApiError;
use crate::extract::SESSION_COOKIE;
use crate::state::AppState;

pub const COOKIE: &str = "portico_csrf";
pub const HEADER: &str = "x-csrf-token";
pub const FIELD: &str = "_csrf";
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// The token of this request, for templates.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    axum_extra::extract::CookieJar::from_headers(headers).get(name).map(|c| c.value().to_string())
}

fn equal(a: &str, b: &str) -> bool {
    secret::equal(a.as_bytes(), b.as_bytes())
}

/// The token a signed-in session's forms carry.
pub fn session_token(key: &[u8], session: &str) -> String {
    secret::b64(&secret::hmac_sha256(key, format!("csrf|{session}").as_bytes()))
}

/// A fresh pre-session token cookie (set when there is none, and again at every sign-in).
pub fn anonymous_cookie(state: &AppState) -> String {
    Cookie::build((COOKIE, secret::random_token()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.secure_cookies())
        .build()
        .to_string()
}

/// The request comes from a page of this site: its `Origin`, else its `Referer`, names the
/// host it was sent to. Requests without either (not from a browser) rely on the token alone.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return true;
    };
    let source = headers.get(header::ORIGIN).or_else(|| headers.get(header::REFERER));
    let Some(source) = source.and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let authority = source.split_once("://").map(|(_, rest)| rest.split('/').next().unwrap_or(""));
    authority.is_some_and(|a| a.eq_ignore_ascii_case(host))
}

pub async fn layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let session = cookie(req.headers(), SESSION_COOKIE);
    let anonymous = cookie(req.headers(), COOKIE);
    let expected = match &session {
        Some(s) => Some(session_token(&state.secret_key, s)),
        None => anonymous.clone(),
    };
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let uses_api_token = req.headers().contains_key(header::AUTHORIZATION);
    // An API call with no credential at all has nothing to forge: its handler answers 401.
    let bare_api_call = session.is_none() && req.uri().path().starts_with("/api/");
    if unsafe_method && !uses_api_token && !bare_api_call {
        let path = req.uri().path().to_string();
        if !same_origin(req.headers()) {
            return refused(&state, &req, &path);
        }
        let Some(expected) = expected.as_deref() else {
            return refused(&state, &req, &path);
        };
        let presented = match presented_token(&mut req).await {
            Ok(t) => t,
            Err(resp) => return resp,
        };
        if !presented.as_deref().is_some_and(|p| equal(p, expected)) {
            return refused(&state, &req, &path);
        }
    }
    // Only pages need a pre-session token (their forms carry it); an API call has a bearer
    // token or a session, and gets no cookie it would never use.
    let api_call = uses_api_token || req.uri().path().starts_with("/api/");
    let (token, new_cookie) = match expected {
        Some(t) => (t, None),
        None if api_call => (String::new(), None),
        None => {
            let c = anonymous_cookie(&state);
            let value = c.split(';').next().and_then(|kv| kv.split_once('=')).map(|(_, v)| v.to_string());
            (value.unwrap_or_default(), Some(c))
        }
    };
    req.extensions_mut().insert(CsrfToken(token));
    let mut resp = next.run(req).await;
    if let Some(c) = new_cookie
        && let Ok(v) = HeaderValue::from_str(&c)
    {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

/// A refused write: the API's JSON error; for a page's form, a page in the visitor's
/// language that leads back to the form (loaded again, it carries a valid token).
fn refused(state: &AppState, req: &Request, path: &str) -> Response {
    let e = AppError::new(ErrorCode::CsrfFailed);
    if path.starts_with("/api/") {
        return ApiError(e).into_response();
    }
    crate::site::refusal(req.headers(), req.extensions(), state, &e, referer_path(req.headers()))
}

/// The path of the page a form was sent from, when that page is of this site.
pub(crate) fn referer_path(headers: &HeaderMap) -> Option<String> {
    let referer = headers.get(header::REFERER).and_then(|v| v.to_str().ok()).filter(|_| same_origin(headers))?;
    let (_, rest) = referer.split_once("://")?;
    Some(rest.find('/').map_or("/", |i| &rest[i..]).to_string())
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
