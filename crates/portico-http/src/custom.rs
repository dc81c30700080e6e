//! Custom field values on any record, shared by the API and the pages: who may
//! read and change them, and how they travel in HTML forms.

use portico_fields::{FieldDef, FieldType};
use portico_kernel::{AppError, UnitId, UserId, WorkspaceId};
use serde_json::{Map, Value};

use crate::extract::Caller;
use crate::state::AppState;

/// Who may read and change the custom values of a record: whoever may read or
/// edit the record itself. Returns the workspace and the record's unit.
pub async fn access(
    s: &AppState,
    caller: &Caller,
    record_type: &str,
    id: &str,
    write: bool,
) -> Result<(WorkspaceId, Option<UnitId>), AppError> {
    let authz = &caller.authz;
    if write && authz.is_preview() {
        return Err(AppError::forbidden());
    }
    let unit = match record_type {
        "unit" => {
            let unit = crate::api::path_id(id)?;
            portico_authz::units::get(authz, unit)?;
            if write {
                authz.unit_cap(portico_authz::units::MANAGE, unit)?;
            }
            Some(unit)
        }
        "user" => {
            let user: UserId = crate::api::path_id(id)?;
            portico_auth::users::get(s.db.pool(), authz, user).await?;
            if write && authz.user_id() != Some(user) {
                authz.require_workspace(crate::api::audit::ADMIN)?;
            }
            None
        }
        "file" => {
            let scope = authz.scope(portico_files::store::VIEW).map_err(|_| AppError::not_found())?;
            let file = portico_files::store::get(s.db.pool(), &scope, crate::api::path_id(id)?).await?;
            let unit = portico_kernel::ids::parse_db_id(&file.unit_id)?;
            if write {
                authz.unit_cap(portico_files::store::EDIT, unit)?;
            }
            Some(unit)
        }
        _ => return Err(AppError::not_found()),
    };
    Ok((authz.workspace(), unit))
}

/// A field as a form shows it: the single value as text, or the chosen options.
pub struct FormField {
    pub def: FieldDef,
    pub value: String,
    pub many: Vec<String>,
}

/// The fields of a record's form, in order, with their current values.
pub async fn form_fields(
    s: &AppState,
    ws: WorkspaceId,
    record_type: &str,
    id: &str,
) -> Result<Vec<FormField>, AppError> {
    let defs = portico_fields::list(s.db.pool(), ws, Some(record_type)).await?;
    let values = portico_fields::load_values(s.db.pool(), ws, record_type, id).await?;
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
            FormField { def, value, many }
        })
        .collect())
}

/// The custom columns of a list: the fields shown in lists, and each row's cells.
pub struct Columns {
    pub fields: Vec<FieldDef>,
    pub cells: Vec<Vec<String>>,
}

pub async fn list_columns(
    s: &AppState,
    ws: WorkspaceId,
    record_type: &str,
    ids: &[String],
) -> Result<Columns, AppError> {
    let fields: Vec<FieldDef> = portico_fields::list(s.db.pool(), ws, Some(record_type))
        .await?
        .into_iter()
        .filter(|d| d.show_in_list)
        .collect();
    if fields.is_empty() {
        return Ok(Columns { fields, cells: vec![Vec::new(); ids.len()] });
    }
    let values = portico_fields::load_many(s.db.pool(), ws, record_type, ids).await?;
    let cells = ids
        .iter()
        .map(|id| fields.iter().map(|d| display(values.get(id).and_then(|v| v.get(&d.key)))).collect())
        .collect();
    Ok(Columns { fields, cells })
}

/// A value as a list cell shows it.
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
