//! The web face of Portico: one axum app serving the staff UI (askama + htmx),
//! the REST API under `/api/v1` (with its OpenAPI document), guest links and
//! health checks, behind the security middleware.

pub mod api;
pub mod assets;
pub mod csrf;
pub mod custom;
pub mod error;
pub mod extract;
pub mod health;
pub mod i18n;
pub mod ratelimit;
pub mod runtime;
pub mod security;
pub mod state;
pub mod ui;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub use state::AppState;

/// The whole application.
pub fn app(state: AppState) -> Router {
    let (api_router, _) = api::router().split_for_parts();
    let max_body = state.settings.max_body_bytes;
    // Pages and the API get CSRF and error translation; health checks and assets skip them.
    let pages_and_api = Router::new()
        .merge(ui::router())
        .merge(api_router)
        .fallback(ui::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::layer))
        .layer(axum::middleware::from_fn(error::localize))
        .layer(DefaultBodyLimit::max(max_body))
        // Refuses a declared Content-Length over the limit before reading any of it.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(max_body));
    Router::new()
        .merge(health::router())
        .merge(assets::router())
        .merge(pages_and_api)
        .layer(axum::middleware::from_fn(error::api_shape))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(axum::middleware::from_fn(metrics_layer))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// Count requests and time them per matched route (not per raw path: ids would explode the label set).
async fn metrics_layer(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let method = req.method().to_string();
    let start = std::time::Instant::now();
    let resp = next.run(req).await;
    let status = resp.status().as_u16().to_string();
    metrics::counter!("portico_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status).increment(1);
    metrics::histogram!("portico_http_request_seconds", "method" => method, "route" => route)
        .record(start.elapsed().as_secs_f64());
    resp
}
