//! Settings › Import: send a CSV or a ZIP of CSVs and CVs, check how its columns map, run a
//! dry run, read its report, import, download the rows that failed.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use portico_http::form::FormState;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, render};
use portico_jobs::tasks::{self, Task};
use portico_kernel::{AppError, ErrorCode, PageRequest};
use serde::Serialize;

use super::api::{ImportRun, SheetPreview, UploadPreview, failed_response, preview, receive, run_of};
use super::run::{CHECK, JOB, Mapping};
use super::upload::Upload;

/// An importer as the page explains it: its sheets and their fields, required ones first.
struct Guide {
    name: &'static str,
    sheets: Vec<(&'static str, Vec<(&'static str, bool)>)>,
}

#[derive(Template)]
#[template(path = "imports.html")]
pub(crate) struct ImportsPage {
    c: Shell,
    guides: Vec<Guide>,
    runs: Vec<Task>,
    form: FormState,
}

impl ImportsPage {
    fn kind(&self, t: &Task) -> String {
        self.c.tr.t(&format!("task-kind-{}", t.kind.replace(['.', '_'], "-")))
    }
}

async fn imports_page(s: &AppState, staff: &Staff, f: &FlashQuery, form: FormState) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    authz.admin().or_page(staff)?;
    let ten = PageRequest::first(10);
    let mut runs = tasks::list_of_kind(s.db.pool(), authz, JOB, &ten).await.or_page(staff)?.items;
    runs.extend(tasks::list_of_kind(s.db.pool(), authz, CHECK, &ten).await.or_page(staff)?.items);
    runs.sort_by_key(|t| std::cmp::Reverse(t.created_at));
    runs.truncate(10);
    let guides = s
        .suite
        .importers
        .iter()
        .map(|i| Guide {
            name: i.name(),
            sheets: i
                .sheets()
                .iter()
                .map(|sh| {
                    let mut fields: Vec<(&'static str, bool)> = sh.fields.iter().map(|f| (f.key, f.required)).collect();
                    fields.sort_by_key(|(_, required)| !required);
                    (sh.name, fields)
                })
                .collect(),
        })
        .collect();
    let p = ImportsPage { c: staff.shell("import", f), guides, runs, form };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn imports(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    imports_page(&s, &staff, &f, FormState::fresh()).await
}

#[derive(Serialize, Default)]
struct UploadForm {
    importer: String,
    sheet: String,
}

async fn read_form(s: &AppState, staff: &Staff, mut mp: Multipart, form: &mut UploadForm) -> Result<Upload, AppError> {
    let bad =
        |e: axum::extract::multipart::MultipartError| AppError::new(ErrorCode::BadRequest).with_cause(e.to_string());
    let mut file = None;
    while let Some(part) = mp.next_field().await.map_err(bad)? {
        let name = part.name().unwrap_or("").to_string();
        let filename = part.file_name().unwrap_or("upload.csv").to_string();
        let bytes = part.bytes().await.map_err(bad)?;
        match name.as_str() {
            "importer" => form.importer = String::from_utf8_lossy(&bytes).trim().to_string(),
            "sheet" => form.sheet = String::from_utf8_lossy(&bytes).trim().to_string(),
            "file" if !bytes.is_empty() => file = Some((filename, bytes)),
            _ => {}
        }
    }
    let (filename, bytes) = file.ok_or_else(|| AppError::field(ErrorCode::Required, "file"))?;
    receive(s, &staff.caller, &form.importer, Some(form.sheet.as_str()), &filename, &bytes)
}

pub(crate) async fn upload(State(s): State<AppState>, staff: Staff, mp: Multipart) -> Response {
    let mut form = UploadForm::default();
    match read_form(&s, &staff, mp, &mut form).await {
        Ok(up) => Redirect::to(&format!("/settings/import/uploads/{}", up.id)).into_response(),
        Err(e) => {
            let state = FormState::failed("upload", &form, &e, &staff.tr());
            imports_page(&s, &staff, &FlashQuery::default(), state).await.into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "import_mapping.html")]
pub(crate) struct MappingPage {
    c: Shell,
    upload: UploadPreview,
    form: FormState,
}

impl MappingPage {
    fn field_label(&self, field: &str) -> String {
        self.c.tr.t(&format!("import-field-{}-{field}", self.upload.importer))
    }
    fn sheet_label(&self, sheet: &str) -> String {
        self.c.tr.t(&format!("import-sheet-{}-{sheet}", self.upload.importer))
    }
    /// The first row's value in the column mapped to `field`, to show what it reads.
    fn example(&self, sh: &SheetPreview, field: &str) -> String {
        let Some(h) = sh.mapping.get(field) else { return String::new() };
        let i = sh.headers.iter().position(|x| x == h).unwrap_or(usize::MAX);
        sh.sample.first().and_then(|r| r.get(i)).cloned().unwrap_or_default()
    }
    fn required(&self, sh: &SheetPreview, field: &str) -> bool {
        sh.required.iter().any(|r| r == field)
    }
}

async fn mapping_page(
    s: &AppState,
    staff: &Staff,
    id: &str,
    f: &FlashQuery,
    form: FormState,
) -> Result<Response, PageError> {
    staff.caller.authz.admin().or_page(staff)?;
    let up = Upload::open(&s.settings.data_dir, staff.caller.authz.workspace(), id).or_page(staff)?;
    let upload = preview(s, &up).or_page(staff)?;
    let p = MappingPage { c: staff.shell("import", f), upload, form };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn mapping(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    mapping_page(&s, &staff, &id, &f, FormState::fresh()).await
}

/// Start the dry run or the import with the mapping chosen: fields `map.<sheet>.<field>`.
pub(crate) async fn start(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<Vec<(String, String)>>,
) -> Response {
    let mut mapping = Mapping::new();
    for (k, v) in &form {
        if let Some((sheet, field)) = k.strip_prefix("map.").and_then(|r| r.split_once('.')) {
            mapping.entry(sheet.to_string()).or_default().insert(field.to_string(), v.clone());
        }
    }
    let dry_run = portico_http::form::sent(&form, "action") != "import";
    match super::api::start(&s, &staff.caller, &id, mapping, dry_run).await {
        Ok(task) => Redirect::to(&format!("/settings/import/runs/{}", task.to_db())).into_response(),
        Err(e) => {
            let state =
                FormState::failed("mapping", &std::collections::BTreeMap::<String, String>::new(), &e, &staff.tr());
            mapping_page(&s, &staff, &id, &FlashQuery::default(), state).await.into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "import_run.html")]
pub(crate) struct RunPage {
    c: Shell,
    run: ImportRun,
    running: bool,
    /// The mapping of a finished run, for "import now" after a clean dry run.
    mapping: Vec<(String, String)>,
}

impl RunPage {
    fn t(&self) -> &Task {
        &self.run.task
    }
    fn sheet_label(&self, importer: &str, sheet: &str) -> String {
        self.c.tr.t(&format!("import-sheet-{importer}-{sheet}"))
    }
}

pub(crate) async fn run(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let run = run_of(&s, &staff.caller, &id).await.or_page(&staff)?;
    let running = run.task.status == "queued" || run.task.status == "running";
    let mapping = run
        .report
        .iter()
        .flat_map(|r| r.mapping.iter())
        .flat_map(|(sheet, m)| m.iter().map(move |(field, h)| (format!("map.{sheet}.{field}"), h.clone())))
        .collect();
    let p = RunPage { c: staff.shell("import", &f), run, running, mapping };
    Ok(render(axum::http::StatusCode::OK, &p))
}

pub(crate) async fn failed(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    failed_response(&s, &staff.caller, &id).await.or_page(&staff).into_response()
}
