//! Sign-up by invitation: an admin invites an address with a role on a unit;
//! the person follows the link, picks a password, and their account exists.

use portico_authz::{Authz, WorkspaceAdmin, store as authz_store};
use portico_db::{Db, DbResultExt};
use portico_kernel::ids::parse_db_id;
use portico_kernel::locale::Locale;
use portico_kernel::validate::{email as valid_email, optional_text, password as valid_password, required_text};
use portico_kernel::{
    Actor, AppError, Clock, ErrorCode, Event, InvitationId, MICROS_PER_SECOND, RoleId, Timestamp, UnitId, UserId,
    WorkspaceId,
};
use portico_mail::{MailContext, outbox};
use serde::Serialize;
use serde_json::json;
use sqlx::AnyPool;

use crate::users::{self, NewUser};
use crate::{password, sessions};
use portico_kernel::secret::{hash_token, random_token};

pub const KIND: &str = "invitation";
pub const TTL: Timestamp = 7 * 24 * 3600 * MICROS_PER_SECOND;

pub struct InviteInput {
    pub email: String,
    pub name: String,
    pub role: RoleId,
    pub unit: UnitId,
}

/// Create an invitation and return its id and the secret token for the link.
pub async fn create(
    db: &Db,
    clock: &dyn Clock,
    authz: &Authz,
    mail: &MailContext,
    input: InviteInput,
) -> Result<(InvitationId, String), AppError> {
    let admin = authz.admin()?;
    let ws = admin.workspace();
    let email = valid_email("email", &input.email)?;
    let name = optional_text("name", Some(&input.name), 120)?.unwrap_or_default();
    let role = authz_store::role(db.pool(), ws, input.role).await.map_err(|e| e.or_field("role_id"))?;
    if role.builtin == Some(portico_authz::BuiltinRole::Owner) && !authz.is_owner() {
        return Err(AppError::field(ErrorCode::Forbidden, "role_id").with_cause("only owners make owners"));
    }
    if !authz.tree().contains(input.unit) {
        return Err(AppError::field(ErrorCode::NotFound, "unit_id"));
    }
    if users::exists(db.pool(), &admin, &email).await? {
        return Err(AppError::field(ErrorCode::AlreadyExists, "email"));
    }
    let now = clock.now_micros();
    // One pending invitation per address: a second would leave two links to one account.
    let (pending,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM invitations WHERE workspace_id = $1 AND email = $2 AND accepted_at IS NULL AND expires_at > $3",
    )
    .bind(ws.to_db())
    .bind(email.clone())
    .bind(now)
    .fetch_one(db.pool())
    .await
    .db()?;
    if pending > 0 {
        return Err(AppError::field(ErrorCode::InvitationPending, "email"));
    }
    let id = InvitationId::new();
    let token = random_token();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO invitations (id, workspace_id, email, name, token_hash, role_id, unit_id, invited_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(id.to_db())
    .bind(ws.to_db())
    .bind(email.clone())
    .bind(name.clone())
    .bind(hash_token(&token))
    .bind(input.role.to_db())
    .bind(input.unit.to_db())
    .bind(admin.actor().id())
    .bind(now)
    .bind(now + TTL)
    .execute(&mut *tx)
    .await
    .db()?;
    tx.emit(
        Event::new(ws, admin.actor(), KIND, "create", id.to_db(), now)
            .unit(input.unit)
            .after(json!({"email": email, "role_id": input.role, "unit_id": input.unit})),
    )
    .await?;
    let ws_row = authz_store::workspace(db.pool(), ws).await?;
    let locale = Locale::parse(&ws_row.default_locale).unwrap_or_default();
    let ctx = json!({"name": if name.is_empty() { email.clone() } else { name }, "workspace": ws_row.name,
                     "inviter": admin.actor().label(), "link": mail.link(&format!("/invite/{token}"))});
    let message =
        outbox::TemplatedEmail { workspace: Some(ws), to: &email, template: "invitation", locale, values: ctx };
    let (email_id, _) = outbox::queue_template(&mut tx, mail, message, now).await?;
    sqlx::query("UPDATE invitations SET email_id = $1 WHERE id = $2")
        .bind(email_id.to_db())
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.commit().await.db()?;
    Ok((id, token))
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Invitation {
    pub id: String,
    pub workspace_id: String,
    pub workspace_name: String,
    pub email: String,
    pub name: String,
    pub role_id: String,
    pub unit_id: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct PendingInvitation {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role_id: String,
    pub unit_id: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    /// Its e-mail's status and last error (see [`PendingInvitation::email_state`]).
    pub email_status: Option<String>,
    pub email_error: Option<String>,
}

impl PendingInvitation {
    /// Where its e-mail stands, as `StoredEmail::state` says it.
    pub fn email_state(&self) -> &'static str {
        outbox::state(self.email_status.as_deref().unwrap_or("pending"), self.email_error.as_deref())
    }
}

/// Invitations not yet accepted nor expired (admins).
pub async fn pending(
    pool: &AnyPool,
    admin: &WorkspaceAdmin,
    now: Timestamp,
) -> Result<Vec<PendingInvitation>, AppError> {
    let ws = admin.workspace();
    sqlx::query_as(
        "SELECT i.id, i.email, i.name, i.role_id, i.unit_id, i.created_at, i.expires_at,
                e.status AS email_status, e.last_error AS email_error
         FROM invitations i LEFT JOIN outbound_emails e ON e.id = i.email_id
         WHERE i.workspace_id = $1 AND i.accepted_at IS NULL AND i.expires_at > $2 ORDER BY i.id DESC",
    )
    .bind(ws.to_db())
    .bind(now)
    .fetch_all(pool)
    .await
    .db()
}

/// Withdraw an invitation: its link stops working at once.
pub async fn revoke(db: &Db, clock: &dyn Clock, admin: &WorkspaceAdmin, id: InvitationId) -> Result<(), AppError> {
    let ws = admin.workspace();
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    let r = sqlx::query("UPDATE invitations SET expires_at = $1 WHERE workspace_id = $2 AND id = $3 AND accepted_at IS NULL AND expires_at > $1")
        .bind(now)
        .bind(ws.to_db())
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    if r.rows_affected() == 0 {
        return Err(AppError::not_found());
    }
    tx.emit(Event::new(ws, admin.actor(), KIND, "revoke", id.to_db(), now).deleted()).await?;
    tx.commit().await.db()
}

/// The open invitation behind a token, or `link_expired`.
pub async fn find(pool: &AnyPool, token: &str, now: Timestamp) -> Result<Invitation, AppError> {
    sqlx::query_as(
        "SELECT i.id, i.workspace_id, w.name AS workspace_name, i.email, i.name, i.role_id, i.unit_id FROM invitations i JOIN workspaces w ON w.id = i.workspace_id
         WHERE i.token_hash = $1 AND i.accepted_at IS NULL AND i.expires_at > $2",
    )
    .bind(hash_token(token))
    .bind(now)
    .fetch_optional(pool)
    .await
    .db()?
    .ok_or_else(|| AppError::new(ErrorCode::LinkExpired))
}

/// Accept: create the account with its grant, sign in. Returns the user and a session token.
pub async fn accept(
    db: &Db,
    clock: &dyn Clock,
    token: &str,
    name: &str,
    pw: &str,
    locale: Option<Locale>,
) -> Result<(UserId, WorkspaceId, String), AppError> {
    let now = clock.now_micros();
    let inv = find(db.pool(), token, now).await?;
    let name = required_text("name", name, 120)?;
    let pw = valid_password("password", pw)?;
    let hash = password::hash(&pw)?;
    let ws: WorkspaceId = parse_db_id(&inv.workspace_id)?;
    let mut tx = db.begin().await?;
    let claimed = sqlx::query("UPDATE invitations SET accepted_at = $1 WHERE id = $2 AND accepted_at IS NULL")
        .bind(now)
        .bind(inv.id.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    if claimed.rows_affected() == 0 {
        return Err(AppError::new(ErrorCode::LinkExpired));
    }
    let user = UserId::new();
    let actor = Actor::User { id: user, label: name.clone() };
    let new = NewUser { id: user, workspace: ws, email: &inv.email, name: &name, password_hash: Some(hash), locale };
    users::insert(&mut tx, &actor, new, now).await?;
    let (role, unit) = (parse_db_id(&inv.role_id)?, parse_db_id(&inv.unit_id)?);
    authz_store::insert_grant(&mut tx, &actor, ws, user, role, unit, now).await?;
    tx.emit(
        Event::new(ws, &actor, KIND, "accept", inv.id.clone(), now)
            .unit(unit)
            .after(json!({"user_id": user}))
            .deleted(),
    )
    .await?;
    let session = sessions::create(&mut tx, user, ws, "", now).await?;
    tx.commit().await.db()?;
    Ok((user, ws, session))
}
