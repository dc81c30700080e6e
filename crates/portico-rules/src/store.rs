//! Rules and calendars as a workspace keeps them. A rule is checked whole before it is
//! stored: its kind, trigger, every condition (field, operator for the field's type, value)
//! and every action's parameters, each error naming where it is (`conditions.2.value`).

use std::collections::BTreeSet;

use portico_authz::{Tenant, WorkspaceAdmin};
use portico_db::{Db, DbResultExt, flag};
use portico_kernel::validate::required_text;
use portico_kernel::{AppError, ErrorCode, Event, Timestamp, WorkspaceId};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::AnyPool;

use crate::calendar::{Calendar, Hours, parse_period};
use crate::model::{FieldType, Op, RuleDef, Trigger};
use crate::registry::Rulebook;

pub const KIND: &str = "rule";
pub const CALENDAR_KIND: &str = "calendar";

/// Hours a time rule may look before or after its moment, ten years: retention periods (an erasure after 24 months, accounts kept for ten) are time rules too.
const MAX_OFFSET_HOURS: i64 = 10 * 366 * 24;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct RuleRow {
    pub id: String,
    #[serde(skip)]
    pub workspace_id: String,
    pub name: String,
    pub kind: String,
    /// event | time
    pub trigger_type: String,
    /// The rule as written (JSON of a RuleDef).
    pub definition: String,
    pub active: i64,
    pub active_since: Timestamp,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl RuleRow {
    pub fn def(&self) -> Result<RuleDef, AppError> {
        serde_json::from_str(&self.definition).map_err(|e| AppError::internal(format!("rule {}: {e}", self.id)))
    }
}

/// The type of a field of `kind` a condition names: a declared field, a custom field, or `now`.
pub async fn field_type(
    pool: &AnyPool,
    tenant: &impl Tenant,
    book: &Rulebook,
    kind: &str,
    field: &str,
) -> Result<Option<FieldType>, AppError> {
    if let Some(f) = book.subject(kind).and_then(|s| s.fields.iter().find(|f| f.name == field)) {
        return Ok(Some(f.ty));
    }
    let Some(key) = field.strip_prefix("custom.") else { return Ok(None) };
    let defs = portico_fields::list(pool, tenant, Some(kind)).await?;
    Ok(defs.iter().find(|d| d.key == key).map(|d| custom_type(d.field_type)))
}

pub fn custom_type(t: portico_fields::FieldType) -> FieldType {
    use portico_fields::FieldType as C;
    match t {
        C::Number => FieldType::Number,
        C::Select | C::MultiSelect => FieldType::Choice,
        C::Checkbox => FieldType::Bool,
        C::Text | C::Url | C::Date => FieldType::Text,
    }
}

/// Check a rule as written; returns it cleaned.
pub async fn check(
    pool: &AnyPool,
    admin: &WorkspaceAdmin,
    book: &Rulebook,
    def: &RuleDef,
) -> Result<RuleDef, AppError> {
    let mut def = def.clone();
    def.name = required_text("name", &def.name, 120)?;
    let subject = book.subject(&def.kind).ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "kind"))?;
    match &def.trigger {
        Trigger::Event { verbs } => {
            if verbs.iter().any(|v| !subject.verbs.contains(&v.as_str())) {
                return Err(AppError::field(ErrorCode::InvalidValue, "trigger.verbs"));
            }
        }
        Trigger::Time { field, offset_hours } => {
            let is_time = subject.fields.iter().any(|f| f.name == field && f.ty == FieldType::Time);
            if !is_time {
                return Err(AppError::field(ErrorCode::InvalidValue, "trigger.field"));
            }
            if offset_hours.abs() > MAX_OFFSET_HOURS {
                return Err(AppError::field(ErrorCode::InvalidNumber, "trigger.offset_hours"));
            }
        }
    }
    if def.conditions.len() > 30 {
        return Err(AppError::field(ErrorCode::TooLong, "conditions"));
    }
    for (i, c) in def.conditions.iter_mut().enumerate() {
        let at = |part: &str| format!("conditions.{i}.{part}");
        if c.field == "now" {
            if !matches!(c.op, Op::InBusinessHours | Op::OutsideBusinessHours) {
                return Err(AppError::field(ErrorCode::InvalidValue, at("op")));
            }
            let id = c.value.as_str().unwrap_or("");
            calendar(pool, admin, id).await.map_err(|_| AppError::field(ErrorCode::InvalidValue, at("value")))?;
            continue;
        }
        let ty = field_type(pool, admin, book, &def.kind, &c.field)
            .await?
            .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, at("field")))?;
        if !Op::for_type(ty).contains(&c.op) {
            return Err(AppError::field(ErrorCode::InvalidValue, at("op")));
        }
        if !c.op.takes_value() {
            c.value = Value::Null;
            continue;
        }
        let empty = match &c.value {
            Value::Null => true,
            Value::String(s) => s.trim().is_empty(),
            Value::Array(a) => a.is_empty(),
            _ => false,
        };
        if empty {
            return Err(AppError::field(ErrorCode::Required, at("value")));
        }
        let numeric = matches!(c.op, Op::Gt | Op::Gte | Op::Lt | Op::Lte | Op::OlderThanHours | Op::NewerThanHours);
        if numeric && crate::eval::as_number(&c.value).is_none() {
            return Err(AppError::field(ErrorCode::InvalidNumber, at("value")));
        }
        if c.op == Op::Within && !units_of(pool, admin).await?.contains(c.value.as_str().unwrap_or("")) {
            return Err(AppError::field(ErrorCode::InvalidValue, at("value")));
        }
    }
    if def.actions.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "actions"));
    }
    if def.actions.len() > 10 {
        return Err(AppError::field(ErrorCode::TooLong, "actions"));
    }
    for (i, a) in def.actions.iter_mut().enumerate() {
        let action = book
            .actions_for(&def.kind)
            .find(|x| x.name() == a.action)
            .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, format!("actions.{i}.action")))?;
        a.params = action.check(pool, admin, &def.kind, &a.params, &format!("actions.{i}")).await?;
    }
    Ok(def)
}

async fn units_of(pool: &AnyPool, admin: &WorkspaceAdmin) -> Result<BTreeSet<String>, AppError> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT id FROM units WHERE workspace_id = $1")
        .bind(admin.workspace().to_db())
        .fetch_all(pool)
        .await
        .db()?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

fn trigger_type(def: &RuleDef) -> &'static str {
    match def.trigger {
        Trigger::Event { .. } => "event",
        Trigger::Time { .. } => "time",
    }
}

const COLUMNS: &str =
    "id, workspace_id, name, kind, trigger_type, definition, active, active_since, created_at, updated_at";

/// Store a new rule (or a changed one, when `id` is given); it is active.
pub async fn save(
    db: &Db,
    admin: &WorkspaceAdmin,
    book: &Rulebook,
    id: Option<&str>,
    def: &RuleDef,
    now: Timestamp,
) -> Result<RuleRow, AppError> {
    let before = match id {
        Some(id) => Some(get(db.pool(), admin, id).await?),
        None => None,
    };
    let ws = admin.workspace();
    let def = check(db.pool(), admin, book, def).await?;
    let mut tx = db.begin().await?;
    let json = serde_json::to_string(&def).map_err(|e| AppError::internal(e.to_string()))?;
    let id = before.as_ref().map(|b| b.id.clone()).unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    match &before {
        Some(_) => {
            sqlx::query(
                "UPDATE rules SET name = $1, kind = $2, trigger_type = $3, definition = $4, updated_at = $5
                 WHERE workspace_id = $6 AND id = $7",
            )
            .bind(def.name.clone())
            .bind(def.kind.clone())
            .bind(trigger_type(&def))
            .bind(json.clone())
            .bind(now)
            .bind(ws.to_db())
            .bind(id.clone())
            .execute(&mut *tx)
            .await
            .db()?;
        }
        None => {
            sqlx::query(
                "INSERT INTO rules (id, workspace_id, name, kind, trigger_type, definition, active, active_since, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7, $7)",
            )
            .bind(id.clone())
            .bind(ws.to_db())
            .bind(def.name.clone())
            .bind(def.kind.clone())
            .bind(trigger_type(&def))
            .bind(json.clone())
            .bind(now)
            .execute(&mut *tx)
            .await
            .db()?;
        }
    }
    let after: Value = serde_json::from_str(&json).unwrap_or(Value::Null);
    let event = match &before {
        Some(b) => Event::new(ws, admin.actor(), KIND, "update", id.clone(), now)
            .before(serde_json::from_str(&b.definition).unwrap_or(Value::Null))
            .after(after),
        None => Event::new(ws, admin.actor(), KIND, "create", id.clone(), now).after(after),
    };
    tx.emit(event).await?;
    tx.commit().await.db()?;
    get(db.pool(), admin, &id).await
}

/// Turn a rule on (from now: a time rule does not catch up on what came due while it was
/// off) or off.
pub async fn set_active(
    db: &Db,
    admin: &WorkspaceAdmin,
    id: &str,
    active: bool,
    now: Timestamp,
) -> Result<(), AppError> {
    let before = get(db.pool(), admin, id).await?;
    let ws = admin.workspace();
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE rules SET active = $1, active_since = CASE WHEN $1 = 1 AND active = 0 THEN $2 ELSE active_since END,
            updated_at = $2 WHERE workspace_id = $3 AND id = $4",
    )
    .bind(flag(active))
    .bind(now)
    .bind(ws.to_db())
    .bind(id.to_string())
    .execute(&mut *tx)
    .await
    .db()?;
    let verb = if active { "activate" } else { "deactivate" };
    tx.emit(
        Event::new(ws, admin.actor(), KIND, verb, id.to_string(), now)
            .before(json!({"active": before.active == 1}))
            .after(json!({"active": active})),
    )
    .await?;
    tx.commit().await.db()
}

pub async fn delete(db: &Db, admin: &WorkspaceAdmin, id: &str, now: Timestamp) -> Result<(), AppError> {
    let before = get(db.pool(), admin, id).await?;
    let ws = admin.workspace();
    let mut tx = db.begin().await?;
    for sql in [
        "DELETE FROM rule_marks WHERE workspace_id = $1 AND rule_id = $2",
        "DELETE FROM rules WHERE workspace_id = $1 AND id = $2",
    ] {
        sqlx::query(sql).bind(ws.to_db()).bind(id.to_string()).execute(&mut *tx).await.db()?;
    }
    tx.emit(
        Event::new(ws, admin.actor(), KIND, "delete", id.to_string(), now)
            .before(json!({"name": before.name}))
            .deleted(),
    )
    .await?;
    tx.commit().await.db()
}

pub async fn list(pool: &AnyPool, admin: &WorkspaceAdmin) -> Result<Vec<RuleRow>, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM rules WHERE workspace_id = $1 ORDER BY active DESC, name, id"
    )))
    .bind(admin.workspace().to_db())
    .fetch_all(pool)
    .await
    .db()
}

pub async fn get(pool: &AnyPool, admin: &WorkspaceAdmin, id: &str) -> Result<RuleRow, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM rules WHERE workspace_id = $1 AND id = $2")))
        .bind(admin.workspace().to_db())
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// The active rules of a kind with a trigger of `trigger_type` (the engine's view).
pub async fn active(pool: &AnyPool, ws: WorkspaceId, kind: &str, trigger_type: &str) -> Result<Vec<RuleRow>, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM rules WHERE workspace_id = $1 AND kind = $2 AND active = 1 AND trigger_type = $3 ORDER BY id"
    )))
    .bind(ws.to_db())
    .bind(kind.to_string())
    .bind(trigger_type.to_string())
    .fetch_all(pool)
    .await
    .db()
}

/// Every active time rule, of every workspace (the tick's view).
pub async fn active_time_rules(pool: &AnyPool) -> Result<Vec<RuleRow>, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM rules WHERE active = 1 AND trigger_type = 'time' ORDER BY id"
    )))
    .fetch_all(pool)
    .await
    .db()
}

/// A calendar as stored.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct CalendarRow {
    pub id: String,
    pub name: String,
    pub time_zone: String,
    /// JSON: seven lists of `HH:MM-HH:MM`, Monday first.
    pub hours: String,
    /// JSON list of `YYYY-MM-DD`.
    pub holidays: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl CalendarRow {
    pub fn calendar(&self) -> Result<Calendar, AppError> {
        let tz = self.time_zone.parse().map_err(|_| AppError::internal("calendar time zone"))?;
        let days: Vec<Vec<String>> = serde_json::from_str(&self.hours).unwrap_or_default();
        let mut week: [Hours; 7] = Default::default();
        for (i, day) in days.iter().take(7).enumerate() {
            week[i] = day.iter().filter_map(|p| parse_period(p)).collect();
        }
        let holidays: Vec<String> = serde_json::from_str(&self.holidays).unwrap_or_default();
        let holidays = holidays.iter().filter_map(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).collect();
        Ok(Calendar { tz, week, holidays })
    }
}

/// What a person writes for a calendar.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarInput {
    pub name: String,
    pub time_zone: String,
    /// Seven days, Monday first, each a list of `HH:MM-HH:MM`.
    pub hours: Vec<Vec<String>>,
    /// `YYYY-MM-DD` dates the calendar is closed.
    #[serde(default)]
    pub holidays: Vec<String>,
}

fn check_calendar(i: &CalendarInput) -> Result<(String, String, String, String), AppError> {
    let name = required_text("name", &i.name, 120)?;
    let tz: chrono_tz::Tz = i.time_zone.parse().map_err(|_| AppError::field(ErrorCode::InvalidValue, "time_zone"))?;
    if i.hours.len() != 7 {
        return Err(AppError::field(ErrorCode::InvalidValue, "hours"));
    }
    for (d, day) in i.hours.iter().enumerate() {
        let mut periods = Vec::new();
        for p in day.iter().filter(|p| !p.trim().is_empty()) {
            periods
                .push(parse_period(p).ok_or_else(|| AppError::field(ErrorCode::InvalidValue, format!("hours.{d}")))?);
        }
        periods.sort_unstable();
        if periods.windows(2).any(|w| w[0].1 > w[1].0) {
            return Err(AppError::field(ErrorCode::InvalidValue, format!("hours.{d}")));
        }
    }
    let mut holidays = Vec::new();
    for h in i.holidays.iter().map(|h| h.trim()).filter(|h| !h.is_empty()) {
        chrono::NaiveDate::parse_from_str(h, "%Y-%m-%d")
            .map_err(|_| AppError::field(ErrorCode::InvalidDate, "holidays"))?;
        holidays.push(h.to_string());
    }
    if holidays.len() > 400 {
        return Err(AppError::field(ErrorCode::TooLong, "holidays"));
    }
    let hours: Vec<Vec<String>> =
        i.hours.iter().map(|d| d.iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()).collect();
    Ok((name, tz.name().to_string(), to_json(&hours), to_json(&holidays)))
}

fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

pub async fn save_calendar(
    db: &Db,
    admin: &WorkspaceAdmin,
    id: Option<&str>,
    input: &CalendarInput,
    now: Timestamp,
) -> Result<CalendarRow, AppError> {
    let (name, tz, hours, holidays) = check_calendar(input)?;
    let before = match id {
        Some(id) => Some(calendar(db.pool(), admin, id).await?),
        None => None,
    };
    let ws = admin.workspace();
    let id = before.as_ref().map(|b| b.id.clone()).unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let mut tx = db.begin().await?;
    if before.is_some() {
        sqlx::query(
            "UPDATE calendars SET name = $1, time_zone = $2, hours = $3, holidays = $4, updated_at = $5 WHERE workspace_id = $6 AND id = $7",
        )
        .bind(name.clone())
        .bind(tz.clone())
        .bind(hours.clone())
        .bind(holidays.clone())
        .bind(now)
        .bind(ws.to_db())
        .bind(id.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    } else {
        sqlx::query(
            "INSERT INTO calendars (id, workspace_id, name, time_zone, hours, holidays, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        )
        .bind(id.clone())
        .bind(ws.to_db())
        .bind(name.clone())
        .bind(tz.clone())
        .bind(hours.clone())
        .bind(holidays.clone())
        .bind(now)
        .execute(&mut *tx)
        .await
        .db()?;
    }
    let after = json!({"name": name, "time_zone": tz, "hours": input.hours, "holidays": input.holidays});
    let verb = if before.is_some() { "update" } else { "create" };
    tx.emit(Event::new(ws, admin.actor(), CALENDAR_KIND, verb, id.clone(), now).after(after)).await?;
    tx.commit().await.db()?;
    calendar(db.pool(), admin, &id).await
}

pub async fn delete_calendar(db: &Db, admin: &WorkspaceAdmin, id: &str, now: Timestamp) -> Result<(), AppError> {
    let before = calendar(db.pool(), admin, id).await?;
    let in_use: Option<(String,)> =
        sqlx::query_as("SELECT id FROM rules WHERE workspace_id = $1 AND definition LIKE $2 LIMIT 1")
            .bind(admin.workspace().to_db())
            .bind(format!("%{id}%"))
            .fetch_optional(db.pool())
            .await
            .db()?;
    if in_use.is_some() {
        return Err(AppError::new(ErrorCode::Conflict).with_cause("a rule uses this calendar"));
    }
    let ws = admin.workspace();
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM calendars WHERE workspace_id = $1 AND id = $2")
        .bind(ws.to_db())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.emit(
        Event::new(ws, admin.actor(), CALENDAR_KIND, "delete", id.to_string(), now)
            .before(json!({"name": before.name}))
            .deleted(),
    )
    .await?;
    tx.commit().await.db()
}

const CALENDAR_COLUMNS: &str = "id, name, time_zone, hours, holidays, created_at, updated_at";

pub async fn calendars(pool: &AnyPool, tenant: &impl Tenant) -> Result<Vec<CalendarRow>, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {CALENDAR_COLUMNS} FROM calendars WHERE workspace_id = $1 ORDER BY name, id"
    )))
    .bind(tenant.workspace().to_db())
    .fetch_all(pool)
    .await
    .db()
}

pub async fn calendar(pool: &AnyPool, tenant: &impl Tenant, id: &str) -> Result<CalendarRow, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {CALENDAR_COLUMNS} FROM calendars WHERE workspace_id = $1 AND id = $2"
    )))
    .bind(tenant.workspace().to_db())
    .bind(id.to_string())
    .fetch_optional(pool)
    .await
    .db()?
    .ok_or_else(AppError::not_found)
}

/// One run of a rule, as the audit log keeps it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RunEntry {
    /// The audit entry.
    pub id: String,
    pub at: Timestamp,
    /// Whether its actions were done (false: one failed and none was kept).
    pub ok: bool,
    pub record_kind: String,
    pub record_id: String,
    /// What people call the record.
    pub record: String,
    /// Each condition with whether it held.
    #[schema(value_type = Vec<Object>)]
    pub conditions: Value,
    /// What each action did.
    #[schema(value_type = Vec<Object>)]
    pub actions: Value,
    pub error: Option<String>,
}

/// The latest runs of a rule, newest first.
pub async fn runs(pool: &AnyPool, admin: &WorkspaceAdmin, id: &str, limit: i64) -> Result<Vec<RunEntry>, AppError> {
    let rows: Vec<(String, String, Option<String>, Timestamp)> = sqlx::query_as(
        "SELECT id, action, after_json, created_at FROM audit_log
         WHERE workspace_id = $1 AND record_type = $2 AND record_id = $3 AND action IN ('rule.run', 'rule.fail')
         ORDER BY created_at DESC, id DESC LIMIT $4",
    )
    .bind(admin.workspace().to_db())
    .bind(KIND)
    .bind(id.to_string())
    .bind(limit)
    .fetch_all(pool)
    .await
    .db()?;
    Ok(rows
        .into_iter()
        .map(|(id, action, after, at)| {
            let v: Value = after.and_then(|a| serde_json::from_str(&a).ok()).unwrap_or(Value::Null);
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            RunEntry {
                id,
                at,
                ok: action == "rule.run",
                record_kind: s("record_kind"),
                record_id: s("record_id"),
                record: s("record"),
                conditions: v["conditions"].clone(),
                actions: v.get("actions").cloned().unwrap_or(json!([])),
                error: v["error"].as_str().map(str::to_string),
            }
        })
        .collect())
}
