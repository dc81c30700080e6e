//! Contacts: the people a workspace deals with who are not its staff. Recruit's candidates,
//! Desk's requesters and Partners' partners are contacts, so one person is one record.

pub mod api;
pub mod erase;
pub mod mail;
pub mod merge;
pub mod pages;
pub mod store;
pub mod write;

use axum::routing::{get, post};
use portico_http::Routes;

pub fn routes(r: Routes) -> Routes {
    r.api(api::router())
        .page("/contacts", get(pages::contacts).post(pages::create))
        .page("/contacts/bulk", post(pages::bulk))
        .page("/contacts/{id}", get(pages::contact).post(pages::save))
        .page("/contacts/{id}/delete", post(pages::delete))
        .page("/contacts/{id}/erase", post(pages::erase))
        .page("/contacts/{id}/write", get(write::page).post(write::send))
}
