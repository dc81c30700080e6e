//! The search page (the command palette's full results) and rebuilding the index.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, page};
use portico_search::Hit;
use serde::Deserialize;

#[derive(Deserialize)]
pub(crate) struct SearchQuery {
    #[serde(default)]
    q: String,
}

#[derive(Template)]
#[template(path = "search.html")]
pub(crate) struct SearchPage {
    c: Shell,
    q: String,
    hits: Vec<Hit>,
}

pub(crate) async fn search(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<SearchQuery>,
) -> Result<Response, PageError> {
    let hits = if q.q.trim().is_empty() {
        Vec::new()
    } else {
        crate::search::api::search_all(&s, &staff.caller, &q.q, 50).await.or_page(&staff)?
    };
    Ok(page(&SearchPage { c: staff.shell("search", &FlashQuery::default()), q: q.q, hits }))
}

pub(crate) async fn reindex(State(s): State<AppState>, staff: Staff) -> Response {
    after("/tasks", crate::search::api::start_reindex(&s, &staff.caller).await.map(|_| "task-started")).into_response()
}
