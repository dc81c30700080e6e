//! Signed inbound endpoints, as their handlers use them. [`Inbound`] takes the whole request
//! (the body unparsed: signatures are over its bytes); [`Inbound::admit`] refuses it when its
//! sender is over the endpoint's rate, its signature does not verify (constant time), its
//! timestamp is outside the replay window, or its idempotency key was already accepted —
//! each refusal kept in the endpoint's log; [`Admitted::answer`] logs the outcome of an
//! accepted one. Used by the raw-MIME webhook and, in the modules, by postbacks, store
//! webhooks, phone and social events and assessment results.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Json;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, Request};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use portico_kernel::{AppError, ErrorCode, WorkspaceId};
use portico_webhooks::inbound::{self, Logged, Scheme};
use serde_json::json;

use crate::ratelimit::RateLimiter;
use crate::state::AppState;

/// One signed endpoint: its name in the log, how its senders sign, how often one address
/// may call it.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint {
    /// `<module>.<what>`: `mail.raw`, `partners.postback`…
    pub name: &'static str,
    pub scheme: &'static Scheme,
    pub per_minute: u32,
}

/// The rate limiters of the endpoints, one per endpoint, made as they are first called.
#[derive(Default)]
pub struct Limiters(Mutex<HashMap<&'static str, Arc<RateLimiter>>>);

impl Limiters {
    fn of(&self, e: &Endpoint) -> Option<Arc<RateLimiter>> {
        let mut map = self.0.lock().ok()?;
        Some(
            map.entry(e.name)
                .or_insert_with(|| Arc::new(RateLimiter::new(e.per_minute, std::time::Duration::from_secs(60))))
                .clone(),
        )
    }
}

/// A request to a signed endpoint, whole.
pub struct Inbound {
    pub method: Method,
    pub path: String,
    pub query: String,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub remote: String,
}

impl<S: Send + Sync> FromRequest<S> for Inbound {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (method, uri) = (req.method().clone(), req.uri().clone());
        let remote = req
            .extensions()
            .get::<ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "local".into());
        let headers = req.headers().clone();
        let body = Bytes::from_request(req, state).await.map_err(|_| {
            refusal(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "The request body is too large.")
        })?;
        Ok(Inbound {
            method,
            path: uri.path().to_string(),
            query: uri.query().unwrap_or("").to_string(),
            headers,
            body,
            remote,
        })
    }
}

/// A JSON answer to a sender (machines read these, in English).
fn refusal(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({"error": {"code": code, "message": message}}))).into_response()
}

/// The JSON answer for an error of the catalogue.
pub fn error_response(e: &AppError) -> Response {
    let status = crate::error::status_of(e);
    refusal(status, e.code.code(), e.code.english())
}

/// An accepted request, to be answered (and logged) once its handler is done.
pub struct Admitted {
    pub endpoint: Endpoint,
    pub workspace: WorkspaceId,
    pub target: String,
    pub idempotency_key: Option<String>,
}

impl Inbound {
    fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
    }

    /// Headers as logged: credentials and cookies left out.
    fn logged_headers(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "authorization" | "cookie" | "proxy-authorization"))
            .map(|(k, v)| (k.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect()
    }

    async fn log(&self, state: &AppState, a: &Admitted, outcome: &str, status: StatusCode, detail: &str) {
        let entry = Logged {
            workspace: a.workspace,
            endpoint: a.endpoint.name,
            target: &a.target,
            remote: &self.remote,
            method: self.method.as_str(),
            path: &self.path,
            headers: self.logged_headers(),
            body: &self.body,
            idempotency_key: a.idempotency_key.as_deref(),
            outcome,
            status: status.as_u16(),
            detail,
            at: state.clock.now_micros(),
        };
        if let Err(e) = inbound::log(&state.db, entry).await {
            tracing::warn!(error = %e, endpoint = a.endpoint.name, "logging a signed request");
        }
    }

    /// Check the request against `endpoint` for the target it names (in `workspace`, signed
    /// with `secret`). A refusal is logged and answered here; a duplicate is answered as
    /// the first one was accepted.
    pub async fn admit(
        &self,
        state: &AppState,
        endpoint: Endpoint,
        workspace: WorkspaceId,
        target: &str,
        secret: &[u8],
    ) -> Result<Admitted, Response> {
        let header = |n: &str| self.header(n);
        let key = inbound::idempotency_key(endpoint.scheme, &header);
        let a = Admitted { endpoint, workspace, target: target.to_string(), idempotency_key: key };
        if state.signed_limiters.of(&endpoint).is_some_and(|l| !l.check(&format!("{}:{}", target, self.remote))) {
            self.log(state, &a, "rate_limited", StatusCode::TOO_MANY_REQUESTS, "").await;
            return Err(refusal(StatusCode::TOO_MANY_REQUESTS, "rate_limited", "Too many requests. Try again later."));
        }
        let now = state.clock.now_micros() / portico_kernel::MICROS_PER_SECOND;
        let verdict = {
            let signed =
                inbound::Signed { method: self.method.as_str(), query: &self.query, header: &header, body: &self.body };
            inbound::verify(endpoint.scheme, secret, &signed, now)
        };
        if let Err(r) = verdict {
            self.log(state, &a, r.outcome(), StatusCode::UNAUTHORIZED, "").await;
            let message = match r {
                inbound::Refusal::Unsigned => "The request is not signed.",
                inbound::Refusal::BadSignature => "The signature does not match.",
                inbound::Refusal::Stale => "The request's timestamp is missing or outside the accepted window.",
            };
            return Err(refusal(StatusCode::UNAUTHORIZED, r.outcome(), message));
        }
        if let Some(k) = &a.idempotency_key {
            match inbound::seen(state.db.pool(), workspace, endpoint.name, k).await {
                Ok(true) => {
                    self.log(state, &a, "duplicate", StatusCode::OK, "").await;
                    return Err((StatusCode::OK, Json(json!({"status": "duplicate"}))).into_response());
                }
                Ok(false) => {}
                Err(e) => return Err(error_response(&e)),
            }
        }
        Ok(a)
    }

    /// A request naming no target this install has: answered, not logged (it belongs to
    /// no workspace).
    pub fn unknown_target(&self) -> Response {
        refusal(StatusCode::NOT_FOUND, ErrorCode::NotFound.code(), ErrorCode::NotFound.english())
    }
}

impl Admitted {
    /// Answer the sender with what the handler did, and log it: accepted with `body`, or
    /// refused with the error.
    pub async fn answer(
        self,
        state: &AppState,
        req: &Inbound,
        result: Result<serde_json::Value, AppError>,
    ) -> Response {
        match result {
            Ok(body) => {
                let detail = body.get("outcome").and_then(|o| o.as_str()).unwrap_or("").to_string();
                req.log(state, &self, "accepted", StatusCode::OK, &detail).await;
                (StatusCode::OK, Json(body)).into_response()
            }
            Err(e) => {
                let outcome = if e.code.status() < 500 { "invalid" } else { "failed" };
                let status = crate::error::status_of(&e);
                let detail = e.cause.clone().unwrap_or_else(|| e.code.code().to_string());
                req.log(state, &self, outcome, status, &detail).await;
                error_response(&e)
            }
        }
    }
}
