//! The Zendesk Support API, the part scripts and integrations use, on Zendesk's own paths
//! under `/api/v2` (with or without `.json`), with its envelopes, integer ids, paging and
//! error bodies: a Zendesk client works by changing only its base URL. Callers sign in with
//! an API token (Zendesk's `email/token:TOKEN` as HTTP Basic, or Bearer); a browser session is
//! not enough, as these routes carry no CSRF token. `docs/zendesk-api.md` maps each field.

mod groups;
pub mod ids;
mod incremental;
mod organizations;
mod page;
mod search;
mod shape;
mod tickets;
mod uploads;
mod users;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, OriginalUri, Request};
use axum::http::header;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use portico_http::error::{request_locale, status_of};
use portico_http::extract::{Caller, Via};
use portico_http::i18n::Tr;
use portico_http::state::AppState;
use portico_kernel::locale::Locale;
use portico_kernel::{AppError, ErrorCode};
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::VIEW;

pub const PREFIX: &str = "/api/v2";

pub fn router() -> Router<AppState> {
    let r = Router::new();
    let r = both(r, "/users/me", get(users::me));
    let r = both(r, "/users", get(users::list).post(users::create));
    let r = r.route("/users/{id}", get(users::show).delete(users::delete));
    let r = both(r, "/tickets", get(tickets::list).post(tickets::create));
    let r = both(r, "/tickets/show_many", get(tickets::show_many));
    let r = r.route("/tickets/{id}", get(tickets::show).put(tickets::update).delete(tickets::delete));
    let r = both(r, "/tickets/{id}/comments", get(tickets::comments));
    let r = both(r, "/groups", get(groups::list));
    let r = r.route("/groups/{id}", get(groups::show));
    let r = both(r, "/organizations", get(organizations::list));
    let r = r.route("/organizations/{id}", get(organizations::show));
    let r = both(r, "/search", get(search::search));
    let r = both(r, "/uploads", post(uploads::upload));
    let r = r.route("/attachments/{id}", get(uploads::show));
    let r = both(r, "/incremental/tickets", get(incremental::by_time));
    let r = both(r, "/incremental/tickets/cursor", get(incremental::by_cursor));
    r.fallback(|| async { Fail(AppError::not_found()) }).layer(axum::middleware::from_fn(localize))
}

/// A path with and without Zendesk's `.json`.
fn both(r: Router<AppState>, path: &str, route: MethodRouter<AppState>) -> Router<AppState> {
    r.route(path, route.clone()).route(&format!("{path}.json"), route)
}

/// An error, answered in Zendesk's shape: `{"error": …, "description": …}`, with `details`
/// naming the field for a record that was refused.
#[derive(Debug)]
pub struct Fail(pub AppError);

impl From<AppError> for Fail {
    fn from(e: AppError) -> Self {
        Fail(e)
    }
}

#[derive(Clone)]
struct Origin(AppError);

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        if self.0.code == ErrorCode::Internal {
            tracing::error!(cause = ?self.0.cause, "internal error");
        }
        let mut resp = render(&self.0, Locale::En);
        resp.extensions_mut().insert(Origin(self.0));
        resp
    }
}

/// Our fields under the names Zendesk gives them.
fn zendesk_field(field: &str) -> &str {
    match field {
        "ticket_type" => "type",
        "requester_email" | "requester_name" | "requester_id" => "requester",
        "description" => "comment",
        "body" => "comment",
        f => f,
    }
}

fn render(e: &AppError, locale: Locale) -> Response {
    let tr = Tr::new(locale);
    let status = status_of(e);
    let description = tr.error(e);
    let body = match (status.as_u16(), &e.field) {
        (401, _) => json!({"error": "Couldn't authenticate you"}),
        (404, _) => json!({"error": "RecordNotFound", "description": description}),
        (409, _) if e.code == ErrorCode::Module(&crate::CHANGED) => {
            json!({"error": "UpdateConflict", "description": description})
        }
        (422, Some(field)) => json!({
            "error": "RecordInvalid",
            "description": "Record validation errors",
            "details": {zendesk_field(field.split('.').next().unwrap_or(field)): [{"description": description, "error": e.code.code()}]},
        }),
        _ => {
            let error: String = e
                .code
                .code()
                .split('_')
                .map(|w| {
                    let mut c = w.chars();
                    c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
                })
                .collect();
            json!({"error": error, "description": description})
        }
    };
    (status, axum::Json(body)).into_response()
}

/// Errors in the language the request asks for.
async fn localize(req: Request, next: Next) -> Response {
    let locale = request_locale(req.headers()).unwrap_or_default();
    let resp = next.run(req).await;
    match resp.extensions().get::<Origin>() {
        Some(Origin(e)) if locale != Locale::En => render(e, locale),
        _ => resp,
    }
}

/// A caller with an API token who may see Desk tickets somewhere.
pub struct Agent(pub Caller);

impl FromRequestParts<AppState> for Agent {
    type Rejection = Fail;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Fail> {
        let caller = Caller::from_request_parts(parts, state).await.map_err(|e| Fail(e.0))?;
        if caller.via != Via::ApiToken {
            return Err(Fail(AppError::new(ErrorCode::Unauthenticated)));
        }
        caller.authz.scope(VIEW).map_err(|_| Fail(AppError::forbidden()))?;
        Ok(Agent(caller))
    }
}

/// A JSON body as Zendesk takes it: fields it does not know are left aside, as Zendesk does.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for Body<T> {
    type Rejection = Fail;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Fail> {
        let bytes = Bytes::from_request(req, state).await.map_err(|_| AppError::new(ErrorCode::PayloadTooLarge))?;
        serde_json::from_slice(&bytes).map(Body).map_err(|e| {
            let said = e.to_string();
            // serde names a missing field between backquotes; a value of the wrong type it
            // names only by position.
            let missing = said.strip_prefix("missing field `").and_then(|r| r.split('`').next()).map(str::to_string);
            Fail(match (e.is_data(), missing) {
                (true, Some(field)) => AppError::field(ErrorCode::Required, field),
                (true, None) => AppError::new(ErrorCode::BadRequest).with_cause(said),
                (false, _) => AppError::new(ErrorCode::MalformedJson).with_cause(said),
            })
        })
    }
}

/// A request's body as it came (an upload).
pub struct Raw(pub Bytes);

impl FromRequest<AppState> for Raw {
    type Rejection = Fail;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Fail> {
        Bytes::from_request(req, state).await.map(Raw).map_err(|_| Fail(AppError::new(ErrorCode::PayloadTooLarge)))
    }
}

/// An integer id from a path (`42` or `42.json`); anything else names nothing.
pub fn path_number(raw: &str) -> Result<i64, Fail> {
    raw.strip_suffix(".json").unwrap_or(raw).parse().map_err(|_| Fail(AppError::not_found()))
}

/// Where the request came in: the API's base as the client addressed it (links point back
/// there), and its query.
pub struct Here {
    pub base: String,
    pub path: String,
    pub query: Vec<(String, String)>,
}

impl FromRequestParts<AppState> for Here {
    type Rejection = Fail;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Fail> {
        let configured = state.settings.public_base();
        let scheme = if configured.starts_with("https:") { "https" } else { "http" };
        let host = parts.headers.get(header::HOST).and_then(|h| h.to_str().ok());
        let origin = match host {
            Some(h) => format!("{scheme}://{h}"),
            None => configured,
        };
        // Nesting took the prefix off the path; the original keeps it.
        let uri = parts.extensions.get::<OriginalUri>().map_or(&parts.uri, |o| &o.0);
        let query = serde_urlencoded::from_str(uri.query().unwrap_or(""))
            .map_err(|_| Fail(AppError::new(ErrorCode::BadRequest)))?;
        Ok(Here { base: format!("{origin}{PREFIX}"), path: format!("{origin}{}", uri.path()), query })
    }
}

impl Here {
    /// A query value.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
    /// This address with `set` in its query instead of what it held for those keys.
    pub fn with(&self, set: &[(&str, String)]) -> String {
        let mut q: Vec<(String, String)> =
            self.query.iter().filter(|(k, _)| !set.iter().any(|(s, _)| s == k)).cloned().collect();
        q.extend(set.iter().map(|(k, v)| (k.to_string(), v.clone())));
        format!("{}?{}", self.path, serde_urlencoded::to_string(&q).unwrap_or_default())
    }
}
