//! How contacts (candidates, customers, partners) sign in to a workspace's portals: a link
//! e-mailed to the address the workspace knows them by (30 minutes, once), or a password
//! they chose after a first sign-in. Either opens a portal session, whose [`Relation`] is
//! all the portal pages work with.

use portico_authz::relation;
use portico_db::{Db, DbResultExt};
use portico_kernel::ids::parse_db_id;
use portico_kernel::locale::Locale;
use portico_kernel::{Actor, AppError, Clock, ContactId, ErrorCode, Event, MICROS_PER_SECOND, Timestamp, WorkspaceId};
use portico_mail::{MailContext, outbox};

pub use portico_authz::Relation;

use crate::{password, throttle};
use portico_kernel::secret::{hash_token, random_token};

pub const LINK_TTL: Timestamp = 30 * 60 * MICROS_PER_SECOND;
/// Sign-in links sent to one contact per hour, at most: the form cannot be used to flood
/// someone's inbox.
const LINKS_PER_HOUR: i64 = 5;
const CONTACT: &str = "contact";

/// Where a sign-in link goes and what the e-mail calls the site.
pub struct LinkTarget<'a> {
    /// The absolute address the token is appended to (`https://jobs.acme.fr/portal/in/`).
    pub base: &'a str,
    pub site: &'a str,
}

async fn contact_by_email(db: &Db, ws: WorkspaceId, email: &str) -> Result<Option<(String, String, String)>, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, name, locale FROM contacts WHERE {}",
        portico_db::CONTACT_BY_EMAIL
    )))
    .bind(ws.to_db())
    .bind(email.to_string())
    .fetch_optional(db.pool())
    .await
    .db()
}

/// E-mail a sign-in link to the contact with this address, if the workspace has one.
/// Callers answer the same either way, so addresses cannot be probed; a mistyped address
/// is said at once.
pub async fn request_link(
    db: &Db,
    clock: &dyn Clock,
    mail: &MailContext,
    ws: WorkspaceId,
    email: &str,
    target: LinkTarget<'_>,
) -> Result<Option<ContactId>, AppError> {
    let email = portico_kernel::validate::email("email", email)?;
    let Some((id, name, locale)) = contact_by_email(db, ws, &email).await? else { return Ok(None) };
    let now = clock.now_micros();
    let (recent,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM portal_sign_ins WHERE contact_id = $1 AND created_at > $2")
            .bind(id.clone())
            .bind(now - 3600 * MICROS_PER_SECOND)
            .fetch_one(db.pool())
            .await
            .db()?;
    if recent >= LINKS_PER_HOUR {
        return Ok(None);
    }
    let token = random_token();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO portal_sign_ins (token_hash, workspace_id, contact_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(hash_token(&token))
    .bind(ws.to_db())
    .bind(id.clone())
    .bind(now)
    .bind(now + LINK_TTL)
    .execute(&mut *tx)
    .await
    .db()?;
    let values = serde_json::json!({"name": name, "site": target.site, "link": format!("{}{token}", target.base)});
    let locale = Locale::parse(&locale).unwrap_or_default();
    let message =
        outbox::TemplatedEmail { workspace: Some(ws), to: &email, template: "portal_sign_in", locale, values };
    outbox::queue_template(&mut tx, mail, message, now).await?;
    tx.commit().await.db()?;
    Ok(Some(parse_db_id(&id)?))
}

/// Trade a sign-in link for a session token; the link then stops working.
pub async fn redeem(db: &Db, clock: &dyn Clock, ws: WorkspaceId, token: &str) -> Result<String, AppError> {
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    let row: Option<(String,)> = sqlx::query_as(
        "UPDATE portal_sign_ins SET used_at = $1
         WHERE token_hash = $2 AND workspace_id = $3 AND used_at IS NULL AND expires_at > $1 RETURNING contact_id",
    )
    .bind(now)
    .bind(hash_token(token))
    .bind(ws.to_db())
    .fetch_optional(&mut *tx)
    .await
    .db()?;
    let Some((contact,)) = row else { return Err(AppError::new(ErrorCode::LinkExpired)) };
    let contact: ContactId = parse_db_id(&contact)?;
    let session = relation::open_session(&mut tx, ws, contact, now).await?;
    signed_in(&mut tx, ws, contact, "link", now).await?;
    tx.commit().await.db()?;
    Ok(session)
}

/// Sign in with an address and the password the contact chose. Wrong passwords lock the
/// address in this workspace as they lock a staff address (`throttle`), keyed by a hash so
/// the throttle holds no address.
pub async fn sign_in(
    db: &Db,
    clock: &dyn Clock,
    ws: WorkspaceId,
    email: &str,
    secret: &str,
) -> Result<String, AppError> {
    let email = email.trim().to_lowercase();
    let now = clock.now_micros();
    let key = format!("portal:{}", hash_token(&format!("{}:{email}", ws.to_db())));
    throttle::check(db, &key, now).await?;
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT c.id, p.password_hash FROM contacts c JOIN portal_passwords p ON p.contact_id = c.id
         WHERE c.workspace_id = $1 AND c.email = $2",
    )
    .bind(ws.to_db())
    .bind(email)
    .fetch_optional(db.pool())
    .await
    .db()?;
    let verified = match row {
        Some((contact, hash)) => password::verify(secret, &hash).then_some(contact),
        None => {
            password::verify_dummy(secret);
            None
        }
    };
    let mut tx = db.begin().await?;
    let Some(contact) = verified else {
        let locked = throttle::failed(&mut tx, &key, now).await?;
        tx.commit().await.db()?;
        return Err(AppError::new(if locked { ErrorCode::AccountLocked } else { ErrorCode::InvalidCredentials }));
    };
    let contact: ContactId = parse_db_id(&contact)?;
    throttle::clear(&mut tx, &key).await?;
    let session = relation::open_session(&mut tx, ws, contact, now).await?;
    signed_in(&mut tx, ws, contact, "password", now).await?;
    tx.commit().await.db()?;
    Ok(session)
}

async fn signed_in(
    tx: &mut portico_db::Tx,
    ws: WorkspaceId,
    contact: ContactId,
    how: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    let actor = Actor::Contact { id: contact, label: "portal".into() };
    let event = Event::new(ws, &actor, CONTACT, "portal_sign_in", contact.to_db(), now)
        .after(serde_json::json!({"with": how}))
        .touch();
    tx.emit(event).await
}

/// Choose (or change) the signed-in contact's password; their sessions elsewhere end, the
/// one of `session` (this browser's) stays.
pub async fn set_password(
    db: &Db,
    clock: &dyn Clock,
    who: &Relation,
    session: &str,
    secret: &str,
) -> Result<(), AppError> {
    let pw = portico_kernel::validate::password("password", secret)?;
    let hash = password::hash(&pw)?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    let updated = sqlx::query("UPDATE portal_passwords SET password_hash = $1, updated_at = $2 WHERE contact_id = $3")
        .bind(hash.clone())
        .bind(now)
        .bind(who.contact().to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    if updated.rows_affected() == 0 {
        sqlx::query(
            "INSERT INTO portal_passwords (contact_id, workspace_id, password_hash, updated_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(who.contact().to_db())
        .bind(who.workspace().to_db())
        .bind(hash)
        .bind(now)
        .execute(&mut *tx)
        .await
        .db()?;
    }
    relation::close_others(&mut tx, who.contact(), session).await?;
    let event =
        Event::new(who.workspace(), &who.actor(), CONTACT, "portal_password", who.contact().to_db(), now).touch();
    tx.emit(event).await?;
    tx.commit().await.db()?;
    Ok(())
}

/// Whether the contact has chosen a password.
pub async fn has_password(db: &Db, who: &Relation) -> Result<bool, AppError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT contact_id FROM portal_passwords WHERE contact_id = $1")
        .bind(who.contact().to_db())
        .fetch_optional(db.pool())
        .await
        .db()?;
    Ok(row.is_some())
}
