//! The career site: a workspace's (or a brand's) open jobs, each job's page with the data
//! search engines and social networks read, the apply form, and the page where candidates
//! follow their applications. It is a public site of the shell: it renders in the site's
//! theme and language, works without JavaScript, and its forms carry the spam trap.

pub mod apply;
pub mod feeds;
pub mod listing;
pub mod mine;

use axum::Router;
use axum::routing::get;
use portico_http::site::SiteSpec;
use portico_http::state::AppState;
use portico_kernel::{AppError, UnitId, WorkspaceId};
use portico_mail::templates::{Kind, Placeholder, Purpose, ph};

pub const SITE: SiteSpec = SiteSpec { key: "careers", label: "site-careers" };
/// The acknowledgement a candidate receives when they apply.
pub const RECEIVED: &str = "recruit_received";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(listing::jobs))
        .route("/jobs/{id}", get(listing::job))
        .route("/jobs/{id}/apply", get(apply::form).post(apply::send))
        .route("/jobs/{id}/applied", get(apply::applied))
        .route("/applications", get(mine::applications))
        .route("/applications/{id}/withdraw", axum::routing::post(mine::withdraw))
        .route("/documents/{id}/download", get(mine::document))
        .route("/feeds/indeed.xml", get(feeds::indeed))
        .route("/feeds/jobs.rss", get(feeds::rss))
}

const RECEIVED_PLACEHOLDERS: &[Placeholder] = &[
    ph("name", "placeholder-contact-name", "Sophie Marchand"),
    ph("job", "placeholder-job", "Responsable d’agence"),
    ph("site", "placeholder-site", "Acme"),
    ph("link", "placeholder-link", "https://portico.example/p/acme/careers/applications"),
];

pub fn received_purpose() -> Purpose {
    Purpose {
        name: RECEIVED,
        label: "purpose-recruit-received",
        hint: "purpose-recruit-received-hint",
        kind: Kind::Message,
        subject: true,
        placeholders: RECEIVED_PLACEHOLDERS,
    }
}

/// Portico's wording of the acknowledgement, in each language.
pub const WORDING: &[(&str, &str)] = &[
    ("recruit_received.en.txt", include_str!("../../mail/recruit_received.en.txt")),
    ("recruit_received.en.html", include_str!("../../mail/recruit_received.en.html")),
    ("recruit_received.fr.txt", include_str!("../../mail/recruit_received.fr.txt")),
    ("recruit_received.fr.html", include_str!("../../mail/recruit_received.fr.html")),
    ("recruit_received.hr.txt", include_str!("../../mail/recruit_received.hr.txt")),
    ("recruit_received.hr.html", include_str!("../../mail/recruit_received.hr.html")),
];

/// The address of a job's page on the workspace's career site.
pub async fn job_url(s: &AppState, ws: WorkspaceId, job: &str) -> Result<String, AppError> {
    let w = portico_authz::store::workspace(s.db.pool(), ws).await?;
    Ok(format!("{}/p/{}/{}/jobs/{job}", s.settings.public_base(), w.slug, SITE.key))
}

/// The units whose jobs a theme's career site lists: a brand's own subtree, or every unit.
async fn units_of(s: &AppState, site: &portico_http::site::Site) -> Result<Option<Vec<UnitId>>, AppError> {
    let Some(unit) = &site.ctx.theme.unit_id else { return Ok(None) };
    let unit: UnitId = portico_kernel::ids::parse_db_id(unit)?;
    let tree = portico_authz::store::load_tree(s.db.pool(), site.ctx.workspace).await?;
    Ok(Some(tree.subtree(unit)))
}
