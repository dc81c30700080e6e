//! `/api/v2/incremental/tickets`: every ticket that changed since a moment, in the order they
//! changed, for syncing and exports — by time (`start_time` → `next_page`, `end_time`) or by
//! cursor (`cursor` → `after_cursor`, `after_url`), ending with `end_of_stream`.

use axum::Json;
use axum::extract::State;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use portico_authz::Scope;
use portico_db::DbResultExt;
use portico_http::state::AppState;
use portico_kernel::{AppError, ErrorCode, Timestamp};
use serde_json::{Value, json};
use sqlx::AnyPool;

use super::shape::{self, Ids};
use super::{Agent, Fail, Here};
use crate::VIEW;
use crate::tickets::{SELECT, Ticket};

/// Zendesk's incremental pages hold up to 1,000 tickets.
const PAGE: u32 = 1000;

/// Tickets changed after (`at`, `id`) — at `at` itself when `id` is empty — in the order
/// they changed.
async fn changed(pool: &AnyPool, scope: &Scope, at: Timestamp, id: &str, limit: u32) -> Result<Vec<Ticket>, AppError> {
    let sql = format!(
        "{SELECT} WHERE t.workspace_id = $1 AND {} AND (t.updated_at > $2 OR (t.updated_at = $2 AND t.id > $3))
         ORDER BY t.updated_at, t.id LIMIT $4",
        scope.unit_sql("t.unit_id")
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(at)
        .bind(id.to_string())
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await
        .db()
}

fn start_time(here: &Here) -> Result<Timestamp, Fail> {
    let raw = here.get("start_time").ok_or_else(|| AppError::field(ErrorCode::Required, "start_time"))?;
    let secs: i64 = raw.parse().map_err(|_| AppError::field(ErrorCode::InvalidNumber, "start_time"))?;
    secs.checked_mul(1_000_000)
        .filter(|t| *t >= 0)
        .ok_or_else(|| Fail(AppError::field(ErrorCode::InvalidNumber, "start_time")))
}

fn size(here: &Here) -> Result<u32, Fail> {
    match here.get("per_page").or_else(|| here.get("page[size]")) {
        None => Ok(PAGE),
        Some(v) => v
            .parse::<u32>()
            .ok()
            .filter(|n| *n >= 1)
            .map(|n| n.min(PAGE))
            .ok_or_else(|| Fail(AppError::field(ErrorCode::InvalidNumber, "per_page"))),
    }
}

async fn items(
    s: &AppState,
    ws: portico_kernel::WorkspaceId,
    here: &Here,
    tickets: &[Ticket],
) -> Result<Vec<Value>, Fail> {
    let ids = Ids::of_tickets(&s.db, ws, tickets).await?;
    Ok(tickets.iter().map(|t| shape::ticket(&here.base, t, &ids)).collect())
}

pub async fn by_time(State(s): State<AppState>, Agent(c): Agent, here: Here) -> Result<Json<Value>, Fail> {
    let (from, size) = (start_time(&here)?, size(&here)?);
    let scope = c.authz.scope(VIEW)?;
    let tickets = changed(s.db.pool(), &scope, from, "", size).await?;
    let end = tickets.last().map_or(from, |t| t.updated_at).div_euclid(1_000_000);
    Ok(Json(json!({
        "tickets": items(&s, scope.workspace(), &here, &tickets).await?,
        "count": tickets.len(),
        "end_time": end,
        "next_page": here.with(&[("start_time", end.to_string())]),
        "end_of_stream": tickets.len() < size as usize,
    })))
}

/// A position in the stream: the change time and id of the last ticket read.
fn encode(at: Timestamp, id: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{at}:{id}"))
}

fn decode(cursor: &str) -> Option<(Timestamp, String)> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(cursor).ok()?).ok()?;
    let (at, id) = text.split_once(':')?;
    // Ids are UUIDs (or empty, at a moment's start).
    if !id.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return None;
    }
    Some((at.parse().ok()?, id.to_string()))
}

pub async fn by_cursor(State(s): State<AppState>, Agent(c): Agent, here: Here) -> Result<Json<Value>, Fail> {
    let size = size(&here)?;
    let (at, id) = match here.get("cursor").filter(|c| !c.is_empty()) {
        Some(cursor) => decode(cursor).ok_or_else(|| Fail(AppError::field(ErrorCode::BadCursor, "cursor")))?,
        None => (start_time(&here)?, String::new()),
    };
    let scope = c.authz.scope(VIEW)?;
    let tickets = changed(s.db.pool(), &scope, at, &id, size).await?;
    // At the end, the cursor stays where the stream stopped: the next call gets what changes.
    let after = tickets.last().map_or_else(|| encode(at, &id), |t| encode(t.updated_at, &t.id));
    let mut query: Vec<(String, String)> =
        here.query.iter().filter(|(k, _)| k != "start_time" && k != "cursor").cloned().collect();
    query.push(("cursor".into(), after.clone()));
    let after_url = format!("{}?{}", here.path, serde_urlencoded::to_string(&query).unwrap_or_default());
    Ok(Json(json!({
        "tickets": items(&s, scope.workspace(), &here, &tickets).await?,
        "after_cursor": after,
        "after_url": after_url,
        "before_cursor": null,
        "before_url": null,
        "end_of_stream": tickets.len() < size as usize,
    })))
}
