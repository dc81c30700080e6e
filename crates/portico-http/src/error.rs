//! Turning errors into responses. API errors are JSON
//! `{"error": {"code", "message", "field"}}`; the message is translated into
//! the caller's language by the `localize` middleware.

use axum::Json;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use portico_kernel::locale::Locale;
use portico_kernel::{AppError, ErrorCode};
use serde_json::json;

use crate::i18n::Tr;

/// An error leaving an API handler.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

/// Marks a response body as built from this error, so it can be re-rendered in another language.
#[derive(Clone)]
struct ErrorOrigin(AppError);

/// The HTTP status an error answers with.
pub fn status_of(e: &AppError) -> StatusCode {
    StatusCode::from_u16(e.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

pub fn json_error(e: &AppError, locale: Locale) -> Response {
    let status = status_of(e);
    let body = json!({"error": {"code": e.code.code(), "message": Tr::new(locale).error(e), "field": e.field}});
    (status, Json(body)).into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.0.code == ErrorCode::Internal {
            tracing::error!(cause = ?self.0.cause, "internal error");
        } else if let Some(cause) = &self.0.cause {
            tracing::debug!(code = %self.0.code, cause, "request refused");
        }
        let mut resp = json_error(&self.0, Locale::En);
        resp.extensions_mut().insert(ErrorOrigin(self.0));
        resp
    }
}

/// The language of a request: the `lang` cookie, then Accept-Language.
pub fn request_locale(headers: &axum::http::HeaderMap) -> Option<Locale> {
    let from_cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix("lang=").and_then(Locale::parse));
    from_cookie.or_else(|| {
        headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Locale::from_accept_language)
    })
}

/// Re-render JSON errors in the language the request asked for.
pub async fn localize(req: Request, next: Next) -> Response {
    let locale = request_locale(req.headers()).unwrap_or_default();
    let resp = next.run(req).await;
    match resp.extensions().get::<ErrorOrigin>() {
        Some(ErrorOrigin(e)) if locale != Locale::En => json_error(e, locale),
        _ => resp,
    }
}

/// A panic anywhere becomes a plain 500, never a dropped connection or a trace.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    json_error(&AppError::new(ErrorCode::Internal), Locale::En)
}

/// Longest request target the API accepts; longer ones get a JSON 414 instead of reaching a handler.
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// Everything under `/api/` answers in the API's shape: errors produced outside the
/// handlers (unknown path, wrong method, bad path encoding, rejected body, too long a URL)
/// become the JSON error body, and no response is stored by caches (some carry secrets).
/// Compatibility APIs (`compat` prefixes) keep the error bodies of the product they imitate.
pub async fn api_shape(compat: std::sync::Arc<Vec<String>>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let imitated = compat.iter().any(|p| path == p || path.starts_with(&format!("{p}/")));
    if !path.starts_with("/api/") || imitated {
        return next.run(req).await;
    }
    let locale = request_locale(req.headers()).unwrap_or_default();
    let too_long = req.uri().to_string().len() > MAX_URI_BYTES;
    let mut resp =
        if too_long { json_error(&AppError::new(ErrorCode::UriTooLong), locale) } else { next.run(req).await };
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if resp.status().as_u16() >= 400 && !is_json {
        let code = match resp.status().as_u16() {
            401 => ErrorCode::Unauthenticated,
            403 => ErrorCode::Forbidden,
            404 => ErrorCode::NotFound,
            405 => ErrorCode::MethodNotAllowed,
            413 => ErrorCode::PayloadTooLarge,
            414 => ErrorCode::UriTooLong,
            415 => ErrorCode::UnsupportedMediaType,
            429 => ErrorCode::RateLimited,
            503 => ErrorCode::Unavailable,
            s if s >= 500 => ErrorCode::Internal,
            _ => ErrorCode::BadRequest,
        };
        let allow = resp.headers().get(header::ALLOW).cloned();
        resp = json_error(&AppError::new(code), locale);
        if let Some(allow) = allow {
            resp.headers_mut().insert(header::ALLOW, allow);
        }
    }
    resp.headers_mut().entry(header::CACHE_CONTROL).or_insert(axum::http::HeaderValue::from_static("no-store"));
    resp
}
