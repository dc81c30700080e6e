//! Erasing a person of the staff who has left (GDPR article 17): the account keeps its place,
//! so what they did stays attributed to one account, but it no longer says who they were;
//! their name and address are replaced wherever another record holds them (audit entries
//! they made or that named them, e-mails, invitations: the company's records stay whole), and
//! what was theirs alone goes:
//! sessions, tokens, password-reset links, notifications, grants. Only a disabled account is erased,
//! by an admin; backups expire with their retention (see the contacts' erasure).

use portico_authz::Authz;
use portico_db::{Db, DbResultExt};
use portico_kernel::{AppError, Clock, ErrorCode, Event, UserId};
use portico_platform::Registry;
use portico_platform::erasure::{ERASED, Person, scrub};

use crate::contacts::erase::Erasure;

/// Tables holding what belonged to the account alone, by its `user_id`.
const THEIRS: [&str; 7] =
    ["sessions", "api_tokens", "password_resets", "notifications", "notification_prefs", "presence", "grants"];

pub async fn erase(
    db: &Db,
    registry: &Registry,
    clock: &dyn Clock,
    authz: &Authz,
    id: UserId,
) -> Result<Erasure, AppError> {
    let ws = authz.admin()?.workspace();
    let user = portico_auth::users::get(db.pool(), authz, id).await?;
    if user.status == "active" {
        return Err(AppError::field(ErrorCode::Conflict, "status"));
    }
    let owner = portico_authz::store::owners(db.pool(), ws).await?.iter().any(|(_, u)| *u == id.to_db());
    if owner && !authz.is_owner() {
        return Err(AppError::forbidden().with_cause("only owners erase owners"));
    }
    let now = clock.now_micros();
    let uid = id.to_db();
    let mut tx = db.begin().await?;
    // The address stays unique and unusable: `.invalid` is reserved (RFC 2606).
    sqlx::query(
        "UPDATE users SET name = $1, email = $2, password_hash = NULL, locale = NULL WHERE workspace_id = $3 AND id = $4",
    )
    .bind(ERASED)
    .bind(format!("erased-{uid}@erased.invalid"))
    .bind(ws.to_db())
    .bind(uid.clone())
    .execute(&mut *tx)
    .await
    .db()?;
    for table in THEIRS {
        // Table names are the constants above.
        sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table} WHERE user_id = $1")))
            .bind(uid.clone())
            .execute(&mut *tx)
            .await
            .db()?;
    }
    // The throttle counts by address across workspaces: it stays while another account has it.
    sqlx::query("DELETE FROM login_throttle WHERE email = $1 AND NOT EXISTS (SELECT 1 FROM users WHERE email = $1)")
        .bind(user.email.to_lowercase())
        .execute(&mut *tx)
        .await
        .db()?;
    portico_fields::forget_values(&mut tx, ws, portico_auth::users::KIND, &uid).await?;
    // The company's correspondence with them stays, their values replaced where they stand.
    let who = Person {
        kind: portico_auth::users::KIND,
        id: &uid,
        identifiers: vec![user.email],
        names: vec![user.name],
        own_rows: false,
    };
    let scrubbed = scrub(&mut tx, registry, ws, &who).await?;
    crate::jobs::forget_files_later(&mut tx, scrubbed.files, now).await?;
    let mut changed = scrubbed.changed;
    changed.push((portico_auth::users::KIND, uid.clone()));
    for (kind, record) in &changed {
        if let Some(k) = registry.get(kind) {
            portico_search::refresh(&mut tx, k.as_ref(), ws, record).await?;
        }
    }
    // Said without the values: the entry itself must not bring them back.
    tx.emit(Event::new(ws, authz.actor(), portico_auth::users::KIND, "erase", &uid, now)).await?;
    portico_search::compact(&mut tx).await?;
    tx.commit().await.db()?;
    let records_changed = changed.iter().filter(|(k, r)| !(*k == portico_auth::users::KIND && *r == uid)).count();
    Ok(Erasure { records_changed })
}
