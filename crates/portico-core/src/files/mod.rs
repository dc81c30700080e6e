//! Files: upload, list, detail with guest links; and the page a guest link opens.

pub mod api;
pub mod pages;

use axum::Router;
use axum::routing::{get, post};
use portico_http::{RouteClass, Routes};

pub fn routes(r: Routes) -> Routes {
    let guest =
        Router::new().route("/{token}", get(pages::guest)).route("/{token}/download", get(pages::guest_download));
    r.api(api::router())
        .page("/files", get(pages::list).post(pages::upload))
        .page("/files/bulk", post(pages::bulk))
        .page("/files/{id}", get(pages::detail))
        .page("/files/{id}/download", get(pages::download))
        .page("/files/{id}/delete", post(pages::delete))
        .page("/files/{id}/move", post(pages::move_file))
        .page("/files/{id}/custom", post(pages::custom_save))
        .page("/files/{id}/share", post(pages::share))
        .page("/files/{id}/links/{link}/revoke", post(pages::revoke))
        .under(RouteClass::Public, "/guest", guest)
}
