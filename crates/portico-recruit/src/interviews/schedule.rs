//! Arranging an interview: fixing its time or offering several, the candidate's pick, a new
//! time, calling it off; each change sends the invitations that say so (iCalendar REQUEST
//! or CANCEL under one UID, its SEQUENCE grown), and a reminder goes the day before.

use portico_authz::{Authz, Relation};
use portico_db::{DbResultExt, Tx};
use portico_http::AppState;
use portico_http::i18n::Tr;
use portico_jobs::{JobContext, NewJob, queue};
use portico_kernel::locale::Locale;
use portico_kernel::validate::{optional_text, required_text};
use portico_kernel::{AppError, ErrorCode, Event, Timestamp, UnitId, WorkspaceId};
use portico_mail::ics::{self, Meeting, Method, Person};
use portico_mail::outbox::{OutAttachment, OutgoingEmail};
use serde::Deserialize;
use serde_json::json;

use super::Interview;
use crate::kinds::INTERVIEW;
use crate::messages::write::{self, Outgoing};
use crate::{EDIT, VIEW};

pub const REMIND_JOB: &str = "recruit.interview_reminder";
/// The candidate's messages (Portico's wording, rewritable in Settings › Templates).
pub const INVITATION: &str = "recruit_interview";
pub const SLOTS: &str = "recruit_interview_slots";
pub const CANCELLED: &str = "recruit_interview_cancelled";
pub const REMINDER: &str = "recruit_interview_reminder";
const MINUTE: i64 = 60_000_000;

/// An interview as the team plans it.
#[derive(Debug, Clone)]
pub struct Plan {
    pub title: String,
    pub location: String,
    pub duration_minutes: i64,
    pub zone: chrono_tz::Tz,
    pub interviewers: Vec<String>,
    /// One time: it is scheduled; several: the candidate picks one.
    pub slots: Vec<Timestamp>,
    /// Plan it even at a time an interviewer is busy.
    pub ignore_busy: bool,
}

/// Plan an interview for an application the caller may change; its id.
pub async fn plan(s: &AppState, authz: &Authz, application: &str, p: &Plan) -> Result<String, AppError> {
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let a = crate::applications::store::get(s.db.pool(), &scope, application).await?;
    let unit = a.unit()?;
    let cap = authz.unit_cap(EDIT, unit)?;
    let ws = cap.workspace();
    let now = s.clock.now_micros();
    let title = required_text("title", &p.title, 120)?;
    let location = optional_text("location", Some(&p.location), 300)?.unwrap_or_default();
    check_minutes(p.duration_minutes)?;
    let mut slots = p.slots.clone();
    slots.sort_unstable();
    slots.dedup();
    match slots.len() {
        0 => return Err(AppError::field(ErrorCode::Required, "slots")),
        n if n > super::MAX_SLOTS => return Err(AppError::field(ErrorCode::TooLong, "slots")),
        _ => {}
    }
    if let Some(i) = p.slots.iter().position(|t| *t <= now) {
        return Err(AppError::field(ErrorCode::InvalidValue, format!("slots.{i}")));
    }
    let interviewers = interviewers(s, ws, unit, &p.interviewers).await?;
    if !p.ignore_busy {
        super::busy::check_slots(&s.db, ws, &interviewers, &slots, p.duration_minutes).await?;
    }
    let id = uuid::Uuid::now_v7().to_string();
    let scheduled = slots.len() == 1;
    let mut tx = s.db.begin().await?;
    sqlx::query(
        "INSERT INTO recruit_interviews (id, workspace_id, unit_id, application_id, title, location, duration_minutes,
            time_zone, status, starts_at, sequence, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12, $12)",
    )
    .bind(id.clone())
    .bind(ws.to_db())
    .bind(unit.to_db())
    .bind(application.to_string())
    .bind(title.clone())
    .bind(location.clone())
    .bind(p.duration_minutes)
    .bind(p.zone.name())
    .bind(if scheduled { "scheduled" } else { "proposed" })
    .bind(scheduled.then(|| slots[0]))
    .bind(cap.actor().label().to_string())
    .bind(now)
    .execute(&mut *tx)
    .await
    .db()?;
    if !scheduled {
        for t in &slots {
            sqlx::query("INSERT INTO recruit_interview_slots (id, workspace_id, interview_id, starts_at) VALUES ($1, $2, $3, $4)")
                .bind(uuid::Uuid::now_v7().to_string())
                .bind(ws.to_db())
                .bind(id.clone())
                .bind(*t)
                .execute(&mut *tx)
                .await
                .db()?;
        }
    }
    for user in &interviewers {
        sqlx::query(
            "INSERT INTO recruit_interviewers (id, workspace_id, interview_id, user_id) VALUES ($1, $2, $3, $4)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(ws.to_db())
        .bind(id.clone())
        .bind(user.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    }
    let after = json!({"application_id": application, "title": title, "location": location, "slots": slots,
                       "interviewers": interviewers, "status": if scheduled { "scheduled" } else { "proposed" }});
    tx.emit(Event::new(ws, cap.actor(), INTERVIEW, "create", id.clone(), now).unit(unit).after(after)).await?;
    if scheduled {
        announce(&mut tx, s, ws, &id, Method::Request, now).await?;
    } else {
        offer(&mut tx, s, ws, &id, now).await?;
    }
    tx.commit().await.db()?;
    Ok(id)
}

/// An interview lasts a quarter of an hour to a working day.
pub(super) fn check_minutes(minutes: i64) -> Result<(), AppError> {
    if !(15..=480).contains(&minutes) {
        return Err(AppError::field(ErrorCode::InvalidValue, "duration_minutes"));
    }
    Ok(())
}

/// The interviewers given, checked: active people of the workspace who may see the
/// application's unit (the field names the first who is not).
/// The people of `given` who may interview for `unit`, each once; an error names one who may not.
pub(super) async fn interviewers(
    s: &AppState,
    ws: WorkspaceId,
    unit: UnitId,
    given: &[String],
) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::new();
    for (i, id) in given.iter().enumerate() {
        if !crate::may(s.db.pool(), ws, id, unit, VIEW).await {
            return Err(AppError::field(ErrorCode::InvalidValue, format!("interviewers.{i}")));
        }
        let id = id.trim().to_string();
        if !out.contains(&id) {
            out.push(id);
        }
    }
    if out.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "interviewers"));
    }
    Ok(out)
}

/// The candidate picks one of the times offered to them.
pub async fn pick(s: &AppState, who: &Relation, id: &str, at: Timestamp) -> Result<(), AppError> {
    let ws = who.workspace();
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT i.status, i.unit_id FROM recruit_interviews i JOIN recruit_applications a ON a.id = i.application_id
         WHERE i.workspace_id = $1 AND i.id = $2 AND a.contact_id = $3",
    )
    .bind(ws.to_db())
    .bind(id.to_string())
    .bind(who.contact().to_db())
    .fetch_optional(s.db.pool())
    .await
    .db()?;
    let (status, unit) = row.ok_or_else(AppError::not_found)?;
    if status != "proposed" {
        return Err(AppError::new(ErrorCode::Conflict));
    }
    let offered: Option<(String,)> =
        sqlx::query_as("SELECT id FROM recruit_interview_slots WHERE interview_id = $1 AND starts_at = $2")
            .bind(id.to_string())
            .bind(at)
            .fetch_optional(s.db.pool())
            .await
            .db()?;
    let now = s.clock.now_micros();
    if offered.is_none() || at <= now {
        return Err(AppError::field(ErrorCode::InvalidValue, "slot"));
    }
    let mut tx = s.db.begin().await?;
    set_time(&mut tx, ws, id, at, false, now).await?;
    let event = Event::new(ws, &who.actor(), INTERVIEW, "pick", id.to_string(), now)
        .unit(portico_kernel::ids::parse_db_id(&unit)?)
        .before(json!({"status": "proposed"}))
        .after(json!({"status": "scheduled", "starts_at": at}));
    tx.emit(event).await?;
    announce(&mut tx, s, ws, id, Method::Request, now).await?;
    tx.commit().await.db()
}

/// Give an interview a new time (or fix one of those offered): everyone is sent the change.
pub async fn reschedule(s: &AppState, authz: &Authz, id: &str, at: Timestamp) -> Result<(), AppError> {
    let (before, cap) = editable(s, authz, id).await?;
    let now = s.clock.now_micros();
    if at <= now {
        return Err(AppError::field(ErrorCode::InvalidValue, "starts_at"));
    }
    let ws = cap.workspace();
    let mut tx = s.db.begin().await?;
    set_time(&mut tx, ws, id, at, before.status == "scheduled", now).await?;
    let event = Event::new(ws, cap.actor(), INTERVIEW, "reschedule", id.to_string(), now)
        .unit(cap.unit())
        .before(json!({"status": before.status, "starts_at": before.starts_at}))
        .after(json!({"status": "scheduled", "starts_at": at}));
    tx.emit(event).await?;
    announce(&mut tx, s, ws, id, Method::Request, now).await?;
    tx.commit().await.db()
}

/// Call an interview off: everyone who was invited is sent the cancellation.
pub async fn cancel(s: &AppState, authz: &Authz, id: &str) -> Result<(), AppError> {
    let (before, cap) = editable(s, authz, id).await?;
    let (ws, now) = (cap.workspace(), s.clock.now_micros());
    let mut tx = s.db.begin().await?;
    sqlx::query(
        "UPDATE recruit_interviews SET status = 'cancelled', sequence = sequence + 1, updated_at = $1 WHERE workspace_id = $2 AND id = $3",
    )
    .bind(now)
    .bind(ws.to_db())
    .bind(id.to_string())
    .execute(&mut *tx)
    .await
    .db()?;
    let event = Event::new(ws, cap.actor(), INTERVIEW, "cancel", id.to_string(), now)
        .unit(cap.unit())
        .before(json!({"status": before.status}))
        .after(json!({"status": "cancelled"}));
    tx.emit(event).await?;
    announce(&mut tx, s, ws, id, Method::Cancel, now).await?;
    tx.commit().await.db()
}

async fn editable(s: &AppState, authz: &Authz, id: &str) -> Result<(Interview, portico_authz::UnitCap), AppError> {
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let i = super::get(s.db.pool(), &scope, id).await?;
    let cap = authz.unit_cap(EDIT, portico_kernel::ids::parse_db_id(&i.unit_id)?)?;
    if i.status == "cancelled" {
        return Err(AppError::field(ErrorCode::Conflict, "status"));
    }
    Ok((i, cap))
}

/// Fix the interview's time: it is scheduled, its offered times are gone, and its SEQUENCE
/// grows when it changes a time already sent.
async fn set_time(
    tx: &mut Tx,
    ws: WorkspaceId,
    id: &str,
    at: Timestamp,
    changed: bool,
    now: Timestamp,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE recruit_interviews SET status = 'scheduled', starts_at = $1, sequence = sequence + $2, updated_at = $3
         WHERE workspace_id = $4 AND id = $5",
    )
    .bind(at)
    .bind(i64::from(changed))
    .bind(now)
    .bind(ws.to_db())
    .bind(id.to_string())
    .execute(&mut **tx)
    .await
    .db()?;
    sqlx::query("DELETE FROM recruit_interview_slots WHERE interview_id = $1")
        .bind(id.to_string())
        .execute(&mut **tx)
        .await
        .db()?;
    Ok(())
}

/// An interview read in the transaction that writes about it.
async fn load(tx: &mut Tx, ws: WorkspaceId, id: &str) -> Result<Interview, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM recruit_interviews i WHERE i.workspace_id = $1 AND i.id = $2",
        super::COLUMNS
    )))
    .bind(ws.to_db())
    .bind(id.to_string())
    .fetch_one(&mut **tx)
    .await
    .db()
}

/// An interviewer as e-mail reaches them.
struct Party {
    name: String,
    email: String,
    locale: Option<String>,
}

async fn parties(tx: &mut Tx, id: &str) -> Result<Vec<Party>, AppError> {
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT u.name, u.email, u.locale FROM recruit_interviewers v JOIN users u ON u.id = v.user_id
         WHERE v.interview_id = $1 AND u.status = 'active' ORDER BY v.id",
    )
    .bind(id.to_string())
    .fetch_all(&mut **tx)
    .await
    .db()?;
    Ok(rows.into_iter().map(|(name, email, locale)| Party { name, email, locale }).collect())
}

/// When an interview is, in `locale` and its own zone: "8 déc. 2026 10:00 (Europe/Paris)".
fn when(i: &Interview, locale: Locale) -> String {
    let at = i.starts_at.unwrap_or_default();
    format!("{} ({})", Tr::in_zone(locale, i.zone()).datetime(at), i.time_zone)
}

/// The address part of a sender (`Name <a@b>`).
fn address(from: &str) -> String {
    match (from.find('<'), from.rfind('>')) {
        (Some(a), Some(b)) if a < b => from[a + 1..b].to_string(),
        _ => from.trim().to_string(),
    }
}

/// Send everyone the invitation (or its cancellation) as it now stands, with the calendar
/// file, and schedule the reminder of a scheduled interview.
async fn announce(
    tx: &mut Tx,
    s: &AppState,
    ws: WorkspaceId,
    id: &str,
    method: Method,
    now: Timestamp,
) -> Result<(), AppError> {
    let i = load(tx, ws, id).await?;
    let to = write::recipient(tx, ws, &i.application_id).await?;
    let Some(start) = i.starts_at else {
        // Called off before a time was picked: the candidate is told, there is nothing to put in a calendar.
        return tell(tx, s, ws, &i, &to, CANCELLED, Vec::new(), now).await;
    };
    let staff = parties(tx, id).await?;
    let site = crate::messages::site_title(tx, ws).await?;
    let host = super::host(&s.mail);
    let mut attendees: Vec<Person> =
        staff.iter().map(|p| Person { name: p.name.clone(), email: p.email.clone() }).collect();
    if let Some(email) = &to.email {
        attendees.insert(0, Person { name: to.name.clone(), email: email.clone() });
    }
    let meeting = Meeting {
        uid: format!("{id}@{host}"),
        sequence: i.sequence,
        summary: format!("{} · {} · {}", i.title, to.name, to.job),
        description: i.title.clone(),
        location: i.location.clone(),
        start,
        end: i.ends_at().unwrap_or(start),
        cancelled: method == Method::Cancel,
        organizer: Person { name: site, email: address(&s.mail.from) },
        attendees,
    };
    let file = ics::calendar(method, "", &[meeting], now);
    let sha256 = s.blobs.put(file.as_bytes())?;
    let size_bytes = i64::try_from(file.len()).unwrap_or(i64::MAX);
    let ics = OutAttachment { filename: "invite.ics".into(), content_type: method.content_type(), size_bytes, sha256 };
    let template = if method == Method::Cancel { CANCELLED } else { INVITATION };
    tell(tx, s, ws, &i, &to, template, vec![ics.clone()], now).await?;
    for p in staff {
        let locale = p.locale.as_deref().and_then(Locale::parse).unwrap_or_default();
        let tr = Tr::new(locale);
        let key = if method == Method::Cancel { "recruit-interview-mail-cancelled" } else { "recruit-interview-mail" };
        let subject = tr.with(key, &[("name", &to.name), ("job", &to.job)]);
        let link = s.mail.link(&format!("/recruit/applications/{}", i.application_id));
        let when = when(&i, locale);
        let lines = [i.title.clone(), when, i.location.clone(), link.clone()];
        let text = lines.iter().filter(|l| !l.is_empty()).cloned().collect::<Vec<_>>().join("\n");
        let html = lines
            .iter()
            .filter(|l| !l.is_empty())
            .map(|l| format!("<p>{}</p>", portico_html::escape(l)))
            .collect::<String>();
        let email = OutgoingEmail {
            workspace: Some(ws),
            to: p.email,
            from: s.mail.from.clone(),
            subject: subject.clone(),
            text,
            html: Some(portico_mail::templates::builtin::framed(&subject, &html)?),
            attachments: vec![ics.clone()],
            automatic: true,
            ..Default::default()
        };
        portico_mail::outbox::queue(tx, email, now).await?;
    }
    if method == Method::Request {
        // The day before; one fixed later than that goes out at once (not for the last hours).
        let run_at = (start - 24 * 60 * MINUTE).max(now);
        if start - run_at > 2 * 60 * MINUTE {
            let payload = json!({"id": id, "sequence": i.sequence});
            let job = NewJob { run_at: Some(run_at), ..NewJob::new(REMIND_JOB, payload).in_workspace(ws) };
            queue::enqueue(tx, job, now).await?;
        }
    }
    Ok(())
}

/// Send candidate `to` the message `template` about interview `i`, with `attachments`.
#[allow(clippy::too_many_arguments)]
async fn tell(
    tx: &mut Tx,
    s: &AppState,
    ws: WorkspaceId,
    i: &Interview,
    to: &write::Recipient,
    template: &str,
    attachments: Vec<OutAttachment>,
    now: Timestamp,
) -> Result<(), AppError> {
    if to.email.is_none() {
        return Ok(());
    }
    let mut values = write::values(tx, &s.mail, ws, to).await?;
    values["title"] = json!(i.title);
    values["place"] = json!(i.location);
    values["when"] = json!(if i.starts_at.is_some() { when(i, to.locale) } else { String::new() });
    let message = portico_mail::templates::render_in(tx, ws, template, to.locale, &values).await?;
    write::send(tx, &s.mail, ws, to, Outgoing { message, attachments, automatic: true }, now).await.map(|_| ())
}

/// Offer the candidate the times to pick from.
async fn offer(tx: &mut Tx, s: &AppState, ws: WorkspaceId, id: &str, now: Timestamp) -> Result<(), AppError> {
    let i = load(tx, ws, id).await?;
    let to = write::recipient(tx, ws, &i.application_id).await?;
    tell(tx, s, ws, &i, &to, SLOTS, Vec::new(), now).await
}

pub fn register(state: &AppState, worker: &mut portico_jobs::Worker) {
    let s = state.clone();
    worker.register(REMIND_JOB, move |ctx| {
        let s = s.clone();
        async move { remind(ctx, s).await.map_err(|e| e.to_string()) }
    });
    // Calendars are fetched with the webhooks' client: public addresses only, unless allowed.
    let client = portico_webhooks::http_client(state.webhook_policy());
    worker.register(super::busy::JOB, move |ctx| {
        let client = client.clone();
        async move { super::busy::refresh(ctx, client?).await.map(|_| ()).map_err(|e| e.to_string()) }
    });
}

#[derive(Deserialize)]
struct Due {
    id: String,
    sequence: i64,
}

/// Job: the reminder of an interview still at the time it was set for: the candidate by
/// e-mail, each interviewer in their notifications.
async fn remind(ctx: JobContext, s: AppState) -> Result<(), AppError> {
    let due: Due = ctx.payload().map_err(AppError::internal)?;
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT workspace_id FROM recruit_interviews WHERE id = $1 AND status = 'scheduled' AND sequence = $2",
    )
    .bind(due.id.clone())
    .bind(due.sequence)
    .fetch_optional(ctx.db.pool())
    .await
    .db()?;
    let Some((ws,)) = row else { return Ok(()) };
    let ws: WorkspaceId = portico_kernel::ids::parse_db_id(&ws)?;
    let now = ctx.clock.now_micros();
    let mut tx = ctx.db.begin().await?;
    let i = load(&mut tx, ws, &due.id).await?;
    let to = write::recipient(&mut tx, ws, &i.application_id).await?;
    tell(&mut tx, &s, ws, &i, &to, REMINDER, Vec::new(), now).await?;
    let users: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT v.user_id, u.locale FROM recruit_interviewers v JOIN users u ON u.id = v.user_id WHERE v.interview_id = $1",
    )
    .bind(due.id.clone())
    .fetch_all(&mut *tx)
    .await
    .db()?;
    for (user, locale) in users {
        let locale = locale.as_deref().and_then(Locale::parse).unwrap_or_default();
        let tr = Tr::new(locale);
        let notice = portico_core::notifications::Notice {
            workspace: ws,
            user,
            kind: "assignment",
            title: tr.with("recruit-interview-reminder", &[("name", &to.name), ("when", &when(&i, locale))]),
            body: format!("{} · {}", i.title, to.job),
            link: format!("/recruit/applications/{}", i.application_id),
            record: Some((INTERVIEW.to_string(), i.id.clone())),
        };
        portico_core::notifications::notify(&mut tx, &s.mail, notice, now).await?;
    }
    tx.commit().await.db()
}
