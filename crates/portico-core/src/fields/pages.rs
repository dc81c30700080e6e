//! Custom fields: the definitions page.

use crate::parse;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use portico_fields::{FieldDef, FieldInput, FieldType};
use portico_http::form::FormState;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, render};
use portico_kernel::{AppError, ErrorCode};
use serde::{Deserialize, Serialize};

#[derive(Template)]
#[template(path = "fields.html")]
pub(crate) struct FieldsPage {
    c: Shell,
    fields: Vec<FieldDef>,
    record_types: Vec<&'static str>,
    types: Vec<&'static str>,
    /// The new field's form.
    form: FormState,
    /// A row's form, when it comes back refused.
    edit: FormState,
}

impl FieldsPage {
    /// Whether the row of `f` is the one that came back refused.
    fn sent_row(&self, f: &FieldDef) -> bool {
        self.edit.is("edit") && self.edit.value("id") == f.id
    }
}

async fn fields_page(
    s: &AppState,
    staff: &Staff,
    f: &FlashQuery,
    form: FormState,
    edit: FormState,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(staff)?;
    let fields = portico_fields::list(s.db.pool(), &admin, None).await.or_page(staff)?;
    let p = FieldsPage {
        c: staff.shell("fields", f),
        fields,
        record_types: s.registry().with_custom_fields().map(|k| k.name()).collect(),
        types: FieldType::ALL.iter().map(|t| t.as_str()).collect(),
        form,
        edit,
    };
    Ok(render(p.form.status().max(p.edit.status()), &p))
}

pub(crate) async fn field_list(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    fields_page(&s, &staff, &f, FormState::fresh(), FormState::fresh()).await
}

#[derive(Deserialize, Serialize)]
pub(crate) struct FieldForm {
    record_type: String,
    key: String,
    label: String,
    field_type: String,
    #[serde(default)]
    options: String,
    required: Option<String>,
    show_in_list: Option<String>,
    show_in_form: Option<String>,
    position: Option<String>,
}

pub(crate) async fn field_create(State(s): State<AppState>, staff: Staff, Form(f): Form<FieldForm>) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        let kind = crate::fields::api::fields_kind(&s, &f.record_type)?;
        let field_type =
            FieldType::parse(&f.field_type).ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "field_type"))?;
        let position = match f.position.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(p) => Some(p.parse().map_err(|_| AppError::field(ErrorCode::InvalidNumber, "position"))?),
        };
        let input = FieldInput {
            record_type: f.record_type.clone(),
            key: f.key.clone(),
            label: f.label.clone(),
            field_type,
            options: f
                .options
                .split([',', '\n'])
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(str::to_string)
                .collect(),
            required: f.required.is_some(),
            show_in_list: f.show_in_list.is_some(),
            show_in_form: f.show_in_form.is_some(),
            position,
        };
        portico_fields::define(&s.db, &admin, kind, &input, s.clock.now_micros()).await
    }
    .await;
    match result {
        Ok(_) => after("/settings/fields", Ok("field-created")).into_response(),
        Err(e) => {
            let form = FormState::failed("field", &f, &e, &staff.tr());
            fields_page(&s, &staff, &FlashQuery::default(), form, FormState::fresh()).await.into_response()
        }
    }
}

#[derive(Deserialize, Serialize)]
pub(crate) struct FieldEditForm {
    /// Which row was sent (the path's id, echoed so that row comes back with its error).
    #[serde(default)]
    id: String,
    label: String,
    position: String,
    required: Option<String>,
    show_in_list: Option<String>,
    show_in_form: Option<String>,
}

/// Relabel a field, move it, or choose where it shows; its key and type stay.
pub(crate) async fn field_update(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(mut f): Form<FieldEditForm>,
) -> Response {
    f.id = id;
    let result = async {
        let admin = staff.caller.authz.admin()?;
        let id = parse(&f.id)?;
        let current = portico_fields::get(s.db.pool(), &admin, id).await?;
        let position = f.position.trim().parse().map_err(|_| AppError::field(ErrorCode::InvalidNumber, "position"))?;
        let input = FieldInput {
            record_type: current.record_type,
            key: current.key,
            label: f.label.clone(),
            field_type: current.field_type,
            options: current.options,
            required: f.required.is_some(),
            show_in_list: f.show_in_list.is_some(),
            show_in_form: f.show_in_form.is_some(),
            position: Some(position),
        };
        portico_fields::update(&s.db, &admin, id, &input, s.clock.now_micros()).await
    }
    .await;
    match result {
        Ok(_) => after("/settings/fields", Ok("saved")).into_response(),
        Err(e) => {
            let edit = FormState::failed("edit", &f, &e, &staff.tr());
            fields_page(&s, &staff, &FlashQuery::default(), FormState::fresh(), edit).await.into_response()
        }
    }
}

pub(crate) async fn field_delete(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        portico_fields::delete(&s.db, &admin, parse(&id)?, s.clock.now_micros()).await
    }
    .await;
    after("/settings/fields", result.map(|_| "deleted")).into_response()
}
