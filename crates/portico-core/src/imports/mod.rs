//! Imports from another product's CSV exports, for every module that declares an importer
//! (Recruit: jobs, candidates with their CVs, applications): upload, column mapping, dry run
//! with a per-row report, the import as a task with progress, failed rows to download.

pub mod api;
pub mod pages;
pub mod run;
pub mod upload;

use axum::routing::get;
use portico_http::Routes;

pub fn routes(r: Routes) -> Routes {
    r.api(api::router())
        .page("/settings/import", get(pages::imports).post(pages::upload))
        .page("/settings/import/uploads/{id}", get(pages::mapping).post(pages::start))
        .page("/settings/import/runs/{id}", get(pages::run))
        .page("/settings/import/runs/{id}/failed", get(pages::failed))
}
