//! A small fixed-window rate limiter kept in memory, per key (client address,
//! e-mail…). Each replica limits on its own; account lockout in the database
//! is the limit that holds across replicas.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimiter {
    limit: u32,
    window: Duration,
    hits: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(limit: u32, window: Duration) -> Self {
        RateLimiter { limit, window, hits: Mutex::new(HashMap::new()) }
    }

    /// Count one hit; false when the key is over its limit for this window.
    pub fn check(&self, key: &str) -> bool {
        let now = Instant::now();
        let Ok(mut hits) = self.hits.lock() else {
            return true;
        };
        if hits.len() > 100_000 {
            hits.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = hits.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 <= self.limit
    }
}

/// Public pages: every state-changing request counts against its address's limit, and a
/// form sent to them must pass the spam checks (`crate::spam`) before its handler runs.
pub async fn public(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let unsafe_method = !matches!(*req.method(), axum::http::Method::GET | axum::http::Method::HEAD);
    if !unsafe_method {
        return next.run(req).await;
    }
    let ip = crate::extract::client_ip(req.extensions());
    if !state.public_limiter.check(&format!("public:{ip}")) {
        let e = portico_kernel::AppError::new(portico_kernel::ErrorCode::RateLimited);
        return crate::site::refusal(req.headers(), req.extensions(), &state, &e, None);
    }
    let content_type =
        req.headers().get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let is_form = content_type.starts_with("application/x-www-form-urlencoded")
        || content_type.starts_with("multipart/form-data");
    if !is_form {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, state.settings.max_body_bytes).await else {
        let e = portico_kernel::AppError::new(portico_kernel::ErrorCode::PayloadTooLarge);
        let locale = crate::error::request_locale(&parts.headers).unwrap_or_default();
        return crate::ui::error_page(&e, locale).into_response();
    };
    let names = [crate::spam::TRAP_FIELD, crate::spam::SHOWN_FIELD];
    let sent = crate::spam::fields_of(&content_type, &bytes, &names).await;
    let field = |name: &str| sent.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    if let Err(e) = crate::spam::check(&state, field) {
        let back = parts.uri.path().to_string();
        return crate::site::refusal(&parts.headers, &parts.extensions, &state, &e, Some(back));
    }
    next.run(axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes))).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn limits_per_key_and_window() {
        let r = super::RateLimiter::new(2, std::time::Duration::from_millis(50));
        assert!(r.check("a") && r.check("a") && !r.check("a"));
        assert!(r.check("b"));
        std::thread::sleep(std::time::Duration::from_millis(60));
        assert!(r.check("a"));
    }
}
