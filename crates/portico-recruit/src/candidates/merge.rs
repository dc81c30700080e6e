//! Merging a duplicate candidate into the one kept, losing nothing: the duplicate's
//! applications, documents, pool places, conversations and consent move over, its profile
//! fills the kept one's blanks, and its contact becomes an alias of the kept contact. Two
//! applications to the same job become one: the kept one takes the other's comments,
//! documents, interviews, offers, scorecards, assessments and scheduled e-mails, and a note
//! on it tells where and when the other came in and which stages it went through.

use portico_authz::Authz;
use portico_db::{DbResultExt, Tx};
use portico_http::i18n::Tr;
use portico_kernel::ids::parse_db_id;
use portico_kernel::{Actor, AppError, Clock, ContactId, ErrorCode, Event, Timestamp, UnitId, WorkspaceId};
use portico_platform::Registry;
use serde_json::json;

use super::store::{Candidate, ProfileInput, get};
use crate::applications::store::NewComment;
use crate::kinds::{APPLICATION, CANDIDATE, DOCUMENT};
use crate::{EDIT, VIEW};

/// Merge candidate `absorbed` into `keep`; both must be visible and changeable by the caller.
/// The note on a folded application is written in `tr`'s language.
pub async fn merge(
    db: &portico_db::Db,
    registry: &Registry,
    clock: &dyn Clock,
    authz: &Authz,
    tr: &Tr,
    keep: &str,
    absorbed: &str,
) -> Result<(), AppError> {
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let kept = get(db.pool(), &scope, keep).await?;
    let gone = get(db.pool(), &scope, absorbed).await.map_err(|e| e.or_field("duplicate_id"))?;
    if kept.id == gone.id {
        return Err(AppError::field(ErrorCode::InvalidValue, "duplicate_id"));
    }
    let cap = authz.unit_cap(EDIT, kept.unit()?)?;
    authz.unit_cap(EDIT, gone.unit()?).map_err(|e| e.or_field("duplicate_id"))?;
    let (ws, actor, now) = (cap.workspace(), cap.actor(), clock.now_micros());
    let mut tx = db.begin().await?;
    applications(&mut tx, tr, ws, actor, &kept, &gone, now).await?;
    sqlx::query(
        "UPDATE recruit_documents SET candidate_id = $1, contact_id = $2 WHERE workspace_id = $3 AND candidate_id = $4",
    )
    .bind(kept.id.clone())
    .bind(kept.contact_id.clone())
    .bind(ws.to_db())
    .bind(gone.id.clone())
    .execute(&mut *tx)
    .await
    .db()?;
    // Pool places: the kept candidate joins the duplicate's pools (once).
    sqlx::query(
        "UPDATE recruit_pool_members SET candidate_id = $1 WHERE candidate_id = $2
         AND pool_id NOT IN (SELECT pool_id FROM recruit_pool_members WHERE candidate_id = $1)",
    )
    .bind(kept.id.clone())
    .bind(gone.id.clone())
    .execute(&mut *tx)
    .await
    .db()?;
    sqlx::query("DELETE FROM recruit_pool_members WHERE candidate_id = $1")
        .bind(gone.id.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    profile(&mut tx, ws, &kept, &gone, now).await?;
    portico_fields::merge_values(&mut tx, ws, CANDIDATE, &kept.id, &gone.id).await?;
    portico_mail::inbound::messages::move_record(&mut tx, ws, CANDIDATE, &gone.id, &kept.id).await?;
    portico_search::remove(&mut tx, ws, CANDIDATE, &gone.id).await?;
    sqlx::query("DELETE FROM recruit_candidates WHERE workspace_id = $1 AND id = $2")
        .bind(ws.to_db())
        .bind(gone.id.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    let (keep_contact, gone_contact): (ContactId, ContactId) =
        (parse_db_id(&kept.contact_id)?, parse_db_id(&gone.contact_id)?);
    portico_core::contacts::merge::merge_in(&mut tx, registry, ws, actor, keep_contact, gone_contact, now).await?;
    refresh(&mut tx, registry, ws, &kept.id).await?;
    tx.emit(
        Event::new(ws, actor, CANDIDATE, "merge", kept.id.clone(), now)
            .unit(kept.unit()?)
            .after(json!({"merged": {"id": gone.id, "name": gone.name, "email": gone.email, "phone": gone.phone}})),
    )
    .await?;
    tx.commit().await.db()
}

/// The kept candidate's profile, its blanks filled from the duplicate's; tags of both; the
/// later consent.
async fn profile(
    tx: &mut Tx,
    ws: WorkspaceId,
    kept: &Candidate,
    gone: &Candidate,
    now: Timestamp,
) -> Result<(), AppError> {
    let (mine, theirs) = (kept.profile(), gone.profile());
    let fill = |a: &str, b: &str| if a.trim().is_empty() { b.to_string() } else { a.to_string() };
    let p = ProfileInput {
        headline: fill(&mine.headline, &theirs.headline),
        location: fill(&mine.location, &theirs.location),
        links: fill(&mine.links, &theirs.links),
        skills: fill(&mine.skills, &theirs.skills),
        languages: fill(&mine.languages, &theirs.languages),
        experience: fill(&mine.experience, &theirs.experience),
        education: fill(&mine.education, &theirs.education),
        // More than the tag limit between them: the kept candidate's stand.
        tags: super::store::tags(&format!("{}, {}", mine.tags, theirs.tags)).unwrap_or(mine.tags.clone()),
    };
    let consent = kept.consent_until.max(gone.consent_until);
    super::store::write(tx, ws, &kept.id, &p, now).await?;
    sqlx::query(
        "UPDATE recruit_candidates SET consent_until = $1, created_at = $2 WHERE workspace_id = $3 AND id = $4",
    )
    .bind(consent)
    .bind(kept.created_at.min(gone.created_at))
    .bind(ws.to_db())
    .bind(kept.id.clone())
    .execute(&mut **tx)
    .await
    .db()?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct App {
    id: String,
    job_id: String,
    source: String,
    status: String,
    reject_reason: String,
    created_at: Timestamp,
}

async fn apps_of(tx: &mut Tx, ws: WorkspaceId, candidate: &str) -> Result<Vec<App>, AppError> {
    sqlx::query_as(
        "SELECT id, job_id, source, status, reject_reason, created_at FROM recruit_applications
         WHERE workspace_id = $1 AND candidate_id = $2 ORDER BY created_at",
    )
    .bind(ws.to_db())
    .bind(candidate.to_string())
    .fetch_all(&mut **tx)
    .await
    .db()
}

/// The duplicate's applications become the kept candidate's; one to a job the kept candidate
/// applied to as well is folded into theirs.
async fn applications(
    tx: &mut Tx,
    tr: &Tr,
    ws: WorkspaceId,
    actor: &Actor,
    kept: &Candidate,
    gone: &Candidate,
    now: Timestamp,
) -> Result<(), AppError> {
    let mine = apps_of(tx, ws, &kept.id).await?;
    for app in apps_of(tx, ws, &gone.id).await? {
        match mine.iter().find(|m| m.job_id == app.job_id) {
            Some(into) => fold(tx, tr, ws, actor, &app, &into.id, now).await?,
            None => {
                sqlx::query(
                    "UPDATE recruit_applications SET candidate_id = $1, contact_id = $2, updated_at = $3
                     WHERE workspace_id = $4 AND id = $5",
                )
                .bind(kept.id.clone())
                .bind(kept.contact_id.clone())
                .bind(now)
                .bind(ws.to_db())
                .bind(app.id.clone())
                .execute(&mut **tx)
                .await
                .db()?;
            }
        }
    }
    Ok(())
}

/// Fold application `app` into `into` (the same job): its records move, its history is told
/// in a note, and it stops counting in the numbers before it goes.
async fn fold(
    tx: &mut Tx,
    tr: &Tr,
    ws: WorkspaceId,
    actor: &Actor,
    app: &App,
    into: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    let (unit,): (String,) =
        sqlx::query_as("SELECT unit_id FROM recruit_applications WHERE workspace_id = $1 AND id = $2")
            .bind(ws.to_db())
            .bind(into.to_string())
            .fetch_one(&mut **tx)
            .await
            .db()?;
    let unit: UnitId = parse_db_id(&unit)?;
    let stages: Vec<(String, Timestamp)> = sqlx::query_as(
        "SELECT s.name, m.at FROM recruit_moves m JOIN recruit_stages s ON s.id = m.to_stage_id
         WHERE m.application_id = $1 ORDER BY m.at, m.id",
    )
    .bind(app.id.clone())
    .fetch_all(&mut **tx)
    .await
    .db()?;
    // Scorecards by the same person at the same stage cannot both stand: the duplicate's
    // is kept in the note.
    let clashing: Vec<(String, String, String, String, String)> = sqlx::query_as(
        "SELECT d.id, d.author_label, d.recommendation, d.ratings, d.notes FROM recruit_scorecards d
         WHERE d.application_id = $1 AND EXISTS (SELECT 1 FROM recruit_scorecards k
             WHERE k.application_id = $2 AND k.stage_id = d.stage_id AND k.author_id = d.author_id)",
    )
    .bind(app.id.clone())
    .bind(into.to_string())
    .fetch_all(&mut **tx)
    .await
    .db()?;
    // So are two results of one platform's test: the duplicate's is kept in the note.
    let tests: Vec<(String, String, String, Option<i64>, String)> = sqlx::query_as(
        "SELECT d.id, p.name, d.test, d.score, d.grade FROM recruit_assessments d
         JOIN recruit_assessment_providers p ON p.id = d.provider_id
         WHERE d.application_id = $1 AND EXISTS (SELECT 1 FROM recruit_assessments k
             WHERE k.application_id = $2 AND k.provider_id = d.provider_id AND k.test = d.test)",
    )
    .bind(app.id.clone())
    .bind(into.to_string())
    .fetch_all(&mut **tx)
    .await
    .db()?;
    let label = |prefix: &str, v: &str| tr.try_t(&format!("{prefix}{v}")).unwrap_or_else(|| v.to_string());
    let mut status = label("status-", &app.status);
    if !app.reject_reason.is_empty() {
        status = format!("{status}, {}", label("value-reject-reason-", &app.reject_reason));
    }
    let path = stages.iter().map(|(s, at)| format!("{s} ({})", tr.date(*at))).collect::<Vec<_>>().join(" → ");
    let mut note = tr.with(
        "recruit-merge-note",
        &[
            ("date", &tr.date(app.created_at)),
            ("source", &label("value-source-", &app.source)),
            ("status", &status),
            ("stages", &path),
        ],
    );
    for (id, provider, test, score, grade) in &tests {
        let score = score.map(|s| format!("{s} %")).unwrap_or_default();
        note.push_str(&format!("\n{test} ({provider}): {score} {grade}"));
        sqlx::query("DELETE FROM recruit_assessments WHERE id = $1").bind(id.clone()).execute(&mut **tx).await.db()?;
    }
    for (id, author, recommendation, ratings, notes) in &clashing {
        let reco = label("recruit-reco-", recommendation);
        let said = tr.with("recruit-merge-scorecard", &[("author", author), ("recommendation", &reco)]);
        note.push_str(&format!("\n{said} {ratings} {notes}"));
        sqlx::query("DELETE FROM recruit_scorecards WHERE id = $1").bind(id.clone()).execute(&mut **tx).await.db()?;
    }
    // The roll-up takes it out while its moves are still there to say what it counted for.
    tx.emit(
        Event::new(ws, actor, APPLICATION, "merge", app.id.clone(), now)
            .before(json!({"status": app.status, "reject_reason": app.reject_reason}))
            .after(json!({"merged_into": into})),
    )
    .await?;
    for table in crate::applications::store::IN_ITS_UNIT {
        let sql = format!(
            "UPDATE {table} SET application_id = $1, unit_id = $2 WHERE workspace_id = $3 AND application_id = $4"
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(into.to_string())
            .bind(unit.to_db())
            .bind(ws.to_db())
            .bind(app.id.clone())
            .execute(&mut **tx)
            .await
            .db()?;
    }
    sqlx::query("UPDATE recruit_documents SET application_id = $1 WHERE workspace_id = $2 AND application_id = $3")
        .bind(into.to_string())
        .bind(ws.to_db())
        .bind(app.id.clone())
        .execute(&mut **tx)
        .await
        .db()?;
    let by = NewComment { actor, author: None, body: &note, rating: None };
    crate::applications::store::file_comment(tx, ws, unit, into, by, now).await?;
    sqlx::query("DELETE FROM recruit_moves WHERE application_id = $1")
        .bind(app.id.clone())
        .execute(&mut **tx)
        .await
        .db()?;
    portico_fields::merge_values(tx, ws, APPLICATION, into, &app.id).await?;
    portico_search::remove(tx, ws, APPLICATION, &app.id).await?;
    sqlx::query("DELETE FROM recruit_applications WHERE workspace_id = $1 AND id = $2")
        .bind(ws.to_db())
        .bind(app.id.clone())
        .execute(&mut **tx)
        .await
        .db()?;
    Ok(())
}

/// The search documents that name the kept candidate: theirs, their applications' and
/// documents'.
async fn refresh(tx: &mut Tx, registry: &Registry, ws: WorkspaceId, candidate: &str) -> Result<(), AppError> {
    for (kind, sql) in [
        (CANDIDATE, "SELECT id FROM recruit_candidates WHERE workspace_id = $1 AND id = $2"),
        (APPLICATION, "SELECT id FROM recruit_applications WHERE workspace_id = $1 AND candidate_id = $2"),
        (DOCUMENT, "SELECT id FROM recruit_documents WHERE workspace_id = $1 AND candidate_id = $2"),
    ] {
        let Some(k) = registry.get(kind) else { continue };
        let ids: Vec<(String,)> =
            sqlx::query_as(sql).bind(ws.to_db()).bind(candidate.to_string()).fetch_all(&mut **tx).await.db()?;
        for (id,) in ids {
            portico_search::refresh(tx, k.as_ref(), ws, &id).await?;
        }
    }
    Ok(())
}
