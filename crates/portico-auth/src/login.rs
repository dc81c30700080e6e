//! Password sign-in with account lockout.

use portico_audit::Entry;
use portico_db::{Db, DbResultExt};
use portico_kernel::ids::parse_db_id;
use portico_kernel::{Actor, AppError, Clock, ErrorCode, MICROS_PER_SECOND, UserId, WorkspaceId};

use crate::{password, sessions, users};

pub const MAX_FAILURES: i64 = 5;
pub const LOCKOUT: i64 = 15 * 60 * MICROS_PER_SECOND;

#[derive(Debug, Clone)]
pub struct LoggedIn {
    pub user: UserId,
    pub workspace: WorkspaceId,
    pub session_token: String,
    pub locale: Option<String>,
}

/// Check the password and open a new session (a fresh token on every sign-in,
/// so a planted session id is useless). After `MAX_FAILURES` wrong passwords
/// the account is locked for `LOCKOUT`.
pub async fn login(db: &Db, clock: &dyn Clock, email: &str, pw: &str, user_agent: &str) -> Result<LoggedIn, AppError> {
    let now = clock.now_micros();
    let Some(c) = users::credentials(db.pool(), email).await? else {
        password::verify_dummy(pw);
        return Err(AppError::new(ErrorCode::InvalidCredentials));
    };
    if c.locked_until.is_some_and(|t| t > now) {
        return Err(AppError::new(ErrorCode::AccountLocked));
    }
    let user: UserId = parse_db_id(&c.id)?;
    let workspace: WorkspaceId = parse_db_id(&c.workspace_id)?;
    let ok = match (&c.password_hash, c.status.as_str()) {
        (Some(h), "active") => password::verify(pw, h),
        _ => {
            password::verify_dummy(pw);
            false
        }
    };
    let actor = Actor::User { id: user, label: c.name.clone() };
    let mut tx = db.begin().await?;
    if !ok {
        let failures = c.failed_logins + 1;
        let lock = failures >= MAX_FAILURES;
        sqlx::query("UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3")
            .bind(if lock { 0 } else { failures })
            .bind(lock.then_some(now + LOCKOUT))
            .bind(c.id.clone())
            .execute(&mut *tx)
            .await
            .db()?;
        if lock {
            portico_audit::record(&mut tx, entry(workspace, &actor, "user.locked", user, now)).await?;
        }
        tx.commit().await.db()?;
        return Err(AppError::new(if lock { ErrorCode::AccountLocked } else { ErrorCode::InvalidCredentials }));
    }
    sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = $1 WHERE id = $2")
        .bind(now)
        .bind(c.id.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    let session_token = sessions::create(&mut tx, user, workspace, user_agent, now).await?;
    portico_audit::record(&mut tx, entry(workspace, &actor, "user.login", user, now)).await?;
    tx.commit().await.db()?;
    Ok(LoggedIn { user, workspace, session_token, locale: c.locale })
}

fn entry<'a>(workspace: WorkspaceId, actor: &'a Actor, action: &'a str, user: UserId, at: i64) -> Entry<'a> {
    Entry::new(workspace, actor, action, "user", user.to_db(), at)
}

pub async fn logout(db: &Db, token: &str) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    sessions::delete(&mut tx, token).await?;
    tx.commit().await.db()
}
