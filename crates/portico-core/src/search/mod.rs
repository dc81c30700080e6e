//! Global search over every kind the caller may see, and rebuilding the index.

pub mod api;
pub mod pages;

use axum::routing::{get, post};
use portico_http::Routes;

pub fn routes(r: Routes) -> Routes {
    r.api(api::router())
        .page("/search", get(pages::search))
        .page("/search/palette", get(pages::palette))
        .page("/settings/reindex", post(pages::reindex))
}
