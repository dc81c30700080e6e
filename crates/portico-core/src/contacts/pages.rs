//! The contacts pages: the list with a form to add one, and a contact's own page.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use portico_authz::units::{self, Unit};
use portico_http::form::FormState;
use portico_http::list::{self, Bulk, Cell, Column, Filter, ListQuery, ListView, Row};
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, render};
use portico_kernel::{AppError, ContactId, ErrorCode, Page};
use serde::Deserialize;

use super::store::{self, CREATE, Contact, ContactFilter, ContactInput, EDIT, KIND, VIEW};
use crate::parse;

#[derive(Template)]
#[template(path = "contacts.html")]
pub(crate) struct ContactsPage {
    c: Shell,
    list: ListView,
    units: Vec<Unit>,
    fields: Vec<portico_http::custom::FormField>,
    /// Whether the caller may add contacts (the shared fields partial reads it).
    can_edit: bool,
    form: FormState,
}

#[derive(Deserialize, Default)]
pub(crate) struct ContactsQuery {
    #[serde(flatten)]
    list: ListQuery,
    unit: Option<String>,
    #[serde(flatten)]
    flash: FlashQuery,
}

impl ContactsQuery {
    fn filter(&self) -> ContactFilter<'_> {
        ContactFilter { q: self.list.search(), unit: self.unit.as_deref().and_then(|u| u.parse().ok()) }
    }
}

async fn view(
    s: &AppState,
    staff: &Staff,
    q: &ContactsQuery,
    page: Page<Contact>,
    chosen: Option<&str>,
) -> Result<ListView, AppError> {
    let (authz, tr) = (&staff.caller.authz, staff.tr());
    let scope = authz.scope(VIEW)?;
    let visible = units::list(authz, &scope);
    let path = |id: &str| visible.iter().find(|u| u.id.to_db() == id).map(|u| u.path.clone()).unwrap_or_default();
    let ids: Vec<String> = page.items.iter().map(|c| c.id.clone()).collect();
    let custom = portico_http::custom::list_columns(s, &scope, KIND, &ids, &tr).await?;
    let mut columns = vec![
        Column::new("name", tr.t("field-name")).sorted("name").fixed(),
        Column::new("email", tr.t("field-email")).sorted("email").nowrap(),
        Column::new("phone", tr.t("field-phone")).nowrap(),
        Column::new("company", tr.t("field-company")).sorted("company"),
        Column::new("unit", tr.t("field-unit")),
        Column::new("updated", tr.t("col-updated")).sorted("updated").nowrap(),
    ];
    columns.extend(custom.columns());
    let rows = page
        .items
        .iter()
        .zip(&custom.cells)
        .map(|(c, values)| {
            let mut cells = vec![
                Cell::link(c.name.clone(), format!("/contacts/{}", c.id)),
                Cell::text(c.email.clone().unwrap_or_default()),
                Cell::text(c.phone.clone()),
                Cell::text(c.company.clone()),
                Cell::text(path(&c.unit_id)),
                Cell::text(tr.date(c.updated_at)),
            ];
            cells.extend(portico_http::custom::Columns::row(values));
            Row { id: c.id.clone(), cells }
        })
        .collect();
    let mut options = vec![(String::new(), tr.t("filter-all"))];
    options.extend(visible.iter().map(|u| (u.id.to_db(), u.path.clone())));
    let unit = Filter { name: "unit", label: tr.t("field-unit"), options, value: q.unit.clone().unwrap_or_default() };
    Ok(ListView::new("contacts", "/contacts", columns, &page, &q.list, chosen, &tr)
        .rows(rows)
        .filter(unit)
        .bulk(Bulk {
            action: "/contacts/bulk".into(),
            choices: vec![("delete", tr.t("delete"), Some(tr.t("contacts-delete-confirm")))],
            ..Default::default()
        })
        .empty(tr.t("contacts-empty")))
}

async fn contacts_page(
    s: &AppState,
    staff: &Staff,
    q: &ContactsQuery,
    chosen: Option<&str>,
    form: FormState,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let scope = authz.scope(VIEW).or_page(staff)?;
    let rows =
        store::list(s.db.pool(), &scope, &q.list.request(50).or_page(staff)?, q.filter()).await.or_page(staff)?;
    let list = view(s, staff, q, rows, chosen).await.or_page(staff)?;
    let units = authz.scope(CREATE).map(|sc| units::list(authz, &sc)).unwrap_or_default();
    let mut fields = portico_http::custom::form_fields(s, authz.as_ref(), KIND, "").await.or_page(staff)?;
    portico_http::custom::refill(&mut fields, &form, "contact", &staff.tr());
    let can_edit = !units.is_empty();
    let p = ContactsPage { c: staff.shell("contacts", &q.flash), list, units, fields, can_edit, form };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn contacts(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Query(q): Query<ContactsQuery>,
) -> Result<Response, PageError> {
    let chosen = list::chosen(&headers, "contacts");
    if q.list.wants_csv() {
        let scope = staff.caller.authz.scope(VIEW).or_page(&staff)?;
        let (pool, scope, f) = (s.db.pool(), &scope, q.filter());
        let all = list::all_rows(&q.list, |req| async move { store::list(pool, scope, &req, f).await })
            .await
            .or_page(&staff)?;
        return Ok(list::csv_response(
            "contacts",
            view(&s, &staff, &q, all, chosen.as_deref()).await.or_page(&staff)?.csv(),
        ));
    }
    contacts_page(&s, &staff, &q, chosen.as_deref(), FormState::fresh()).await
}

/// The fields of a contact form, as typed.
struct Typed {
    name: String,
    email: String,
    phone: String,
    company: String,
    locale: String,
    unit_id: String,
}

fn typed(form: &[(String, String)]) -> Typed {
    let get = |k: &str| portico_http::form::sent(form, k).to_string();
    Typed {
        name: get("name"),
        email: get("email"),
        phone: get("phone"),
        company: get("company"),
        locale: get("locale"),
        unit_id: get("unit_id"),
    }
}

impl Typed {
    fn input(&self) -> ContactInput {
        ContactInput {
            name: self.name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            company: self.company.clone(),
            locale: self.locale.clone(),
        }
    }
}

pub(crate) async fn create(
    State(s): State<AppState>,
    staff: Staff,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let t = typed(&form);
    let result = async {
        let unit = units::parse_unit("unit_id", &t.unit_id)?;
        let cap = staff.caller.authz.unit_cap(CREATE, unit).map_err(|e| e.or_field("unit_id"))?;
        let defs = portico_fields::list(s.db.pool(), &cap, Some(KIND)).await?;
        let custom = portico_http::custom::from_form(&defs, &form);
        store::create(&s.db, s.clock.as_ref(), &staff.caller.authz, unit, &t.input(), &custom).await
    }
    .await;
    match result {
        Ok(id) => Redirect::to(&format!("/contacts/{id}?notice=contact-created")).into_response(),
        Err(e) => {
            let state = FormState::failed("contact", &form, &e, &staff.tr());
            contacts_page(&s, &staff, &ContactsQuery::default(), None, state).await.into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "contact.html")]
pub(crate) struct ContactPage {
    c: Shell,
    contact: Contact,
    unit_path: String,
    fields: Vec<portico_http::custom::FormField>,
    can_edit: bool,
    form: FormState,
    /// Mail filed with the contact, newest last.
    conversations: Vec<portico_mail::inbound::messages::ThreadEntry>,
    /// What bounces or complaints said of their address.
    address: Option<portico_mail::inbound::addresses::AddressStatus>,
}

impl ContactPage {
    /// The start of what someone wrote, for the timeline.
    fn excerpt(&self, text: &str) -> String {
        let t: String = text.chars().take(280).collect();
        if t.len() < text.len() { format!("{t}…") } else { t }
    }
}

async fn contact_page(
    s: &AppState,
    staff: &Staff,
    id: ContactId,
    f: &FlashQuery,
    form: Option<FormState>,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let scope = authz.scope(VIEW).or_page(staff)?;
    let contact = store::get(s.db.pool(), &scope, id).await.or_page(staff)?;
    let unit: portico_kernel::UnitId = parse(&contact.unit_id).or_page(staff)?;
    let unit_path = units::list(authz, &scope).into_iter().find(|u| u.id == unit).map(|u| u.path).unwrap_or_default();
    let mut fields = portico_http::custom::form_fields(s, authz.as_ref(), KIND, &contact.id).await.or_page(staff)?;
    let form = form.unwrap_or_else(|| FormState::editing(&contact));
    portico_http::custom::refill(&mut fields, &form, "contact", &staff.tr());
    let can_edit = authz.unit_cap(EDIT, unit).is_ok();
    let conversations =
        portico_mail::inbound::messages::of_record(s.db.pool(), &scope, KIND, &contact.id, 50).await.or_page(staff)?;
    let address = match &contact.email {
        Some(e) => portico_mail::inbound::addresses::status(s.db.pool(), &scope, e)
            .await
            .or_page(staff)?
            .filter(|a| a.status != "ok"),
        None => None,
    };
    let p = ContactPage {
        c: staff.shell("contacts", f),
        contact,
        unit_path,
        fields,
        can_edit,
        form,
        conversations,
        address,
    };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn contact(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    contact_page(&s, &staff, parse(&id).or_page(&staff)?, &f, None).await
}

pub(crate) async fn save(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let Ok(id) = parse::<ContactId>(&id) else { return after("/contacts", Err(AppError::not_found())).into_response() };
    let t = typed(&form);
    let result = async {
        let defs = portico_fields::list(s.db.pool(), staff.caller.authz.as_ref(), Some(KIND)).await?;
        let custom = portico_http::custom::from_form(&defs, &form);
        store::update(&s.db, s.clock.as_ref(), &staff.caller.authz, id, &t.input(), &custom).await
    }
    .await;
    match result {
        Ok(()) => after(&format!("/contacts/{id}"), Ok("saved")).into_response(),
        Err(e) => {
            let state = FormState::failed("contact", &form, &e, &staff.tr());
            contact_page(&s, &staff, id, &FlashQuery::default(), Some(state)).await.into_response()
        }
    }
}

pub(crate) async fn delete(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result = async { store::delete(&s.db, s.clock.as_ref(), &staff.caller.authz, parse(&id)?).await }.await;
    match result {
        Ok(()) => after("/contacts", Ok("contact-deleted")).into_response(),
        Err(e) => after(&format!("/contacts/{id}"), Err(e)).into_response(),
    }
}

pub(crate) async fn erase(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result =
        async { super::erase::erase(&s.db, s.registry(), s.clock.as_ref(), &staff.caller.authz, parse(&id)?).await }
            .await;
    after(&format!("/contacts/{id}"), result.map(|_| "contact-erased")).into_response()
}

/// Delete the selected contacts, each as its own checked and audited deletion.
pub(crate) async fn bulk(State(s): State<AppState>, staff: Staff, Form(f): Form<Vec<(String, String)>>) -> Response {
    let result = async {
        if !f.iter().any(|(k, v)| k == "action" && v == "delete") {
            return Err(AppError::field(ErrorCode::InvalidValue, "action"));
        }
        for (_, id) in f.iter().filter(|(k, _)| k == "id") {
            store::delete(&s.db, s.clock.as_ref(), &staff.caller.authz, parse(id)?).await?;
        }
        Ok(())
    }
    .await;
    after("/contacts", result.map(|_| "contact-deleted")).into_response()
}
