//! Tasks: long work with its progress, in the UI and the API.

pub mod api;
pub mod pages;

use axum::routing::get;
use portico_http::Routes;

pub fn routes(r: Routes) -> Routes {
    r.api(api::router()).page("/tasks", get(pages::task_list))
}
