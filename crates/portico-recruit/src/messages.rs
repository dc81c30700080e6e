//! Recruit's messages to candidates, rewritable in Settings › Templates: the acknowledgement
//! of an application and the answer to one not taken further. Each goes in the candidate's
//! language, from the workspace's sender, in the transaction of the write that causes it.

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

const PLACEHOLDERS: &[Placeholder] = &[
    ph("name", "placeholder-contact-name", "Sophie Marchand"),
    ph("job", "placeholder-job", "Responsable d’agence"),
    ph("site", "placeholder-site", "Acme"),
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
    ]
}

/// Portico's wording of them, in each language.
pub const WORDING: &[(&str, &str)] = &[
    ("recruit_received.en.txt", include_str!("../mail/recruit_received.en.txt")),
    ("recruit_received.en.html", include_str!("../mail/recruit_received.en.html")),
    ("recruit_received.fr.txt", include_str!("../mail/recruit_received.fr.txt")),
    ("recruit_received.fr.html", include_str!("../mail/recruit_received.fr.html")),
    ("recruit_received.hr.txt", include_str!("../mail/recruit_received.hr.txt")),
    ("recruit_received.hr.html", include_str!("../mail/recruit_received.hr.html")),
    ("recruit_rejected.en.txt", include_str!("../mail/recruit_rejected.en.txt")),
    ("recruit_rejected.en.html", include_str!("../mail/recruit_rejected.en.html")),
    ("recruit_rejected.fr.txt", include_str!("../mail/recruit_rejected.fr.txt")),
    ("recruit_rejected.fr.html", include_str!("../mail/recruit_rejected.fr.html")),
    ("recruit_rejected.hr.txt", include_str!("../mail/recruit_rejected.hr.txt")),
    ("recruit_rejected.hr.html", include_str!("../mail/recruit_rejected.hr.html")),
];

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
    let (name, email, locale, job): (String, Option<String>, String, String) = sqlx::query_as(
        "SELECT c.name, c.email, c.locale, j.title FROM recruit_applications a JOIN contacts c ON c.id = a.contact_id
         JOIN recruit_jobs j ON j.id = a.job_id WHERE a.workspace_id = $1 AND a.id = $2",
    )
    .bind(ws.to_db())
    .bind(application.to_string())
    .fetch_one(&mut **tx)
    .await
    .db()?;
    let Some(to) = email else { return Ok(()) };
    let site = site_title(tx, ws).await?;
    let values = json!({"name": name, "job": job, "site": site, "link": link});
    let locale = Locale::parse(&locale).unwrap_or_default();
    let message = TemplatedEmail { workspace: Some(ws), to: &to, template, locale, values };
    queue_template(tx, mail, message, now).await.map(|_| ())
}
