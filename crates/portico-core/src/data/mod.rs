//! Moving data out of and into Portico: exports and imports as tasks (API and settings), and
//! the scheduled backups.

pub mod api;
pub mod jobs;
pub mod pages;

use axum::routing::{get, post};
use portico_http::Routes;

pub fn routes(r: Routes) -> Routes {
    r.api(api::router())
        .page("/settings/data", get(pages::data))
        .page("/settings/data/export", post(pages::export))
        .page("/settings/data/import", post(pages::import))
        .page("/settings/data/exports/{id}/archive", get(pages::download))
}
