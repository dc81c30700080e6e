//! Consent has an end (GDPR): a candidate agrees to be kept for a period when they apply. A
//! daily job tells them a month before it ends, by the message "Your application data", with a
//! link to keep it for another period; on the day, a candidate with no application in
//! progress is erased as a contact is (their profile, documents and every trace elsewhere).

use portico_db::DbResultExt;
use portico_http::state::AppState;
use portico_kernel::{Actor, AppError, MICROS_PER_SECOND, Timestamp, WorkspaceId};
use serde_json::json;

use crate::messages;

pub const JOB: &str = "recruit.retention";
const DAY: Timestamp = 24 * 3600 * MICROS_PER_SECOND;
/// How long before the end a candidate is told.
pub const WARN_BEFORE: Timestamp = 30 * DAY;
/// How much longer a candidate who asks is kept.
pub const RENEWAL: Timestamp = crate::careers::apply::CONSENT_MONTHS * 30 * DAY;
const BATCH: i64 = 500;

/// What one run did: candidates told, candidates erased.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Run {
    pub warned: usize,
    pub erased: usize,
}

pub async fn run(s: &AppState, now: Timestamp) -> Result<Run, AppError> {
    let mut done = Run::default();
    let soon: Vec<(String, String, String, Timestamp)> = sqlx::query_as(
        "SELECT k.workspace_id, k.id, k.contact_id, k.consent_until FROM recruit_candidates k JOIN contacts c ON c.id = k.contact_id
         WHERE k.consent_until > $1 AND k.consent_until <= $2 AND k.consent_warned_at IS NULL AND c.email IS NOT NULL
         ORDER BY k.consent_until LIMIT $3",
    )
    .bind(now)
    .bind(now + WARN_BEFORE)
    .bind(BATCH)
    .fetch_all(s.db.pool())
    .await
    .db()?;
    for (ws, candidate, contact, until) in soon {
        let ws: WorkspaceId = portico_kernel::ids::parse_db_id(&ws)?;
        let mut tx = s.db.begin().await?;
        let link = messages::applications_link(&mut tx, &s.mail, ws).await?;
        messages::tell_contact(
            &mut tx,
            &s.mail,
            ws,
            messages::CONSENT,
            &contact,
            json!({"link": link}),
            Some(until),
            now,
        )
        .await?;
        sqlx::query("UPDATE recruit_candidates SET consent_warned_at = $1 WHERE id = $2")
            .bind(now)
            .bind(candidate)
            .execute(&mut *tx)
            .await
            .db()?;
        tx.commit().await.db()?;
        done.warned += 1;
    }
    let ended: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT k.workspace_id, k.id, k.contact_id FROM recruit_candidates k
         WHERE k.consent_until <= $1
         AND NOT EXISTS (SELECT 1 FROM recruit_applications a WHERE a.candidate_id = k.id AND a.status = 'active')
         ORDER BY k.consent_until LIMIT $2",
    )
    .bind(now)
    .bind(BATCH)
    .fetch_all(s.db.pool())
    .await
    .db()?;
    let actor = Actor::System { label: "retention".into() };
    for (ws, candidate, contact) in &ended {
        let ws: WorkspaceId = portico_kernel::ids::parse_db_id(ws)?;
        let mut tx = s.db.begin().await?;
        portico_core::contacts::erase::erase_in(&mut tx, s.registry(), ws, &actor, contact, now).await?;
        sqlx::query("UPDATE recruit_candidates SET consent_until = NULL, consent_warned_at = NULL WHERE id = $1")
            .bind(candidate.clone())
            .execute(&mut *tx)
            .await
            .db()?;
        tx.commit().await.db()?;
        done.erased += 1;
    }
    if !ended.is_empty() {
        let mut tx = s.db.begin().await?;
        portico_search::compact(&mut tx).await?;
        tx.commit().await.db()?;
    }
    Ok(done)
}

pub fn register(state: &AppState, worker: &mut portico_jobs::Worker) {
    let s = state.clone();
    worker.register(JOB, move |ctx| {
        let s = s.clone();
        async move { run(&s, ctx.clock.now_micros()).await.map(|_| ()).map_err(|e| e.to_string()) }
    });
}
