//! The public sites' layer: where a site's pages are (`/p/{workspace}[/{unit}]/{site}/…` on
//! the main host, or a custom domain), the theme and language they are shown in, and who is
//! signed in to a portal. Modules mount a site with [`crate::Routes::site`]; its handlers
//! take [`Site`] (or [`Portal`] for signed-in contacts) and render inside `site.html`.
//!
//! Requests are rewritten before routing to `/_site/{site}/…` with a [`SiteCtx`] attached;
//! that internal prefix is unreachable from outside, so a site handler always has a context.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use askama::Template;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use portico_kernel::locale::Locale;
use portico_kernel::{AppError, WorkspaceId};
use portico_sites::Theme;
use portico_sites::domains::Served;

use crate::error::request_locale;
use crate::i18n::Tr;
use crate::state::AppState;

/// Internal prefix of every site's routes.
pub const INTERNAL: &str = "/_site";
/// The layer's own pages (a workspace's list of sites, logos), among the sites.
pub const OWN: &str = "_";
/// The cookie of a contact's portal session.
pub const PORTAL_COOKIE: &str = "portico_portal";

/// A site a module mounts: its path segment and the translation key of its name.
#[derive(Debug, Clone, Copy)]
pub struct SiteSpec {
    pub key: &'static str,
    pub label: &'static str,
}

/// Where the current request is: which workspace, in which theme, and how to link within it.
#[derive(Debug, Clone)]
pub struct SiteCtx {
    pub workspace: WorkspaceId,
    pub theme: Arc<Theme>,
    /// Path of the theme's sites on this host: `/p/acme`, `/p/acme/paris`, or empty on a
    /// custom domain.
    pub base: String,
    /// On a custom domain, the site at its root.
    pub root_site: Option<String>,
    /// `scheme://host` for links that leave the page (e-mails).
    pub origin: String,
    /// The site being shown.
    pub site: String,
}

impl SiteCtx {
    /// Path of `path` (starting with `/`) in site `site`.
    pub fn href(&self, site: &str, path: &str) -> String {
        if self.root_site.as_deref() == Some(site) { path.to_string() } else { format!("{}/{site}{path}", self.base) }
    }
    /// Absolute address of `path` in site `site`.
    pub fn url(&self, site: &str, path: &str) -> String {
        format!("{}{}", self.origin, self.href(site, path))
    }
    /// The path portal cookies are scoped to: one workspace's sites (its units' too) on the
    /// main host, the whole custom domain.
    pub fn cookie_path(&self) -> String {
        match self.base.split('/').nth(2) {
            Some(ws) => format!("/p/{ws}"),
            None => "/".into(),
        }
    }
}

/// The custom domains and what they serve, kept in memory: a request for any other host
/// costs no query, whatever its `Host` header says.
#[derive(Default)]
pub struct HostCache(Mutex<Option<(Instant, Hosts)>>);

type Hosts = Arc<HashMap<String, Served>>;

const HOST_TTL: Duration = Duration::from_secs(30);

impl HostCache {
    async fn resolve(&self, state: &AppState, host: &str) -> Result<Option<Served>, AppError> {
        let fresh = self
            .0
            .lock()
            .ok()
            .and_then(|g| g.as_ref().filter(|(at, _)| at.elapsed() < HOST_TTL).map(|(_, m)| m.clone()));
        let map = match fresh {
            Some(m) => m,
            None => {
                let all = portico_sites::domains::all(state.db.pool()).await?;
                let m = Arc::new(all.into_iter().map(|s| (s.host.clone(), s)).collect::<HashMap<_, _>>());
                if let Ok(mut g) = self.0.lock() {
                    *g = Some((Instant::now(), m.clone()));
                }
                m
            }
        };
        Ok(map.get(host).cloned())
    }
    /// Forget what is known (a domain or theme changed on this replica; others see it within
    /// [`HOST_TTL`]).
    pub fn clear(&self) {
        if let Ok(mut g) = self.0.lock() {
            *g = None;
        }
    }
}

fn host_of(req: &Request) -> String {
    let raw = req.headers().get(header::HOST).and_then(|v| v.to_str().ok()).or_else(|| req.uri().host()).unwrap_or("");
    let host = match raw.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
        _ => raw,
    };
    host.trim_end_matches('.').to_ascii_lowercase()
}

/// Where a request goes after the layer read its address.
struct Target {
    ctx: SiteCtx,
    /// `/_site/{site}{rest}`
    path: String,
}

fn target(
    theme: Theme,
    base: String,
    root: Option<String>,
    origin: String,
    site: &str,
    rest: &str,
) -> Result<Target, AppError> {
    let ctx = SiteCtx {
        workspace: portico_kernel::ids::parse_db_id(&theme.workspace_id)?,
        theme: Arc::new(theme),
        base,
        root_site: root,
        origin,
        site: site.to_string(),
    };
    // A nested router's root is its prefix without the trailing slash; `…/sign-in/` is `…/sign-in`.
    let rest = rest.trim_end_matches('/');
    Ok(Target { ctx, path: format!("{INTERNAL}/{site}{rest}") })
}

/// The first segment of `path` and what follows it (`/a/b` → `a`, `/b`).
fn split(path: &str) -> (String, String) {
    let p = path.strip_prefix('/').unwrap_or(path);
    match p.find('/') {
        Some(i) => (p[..i].to_string(), p[i..].to_string()),
        None => (p.to_string(), String::new()),
    }
}

/// `rest` of a theme's sites: a site's page, the list of sites, or its logo.
fn within(sites: &[&str], rest: &str) -> Option<(String, String)> {
    match split(rest) {
        (first, more) if first.is_empty() && more.is_empty() => Some((OWN.into(), "/".into())),
        (first, more) if first == "_logo" && more.is_empty() => Some((OWN.into(), "/logo".into())),
        (first, more) if first == "_theme.css" && more.is_empty() => Some((OWN.into(), "/theme.css".into())),
        (site, more) if sites.contains(&site.as_str()) => Some((site, more)),
        _ => None,
    }
}

/// Paths every host answers the same: assets and health checks.
fn shared(path: &str) -> bool {
    path.starts_with("/assets/") || path == "/healthz" || path == "/readyz"
}

async fn route(state: &AppState, host: &str, path: &str) -> Result<Option<Target>, AppError> {
    let sites = state.suite.site_keys();
    // A custom domain serves its own sites only, never another workspace's `/p/…`.
    if host != state.main_host
        && portico_sites::domains::clean_host(host).is_ok()
        && !shared(path)
        && let Some(served) = state.site_hosts.resolve(state, host).await?
    {
        let origin = format!("{}://{host}", state.main_scheme);
        let (site, more) = match within(&sites, path) {
            Some((s, _)) if s == OWN && path == "/" => (served.site.clone(), "/".to_string()),
            Some(found) => found,
            None => (served.site.clone(), path.to_string()),
        };
        return target(served.theme, String::new(), Some(served.site), origin, &site, &more).map(Some);
    }
    let Some(rest) = path.strip_prefix("/p/") else { return Ok(None) };
    let (ws, rest) = split(&format!("/{rest}"));
    let origin = state.settings.public_base();
    if let Some((site, more)) = within(&sites, &rest) {
        let Some(theme) = portico_sites::theme::by_address(state.db.pool(), &ws, "").await? else { return Ok(None) };
        return target(theme, format!("/p/{ws}"), None, origin, &site, &more).map(Some);
    }
    let (unit, rest) = split(&rest);
    let Some((site, more)) = within(&sites, &rest) else { return Ok(None) };
    let Some(theme) = portico_sites::theme::by_address(state.db.pool(), &ws, &unit).await? else { return Ok(None) };
    target(theme, format!("/p/{ws}/{unit}"), None, origin, &site, &more).map(Some)
}

/// Runs before routing: sends a site's address to its internal route with its context, and
/// keeps the internal prefix out of reach. `?lang=xx` on a site page sets the language.
pub async fn dispatch(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if req.uri().path() == INTERNAL || req.uri().path().starts_with(&format!("{INTERNAL}/")) {
        return crate::ui::not_found(req.headers().clone()).await;
    }
    let (host, path) = (host_of(&req), req.uri().path().to_string());
    // `//host` would leave the site in a redirect built from the path: no site has such paths.
    let odd = path.contains("//") || path.contains('\\');
    let target = match route(&state, &host, &path).await {
        Ok(Some(_)) if odd => return crate::ui::not_found(req.headers().clone()).await,
        Ok(Some(t)) => t,
        Ok(None) if path.starts_with("/p/") => return crate::ui::not_found(req.headers().clone()).await,
        Ok(None) => return next.run(req).await,
        Err(e) => return crate::ui::error_page(&e, request_locale(req.headers()).unwrap_or_default()),
    };
    if let Some(resp) = language_switch(&req) {
        return resp;
    }
    let query = req.uri().query().map(|q| format!("?{q}")).unwrap_or_default();
    match format!("{}{query}", target.path).parse::<Uri>() {
        Ok(uri) => *req.uri_mut() = uri,
        Err(_) => return crate::ui::not_found(req.headers().clone()).await,
    }
    req.extensions_mut().insert(target.ctx);
    next.run(req).await
}

/// `GET …?lang=fr`: remember the language and show the same page without the parameter.
fn language_switch(req: &Request) -> Option<Response> {
    if req.method() != axum::http::Method::GET {
        return None;
    }
    let query = req.uri().query()?;
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes()).into_owned().collect();
    let locale = pairs.iter().find(|(k, _)| k == "lang").and_then(|(_, v)| Locale::parse(v))?;
    let rest: Vec<String> =
        pairs.iter().filter(|(k, _)| k != "lang").map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v))).collect();
    let mut back = req.uri().path().to_string();
    if !rest.is_empty() {
        back = format!("{back}?{}", rest.join("&"));
    }
    let mut resp = Redirect::to(&back).into_response();
    crate::ui::set_cookie(&mut resp, &crate::ui::lang_cookie(locale));
    Some(resp)
}

/// `s` as one value of a query string.
pub fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// A visitor of a site: where they are and in which language they read.
pub struct Site {
    pub ctx: SiteCtx,
    pub tr: Tr,
    pub csrf: String,
    /// The sites of this theme, for the navigation.
    pub nav: Vec<(String, String)>,
}

impl<S: Send + Sync> FromRequestParts<S> for Site
where
    AppState: axum::extract::FromRef<S>,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = <AppState as axum::extract::FromRef<S>>::from_ref(state);
        match Site::of(&parts.headers, &parts.extensions, &state) {
            Some(site) => Ok(site),
            None => Err(crate::ui::not_found(parts.headers.clone()).await),
        }
    }
}

/// A post refused before its handler ran (a spam trap, a stale or expired form, too many
/// posts): on a site, a page of that site leading back to the form it came from; on the
/// staff's pages, the error page leading back to `staff_back`.
pub fn refusal(
    headers: &axum::http::HeaderMap,
    extensions: &axum::http::Extensions,
    state: &AppState,
    e: &AppError,
    staff_back: Option<String>,
) -> Response {
    match Site::of(headers, extensions, state) {
        Some(site) => site.error_back(e, crate::csrf::referer_path(headers)),
        None => crate::ui::error_page_back(e, request_locale(headers).unwrap_or_default(), staff_back),
    }
}

impl Site {
    /// The visitor of the site the dispatch layer found for this request, if any.
    fn of(headers: &axum::http::HeaderMap, extensions: &axum::http::Extensions, state: &AppState) -> Option<Site> {
        let ctx = extensions.get::<SiteCtx>().cloned()?;
        let locale = request_locale(headers).or_else(|| Locale::parse(&ctx.theme.default_locale)).unwrap_or_default();
        let tr = Tr::new(locale);
        let nav = state.suite.sites.iter().map(|s| (tr.t(s.label), ctx.href(s.key, "/"))).collect();
        let csrf = extensions.get::<crate::csrf::CsrfToken>().map(|t| t.0.clone()).unwrap_or_default();
        Some(Site { csrf, tr, ctx, nav })
    }
    /// An error as a page of this site.
    pub fn error(&self, e: &AppError) -> Response {
        self.error_back(e, None)
    }
    /// An error as a page of this site, with a way back to the form at `back`.
    fn error_back(&self, e: &AppError, back: Option<String>) -> Response {
        if e.code == portico_kernel::ErrorCode::Internal {
            tracing::error!(cause = ?e.cause, "internal error on a site page");
        }
        let status = crate::error::status_of(e);
        let page = ErrorPage { s: self.view(), message: self.tr.error(e), tr: self.tr, back };
        crate::ui::render(status, &page)
    }
    /// What the layout needs.
    pub fn view(&self) -> SiteView {
        SiteView {
            title: self.ctx.theme.title.clone(),
            // A stylesheet of its own, not a `<style>`: the CSP allows no inline style.
            theme_css: format!("{}/_theme.css?v={}", self.ctx.base, self.ctx.theme.updated_at),
            lang: self.tr.code(),
            home: if self.ctx.root_site.is_some() { "/".into() } else { format!("{}/", self.ctx.base) },
            logo: self
                .ctx
                .theme
                .logo_type
                .as_ref()
                .map(|_| format!("{}/_logo?v={}", self.ctx.base, self.ctx.theme.updated_at)),
            nav: self.nav.clone(),
            current: if self.ctx.site == OWN { String::new() } else { self.ctx.href(&self.ctx.site, "/") },
        }
    }
}

/// The layout's data: `site.html` reads it as `s`.
pub struct SiteView {
    pub title: String,
    /// The theme's stylesheet (colours, font, custom CSS).
    pub theme_css: String,
    pub lang: &'static str,
    pub home: String,
    pub logo: Option<String>,
    pub nav: Vec<(String, String)>,
    pub current: String,
}

#[derive(Template)]
#[template(path = "site_error.html")]
struct ErrorPage {
    s: SiteView,
    tr: Tr,
    message: String,
    back: Option<String>,
}

/// A contact signed in to this workspace's portals; other visitors are sent to sign in.
pub struct Portal {
    pub site: Site,
    pub who: portico_authz::Relation,
    /// The session's token, from the visitor's cookie.
    pub session: String,
}

/// Where the core's portal signs people in.
pub const PORTAL: &str = "portal";

impl<S: Send + Sync> FromRequestParts<S> for Portal
where
    AppState: axum::extract::FromRef<S>,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let app = <AppState as axum::extract::FromRef<S>>::from_ref(state);
        let site = Site::from_request_parts(parts, state).await?;
        let token = axum_extra::extract::CookieJar::from_headers(&parts.headers)
            .get(PORTAL_COOKIE)
            .map(|c| c.value().to_string());
        let now = app.clock.now_micros();
        let signed_in = match token {
            Some(t) => portico_authz::relation::of_session(app.db.pool(), site.ctx.workspace, &t, now)
                .await
                .map_err(|e| site.error(&e))?
                .map(|who| (who, t)),
            None => None,
        };
        match signed_in {
            Some((who, session)) => Ok(Portal { site, who, session }),
            None => Err(Redirect::to(&site.ctx.href(PORTAL, "/sign-in")).into_response()),
        }
    }
}

/// The layer's own pages: the sites of a theme, its stylesheet and its logo.
pub fn own_router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/", axum::routing::get(index))
        .route("/theme.css", axum::routing::get(stylesheet))
        .route("/logo", axum::routing::get(logo))
}

#[derive(serde::Deserialize, Default)]
struct Version {
    v: Option<String>,
}

/// Cached for a day when asked for by the theme's version; a replica that has not seen the
/// latest version yet answers without letting it be kept.
fn caching(site: &Site, asked: &Version) -> &'static str {
    let current = asked.v.as_deref() == Some(site.ctx.theme.updated_at.to_string().as_str());
    if current { "public, max-age=86400" } else { "no-store" }
}

async fn stylesheet(site: Site, axum::extract::Query(v): axum::extract::Query<Version>) -> Response {
    let headers = [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, caching(&site, &v))];
    (headers, site.ctx.theme.css()).into_response()
}

#[derive(Template)]
#[template(path = "site_index.html")]
struct Index {
    s: SiteView,
    tr: Tr,
}

async fn index(site: Site) -> Response {
    crate::ui::page(&Index { s: site.view(), tr: site.tr })
}

async fn logo(
    State(state): State<AppState>,
    site: Site,
    axum::extract::Query(v): axum::extract::Query<Version>,
) -> Response {
    let cache = caching(&site, &v).to_string();
    match portico_sites::theme::logo(state.db.pool(), &site.ctx.theme).await {
        Ok(Some((content_type, bytes))) => (
            [
                (header::CONTENT_TYPE, content_type),
                (header::CACHE_CONTROL, cache),
                // An SVG opened on its own must not run script.
                (header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'; sandbox".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => site.error(&AppError::not_found()),
        Err(e) => site.error(&e),
    }
}
