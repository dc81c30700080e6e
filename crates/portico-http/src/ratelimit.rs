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

/// Public pages: every state-changing request counts against its address's limit.
pub async fn public(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let unsafe_method = !matches!(*req.method(), axum::http::Method::GET | axum::http::Method::HEAD);
    let ip = crate::extract::client_ip(req.extensions());
    if unsafe_method && !state.public_limiter.check(&format!("public:{ip}")) {
        let e = portico_kernel::AppError::new(portico_kernel::ErrorCode::RateLimited);
        return crate::ui::error_page(&e, crate::error::request_locale(req.headers()).unwrap_or_default())
            .into_response();
    }
    next.run(req).await
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
