//! The contacts' portal, the core's own site: a contact signs in with a link sent to the
//! address the workspace knows them by, or with a password they chose, and sees their
//! details and their conversations, downloads their data, and signs out. Everything shown
//! comes through the record kinds' `related` checks on the visitor's [`Relation`].

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use portico_auth::portal::{self, LinkTarget};
use portico_authz::Relation;
use portico_http::i18n::Tr;
use portico_http::site::{PORTAL_COOKIE, Portal, Site, SiteView};
use portico_http::spam::Trap;
use portico_http::state::AppState;
use portico_http::ui::set_cookie;
use portico_kernel::AppError;
use portico_mail::inbound::messages::{self, ThreadEntry};
use serde::{Deserialize, Serialize};

use crate::contacts::store::{self as contacts, Contact};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/sign-in", get(sign_in_page))
        .route("/sign-in/link", post(send_link))
        .route("/sign-in/password", post(password_sign_in))
        .route("/in/{token}", get(confirm).post(redeem))
        .route("/password", post(set_password))
        .route("/data", get(data))
        .route("/sign-out", post(sign_out))
}

#[derive(Template)]
#[template(path = "portal_sign_in.html")]
struct SignInPage {
    s: SiteView,
    tr: Tr,
    csrf: String,
    trap: Trap,
    here: String,
    email: String,
    /// The link was sent (or would have been).
    sent: bool,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
struct SignInQuery {
    #[serde(default)]
    sent: bool,
}

fn sign_in(s: &AppState, site: &Site, email: &str, sent: bool, error: Option<&AppError>) -> Response {
    let page = SignInPage {
        s: site.view(),
        tr: site.tr,
        csrf: site.csrf.clone(),
        trap: Trap::new(s),
        here: site.ctx.href(PORTAL, ""),
        email: email.to_string(),
        sent,
        error: error.map(|e| site.tr.error(e)),
    };
    portico_http::ui::render(status(error), &page)
}

/// A page's status: 200, or the refusal's.
fn status(error: Option<&AppError>) -> StatusCode {
    error.map_or(StatusCode::OK, portico_http::error::status_of)
}

const PORTAL: &str = super::PORTAL.key;

async fn sign_in_page(State(s): State<AppState>, site: Site, Query(q): Query<SignInQuery>) -> Response {
    sign_in(&s, &site, "", q.sent, None)
}

#[derive(Deserialize)]
struct LinkForm {
    email: String,
}

async fn send_link(State(s): State<AppState>, site: Site, Form(f): Form<LinkForm>) -> Response {
    if let Err(e) = portico_kernel::validate::email("email", &f.email) {
        return sign_in(&s, &site, &f.email, false, Some(&e));
    }
    // The same answer, in the same time, whether or not the address is known: the link is
    // looked for and sent after the answer.
    let (base, title, ws) = (site.ctx.url(PORTAL, "/in/"), site.ctx.theme.title.clone(), site.ctx.workspace);
    let state = s.clone();
    tokio::spawn(async move {
        let target = LinkTarget { base: &base, site: &title };
        if let Err(e) = portal::request_link(&state.db, state.clock.as_ref(), &state.mail, ws, &f.email, target).await {
            tracing::error!(error = ?e, "a portal sign-in link could not be sent");
        }
    });
    Redirect::to(&site.ctx.href(PORTAL, "/sign-in?sent=true")).into_response()
}

#[derive(Template)]
#[template(path = "portal_confirm.html")]
struct ConfirmPage {
    s: SiteView,
    tr: Tr,
    csrf: String,
    trap: Trap,
    action: String,
}

/// The link from the e-mail shows a button, which uses it up: mail scanners that open
/// links to check them do not.
async fn confirm(State(s): State<AppState>, site: Site, Path(token): Path<String>) -> Response {
    let page = ConfirmPage {
        s: site.view(),
        tr: site.tr,
        csrf: site.csrf.clone(),
        trap: Trap::new(&s),
        action: site.ctx.href(PORTAL, &format!("/in/{token}")),
    };
    portico_http::ui::page(&page)
}

fn with_session(site: &Site, s: &AppState, token: &str) -> Response {
    let mut resp = Redirect::to(&site.ctx.href(PORTAL, "/")).into_response();
    let secure = if s.secure_cookies() { "; Secure" } else { "" };
    let max_age = portico_authz::relation::IDLE_TTL / portico_kernel::MICROS_PER_SECOND;
    let cookie = format!(
        "{PORTAL_COOKIE}={token}; Path={}; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}",
        site.ctx.cookie_path()
    );
    set_cookie(&mut resp, &cookie);
    resp
}

async fn redeem(State(s): State<AppState>, site: Site, Path(token): Path<String>) -> Response {
    match portal::redeem(&s.db, s.clock.as_ref(), site.ctx.workspace, &token).await {
        Ok(session) => with_session(&site, &s, &session),
        Err(e) => sign_in(&s, &site, "", false, Some(&e)),
    }
}

#[derive(Deserialize)]
struct PasswordSignIn {
    email: String,
    password: String,
}

async fn password_sign_in(State(s): State<AppState>, site: Site, Form(f): Form<PasswordSignIn>) -> Response {
    match portal::sign_in(&s.db, s.clock.as_ref(), site.ctx.workspace, &f.email, &f.password).await {
        Ok(session) => with_session(&site, &s, &session),
        Err(e) => sign_in(&s, &site, &f.email, false, Some(&e)),
    }
}

/// What the portal shows a contact, and their data export: their record and their
/// conversations.
#[derive(Serialize)]
struct Mine {
    contact: Contact,
    messages: Vec<ThreadEntry>,
}

async fn mine(s: &AppState, who: &Relation) -> Result<Mine, AppError> {
    let registry = s.registry();
    let kind = registry.get(contacts::KIND).ok_or_else(|| AppError::internal("contacts are not registered"))?;
    kind.related(&s.db, who, &who.contact().to_db()).await?;
    let contact = contacts::get_related(s.db.pool(), who).await?;
    // Read through the relation: the conversations filed with them, what they wrote or were sent.
    let messages = messages::of_relation(s.db.pool(), who, 200).await?;
    Ok(Mine { contact, messages })
}

#[derive(Template)]
#[template(path = "portal_home.html")]
struct HomePage {
    s: SiteView,
    tr: Tr,
    csrf: String,
    trap: Trap,
    here: String,
    contact: Contact,
    messages: Vec<ThreadEntry>,
    has_password: bool,
    notice: Option<String>,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
struct HomeQuery {
    notice: Option<String>,
}

async fn home_page(s: &AppState, p: &Portal, notice: Option<&str>, error: Option<&AppError>) -> Response {
    let site = &p.site;
    let loaded =
        async { Ok::<_, AppError>((mine(s, &p.who).await?, portal::has_password(&s.db, &p.who).await?)) }.await;
    let (mine, has_password) = match loaded {
        Ok(v) => v,
        Err(e) => return site.error(&e),
    };
    let page = HomePage {
        s: site.view(),
        tr: site.tr,
        csrf: site.csrf.clone(),
        trap: Trap::new(s),
        here: site.ctx.href(PORTAL, ""),
        contact: mine.contact,
        messages: mine.messages,
        has_password,
        notice: notice.filter(|n| *n == "password-saved").map(|n| site.tr.t(&format!("portal-{n}"))),
        error: error.map(|e| site.tr.error(e)),
    };
    portico_http::ui::render(status(error), &page)
}

async fn home(State(s): State<AppState>, p: Portal, Query(q): Query<HomeQuery>) -> Response {
    home_page(&s, &p, q.notice.as_deref(), None).await
}

#[derive(Deserialize)]
struct NewPassword {
    password: String,
}

async fn set_password(State(s): State<AppState>, p: Portal, Form(f): Form<NewPassword>) -> Response {
    match portal::set_password(&s.db, s.clock.as_ref(), &p.who, &p.session, &f.password).await {
        Ok(()) => Redirect::to(&p.site.ctx.href(PORTAL, "/?notice=password-saved")).into_response(),
        Err(e) => home_page(&s, &p, None, Some(&e)).await,
    }
}

/// The contact's data, as a file to keep (GDPR: access and portability).
async fn data(State(s): State<AppState>, p: Portal) -> Response {
    match mine(&s, &p.who).await {
        Ok(m) => match serde_json::to_vec_pretty(&m) {
            Ok(bytes) => portico_http::ui::download("application/json", "my-data.json", bytes),
            Err(e) => p.site.error(&AppError::internal(e.to_string())),
        },
        Err(e) => p.site.error(&e),
    }
}

async fn sign_out(State(s): State<AppState>, site: Site, headers: axum::http::HeaderMap) -> Response {
    if let Some(token) = axum_extra::extract::CookieJar::from_headers(&headers).get(PORTAL_COOKIE)
        && let Err(e) = portico_authz::relation::close_session(s.db.pool(), token.value()).await
    {
        tracing::warn!(error = ?e, "a portal session could not be closed");
    }
    let mut resp = Redirect::to(&site.ctx.href(PORTAL, "/sign-in")).into_response();
    set_cookie(
        &mut resp,
        &format!("{PORTAL_COOKIE}=; Path={}; Max-Age=0; HttpOnly; SameSite=Lax", site.ctx.cookie_path()),
    );
    resp
}
