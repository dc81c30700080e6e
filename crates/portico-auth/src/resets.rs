//! Password reset by e-mail: a one-hour, single-use token.

use portico_db::{Db, DbResultExt};
use portico_kernel::ids::parse_db_id;
use portico_kernel::locale::Locale;
use portico_kernel::validate::password as valid_password;
use portico_kernel::{Actor, AppError, Clock, ErrorCode, Event, MICROS_PER_SECOND, Timestamp, UserId, WorkspaceId};
use portico_mail::{MailContext, outbox};

use crate::{password, sessions, users};
use portico_kernel::secret::{hash_token, random_token};

pub const TTL: Timestamp = 3600 * MICROS_PER_SECOND;

pub struct ResetRequest {
    pub user: UserId,
    pub workspace: WorkspaceId,
    pub name: String,
    pub locale: Option<String>,
    pub token: String,
}

/// Start a reset: one e-mail for each active account with this address (one person may have
/// one in several workspaces). Empty when there is none; callers must answer the same
/// either way so addresses cannot be probed.
pub async fn request(
    db: &Db,
    clock: &dyn Clock,
    mail: &MailContext,
    email: &str,
) -> Result<Vec<ResetRequest>, AppError> {
    // A mistyped address is said at once; whether one has an account never is.
    let email = portico_kernel::validate::email("email", email)?;
    let email = email.as_str();
    let mut out = Vec::new();
    for c in users::accounts(db.pool(), email).await?.into_iter().filter(|c| c.status == "active") {
        out.push(request_for(db, clock, mail, email, c).await?);
    }
    Ok(out)
}

async fn request_for(
    db: &Db,
    clock: &dyn Clock,
    mail: &MailContext,
    email: &str,
    c: users::Credentials,
) -> Result<ResetRequest, AppError> {
    let now = clock.now_micros();
    let token = random_token();
    let mut tx = db.begin().await?;
    sqlx::query("INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(hash_token(&token))
        .bind(c.id.clone())
        .bind(now)
        .bind(now + TTL)
        .execute(&mut *tx)
        .await
        .db()?;
    let locale = c.locale.as_deref().and_then(Locale::parse).unwrap_or_default();
    let link = mail.link(&format!("/password/reset/{token}"));
    let ctx = serde_json::json!({"name": c.name, "link": link, "workspace": c.workspace_name});
    let to = email.trim().to_lowercase();
    let workspace = Some(parse_db_id(&c.workspace_id)?);
    let message = outbox::TemplatedEmail { workspace, to: &to, template: "password_reset", locale, values: ctx };
    outbox::queue_template(&mut tx, mail, message, now).await?;
    tx.commit().await.db()?;
    Ok(ResetRequest {
        user: parse_db_id(&c.id)?,
        workspace: parse_db_id(&c.workspace_id)?,
        name: c.name,
        locale: c.locale,
        token,
    })
}

/// Set a new password with a reset token; ends every session of the account and lifts a lockout.
pub async fn complete(db: &Db, clock: &dyn Clock, token: &str, new_password: &str) -> Result<UserId, AppError> {
    let pw = valid_password("password", new_password)?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    let row: Option<(String,)> = sqlx::query_as(
        "UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
    )
    .bind(now)
    .bind(hash_token(token))
    .fetch_optional(&mut *tx)
    .await
    .db()?;
    let Some((user_id,)) = row else {
        return Err(AppError::new(ErrorCode::LinkExpired));
    };
    let user: UserId = parse_db_id(&user_id)?;
    let hash = password::hash(&pw)?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(user_id.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    sqlx::query("DELETE FROM login_throttle WHERE email = (SELECT email FROM users WHERE id = $1)")
        .bind(user_id.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    sessions::delete_all_for_user(&mut tx, user).await?;
    let ws: (String,) =
        sqlx::query_as("SELECT workspace_id FROM users WHERE id = $1").bind(user_id).fetch_one(&mut *tx).await.db()?;
    let actor = Actor::User { id: user, label: "password reset".into() };
    tx.emit(Event::new(parse_db_id(&ws.0)?, &actor, users::KIND, "password_reset", user.to_db(), now).touch()).await?;
    tx.commit().await.db()?;
    Ok(user)
}
