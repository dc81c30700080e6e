//! The Data settings page: export the workspace (a task, then a download) and import an
//! archive as a copy beside it.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use portico_http::form::FormState;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, render};
use portico_jobs::tasks::{self, Task};
use portico_kernel::{AppError, ErrorCode, PageRequest};
use serde::Serialize;

use super::api::{archive_response, start_export, start_import};
use super::jobs::{EXPORT_JOB, IMPORT_JOB};

#[derive(Template)]
#[template(path = "data.html")]
pub(crate) struct DataPage {
    c: Shell,
    exports: Vec<Task>,
    imports: Vec<Task>,
    form: FormState,
    running: bool,
}

impl DataPage {
    /// What a finished task made, from its result: the archive's size, or the copy's address.
    fn result(&self, t: &Task, key: &str) -> Option<String> {
        let v: serde_json::Value = serde_json::from_str(t.result_json.as_deref()?).ok()?;
        match &v[key] {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
    fn size(&self, t: &Task) -> String {
        self.c.tr.size(self.result(t, "bytes").and_then(|b| b.parse().ok()).unwrap_or(0))
    }
}

async fn data_page(s: &AppState, staff: &Staff, f: &FlashQuery, form: FormState) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    authz.admin().or_page(staff)?;
    let ten = PageRequest::first(10);
    let recent = |kind: &'static str| tasks::list_of_kind(s.db.pool(), authz, kind, &ten);
    let exports = recent(EXPORT_JOB).await.or_page(staff)?.items;
    let imports = recent(IMPORT_JOB).await.or_page(staff)?.items;
    let running = exports.iter().chain(&imports).any(|t| t.status == "queued" || t.status == "running");
    let p = DataPage { c: staff.shell("data", f), exports, imports, form, running };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn data(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    data_page(&s, &staff, &f, FormState::fresh()).await
}

pub(crate) async fn export(State(s): State<AppState>, staff: Staff) -> Response {
    after("/settings/data", start_export(&s, &staff.caller).await.map(|_| "export-started")).into_response()
}

pub(crate) async fn download(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    archive_response(&s, &staff.caller, &id).await.or_page(&staff).into_response()
}

#[derive(Serialize, Default)]
struct ImportForm {
    slug: String,
}

/// Read the upload form: its address and its archive.
async fn read_import(mut mp: Multipart, form: &mut ImportForm) -> Result<Vec<u8>, AppError> {
    let bad =
        |e: axum::extract::multipart::MultipartError| AppError::new(ErrorCode::BadRequest).with_cause(e.to_string());
    let mut file = None;
    while let Some(part) = mp.next_field().await.map_err(bad)? {
        let name = part.name().unwrap_or("").to_string();
        let bytes = part.bytes().await.map_err(bad)?;
        match name.as_str() {
            "slug" => form.slug = String::from_utf8_lossy(&bytes).trim().to_string(),
            "file" if !bytes.is_empty() => file = Some(bytes.to_vec()),
            _ => {}
        }
    }
    if form.slug.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "slug"));
    }
    file.ok_or_else(|| AppError::field(ErrorCode::Required, "file"))
}

pub(crate) async fn import(State(s): State<AppState>, staff: Staff, mp: Multipart) -> Response {
    let mut form = ImportForm::default();
    let result = async {
        let archive = read_import(mp, &mut form).await?;
        start_import(&s, &staff.caller, &form.slug, &archive).await
    }
    .await;
    match result {
        Ok(_) => Redirect::to("/settings/data?notice=import-started").into_response(),
        Err(e) => {
            let state = FormState::failed("import", &form, &e, &staff.tr());
            data_page(&s, &staff, &FlashQuery::default(), state).await.into_response()
        }
    }
}
