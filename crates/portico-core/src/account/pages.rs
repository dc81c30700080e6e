//! Signing in and out, first-run setup, invitations, password resets, language.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use portico_auth::{invites, login, resets, setup};
use portico_kernel::locale::Locale;
use portico_kernel::{AppError, ErrorCode};
use serde::{Deserialize, Serialize};

use portico_http::extract::{SESSION_COOKIE, VIEW_AS_COOKIE};
use portico_http::form::FormState;
use portico_http::i18n::Tr;
use portico_http::state::AppState;
use portico_http::ui::{
    Flash, FlashQuery, Staff, Visitor, after, error_page, expired_cookie, lang_cookie, local_path, page, render,
    set_cookie,
};

/// HttpOnly, SameSite=Lax (links from e-mails still sign you in), Secure behind HTTPS.
fn session_cookie(s: &AppState, token: String) -> String {
    let secure = if s.secure_cookies() { "; Secure" } else { "" };
    let max_age = portico_auth::sessions::IDLE_TTL / portico_kernel::MICROS_PER_SECOND;
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

fn signed_in(s: &AppState, token: String, to: &str) -> Response {
    let mut resp = Redirect::to(to).into_response();
    set_cookie(&mut resp, &session_cookie(s, token));
    set_cookie(&mut resp, &expired_cookie(VIEW_AS_COOKIE));
    // The pre-session CSRF token changes at every sign-in too.
    set_cookie(&mut resp, &portico_http::csrf::anonymous_cookie(s));
    resp
}

#[derive(Template)]
#[template(path = "setup.html")]
pub(crate) struct SetupPage {
    tr: Tr,
    csrf: String,
    back: String,
    flash: Option<Flash>,
    form: FormState,
}

pub(crate) async fn setup_form(State(s): State<AppState>, v: Visitor, Query(f): Query<FlashQuery>) -> Response {
    match portico_authz::store::workspace_count(s.db.pool()).await {
        Ok(0) => page(&SetupPage {
            flash: f.flash(&v.tr),
            tr: v.tr,
            csrf: v.csrf,
            back: "/setup".into(),
            form: FormState::fresh(),
        }),
        Ok(_) => Redirect::to("/login").into_response(),
        Err(e) => error_page(&e, v.tr.locale),
    }
}

/// The setup form again, with what was typed and why it was refused.
fn setup_refused(v: Visitor, f: &SetupForm, e: &AppError) -> Response {
    let form = FormState::failed("setup", f, e, &v.tr);
    let p = SetupPage { flash: None, tr: v.tr, csrf: v.csrf, back: "/setup".into(), form };
    render(p.form.status(), &p)
}

#[derive(Deserialize, Serialize)]
pub(crate) struct SetupForm {
    workspace: String,
    name: String,
    email: String,
    password: String,
}

pub(crate) async fn setup_submit(State(s): State<AppState>, v: Visitor, Form(f): Form<SetupForm>) -> Response {
    if !s.public_limiter.check(&format!("setup:{}", v.ip)) {
        return setup_refused(v, &f, &AppError::new(ErrorCode::RateLimited));
    }
    match portico_authz::store::workspace_count(s.db.pool()).await {
        Ok(0) => {}
        Ok(_) => return Redirect::to("/login").into_response(),
        Err(e) => return error_page(&e, v.tr.locale),
    }
    let input = setup::OwnerInput {
        workspace_name: &f.workspace,
        email: &f.email,
        name: &f.name,
        password: &f.password,
        locale: v.tr.locale,
    };
    let created = match setup::create_workspace_with_owner(&s.db, s.clock.as_ref(), input).await {
        Ok(c) => c,
        Err(e) => return setup_refused(v, &f, &e),
    };
    let slug =
        portico_authz::store::workspace(s.db.pool(), created.workspace).await.map(|w| w.slug).unwrap_or_default();
    let attempt = login::Attempt {
        email: &f.email,
        password: &f.password,
        user_agent: "setup",
        previous_session: None,
        workspace: Some(&slug),
    };
    match login::login(&s.db, s.clock.as_ref(), attempt).await {
        Ok(login::Outcome::SignedIn(l)) => signed_in(&s, l.session_token, "/?notice=welcome"),
        Ok(login::Outcome::Choose(_)) => Redirect::to("/login").into_response(),
        Err(e) => after("/login", Err(e)).into_response(),
    }
}

#[derive(Template)]
#[template(path = "login.html")]
pub(crate) struct LoginPage {
    tr: Tr,
    csrf: String,
    back: String,
    next: String,
    flash: Option<Flash>,
    /// Kept after a failed attempt, so only the password is typed again.
    email: String,
    /// The workspaces to choose from, when the address and password open several.
    choices: Vec<login::Choice>,
}

#[derive(Deserialize, Default)]
pub(crate) struct LoginQuery {
    next: Option<String>,
    #[serde(flatten)]
    flash: FlashQuery,
}

pub(crate) async fn login_form(State(s): State<AppState>, v: Visitor, Query(q): Query<LoginQuery>) -> Response {
    if let Ok(0) = portico_authz::store::workspace_count(s.db.pool()).await {
        return Redirect::to("/setup").into_response();
    }
    let next = local_path(q.next.as_deref());
    page(&LoginPage {
        flash: q.flash.flash(&v.tr),
        tr: v.tr,
        csrf: v.csrf,
        back: "/login".into(),
        next,
        email: String::new(),
        choices: Vec::new(),
    })
}

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
    workspace: Option<String>,
}

pub(crate) async fn login_submit(
    State(s): State<AppState>,
    v: Visitor,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let next = local_path(f.next.as_deref());
    // A refused sign-in shows the form again, with the error and the e-mail already filled in.
    let again = |status: StatusCode, flash: Option<Flash>, choices: Vec<login::Choice>, v: Visitor| {
        let email = f.email.clone();
        let page =
            LoginPage { tr: v.tr, csrf: v.csrf, back: "/login".into(), next: next.clone(), flash, email, choices };
        render(status, &page)
    };
    let refused = |e: AppError, v: Visitor| {
        let status = portico_http::error::status_of(&e);
        let flash = Some(Flash { error: true, message: v.tr.error(&e) });
        again(status, flash, Vec::new(), v)
    };
    if !s.login_limiter.check(&v.ip) {
        return refused(AppError::new(ErrorCode::RateLimited), v);
    }
    let ua = headers.get(header::USER_AGENT).and_then(|h| h.to_str().ok()).unwrap_or("");
    let previous =
        axum_extra::extract::CookieJar::from_headers(&headers).get(SESSION_COOKIE).map(|c| c.value().to_string());
    let attempt = login::Attempt {
        email: &f.email,
        password: &f.password,
        user_agent: ua,
        previous_session: previous.as_deref(),
        workspace: f.workspace.as_deref().filter(|w| !w.is_empty()),
    };
    match login::login(&s.db, s.clock.as_ref(), attempt).await {
        Ok(login::Outcome::Choose(choices)) => {
            let flash = Some(Flash { error: false, message: v.tr.t("login-choose-workspace") });
            again(StatusCode::OK, flash, choices, v)
        }
        Ok(login::Outcome::SignedIn(l)) => {
            let mut resp = signed_in(&s, l.session_token, &next);
            if let Some(locale) = l.locale.as_deref().and_then(Locale::parse) {
                set_cookie(&mut resp, &lang_cookie(locale));
            }
            resp
        }
        Err(e) => refused(e, v),
    }
}

pub(crate) async fn logout(State(s): State<AppState>, staff: Staff) -> Response {
    if let Some(token) = &staff.caller.session_token
        && let Err(e) = login::logout(&s.db, s.clock.as_ref(), token).await
    {
        return error_page(&e, staff.caller.locale);
    }
    let mut resp = Redirect::to("/login?notice=signed-out").into_response();
    set_cookie(&mut resp, &expired_cookie(SESSION_COOKIE));
    set_cookie(&mut resp, &expired_cookie(VIEW_AS_COOKIE));
    resp
}

#[derive(Template)]
#[template(path = "forgot.html")]
pub(crate) struct ForgotPage {
    tr: Tr,
    csrf: String,
    back: String,
    flash: Option<Flash>,
    form: FormState,
}

pub(crate) async fn forgot_form(v: Visitor, Query(f): Query<FlashQuery>) -> Response {
    let form = FormState::fresh();
    page(&ForgotPage { flash: f.flash(&v.tr), tr: v.tr, csrf: v.csrf, back: "/password/forgot".into(), form })
}

#[derive(Deserialize, Serialize)]
pub(crate) struct ForgotForm {
    email: String,
}

pub(crate) async fn forgot_submit(State(s): State<AppState>, v: Visitor, Form(f): Form<ForgotForm>) -> Response {
    let result = if s.public_limiter.check(&format!("forgot:{}", v.ip)) {
        // Same answer whether or not the address has an account.
        resets::request(&s.db, s.clock.as_ref(), &s.mail, &f.email).await.map(|_| ())
    } else {
        Err(AppError::new(ErrorCode::RateLimited))
    };
    match result {
        Ok(()) => after("/password/forgot", Ok("reset-sent")).into_response(),
        Err(e) => {
            let form = FormState::failed("forgot", &f, &e, &v.tr);
            let p = ForgotPage { flash: None, tr: v.tr, csrf: v.csrf, back: "/password/forgot".into(), form };
            render(p.form.status(), &p)
        }
    }
}

#[derive(Template)]
#[template(path = "reset.html")]
pub(crate) struct ResetPage {
    tr: Tr,
    csrf: String,
    back: String,
    flash: Option<Flash>,
    form: FormState,
}

pub(crate) async fn reset_form(v: Visitor, Path(token): Path<String>, Query(f): Query<FlashQuery>) -> Response {
    let back = format!("/password/reset/{token}");
    page(&ResetPage { flash: f.flash(&v.tr), tr: v.tr, csrf: v.csrf, back, form: FormState::fresh() })
}

#[derive(Deserialize, Serialize)]
pub(crate) struct ResetForm {
    password: String,
}

pub(crate) async fn reset_submit(
    State(s): State<AppState>,
    v: Visitor,
    Path(token): Path<String>,
    Form(f): Form<ResetForm>,
) -> Response {
    match resets::complete(&s.db, s.clock.as_ref(), &token, &f.password).await {
        Ok(_) => Redirect::to("/login?notice=password-changed").into_response(),
        Err(e) if e.code == ErrorCode::LinkExpired => error_page(&e, v.tr.locale),
        Err(e) => {
            let form = FormState::failed("reset", &f, &e, &v.tr);
            let p = ResetPage { flash: None, tr: v.tr, csrf: v.csrf, back: format!("/password/reset/{token}"), form };
            render(p.form.status(), &p)
        }
    }
}

#[derive(Template)]
#[template(path = "invite.html")]
pub(crate) struct InvitePage {
    tr: Tr,
    csrf: String,
    back: String,
    flash: Option<Flash>,
    email: String,
    workspace: String,
    form: FormState,
}

/// The invitation page: `form` is the one sent back refused, else the invitation's own name.
async fn invite_page(s: &AppState, v: Visitor, token: &str, f: &FlashQuery, form: Option<FormState>) -> Response {
    match invites::find(s.db.pool(), token, s.clock.now_micros()).await {
        Ok(inv) => {
            let form = form.unwrap_or_else(|| FormState::editing(&serde_json::json!({"name": inv.name})));
            let p = InvitePage {
                flash: f.flash(&v.tr),
                tr: v.tr,
                csrf: v.csrf,
                back: format!("/invite/{token}"),
                email: inv.email,
                workspace: inv.workspace_name,
                form,
            };
            render(p.form.status(), &p)
        }
        Err(e) => error_page(&e, v.tr.locale),
    }
}

pub(crate) async fn invite_form(
    State(s): State<AppState>,
    v: Visitor,
    Path(token): Path<String>,
    Query(f): Query<FlashQuery>,
) -> Response {
    invite_page(&s, v, &token, &f, None).await
}

#[derive(Deserialize, Serialize)]
pub(crate) struct InviteForm {
    name: String,
    password: String,
}

pub(crate) async fn invite_submit(
    State(s): State<AppState>,
    v: Visitor,
    Path(token): Path<String>,
    Form(f): Form<InviteForm>,
) -> Response {
    match invites::accept(&s.db, s.clock.as_ref(), &token, &f.name, &f.password, Some(v.tr.locale)).await {
        Ok((_, _, session)) => signed_in(&s, session, "/?notice=welcome"),
        Err(e) if e.code == ErrorCode::LinkExpired => error_page(&e, v.tr.locale),
        Err(e) => {
            let form = FormState::failed("invite", &f, &e, &v.tr);
            invite_page(&s, v, &token, &FlashQuery::default(), Some(form)).await
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct LangForm {
    lang: String,
    back: Option<String>,
}

/// Remember a language choice in a cookie (signed-in users set theirs in their profile).
pub(crate) async fn set_lang(Form(f): Form<LangForm>) -> Response {
    let Some(l) = Locale::parse(&f.lang) else {
        return (StatusCode::UNPROCESSABLE_ENTITY, "unknown language").into_response();
    };
    let mut resp = Redirect::to(&local_path(f.back.as_deref())).into_response();
    set_cookie(&mut resp, &lang_cookie(l));
    resp
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_is_local_only() {
        use portico_http::ui::local_path;
        assert_eq!(local_path(Some("/settings/users?q=a%20b")), "/settings/users?q=a%20b");
        for evil in [
            "https://evil.test",
            "//evil.test",
            "/\\evil.test",
            "javascript:alert(1)",
            "/\t/evil.example",
            "/\r\nSet-Cookie: x=1",
            "/\u{0b}/evil",
            "/\0",
            "/\u{7f}",
            "/ /evil",
            "/caf\u{e9}",
        ] {
            assert_eq!(local_path(Some(evil)), "/", "{evil:?}");
        }
    }
}
