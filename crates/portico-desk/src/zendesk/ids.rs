//! Zendesk's clients name everything by an integer. Tickets have theirs (their number);
//! everyone and everything else gets one the first time the API shows it, per workspace, kept
//! here. They are this install's: a workspace moved elsewhere gets new ones (its tickets
//! keep their numbers).

use std::collections::HashMap;

use portico_db::{Db, DbResultExt};
use portico_kernel::{AppError, WorkspaceId};
use sqlx::AnyPool;

use crate::tickets::write::{Counter, count_up};

pub const TABLE: portico_platform::InternalTable = portico_platform::InternalTable {
    name: "desk_api_ids",
    why: "the integers the Zendesk-shaped API gave people, groups, comments and files (given anew after a move)",
    rebuild: &[],
    personal_data: &[],
};

/// What an id names (the record's kind, as the platform calls it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Agent,
    Contact,
    Group,
    Comment,
    Attachment,
    /// A company contacts name (`record_id` is `company:<its name, lowercase>`).
    Organization,
}

impl Named {
    fn key(self) -> &'static str {
        match self {
            Named::Agent => "user",
            Named::Contact => portico_core::contacts::store::KIND,
            Named::Group => crate::kinds::GROUP,
            Named::Comment => crate::kinds::COMMENT,
            Named::Attachment => crate::kinds::ATTACHMENT,
            Named::Organization => "organization",
        }
    }
    fn from_key(key: &str) -> Option<Named> {
        [Named::Agent, Named::Contact, Named::Group, Named::Comment, Named::Attachment, Named::Organization]
            .into_iter()
            .find(|n| n.key() == key)
    }
}

/// Ids at most this many at a time in one statement.
const CHUNK: usize = 500;

/// The numbers of `records` (each of the kind it is paired with), given now to those that
/// have none yet.
pub async fn numbers(db: &Db, ws: WorkspaceId, records: &[(Named, &str)]) -> Result<HashMap<String, i64>, AppError> {
    let mut ids: Vec<&str> = records.iter().map(|(_, id)| *id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut found = known(db.pool(), ws, &ids).await?;
    let missing: Vec<&(Named, &str)> = {
        let mut seen = std::collections::HashSet::new();
        records.iter().filter(|(_, id)| !found.contains_key(*id) && seen.insert(*id)).collect()
    };
    if missing.is_empty() {
        return Ok(found);
    }
    let mut tx = db.begin().await?;
    let last = count_up(&mut tx, ws, Counter::ApiId, missing.len() as i64).await?;
    let first = last - missing.len() as i64 + 1;
    for (i, (kind, id)) in missing.iter().enumerate() {
        // Someone else may have given it one meanwhile: theirs stays (a number is skipped).
        sqlx::query(
            "INSERT INTO desk_api_ids (workspace_id, number, kind, record_id) VALUES ($1, $2, $3, $4)
             ON CONFLICT (workspace_id, record_id) DO NOTHING",
        )
        .bind(ws.to_db())
        .bind(first + i as i64)
        .bind(kind.key())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await
        .db()?;
    }
    tx.commit().await.db()?;
    let given: Vec<&str> = missing.iter().map(|(_, id)| *id).collect();
    found.extend(known(db.pool(), ws, &given).await?);
    Ok(found)
}

/// The number of one record.
pub async fn number(db: &Db, ws: WorkspaceId, kind: Named, id: &str) -> Result<i64, AppError> {
    numbers(db, ws, &[(kind, id)]).await?.get(id).copied().ok_or_else(|| AppError::internal("no API id given"))
}

async fn known(pool: &AnyPool, ws: WorkspaceId, ids: &[&str]) -> Result<HashMap<String, i64>, AppError> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT record_id, number FROM desk_api_ids WHERE workspace_id = $1 AND record_id IN ({})",
            marks.join(", ")
        );
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(ws.to_db());
        for id in chunk {
            q = q.bind(id.to_string());
        }
        let rows: Vec<(String, i64)> = q.fetch_all(pool).await.db()?;
        out.extend(rows);
    }
    Ok(out)
}

/// The record a number names, and what it is.
pub async fn record(pool: &AnyPool, ws: WorkspaceId, number: i64) -> Result<Option<(Named, String)>, AppError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT kind, record_id FROM desk_api_ids WHERE workspace_id = $1 AND number = $2")
            .bind(ws.to_db())
            .bind(number)
            .fetch_optional(pool)
            .await
            .db()?;
    Ok(row.and_then(|(kind, id)| Named::from_key(&kind).map(|k| (k, id))))
}

/// The record of kind `kind` a number names; not found when it names nothing or another kind.
pub async fn record_of(pool: &AnyPool, ws: WorkspaceId, number: i64, kind: Named) -> Result<String, AppError> {
    match record(pool, ws, number).await? {
        Some((k, id)) if k == kind => Ok(id),
        _ => Err(AppError::not_found()),
    }
}
