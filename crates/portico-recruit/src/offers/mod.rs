//! Offers: what a candidate is offered (salary, start date, terms). A named approver agrees
//! first (they are asked in their notifications); then the team sends the letter, written
//! from the workspace's offer template in the candidate's language and kept as sent; the
//! candidate accepts or declines on the career site (or the team records their answer).

pub mod api;
pub mod pages;

use portico_authz::{Authz, Scope};
use portico_db::{DbResultExt, Tx};
use portico_http::AppState;
use portico_http::i18n::Tr;
use portico_kernel::validate::optional_text;
use portico_kernel::{Actor, AppError, ErrorCode, Event, Timestamp, UnitId, WorkspaceId};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::AnyPool;

use crate::kinds::OFFER;
use crate::messages::write::{self, Outgoing};
use crate::{EDIT, VIEW};

/// The letter (Portico's wording, rewritable in Settings › Templates).
pub const LETTER: &str = "recruit_offer";
/// Offers still under way: an application has one at a time.
const OPEN: &str = "('pending', 'approved', 'sent')";

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Offer {
    pub id: String,
    pub unit_id: String,
    pub application_id: String,
    /// In whole units of the currency, per `salary_period`.
    pub salary: Option<i64>,
    pub salary_currency: String,
    /// year, month or hour.
    pub salary_period: String,
    /// YYYY-MM-DD.
    pub start_date: String,
    pub terms: String,
    pub approver_id: String,
    pub approver_name: String,
    /// pending (its approver to decide), approved, refused, sent, accepted, declined or withdrawn.
    pub status: String,
    /// What the approver said.
    pub decision_note: String,
    /// The letter as sent (HTML).
    pub letter: Option<String>,
    pub created_by: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub decided_at: Option<Timestamp>,
    pub sent_at: Option<Timestamp>,
    pub answered_at: Option<Timestamp>,
}

const COLUMNS: &str = "o.id, o.unit_id, o.application_id, o.salary, o.salary_currency, o.salary_period, o.start_date, \
    o.terms, o.approver_id, u.name AS approver_name, o.status, o.decision_note, o.letter, o.created_by, o.created_at, \
    o.updated_at, o.decided_at, o.sent_at, o.answered_at";
const FROM: &str = "recruit_offers o JOIN users u ON u.id = o.approver_id";

impl Offer {
    pub fn unit(&self) -> Result<UnitId, AppError> {
        portico_kernel::ids::parse_db_id(&self.unit_id)
    }
    /// The salary as people read it: "38 000 EUR per year".
    pub fn pay(&self, tr: &Tr) -> String {
        match self.salary {
            Some(n) => {
                let period = tr.t(&format!("value-salary-period-{}", self.salary_period));
                format!("{} {} {period}", tr.number(&n), self.salary_currency)
            }
            None => String::new(),
        }
    }
    /// The start date in `tr`'s language.
    pub fn start(&self, tr: &Tr) -> String {
        chrono::NaiveDate::parse_from_str(&self.start_date, "%Y-%m-%d")
            .map(|d| tr.locale.format_date(d.and_hms_opt(12, 0, 0).unwrap_or_default()))
            .unwrap_or_else(|_| self.start_date.clone())
    }
}

/// The offers of an application, newest first.
pub async fn of_application(pool: &AnyPool, ws: WorkspaceId, application: &str) -> Result<Vec<Offer>, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE o.workspace_id = $1 AND o.application_id = $2 ORDER BY o.id DESC"
    )))
    .bind(ws.to_db())
    .bind(application.to_string())
    .fetch_all(pool)
    .await
    .db()
}

pub async fn get(pool: &AnyPool, scope: &Scope, id: &str) -> Result<Offer, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE o.workspace_id = $1 AND o.id = $2 AND {}",
        scope.unit_sql("o.unit_id")
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// The offers sent to a candidate (for their answer), newest first.
pub async fn of_contact(pool: &AnyPool, ws: WorkspaceId, contact: &str) -> Result<Vec<(Offer, String)>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        offer: Offer,
        job: String,
    }
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS}, j.title AS job FROM {FROM} JOIN recruit_applications a ON a.id = o.application_id
         JOIN recruit_jobs j ON j.id = a.job_id
         WHERE o.workspace_id = $1 AND a.contact_id = $2 AND o.status IN ('sent', 'accepted', 'declined') ORDER BY o.id DESC"
    )))
    .bind(ws.to_db())
    .bind(contact.to_string())
    .fetch_all(pool)
    .await
    .db()?;
    Ok(rows.into_iter().map(|r| (r.offer, r.job)).collect())
}

/// An offer as the team writes it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferInput {
    #[serde(default)]
    pub salary: Option<i64>,
    /// Three letters (default EUR).
    #[serde(default)]
    pub salary_currency: String,
    /// year, month or hour (default year).
    #[serde(default)]
    pub salary_period: String,
    /// YYYY-MM-DD.
    pub start_date: String,
    #[serde(default)]
    pub terms: String,
    /// Who approves it before it goes.
    pub approver_id: String,
}

/// Write an offer for an application in the running; its approver is asked to decide.
pub async fn create(s: &AppState, authz: &Authz, application: &str, input: &OfferInput) -> Result<String, AppError> {
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let a = crate::applications::store::get(s.db.pool(), &scope, application).await?;
    let unit = a.unit()?;
    let cap = authz.unit_cap(EDIT, unit)?;
    let ws = cap.workspace();
    if a.status != "active" {
        return Err(AppError::field(ErrorCode::Conflict, "status"));
    }
    if input.salary.is_some_and(|n| !(0..=100_000_000).contains(&n)) {
        return Err(AppError::field(ErrorCode::InvalidValue, "salary"));
    }
    let currency = match input.salary_currency.trim().to_ascii_uppercase() {
        c if c.is_empty() => "EUR".to_string(),
        c if c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase()) => c,
        _ => return Err(AppError::field(ErrorCode::InvalidValue, "salary_currency")),
    };
    let period = match input.salary_period.trim() {
        "" => "year",
        p => crate::jobs::store::PERIODS
            .iter()
            .find(|k| **k == p)
            .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "salary_period"))?,
    };
    let start = chrono::NaiveDate::parse_from_str(input.start_date.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::field(ErrorCode::InvalidDate, "start_date"))?;
    let terms = optional_text("terms", Some(&input.terms), 5000)?.unwrap_or_default();
    let approver = approver(s, ws, unit, &input.approver_id).await?;
    let open: Option<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id FROM recruit_offers WHERE workspace_id = $1 AND application_id = $2 AND status IN {OPEN}"
    )))
    .bind(ws.to_db())
    .bind(application.to_string())
    .fetch_optional(s.db.pool())
    .await
    .db()?;
    if open.is_some() {
        return Err(AppError::field(ErrorCode::Conflict, "status"));
    }
    let (id, now) = (uuid::Uuid::now_v7().to_string(), s.clock.now_micros());
    let mut tx = s.db.begin().await?;
    sqlx::query(
        "INSERT INTO recruit_offers (id, workspace_id, unit_id, application_id, salary, salary_currency, salary_period,
            start_date, terms, approver_id, status, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11, $12, $12)",
    )
    .bind(id.clone())
    .bind(ws.to_db())
    .bind(unit.to_db())
    .bind(application.to_string())
    .bind(input.salary)
    .bind(currency.clone())
    .bind(period)
    .bind(start.to_string())
    .bind(terms.clone())
    .bind(approver.clone())
    .bind(cap.actor().label().to_string())
    .bind(now)
    .execute(&mut *tx)
    .await
    .db()?;
    let after = json!({"application_id": application, "salary": input.salary, "salary_currency": currency,
                       "salary_period": period, "start_date": start.to_string(), "terms": terms, "approver_id": approver});
    tx.emit(Event::new(ws, cap.actor(), OFFER, "create", id.clone(), now).unit(unit).after(after)).await?;
    let (name, job) = who_for(&mut tx, application).await?;
    let notice = portico_core::notifications::Notice {
        workspace: ws,
        user: approver,
        kind: "approval",
        title: String::new(),
        body: cap.actor().label().to_string(),
        link: format!("/recruit/applications/{application}#offer"),
        record: Some((OFFER.to_string(), id.clone())),
    };
    let title = |tr: &Tr| tr.with("recruit-offer-to-approve", &[("name", &name), ("job", &job)]);
    crate::messages::notify_in_their_language(&mut tx, &s.mail, notice, title, now).await?;
    tx.commit().await.db()?;
    Ok(id)
}

/// The candidate's name and the job of an application.
async fn who_for(tx: &mut Tx, application: &str) -> Result<(String, String), AppError> {
    sqlx::query_as(
        "SELECT c.name, j.title FROM recruit_applications a JOIN contacts c ON c.id = a.contact_id
         JOIN recruit_jobs j ON j.id = a.job_id WHERE a.id = $1",
    )
    .bind(application.to_string())
    .fetch_one(&mut **tx)
    .await
    .db()
}

/// The approver given, checked: an active person of the workspace who may change the
/// application's unit.
async fn approver(s: &AppState, ws: WorkspaceId, unit: UnitId, given: &str) -> Result<String, AppError> {
    if !crate::may(s.db.pool(), ws, given, unit, EDIT).await {
        return Err(AppError::field(ErrorCode::InvalidValue, "approver_id"));
    }
    Ok(given.trim().to_string())
}

/// Read an offer the caller sees, with the right to change its unit.
async fn editable(s: &AppState, authz: &Authz, id: &str) -> Result<(Offer, portico_authz::UnitCap), AppError> {
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let o = get(s.db.pool(), &scope, id).await?;
    let cap = authz.unit_cap(EDIT, o.unit()?)?;
    Ok((o, cap))
}

/// Change an offer's status from one of `from`, recording `verb` (and what else `set` says).
#[allow(clippy::too_many_arguments)]
async fn step(
    tx: &mut Tx,
    ws: WorkspaceId,
    actor: &Actor,
    o: &Offer,
    from: &[&str],
    to: &str,
    verb: &str,
    set: &str,
    now: Timestamp,
) -> Result<(), AppError> {
    if !from.contains(&o.status.as_str()) {
        return Err(AppError::field(ErrorCode::Conflict, "status"));
    }
    // `set` is one of this module's column lists; values are bound.
    let sql =
        format!("UPDATE recruit_offers SET status = $1, updated_at = $2{set} WHERE workspace_id = $3 AND id = $4");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(to)
        .bind(now)
        .bind(ws.to_db())
        .bind(o.id.clone())
        .execute(&mut **tx)
        .await
        .db()?;
    let event = Event::new(ws, actor, OFFER, verb, o.id.clone(), now)
        .unit(o.unit()?)
        .before(json!({"status": o.status}))
        .after(json!({"status": to}));
    tx.emit(event).await
}

/// The approver agrees to the offer, or refuses it (saying why).
pub async fn decide(s: &AppState, authz: &Authz, id: &str, approve: bool, note: &str) -> Result<(), AppError> {
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let o = get(s.db.pool(), &scope, id).await?;
    if authz.actor().user_id().map(|u| u.to_db()).as_deref() != Some(o.approver_id.as_str()) {
        return Err(AppError::forbidden());
    }
    let note = optional_text("note", Some(note), 1000)?.unwrap_or_default();
    let (ws, now) = (authz.workspace(), s.clock.now_micros());
    let mut tx = s.db.begin().await?;
    let (to, verb) = if approve { ("approved", "approve") } else { ("refused", "refuse") };
    step(&mut tx, ws, authz.actor(), &o, &["pending"], to, verb, ", decided_at = $2", now).await?;
    sqlx::query("UPDATE recruit_offers SET decision_note = $1 WHERE id = $2")
        .bind(note)
        .bind(o.id.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.commit().await.db()
}

/// Send an approved offer's letter to the candidate.
pub async fn send(s: &AppState, authz: &Authz, id: &str) -> Result<(), AppError> {
    let (o, cap) = editable(s, authz, id).await?;
    let (ws, now) = (cap.workspace(), s.clock.now_micros());
    let mut tx = s.db.begin().await?;
    let to = write::recipient(&mut tx, ws, &o.application_id).await?;
    if to.email.is_none() {
        return Err(AppError::field(ErrorCode::Required, "email"));
    }
    let tr = Tr::new(to.locale);
    let mut values = write::values(&mut tx, &s.mail, ws, &to).await?;
    values["salary"] = json!(o.pay(&tr));
    values["start"] = json!(o.start(&tr));
    values["terms"] = json!(o.terms);
    let letter = portico_mail::templates::render_in(&mut tx, ws, LETTER, to.locale, &values).await?;
    step(&mut tx, ws, cap.actor(), &o, &["approved"], "sent", "send", ", sent_at = $2", now).await?;
    sqlx::query("UPDATE recruit_offers SET letter = $1 WHERE id = $2")
        .bind(letter.html.clone())
        .bind(o.id.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    write::send(&mut tx, &s.mail, ws, &to, Outgoing::written(letter), now).await?;
    tx.commit().await.db()
}

/// Take back an offer that has not been answered.
pub async fn withdraw(s: &AppState, authz: &Authz, id: &str) -> Result<(), AppError> {
    let (o, cap) = editable(s, authz, id).await?;
    let (ws, now) = (cap.workspace(), s.clock.now_micros());
    let mut tx = s.db.begin().await?;
    step(&mut tx, ws, cap.actor(), &o, &["pending", "approved", "sent"], "withdrawn", "withdraw", "", now).await?;
    tx.commit().await.db()
}

/// The candidate's answer to a sent offer, given by them or recorded by the team; the hiring
/// team hears of it.
async fn answer(s: &AppState, actor: &Actor, ws: WorkspaceId, o: &Offer, accepted: bool) -> Result<(), AppError> {
    let now = s.clock.now_micros();
    let mut tx = s.db.begin().await?;
    let (to, verb) = if accepted { ("accepted", "accept") } else { ("declined", "decline") };
    step(&mut tx, ws, actor, o, &["sent"], to, verb, ", answered_at = $2", now).await?;
    crate::messages::team::tell(&mut tx, ws, &o.application_id, to, actor.user_id().map(|u| u.to_db()), now).await?;
    tx.commit().await.db()
}

/// The team records the candidate's answer.
pub async fn record(s: &AppState, authz: &Authz, id: &str, accepted: bool) -> Result<(), AppError> {
    let (o, cap) = editable(s, authz, id).await?;
    answer(s, cap.actor(), cap.workspace(), &o, accepted).await
}

/// The candidate answers on the career site.
pub async fn respond(s: &AppState, who: &portico_authz::Relation, id: &str, accepted: bool) -> Result<(), AppError> {
    let ws = who.workspace();
    let mine = of_contact(s.db.pool(), ws, &who.contact().to_db()).await?;
    let (o, _) = mine.into_iter().find(|(o, _)| o.id == id).ok_or_else(AppError::not_found)?;
    answer(s, &who.actor(), ws, &o, accepted).await
}
