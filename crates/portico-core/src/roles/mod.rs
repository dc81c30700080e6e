//! Roles: the built-in four and custom ones, and previewing what a role sees.

pub mod api;
pub mod pages;
pub mod service;

use axum::routing::{get, post};
use portico_http::Routes;

pub fn routes(r: Routes) -> Routes {
    r.api(api::router())
        .page("/settings/roles", get(pages::role_list).post(pages::role_create))
        .page("/settings/view-as", post(pages::view_as))
        .page("/settings/view-as/exit", post(pages::view_as_exit))
}
