//! Staff accounts. Every account belongs to one workspace; an address is unique within a
//! workspace, so one person may have an account in several (sign-in then asks which).

use portico_authz::{Authz, store as authz_store};
use portico_db::{Db, DbResultExt, Tx};
use portico_kernel::ids::parse_db_id;
use portico_kernel::locale::Locale;
use portico_kernel::perm;
use portico_kernel::validate::{optional_text, required_text};
use portico_kernel::{
    Actor, AppError, Clock, ErrorCode, Event, ListSpec, Page, PageRequest, Permission, RoleId, SortKey, SortValue,
    Timestamp, UnitId, UserId, WorkspaceId,
};
use serde::Serialize;
use serde_json::json;
use sqlx::AnyPool;

pub const KIND: &str = "user";
pub const ADMIN: Permission = Permission::new(perm::CORE, perm::ADMIN);
const VIEW: Permission = Permission::new(perm::CORE, perm::VIEW);

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub locale: Option<String>,
    pub time_zone: String,
    /// active | disabled
    pub status: String,
    pub created_at: Timestamp,
    pub last_login_at: Option<Timestamp>,
}

/// What sign-in needs to know about an account.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Credentials {
    pub id: String,
    pub workspace_id: String,
    pub workspace_slug: String,
    pub workspace_name: String,
    pub name: String,
    pub password_hash: Option<String>,
    pub status: String,
    pub locale: Option<String>,
}

const COLUMNS: &str = "id, email, name, locale, time_zone, status, created_at, last_login_at";

/// Every account with this address, in the order of their workspaces' addresses.
pub async fn accounts(pool: &AnyPool, email: &str) -> Result<Vec<Credentials>, AppError> {
    sqlx::query_as(
        "SELECT u.id, u.workspace_id, w.slug AS workspace_slug, w.name AS workspace_name, u.name, u.password_hash, u.status, u.locale
         FROM users u JOIN workspaces w ON w.id = u.workspace_id WHERE u.email = $1 ORDER BY w.slug",
    )
    .bind(email.trim().to_lowercase())
    .fetch_all(pool)
    .await
    .db()
}

/// Whether a workspace has an account with this address.
pub async fn exists(pool: &AnyPool, t: &impl portico_authz::Tenant, email: &str) -> Result<bool, AppError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users WHERE workspace_id = $1 AND email = $2")
        .bind(t.workspace().to_db())
        .bind(email.trim().to_lowercase())
        .fetch_one(pool)
        .await
        .db()?;
    Ok(n > 0)
}

/// One's own account, to resolve a signed-in caller (no scope: it is their own record).
pub async fn own_account(pool: &AnyPool, id: UserId) -> Result<Option<User>, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM users WHERE id = $1 AND status = 'active'")))
        .bind(id.to_db())
        .fetch_optional(pool)
        .await
        .db()
}

pub struct NewUser<'a> {
    pub id: UserId,
    pub workspace: WorkspaceId,
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: Option<String>,
    pub locale: Option<Locale>,
}

/// Create an account (one event, `user.create`).
pub async fn insert(tx: &mut Tx, actor: &Actor, u: NewUser<'_>, now: Timestamp) -> Result<UserId, AppError> {
    let id = u.id;
    sqlx::query(
        "INSERT INTO users (id, workspace_id, email, name, password_hash, locale, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'active', $7)",
    )
    .bind(id.to_db())
    .bind(u.workspace.to_db())
    .bind(u.email.to_string())
    .bind(u.name.to_string())
    .bind(u.password_hash)
    .bind(u.locale.map(|l| l.code().to_string()))
    .bind(now)
    .execute(&mut **tx)
    .await
    .map_err(|e| portico_db::db_error(e).or_field("email"))?;
    let after = json!({"email": u.email, "name": u.name});
    tx.emit(Event::new(u.workspace, actor, KIND, "create", id.to_db(), now).after(after)).await?;
    Ok(id)
}

/// Users the caller may see: everyone for admins, otherwise those holding a
/// role in a unit the caller sees, and always the caller.
fn visibility_sql(authz: &Authz) -> Result<String, AppError> {
    if authz.is_admin() {
        return Ok("1 = 1".into());
    }
    let scope = authz.scope(VIEW)?;
    let me = authz.user_id().map(|u| u.to_db()).unwrap_or_default();
    let me: String = me.chars().filter(|c| c.is_ascii_hexdigit() || *c == '-').collect();
    Ok(format!(
        "(users.id = '{me}' OR EXISTS (SELECT 1 FROM grants g WHERE g.user_id = users.id AND {}))",
        scope.unit_sql("g.unit_id")
    ))
}

/// The users list and the orders it can be read in.
pub static LIST: ListSpec = ListSpec {
    name: "user",
    sorts: &[
        SortKey::text("id", "id"),
        SortKey::text("name", "lower(name)"),
        SortKey::text("email", "email"),
        SortKey::text("status", "status"),
        SortKey::number("last_login", "COALESCE(last_login_at, 0)"),
        SortKey::number("created", "created_at"),
    ],
    default_desc: true,
};

impl User {
    fn position(&self, key: &str) -> (String, SortValue) {
        let value = match key {
            "name" => self.name.to_lowercase().into(),
            "email" => self.email.clone().into(),
            "status" => self.status.clone().into(),
            "last_login" => self.last_login_at.unwrap_or(0).into(),
            "created" => self.created_at.into(),
            _ => self.id.clone().into(),
        };
        (self.id.clone(), value)
    }
}

/// What a users list is narrowed to.
#[derive(Debug, Default, Clone, Copy)]
pub struct UserFilter<'a> {
    /// Part of a name or e-mail.
    pub q: Option<&'a str>,
    /// `active` or `disabled`.
    pub status: Option<&'a str>,
}

pub async fn list(
    pool: &AnyPool,
    authz: &Authz,
    page: &PageRequest,
    f: UserFilter<'_>,
) -> Result<Page<User>, AppError> {
    let vis = visibility_sql(authz)?;
    let ks = page.keyset(&LIST)?;
    let like = f.q.map(portico_db::contains_pattern);
    let sql = format!(
        "SELECT {COLUMNS} FROM users WHERE workspace_id = $1 AND ($2 IS NULL OR lower(name) LIKE $2 OR email LIKE $2)
         AND ($3 IS NULL OR status = $3) AND {vis} AND {} ORDER BY {} LIMIT $6",
        ks.condition(4, "id"),
        ks.order("id")
    );
    let q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(authz.workspace().to_db())
        .bind(like)
        .bind(f.status.map(str::to_string));
    let rows: Vec<User> = portico_db::bind_keyset(q, &ks).bind(ks.fetch()).fetch_all(pool).await.db()?;
    Ok(Page::from_rows(rows, &ks, User::position))
}

pub async fn get(pool: &AnyPool, authz: &Authz, id: UserId) -> Result<User, AppError> {
    let vis = visibility_sql(authz).map_err(|_| AppError::not_found())?;
    let sql = format!("SELECT {COLUMNS} FROM users WHERE workspace_id = $1 AND id = $2 AND {vis}");
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(authz.workspace().to_db())
        .bind(id.to_db())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UserGrant {
    pub grant_id: String,
    pub role_id: String,
    pub role_name: String,
    pub unit_id: String,
    pub unit_path: String,
}

pub async fn grants(pool: &AnyPool, authz: &Authz, id: UserId) -> Result<Vec<UserGrant>, AppError> {
    get(pool, authz, id).await?;
    let roles = authz_store::list_roles(pool, authz.workspace()).await?;
    let mut out = Vec::new();
    for g in authz_store::user_grants(pool, authz.workspace(), id).await? {
        let role_name = roles.iter().find(|r| r.id.to_db() == g.role_id).map(|r| r.name.clone()).unwrap_or_default();
        let unit: UnitId = parse_db_id(&g.unit_id)?;
        out.push(UserGrant {
            grant_id: g.id,
            role_id: g.role_id,
            role_name,
            unit_path: authz.tree().path_name(unit),
            unit_id: g.unit_id,
        });
    }
    Ok(out)
}

pub struct ProfileInput {
    pub name: String,
    pub locale: Option<String>,
    pub time_zone: Option<String>,
}

/// Change name, language or time zone: one's own, or anyone's for admins.
pub async fn update_profile(
    db: &Db,
    clock: &dyn Clock,
    authz: &Authz,
    id: UserId,
    input: ProfileInput,
) -> Result<(), AppError> {
    if authz.user_id() != Some(id) {
        authz.require_workspace(ADMIN)?;
    }
    if authz.is_preview() {
        return Err(AppError::forbidden());
    }
    let before = get(db.pool(), authz, id).await?;
    let name = required_text("name", &input.name, 120)?;
    let locale = match optional_text("locale", input.locale.as_deref(), 10)? {
        Some(l) => Some(
            Locale::parse(&l).ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "locale"))?.code().to_string(),
        ),
        None => None,
    };
    let tz = optional_text("time_zone", input.time_zone.as_deref(), 64)?.unwrap_or(before.time_zone.clone());
    if tz.parse::<chrono_tz::Tz>().is_err() {
        return Err(AppError::field(ErrorCode::InvalidValue, "time_zone"));
    }
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE users SET name = $1, locale = $2, time_zone = $3 WHERE workspace_id = $4 AND id = $5")
        .bind(name.clone())
        .bind(locale.clone())
        .bind(tz.clone())
        .bind(authz.workspace().to_db())
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.emit(
        event(authz, "update", id, now)
            .before(json!({"name": before.name, "locale": before.locale, "time_zone": before.time_zone}))
            .after(json!({"name": name, "locale": locale, "time_zone": tz})),
    )
    .await?;
    tx.commit().await.db()
}

pub async fn set_status(db: &Db, clock: &dyn Clock, authz: &Authz, id: UserId, active: bool) -> Result<(), AppError> {
    let ws = authz.admin()?.workspace();
    if authz.user_id() == Some(id) {
        return Err(AppError::new(ErrorCode::Conflict).with_cause("cannot disable oneself"));
    }
    let target_is_owner = authz_store::owners(db.pool(), ws).await?.iter().any(|(_, u)| *u == id.to_db());
    if target_is_owner && !authz.is_owner() {
        return Err(AppError::forbidden().with_cause("only owners change owners"));
    }
    let before = get(db.pool(), authz, id).await?;
    let status = if active { "active" } else { "disabled" };
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE users SET status = $1 WHERE workspace_id = $2 AND id = $3")
        .bind(status)
        .bind(ws.to_db())
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    if !active {
        crate::sessions::delete_all_for_user(&mut tx, id).await?;
    }
    tx.emit(event(authz, "status", id, now).before(json!({"status": before.status})).after(json!({"status": status})))
        .await?;
    tx.commit().await.db()
}

/// Change one's own password, knowing the current one. Every other session of
/// the account ends; the one making the change (`keep_session`) stays signed in.
pub async fn change_password(
    db: &Db,
    clock: &dyn Clock,
    authz: &Authz,
    current: &str,
    new: &str,
    keep_session: Option<&str>,
) -> Result<(), AppError> {
    let portico_kernel::Actor::User { id, .. } = authz.actor() else { return Err(AppError::forbidden()) };
    if authz.is_preview() {
        return Err(AppError::forbidden());
    }
    let (hash,): (Option<String>,) = sqlx::query_as("SELECT password_hash FROM users WHERE id = $1")
        .bind(id.to_db())
        .fetch_one(db.pool())
        .await
        .db()?;
    if !hash.is_some_and(|h| crate::password::verify(current, &h)) {
        return Err(AppError::field(ErrorCode::InvalidCredentials, "current_password"));
    }
    let new = portico_kernel::validate::password("new_password", new)?;
    let new_hash = crate::password::hash(&new)?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(new_hash)
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(id.to_db())
        .bind(keep_session.map(portico_kernel::secret::hash_token).unwrap_or_default())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.emit(event(authz, "password_change", *id, now).touch()).await?;
    tx.commit().await.db()
}

/// Give a user a role on a unit (admins only).
pub async fn grant(
    db: &Db,
    clock: &dyn Clock,
    authz: &Authz,
    user: UserId,
    role: RoleId,
    unit: UnitId,
) -> Result<(), AppError> {
    let ws = authz.admin()?.workspace();
    get(db.pool(), authz, user).await?;
    let role = authz_store::role(db.pool(), ws, role).await.map_err(|e| e.or_field("role_id"))?;
    if role.builtin == Some(portico_authz::BuiltinRole::Owner) && !authz.is_owner() {
        return Err(AppError::field(ErrorCode::Forbidden, "role_id").with_cause("only owners make owners"));
    }
    if !authz.tree().contains(unit) {
        return Err(AppError::field(ErrorCode::NotFound, "unit_id"));
    }
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    authz_store::insert_grant(&mut tx, authz.actor(), ws, user, role.id, unit, now).await?;
    tx.commit().await.db()
}

pub async fn revoke_grant(
    db: &Db,
    clock: &dyn Clock,
    authz: &Authz,
    user: UserId,
    grant_id: &str,
) -> Result<(), AppError> {
    let ws = authz.admin()?.workspace();
    let owners = authz_store::owners(db.pool(), ws).await?;
    if owners.iter().any(|(g, _)| g == grant_id) {
        if !authz.is_owner() {
            return Err(AppError::forbidden().with_cause("only owners unmake owners"));
        }
        if owners.len() == 1 {
            return Err(AppError::new(ErrorCode::Conflict).with_cause("a workspace keeps at least one owner"));
        }
    }
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    let done: Option<(String, String)> = sqlx::query_as(
        "DELETE FROM grants WHERE workspace_id = $1 AND user_id = $2 AND id = $3 RETURNING role_id, unit_id",
    )
    .bind(ws.to_db())
    .bind(user.to_db())
    .bind(grant_id.to_string())
    .fetch_optional(&mut *tx)
    .await
    .db()?;
    let Some((role_id, unit_id)) = done else {
        return Err(AppError::not_found());
    };
    let before = json!({"user_id": user, "role_id": role_id, "unit_id": unit_id});
    let unit: UnitId = parse_db_id(&unit_id)?;
    let e = Event::new(ws, authz.actor(), authz_store::GRANT_KIND, "delete", grant_id.to_string(), now);
    tx.emit(e.unit(unit).before(before).deleted()).await?;
    tx.commit().await.db()
}

/// The event of a write to a user account.
fn event(authz: &Authz, verb: &str, user: UserId, at: Timestamp) -> Event {
    Event::new(authz.workspace(), authz.actor(), KIND, verb, user.to_db(), at)
}
