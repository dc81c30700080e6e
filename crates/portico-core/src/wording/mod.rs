//! Templates (settings): Portico's messages in the workspace's own words, and the library of
//! e-mails people send to contacts. Written in a rich-text editor, checked in a sandbox,
//! previewed with sample values, sent as a test to oneself.

pub mod api;
pub mod pages;

use axum::routing::{get, post};
use portico_http::Routes;
use portico_mail::templates::{Kind, Placeholder, Purpose, ph};

/// The e-mails staff write to a contact.
pub const CONTACT_EMAIL: &str = "core.contact_email";

const RECEIVED: &[Placeholder] = &[
    ph("name", "placeholder-sender-name", "Sophie Marchand"),
    ph("subject", "placeholder-subject", "Commande 4521"),
    ph("mailbox", "placeholder-mailbox", "Service client"),
    ph("token", "placeholder-token", "[#K7Q2M9XD4P]"),
];

const INVITATION: &[Placeholder] = &[
    ph("name", "placeholder-invitee-name", "Chloé Bernard"),
    ph("workspace", "placeholder-workspace", "Maison Lumière"),
    ph("inviter", "placeholder-inviter", "Odile Fournier"),
    ph("link", "placeholder-link", "https://portico.example/invite/abc"),
];

const RESET: &[Placeholder] = &[
    ph("name", "placeholder-user-name", "Odile Fournier"),
    ph("link", "placeholder-link", "https://portico.example/password/reset/abc"),
];

const PORTAL_SIGN_IN: &[Placeholder] = &[
    ph("name", "placeholder-contact-name", "Sophie Marchand"),
    ph("site", "placeholder-site", "Acme"),
    ph("link", "placeholder-link", "https://portico.example/p/acme/portal/in/abc"),
];

const CONTACT: &[Placeholder] = &[
    ph("contact.name", "placeholder-contact-name", "Sophie Marchand"),
    ph("contact.email", "placeholder-contact-email", "sophie.marchand@exemple.fr"),
    ph("contact.company", "placeholder-contact-company", "Boulangerie Marchand"),
    ph("sender.name", "placeholder-sender", "Odile Fournier"),
    ph("workspace", "placeholder-workspace", "Maison Lumière"),
];

const NOTIFICATION: &[Placeholder] = &[
    ph("name", "placeholder-user-name", "Odile Fournier"),
    ph("title", "placeholder-notification-title", "Marc Lefèvre vous a confié « Devis Lyon »"),
    ph("body", "placeholder-notification-body", "À traiter avant vendredi."),
    ph("link", "placeholder-link", "https://portico.example/contacts/abc"),
    ph("workspace", "placeholder-workspace", "Maison Lumière"),
];

/// The e-mail that tells someone of a notification (or, each morning, of several).
pub fn notification_purpose() -> Purpose {
    Purpose {
        name: "notification",
        label: "purpose-notification",
        hint: "purpose-notification-hint",
        kind: Kind::Message,
        subject: true,
        placeholders: NOTIFICATION,
    }
}

/// What the core's templates are for.
pub fn purposes() -> Vec<Purpose> {
    vec![
        Purpose {
            name: "mail_received",
            label: "purpose-mail-received",
            hint: "purpose-mail-received-hint",
            kind: Kind::Message,
            subject: true,
            placeholders: RECEIVED,
        },
        Purpose {
            name: "invitation",
            label: "purpose-invitation",
            hint: "purpose-invitation-hint",
            kind: Kind::Message,
            subject: true,
            placeholders: INVITATION,
        },
        Purpose {
            name: "password_reset",
            label: "purpose-password-reset",
            hint: "purpose-password-reset-hint",
            kind: Kind::Message,
            subject: true,
            placeholders: RESET,
        },
        Purpose {
            name: "portal_sign_in",
            label: "purpose-portal-sign-in",
            hint: "purpose-portal-sign-in-hint",
            kind: Kind::Message,
            subject: true,
            placeholders: PORTAL_SIGN_IN,
        },
        Purpose {
            name: CONTACT_EMAIL,
            label: "purpose-contact-email",
            hint: "purpose-contact-email-hint",
            kind: Kind::Library,
            subject: true,
            placeholders: CONTACT,
        },
    ]
}

pub fn routes(r: Routes) -> Routes {
    r.api(api::router())
        .page("/settings/templates", get(pages::list))
        .page("/settings/templates/{purpose}/{key}/{locale}", get(pages::editor).post(pages::save))
        .page("/settings/templates/{purpose}/{key}/{locale}/delete", post(pages::delete))
}
