//! Erasing a contact (GDPR article 17): their record keeps its place (history, counts and
//! conversations stay whole) but no longer says who they were, and their name, address and
//! phone are replaced wherever another record holds them (the audit log's before and
//! after values, e-mails sent and received, notifications, signed requests), with the raw
//! messages that held them. Search documents are made again and SQLite's index compacted.
//! Backups made before keep what they held: they expire with their retention.

use portico_authz::Authz;
use portico_db::{Db, DbResultExt};
use portico_kernel::ids::parse_db_id;
use portico_kernel::{AppError, Clock, ContactId, Event, UnitId};
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
    let ws = cap.workspace();
    let record = id.to_db();
    let who = Person {
        kind: KIND,
        id: &record,
        identifiers: [before.email.clone().unwrap_or_default(), before.phone.clone()]
            .into_iter()
            .filter(|v| !v.trim().is_empty())
            .collect(),
        names: vec![before.name.clone()],
    };
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE contacts SET name = $1, email = NULL, phone = '', company = '', updated_at = $2 WHERE workspace_id = $3 AND id = $4",
    )
    .bind(ERASED)
    .bind(now)
    .bind(ws.to_db())
    .bind(id.to_db())
    .execute(&mut *tx)
    .await
    .db()?;
    portico_fields::forget_values(&mut tx, ws, KIND, &id.to_db()).await?;
    let changed = scrub(&mut tx, registry, ws, &who).await?;
    for (kind, record) in &changed {
        if let Some(k) = registry.get(kind) {
            portico_search::refresh(&mut tx, k.as_ref(), ws, record).await?;
        }
    }
    // Said without the values: the entry itself must not bring them back.
    tx.emit(Event::new(ws, cap.actor(), KIND, "erase", id.to_db(), now).unit(unit)).await?;
    portico_search::compact(&mut tx).await?;
    tx.commit().await.db()?;
    Ok(Erasure { records_changed: changed.iter().filter(|(k, r)| !(*k == KIND && *r == record)).count() })
}
