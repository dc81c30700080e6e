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
    match (state.db.ping().await, state.db.schema_version().await) {
        (Ok(()), Ok(v)) if v == portico_db::LATEST_VERSION => (StatusCode::OK, "ready".into()),
        (Ok(()), Ok(v)) => {
            (StatusCode::SERVICE_UNAVAILABLE, format!("schema version {v}, expected {}", portico_db::LATEST_VERSION))
        }
        (Err(e), _) | (_, Err(e)) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable".into())
        }
    }
}
