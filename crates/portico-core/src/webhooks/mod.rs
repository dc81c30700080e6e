//! Webhooks: signed deliveries of every change to other systems.

pub mod api;
pub mod pages;

use axum::routing::{get, post};
use portico_http::Routes;

pub fn routes(r: Routes) -> Routes {
    r.api(api::router())
        .page("/settings/webhooks", get(pages::webhook_list).post(pages::webhook_create))
        .page("/settings/webhooks/bulk", post(pages::webhooks_bulk))
        .page("/settings/webhooks/{id}", get(pages::webhook_page))
        .page("/settings/webhooks/{id}/delete", post(pages::webhook_delete))
}
