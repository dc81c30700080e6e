//! Request extractors: who is calling (session cookie or API token), in
//! which language, and strictly-validated JSON bodies and query strings.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRef, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum_extra::extract::CookieJar;
use portico_auth::{api_tokens, sessions, users};
use portico_authz::{Authz, store};
use portico_kernel::ids::parse_db_id;
use portico_kernel::locale::Locale;
use portico_kernel::{Actor, AppError, ErrorCode, RoleId, UnitId, UserId};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, request_locale};
use crate::i18n::Tr;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "portico_session";
pub const VIEW_AS_COOKIE: &str = "portico_view_as";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Session,
    ApiToken,
}

/// A signed-in caller, resolved once per request.
#[derive(Clone)]
pub struct Caller {
    pub authz: Arc<Authz>,
    pub user: UserId,
    pub name: String,
    pub email: String,
    pub locale: Locale,
    pub tz: chrono_tz::Tz,
    pub via: Via,
    pub session_token: Option<String>,
    /// The real rights, when `authz` is a "view as" preview.
    pub real_authz: Option<Arc<Authz>>,
}

impl Caller {
    pub fn tr(&self) -> Tr {
        Tr::in_zone(self.locale, self.tz)
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

pub async fn resolve(state: &AppState, parts: &Parts) -> Result<Caller, AppError> {
    let now = state.clock.now_micros();
    // A request that carries an Authorization header is judged by it alone, never by a
    // cookie: that is also why such requests need no CSRF token.
    let (user_id, ws_id, via, token_limits, session_token, actor_token) =
        if parts.headers.contains_key(header::AUTHORIZATION) {
            let token = bearer(&parts.headers).ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))?;
            let owner = api_tokens::authenticate(state.db.pool(), token, now)
                .await?
                .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))?;
            let limits = portico_authz::TokenLimits { scopes: owner.scope_set(), expires_at: owner.expires_at };
            (owner.user_id.clone(), owner.workspace_id.clone(), Via::ApiToken, Some(limits), None, Some(owner))
        } else {
            let jar = CookieJar::from_headers(&parts.headers);
            let token = jar
                .get(SESSION_COOKIE)
                .map(|c| c.value().to_string())
                .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))?;
            let session = sessions::lookup(state.db.pool(), &token, now)
                .await?
                .ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))?;
            sessions::touch(state.db.pool(), &token, &session, now).await?;
            (session.user_id.clone(), session.workspace_id.clone(), Via::Session, None, Some(token), None)
        };
    let user: UserId = parse_db_id(&user_id)?;
    let me =
        users::own_account(state.db.pool(), user).await?.ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))?;
    let actor = match &actor_token {
        Some(t) => Actor::ApiToken { id: parse_db_id(&t.id)?, user, label: format!("{} (API)", t.user_name) },
        None => Actor::User { id: user, label: me.name.clone() },
    };
    let mut authz = store::load_authz(state.db.pool(), parse_db_id(&ws_id)?, actor).await?;
    if let Some(limits) = token_limits {
        authz = authz.through_token(limits);
    }
    let locale =
        me.locale.as_deref().and_then(Locale::parse).or_else(|| request_locale(&parts.headers)).unwrap_or_default();
    let mut caller = Caller {
        authz: Arc::new(authz),
        user,
        name: me.name,
        email: me.email,
        tz: me.time_zone.parse().unwrap_or(chrono_tz::UTC),
        locale,
        via,
        session_token,
        real_authz: None,
    };
    if via == Via::Session {
        apply_view_as(state, parts, &mut caller).await;
    }
    Ok(caller)
}

/// "View as": an admin previews a role on a unit; the preview is read-only.
async fn apply_view_as(state: &AppState, parts: &Parts, caller: &mut Caller) {
    let jar = CookieJar::from_headers(&parts.headers);
    let Some(v) = jar.get(VIEW_AS_COOKIE) else {
        return;
    };
    let Some((role, unit)) = v.value().split_once(':') else {
        return;
    };
    let (Ok(role), Ok(unit)) = (role.parse::<RoleId>(), unit.parse::<UnitId>()) else {
        return;
    };
    let Ok(role) = store::role(state.db.pool(), caller.authz.workspace(), role).await else {
        return;
    };
    if let Ok(preview) = caller.authz.preview_as(Arc::new(role), unit) {
        caller.real_authz = Some(caller.authz.clone());
        caller.authz = Arc::new(preview);
    }
}

impl<S> FromRequestParts<S> for Caller
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Some(c) = parts.extensions.get::<Caller>() {
            return Ok(c.clone());
        }
        let state = AppState::from_ref(state);
        let caller = resolve(&state, parts).await?;
        parts.extensions.insert(caller.clone());
        Ok(caller)
    }
}

/// The client's address, for rate limits.
pub fn client_ip(parts_ext: &axum::http::Extensions) -> String {
    parts_ext.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_else(|| "local".into())
}

/// A JSON body, parsed strictly: errors name the offending field.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !is_json {
            return Err(AppError::new(ErrorCode::UnsupportedMediaType).with_cause("expected application/json").into());
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|_| AppError::new(ErrorCode::PayloadTooLarge))?;
        parse_json(&bytes).map(ApiJson).map_err(ApiError)
    }
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let top = e.path().iter().next().is_none();
        let path = e.path().to_string();
        let inner = e.into_inner();
        let msg = inner.to_string();
        let within = |f: &str| {
            if top { f.to_string() } else { format!("{path}.{f}") }
        };
        let named = msg.split('`').nth(1).map(within);
        if msg.starts_with("missing field") {
            return AppError::field(ErrorCode::Required, named.unwrap_or(path)).with_cause(msg);
        }
        if msg.starts_with("unknown field") {
            // The path already ends with the unknown key, except at the top level.
            let field = if top { named.unwrap_or(path) } else { path };
            return AppError::field(ErrorCode::InvalidValue, field).with_cause(msg);
        }
        if inner.is_syntax() || inner.is_eof() {
            return AppError::new(ErrorCode::MalformedJson).with_cause(msg);
        }
        if top {
            return AppError::new(ErrorCode::BadRequest).with_cause(msg);
        }
        AppError::field(ErrorCode::InvalidValue, path).with_cause(msg)
    })
}

/// A query string parsed strictly, like [`ApiJson`].
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or("");
        let de = serde_urlencoded::Deserializer::new(form_urlencoded_parse(q));
        serde_path_to_error::deserialize(de).map(ApiQuery).map_err(|e| {
            let field = e.path().to_string();
            ApiError(AppError::field(ErrorCode::InvalidValue, field).with_cause(e.into_inner().to_string()))
        })
    }
}

fn form_urlencoded_parse(q: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(q.as_bytes())
}
