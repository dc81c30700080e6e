//! Merging two contacts who are one person. A module merges its own records first (Recruit
//! moves the duplicate's applications to the kept candidate), then calls [`merge_in`] in the
//! same transaction: the duplicate's address becomes an alias of the kept contact (mail and
//! applications from it find the kept one), blanks are filled from the duplicate, and its
//! custom values, portal sessions and conversations move over before it is deleted.

use portico_db::{DbResultExt, Tx};
use portico_kernel::ids::parse_db_id;
use portico_kernel::{Actor, AppError, ContactId, Event, Timestamp, UnitId, WorkspaceId};
use portico_platform::Registry;
use serde_json::json;

use super::store::KIND;

#[derive(sqlx::FromRow)]
struct Row {
    name: String,
    email: Option<String>,
    phone: String,
    company: String,
    unit_id: String,
}

async fn row(tx: &mut Tx, ws: WorkspaceId, id: ContactId) -> Result<Row, AppError> {
    sqlx::query_as("SELECT name, email, phone, company, unit_id FROM contacts WHERE workspace_id = $1 AND id = $2")
        .bind(ws.to_db())
        .bind(id.to_db())
        .fetch_optional(&mut **tx)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// Merge contact `absorbed` into `keep` in the caller's transaction, the caller having proved
/// the right to change both and moved its own references to `absorbed` first.
pub async fn merge_in(
    tx: &mut Tx,
    registry: &Registry,
    ws: WorkspaceId,
    actor: &Actor,
    keep: ContactId,
    absorbed: ContactId,
    now: Timestamp,
) -> Result<(), AppError> {
    if keep == absorbed {
        return Ok(());
    }
    let (kept, gone) = (row(tx, ws, keep).await?, row(tx, ws, absorbed).await?);
    // Its address is freed first: it moves to the kept contact or becomes their alias.
    sqlx::query("UPDATE contacts SET email = NULL WHERE workspace_id = $1 AND id = $2")
        .bind(ws.to_db())
        .bind(absorbed.to_db())
        .execute(&mut **tx)
        .await
        .db()?;
    let email = kept.email.clone().or_else(|| gone.email.clone());
    let fill = |mine: &str, theirs: &str| if mine.trim().is_empty() { theirs.to_string() } else { mine.to_string() };
    sqlx::query(
        "UPDATE contacts SET email = $1, phone = $2, company = $3, updated_at = $4 WHERE workspace_id = $5 AND id = $6",
    )
    .bind(email.clone())
    .bind(fill(&kept.phone, &gone.phone))
    .bind(fill(&kept.company, &gone.company))
    .bind(now)
    .bind(ws.to_db())
    .bind(keep.to_db())
    .execute(&mut **tx)
    .await
    .db()?;
    sqlx::query("UPDATE contact_aliases SET contact_id = $1 WHERE workspace_id = $2 AND contact_id = $3")
        .bind(keep.to_db())
        .bind(ws.to_db())
        .bind(absorbed.to_db())
        .execute(&mut **tx)
        .await
        .db()?;
    if let Some(alias) = gone.email.as_ref().filter(|a| Some(*a) != email.as_ref()) {
        sqlx::query(
            "INSERT INTO contact_aliases (workspace_id, email, contact_id, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (workspace_id, email) DO UPDATE SET contact_id = excluded.contact_id",
        )
        .bind(ws.to_db())
        .bind(alias.clone())
        .bind(keep.to_db())
        .bind(now)
        .execute(&mut **tx)
        .await
        .db()?;
    }
    portico_fields::merge_values(tx, ws, KIND, &keep.to_db(), &absorbed.to_db()).await?;
    portico_authz::relation::move_contact(tx, absorbed, keep).await?;
    portico_mail::inbound::messages::move_record(tx, ws, KIND, &absorbed.to_db(), &keep.to_db()).await?;
    portico_search::remove(tx, ws, KIND, &absorbed.to_db()).await?;
    sqlx::query("DELETE FROM contacts WHERE workspace_id = $1 AND id = $2")
        .bind(ws.to_db())
        .bind(absorbed.to_db())
        .execute(&mut **tx)
        .await
        .db()?;
    if let Some(kind) = registry.get(KIND) {
        portico_search::refresh(tx, kind.as_ref(), ws, &keep.to_db()).await?;
    }
    let unit: UnitId = parse_db_id(&kept.unit_id)?;
    let merged = json!({"id": absorbed.to_db(), "name": gone.name, "email": gone.email, "phone": gone.phone, "unit_id": gone.unit_id});
    tx.emit(
        Event::new(ws, actor, KIND, "merge", keep.to_db(), now)
            .unit(unit)
            .before(json!({"email": kept.email, "phone": kept.phone, "company": kept.company}))
            .after(json!({"merged": merged})),
    )
    .await
}

/// A contact's other addresses (for their page, an erasure's identifiers).
pub async fn aliases(tx: &mut Tx, ws: WorkspaceId, id: &str) -> Result<Vec<String>, AppError> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT email FROM contact_aliases WHERE workspace_id = $1 AND contact_id = $2 ORDER BY email")
            .bind(ws.to_db())
            .bind(id.to_string())
            .fetch_all(&mut **tx)
            .await
            .db()?;
    Ok(rows.into_iter().map(|(e,)| e).collect())
}

/// Forget a contact's other addresses (it is deleted or erased).
pub async fn forget_aliases(tx: &mut Tx, ws: WorkspaceId, id: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM contact_aliases WHERE workspace_id = $1 AND contact_id = $2")
        .bind(ws.to_db())
        .bind(id.to_string())
        .execute(&mut **tx)
        .await
        .db()?;
    Ok(())
}
