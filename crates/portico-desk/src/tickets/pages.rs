//! The agent's screens: the inbox (views with their counts beside the list) and a ticket
//! (the conversation in the middle, its properties on the right, the reply under it).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use portico_http::form::{FormState, Posted, sent};
use portico_http::list::{self, Bulk, Cell, Column, Filter, ListQuery, ListView, Row};
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff};
use portico_kernel::{AppError, Page};
use serde::Deserialize;

use super::attachments::{self, Attachment};
use super::comments::{self, Comment, NewComment};
use super::{NewTicket, PRIORITIES, STATUSES, TYPES, Ticket, TicketChange, TicketFilter, VIEWS, write};
use crate::groups::{self, Group};
use crate::kinds::TICKET;
use crate::{CREATE, EDIT, VIEW, parse};

#[derive(Deserialize, Default)]
pub(crate) struct InboxQuery {
    #[serde(flatten)]
    list: ListQuery,
    view: Option<String>,
    status: Option<String>,
    priority: Option<String>,
    group: Option<String>,
    #[serde(flatten)]
    flash: FlashQuery,
}

impl InboxQuery {
    fn view(&self) -> &str {
        self.view.as_deref().filter(|v| VIEWS.contains(v)).unwrap_or("unsolved")
    }
    fn filter<'a>(&'a self, me: &'a str) -> TicketFilter<'a> {
        let given = |v: &'a Option<String>| v.as_deref().filter(|s| !s.is_empty());
        TicketFilter {
            view: Some(self.view()),
            me: Some(me),
            q: self.list.search(),
            status: given(&self.status),
            priority: given(&self.priority),
            group: given(&self.group),
            requester: None,
        }
    }
}

#[derive(Template)]
#[template(path = "desk_inbox.html")]
struct InboxPage {
    c: Shell,
    /// Each view (key, label, count), and the one shown.
    views: Vec<(&'static str, String, i64)>,
    view: String,
    list: ListView,
    can_create: bool,
}

impl InboxPage {
    fn current(&self, key: &str) -> bool {
        key == self.view
    }
}

fn status_tone(status: &str) -> &'static str {
    match status {
        "new" => "warn",
        "open" => "bad",
        "pending" => "info",
        "solved" | "closed" => "ok",
        _ => "",
    }
}

fn priority_tone(priority: &str) -> &'static str {
    match priority {
        "urgent" => "bad",
        "high" => "warn",
        _ => "",
    }
}

/// What the inbox's bulk bar may do to the tickets ticked: set a status, assign (or not), or
/// send to a group (`target` is `status:solved`, `assign:<user>`, `group:<id>`).
fn bulk(tr: &portico_http::i18n::Tr, groups: &[Group], agents: &[(String, String)]) -> Bulk {
    let mut targets: Vec<(String, String)> = ["open", "pending", "hold", "solved", "closed"]
        .iter()
        .map(|s| {
            (
                format!("status:{s}"),
                tr.with("desk-bulk-status", &[("status", &tr.t(&format!("status-desk_ticket-{s}")))]),
            )
        })
        .collect();
    targets.extend(
        agents.iter().map(|(id, name)| (format!("assign:{id}"), tr.with("desk-bulk-assign", &[("name", name)]))),
    );
    targets.push(("assign:".into(), tr.t("desk-bulk-unassign")));
    targets
        .extend(groups.iter().map(|g| (format!("group:{}", g.id), tr.with("desk-bulk-group", &[("group", &g.name)]))));
    Bulk {
        action: "/desk/tickets/bulk".into(),
        choices: vec![("apply", tr.t("desk-bulk-apply"), None)],
        target: Some((tr.t("desk-bulk-target"), targets)),
        notify: None,
    }
}

fn view(
    staff: &Staff,
    q: &InboxQuery,
    page: Page<Ticket>,
    groups: &[Group],
    agents: &[(String, String)],
    chosen: Option<&str>,
) -> ListView {
    let tr = staff.tr();
    let columns = vec![
        Column::new("subject", tr.t("desk-col-subject")).sorted("subject").fixed(),
        Column::new("status", tr.t("field-status")).sorted("status").nowrap(),
        Column::new("priority", tr.t("desk-field-priority")).sorted("priority").nowrap(),
        Column::new("group", tr.t("desk-field-group")),
        Column::new("assignee", tr.t("desk-field-assignee")),
        Column::new("updated", tr.t("col-updated")).sorted("updated").nowrap(),
    ];
    let rows = page
        .items
        .iter()
        .map(|t| Row {
            id: t.id.clone(),
            cells: vec![
                Cell::link(t.subject.clone(), format!("/desk/tickets/{}", t.id)).with_sub(format!(
                    "#{} · {} · {}",
                    t.number,
                    t.requester_name,
                    tr.t(&format!("value-channel-{}", t.channel))
                )),
                Cell::badge(tr.t(&format!("status-desk_ticket-{}", t.status)), status_tone(&t.status)),
                Cell::badge(tr.t(&format!("value-priority-{}", t.priority)), priority_tone(&t.priority)),
                Cell::text(t.group_name.clone().unwrap_or_default()),
                match &t.assignee_name {
                    Some(name) => Cell::text(name.clone()),
                    None => Cell::muted(tr.t("desk-unassigned")),
                },
                Cell::text(tr.datetime(t.updated_at)),
            ],
        })
        .collect();
    let options = |prefix: &str, values: &[&str]| {
        let mut all = vec![(String::new(), tr.t("filter-all"))];
        all.extend(values.iter().map(|v| (v.to_string(), tr.t(&format!("{prefix}{v}")))));
        all
    };
    let mut group_options = vec![(String::new(), tr.t("filter-all"))];
    group_options.extend(groups.iter().map(|g| (g.id.clone(), g.name.clone())));
    let base = format!("/desk?view={}", q.view());
    ListView::new("desk-tickets", &base, columns, &page, &q.list, chosen, &tr)
        .rows(rows)
        .filter(Filter {
            name: "status",
            label: tr.t("field-status"),
            options: options("status-desk_ticket-", &STATUSES),
            value: q.status.clone().unwrap_or_default(),
        })
        .filter(Filter {
            name: "priority",
            label: tr.t("desk-field-priority"),
            options: options("value-priority-", &PRIORITIES),
            value: q.priority.clone().unwrap_or_default(),
        })
        .filter(Filter {
            name: "group",
            label: tr.t("desk-field-group"),
            options: group_options,
            value: q.group.clone().unwrap_or_default(),
        })
        .bulk(bulk(&tr, groups, agents))
        .empty(tr.t(&format!("desk-view-{}-empty", q.view())))
}

/// Who may be assigned tickets of the units the caller sees (id, name), each once.
async fn agents(s: &AppState, staff: &Staff) -> Result<Vec<(String, String)>, AppError> {
    let authz = &staff.caller.authz;
    let units: Vec<_> = portico_authz::units::list(authz, &authz.scope(VIEW)?).iter().take(50).map(|u| u.id).collect();
    portico_authz::store::eligible_in_any(s.db.pool(), authz.workspace(), &units, EDIT).await
}

/// The bulk bar: each ticket ticked changed in turn (on its current version).
pub(crate) async fn bulk_change(
    State(s): State<AppState>,
    staff: Staff,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Response {
    let result = async {
        let target = sent(&f, "target");
        let change = match target.split_once(':') {
            Some(("status", status)) => TicketChange { status: Some(status.into()), ..Default::default() },
            Some(("assign", user)) => TicketChange { assignee_id: Some(user.into()), ..Default::default() },
            Some(("group", group)) => TicketChange { group_id: Some(group.into()), ..Default::default() },
            _ => return Err(AppError::field(portico_kernel::ErrorCode::InvalidValue, "target")),
        };
        for (_, id) in f.iter().filter(|(k, _)| k == "id") {
            let id: uuid::Uuid = parse(id)?;
            write::change(&s.db, s.clock.as_ref(), &staff.caller.authz, &id.to_string(), &change).await?;
        }
        Ok(())
    }
    .await;
    portico_http::ui::after("/desk", result.map(|_| "desk-bulk-done")).into_response()
}

pub(crate) async fn inbox(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Query(q): Query<InboxQuery>,
) -> Result<Response, PageError> {
    let chosen = list::chosen(&headers, "desk-tickets");
    let scope = staff.caller.authz.scope(VIEW).or_page(&staff)?;
    let me = staff.caller.user.to_db();
    let groups = groups::list(s.db.pool(), &scope).await.or_page(&staff)?;
    let agents = agents(&s, &staff).await.or_page(&staff)?;
    if q.list.wants_csv() {
        let (pool, scope, f) = (s.db.pool(), &scope, q.filter(&me));
        let all = list::all_rows(&q.list, |req| async move { super::list(pool, scope, &req, f).await })
            .await
            .or_page(&staff)?;
        return Ok(list::csv_response("tickets", view(&staff, &q, all, &groups, &agents, chosen.as_deref()).csv()));
    }
    let page =
        super::list(s.db.pool(), &scope, &q.list.request(50).or_page(&staff)?, q.filter(&me)).await.or_page(&staff)?;
    let tr = staff.tr();
    let views = super::counts(s.db.pool(), &scope, &me)
        .await
        .or_page(&staff)?
        .into_iter()
        .map(|(v, n)| (v, tr.t(&format!("desk-view-{v}")), n))
        .collect();
    let list = view(&staff, &q, page, &groups, &agents, chosen.as_deref());
    let can_create = staff.caller.authz.scope(CREATE).is_ok();
    Ok(portico_http::ui::page(&InboxPage {
        c: staff.shell("desk-inbox", &q.flash),
        views,
        view: q.view().to_string(),
        list,
        can_create,
    }))
}

#[derive(Template)]
#[template(path = "desk_ticket.html")]
struct TicketPage {
    c: Shell,
    t: Ticket,
    comments: Vec<Comment>,
    /// The files the comments carry.
    files: Vec<Attachment>,
    groups: Vec<Group>,
    /// Who may be assigned (id, name).
    agents: Vec<(String, String)>,
    can_edit: bool,
    form: FormState,
    /// The form sent was made on an older version: what changed is shown above it.
    changed: bool,
    /// When the page was shown (sent back with its forms): after a refusal, what was written
    /// since then is marked new.
    seen: i64,
    /// When the refused form's page was shown.
    seen_before: Option<i64>,
    /// The macros a reply may start from (key, name).
    macros: Vec<(String, String)>,
    /// The workspace's custom fields for tickets, with this one's values.
    fields: Vec<portico_http::custom::FormField>,
    custom_action: String,
    /// The time logged on it, and who is looking (their timer).
    time: Vec<crate::time::TimeEntry>,
    me: String,
}

impl TicketPage {
    fn statuses(&self) -> &'static [&'static str] {
        &STATUSES
    }
    fn priorities(&self) -> &'static [&'static str] {
        &PRIORITIES
    }
    fn types(&self) -> &'static [&'static str] {
        &TYPES
    }
    fn status_tone(&self) -> &'static str {
        status_tone(&self.t.status)
    }
    /// The value a property's field shows: as sent (refused), else as stored.
    fn chosen(&self, field: &str, stored: &str, option: &str) -> bool {
        if self.form.is("properties") && !self.changed {
            self.form.chosen(field, option, false)
        } else {
            stored == option
        }
    }
    /// What the reply's status is by default: the ticket's, or open for a new one.
    fn reply_status(&self) -> &str {
        match self.form.value("status") {
            "" if self.t.status == "new" => "open",
            "" => &self.t.status,
            s => s,
        }
    }
    fn files_of(&self, m: &Comment) -> Vec<&Attachment> {
        self.files.iter().filter(|f| f.comment_id.as_deref() == Some(m.id.as_str())).collect()
    }
    fn is_new(&self, m: &Comment) -> bool {
        self.seen_before.is_some_and(|seen| m.created_at > seen)
    }
    /// The time logged, as people read it.
    fn total(&self) -> String {
        crate::time::said(self.time.iter().map(|e| e.minutes).sum())
    }
    fn timer_runs(&self) -> bool {
        self.time.iter().any(|e| e.started_at.is_some() && e.user_id == self.me)
    }
    fn minutes(&self, e: &crate::time::TimeEntry) -> String {
        crate::time::said(e.minutes)
    }
    fn tags_value(&self) -> String {
        if self.form.is("properties") && !self.changed {
            self.form.value("tags").to_string()
        } else {
            self.t.tags.clone()
        }
    }
}

async fn ticket_page(
    s: &AppState,
    staff: &Staff,
    id: &str,
    form: FormState,
    flash: &FlashQuery,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let scope = authz.scope(VIEW).or_page(staff)?;
    let id: uuid::Uuid = parse(id).or_page(staff)?;
    let t = super::get(s.db.pool(), &scope, &id.to_string()).await.or_page(staff)?;
    let unit = t.unit().or_page(staff)?;
    let comments = comments::of_ticket(s.db.pool(), authz.workspace(), &t.id).await.or_page(staff)?;
    let files = attachments::of_ticket(s.db.pool(), authz.workspace(), &t.id).await.or_page(staff)?;
    let groups = groups::list(s.db.pool(), &scope).await.or_page(staff)?;
    let [agents] = portico_authz::store::eligible(s.db.pool(), authz.workspace(), unit, [EDIT]).await.or_page(staff)?;
    let can_edit = authz.unit_cap(EDIT, unit).is_ok();
    let changed = form.refusal() == Some(portico_kernel::ErrorCode::Module(&crate::CHANGED));
    let seen_before = form.value("seen").parse().ok().filter(|_| changed);
    let status = form.status();
    let seen = s.clock.now_micros();
    let macros = portico_mail::templates::store::library(s.db.pool(), authz.workspace(), crate::macros::PURPOSE)
        .await
        .or_page(staff)?;
    let mut fields = portico_http::custom::form_fields(s, authz.as_ref(), TICKET, &t.id).await.or_page(staff)?;
    portico_http::custom::refill(&mut fields, &form, "custom", &staff.tr());
    let custom_action = format!("/desk/tickets/{}/custom", t.id);
    let time = crate::time::of_ticket(s.db.pool(), authz.workspace(), &t.id).await.or_page(staff)?;
    let page = TicketPage {
        c: staff.shell("desk-inbox", flash),
        t,
        comments,
        files,
        groups,
        agents,
        can_edit,
        form,
        changed,
        seen,
        seen_before,
        macros,
        fields,
        custom_action,
        time,
        me: staff.caller.user.to_db(),
    };
    Ok(portico_http::ui::render(status, &page))
}

pub(crate) async fn ticket(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    ticket_page(&s, &staff, &id, FormState::fresh(), &f).await
}

/// The answer to one of a ticket page's forms: on to `to` when it was taken, else the page
/// again with form `name` refused and what was typed kept.
async fn answered(
    s: &AppState,
    staff: &Staff,
    id: &str,
    name: &'static str,
    f: &[(String, String)],
    result: Result<String, AppError>,
) -> Result<Response, PageError> {
    match result {
        Ok(to) => Ok(Redirect::to(&to).into_response()),
        Err(e) => ticket_page(s, staff, id, FormState::failed(name, &f, &e, &staff.tr()), &FlashQuery::default()).await,
    }
}

fn version(f: &[(String, String)]) -> Option<i64> {
    sent(f, "version").trim().parse().ok()
}

/// The properties form: status, priority, type, group, assignee, tags.
pub(crate) async fn save(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let change = TicketChange {
        version: version(&f),
        subject: None,
        status: Some(sent(&f, "status").to_string()),
        priority: Some(sent(&f, "priority").to_string()),
        ticket_type: Some(sent(&f, "ticket_type").to_string()),
        group_id: Some(sent(&f, "group_id").to_string()),
        assignee_id: Some(sent(&f, "assignee_id").to_string()),
        tags: Some(vec![sent(&f, "tags").to_string()]),
        comment: None,
    };
    let result = async {
        let id: uuid::Uuid = parse(&id)?;
        write::change(&s.db, s.clock.as_ref(), &staff.caller.authz, &id.to_string(), &change).await
    }
    .await
    .map(|t| format!("/desk/tickets/{}?notice=saved", t.id))
    .map_err(|mut e| {
        // The page sends the tags in one field.
        if e.field.as_deref().is_some_and(|f| f.starts_with("tags.")) {
            e.field = Some("tags".into());
        }
        e
    });
    answered(&s, &staff, &id, "properties", &f, result).await
}

/// A reply or a note, with the files chosen beside it.
pub(crate) async fn reply(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    posted: Posted,
) -> Result<Response, PageError> {
    let f = posted.fields;
    let mut comment = NewComment {
        body: sent(&f, "body").to_string(),
        public: sent(&f, "public") != "0",
        version: version(&f),
        status: Some(sent(&f, "status").to_string()).filter(|s| !s.is_empty()),
        uploads: Vec::new(),
    };
    let result = async {
        let id: uuid::Uuid = parse(&id)?;
        let authz = &staff.caller.authz;
        // Files are kept only for a ticket the person may answer.
        super::editable(s.db.pool(), authz, &id.to_string()).await?;
        let mut token = None;
        for file in &posted.files {
            let q = attachments::UploadQuery { filename: Some(file.filename.clone()), token: token.clone() };
            let made = attachments::upload(&s.db, &s.blobs, s.clock.as_ref(), authz, &q, &file.bytes)
                .await
                .map_err(|e| AppError { field: Some("files".into()), ..e })?;
            token = Some(made.token);
        }
        comment.uploads = token.into_iter().collect();
        comments::write(&s.db, s.clock.as_ref(), authz, &id.to_string(), &comment).await
    }
    .await
    .map(|_| {
        let notice = if comment.public { "desk-reply-sent" } else { "desk-note-added" };
        format!("/desk/tickets/{id}?notice={notice}#conversation")
    });
    answered(&s, &staff, &id, "reply", &f, result).await
}

/// The custom fields' form.
pub(crate) async fn save_custom(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let ticket: uuid::Uuid = parse(&id).or_page(&staff)?;
    let result = portico_http::custom::save_form(&s, &staff.caller, TICKET, &ticket.to_string(), &f)
        .await
        .map(|()| format!("/desk/tickets/{ticket}?notice=saved"));
    answered(&s, &staff, &id, "custom", &f, result).await
}

/// Merge this ticket into the one numbered in the form; then that one is shown.
pub(crate) async fn merge(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let merged = async {
        let ticket: uuid::Uuid = parse(&id)?;
        let number: i64 = sent(&f, "number")
            .trim()
            .trim_start_matches('#')
            .parse()
            .map_err(|_| AppError::field(portico_kernel::ErrorCode::InvalidNumber, "number"))?;
        let into = super::by_number(s.db.pool(), &authz.scope(VIEW)?, number)
            .await
            .map_err(|_| AppError::field(portico_kernel::ErrorCode::InvalidValue, "number"))?;
        write::merge(&s.db, s.clock.as_ref(), authz, &staff.tr(), &ticket.to_string(), &into.id).await
    }
    .await
    .map(|t| format!("/desk/tickets/{}?notice=desk-merged", t.id));
    answered(&s, &staff, &id, "merge", &f, merged).await
}

/// A macro put into the reply (after what was typed): the page again, the reply drafted.
pub(crate) async fn insert_macro(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    posted: Posted,
) -> Result<Response, PageError> {
    let f = posted.fields;
    let authz = &staff.caller.authz;
    let written = async {
        let ticket: uuid::Uuid = parse(&id)?;
        let (t, _) = super::editable(s.db.pool(), authz, &ticket.to_string()).await?;
        let mut tx = s.db.begin().await?;
        crate::macros::written(&mut tx, authz.workspace(), &t, sent(&f, "macro"), &staff.caller.name).await
    }
    .await;
    let state = match written {
        Ok(text) => {
            let typed = sent(&f, "body").trim_end();
            let body = if typed.is_empty() { text } else { format!("{typed}\n\n{text}") };
            let mut values: Vec<(String, String)> = f.iter().filter(|(k, _)| k != "body").cloned().collect();
            values.push(("body".into(), body));
            FormState::drafted("reply", &values)
        }
        Err(e) => FormState::failed("reply", &f, &e, &staff.tr()),
    };
    ticket_page(&s, &staff, &id, state, &FlashQuery::default()).await
}

#[derive(Template)]
#[template(path = "desk_ticket_new.html")]
struct NewTicketPage {
    c: Shell,
    units: Vec<portico_authz::units::Unit>,
    groups: Vec<Group>,
    form: FormState,
}

impl NewTicketPage {
    fn priorities(&self) -> &'static [&'static str] {
        &PRIORITIES
    }
    fn types(&self) -> &'static [&'static str] {
        &TYPES
    }
}

async fn new_page(s: &AppState, staff: &Staff, form: FormState) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let units = portico_authz::units::list(authz, &authz.scope(CREATE).or_page(staff)?);
    let groups = groups::list(s.db.pool(), &authz.scope(VIEW).or_page(staff)?).await.or_page(staff)?;
    let status = form.status();
    let page = NewTicketPage { c: staff.shell("desk-inbox", &FlashQuery::default()), units, groups, form };
    Ok(portico_http::ui::render(status, &page))
}

pub(crate) async fn new_ticket(State(s): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    new_page(&s, &staff, FormState::fresh()).await
}

pub(crate) async fn create(
    State(s): State<AppState>,
    staff: Staff,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let input = NewTicket {
        unit_id: sent(&f, "unit_id").to_string(),
        subject: sent(&f, "subject").to_string(),
        description: sent(&f, "description").to_string(),
        requester_email: sent(&f, "requester_email").to_string(),
        requester_name: sent(&f, "requester_name").to_string(),
        priority: sent(&f, "priority").to_string(),
        ticket_type: sent(&f, "ticket_type").to_string(),
        channel: sent(&f, "channel").to_string(),
        group_id: sent(&f, "group_id").to_string(),
        ..Default::default()
    };
    match write::create(&s.db, s.clock.as_ref(), &staff.caller.authz, &input).await {
        Ok(id) => Ok(Redirect::to(&format!("/desk/tickets/{id}?notice=desk-ticket-created")).into_response()),
        Err(e) => new_page(&s, &staff, FormState::failed("ticket", &f, &e, &staff.tr())).await,
    }
}
