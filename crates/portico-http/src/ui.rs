//! The shell of the staff UI that every module's pages live in: the sidebar and top bar
//! (built from what the modules register), the settings hub, flash messages, error pages,
//! and the extractors for signed-in staff and visitors. Server-rendered with askama; htmx
//! (boosted links and forms) makes it feel instant, and every page works without JavaScript.

use askama::Template;
use axum::Router;
use axum::extract::{FromRef, FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use portico_kernel::locale::Locale;
use portico_kernel::{AppError, ErrorCode};
use serde::Deserialize;

use crate::csrf::CsrfToken;
use crate::error::request_locale;
use crate::extract::{Caller, resolve};
use crate::i18n::Tr;
use crate::module::NavItem;
use crate::state::AppState;

/// The shell's own pages: the settings hub, which lists every module's settings.
pub fn router() -> Router<AppState> {
    Router::new().route("/settings", axum::routing::get(hub))
}

#[derive(Template)]
#[template(path = "settings_hub.html")]
struct Hub {
    c: Shell,
}

async fn hub(staff: Staff, axum::extract::Query(f): axum::extract::Query<FlashQuery>) -> Result<Response, PageError> {
    staff.caller.authz.admin().or_page(&staff)?;
    Ok(page(&Hub { c: staff.shell("settings", &f) }))
}

/// Notices and errors carried across a redirect in the query string (`?notice=` / `?error=&field=`).
#[derive(Debug, Default, Deserialize)]
pub struct FlashQuery {
    pub notice: Option<String>,
    pub error: Option<String>,
    pub field: Option<String>,
}

pub struct Flash {
    pub error: bool,
    pub message: String,
}

impl FlashQuery {
    pub fn flash(&self, tr: &Tr) -> Option<Flash> {
        if let Some(code) = &self.error {
            let code = ErrorCode::ALL.iter().find(|c| c.code() == code).copied().unwrap_or(ErrorCode::BadRequest);
            let e = AppError { code, field: self.field.clone().filter(|f| f.len() < 64), cause: None };
            return Some(Flash { error: true, message: tr.error(&e) });
        }
        let key = self.notice.as_deref()?;
        if !key.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
            return None;
        }
        let msg = tr.t(&format!("notice-{key}"));
        (!msg.starts_with("notice-")).then_some(Flash { error: false, message: msg })
    }
}

/// Add a cookie to a response (the values we build are plain ASCII).
pub fn set_cookie(resp: &mut Response, cookie: &str) {
    if let Ok(v) = axum::http::HeaderValue::from_str(cookie) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// Remembers a language choice for a year.
pub fn lang_cookie(locale: Locale) -> String {
    format!("lang={}; Path=/; SameSite=Lax; Max-Age=31536000", locale.code())
}

/// Tells the browser to forget a cookie.
pub fn expired_cookie(name: &str) -> String {
    format!("{name}=; Path=/; Max-Age=0")
}

/// A path on this site to send the browser to, or `/`. Only printable ASCII survives (no
/// control characters, spaces or backslashes, which browsers drop or fold into `//host`), and
/// it must be a local path: never `//host` or `scheme:`.
pub fn local_path(target: Option<&str>) -> String {
    match target {
        Some(t)
            if t.starts_with('/')
                && !t.starts_with("//")
                && t.len() <= 2048
                && t.chars().all(|c| c.is_ascii_graphic() && c != '\\') =>
        {
            t.to_string()
        }
        _ => "/".into(),
    }
}

/// Redirect after a form: back to `to` with a notice, or with the error.
pub fn after(to: &str, result: Result<&str, AppError>) -> Redirect {
    let to = local_path(Some(to));
    // The notice goes in the query, before a `#part` of the page.
    let (to, part) = match to.split_once('#') {
        Some((path, part)) => (path.to_string(), format!("#{part}")),
        None => (to, String::new()),
    };
    let sep = if to.contains('?') { '&' } else { '?' };
    match result {
        Ok(notice) => Redirect::to(&format!("{to}{sep}notice={notice}{part}")),
        Err(e) => {
            if e.code == ErrorCode::Internal {
                tracing::error!(cause = ?e.cause, "internal error in form");
            }
            let field = e
                .field
                .map(|f| format!("&field={}", form_urlencoded::byte_serialize(f.as_bytes()).collect::<String>()))
                .unwrap_or_default();
            Redirect::to(&format!("{to}{sep}error={}{field}{part}", e.code.code()))
        }
    }
}

/// Bytes sent as a file to save, never shown inline (what is uploaded or mailed to us could
/// be anything), and kept by no cache.
pub fn download(content_type: &str, filename: &str, bytes: Vec<u8>) -> Response {
    let encoded: String = form_urlencoded::byte_serialize(filename.as_bytes()).collect();
    let ascii: String =
        filename.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_ ".contains(c) { c } else { '_' }).collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    let headers = [
        (axum::http::header::CONTENT_TYPE, content_type.to_string()),
        (axum::http::header::CONTENT_DISPOSITION, disposition),
        (axum::http::header::CACHE_CONTROL, "private, no-store".to_string()),
    ];
    (headers, bytes).into_response()
}

/// What every staff page shows around its content.
pub struct Shell {
    pub tr: Tr,
    pub csrf: String,
    pub user_name: String,
    pub is_admin: bool,
    pub active: &'static str,
    pub preview: Option<String>,
    pub flash: Option<Flash>,
    pub asset_version: &'static str,
    /// The sidebar: every module's entries the caller may use.
    pub nav: Vec<NavItem>,
    /// The settings pages of every module, for admins.
    pub settings: Vec<NavItem>,
    /// Notifications not read yet.
    pub unread: i64,
    /// The reader's id, for live pages (presence leaves them out).
    pub me: String,
}

impl Shell {
    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }
    /// A key built from a prefix and a stored value, e.g. `status-` + `active`.
    pub fn tk(&self, prefix: &str, value: &str) -> String {
        self.tr.tk(prefix, value)
    }
    pub fn count(&self, key: &str, n: usize) -> String {
        self.tr.count(key, i64::try_from(n).unwrap_or(i64::MAX))
    }
    pub fn lang(&self) -> &'static str {
        self.tr.code()
    }
    pub fn current(&self, key: &str) -> &'static str {
        if self.active == key { "page" } else { "false" }
    }
    /// The sidebar's Settings entry covers every settings page.
    pub fn current_settings(&self) -> &'static str {
        if self.active == "settings" || self.settings.iter().any(|i| i.key == self.active) { "page" } else { "false" }
    }
    /// Whether the entry opens a new section of the sidebar.
    pub fn new_section(&self, i: &usize) -> Option<String> {
        let section = self.nav.get(*i)?.section?;
        let previous = i.checked_sub(1).and_then(|p| self.nav.get(p)).and_then(|n| n.section);
        (previous != Some(section)).then(|| self.tr.t(section))
    }
    pub fn datetime(&self, ts: &i64) -> String {
        self.tr.datetime(*ts)
    }
    /// A permission as people read it (`core.view`: "Workspace: View").
    pub fn permission(&self, p: impl std::fmt::Display) -> String {
        self.tr.permission(&p.to_string())
    }
    /// The languages of the interface, each named in itself.
    /// A field's attributes, read-only for someone who may not change it.
    pub fn editable(&self, attrs: &str, can_edit: &bool) -> String {
        if *can_edit { attrs.to_string() } else { format!("{attrs} disabled") }
    }
    pub fn locales(&self) -> Vec<(&'static str, &'static str)> {
        Locale::ALL.iter().map(|l| (l.code(), l.native_name())).collect()
    }
    /// A role's name as people read it: built-in roles in their language.
    pub fn role_name(&self, r: &portico_authz::Role) -> String {
        self.tr.role_name(r)
    }
    pub fn number(&self, n: &i64) -> String {
        self.tr.number(n)
    }
    /// The rich text editor's toolbar labels, as the JSON its `data-labels` takes.
    pub fn rich_labels(&self) -> String {
        let t = |k: &str| self.t(k);
        serde_json::json!({
            "bold": t("rich-bold"), "italic": t("rich-italic"), "heading": t("rich-heading"), "ulist": t("rich-ulist"),
            "olist": t("rich-olist"), "quote": t("rich-quote"), "link": t("rich-link"), "linkPrompt": t("rich-link-prompt"),
        })
        .to_string()
    }
}

/// A signed-in staff member for an HTML page; anyone else is sent to sign in.
pub struct Staff {
    pub caller: Caller,
    pub csrf: String,
    nav: Vec<NavItem>,
    settings: Vec<NavItem>,
    /// Notifications the person has not read, for the bell.
    unread: i64,
}

impl Staff {
    pub fn shell(&self, active: &'static str, flash: &FlashQuery) -> Shell {
        let tr = self.caller.tr();
        let preview = self.caller.real_authz.as_ref().map(|_| tr.t("view-as-active"));
        Shell {
            flash: flash.flash(&tr),
            tr,
            csrf: self.csrf.clone(),
            user_name: self.caller.name.clone(),
            is_admin: self.caller.real_authz.as_deref().unwrap_or(&self.caller.authz).is_admin(),
            active,
            preview,
            asset_version: crate::assets::VERSION,
            nav: self.nav.clone(),
            settings: self.settings.clone(),
            unread: self.unread,
            me: self.caller.user.to_db(),
        }
    }
    pub fn tr(&self) -> Tr {
        self.caller.tr()
    }
}

pub fn csrf_of(parts: &Parts) -> String {
    parts.extensions.get::<CsrfToken>().map(|t| t.0.clone()).unwrap_or_default()
}

impl<S> FromRequestParts<S> for Staff
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        match resolve(&state, parts).await {
            Ok(caller) => {
                // What the sidebar offers follows the real rights, not a "view as" preview's.
                let real = caller.real_authz.as_deref().unwrap_or(&caller.authz);
                let shown = |i: &NavItem| (!i.admin_only || real.is_admin()) && i.needs.is_none_or(|p| real.can(p));
                let nav = state.suite.nav().into_iter().filter(shown).collect();
                let settings = state.suite.settings().into_iter().filter(shown).collect();
                let unread: Option<(i64,)> =
                    sqlx::query_as("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
                        .bind(caller.user.to_db())
                        .fetch_optional(state.db.pool())
                        .await
                        .unwrap_or_default();
                let unread = unread.map(|(n,)| n).unwrap_or(0);
                Ok(Staff { caller, csrf: csrf_of(parts), nav, settings, unread })
            }
            Err(e) if e.code == ErrorCode::Unauthenticated => {
                let next =
                    parts.extensions.get::<OriginalUri>().map(|u| u.0.path().to_string()).unwrap_or_else(|| "/".into());
                let next: String = form_urlencoded::byte_serialize(next.as_bytes()).collect();
                Err(Redirect::to(&format!("/login?next={next}")).into_response())
            }
            Err(e) => Err(error_page(&e, request_locale(&parts.headers).unwrap_or_default())),
        }
    }
}

/// Someone not (necessarily) signed in: language and CSRF token for public pages.
pub struct Visitor {
    pub tr: Tr,
    pub csrf: String,
    pub ip: String,
}

impl<S: Send + Sync> FromRequestParts<S> for Visitor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let locale = request_locale(&parts.headers).unwrap_or_default();
        Ok(Visitor { tr: Tr::new(locale), csrf: csrf_of(parts), ip: crate::extract::client_ip(&parts.extensions) })
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    tr: Tr,
    status: u16,
    message: String,
    /// The page to go back to, when trying again there makes sense.
    back: Option<String>,
}

/// A full error page in the visitor's language.
pub fn error_page(e: &AppError, locale: Locale) -> Response {
    error_page_back(e, locale, None)
}

/// An error page with a way back to `back` (a local path), where the visitor can try again.
pub fn error_page_back(e: &AppError, locale: Locale, back: Option<String>) -> Response {
    if e.code == ErrorCode::Internal {
        tracing::error!(cause = ?e.cause, "internal error on page");
    }
    let tr = Tr::new(locale);
    let status = crate::error::status_of(e);
    let back = back.map(|b| local_path(Some(&b)));
    render(status, &ErrorPage { status: status.as_u16(), message: tr.error(e), tr, back })
}

/// Render a template, turning a template failure into a plain 500.
pub fn render<T: Template>(status: StatusCode, t: &T) -> Response {
    match t.render() {
        Ok(html) => (status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
        }
    }
}

pub fn page<T: Template>(t: &T) -> Response {
    render(StatusCode::OK, t)
}

/// The error for a page handler: rendered in the caller's language, inside the shell (the
/// sidebar and search stay, so the way on is one click away).
pub struct PageError(pub AppError, pub Box<Shell>);

#[derive(Template)]
#[template(path = "error_staff.html")]
struct StaffErrorPage {
    c: Shell,
    status: u16,
    message: String,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let PageError(e, c) = self;
        if e.code == ErrorCode::Internal {
            tracing::error!(cause = ?e.cause, "internal error on page");
        }
        let status = crate::error::status_of(&e);
        let message = c.tr.error(&e);
        render(status, &StaffErrorPage { c: *c, status: status.as_u16(), message })
    }
}

pub trait OrPage<T> {
    fn or_page(self, staff: &Staff) -> Result<T, PageError>;
}

impl<T> OrPage<T> for Result<T, AppError> {
    fn or_page(self, staff: &Staff) -> Result<T, PageError> {
        self.map_err(|e| PageError(e, Box::new(staff.shell("", &FlashQuery::default()))))
    }
}

pub async fn not_found(headers: axum::http::HeaderMap) -> Response {
    error_page(&AppError::not_found(), request_locale(&headers).unwrap_or_default())
}
