//! Units: the compartments of a workspace (regions, franchises, agencies, teams).

pub mod api;
pub mod pages;
pub mod service;

use axum::routing::{get, post};
use portico_http::Routes;

pub fn routes(r: Routes) -> Routes {
    r.api(api::router())
        .page("/settings/units", get(pages::unit_list).post(pages::unit_create))
        .page("/settings/units/{id}", get(pages::unit_page).post(pages::unit_save))
        .page("/settings/units/{id}/move", post(pages::unit_move))
        .page("/settings/units/{id}/archive", post(pages::unit_archive))
}
