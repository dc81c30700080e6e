//! The e-mail log.

pub mod pages;

use axum::routing::get;
use portico_http::Routes;

pub fn routes(r: Routes) -> Routes {
    r.page("/settings/email", get(pages::email_log))
}
