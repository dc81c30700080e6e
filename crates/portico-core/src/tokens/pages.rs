//! Personal API tokens: list, create (the secret shown once), revoke.

use crate::parse;
use crate::roles::pages::{PermGroup, perm_groups};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use portico_auth::api_tokens::{self, ApiToken};
use portico_authz::role_admin;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, page};
use portico_kernel::validate::{MICROS_PER_DAY, bounded_duration};
use portico_kernel::{AppError, ErrorCode, PermSet};

#[derive(Template)]
#[template(path = "tokens.html")]
pub(crate) struct TokensPage {
    c: Shell,
    tokens: Vec<ApiToken>,
    groups: Vec<PermGroup>,
    secret: Option<String>,
}

pub(crate) async fn tokens_page(
    s: &AppState,
    staff: &Staff,
    f: &FlashQuery,
    secret: Option<String>,
) -> Result<Response, PageError> {
    let tokens = api_tokens::list(s.db.pool(), &staff.caller.authz).await.or_page(staff)?;
    Ok(page(&TokensPage { c: staff.shell("tokens", f), tokens, groups: perm_groups(), secret }))
}

pub(crate) async fn token_list(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    tokens_page(&s, &staff, &f, None).await
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
        let scopes = if scopes.is_empty() { PermSet::new() } else { role_admin::parse_permissions(&scopes)? };
        let expires = match days {
            Some(d) => {
                let d = d.parse::<i64>().map_err(|_| AppError::field(ErrorCode::InvalidNumber, "expires_in_days"))?;
                let max = api_tokens::MAX_TOKEN_DAYS;
                Some(s.clock.now_micros() + bounded_duration("expires_in_days", d, max, MICROS_PER_DAY)?)
            }
            None => None,
        };
        api_tokens::create(&s.db, s.clock.as_ref(), &staff.caller.authz, &name, &scopes, expires).await
    }
    .await;
    match result {
        Ok((_, secret)) => {
            let f = FlashQuery { notice: Some("token-created".into()), ..Default::default() };
            tokens_page(&s, &staff, &f, Some(secret)).await.unwrap_or_else(IntoResponse::into_response)
        }
        Err(e) => after("/settings/tokens", Err(e)).into_response(),
    }
}

pub(crate) async fn token_revoke(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result = async { api_tokens::revoke(&s.db, s.clock.as_ref(), &staff.caller.authz, parse(&id)?).await }.await;
    after("/settings/tokens", result.map(|_| "token-revoked")).into_response()
}
