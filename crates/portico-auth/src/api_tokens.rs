//! Personal API tokens: shown once, stored hashed, optionally limited to a
//! subset of the owner's permissions, revocable, optionally expiring.

use portico_authz::Authz;
use portico_db::{Db, DbResultExt, Tx};
use portico_kernel::perm::{permset_from_json, permset_to_json};
use portico_kernel::validate::required_text;
use portico_kernel::{Actor, ApiTokenId, AppError, Clock, ErrorCode, Event, PermSet, Timestamp, UserId, WorkspaceId};
use serde::Serialize;
use serde_json::json;
use sqlx::AnyPool;

use portico_kernel::secret::{hash_token, random_token};

pub const KIND: &str = "api_token";
pub const PREFIX: &str = "pt_";
/// The longest lifetime a token may be given, in days.
pub const MAX_TOKEN_DAYS: i64 = 3650;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ApiToken {
    pub id: String,
    pub name: String,
    /// First characters of the token, to recognise it.
    pub prefix: String,
    /// Permission names; empty means all of the owner's permissions.
    #[sqlx(skip)]
    pub scopes: Vec<String>,
    #[serde(skip)]
    #[schema(ignore)]
    pub scopes_json: String,
    pub created_at: Timestamp,
    pub expires_at: Option<Timestamp>,
    pub last_used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

/// A token to make: whose, called what, limited how.
pub struct NewToken<'a> {
    pub workspace: WorkspaceId,
    pub user: UserId,
    pub name: &'a str,
    /// Empty for all of the owner's permissions.
    pub scopes: &'a PermSet,
    pub expires_at: Option<Timestamp>,
}

/// Insert a token and return (id, secret). The secret is not stored.
pub async fn insert(
    tx: &mut Tx,
    actor: &Actor,
    t: NewToken<'_>,
    now: Timestamp,
) -> Result<(ApiTokenId, String), AppError> {
    let NewToken { workspace: ws, user, name, scopes, expires_at } = t;
    let name = required_text("name", name, 100)?;
    let id = ApiTokenId::new();
    let secret = format!("{PREFIX}{}", random_token());
    sqlx::query(
        "INSERT INTO api_tokens (id, workspace_id, user_id, name, token_hash, prefix, scopes, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id.to_db())
    .bind(ws.to_db())
    .bind(user.to_db())
    .bind(name.clone())
    .bind(hash_token(&secret))
    .bind(secret.chars().take(10).collect::<String>())
    .bind(permset_to_json(scopes))
    .bind(now)
    .bind(expires_at)
    .execute(&mut **tx)
    .await
    .db()?;
    let scopes: Vec<String> = scopes.iter().map(ToString::to_string).collect();
    tx.emit(
        Event::new(ws, actor, KIND, "create", id.to_db(), now)
            .after(json!({"name": name, "user_id": user, "scopes": scopes, "expires_at": expires_at})),
    )
    .await?;
    Ok((id, secret))
}

/// A token for the caller's own account. A token making a token passes on at most its own
/// scopes and lifetime: the new one holds a subset of its scopes and expires no later.
pub async fn create(
    db: &Db,
    clock: &dyn Clock,
    authz: &Authz,
    name: &str,
    scopes: &PermSet,
    expires_at: Option<Timestamp>,
) -> Result<(ApiTokenId, String), AppError> {
    let user = authz.user_id().ok_or_else(AppError::forbidden)?;
    if authz.is_preview() {
        return Err(AppError::forbidden());
    }
    let mut expires_at = expires_at;
    if let Some(parent) = authz.token_limits() {
        if let Some(own) = &parent.scopes
            && (scopes.is_empty() || !scopes.is_subset(own))
        {
            return Err(
                AppError::field(ErrorCode::Forbidden, "scopes").with_cause("beyond the scopes of the token used")
            );
        }
        if let Some(limit) = parent.expires_at {
            match expires_at {
                Some(t) if t > limit => {
                    return Err(
                        AppError::field(ErrorCode::Forbidden, "expires_in_days").with_cause("outlives the token used")
                    );
                }
                Some(_) => {}
                None => expires_at = Some(limit),
            }
        }
    }
    let mut tx = db.begin().await?;
    let token = NewToken { workspace: authz.workspace(), user, name, scopes, expires_at };
    let out = insert(&mut tx, authz.actor(), token, clock.now_micros()).await?;
    tx.commit().await.db()?;
    Ok(out)
}

pub async fn list(pool: &AnyPool, authz: &Authz) -> Result<Vec<ApiToken>, AppError> {
    let user = authz.user_id().ok_or_else(AppError::forbidden)?;
    let mut rows: Vec<ApiToken> = sqlx::query_as(
        "SELECT id, name, prefix, scopes AS scopes_json, created_at, expires_at, last_used_at, revoked_at FROM api_tokens WHERE workspace_id = $1 AND user_id = $2 ORDER BY id DESC",
    )
    .bind(authz.workspace().to_db())
    .bind(user.to_db())
    .fetch_all(pool)
    .await
    .db()?;
    for r in &mut rows {
        r.scopes = permset_from_json(&r.scopes_json).iter().map(ToString::to_string).collect();
    }
    Ok(rows)
}

pub async fn revoke(db: &Db, clock: &dyn Clock, authz: &Authz, id: ApiTokenId) -> Result<(), AppError> {
    let user = authz.user_id().ok_or_else(AppError::forbidden)?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    let r = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1 WHERE workspace_id = $2 AND id = $3 AND (user_id = $4 OR $5 = 1) AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(authz.workspace().to_db())
    .bind(id.to_db())
    .bind(user.to_db())
    .bind(portico_db::flag(authz.is_admin()))
    .execute(&mut *tx)
    .await
    .db()?;
    if r.rows_affected() == 0 {
        return Err(AppError::not_found());
    }
    tx.emit(Event::new(authz.workspace(), authz.actor(), KIND, "revoke", id.to_db(), now).deleted()).await?;
    tx.commit().await.db()
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenOwner {
    pub id: String,
    pub user_id: String,
    pub workspace_id: String,
    pub user_name: String,
    pub scopes: String,
    pub expires_at: Option<Timestamp>,
    pub last_used_at: Option<Timestamp>,
}

impl TokenOwner {
    /// None when the token may use all of its owner's permissions.
    pub fn scope_set(&self) -> Option<PermSet> {
        let set = permset_from_json(&self.scopes);
        (!set.is_empty()).then_some(set)
    }
}

/// Resolve a presented token. Revoked, expired and disabled-owner tokens fail.
pub async fn authenticate(pool: &AnyPool, token: &str, now: Timestamp) -> Result<Option<TokenOwner>, AppError> {
    if !token.starts_with(PREFIX) {
        return Ok(None);
    }
    let found: Option<TokenOwner> = sqlx::query_as(
        "SELECT t.id, t.user_id, t.workspace_id, u.name AS user_name, t.scopes, t.expires_at, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2) AND u.status = 'active'",
    )
    .bind(hash_token(token))
    .bind(now)
    .fetch_optional(pool)
    .await
    .db()?;
    if let Some(t) = &found {
        record_use(pool, &t.id, t.last_used_at, now).await?;
    }
    Ok(found)
}

/// How often a token's last use is written down: keeps the hot path free of writes.
pub const USE_RECORDED_EVERY: Timestamp = 60 * portico_kernel::MICROS_PER_SECOND;

/// Note that token `id` was used, when its last noted use is older than a minute.
pub async fn record_use(pool: &AnyPool, id: &str, last: Option<Timestamp>, now: Timestamp) -> Result<(), AppError> {
    if last.is_some_and(|at| now - at <= USE_RECORDED_EVERY) {
        return Ok(());
    }
    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id.to_string())
        .execute(pool)
        .await
        .db()?;
    Ok(())
}
