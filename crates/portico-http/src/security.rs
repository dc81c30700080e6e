//! Security headers on every response: a strict CSP (no inline scripts or
//! styles), no framing, no MIME sniffing, no referrer leaks.

use axum::http::{HeaderName, HeaderValue};
use tower::ServiceBuilder;
use tower::layer::util::{Identity, Stack};
use tower_http::set_header::SetResponseHeaderLayer;

pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

type H = SetResponseHeaderLayer<HeaderValue>;

pub fn headers() -> ServiceBuilder<Stack<H, Stack<H, Stack<H, Stack<H, Stack<H, Identity>>>>>> {
    let set = |name: &'static str, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(HeaderName::from_static(name), HeaderValue::from_static(value))
    };
    ServiceBuilder::new()
        .layer(set("content-security-policy", CSP))
        .layer(set("x-frame-options", "DENY"))
        .layer(set("x-content-type-options", "nosniff"))
        .layer(set("referrer-policy", "same-origin"))
        .layer(set("permissions-policy", "camera=(), microphone=(), geolocation=()"))
}
