//! People of the workspace: invitations, roles on units, status, and why they can see what.

pub mod api;
pub mod erase;
pub mod explain;
pub mod pages;

use axum::routing::{get, post};
use portico_http::Routes;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes(r: Routes) -> Routes {
    r.api(api::router())
        .api(OpenApiRouter::new().routes(routes!(explain::explain)))
        .page("/settings/users", get(pages::user_list).post(pages::user_invite))
        .page("/settings/users/bulk", post(pages::users_bulk))
        .page("/settings/users/{id}", get(pages::user_page))
        .page("/settings/invitations/{id}/revoke", post(pages::invitation_revoke))
        .page("/settings/users/{id}/grants", post(pages::grant_add))
        .page("/settings/users/{id}/grants/{grant}/delete", post(pages::grant_remove))
        .page("/settings/users/{id}/status", post(pages::user_status))
        .page("/settings/users/{id}/erase", post(pages::user_erase))
        .page("/settings/users/{id}/custom", post(pages::custom_save))
}
