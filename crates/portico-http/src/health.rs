//! `/healthz`: the process answers. `/readyz`: the database answers and its
//! schema is the one this binary expects.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(healthz)).route("/readyz", get(readyz))
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, String) {
    match (state.db.ping().await, state.db.is_current(&state.suite.platform.migrations).await) {
        (Ok(()), Ok(true)) => (StatusCode::OK, "ready".into()),
        (Ok(()), Ok(false)) => {
            (StatusCode::SERVICE_UNAVAILABLE, "the database schema is not the one this binary expects".into())
        }
        (Err(e), _) | (_, Err(e)) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable".into())
        }
    }
}
