//! Request extractors: who is calling (session cookie or API token), in
//! which language, and strictly-validated JSON bodies and query strings.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRef, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum_extra::extract::CookieJar;
use portico_auth::{api_tokens, sessions, users};
use portico_authz::{Authz, store};
use portico_kernel::ids::parse_db_id;
use portico_kernel::locale::Locale;
use portico_kernel::{Actor, AppError, ErrorCode, RoleId, Timestamp, UnitId, UserId, WorkspaceId};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, request_locale};
use crate::i18n::Tr;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "portico_session";
pub const VIEW_AS_COOKIE: &str = "portico_view_as";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// A caller resolved from a credential, kept between requests as of the access version of
/// their workspace it was loaded under: a request whose credential is known, unexpired and
/// whose workspace's version has not moved asks the database nothing.
struct Cached {
    version: i64,
    workspace: WorkspaceId,
    user: UserId,
    via: Via,
    authz: Arc<Authz>,
    name: String,
    email: String,
    locale: Option<Locale>,
    tz: chrono_tz::Tz,
    /// The session's last sign of use, or when the token's use was last written down.
    seen_at: Timestamp,
    expires_at: Option<Timestamp>,
    token_id: Option<String>,
}

/// Resolved callers by credential. Bounded: past the limit it starts over.
#[derive(Default)]
pub struct CallerCache {
    entries: RwLock<HashMap<String, Arc<Cached>>>,
}

const CACHED_CALLERS: usize = 50_000;

impl CallerCache {
    fn get(&self, key: &str) -> Option<Arc<Cached>> {
        self.entries.read().ok()?.get(key).cloned()
    }
    fn put(&self, key: String, c: Arc<Cached>) {
        if let Ok(mut e) = self.entries.write() {
            if e.len() >= CACHED_CALLERS {
                e.clear();
            }
            e.insert(key, c);
        }
    }
}

/// The credential of a request: an API token when it carries an Authorization header (then
/// judged by it alone, never by a cookie, which is also why it needs no CSRF token), else the
/// session cookie. A token sent as HTTP Basic `email/token:TOKEN` comes with the address of
/// the person it must belong to.
fn credential(headers: &HeaderMap) -> Result<(Via, String, Option<String>), AppError> {
    if headers.contains_key(header::AUTHORIZATION) {
        let (token, owner) = match (bearer(headers), basic_token(headers)) {
            (Some(token), _) => (token.to_string(), None),
            (None, Some((email, token))) => (token, Some(email)),
            (None, None) => return Err(AppError::new(ErrorCode::Unauthenticated)),
        };
        return Ok((Via::ApiToken, token, owner));
    }
    let jar = CookieJar::from_headers(headers);
    let token = jar.get(SESSION_COOKIE).map(|c| c.value().to_string());
    Ok((Via::Session, token.ok_or_else(|| AppError::new(ErrorCode::Unauthenticated))?, None))
}

pub async fn resolve(state: &AppState, parts: &Parts) -> Result<Caller, AppError> {
    let (via, secret, owner) = credential(&parts.headers)?;
    let mut caller = resolve_credential(state, &parts.headers, via, secret).await?;
    if owner.is_some_and(|email| !email.eq_ignore_ascii_case(&caller.email)) {
        return Err(AppError::new(ErrorCode::Unauthenticated));
    }
    if via == Via::Session {
        apply_view_as(state, parts, &mut caller).await;
    }
    Ok(caller)
}

/// The caller an API token names when it comes another way than a Bearer header: the
/// compatibility APIs take it as HTTP Basic's user name (Greenhouse's job board) or as a `key`
/// parameter (Lever's postings), as the products they imitate do.
pub async fn resolve_token(state: &AppState, headers: &HeaderMap, token: &str) -> Result<Caller, AppError> {
    if token.is_empty() {
        return Err(AppError::new(ErrorCode::Unauthenticated));
    }
    resolve_credential(state, headers, Via::ApiToken, token.to_string()).await
}

/// HTTP Basic's user name and password (empty when there is none).
fn basic(headers: &HeaderMap) -> Option<(String, String)> {
    use base64::Engine;
    let encoded = headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':').unwrap_or((&text, ""));
    Some((user.to_string(), password.to_string()))
}

/// An API token sent as HTTP Basic `email/token:TOKEN`, the way Zendesk's clients send
/// theirs: (email, token).
fn basic_token(headers: &HeaderMap) -> Option<(String, String)> {
    let (user, token) = basic(headers)?;
    let email = user.strip_suffix("/token")?.trim().to_string();
    (!email.is_empty() && !token.is_empty()).then_some((email, token))
}

/// The token of an HTTP Basic header's user name (the password is ignored).
pub fn basic_user(headers: &HeaderMap) -> Option<String> {
    basic(headers).map(|(user, _)| user)
}

async fn resolve_credential(
    state: &AppState,
    headers: &HeaderMap,
    via: Via,
    secret: String,
) -> Result<Caller, AppError> {
    let now = state.clock.now_micros();
    let key = format!("{via:?}:{secret}");
    let access = &state.suite.platform.access;
    let fresh = state
        .callers
        .get(&key)
        .filter(|c| c.version == access.current(c.workspace) && c.expires_at.is_none_or(|t| t > now));
    let cached = match fresh {
        Some(c) => keep_alive(state, &key, &secret, c, now).await?,
        None => {
            let c = Arc::new(load(state, via, &secret, now).await?);
            state.callers.put(key, c.clone());
            c
        }
    };
    let locale = cached.locale.or_else(|| request_locale(headers)).unwrap_or_default();
    Ok(Caller {
        authz: cached.authz.clone(),
        user: cached.user,
        name: cached.name.clone(),
        email: cached.email.clone(),
        tz: cached.tz,
        locale,
        via,
        session_token: (via == Via::Session).then_some(secret),
        real_authz: None,
    })
}

/// Slide a session's expiry (hourly) or note a token's use (every minute): the only writes of
/// a request served from the cache.
async fn keep_alive(
    state: &AppState,
    key: &str,
    secret: &str,
    c: Arc<Cached>,
    now: Timestamp,
) -> Result<Arc<Cached>, AppError> {
    let due = match c.via {
        Via::Session => now - c.seen_at >= sessions::TOUCH_EVERY,
        Via::ApiToken => now - c.seen_at > api_tokens::USE_RECORDED_EVERY,
    };
    if !due {
        return Ok(c);
    }
    match (c.via, &c.token_id) {
        (Via::ApiToken, Some(id)) => api_tokens::record_use(state.db.pool(), id, Some(c.seen_at), now).await?,
        _ => {
            let session = sessions::Session {
                user_id: c.user.to_db(),
                workspace_id: c.workspace.to_db(),
                last_seen_at: c.seen_at,
            };
            sessions::touch(state.db.pool(), secret, &session, now).await?;
        }
    }
    let expires_at = match c.via {
        Via::Session => Some(now + sessions::IDLE_TTL),
        Via::ApiToken => c.expires_at,
    };
    let renewed = Arc::new(Cached {
        seen_at: now,
        expires_at,
        authz: c.authz.clone(),
        name: c.name.clone(),
        email: c.email.clone(),
        token_id: c.token_id.clone(),
        ..*c
    });
    state.callers.put(key.to_string(), renewed.clone());
    Ok(renewed)
}

/// Resolve a credential from the database.
async fn load(state: &AppState, via: Via, secret: &str, now: Timestamp) -> Result<Cached, AppError> {
    let unauthenticated = || AppError::new(ErrorCode::Unauthenticated);
    let (user_id, ws_id, token, seen_at, expires_at) = match via {
        Via::ApiToken => {
            let owner = api_tokens::authenticate(state.db.pool(), secret, now).await?.ok_or_else(unauthenticated)?;
            (owner.user_id.clone(), owner.workspace_id.clone(), Some(owner), now, None)
        }
        Via::Session => {
            let session = sessions::lookup(state.db.pool(), secret, now).await?.ok_or_else(unauthenticated)?;
            sessions::touch(state.db.pool(), secret, &session, now).await?;
            let seen = if now - session.last_seen_at >= sessions::TOUCH_EVERY { now } else { session.last_seen_at };
            (session.user_id.clone(), session.workspace_id.clone(), None, seen, Some(seen + sessions::IDLE_TTL))
        }
    };
    let user: UserId = parse_db_id(&user_id)?;
    let workspace: WorkspaceId = parse_db_id(&ws_id)?;
    // Read before what it covers: a change committed meanwhile moves it past this value.
    let version = state.suite.platform.access.current(workspace);
    let me = users::own_account(state.db.pool(), user).await?.ok_or_else(unauthenticated)?;
    let actor = match &token {
        Some(t) => Actor::ApiToken { id: parse_db_id(&t.id)?, user, label: format!("{} (API)", t.user_name) },
        None => Actor::User { id: user, label: me.name.clone() },
    };
    let mut authz = store::load_authz(state.db.pool(), workspace, actor).await?;
    if let Some(t) = &token {
        authz = authz.through_token(portico_authz::TokenLimits { scopes: t.scope_set(), expires_at: t.expires_at });
    }
    Ok(Cached {
        version,
        workspace,
        user,
        via,
        authz: Arc::new(authz),
        name: me.name,
        email: me.email,
        locale: me.locale.as_deref().and_then(Locale::parse),
        tz: me.time_zone.parse().unwrap_or(chrono_tz::UTC),
        seen_at,
        expires_at: token.as_ref().map_or(expires_at, |t| t.expires_at),
        token_id: token.map(|t| t.id),
    })
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
        // No stored text holds a NUL (PostgreSQL cannot take one): it is dropped from values.
        let pairs: Vec<(String, String)> =
            form_urlencoded_parse(q).map(|(k, v)| (k.into_owned(), v.replace('\0', ""))).collect();
        let clean = form_urlencoded::Serializer::new(String::new()).extend_pairs(&pairs).finish();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded_parse(&clean));
        serde_path_to_error::deserialize(de).map(ApiQuery).map_err(|e| {
            let field = e.path().to_string();
            ApiError(AppError::field(ErrorCode::InvalidValue, field).with_cause(e.into_inner().to_string()))
        })
    }
}

fn form_urlencoded_parse(q: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(q.as_bytes())
}

/// Where the links a request makes point (an invitation, a guest link, and the e-mails that
/// carry them): `public_url` when it is set, else the scheme and host the browser used.
pub struct Links(pub portico_mail::MailContext);

impl FromRequestParts<AppState> for Links {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if !state.settings.public_url.is_empty() {
            return Ok(Links(state.mail.clone()));
        }
        // A host name, an IPv4 or a bracketed IPv6 address, and a port: nothing that could
        // carry a path or a script into a link.
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| !h.is_empty() && h.len() <= 255)
            .filter(|h| h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)));
        let https = parts.headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()) == Some("https");
        Ok(Links(match host {
            Some(h) => state.mail.at(format!("{}://{h}", if https { "https" } else { "http" })),
            None => state.mail.clone(),
        }))
    }
}

/// Open a guest link: its signature, expiry and revocation checked, and the kinds of its
/// record's children that the record's kind lets a guest read (none unless registered).
pub async fn open_guest_link(state: &AppState, token: &str) -> Result<portico_auth::magic::GuestGrant, AppError> {
    let grant =
        portico_auth::magic::verify(state.db.pool(), &state.secret_key, token, state.clock.now_micros()).await?;
    let children =
        state.registry().find(grant.subject_type()).ok().and_then(|k| k.guest()).map_or(&[][..], |g| g.children);
    Ok(grant.with_children(children))
}
