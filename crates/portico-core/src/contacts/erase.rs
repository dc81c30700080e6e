//! Erasing a contact (GDPR article 17): their record keeps its place (history, counts and
//! conversations stay whole) but no longer says who they were, and their name, address and
//! phone are replaced wherever another record holds them (the audit log's before and
//! after values, e-mails sent and received, notifications, signed requests), with the raw
//! messages that held them and the files of their mail (attachments they sent or were sent,
//! removed from the file store unless someone else's mail has the same file). Search
//! documents are made again and SQLite's index compacted. Files that staff uploaded to the
//! file store are documents of the company, not the person's: they stay as they are (an admin
//! deletes one that must go). Backups made before keep what they held: they expire with
//! their retention.

use portico_authz::Authz;
use portico_db::{Db, DbResultExt, Tx};
use portico_kernel::ids::parse_db_id;
use portico_kernel::{Actor, AppError, Clock, ContactId, Event, Timestamp, UnitId, WorkspaceId};
use portico_platform::Registry;
use portico_platform::erasure::{ERASED, Person, scrub};
use serde::Serialize;

use super::store::{DELETE, KIND, VIEW, get};

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Erasure {
    /// Records of other kinds that named the contact and no longer do.
    pub records_changed: usize,
}

pub async fn erase(
    db: &Db,
    registry: &Registry,
    clock: &dyn Clock,
    authz: &Authz,
    id: ContactId,
) -> Result<Erasure, AppError> {
    let before = get(db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, id).await?;
    let unit: UnitId = parse_db_id(&before.unit_id)?;
    let cap = authz.unit_cap(DELETE, unit)?;
    let mut tx = db.begin().await?;
    let erased = erase_in(&mut tx, registry, cap.workspace(), cap.actor(), &id.to_db(), clock.now_micros()).await?;
    portico_search::compact(&mut tx).await?;
    tx.commit().await.db()?;
    Ok(erased)
}

/// The erasure in the caller's transaction, the caller having proved the right to it (a
/// person allowed to delete the contact, or a retention rule). The caller compacts the
/// search index after it (at once for one person, once for a batch).
pub async fn erase_in(
    tx: &mut Tx,
    registry: &Registry,
    ws: WorkspaceId,
    actor: &Actor,
    id: &str,
    now: Timestamp,
) -> Result<Erasure, AppError> {
    let (name, email, phone, unit): (String, Option<String>, String, String) =
        sqlx::query_as("SELECT name, email, phone, unit_id FROM contacts WHERE workspace_id = $1 AND id = $2")
            .bind(ws.to_db())
            .bind(id.to_string())
            .fetch_optional(&mut **tx)
            .await
            .db()?
            .ok_or_else(AppError::not_found)?;
    let unit: UnitId = parse_db_id(&unit)?;
    let mut identifiers: Vec<String> =
        [email.unwrap_or_default(), phone].into_iter().filter(|v| !v.trim().is_empty()).collect();
    identifiers.extend(super::merge::aliases(tx, ws, id).await?);
    super::merge::forget_aliases(tx, ws, id).await?;
    let who = Person { kind: KIND, id, identifiers, names: vec![name], own_rows: true };
    sqlx::query(
        "UPDATE contacts SET name = $1, email = NULL, phone = '', company = '', updated_at = $2 WHERE workspace_id = $3 AND id = $4",
    )
    .bind(ERASED)
    .bind(now)
    .bind(ws.to_db())
    .bind(id.to_string())
    .execute(&mut **tx)
    .await
    .db()?;
    portico_fields::forget_values(tx, ws, KIND, id).await?;
    portico_authz::relation::forget_contact(tx, parse_db_id(id)?).await?;
    let scrubbed = scrub(tx, registry, ws, &who).await?;
    let mut files = scrubbed.files;
    files.extend(attachments(tx, ws, &scrubbed.theirs).await?);
    crate::jobs::forget_files_later(tx, files, now).await?;
    let changed = scrubbed.changed;
    for (kind, record) in &changed {
        if let Some(k) = registry.get(kind) {
            portico_search::refresh(tx, k.as_ref(), ws, record).await?;
        }
    }
    // Said without the values: the entry itself must not bring them back.
    tx.emit(Event::new(ws, actor, KIND, "erase", id, now).unit(unit)).await?;
    Ok(Erasure { records_changed: changed.iter().filter(|(k, r)| !(*k == KIND && r == id)).count() })
}

/// The files of the mail that was theirs (what they sent, what was sent to them: the
/// messages and e-mails the scrub wiped whole) lose their content here; the stored files they
/// referred to are returned.
async fn attachments(tx: &mut Tx, ws: WorkspaceId, theirs: &[(&str, String)]) -> Result<Vec<String>, AppError> {
    let mut files = Vec::new();
    for (kind, table, column) in [
        (portico_mail::inbound::messages::KIND, "mail_attachments", "message_id"),
        ("email", "outbound_attachments", "email_id"),
    ] {
        for (_, id) in theirs.iter().filter(|(k, _)| *k == kind) {
            // Names are the constants above; the values are bound.
            let cond = format!("workspace_id = $1 AND {column} = $2 AND sha256 <> $3");
            // Read before the update: RETURNING would give the new, empty hash.
            let found: Vec<(String,)> =
                sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT sha256 FROM {table} WHERE {cond}")))
                    .bind(ws.to_db())
                    .bind(id.clone())
                    .bind(portico_db::blobs::EMPTY)
                    .fetch_all(&mut **tx)
                    .await
                    .db()?;
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "UPDATE {table} SET sha256 = $3, size_bytes = 0, filename = $4 WHERE {cond}"
            )))
            .bind(ws.to_db())
            .bind(id.clone())
            .bind(portico_db::blobs::EMPTY)
            .bind(ERASED)
            .execute(&mut **tx)
            .await
            .db()?;
            files.extend(found.into_iter().map(|(sha,)| sha));
        }
    }
    Ok(files)
}
