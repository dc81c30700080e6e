//! Custom field values on any record, shared by the API and the pages: who may
//! read and change them, and how they travel in HTML forms.

use portico_authz::Tenant;
use portico_fields::{FieldDef, FieldType};
use portico_kernel::{AppError, UnitId};
use serde_json::{Map, Value};

use crate::extract::Caller;
use crate::state::AppState;

/// A record whose custom values the caller may read (or, with `write`, change): of a
/// registered kind that takes custom fields, reached as the kind's own access rules say.
pub struct Target {
    pub kind: &'static str,
    pub id: String,
    pub unit: Option<UnitId>,
}

pub async fn access(s: &AppState, caller: &Caller, kind: &str, id: &str, write: bool) -> Result<Target, AppError> {
    let kind = s.registry().find(kind)?;
    if !kind.custom_fields() {
        return Err(AppError::not_found());
    }
    let access = kind.access(&s.db, &caller.authz, id, write).await?;
    Ok(Target { kind: kind.name(), id: id.to_string(), unit: access.unit })
}

/// Save the custom values sent in a record page's form, checked as the API checks them.
pub async fn save_form(
    s: &AppState,
    caller: &Caller,
    kind: &str,
    id: &str,
    form: &[(String, String)],
) -> Result<(), AppError> {
    let authz = caller.authz.as_ref();
    let target = access(s, caller, kind, id, true).await?;
    let defs = portico_fields::list(s.db.pool(), authz, Some(target.kind)).await?;
    let submitted = from_form(&defs, form);
    let prepared = portico_fields::prepare(s.db.pool(), authz, target.kind, id, &submitted).await?;
    portico_fields::save(&s.db, authz.actor(), authz, target.unit, prepared, s.clock.now_micros()).await.map(|_| ())
}

/// A field as a form shows it: the single value as text, or the chosen options.
pub struct FormField {
    pub def: FieldDef,
    pub value: String,
    pub many: Vec<String>,
    /// Why the value was refused, when the form comes back.
    pub error: Option<String>,
}

/// Show the custom values of form `name`, refused, as they were typed, each with its own
/// error (named by the field's label).
pub fn refill(fields: &mut [FormField], form: &crate::form::FormState, name: &str, tr: &crate::i18n::Tr) {
    if !form.is(name) {
        return;
    }
    for f in fields {
        let name = format!("custom.{}", f.def.key);
        f.value = form.value(&name).to_string();
        f.many = form.list(&name).to_vec();
        f.error = form.error(&name).zip(form.refusal()).map(|(_, code)| tr.error_at(code, &f.def.label));
    }
}

/// The fields of a record's form, in order, with their current values.
pub async fn form_fields(
    s: &AppState,
    t: &impl Tenant,
    record_type: &str,
    id: &str,
) -> Result<Vec<FormField>, AppError> {
    let defs = portico_fields::list(s.db.pool(), t, Some(record_type)).await?;
    let values = portico_fields::load_values(s.db.pool(), t, record_type, id).await?;
    Ok(defs
        .into_iter()
        .filter(|d| d.show_in_form)
        .map(|def| {
            let v = values.get(&def.key);
            let many = v
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
                .unwrap_or_default();
            let value = match v {
                Some(Value::Bool(true)) => "on".into(),
                other => display(other),
            };
            FormField { def, value, many, error: None }
        })
        .collect())
}

/// The custom columns of a list: the fields shown in lists, and each row's cells.
pub struct Columns {
    pub fields: Vec<FieldDef>,
    pub cells: Vec<Vec<String>>,
}

impl Columns {
    /// The list columns of these fields (they come after the kind's own), keyed `custom.<key>`.
    pub fn columns(&self) -> impl Iterator<Item = crate::list::Column> + '_ {
        self.fields.iter().map(|f| crate::list::Column::new(format!("custom.{}", f.key), f.label.clone()))
    }
    /// One row's cells for them, from its entry of `cells`.
    pub fn row(values: &[String]) -> impl Iterator<Item = crate::list::Cell> + '_ {
        values.iter().map(|v| crate::list::Cell::text(v.clone()))
    }
}

pub async fn list_columns(
    s: &AppState,
    t: &impl Tenant,
    record_type: &str,
    ids: &[String],
    tr: &crate::i18n::Tr,
) -> Result<Columns, AppError> {
    let fields: Vec<FieldDef> =
        portico_fields::list(s.db.pool(), t, Some(record_type)).await?.into_iter().filter(|d| d.show_in_list).collect();
    if fields.is_empty() {
        return Ok(Columns { fields, cells: vec![Vec::new(); ids.len()] });
    }
    let values = portico_fields::load_many(s.db.pool(), t, record_type, ids).await?;
    let cells = ids
        .iter()
        .map(|id| fields.iter().map(|d| cell(d, values.get(id).and_then(|v| v.get(&d.key)), tr)).collect())
        .collect();
    Ok(Columns { fields, cells })
}

/// A value as a list cell shows it to its reader: dates in their language's format.
fn cell(def: &FieldDef, v: Option<&Value>, tr: &crate::i18n::Tr) -> String {
    let date = v.and_then(Value::as_str).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    match (def.field_type, date) {
        (FieldType::Date, Some(d)) => tr.locale.format_date(d),
        _ => display(v),
    }
}

/// A value as text, as a form field holds it.
pub fn display(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) | Some(Value::Bool(false)) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(true)) => "✓".into(),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "),
        Some(other) => other.to_string(),
    }
}

/// Read the `custom.<key>` inputs of a posted form (an unchecked box sends nothing).
pub fn from_form(defs: &[FieldDef], form: &[(String, String)]) -> Map<String, Value> {
    let mut out = Map::new();
    for d in defs.iter().filter(|d| d.show_in_form) {
        let name = format!("custom.{}", d.key);
        let mut given = form.iter().filter(|(n, _)| *n == name).map(|(_, v)| v.clone());
        let value = match d.field_type {
            FieldType::MultiSelect => Value::Array(given.map(Value::String).collect()),
            FieldType::Checkbox => Value::Bool(given.next().is_some()),
            _ => Value::String(given.next().unwrap_or_default()),
        };
        out.insert(d.key.clone(), value);
    }
    out
}
