//! Custom fields: admins add typed fields to any record kind that takes them and choose
//! which appear in lists and forms, and in what order. Values live as one JSON object per
//! record and are validated against the definitions, with errors naming the field by its
//! key; pages show its label.
//!
//! Definitions are managed with a [`WorkspaceAdmin`]; values are read by any member and
//! written inside the transaction of the record's own write.

use portico_authz::{Tenant, WorkspaceAdmin};
use portico_db::{Db, DbResultExt, Tx};
use portico_kernel::validate::{http_url, required_text};
use portico_kernel::{Actor, AppError, CustomFieldId, ErrorCode, Event, Timestamp, UnitId, WorkspaceId};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use sqlx::AnyPool;

pub const KIND: &str = "custom_field";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    Text,
    Number,
    Date,
    Select,
    MultiSelect,
    Checkbox,
    Url,
}

impl FieldType {
    pub const ALL: [FieldType; 7] = [
        FieldType::Text,
        FieldType::Number,
        FieldType::Date,
        FieldType::Select,
        FieldType::MultiSelect,
        FieldType::Checkbox,
        FieldType::Url,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Number => "number",
            FieldType::Date => "date",
            FieldType::Select => "select",
            FieldType::MultiSelect => "multi_select",
            FieldType::Checkbox => "checkbox",
            FieldType::Url => "url",
        }
    }
    pub fn parse(s: &str) -> Option<FieldType> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FieldDef {
    pub id: String,
    pub record_type: String,
    pub key: String,
    pub label: String,
    pub field_type: FieldType,
    pub options: Vec<String>,
    pub required: bool,
    pub show_in_list: bool,
    pub show_in_form: bool,
    pub position: i64,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    record_type: String,
    field_key: String,
    label: String,
    field_type: String,
    options: String,
    required: i64,
    show_in_list: i64,
    show_in_form: i64,
    position: i64,
}

impl Row {
    fn into_def(self) -> FieldDef {
        FieldDef {
            id: self.id,
            record_type: self.record_type,
            key: self.field_key,
            label: self.label,
            field_type: FieldType::parse(&self.field_type).unwrap_or(FieldType::Text),
            options: serde_json::from_str(&self.options).unwrap_or_default(),
            required: self.required != 0,
            show_in_list: self.show_in_list != 0,
            show_in_form: self.show_in_form != 0,
            position: self.position,
        }
    }
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct FieldInput {
    pub record_type: String,
    pub key: String,
    pub label: String,
    pub field_type: FieldType,
    #[serde(default)]
    pub options: Vec<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default = "yes")]
    pub show_in_list: bool,
    #[serde(default = "yes")]
    pub show_in_form: bool,
    pub position: Option<i64>,
}

fn yes() -> bool {
    true
}

fn validate_def(input: &FieldInput) -> Result<(String, String, Vec<String>), AppError> {
    let key = portico_kernel::validate::slug("key", &input.key.replace('_', "-"))?.replace('-', "_");
    let label = required_text("label", &input.label, 80)?;
    let mut options = Vec::new();
    for o in &input.options {
        let o = required_text("options", o, 80)?;
        if !options.contains(&o) {
            options.push(o);
        }
    }
    let needs_options = matches!(input.field_type, FieldType::Select | FieldType::MultiSelect);
    if needs_options && options.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "options"));
    }
    Ok((key, label, if needs_options { options } else { Vec::new() }))
}

/// Define a field on `kind` (a kind that takes custom fields, as the caller checked against
/// the registry).
pub async fn define(
    db: &Db,
    admin: &WorkspaceAdmin,
    kind: &'static str,
    input: &FieldInput,
    now: Timestamp,
) -> Result<FieldDef, AppError> {
    let (key, label, options) = validate_def(input)?;
    let ws = admin.workspace();
    let id = CustomFieldId::new();
    let mut tx = db.begin().await?;
    let position = match input.position {
        Some(p) => p,
        None => {
            let (max,): (Option<i64>,) =
                sqlx::query_as("SELECT MAX(position) FROM custom_fields WHERE workspace_id = $1 AND record_type = $2")
                    .bind(ws.to_db())
                    .bind(kind)
                    .fetch_one(&mut *tx)
                    .await
                    .db()?;
            max.unwrap_or(0) + 10
        }
    };
    sqlx::query(
        "INSERT INTO custom_fields (id, workspace_id, record_type, field_key, label, field_type, options, required, show_in_list, show_in_form, position, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(id.to_db())
    .bind(ws.to_db())
    .bind(kind)
    .bind(key.clone())
    .bind(label.clone())
    .bind(input.field_type.as_str())
    .bind(serde_json::to_string(&options).unwrap_or_else(|_| "[]".into()))
    .bind(portico_db::flag(input.required))
    .bind(portico_db::flag(input.show_in_list))
    .bind(portico_db::flag(input.show_in_form))
    .bind(position)
    .bind(now)
    .execute(&mut *tx)
    .await
    .map_err(|e| portico_db::db_error(e).or_field("key"))?;
    let after =
        json!({"record_type": kind, "key": key, "label": label, "field_type": input.field_type, "options": options});
    tx.emit(Event::new(ws, admin.actor(), KIND, "create", id.to_db(), now).after(after)).await?;
    tx.commit().await.db()?;
    get(db.pool(), admin, id).await
}

const COLUMNS: &str =
    "id, record_type, field_key, label, field_type, options, required, show_in_list, show_in_form, position";

pub async fn get(pool: &AnyPool, t: &impl Tenant, id: CustomFieldId) -> Result<FieldDef, AppError> {
    let ws = t.workspace();
    let row: Row = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM custom_fields WHERE workspace_id = $1 AND id = $2"
    )))
    .bind(ws.to_db())
    .bind(id.to_db())
    .fetch_optional(pool)
    .await
    .db()?
    .ok_or_else(AppError::not_found)?;
    Ok(row.into_def())
}

/// Definitions for a record kind (or all), in display order.
pub async fn list<'c>(
    db: impl sqlx::Executor<'c, Database = sqlx::Any>,
    t: &impl Tenant,
    record_type: Option<&str>,
) -> Result<Vec<FieldDef>, AppError> {
    let ws = t.workspace();
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM custom_fields WHERE workspace_id = $1 AND ($2 IS NULL OR record_type = $2) ORDER BY record_type, position, field_key"
    )))
    .bind(ws.to_db())
    .bind(record_type.map(str::to_string))
    .fetch_all(db)
    .await
    .db()?;
    Ok(rows.into_iter().map(Row::into_def).collect())
}

/// Change label, options, flags or position; the key and type stay (values depend on them).
pub async fn update(
    db: &Db,
    admin: &WorkspaceAdmin,
    id: CustomFieldId,
    input: &FieldInput,
    now: Timestamp,
) -> Result<FieldDef, AppError> {
    let current = get(db.pool(), admin, id).await?;
    if current.field_type != input.field_type || current.record_type != input.record_type {
        return Err(AppError::field(ErrorCode::InvalidValue, "field_type"));
    }
    let (_, label, options) = validate_def(input)?;
    let position = input.position.unwrap_or(current.position);
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE custom_fields SET label = $1, options = $2, required = $3, show_in_list = $4, show_in_form = $5, position = $6 WHERE workspace_id = $7 AND id = $8",
    )
    .bind(label.clone())
    .bind(serde_json::to_string(&options).unwrap_or_else(|_| "[]".into()))
    .bind(portico_db::flag(input.required))
    .bind(portico_db::flag(input.show_in_list))
    .bind(portico_db::flag(input.show_in_form))
    .bind(position)
    .bind(admin.workspace().to_db())
    .bind(id.to_db())
    .execute(&mut *tx)
    .await
    .db()?;
    let shown = |d: &FieldDef| json!({"label": d.label, "options": d.options, "required": d.required, "show_in_list": d.show_in_list, "show_in_form": d.show_in_form, "position": d.position});
    let after = json!({"label": label, "options": options, "required": input.required, "show_in_list": input.show_in_list, "show_in_form": input.show_in_form, "position": position});
    tx.emit(
        Event::new(admin.workspace(), admin.actor(), KIND, "update", id.to_db(), now)
            .before(shown(&current))
            .after(after),
    )
    .await?;
    tx.commit().await.db()?;
    get(db.pool(), admin, id).await
}

/// Remove a definition; the values records held for it stay in their JSON, unshown.
pub async fn delete(db: &Db, admin: &WorkspaceAdmin, id: CustomFieldId, now: Timestamp) -> Result<(), AppError> {
    let current = get(db.pool(), admin, id).await?;
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM custom_fields WHERE workspace_id = $1 AND id = $2")
        .bind(admin.workspace().to_db())
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    let before = json!({"record_type": current.record_type, "key": current.key, "label": current.label});
    tx.emit(Event::new(admin.workspace(), admin.actor(), KIND, "delete", id.to_db(), now).before(before).deleted())
        .await?;
    tx.commit().await.db()
}

/// Check submitted values against the definitions and normalise them
/// (numbers as numbers, dates as YYYY-MM-DD). Unknown keys are refused.
pub fn validate_values(defs: &[FieldDef], input: &Map<String, Value>) -> Result<Map<String, Value>, AppError> {
    let mut out = Map::new();
    for key in input.keys() {
        if !defs.iter().any(|d| &d.key == key) {
            return Err(AppError::field(ErrorCode::InvalidValue, format!("custom.{key}")));
        }
    }
    for d in defs {
        let field = format!("custom.{}", d.key);
        let bad = |code| AppError::field(code, field.clone());
        let value = input.get(&d.key).filter(|v| !v.is_null() && v.as_str() != Some(""));
        let Some(v) = value else {
            if d.required {
                return Err(bad(ErrorCode::Required));
            }
            continue;
        };
        let normalized = match d.field_type {
            FieldType::Text => {
                Value::String(required_text(&field, v.as_str().ok_or_else(|| bad(ErrorCode::InvalidValue))?, 2000)?)
            }
            FieldType::Url => Value::String(http_url(&field, v.as_str().ok_or_else(|| bad(ErrorCode::InvalidUrl))?)?),
            FieldType::Number => {
                let n = match v {
                    Value::Number(n) => n.as_f64(),
                    Value::String(s) => s.trim().replace(',', ".").parse::<f64>().ok(),
                    _ => None,
                };
                let n = n.filter(|n| n.is_finite()).ok_or_else(|| bad(ErrorCode::InvalidNumber))?;
                serde_json::Number::from_f64(n).map(Value::Number).ok_or_else(|| bad(ErrorCode::InvalidNumber))?
            }
            FieldType::Date => {
                let s = v.as_str().ok_or_else(|| bad(ErrorCode::InvalidDate))?;
                let d =
                    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| bad(ErrorCode::InvalidDate))?;
                Value::String(d.format("%Y-%m-%d").to_string())
            }
            FieldType::Checkbox => match v {
                Value::Bool(b) => Value::Bool(*b),
                Value::String(s) if ["true", "on", "1"].contains(&s.as_str()) => Value::Bool(true),
                Value::String(s) if ["false", "off", "0"].contains(&s.as_str()) => Value::Bool(false),
                _ => return Err(bad(ErrorCode::InvalidValue)),
            },
            FieldType::Select => {
                let s = v.as_str().ok_or_else(|| bad(ErrorCode::InvalidValue))?;
                if !d.options.iter().any(|o| o == s) {
                    return Err(bad(ErrorCode::InvalidValue));
                }
                Value::String(s.to_string())
            }
            FieldType::MultiSelect => {
                let items: Vec<String> = match v {
                    Value::Array(a) => a
                        .iter()
                        .map(|x| x.as_str().map(str::to_string))
                        .collect::<Option<_>>()
                        .ok_or_else(|| bad(ErrorCode::InvalidValue))?,
                    Value::String(s) => vec![s.clone()],
                    _ => return Err(bad(ErrorCode::InvalidValue)),
                };
                if items.iter().any(|i| !d.options.contains(i)) {
                    return Err(bad(ErrorCode::InvalidValue));
                }
                Value::Array(items.into_iter().map(Value::String).collect())
            }
        };
        out.insert(d.key.clone(), normalized);
    }
    Ok(out)
}

/// Store a record's values in the caller's transaction (the record's own write).
pub async fn write_values(
    tx: &mut Tx,
    ws: WorkspaceId,
    record_type: &str,
    record_id: &str,
    values: &Map<String, Value>,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO custom_values (workspace_id, record_type, record_id, fields_json) VALUES ($1, $2, $3, $4)
         ON CONFLICT (workspace_id, record_type, record_id) DO UPDATE SET fields_json = excluded.fields_json",
    )
    .bind(ws.to_db())
    .bind(record_type.to_string())
    .bind(record_id.to_string())
    .bind(Value::Object(values.clone()).to_string())
    .execute(&mut **tx)
    .await
    .db()?;
    Ok(())
}

/// Drop a deleted record's values, in its deletion's transaction.
pub async fn forget_values(tx: &mut Tx, ws: WorkspaceId, record_type: &str, record_id: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM custom_values WHERE workspace_id = $1 AND record_type = $2 AND record_id = $3")
        .bind(ws.to_db())
        .bind(record_type.to_string())
        .bind(record_id.to_string())
        .execute(&mut **tx)
        .await
        .db()?;
    Ok(())
}

/// A record merged into another of its kind: its values fill the keys the kept one has not
/// set (what the kept record says wins), in the merge's transaction.
pub async fn merge_values(
    tx: &mut Tx,
    ws: WorkspaceId,
    record_type: &str,
    keep: &str,
    absorbed: &str,
) -> Result<(), AppError> {
    let mut kept = read(&mut **tx, ws, record_type, keep).await?;
    let theirs = read(&mut **tx, ws, record_type, absorbed).await?;
    if theirs.is_empty() {
        return Ok(());
    }
    for (k, v) in theirs {
        kept.entry(k).or_insert(v);
    }
    write_values(tx, ws, record_type, keep, &kept).await?;
    forget_values(tx, ws, record_type, absorbed).await
}

pub async fn load_values<'c>(
    db: impl sqlx::Executor<'c, Database = sqlx::Any>,
    t: &impl Tenant,
    record_type: &str,
    record_id: &str,
) -> Result<Map<String, Value>, AppError> {
    read(db, t.workspace(), record_type, record_id).await
}

async fn read<'c>(
    db: impl sqlx::Executor<'c, Database = sqlx::Any>,
    ws: WorkspaceId,
    record_type: &str,
    record_id: &str,
) -> Result<Map<String, Value>, AppError> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT fields_json FROM custom_values WHERE workspace_id = $1 AND record_type = $2 AND record_id = $3",
    )
    .bind(ws.to_db())
    .bind(record_type.to_string())
    .bind(record_id.to_string())
    .fetch_optional(db)
    .await
    .db()?;
    Ok(row.and_then(|(j,)| serde_json::from_str(&j).ok()).unwrap_or_default())
}

/// Values of many records at once (a list page), keyed by record id.
pub async fn load_many(
    pool: &AnyPool,
    t: &impl Tenant,
    record_type: &str,
    record_ids: &[String],
) -> Result<std::collections::HashMap<String, Map<String, Value>>, AppError> {
    // Record ids are UUIDs from our own rows; anything else is dropped rather than quoted.
    let ids: Vec<String> =
        record_ids.iter().filter(|id| uuid::Uuid::parse_str(id).is_ok()).map(|id| format!("'{id}'")).collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let sql = format!(
        "SELECT record_id, fields_json FROM custom_values WHERE workspace_id = $1 AND record_type = $2 AND record_id IN ({})",
        ids.join(", ")
    );
    let rows: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(t.workspace().to_db())
        .bind(record_type.to_string())
        .fetch_all(pool)
        .await
        .db()?;
    Ok(rows.into_iter().map(|(id, json)| (id, serde_json::from_str(&json).unwrap_or_default())).collect())
}

/// New values for one record, checked against the definitions and merged with what it has:
/// ready to write with the record's own write, or to refuse before anything is written.
pub struct Prepared {
    pub record_type: &'static str,
    pub record_id: String,
    pub before: Map<String, Value>,
    pub after: Map<String, Value>,
}

impl Prepared {
    pub fn changed(&self) -> bool {
        self.before != self.after
    }
    /// Write the values in the record's transaction (nothing when they did not change).
    pub async fn write(&self, tx: &mut Tx, ws: WorkspaceId) -> Result<(), AppError> {
        if self.changed() {
            write_values(tx, ws, self.record_type, &self.record_id, &self.after).await?;
        }
        Ok(())
    }
}

/// Check `submitted` (a partial update: keys not given keep their value).
pub async fn prepare(
    pool: &AnyPool,
    t: &impl Tenant,
    record_type: &'static str,
    record_id: &str,
    submitted: &Map<String, Value>,
) -> Result<Prepared, AppError> {
    let defs = list(pool, t, Some(record_type)).await?;
    let before = load_values(pool, t, record_type, record_id).await?;
    merge(&defs, before, record_type, record_id, submitted)
}

/// [`prepare`], reading in a transaction that writes the values (a rule's action).
pub async fn prepare_in(
    tx: &mut Tx,
    t: &impl Tenant,
    record_type: &'static str,
    record_id: &str,
    submitted: &Map<String, Value>,
) -> Result<Prepared, AppError> {
    let defs = list(&mut **tx, t, Some(record_type)).await?;
    let before = load_values(&mut **tx, t, record_type, record_id).await?;
    merge(&defs, before, record_type, record_id, submitted)
}

fn merge(
    defs: &[FieldDef],
    before: Map<String, Value>,
    record_type: &'static str,
    record_id: &str,
    submitted: &Map<String, Value>,
) -> Result<Prepared, AppError> {
    let mut merged = before.clone();
    merged.extend(submitted.clone());
    let after = validate_values(defs, &merged)?;
    Ok(Prepared { record_type, record_id: record_id.into(), before, after })
}

/// Save prepared values as a write of their own: `{kind}.update`, audited. The caller proved
/// its right to edit the record (its unit is given for the record's history).
pub async fn save(
    db: &Db,
    actor: &Actor,
    t: &impl Tenant,
    unit: Option<UnitId>,
    p: Prepared,
    now: Timestamp,
) -> Result<Map<String, Value>, AppError> {
    if !p.changed() {
        return Ok(p.after);
    }
    let mut tx = db.begin().await?;
    save_in(&mut tx, actor, t.workspace(), unit, &p, now).await?;
    tx.commit().await.db()?;
    Ok(p.after)
}

/// [`save`] in the caller's transaction.
pub async fn save_in(
    tx: &mut Tx,
    actor: &Actor,
    ws: WorkspaceId,
    unit: Option<UnitId>,
    p: &Prepared,
    now: Timestamp,
) -> Result<(), AppError> {
    if !p.changed() {
        return Ok(());
    }
    p.write(tx, ws).await?;
    let event = Event::new(ws, actor, p.record_type, "update", p.record_id.clone(), now)
        .in_unit(unit)
        .before(json!({"custom_fields": p.before}))
        .after(json!({"custom_fields": p.after}));
    tx.emit(event).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn def(key: &str, t: FieldType, required: bool, options: &[&str]) -> FieldDef {
        FieldDef {
            id: String::new(),
            record_type: "unit".into(),
            key: key.into(),
            label: key.into(),
            field_type: t,
            options: options.iter().map(|s| s.to_string()).collect(),
            required,
            show_in_list: true,
            show_in_form: true,
            position: 0,
        }
    }

    #[test]
    fn values_are_checked_per_type() {
        let defs = vec![
            def("budget", FieldType::Number, false, &[]),
            def("opened", FieldType::Date, false, &[]),
            def("tier", FieldType::Select, true, &["gold", "silver"]),
            def("tags", FieldType::MultiSelect, false, &["a", "b"]),
            def("active", FieldType::Checkbox, false, &[]),
            def("site", FieldType::Url, false, &[]),
        ];
        let ok = validate_values(&defs, json!({"budget": "12,5", "opened": "2026-01-31", "tier": "gold", "tags": ["a"], "active": "on", "site": "https://x.hr"}).as_object().unwrap()).unwrap();
        assert_eq!(
            Value::Object(ok),
            json!({"budget": 12.5, "opened": "2026-01-31", "tier": "gold", "tags": ["a"], "active": true, "site": "https://x.hr"})
        );
        let err = |v: Value| validate_values(&defs, v.as_object().unwrap()).unwrap_err();
        assert_eq!(err(json!({})).field.as_deref(), Some("custom.tier"));
        assert_eq!(err(json!({"tier": "bronze"})).code, ErrorCode::InvalidValue);
        assert_eq!(err(json!({"tier": "gold", "opened": "31/01/2026"})).code, ErrorCode::InvalidDate);
        assert_eq!(err(json!({"tier": "gold", "budget": "lots"})).field.as_deref(), Some("custom.budget"));
        assert_eq!(err(json!({"tier": "gold", "nope": 1})).field.as_deref(), Some("custom.nope"));
        assert_eq!(err(json!({"tier": "gold", "site": "javascript:alert(1)"})).code, ErrorCode::InvalidUrl);
    }
}
