//! The audit log: who changed what, when, in the UI, the API and as CSV.

pub mod api;
pub mod pages;
pub mod words;

use axum::routing::get;
use portico_http::Routes;

pub fn routes(r: Routes) -> Routes {
    r.api(api::router())
        .page("/settings/audit", get(pages::audit_page))
        .page("/settings/audit.csv", get(pages::audit_export))
}
