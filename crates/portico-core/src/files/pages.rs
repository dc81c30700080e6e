//! Files: upload, list, detail with guest links; and the guest's own page.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use portico_auth::magic::{self, MagicLink};
use portico_authz::units::{self, Unit};
use portico_files::store::{self, FileFilter, FileMeta, Upload};
use portico_http::list::{Bulk, Cell, Column, Filter, ListQuery, ListView, Row};
use portico_kernel::ids::parse_db_id;
use portico_kernel::{AppError, ErrorCode, FileId, MagicLinkId, Page, UnitId};
use serde::Deserialize;

use crate::files::api::{ShareInput, attachment, read_upload, share_file};
use portico_http::extract::Links;
use portico_http::form::FormState;
use portico_http::i18n::Tr;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, Visitor, after, error_page, page, render};

#[derive(Template)]
#[template(path = "files.html")]
pub(crate) struct FilesPage {
    c: Shell,
    list: ListView,
    units: Vec<Unit>,
    /// The upload form, when it comes back refused.
    upload: FormState,
}

#[derive(Deserialize, Default)]
pub(crate) struct FilesQuery {
    #[serde(flatten)]
    list: ListQuery,
    unit: Option<String>,
    #[serde(flatten)]
    flash: FlashQuery,
}

impl FilesQuery {
    fn filter(&self) -> FileFilter<'_> {
        FileFilter { q: self.list.search(), unit: self.unit.as_deref().and_then(|u| u.parse().ok()) }
    }
}

/// The files list: name, unit, type, size, date, then the custom fields.
async fn files_view(
    s: &AppState,
    staff: &Staff,
    q: &FilesQuery,
    page: Page<FileMeta>,
    chosen: Option<&str>,
) -> Result<ListView, AppError> {
    let (authz, tr) = (&staff.caller.authz, staff.tr());
    let scope = authz.scope(store::VIEW)?;
    let visible = units::list(authz, &scope);
    let path = |id: &str| visible.iter().find(|u| u.id.to_db() == id).map(|u| u.path.clone()).unwrap_or_default();
    let ids: Vec<String> = page.items.iter().map(|f| f.id.clone()).collect();
    let custom = portico_http::custom::list_columns(s, &scope, "file", &ids, &tr).await?;
    let mut columns = vec![
        Column::new("name", tr.t("col-name")).sorted("name").fixed(),
        Column::new("unit", tr.t("field-unit")),
        Column::new("type", tr.t("col-type")).sorted("type"),
        Column::new("size", tr.t("col-size")).sorted("size").nowrap(),
        Column::new("created", tr.t("col-time")).sorted("id").nowrap(),
    ];
    columns.extend(custom.columns());
    let rows = page
        .items
        .iter()
        .zip(&custom.cells)
        .map(|(f, values)| {
            let mut cells = vec![
                Cell::link(f.filename.clone(), format!("/files/{}", f.id)),
                Cell::text(path(&f.unit_id)),
                Cell::muted(tr.t(&format!("mime-{}", portico_files::kind_of(&f.content_type)))),
                Cell::text(tr.size(f.size_bytes)),
                Cell::text(tr.datetime(f.created_at)),
            ];
            cells.extend(portico_http::custom::Columns::row(values));
            Row { id: f.id.clone(), cells }
        })
        .collect();
    let mut options = vec![(String::new(), tr.t("filter-all"))];
    options.extend(visible.iter().map(|u| (u.id.to_db(), u.path.clone())));
    let unit = Filter { name: "unit", label: tr.t("field-unit"), options, value: q.unit.clone().unwrap_or_default() };
    Ok(ListView::new("files", "/files", columns, &page, &q.list, chosen, &tr)
        .rows(rows)
        .filter(unit)
        .bulk(Bulk {
            action: "/files/bulk".into(),
            choices: vec![("delete", tr.t("delete"), Some(tr.t("files-delete-confirm")))],
            ..Default::default()
        })
        .empty(tr.t("files-empty")))
}

pub(crate) async fn list(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Query(q): Query<FilesQuery>,
) -> Result<Response, PageError> {
    let scope = staff.caller.authz.scope(store::VIEW).or_page(&staff)?;
    let chosen = portico_http::list::chosen(&headers, "files");
    if q.list.wants_csv() {
        let (pool, scope, f) = (s.db.pool(), &scope, q.filter());
        let all = portico_http::list::all_rows(&q.list, |req| async move { store::list(pool, scope, &req, f).await })
            .await
            .or_page(&staff)?;
        let view = files_view(&s, &staff, &q, all, chosen.as_deref()).await.or_page(&staff)?;
        return Ok(portico_http::list::csv_response("files", view.csv()));
    }
    files_page(&s, &staff, &q, chosen.as_deref(), FormState::fresh()).await
}

async fn files_page(
    s: &AppState,
    staff: &Staff,
    q: &FilesQuery,
    chosen: Option<&str>,
    upload: FormState,
) -> Result<Response, PageError> {
    let scope = staff.caller.authz.scope(store::VIEW).or_page(staff)?;
    let req = q.list.request(50).or_page(staff)?;
    let files = store::list(s.db.pool(), &scope, &req, q.filter()).await.or_page(staff)?;
    let units = match staff.caller.authz.scope(store::CREATE) {
        Ok(sc) => units::list(&staff.caller.authz, &sc),
        Err(_) => Vec::new(),
    };
    let list = files_view(s, staff, q, files, chosen).await.or_page(staff)?;
    let p = FilesPage { c: staff.shell("files", &q.flash), list, units, upload };
    Ok(render(p.upload.status(), &p))
}

/// Delete the selected files (each as its own deletion, so each is checked and audited).
pub(crate) async fn bulk(State(s): State<AppState>, staff: Staff, Form(f): Form<Vec<(String, String)>>) -> Response {
    let action = f.iter().find(|(k, _)| k == "action").map(|(_, v)| v.as_str());
    let result = async {
        if action != Some("delete") {
            return Err(AppError::field(ErrorCode::InvalidValue, "action"));
        }
        for (_, id) in f.iter().filter(|(k, _)| k == "id") {
            store::delete(&s.db, s.clock.as_ref(), &staff.caller.authz, parse_db_id(id)?).await?;
        }
        Ok(())
    }
    .await;
    after("/files", result.map(|_| "file-deleted")).into_response()
}

pub(crate) async fn upload(State(s): State<AppState>, staff: Staff, mp: Multipart) -> Response {
    let mut sent_unit = String::new();
    let result = async {
        let (unit, name, bytes) = read_upload(mp).await?;
        sent_unit = unit.unwrap_or_default();
        let unit = units::parse_unit("unit_id", &sent_unit)?;
        let cap = staff.caller.authz.unit_cap(store::CREATE, unit).map_err(|e| e.or_field("unit_id"))?;
        store::upload(&s.db, s.clock.as_ref(), &s.blobs, &cap, Upload { filename: &name, bytes: &bytes }).await
    }
    .await;
    match result {
        Ok(id) => after(&format!("/files/{id}"), Ok("file-uploaded")).into_response(),
        Err(e) => {
            // The unit chosen stays chosen; a file is chosen again (browsers never refill one).
            let form = FormState::failed("upload", &serde_json::json!({"unit_id": sent_unit}), &e, &staff.tr());
            let (q, chosen) = (FilesQuery::default(), None);
            files_page(&s, &staff, &q, chosen, form).await.into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "file.html")]
pub(crate) struct FilePage {
    c: Shell,
    meta: FileMeta,
    unit_path: String,
    text: Option<String>,
    links: Vec<MagicLink>,
    can_share: bool,
    can_delete: bool,
    new_link: Option<String>,
    /// Where an admin may move the file.
    units: Vec<Unit>,
    fields: Vec<portico_http::custom::FormField>,
    can_edit: bool,
    custom_action: String,
    form: FormState,
}

impl FilePage {
    /// "PDF · 38 KB · 2 Dec 2026 12:00 · Text reading: done", in the reader's words.
    fn summary(&self) -> String {
        let tr = &self.c.tr;
        let kind = tr.t(&format!("mime-{}", portico_files::kind_of(&self.meta.content_type)));
        let reading = tr.pair(&tr.t("extraction"), &tr.t(&format!("extraction-{}", self.meta.extraction_status)));
        [kind, tr.size(self.meta.size_bytes), tr.datetime(self.meta.created_at), reading].join(" · ")
    }
}

pub(crate) async fn detail(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let id: FileId = id.parse().map_err(|_| AppError::not_found()).or_page(&staff)?;
    file_page(&s, &staff, id, &q, None, FormState::fresh()).await
}

/// The file page; `new_link` is shown once, right after it was made (never put in a URL);
/// `form` is its custom fields form when it comes back refused.
pub(crate) async fn file_page(
    s: &AppState,
    staff: &Staff,
    id: FileId,
    flash: &FlashQuery,
    new_link: Option<String>,
    form: FormState,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let scope = authz.scope(store::VIEW).map_err(|_| AppError::not_found()).or_page(staff)?;
    let file = store::get(s.db.pool(), &scope, id).await.or_page(staff)?;
    let text =
        store::extracted_text(s.db.pool(), &scope, id).await.or_page(staff)?.map(|t| t.chars().take(5000).collect());
    let unit: UnitId = parse_db_id(&file.unit_id).or_page(staff)?;
    let edit = authz.unit_cap(store::EDIT, unit);
    let links = match &edit {
        Ok(cap) => magic::list_for(s.db.pool(), cap, "file", &id.to_db()).await.or_page(staff)?,
        Err(_) => Vec::new(),
    };
    let mut fields =
        portico_http::custom::form_fields(s, authz.as_ref(), store::RECORD_TYPE, &id.to_db()).await.or_page(staff)?;
    portico_http::custom::refill(&mut fields, &form, "custom", &staff.tr());
    let p = FilePage {
        c: staff.shell("files", flash),
        unit_path: authz.tree().path_name(unit),
        text,
        links,
        can_share: edit.is_ok(),
        can_delete: authz.unit_cap(store::DELETE, unit).is_ok(),
        new_link,
        fields,
        can_edit: edit.is_ok(),
        custom_action: format!("/files/{id}/custom"),
        form,
        units: if authz.is_admin() {
            units::list(authz, &authz.scope(units::VIEW).or_page(staff)?)
        } else {
            Vec::new()
        },
        meta: file,
    };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn custom_save(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let id: FileId = id.parse().map_err(|_| AppError::not_found()).or_page(&staff)?;
    match portico_http::custom::save_form(&s, &staff.caller, store::RECORD_TYPE, &id.to_db(), &form).await {
        Ok(()) => Ok(after(&format!("/files/{id}"), Ok("saved")).into_response()),
        Err(e) => {
            let state = FormState::failed("custom", &form, &e, &staff.tr());
            file_page(&s, &staff, id, &FlashQuery::default(), None, state).await
        }
    }
}

pub(crate) async fn download(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id: FileId = id.parse().map_err(|_| AppError::not_found()).or_page(&staff)?;
    let scope = staff.caller.authz.scope(store::VIEW).map_err(|_| AppError::not_found()).or_page(&staff)?;
    let meta = store::get(s.db.pool(), &scope, id).await.or_page(&staff)?;
    Ok(attachment(&s, &meta).or_page(&staff)?.into_response())
}

pub(crate) async fn delete(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result = match id.parse::<FileId>() {
        Ok(id) => store::delete(&s.db, s.clock.as_ref(), &staff.caller.authz, id).await,
        Err(_) => Err(AppError::not_found()),
    };
    match result {
        Ok(()) => after("/files", Ok("file-deleted")).into_response(),
        Err(e) => after(&format!("/files/{id}"), Err(e)).into_response(),
    }
}

#[derive(Deserialize)]
pub(crate) struct MoveForm {
    unit_id: String,
}

pub(crate) async fn move_file(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<MoveForm>,
) -> Response {
    let result = async {
        let file: FileId = id.parse().map_err(|_| AppError::not_found())?;
        let unit = units::parse_unit("unit_id", &f.unit_id)?;
        store::move_to_unit(&s.db, s.clock.as_ref(), &staff.caller.authz, file, unit).await
    }
    .await;
    after(&format!("/files/{id}"), result.map(|_| "file-moved")).into_response()
}

#[derive(Deserialize)]
pub(crate) struct ShareForm {
    label: String,
    #[serde(default)]
    email: String,
    expires_in_hours: Option<i64>,
}

pub(crate) async fn share(
    State(s): State<AppState>,
    staff: Staff,
    Links(links): Links,
    Path(id): Path<String>,
    Form(f): Form<ShareForm>,
) -> Response {
    let back = format!("/files/{id}");
    let Ok(file) = id.parse::<FileId>() else {
        return after(&back, Err(AppError::not_found())).into_response();
    };
    let input = ShareInput { label: f.label, email: f.email, expires_in_hours: f.expires_in_hours };
    match share_file(&s, &staff.caller, &links, file, &input).await {
        Ok((_, url)) => {
            let notice = FlashQuery { notice: Some("link-created".into()), ..Default::default() };
            file_page(&s, &staff, file, &notice, Some(url), FormState::fresh())
                .await
                .unwrap_or_else(IntoResponse::into_response)
        }
        Err(e) => after(&back, Err(e)).into_response(),
    }
}

pub(crate) async fn revoke(
    State(s): State<AppState>,
    staff: Staff,
    Path((id, link)): Path<(String, String)>,
) -> Response {
    let back = format!("/files/{id}");
    let result = async {
        let file: FileId = id.parse().map_err(|_| AppError::not_found())?;
        let link: MagicLinkId = link.parse().map_err(|_| AppError::not_found())?;
        let scope = staff.caller.authz.scope(store::VIEW).map_err(|_| AppError::not_found())?;
        let meta = store::get(s.db.pool(), &scope, file).await?;
        let cap = staff.caller.authz.unit_cap(store::EDIT, parse_db_id(&meta.unit_id)?)?;
        magic::revoke(&s.db, s.clock.as_ref(), &cap, "file", &file.to_db(), link).await
    }
    .await;
    after(&back, result.map(|_| "link-revoked")).into_response()
}

#[derive(Template)]
#[template(path = "guest.html")]
pub(crate) struct GuestPage {
    tr: Tr,
    csrf: String,
    back: String,
    label: String,
    meta: FileMeta,
    token: String,
}

/// What a guest link opens: exactly one file.
pub(crate) async fn guest_file(s: &AppState, token: &str) -> Result<FileMeta, AppError> {
    let guest = portico_http::extract::open_guest_link(s, token).await?;
    store::get_for_guest(s.db.pool(), &guest).await.map_err(|_| AppError::new(ErrorCode::LinkExpired))
}

pub(crate) async fn guest(State(s): State<AppState>, v: Visitor, Path(token): Path<String>) -> Response {
    match guest_file(&s, &token).await {
        Ok(meta) => page(&GuestPage {
            label: meta.filename.clone(),
            tr: v.tr,
            csrf: v.csrf,
            back: format!("/guest/{token}"),
            meta,
            token,
        }),
        Err(e) => error_page(&e, v.tr.locale),
    }
}

pub(crate) async fn guest_download(State(s): State<AppState>, v: Visitor, Path(token): Path<String>) -> Response {
    match guest_file(&s, &token).await.and_then(|f| attachment(&s, &f).map(IntoResponse::into_response)) {
        Ok(resp) => resp,
        Err(e) => error_page(&e, v.tr.locale),
    }
}
