//! Magic links for guests: people without an account (a hiring manager, a
//! customer, a partner) get a link to exactly one thing. The link is signed
//! (HMAC-SHA256 over id, subject and expiry), expires, and can be revoked.

use portico_authz::UnitCap;
use portico_db::{Db, DbResultExt};
use portico_kernel::ids::parse_db_id;
use portico_kernel::{AppError, Clock, ErrorCode, Event, MagicLinkId, Timestamp, WorkspaceId};
use serde::Serialize;
use serde_json::json;
use sqlx::AnyPool;

use portico_kernel::secret::{b64, equal, hmac_sha256, unb64};

pub const KIND: &str = "guest_link";

/// What a valid link lets its bearer reach: exactly one record, and the named kinds of its
/// children when the record's kind allows it. Only [`verify`] makes one.
#[derive(Debug, Clone)]
pub struct GuestGrant {
    link: MagicLinkId,
    workspace: WorkspaceId,
    subject_type: String,
    subject_id: String,
    label: String,
    /// Kinds of the subject's children the link opens too (its kind's registration says which).
    children: &'static [&'static str],
}

impl GuestGrant {
    pub fn link(&self) -> MagicLinkId {
        self.link
    }
    pub fn workspace(&self) -> WorkspaceId {
        self.workspace
    }
    pub fn subject_type(&self) -> &str {
        &self.subject_type
    }
    pub fn subject_id(&self) -> &str {
        &self.subject_id
    }
    pub fn label(&self) -> &str {
        &self.label
    }
    /// Whether the link opens record `id` of `kind`.
    pub fn covers(&self, kind: &str, id: &str) -> bool {
        self.subject_type == kind && self.subject_id == id
    }
    /// The link with the kinds of children its subject's kind lets a guest read.
    pub fn with_children(mut self, kinds: &'static [&'static str]) -> GuestGrant {
        self.children = kinds;
        self
    }
    /// Whether the link opens record `id` of `kind`, whose parent is `parent` (kind, id): the
    /// subject itself, or a child of a named kind of exactly that subject.
    pub fn reaches(&self, kind: &str, id: &str, parent: Option<(&str, &str)>) -> bool {
        self.covers(kind, id) || (self.children.contains(&kind) && parent.is_some_and(|(pk, pid)| self.covers(pk, pid)))
    }
    /// The guest as the actor of what they do.
    pub fn actor(&self) -> portico_kernel::Actor {
        portico_kernel::Actor::Guest { link: self.link, label: self.label.clone() }
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct MagicLink {
    pub id: String,
    pub subject_type: String,
    pub subject_id: String,
    pub email: String,
    pub label: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
    pub last_used_at: Option<Timestamp>,
}

fn signature(key: &[u8], id: &str, subject_type: &str, subject_id: &str, expires_at: Timestamp) -> Vec<u8> {
    hmac_sha256(key, format!("{id}|{subject_type}|{subject_id}|{expires_at}").as_bytes())
}

pub struct NewLink<'a> {
    pub subject_type: &'a str,
    pub subject_id: String,
    pub email: &'a str,
    pub label: &'a str,
    pub ttl: Timestamp,
}

/// Create a link to one subject. The caller proves its right over the subject's unit with
/// a [`UnitCap`]. Returns the id and the token for the URL.
pub async fn create(
    db: &Db,
    clock: &dyn Clock,
    cap: &UnitCap,
    key: &[u8],
    link: NewLink<'_>,
) -> Result<(MagicLinkId, String), AppError> {
    let now = clock.now_micros();
    let id = MagicLinkId::new();
    let expires_at = now + link.ttl;
    let label = portico_kernel::validate::required_text("label", link.label, 120)?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO magic_links (id, workspace_id, subject_type, subject_id, email, label, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id.to_db())
    .bind(cap.workspace().to_db())
    .bind(link.subject_type.to_string())
    .bind(link.subject_id.clone())
    .bind(link.email.to_string())
    .bind(label.clone())
    .bind(cap.actor().id())
    .bind(now)
    .bind(expires_at)
    .execute(&mut *tx)
    .await
    .db()?;
    let after = json!({"subject_type": link.subject_type, "subject_id": link.subject_id, "label": label, "expires_at": expires_at});
    tx.emit(Event::new(cap.workspace(), cap.actor(), KIND, "create", id.to_db(), now).unit(cap.unit()).after(after))
        .await?;
    tx.commit().await.db()?;
    let sig = signature(key, &id.to_db(), link.subject_type, &link.subject_id, expires_at);
    Ok((id, format!("{}.{}", b64(id.as_uuid().as_bytes()), b64(&sig))))
}

/// Check a presented token: signature first (constant time), then expiry and revocation.
pub async fn verify(pool: &AnyPool, key: &[u8], token: &str, now: Timestamp) -> Result<GuestGrant, AppError> {
    let expired = || AppError::new(ErrorCode::LinkExpired);
    let (id_part, sig_part) = token.split_once('.').ok_or_else(expired)?;
    let id_bytes = unb64(id_part).ok_or_else(expired)?;
    let id = uuid::Uuid::from_slice(&id_bytes).map_err(|_| expired())?;
    let sig = unb64(sig_part).ok_or_else(expired)?;
    #[derive(sqlx::FromRow)]
    struct Row {
        workspace_id: String,
        subject_type: String,
        subject_id: String,
        label: String,
        expires_at: Timestamp,
        revoked_at: Option<Timestamp>,
    }
    let row: Row = sqlx::query_as(
        "SELECT workspace_id, subject_type, subject_id, label, expires_at, revoked_at FROM magic_links WHERE id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(pool)
    .await
    .db()?
    .ok_or_else(expired)?;
    let expected = signature(key, &id.to_string(), &row.subject_type, &row.subject_id, row.expires_at);
    if !equal(&expected, &sig) || row.revoked_at.is_some() || row.expires_at <= now {
        return Err(expired());
    }
    sqlx::query("UPDATE magic_links SET last_used_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id.to_string())
        .execute(pool)
        .await
        .db()?;
    Ok(GuestGrant {
        link: MagicLinkId(id),
        workspace: parse_db_id(&row.workspace_id)?,
        subject_type: row.subject_type,
        subject_id: row.subject_id,
        label: row.label,
        children: &[],
    })
}

pub async fn list_for(
    pool: &AnyPool,
    cap: &UnitCap,
    subject_type: &str,
    subject_id: &str,
) -> Result<Vec<MagicLink>, AppError> {
    sqlx::query_as(
        "SELECT id, subject_type, subject_id, email, label, created_at, expires_at, revoked_at, last_used_at FROM magic_links
         WHERE workspace_id = $1 AND subject_type = $2 AND subject_id = $3 ORDER BY id DESC",
    )
    .bind(cap.workspace().to_db())
    .bind(subject_type.to_string())
    .bind(subject_id.to_string())
    .fetch_all(pool)
    .await
    .db()
}

pub async fn revoke(
    db: &Db,
    clock: &dyn Clock,
    cap: &UnitCap,
    subject_type: &str,
    subject_id: &str,
    id: MagicLinkId,
) -> Result<(), AppError> {
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    let r = sqlx::query(
        "UPDATE magic_links SET revoked_at = $1 WHERE workspace_id = $2 AND id = $3 AND subject_type = $4 AND subject_id = $5 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(cap.workspace().to_db())
    .bind(id.to_db())
    .bind(subject_type.to_string())
    .bind(subject_id.to_string())
    .execute(&mut *tx)
    .await
    .db()?;
    if r.rows_affected() == 0 {
        return Err(AppError::not_found());
    }
    let before = json!({"subject_type": subject_type, "subject_id": subject_id});
    tx.emit(
        Event::new(cap.workspace(), cap.actor(), KIND, "revoke", id.to_db(), now)
            .unit(cap.unit())
            .before(before)
            .deleted(),
    )
    .await?;
    tx.commit().await.db()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(children: &'static [&'static str]) -> GuestGrant {
        GuestGrant {
            link: MagicLinkId(uuid::Uuid::nil()),
            workspace: WorkspaceId(uuid::Uuid::nil()),
            subject_type: "job".into(),
            subject_id: "j1".into(),
            label: "".into(),
            children: &[],
        }
        .with_children(children)
    }

    #[test]
    fn a_link_reaches_its_record_and_only_the_named_children_of_that_record() {
        let plain = grant(&[]);
        assert!(plain.reaches("job", "j1", None));
        assert!(!plain.reaches("job", "j2", None), "another record of the kind");
        assert!(!plain.reaches("application", "a1", Some(("job", "j1"))), "no children unless named");
        let shortlist = grant(&["application"]);
        assert!(shortlist.reaches("application", "a1", Some(("job", "j1"))));
        assert!(!shortlist.reaches("application", "a2", Some(("job", "j2"))), "a child of another job");
        assert!(!shortlist.reaches("application", "a3", None), "a child whose parent is unknown");
        assert!(!shortlist.reaches("comment", "c1", Some(("job", "j1"))), "a kind that is not named");
    }
}
