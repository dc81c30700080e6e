//! The live stream of a page (server-sent events): the person's notifications, the progress
//! of tasks they watch, and who else is on the record they look at. Topics are checked like
//! the records themselves: a page may watch only what its reader may see. Presence is kept
//! in a table every replica reads, refreshed while the stream is open and dropped when it
//! closes; a page says when its reader types in one of its forms, so others see who is typing.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use portico_db::{Db, DbResultExt, Live, Tx};
use portico_http::state::AppState;
use portico_http::ui::{OrPage, PageError, Staff};
use portico_kernel::{AppError, Clock, WorkspaceId};
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;

/// How often an open stream says its reader is still there, and how long presence lasts
/// without it.
const HEARTBEAT: Duration = Duration::from_secs(20);
const PRESENCE_FOR: i64 = 60_000_000;
/// How long someone counts as typing after their last key (pages say so every few seconds
/// while keys are pressed).
const TYPING_FOR: i64 = 8_000_000;

/// The topic of a person's own messages (notifications).
pub fn user_topic(user: &str) -> String {
    format!("u:{user}")
}

/// The presence topic of a record.
pub fn presence_topic(kind: &str, id: &str) -> String {
    format!("presence:{kind}:{id}")
}

/// Who is on `topic` now, as a live message for its watchers (read in the transaction that
/// changed it, so it already counts that change).
async fn presence_list(tx: &mut Tx, topic: &str, now: i64) -> Result<Live, AppError> {
    let rows: Vec<(String, String, Option<i64>)> =
        sqlx::query_as("SELECT user_id, name, typing_at FROM presence WHERE topic = $1 AND seen_at > $2 ORDER BY name")
            .bind(topic.to_string())
            .bind(now - PRESENCE_FOR)
            .fetch_all(&mut **tx)
            .await
            .db()?;
    let people: Vec<_> = rows
        .into_iter()
        .map(|(id, name, typing)| json!({"id": id, "name": name, "typing": typing.is_some_and(|t| t > now - TYPING_FOR)}))
        .collect();
    Ok(Live::new(topic, "presence", json!(people)))
}

/// `user` is on the record (and, with `typing`, typing in one of its forms): its watchers are
/// told. A refresh without `typing` leaves when they last typed as it was.
async fn here(
    db: &Db,
    ws: WorkspaceId,
    topic: &str,
    user: &str,
    name: &str,
    now: i64,
    typing: bool,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO presence (topic, user_id, workspace_id, name, seen_at, typing_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (topic, user_id) DO UPDATE SET seen_at = excluded.seen_at, name = excluded.name,
            typing_at = COALESCE(excluded.typing_at, presence.typing_at)",
    )
    .bind(topic.to_string())
    .bind(user.to_string())
    .bind(ws.to_db())
    .bind(name.to_string())
    .bind(now)
    .bind(typing.then_some(now))
    .execute(&mut *tx)
    .await
    .db()?;
    let list = presence_list(&mut tx, topic, now).await?;
    tx.publish(list).await?;
    tx.commit().await.db()
}

/// `POST /live/typing?watch=presence:<kind>:<id>`: the caller is typing on that record.
pub(crate) async fn typing_page(State(s): State<AppState>, staff: Staff, RawQuery(raw): RawQuery) -> Response {
    let result = async {
        let topics = topics(&s, &staff, raw.as_deref()).await?;
        let topic = topics.iter().find(|t| t.starts_with("presence:")).ok_or_else(AppError::not_found)?;
        let c = &staff.caller;
        here(&s.db, c.authz.workspace(), topic, &c.user.to_db(), &c.name, s.clock.now_micros(), true).await
    }
    .await;
    match result {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => portico_http::error::ApiError(e).into_response(),
    }
}

async fn gone(db: &Db, topic: &str, user: &str, now: i64) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM presence WHERE topic = $1 AND user_id = $2")
        .bind(topic.to_string())
        .bind(user.to_string())
        .execute(&mut *tx)
        .await
        .db()?;
    let list = presence_list(&mut tx, topic, now).await?;
    tx.publish(list).await?;
    tx.commit().await.db()
}

/// Leaves the record when the stream closes.
struct Leave {
    db: Db,
    clock: std::sync::Arc<dyn Clock>,
    topic: String,
    user: String,
}

impl Drop for Leave {
    fn drop(&mut self) {
        let (db, topic, user, now) = (self.db.clone(), self.topic.clone(), self.user.clone(), self.clock.now_micros());
        tokio::spawn(async move {
            if let Err(e) = gone(&db, &topic, &user, now).await {
                tracing::warn!(error = %e, "leaving a record's presence");
            }
        });
    }
}

/// Check the topics a page asks to watch (`?watch=presence:contact:<id>&watch=task:<id>`).
async fn topics(s: &AppState, staff: &Staff, raw: Option<&str>) -> Result<Vec<String>, AppError> {
    let authz = &staff.caller.authz;
    let mut out = vec![user_topic(&staff.caller.user.to_db())];
    let asked: Vec<String> = raw
        .map(|q| {
            form_urlencoded::parse(q.as_bytes()).filter(|(k, _)| k == "watch").map(|(_, v)| v.into_owned()).collect()
        })
        .unwrap_or_default();
    for t in asked.into_iter().take(8) {
        if let Some(rest) = t.strip_prefix("presence:") {
            let (kind, id) = rest.split_once(':').ok_or_else(AppError::not_found)?;
            let k = s.registry().get(kind).ok_or_else(AppError::not_found)?;
            k.access(&s.db, authz, id, false).await?;
            out.push(presence_topic(k.name(), id));
        } else if let Some(id) = t.strip_prefix("task:") {
            let task = crate::parse(id)?;
            portico_jobs::tasks::get(s.db.pool(), authz, task).await?;
            out.push(portico_jobs::tasks::topic(task));
        } else {
            return Err(AppError::not_found());
        }
    }
    Ok(out)
}

pub(crate) async fn stream(
    State(s): State<AppState>,
    staff: Staff,
    RawQuery(raw): RawQuery,
) -> Result<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>, PageError> {
    let topics = topics(&s, &staff, raw.as_deref()).await.or_page(&staff)?;
    let receiver = s.db.watch().await;
    let (user, name, ws) = (staff.caller.user.to_db(), staff.caller.name.clone(), staff.caller.authz.workspace());
    let presence = topics.iter().find(|t| t.starts_with("presence:")).cloned();
    let leave = match &presence {
        Some(topic) => {
            here(&s.db, ws, topic, &user, &name, s.clock.now_micros(), false).await.or_page(&staff)?;
            Some(Leave { db: s.db.clone(), clock: s.clock.clone(), topic: topic.clone(), user: user.clone() })
        }
        None => None,
    };
    let mut beat = tokio::time::interval(HEARTBEAT);
    beat.reset();
    let state = (receiver, topics, beat, leave, s.clone(), ws, name);
    let events = futures_util::stream::unfold(state, |(mut rx, topics, mut beat, leave, s, ws, name)| async move {
        loop {
            tokio::select! {
                got = rx.recv() => match got {
                    Ok(m) if topics.contains(&m.topic) => {
                        let data = json!({"topic": m.topic, "data": m.data}).to_string();
                        let e = SseEvent::default().event(m.event.clone()).data(data);
                        return Some((Ok(e), (rx, topics, beat, leave, s, ws, name)));
                    }
                    Ok(_) | Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => return None,
                },
                _ = beat.tick() => {
                    if let Some(l) = &leave
                        && let Err(e) = here(&s.db, ws, &l.topic, &l.user, &name, s.clock.now_micros(), false).await
                    {
                        tracing::warn!(error = %e, "refreshing presence");
                    }
                }
            }
        }
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
