//! The site settings pages: the workspace's look and its brands' with the domains that serve
//! them; one theme's editor with its logo and a link to see the result.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use portico_authz::units::{self, Unit};
use portico_http::form::FormState;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, render};
use portico_kernel::{AppError, ErrorCode};
use portico_sites::{Domain, DomainInput, Theme, ThemeInput, domains, theme};
use serde::{Deserialize, Serialize};

use super::api::unit_of;
use super::{address, sites, sites_root};

/// A theme as the list shows it.
pub(crate) struct ThemeRow {
    theme: Theme,
    /// The unit's name, for a brand.
    unit: String,
    url: String,
}

impl ThemeRow {
    fn colours(&self) -> [&str; 2] {
        [&self.theme.primary_color, &self.theme.accent_color]
    }
}

#[derive(Template)]
#[template(path = "site_settings.html")]
pub(crate) struct ListPage {
    c: Shell,
    themes: Vec<ThemeRow>,
    domains: Vec<(Domain, String)>,
    /// Units below the root that have no theme yet.
    units: Vec<Unit>,
    sites: Vec<(&'static str, String)>,
    brand: FormState,
    domain: FormState,
}

async fn list_page(
    s: &AppState,
    staff: &Staff,
    f: &FlashQuery,
    brand: FormState,
    domain: FormState,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(staff)?;
    let tr = staff.tr();
    let authz = &staff.caller.authz;
    let root = sites_root(s, &staff.caller).await.or_page(staff)?;
    let mut themes = Vec::new();
    for t in theme::list(s.db.pool(), &admin).await.or_page(staff)? {
        let unit = t
            .unit_id
            .as_deref()
            .and_then(|u| crate::parse(u).ok())
            .map(|u| authz.tree().path_name(u))
            .unwrap_or_default();
        let url = address(&root, &t);
        themes.push(ThemeRow { theme: t, unit, url });
    }
    let title_of =
        |id: &str| themes.iter().find(|r| r.theme.id == id).map(|r| r.theme.title.clone()).unwrap_or_default();
    let domains = domains::list(s.db.pool(), &admin)
        .await
        .or_page(staff)?
        .into_iter()
        .map(|d| {
            let t = title_of(&d.theme_id);
            (d, t)
        })
        .collect();
    let themed: Vec<String> = themes.iter().filter_map(|r| r.theme.unit_id.clone()).collect();
    let units = authz
        .scope(crate::ADMIN)
        .map(|sc| units::list(authz, &sc))
        .unwrap_or_default()
        .into_iter()
        .filter(|u| u.parent_id.is_some() && !themed.contains(&u.id.to_db()))
        .collect();
    let sites = s.suite.sites.iter().map(|x| (x.key, tr.t(x.label))).collect();
    let p = ListPage { c: staff.shell("site", f), themes, domains, units, sites, brand, domain };
    let status = if p.brand.status().is_success() { p.domain.status() } else { p.brand.status() };
    Ok(render(status, &p))
}

pub(crate) async fn list(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    list_page(&s, &staff, &f, FormState::fresh(), FormState::fresh()).await
}

#[derive(Debug, Deserialize, Serialize)]
pub(crate) struct BrandForm {
    unit_id: String,
    path: String,
}

/// A unit gets a theme of its own, starting from the workspace's look.
pub(crate) async fn add_brand(State(s): State<AppState>, staff: Staff, Form(f): Form<BrandForm>) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        let unit = unit_of(&staff.caller, &f.unit_id)
            .ok()
            .flatten()
            .ok_or_else(|| AppError::field(ErrorCode::Required, "unit_id"))?;
        let base = theme::get(s.db.pool(), &admin, &admin.workspace().to_db()).await?;
        let input = ThemeInput {
            title: staff.caller.authz.tree().get(unit).map(|n| n.name.clone()).unwrap_or_default(),
            path: f.path.clone(),
            primary_color: base.primary_color,
            accent_color: base.accent_color,
            font: base.font,
            custom_css: base.custom_css,
            default_locale: base.default_locale,
            contact_email: base.contact_email,
            linkedin_company: base.linkedin_company,
        };
        theme::save(&s.db, &admin, Some(unit), &sites(&s), &input, s.clock.now_micros()).await
    }
    .await;
    match result {
        Ok(t) => Redirect::to(&format!("/settings/site/{}?notice=saved", t.id)).into_response(),
        Err(e) => {
            let form = FormState::failed("brand", &f, &e, &staff.tr());
            list_page(&s, &staff, &FlashQuery::default(), form, FormState::fresh()).await.into_response()
        }
    }
}

pub(crate) async fn add_domain(State(s): State<AppState>, staff: Staff, Form(f): Form<DomainInput>) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        domains::add(&s.db, &admin, &sites(&s), &s.main_host, &f, s.clock.now_micros()).await
    }
    .await;
    match result {
        Ok(_) => {
            s.site_hosts.clear();
            after("/settings/site", Ok("saved")).into_response()
        }
        Err(e) => {
            let form = FormState::failed("domain", &f, &e, &staff.tr());
            list_page(&s, &staff, &FlashQuery::default(), FormState::fresh(), form).await.into_response()
        }
    }
}

pub(crate) async fn remove_domain(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        domains::remove(&s.db, &admin, &id, s.clock.now_micros()).await
    }
    .await;
    s.site_hosts.clear();
    after("/settings/site", result.map(|_| "deleted")).into_response()
}

#[derive(Template)]
#[template(path = "site_theme.html")]
pub(crate) struct ThemePage {
    c: Shell,
    theme: Theme,
    url: String,
    fonts: Vec<(&'static str, String)>,
    form: FormState,
    logo: FormState,
}

impl ThemePage {
    fn is_brand(&self) -> bool {
        self.theme.unit_id.is_some()
    }
}

async fn theme_page(
    s: &AppState,
    staff: &Staff,
    id: &str,
    f: &FlashQuery,
    form: Option<FormState>,
    logo: FormState,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(staff)?;
    let t = theme::get(s.db.pool(), &admin, id).await.or_page(staff)?;
    let tr = staff.tr();
    let fonts = theme::FONTS.iter().map(|(k, _)| (*k, tr.t(&format!("site-font-{k}")))).collect();
    let url = address(&sites_root(s, &staff.caller).await.or_page(staff)?, &t);
    let form = form.unwrap_or_else(|| FormState::editing(&t));
    let p = ThemePage { c: staff.shell("site", f), theme: t, url, fonts, form, logo };
    let status = if p.form.status().is_success() { p.logo.status() } else { p.form.status() };
    Ok(render(status, &p))
}

pub(crate) async fn theme(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    theme_page(&s, &staff, &id, &f, None, FormState::fresh()).await
}

pub(crate) async fn save_theme(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<ThemeInput>,
) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        let unit = unit_of(&staff.caller, &id)?;
        theme::save(&s.db, &admin, unit, &sites(&s), &f, s.clock.now_micros()).await
    }
    .await;
    s.site_hosts.clear();
    match result {
        Ok(t) => after(&format!("/settings/site/{}", t.id), Ok("saved")).into_response(),
        Err(e) => {
            let form = FormState::failed("theme", &f, &e, &staff.tr());
            theme_page(&s, &staff, &id, &FlashQuery::default(), Some(form), FormState::fresh()).await.into_response()
        }
    }
}

pub(crate) async fn upload_logo(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    mut mp: Multipart,
) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        let mut logo = None;
        while let Some(field) = mp
            .next_field()
            .await
            .map_err(|e| AppError::field(ErrorCode::PayloadTooLarge, "logo").with_cause(e.to_string()))?
        {
            if field.name() == Some("logo") {
                let content_type = field.content_type().unwrap_or("").to_string();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|e| AppError::field(ErrorCode::PayloadTooLarge, "logo").with_cause(e.to_string()))?;
                logo = Some((content_type, bytes));
            }
        }
        let (content_type, bytes) = logo.ok_or_else(|| AppError::field(ErrorCode::Required, "logo"))?;
        theme::set_logo(&s.db, &admin, &id, &content_type, &bytes, s.clock.now_micros()).await
    }
    .await;
    s.site_hosts.clear();
    match result {
        Ok(()) => after(&format!("/settings/site/{id}"), Ok("saved")).into_response(),
        Err(e) => {
            let logo = FormState::failed("logo", &serde_json::json!({}), &e, &staff.tr());
            theme_page(&s, &staff, &id, &FlashQuery::default(), None, logo).await.into_response()
        }
    }
}

pub(crate) async fn delete_theme(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        theme::delete(&s.db, &admin, &id, s.clock.now_micros()).await
    }
    .await;
    s.site_hosts.clear();
    after("/settings/site", result.map(|_| "deleted")).into_response()
}
