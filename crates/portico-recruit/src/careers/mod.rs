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

pub const SITE: SiteSpec = SiteSpec { key: "careers", label: "site-careers" };

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(listing::jobs))
        .route("/jobs/{id}", get(listing::job))
        .route("/jobs/{id}/apply", get(apply::form).post(apply::send))
        .route("/jobs/{id}/applied", get(apply::applied))
        .route("/applications", get(mine::applications))
        .route("/applications/{id}/withdraw", axum::routing::post(mine::withdraw))
        .route("/applications/keep", axum::routing::post(mine::keep))
        .route("/interviews/{id}/pick", axum::routing::post(mine::pick))
        .route("/offers/{id}/{answer}", axum::routing::post(crate::offers::pages::respond))
        .route("/documents/{id}/download", get(mine::document))
        .route("/feeds/indeed.xml", get(feeds::indeed))
        .route("/feeds/jobs.rss", get(feeds::rss))
        .route("/feeds/linkedin.xml", get(feeds::linkedin))
        .route("/feeds/france-travail.json", get(feeds::france_travail))
}

/// The address of a job's page on the workspace's career site.
pub async fn job_url(s: &AppState, ws: WorkspaceId, job: &str) -> Result<String, AppError> {
    let w = portico_authz::store::workspace(s.db.pool(), ws).await?;
    Ok(format!("{}/p/{}/{}/jobs/{job}", s.settings.public_base(), w.slug, SITE.key))
}

/// The units whose jobs a theme's career site lists: a brand's own subtree, or every unit.
async fn units_of(s: &AppState, site: &portico_http::site::Site) -> Result<Option<Vec<UnitId>>, AppError> {
    units_in(s, site.ctx.workspace, site.ctx.theme.unit_id.as_deref()).await
}

/// The units under a brand's unit (`None`: the whole workspace's).
pub(crate) async fn units_in(
    s: &AppState,
    ws: WorkspaceId,
    brand: Option<&str>,
) -> Result<Option<Vec<UnitId>>, AppError> {
    let Some(unit) = brand else { return Ok(None) };
    let unit: UnitId = portico_kernel::ids::parse_db_id(unit)?;
    let tree = portico_authz::store::load_tree(s.db.pool(), ws).await?;
    Ok(Some(tree.subtree(unit)))
}
