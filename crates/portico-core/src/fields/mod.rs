//! Custom fields: definitions per record kind, and the values of each record.

pub mod api;
pub mod pages;

use axum::routing::{get, post};
use portico_http::Routes;

pub fn routes(r: Routes) -> Routes {
    r.api(api::router())
        .page("/settings/fields", get(pages::field_list).post(pages::field_create))
        .page("/settings/fields/{id}", post(pages::field_update))
        .page("/settings/fields/{id}/delete", post(pages::field_delete))
}
