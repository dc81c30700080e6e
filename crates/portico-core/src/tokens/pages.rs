//! Personal API tokens: list, create (the secret shown once), revoke.

use crate::parse;
use crate::roles::pages::{PermGroup, perm_groups};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use portico_auth::api_tokens::{self, ApiToken};
use portico_authz::role_admin;
use portico_http::form::FormState;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, render};
use portico_kernel::validate::{MICROS_PER_DAY, bounded_duration};
use portico_kernel::{AppError, ErrorCode, PermSet};
use serde::Serialize;

#[derive(Template)]
#[template(path = "tokens.html")]
pub(crate) struct TokensPage {
    c: Shell,
    tokens: Vec<ApiToken>,
    groups: Vec<PermGroup>,
    secret: Option<String>,
    form: FormState,
}

pub(crate) async fn tokens_page(
    s: &AppState,
    staff: &Staff,
    f: &FlashQuery,
    secret: Option<String>,
    form: FormState,
) -> Result<Response, PageError> {
    let tokens = api_tokens::list(s.db.pool(), &staff.caller.authz).await.or_page(staff)?;
    let p = TokensPage { c: staff.shell("tokens", f), tokens, groups: perm_groups(), secret, form };
    Ok(render(p.form.status(), &p))
}

/// A new token as typed.
#[derive(Serialize)]
struct TokenTyped {
    name: String,
    expires_in_days: String,
    scopes: Vec<String>,
}

pub(crate) async fn token_list(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    tokens_page(&s, &staff, &f, None, FormState::fresh()).await
}

/// Create a token and show its secret once, on this response only.
pub(crate) async fn token_create(
    State(s): State<AppState>,
    staff: Staff,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let name = form.iter().find(|(k, _)| k == "name").map(|(_, v)| v.clone()).unwrap_or_default();
    let scopes: Vec<String> = form.iter().filter(|(k, _)| k == "scopes").map(|(_, v)| v.clone()).collect();
    let days =
        form.iter().find(|(k, _)| k == "expires_in_days").map(|(_, v)| v.trim().to_string()).filter(|d| !d.is_empty());
    let result = async {
        let chosen = if scopes.is_empty() { PermSet::new() } else { role_admin::parse_permissions(&scopes)? };
        let expires = match &days {
            Some(d) => {
                let d = d.parse::<i64>().map_err(|_| AppError::field(ErrorCode::InvalidNumber, "expires_in_days"))?;
                let max = api_tokens::MAX_TOKEN_DAYS;
                Some(s.clock.now_micros() + bounded_duration("expires_in_days", d, max, MICROS_PER_DAY)?)
            }
            None => None,
        };
        api_tokens::create(&s.db, s.clock.as_ref(), &staff.caller.authz, &name, &chosen, expires).await
    }
    .await;
    match result {
        Ok((_, secret)) => {
            let f = FlashQuery { notice: Some("token-created".into()), ..Default::default() };
            tokens_page(&s, &staff, &f, Some(secret), FormState::fresh())
                .await
                .unwrap_or_else(IntoResponse::into_response)
        }
        Err(e) => {
            let typed = TokenTyped { name, expires_in_days: days.unwrap_or_default(), scopes };
            let form = FormState::failed("token", &typed, &e, &staff.tr());
            tokens_page(&s, &staff, &FlashQuery::default(), None, form)
                .await
                .unwrap_or_else(IntoResponse::into_response)
        }
    }
}

pub(crate) async fn token_revoke(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result = async { api_tokens::revoke(&s.db, s.clock.as_ref(), &staff.caller.authz, parse(&id)?).await }.await;
    after("/settings/tokens", result.map(|_| "token-revoked")).into_response()
}
