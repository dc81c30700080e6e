//! Password sign-in with account lockout.

use portico_db::{Db, DbResultExt};
use portico_kernel::ids::parse_db_id;
use portico_kernel::{Actor, AppError, Clock, ErrorCode, Event, UserId, WorkspaceId};

pub use crate::throttle::{LOCKOUT, MAX_FAILURES};
use crate::{password, sessions, throttle, users};

#[derive(Debug, Clone)]
pub struct LoggedIn {
    pub user: UserId,
    pub workspace: WorkspaceId,
    pub session_token: String,
    pub locale: Option<String>,
}

/// A sign-in attempt: the address and password typed, and what the browser already holds.
pub struct Attempt<'a> {
    pub email: &'a str,
    pub password: &'a str,
    pub user_agent: &'a str,
    /// The session this browser held before, ended by signing in again.
    pub previous_session: Option<&'a str>,
    /// The workspace chosen, when the address has accounts in several.
    pub workspace: Option<&'a str>,
}

/// A workspace the person may sign in to with the address and password given.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub enum Outcome {
    SignedIn(LoggedIn),
    /// The password opens accounts in several workspaces: which one?
    Choose(Vec<Choice>),
}

/// Check the password and open a new session (a fresh token on every sign-in, so a planted
/// session id is useless), ending the browser's previous one. After `MAX_FAILURES` wrong
/// passwords for an address, known or not, it is locked for `LOCKOUT`.
pub async fn login(db: &Db, clock: &dyn Clock, attempt: Attempt<'_>) -> Result<Outcome, AppError> {
    let Attempt { email, password: pw, user_agent, previous_session, workspace } = attempt;
    let now = clock.now_micros();
    let address = email.trim().to_lowercase();
    // Checked before the accounts are looked up: the same answer whether or not they exist.
    throttle::check(db, &address, now).await?;
    let accounts = users::accounts(db.pool(), &address).await?;
    let candidates: Vec<&users::Credentials> =
        accounts.iter().filter(|c| c.status == "active" && workspace.is_none_or(|w| w == c.workspace_slug)).collect();
    if candidates.is_empty() {
        password::verify_dummy(pw);
    }
    let opened: Vec<&users::Credentials> = candidates
        .into_iter()
        .filter(|c| c.password_hash.as_deref().is_some_and(|h| password::verify(pw, h)))
        .collect();
    let mut tx = db.begin().await?;
    let c = match opened.as_slice() {
        [one] => *one,
        [] => {
            let lock = throttle::failed(&mut tx, &address, now).await?;
            if lock {
                for c in &accounts {
                    let user: UserId = parse_db_id(&c.id)?;
                    let actor = Actor::User { id: user, label: c.name.clone() };
                    let locked =
                        Event::new(parse_db_id(&c.workspace_id)?, &actor, users::KIND, "lock", user.to_db(), now);
                    tx.emit(locked.touch()).await?;
                }
            }
            tx.commit().await.db()?;
            return Err(AppError::new(if lock { ErrorCode::AccountLocked } else { ErrorCode::InvalidCredentials }));
        }
        several => {
            let choices =
                several.iter().map(|c| Choice { slug: c.workspace_slug.clone(), name: c.workspace_name.clone() });
            return Ok(Outcome::Choose(choices.collect()));
        }
    };
    let user: UserId = parse_db_id(&c.id)?;
    let workspace: WorkspaceId = parse_db_id(&c.workspace_id)?;
    let actor = Actor::User { id: user, label: c.name.clone() };
    throttle::clear(&mut tx, &address).await?;
    sqlx::query("UPDATE users SET last_login_at = $1 WHERE id = $2")
        .bind(now)
        .bind(c.id.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    if let Some(previous) = previous_session {
        sessions::delete(&mut tx, previous).await?;
    }
    let session_token = sessions::create(&mut tx, user, workspace, user_agent, now).await?;
    tx.emit(Event::new(workspace, &actor, users::KIND, "login", user.to_db(), now).touch()).await?;
    tx.commit().await.db()?;
    Ok(Outcome::SignedIn(LoggedIn { user, workspace, session_token, locale: c.locale.clone() }))
}

/// End a session. A write like any other (audited, and dropping cached callers everywhere).
pub async fn logout(db: &Db, clock: &dyn Clock, token: &str) -> Result<(), AppError> {
    let now = clock.now_micros();
    let Some(session) = sessions::lookup(db.pool(), token, now).await? else {
        return Ok(());
    };
    let user: UserId = parse_db_id(&session.user_id)?;
    let name = users::own_account(db.pool(), user).await?.map(|u| u.name).unwrap_or_default();
    let actor = Actor::User { id: user, label: name };
    let mut tx = db.begin().await?;
    sessions::delete(&mut tx, token).await?;
    tx.emit(Event::new(parse_db_id(&session.workspace_id)?, &actor, users::KIND, "logout", user.to_db(), now).touch())
        .await?;
    tx.commit().await.db()
}
