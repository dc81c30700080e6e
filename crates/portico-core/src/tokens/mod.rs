//! Personal API tokens.

pub mod api;
pub mod pages;

use axum::routing::{get, post};
use portico_http::Routes;

pub fn routes(r: Routes) -> Routes {
    r.api(api::router())
        .page("/settings/tokens", get(pages::token_list).post(pages::token_create))
        .page("/settings/tokens/{id}/revoke", post(pages::token_revoke))
}
