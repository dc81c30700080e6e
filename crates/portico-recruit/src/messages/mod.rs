//! Recruit's messages to candidates, rewritable in Settings › Templates: the acknowledgement
//! of an application and the answer to one not taken further. Each goes in the candidate's
//! language, from the workspace's sender, in the transaction of the write that causes it.
//! Beside them: the e-mails the team writes to candidates and their answers ([`write`]),
//! what stages send ([`stages`]), what the hiring team hears ([`team`]) and whom a comment
//! mentions ([`mentions`]).

pub mod api;
pub mod mentions;
pub mod pages;
pub mod stages;
pub mod team;
pub mod write;

use portico_db::{DbResultExt, Tx};
use portico_kernel::locale::Locale;
use portico_kernel::{AppError, Timestamp, WorkspaceId};
use portico_mail::MailContext;
use portico_mail::outbox::{TemplatedEmail, queue_template};
use portico_mail::templates::{Kind, Placeholder, Purpose, ph};
use serde_json::json;

/// Sent to a candidate right after they apply.
pub const RECEIVED: &str = "recruit_received";
/// Sent to a candidate whose application is not taken further, when the team chooses to.
pub const REJECTED: &str = "recruit_rejected";
/// Sent to a candidate a month before their consent to be kept ends.
pub const CONSENT: &str = "recruit_consent";

const PLACEHOLDERS: &[Placeholder] = &[
    ph("name", "placeholder-contact-name", "Sophie Marchand"),
    ph("job", "placeholder-job", "Responsable d’agence"),
    ph("site", "placeholder-site", "Acme"),
    ph("link", "placeholder-link", "https://portico.example/p/acme/careers/applications"),
];

const LIBRARY_PLACEHOLDERS: &[Placeholder] = &[
    ph("name", "placeholder-contact-name", "Sophie Marchand"),
    ph("job", "placeholder-job", "Responsable d’agence"),
    ph("stage", "placeholder-stage", "Entretien"),
    ph("site", "placeholder-site", "Acme"),
    ph("link", "placeholder-link", "https://portico.example/p/acme/careers/applications"),
];

const INTERVIEW_PLACEHOLDERS: &[Placeholder] = &[
    ph("name", "placeholder-contact-name", "Sophie Marchand"),
    ph("job", "placeholder-job", "Responsable d’agence"),
    ph("title", "placeholder-interview", "Entretien avec l’équipe"),
    ph("when", "placeholder-when", "8 déc. 2026 10:00 (Europe/Paris)"),
    ph("place", "placeholder-place", "12 rue de la Paix, Paris"),
    ph("site", "placeholder-site", "Acme"),
    ph("link", "placeholder-link", "https://portico.example/p/acme/careers/applications"),
];

const OFFER_PLACEHOLDERS: &[Placeholder] = &[
    ph("name", "placeholder-contact-name", "Sophie Marchand"),
    ph("job", "placeholder-job", "Responsable d’agence"),
    ph("salary", "placeholder-salary", "42 000 EUR par an"),
    ph("start", "placeholder-start", "4 janv. 2027"),
    ph("terms", "placeholder-terms", "CDI, 35 heures, mutuelle"),
    ph("site", "placeholder-site", "Acme"),
    ph("link", "placeholder-link", "https://portico.example/p/acme/careers/applications"),
];

const CONSENT_PLACEHOLDERS: &[Placeholder] = &[
    ph("name", "placeholder-contact-name", "Sophie Marchand"),
    ph("site", "placeholder-site", "Acme"),
    ph("date", "placeholder-date", "1 mars 2027"),
    ph("link", "placeholder-link", "https://portico.example/p/acme/careers/applications"),
];

pub fn purposes() -> Vec<Purpose> {
    let message = |name, label, hint| Purpose {
        name,
        label,
        hint,
        kind: Kind::Message,
        subject: true,
        placeholders: PLACEHOLDERS,
    };
    vec![
        message(RECEIVED, "purpose-recruit-received", "purpose-recruit-received-hint"),
        message(REJECTED, "purpose-recruit-rejected", "purpose-recruit-rejected-hint"),
        Purpose {
            placeholders: CONSENT_PLACEHOLDERS,
            ..message(CONSENT, "purpose-recruit-consent", "purpose-recruit-consent-hint")
        },
        Purpose {
            placeholders: INTERVIEW_PLACEHOLDERS,
            ..message(
                crate::interviews::schedule::INVITATION,
                "purpose-recruit-interview",
                "purpose-recruit-interview-hint",
            )
        },
        Purpose {
            placeholders: INTERVIEW_PLACEHOLDERS,
            ..message(
                crate::interviews::schedule::SLOTS,
                "purpose-recruit-interview-slots",
                "purpose-recruit-interview-slots-hint",
            )
        },
        Purpose {
            placeholders: INTERVIEW_PLACEHOLDERS,
            ..message(
                crate::interviews::schedule::CANCELLED,
                "purpose-recruit-interview-cancelled",
                "purpose-recruit-interview-cancelled-hint",
            )
        },
        Purpose {
            placeholders: INTERVIEW_PLACEHOLDERS,
            ..message(
                crate::interviews::schedule::REMINDER,
                "purpose-recruit-interview-reminder",
                "purpose-recruit-interview-reminder-hint",
            )
        },
        Purpose {
            placeholders: OFFER_PLACEHOLDERS,
            ..message(crate::offers::LETTER, "purpose-recruit-offer", "purpose-recruit-offer-hint")
        },
        Purpose {
            kind: Kind::Library,
            placeholders: LIBRARY_PLACEHOLDERS,
            ..message(write::LIBRARY, "purpose-recruit-candidate-email", "purpose-recruit-candidate-email-hint")
        },
    ]
}

/// Portico's wording of them, in each language.
pub const WORDING: &[(&str, &str)] = &[
    ("recruit_received.en.txt", include_str!("../../mail/recruit_received.en.txt")),
    ("recruit_received.en.html", include_str!("../../mail/recruit_received.en.html")),
    ("recruit_received.fr.txt", include_str!("../../mail/recruit_received.fr.txt")),
    ("recruit_received.fr.html", include_str!("../../mail/recruit_received.fr.html")),
    ("recruit_received.hr.txt", include_str!("../../mail/recruit_received.hr.txt")),
    ("recruit_received.hr.html", include_str!("../../mail/recruit_received.hr.html")),
    ("recruit_rejected.en.txt", include_str!("../../mail/recruit_rejected.en.txt")),
    ("recruit_rejected.en.html", include_str!("../../mail/recruit_rejected.en.html")),
    ("recruit_rejected.fr.txt", include_str!("../../mail/recruit_rejected.fr.txt")),
    ("recruit_rejected.fr.html", include_str!("../../mail/recruit_rejected.fr.html")),
    ("recruit_rejected.hr.txt", include_str!("../../mail/recruit_rejected.hr.txt")),
    ("recruit_rejected.hr.html", include_str!("../../mail/recruit_rejected.hr.html")),
    ("recruit_consent.en.txt", include_str!("../../mail/recruit_consent.en.txt")),
    ("recruit_consent.en.html", include_str!("../../mail/recruit_consent.en.html")),
    ("recruit_consent.fr.txt", include_str!("../../mail/recruit_consent.fr.txt")),
    ("recruit_consent.fr.html", include_str!("../../mail/recruit_consent.fr.html")),
    ("recruit_consent.hr.txt", include_str!("../../mail/recruit_consent.hr.txt")),
    ("recruit_consent.hr.html", include_str!("../../mail/recruit_consent.hr.html")),
    ("recruit_interview.en.txt", include_str!("../../mail/recruit_interview.en.txt")),
    ("recruit_interview.en.html", include_str!("../../mail/recruit_interview.en.html")),
    ("recruit_interview.fr.txt", include_str!("../../mail/recruit_interview.fr.txt")),
    ("recruit_interview.fr.html", include_str!("../../mail/recruit_interview.fr.html")),
    ("recruit_interview.hr.txt", include_str!("../../mail/recruit_interview.hr.txt")),
    ("recruit_interview.hr.html", include_str!("../../mail/recruit_interview.hr.html")),
    ("recruit_interview_slots.en.txt", include_str!("../../mail/recruit_interview_slots.en.txt")),
    ("recruit_interview_slots.en.html", include_str!("../../mail/recruit_interview_slots.en.html")),
    ("recruit_interview_slots.fr.txt", include_str!("../../mail/recruit_interview_slots.fr.txt")),
    ("recruit_interview_slots.fr.html", include_str!("../../mail/recruit_interview_slots.fr.html")),
    ("recruit_interview_slots.hr.txt", include_str!("../../mail/recruit_interview_slots.hr.txt")),
    ("recruit_interview_slots.hr.html", include_str!("../../mail/recruit_interview_slots.hr.html")),
    ("recruit_interview_cancelled.en.txt", include_str!("../../mail/recruit_interview_cancelled.en.txt")),
    ("recruit_interview_cancelled.en.html", include_str!("../../mail/recruit_interview_cancelled.en.html")),
    ("recruit_interview_cancelled.fr.txt", include_str!("../../mail/recruit_interview_cancelled.fr.txt")),
    ("recruit_interview_cancelled.fr.html", include_str!("../../mail/recruit_interview_cancelled.fr.html")),
    ("recruit_interview_cancelled.hr.txt", include_str!("../../mail/recruit_interview_cancelled.hr.txt")),
    ("recruit_interview_cancelled.hr.html", include_str!("../../mail/recruit_interview_cancelled.hr.html")),
    ("recruit_interview_reminder.en.txt", include_str!("../../mail/recruit_interview_reminder.en.txt")),
    ("recruit_interview_reminder.en.html", include_str!("../../mail/recruit_interview_reminder.en.html")),
    ("recruit_interview_reminder.fr.txt", include_str!("../../mail/recruit_interview_reminder.fr.txt")),
    ("recruit_interview_reminder.fr.html", include_str!("../../mail/recruit_interview_reminder.fr.html")),
    ("recruit_interview_reminder.hr.txt", include_str!("../../mail/recruit_interview_reminder.hr.txt")),
    ("recruit_interview_reminder.hr.html", include_str!("../../mail/recruit_interview_reminder.hr.html")),
    ("recruit_offer.en.txt", include_str!("../../mail/recruit_offer.en.txt")),
    ("recruit_offer.en.html", include_str!("../../mail/recruit_offer.en.html")),
    ("recruit_offer.fr.txt", include_str!("../../mail/recruit_offer.fr.txt")),
    ("recruit_offer.fr.html", include_str!("../../mail/recruit_offer.fr.html")),
    ("recruit_offer.hr.txt", include_str!("../../mail/recruit_offer.hr.txt")),
    ("recruit_offer.hr.html", include_str!("../../mail/recruit_offer.hr.html")),
];

/// Notify `n.user` with a title `title` writes in their language (the notice's own title is
/// replaced), in the caller's transaction.
pub async fn notify_in_their_language(
    tx: &mut Tx,
    mail: &MailContext,
    mut n: portico_core::notifications::Notice,
    title: impl FnOnce(&portico_http::i18n::Tr) -> String,
    now: Timestamp,
) -> Result<(), AppError> {
    let row: Option<(Option<String>,)> = sqlx::query_as("SELECT locale FROM users WHERE id = $1")
        .bind(n.user.clone())
        .fetch_optional(&mut **tx)
        .await
        .db()?;
    let locale = row.and_then(|(l,)| l).as_deref().and_then(Locale::parse).unwrap_or_default();
    n.title = title(&portico_http::i18n::Tr::new(locale));
    portico_core::notifications::notify(tx, mail, n, now).await.map(|_| ())
}

/// What the workspace's public sites are called (their look's title, else its name).
pub async fn site_title(tx: &mut Tx, ws: WorkspaceId) -> Result<String, AppError> {
    let (title,): (String,) = sqlx::query_as(
        "SELECT COALESCE((SELECT t.title FROM site_themes t WHERE t.workspace_id = w.id AND t.path = ''), w.name)
         FROM workspaces w WHERE w.id = $1",
    )
    .bind(ws.to_db())
    .fetch_one(&mut **tx)
    .await
    .db()?;
    Ok(title)
}

/// Where a candidate follows their applications, on Portico's own address.
pub async fn applications_link(tx: &mut Tx, mail: &MailContext, ws: WorkspaceId) -> Result<String, AppError> {
    let (slug,): (String,) =
        sqlx::query_as("SELECT slug FROM workspaces WHERE id = $1").bind(ws.to_db()).fetch_one(&mut **tx).await.db()?;
    Ok(mail.link(&format!("/p/{slug}/{}/applications", crate::careers::SITE.key)))
}

/// Queue message `template` about `application` to its candidate, in their language; nothing
/// when the workspace knows no address for them.
pub async fn tell(
    tx: &mut Tx,
    mail: &MailContext,
    ws: WorkspaceId,
    template: &str,
    application: &str,
    link: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    let (contact, job): (String, String) = sqlx::query_as(
        "SELECT a.contact_id, j.title FROM recruit_applications a JOIN recruit_jobs j ON j.id = a.job_id
         WHERE a.workspace_id = $1 AND a.id = $2",
    )
    .bind(ws.to_db())
    .bind(application.to_string())
    .fetch_one(&mut **tx)
    .await
    .db()?;
    tell_contact(tx, mail, ws, template, &contact, json!({"job": job, "link": link}), None, now).await
}

/// Queue message `template` to a contact, in their language, with `values` beside their
/// name, the site's title and `date` (said in their language); nothing without an address.
#[allow(clippy::too_many_arguments)]
pub async fn tell_contact(
    tx: &mut Tx,
    mail: &MailContext,
    ws: WorkspaceId,
    template: &str,
    contact: &str,
    mut values: serde_json::Value,
    date: Option<Timestamp>,
    now: Timestamp,
) -> Result<(), AppError> {
    let (name, email, locale): (String, Option<String>, String) =
        sqlx::query_as("SELECT name, email, locale FROM contacts WHERE workspace_id = $1 AND id = $2")
            .bind(ws.to_db())
            .bind(contact.to_string())
            .fetch_one(&mut **tx)
            .await
            .db()?;
    let Some(to) = email else { return Ok(()) };
    let locale = Locale::parse(&locale).unwrap_or_default();
    values["name"] = json!(name);
    values["site"] = json!(site_title(tx, ws).await?);
    if let Some(d) = date {
        values["date"] = json!(portico_http::i18n::Tr::new(locale).date(d));
    }
    let message = TemplatedEmail { workspace: Some(ws), to: &to, template, locale, values };
    queue_template(tx, mail, message, now).await.map(|_| ())
}
