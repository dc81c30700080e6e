//! Mailboxes: where e-mail comes in (IMAP, a signed raw-MIME webhook, `portico mail
//! ingest`), each filed by the consumer a module registered. Settings pages and API for
//! admins, a page per received message, and the log of the signed endpoints.

pub mod api;
pub mod demo;
pub mod hook;
pub mod pages;
pub mod suspended;

use axum::routing::{get, post};
use portico_http::{RouteClass, Routes};
use portico_kernel::{Permission, perm};

pub(crate) const VIEW: Permission = Permission::new(perm::CORE, perm::VIEW);

pub fn routes(r: Routes) -> Routes {
    r.api(api::router())
        .page("/settings/mailboxes", get(pages::mailbox_list).post(pages::mailbox_create))
        .page("/settings/mailboxes/blocked", post(pages::block_sender))
        .page("/settings/mailboxes/blocked/{id}/delete", post(pages::unblock_sender))
        .page("/settings/mailboxes/{id}", get(pages::mailbox).post(pages::mailbox_save))
        .page("/settings/mailboxes/{id}/{action}", post(pages::mailbox_action))
        .page("/mail/{id}", get(pages::message))
        .page("/mail/{id}/download", get(pages::message_raw))
        .page("/mail/{id}/download/{attachment}", get(pages::message_attachment))
        .page("/settings/inbound", get(pages::inbound_list))
        .page("/settings/inbound/{id}", get(pages::inbound_request))
        .under(RouteClass::Signed, "/hooks/mail", axum::Router::new().route("/{id}", post(hook::receive)))
}
