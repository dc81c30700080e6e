//! Public sites from the staff side: the look of the workspace's sites and of its brands
//! (units with a theme of their own), and the custom domains that serve them; and the
//! core's own site, the contacts' portal, where a contact signs in and sees what the
//! workspace holds about them.

pub mod api;
pub mod pages;
pub mod portal;

use axum::routing::{get, post};
use portico_http::site::SiteSpec;
use portico_http::state::AppState;
use portico_http::{Routes, extract::Caller};
use portico_kernel::AppError;

pub const PORTAL: SiteSpec = SiteSpec { key: portico_http::site::PORTAL, label: "site-portal" };

pub fn routes(r: Routes) -> Routes {
    r.api(api::router())
        .page("/settings/site", get(pages::list).post(pages::add_brand))
        .page("/settings/site/domains", post(pages::add_domain))
        .page("/settings/site/domains/{id}/delete", post(pages::remove_domain))
        .page("/settings/site/{id}", get(pages::theme).post(pages::save_theme))
        .page("/settings/site/{id}/logo", post(pages::upload_logo))
        .page("/settings/site/{id}/delete", post(pages::delete_theme))
        .site(PORTAL, portal::router())
}

/// The path segments of the suite's sites.
fn sites(s: &AppState) -> Vec<&'static str> {
    s.suite.site_keys()
}

/// Where the workspace's sites are on the main host (`…/p/{workspace}`).
async fn sites_root(s: &AppState, caller: &Caller) -> Result<String, AppError> {
    let (slug,): (String,) = sqlx::query_as("SELECT slug FROM workspaces WHERE id = $1")
        .bind(caller.authz.workspace().to_db())
        .fetch_one(s.db.pool())
        .await
        .map_err(portico_db::db_error)?;
    Ok(format!("{}/p/{slug}", s.settings.public_base()))
}

/// Where a theme's sites are, under the workspace's.
fn address(root: &str, theme: &portico_sites::Theme) -> String {
    let unit = if theme.path.is_empty() { String::new() } else { format!("/{}", theme.path) };
    format!("{root}{unit}/")
}
