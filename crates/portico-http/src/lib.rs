//! The web face of Portico: one axum app serving the staff UI (askama + htmx),
//! the REST API under `/api/v1` (with its OpenAPI document), guest links and
//! health checks, behind the security middleware.

pub mod api;
pub mod assets;
pub mod csrf;
pub mod custom;
pub mod error;
pub mod extract;
pub mod form;
pub mod health;
pub mod i18n;
pub mod imports;
pub mod list;
pub mod module;
pub mod ratelimit;
pub mod runtime;
pub mod security;
pub mod signed;
pub mod site;
pub mod spam;
pub mod state;
pub mod ui;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use portico_kernel::AppError;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

pub use module::{CommandContext, DemoContext, Module, NavItem, RouteClass, Routes, Schedule, Suite};
pub use state::AppState;

/// The whole application: every module's routes, each class behind what it needs.
/// Refuses two routes that overlap.
pub fn app(state: AppState) -> Result<Router, AppError> {
    let assembled = module::assemble(&state.suite.modules)?;
    let (api_router, _) = assembled.api.split_for_parts();
    let max_body = state.settings.max_body_bytes;
    let limits = |r: Router<AppState>| {
        r.layer(DefaultBodyLimit::max(max_body))
            // Refuses a declared Content-Length over the limit before reading any of it.
            .layer(tower_http::limit::RequestBodyLimitLayer::new(max_body))
    };
    // Staff pages and the API get CSRF and error translation; health checks and assets skip them.
    let staff_and_api = Router::new()
        .merge(assembled.pages)
        .merge(ui::router())
        .merge(api_router)
        .route("/api/v1/openapi.json", get(api::openapi_json))
        .fallback(ui::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::layer))
        .layer(axum::middleware::from_fn(error::localize));
    let mut app = Router::new().merge(health::router()).merge(assets::router()).merge(limits(staff_and_api));
    let mut compat = Vec::new();
    for (class, prefix, router) in assembled.prefixed {
        let router = match class {
            RouteClass::Public => router
                .layer(axum::middleware::from_fn_with_state(state.clone(), ratelimit::public))
                .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::layer)),
            RouteClass::Site => router
                .layer(axum::middleware::from_fn_with_state(state.clone(), ratelimit::public))
                .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::layer)),
            RouteClass::Compat => {
                compat.push(prefix.clone());
                router
            }
            RouteClass::Signed | RouteClass::Staff | RouteClass::Api => router,
        };
        app = app.nest(&prefix, limits(router));
    }
    let own = site::own_router()
        .layer(axum::middleware::from_fn_with_state(state.clone(), ratelimit::public))
        .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::layer));
    app = app.nest(&format!("{}/{}", site::INTERNAL, site::OWN), own);
    let compat = std::sync::Arc::new(compat);
    let app = app
        .layer(axum::middleware::from_fn(move |req, next| error::api_shape(compat.clone(), req, next)))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(axum::middleware::from_fn(metrics_layer))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state.clone());
    // Sites are found by host and path before routing: the rewrite must wrap the router.
    // Its own answers (a 404, the language switch) get the security headers too.
    Ok(Router::new()
        .fallback_service(app)
        .layer(axum::middleware::from_fn_with_state(state, site::dispatch))
        .layer(axum::middleware::from_fn(security::headers)))
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
