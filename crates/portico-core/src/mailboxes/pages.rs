//! The mailbox pages (settings): the list with a form to add one; a mailbox with its
//! account, its status, its webhook and the mail it received. And a received message's own
//! page, for whoever sees its unit.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use portico_authz::units::{self, Unit};
use portico_http::form::FormState;
use portico_http::i18n::Tr;
use portico_http::list::{self, Cell, Column, Filter, ListQuery, ListView, Row};
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, page, render};
use portico_kernel::{AppError, MailboxId, Page, PageRequest};
use portico_mail::inbound::mailboxes::{self, Mailbox, MailboxInput, MailboxState};
use portico_mail::inbound::messages::{self, Message, MessageAttachment, MessageSummary};
use portico_webhooks::inbound::InboundRequest;
use serde::Deserialize;

use super::VIEW;
use crate::parse;

/// How often a mailbox without IDLE is fetched, as offered (seconds).
const POLL_CHOICES: [i64; 7] = [60, 120, 300, 600, 900, 1800, 3600];

/// A mailbox's state as people read it: a word and a tone.
fn status_of(tr: &Tr, m: &Mailbox, state: Option<&MailboxState>) -> (String, &'static str) {
    if m.active != 1 {
        return (tr.t("mailbox-status-inactive"), "");
    }
    if m.imap_host.is_empty() {
        return (tr.t("mailbox-status-webhook"), "");
    }
    match state.map(|s| s.status.as_str()) {
        Some("ok") => (tr.t("mailbox-status-ok"), "ok"),
        Some("failing") => (tr.t("mailbox-status-failing"), "bad"),
        _ => (tr.t("mailbox-status-waiting"), ""),
    }
}

/// What the form edits, as the fields are named.
fn form_values(m: &Mailbox) -> MailboxInput {
    MailboxInput {
        name: m.name.clone(),
        address: m.address.clone(),
        from_name: m.from_name.clone(),
        unit_id: m.unit_id.clone(),
        consumer: m.consumer.clone(),
        imap_host: m.imap_host.clone(),
        imap_port: Some(m.imap_port),
        imap_security: Some(m.imap_security.clone()),
        imap_username: m.imap_username.clone(),
        imap_password: String::new(),
        imap_folder: m.imap_folder.clone(),
        poll_seconds: Some(m.poll_seconds),
        acknowledge: m.acknowledge == 1,
    }
}

/// A submitted mailbox form (the checkbox is absent when unticked).
#[derive(Deserialize, serde::Serialize, Default)]
pub(crate) struct MailboxForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    from_name: String,
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    consumer: String,
    #[serde(default)]
    imap_host: String,
    #[serde(default)]
    imap_port: String,
    #[serde(default)]
    imap_security: String,
    #[serde(default)]
    imap_username: String,
    #[serde(default)]
    imap_password: String,
    #[serde(default)]
    imap_folder: String,
    #[serde(default)]
    poll_seconds: String,
    #[serde(default)]
    acknowledge: Option<String>,
}

impl MailboxForm {
    fn input(&self) -> Result<MailboxInput, AppError> {
        let number = |field: &str, v: &str| -> Result<Option<i64>, AppError> {
            match v.trim() {
                "" => Ok(None),
                n => n.parse().map(Some).map_err(|_| AppError::field(portico_kernel::ErrorCode::InvalidNumber, field)),
            }
        };
        Ok(MailboxInput {
            name: self.name.clone(),
            address: self.address.clone(),
            from_name: self.from_name.clone(),
            unit_id: self.unit_id.clone(),
            consumer: self.consumer.clone(),
            imap_host: self.imap_host.clone(),
            imap_port: number("imap_port", &self.imap_port)?,
            imap_security: Some(self.imap_security.clone()).filter(|s| !s.is_empty()),
            imap_username: self.imap_username.clone(),
            imap_password: self.imap_password.clone(),
            imap_folder: self.imap_folder.clone(),
            poll_seconds: number("poll_seconds", &self.poll_seconds)?,
            acknowledge: self.acknowledge.is_some(),
        })
    }
}

/// The choices of the mailbox form.
pub(crate) struct Choices {
    units: Vec<Unit>,
    /// (consumer name, label).
    consumers: Vec<(&'static str, String)>,
    /// (seconds, label).
    polls: Vec<(i64, String)>,
    /// (tls | starttls | none, label).
    securities: Vec<(&'static str, String)>,
}

fn choices(s: &AppState, staff: &Staff) -> Choices {
    let (authz, tr) = (&staff.caller.authz, staff.tr());
    let units = authz.scope(VIEW).map(|sc| units::list(authz, &sc)).unwrap_or_default();
    let consumers = s.suite.mail.all().iter().map(|c| (c.name(), tr.t(c.label()))).collect();
    let polls = POLL_CHOICES.iter().map(|s| (*s, tr.count("count-minutes", s / 60))).collect();
    let securities =
        ["tls", "starttls", "none"].into_iter().map(|k| (k, tr.t(&format!("imap-security-{k}")))).collect();
    Choices { units, consumers, polls, securities }
}

#[derive(Template)]
#[template(path = "mailboxes.html")]
pub(crate) struct MailboxesPage {
    c: Shell,
    list: ListView,
    choices: Choices,
    form: FormState,
    /// Senders whose mail waits in the suspended queue.
    blocked: Vec<portico_mail::inbound::blocked::BlockedSender>,
}

impl MailboxesPage {
    fn poll_default(&self) -> String {
        "600".into()
    }
    fn editing(&self) -> bool {
        false
    }
}

async fn mailboxes_page(
    s: &AppState,
    staff: &Staff,
    q: &ListQuery,
    f: &FlashQuery,
    form: FormState,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(staff)?;
    let all = mailboxes::list(s.db.pool(), &admin).await.or_page(staff)?;
    let tr = staff.tr();
    let choices = choices(s, staff);
    let unit_path =
        |id: &str| choices.units.iter().find(|u| u.id.to_db() == id).map(|u| u.path.clone()).unwrap_or_default();
    let columns = vec![
        Column::new("name", tr.t("field-name")).fixed(),
        Column::new("address", tr.t("field-address")).nowrap(),
        Column::new("consumer", tr.t("field-consumer")),
        Column::new("unit", tr.t("field-unit")),
        Column::new("status", tr.t("col-status")),
        Column::new("checked", tr.t("mailbox-last-checked")).nowrap(),
    ];
    let mut rows = Vec::new();
    for m in &all {
        let id: MailboxId = parse(&m.id).or_page(staff)?;
        let state = mailboxes::state(s.db.pool(), &admin, id).await.ok();
        let (word, tone) = status_of(&tr, m, state.as_ref());
        let consumer = s.suite.mail.get(&m.consumer).map(|c| tr.t(c.label())).unwrap_or_else(|| m.consumer.clone());
        let checked = state.as_ref().and_then(|st| st.last_attempt_at).map(|t| tr.datetime(t)).unwrap_or_default();
        rows.push(Row {
            id: m.id.clone(),
            cells: vec![
                Cell::link(m.name.clone(), format!("/settings/mailboxes/{}", m.id)),
                Cell::text(m.address.clone()),
                Cell::text(consumer),
                Cell::text(unit_path(&m.unit_id)),
                Cell::badge(word, tone),
                Cell::text(checked),
            ],
        });
    }
    let page = Page { items: all, next_cursor: None, sort: "", desc: false };
    let list = ListView::new("mailboxes", "/settings/mailboxes", columns, &page, q, None, &tr)
        .rows(rows)
        .empty(tr.t("mailboxes-empty"));
    let blocked = portico_mail::inbound::blocked::list(s.db.pool(), &admin).await.or_page(staff)?;
    let p = MailboxesPage { c: staff.shell("mailboxes", f), list, choices, form, blocked };
    Ok(render(p.form.status(), &p))
}

#[derive(Deserialize, Default)]
pub(crate) struct ListPageQuery {
    #[serde(flatten)]
    list: ListQuery,
    #[serde(flatten)]
    flash: FlashQuery,
}

/// Block a sender, from the settings.
pub(crate) async fn block_sender(
    State(s): State<AppState>,
    staff: Staff,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        portico_mail::inbound::blocked::add(
            &s.db,
            &admin,
            portico_http::form::sent(&f, "pattern"),
            s.clock.now_micros(),
        )
        .await
    }
    .await;
    after("/settings/mailboxes#blocked", result.map(|_| "sender-blocked")).into_response()
}

pub(crate) async fn unblock_sender(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result = async {
        let id: uuid::Uuid = parse(&id)?;
        let admin = staff.caller.authz.admin()?;
        portico_mail::inbound::blocked::remove(&s.db, &admin, &id.to_string(), s.clock.now_micros()).await
    }
    .await;
    after("/settings/mailboxes#blocked", result.map(|_| "sender-unblocked")).into_response()
}

pub(crate) async fn mailbox_list(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<ListPageQuery>,
) -> Result<Response, PageError> {
    mailboxes_page(&s, &staff, &q.list, &q.flash, FormState::fresh()).await
}

pub(crate) async fn mailbox_create(State(s): State<AppState>, staff: Staff, Form(f): Form<MailboxForm>) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        mailboxes::create(&s.db, &admin, &s.suite.mail.names(), &f.input()?, s.clock.now_micros()).await
    }
    .await;
    match result {
        Ok(m) => Redirect::to(&format!("/settings/mailboxes/{}?notice=mailbox-created", m.id)).into_response(),
        Err(e) => {
            let form = FormState::failed("mailbox", &f, &e, &staff.tr());
            mailboxes_page(&s, &staff, &ListQuery::default(), &FlashQuery::default(), form).await.into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "mailbox.html")]
pub(crate) struct MailboxPage {
    c: Shell,
    mailbox: Mailbox,
    state: MailboxState,
    status: (String, &'static str),
    webhook_url: String,
    /// The mail it received.
    list: ListView,
    requests: Vec<InboundRequest>,
    choices: Choices,
    form: FormState,
}

impl MailboxPage {
    fn poll_default(&self) -> String {
        self.mailbox.poll_seconds.to_string()
    }
    fn editing(&self) -> bool {
        true
    }
    fn failures(&self) -> String {
        self.c.tr.count("count-failures", self.state.failures)
    }
    /// Why the server failed, in words people can act on, with the server's own.
    fn failure(&self) -> Option<(String, String)> {
        let reason = self.state.reason.as_deref()?;
        Some((self.c.tk("imap-failure-", reason), self.state.detail.clone().unwrap_or_default()))
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct MailboxQuery {
    #[serde(flatten)]
    list: ListQuery,
    kind: Option<String>,
    #[serde(flatten)]
    flash: FlashQuery,
}

const KINDS: [&str; 5] = ["normal", "auto_reply", "bounce", "feedback", "list"];

fn message_rows(tr: &Tr, items: &[MessageSummary]) -> Vec<Row> {
    items
        .iter()
        .map(|m| {
            let subject = if m.subject.is_empty() { tr.t("mail-no-subject") } else { m.subject.clone() };
            let from = if m.from_name.is_empty() { m.from_addr.clone() } else { m.from_name.clone() };
            let tone = match m.status.as_str() {
                "filed" => "ok",
                "failed" | "unreadable" => "bad",
                _ => "",
            };
            Row {
                id: m.id.clone(),
                cells: vec![
                    Cell::link(subject, format!("/mail/{}", m.id)),
                    Cell::text(from).with_title(m.from_addr.clone()),
                    Cell::text(tr.t(&format!("mail-kind-{}", m.kind.replace('_', "-")))),
                    Cell::badge(tr.t(&format!("mail-status-{}", m.status)), tone),
                    Cell::text(tr.datetime(m.received_at)),
                ],
            }
        })
        .collect()
}

async fn mailbox_page(
    s: &AppState,
    staff: &Staff,
    id: &str,
    q: &MailboxQuery,
    links: &str,
    form: Option<FormState>,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(staff)?;
    let id: MailboxId = parse(id).or_page(staff)?;
    let mailbox = mailboxes::get(s.db.pool(), &admin, id).await.or_page(staff)?;
    let state = mailboxes::state(s.db.pool(), &admin, id).await.or_page(staff)?;
    let tr = staff.tr();
    let kind = q.kind.as_deref().filter(|k| KINDS.contains(k));
    let req = q.list.request(25).or_page(staff)?;
    let filter = messages::MessageFilter { kind, q: q.list.search() };
    let received = messages::list(s.db.pool(), &admin, id, &req, filter).await.or_page(staff)?;
    let columns = vec![
        Column::new("subject", tr.t("field-subject")).sorted("subject").fixed(),
        Column::new("from", tr.t("field-from")).sorted("from"),
        Column::new("kind", tr.t("field-kind")),
        Column::new("status", tr.t("col-status")),
        Column::new("received", tr.t("mail-received")).sorted("received").nowrap(),
    ];
    let mut options = vec![(String::new(), tr.t("filter-all"))];
    options.extend(KINDS.iter().map(|k| (k.to_string(), tr.t(&format!("mail-kind-{}", k.replace('_', "-"))))));
    let filter = Filter { name: "kind", label: tr.t("field-kind"), options, value: kind.unwrap_or("").to_string() };
    let rows = message_rows(&tr, &received.items);
    let path = format!("/settings/mailboxes/{}", mailbox.id);
    let list = ListView::new("mail", &path, columns, &received, &q.list, None, &tr)
        .rows(rows)
        .filter(filter)
        .empty(tr.t("mail-empty"));
    let requests =
        portico_webhooks::inbound::list(s.db.pool(), &admin, &PageRequest::first(10), None, Some(&mailbox.id))
            .await
            .or_page(staff)?
            .items;
    let status = status_of(&tr, &mailbox, Some(&state));
    let form = form.unwrap_or_else(|| FormState::editing(&form_values(&mailbox)));
    let p = MailboxPage {
        c: staff.shell("mailboxes", &q.flash),
        webhook_url: super::api::webhook_url(s, links, &mailbox.id),
        status,
        mailbox,
        state,
        list,
        requests,
        choices: choices(s, staff),
        form,
    };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn mailbox(
    State(s): State<AppState>,
    staff: Staff,
    links: portico_http::extract::Links,
    Path(id): Path<String>,
    Query(q): Query<MailboxQuery>,
) -> Result<Response, PageError> {
    mailbox_page(&s, &staff, &id, &q, &links.0.public_url, None).await
}

pub(crate) async fn mailbox_save(
    State(s): State<AppState>,
    staff: Staff,
    links: portico_http::extract::Links,
    Path(id): Path<String>,
    Form(f): Form<MailboxForm>,
) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        mailboxes::update(&s.db, &admin, &s.suite.mail.names(), parse(&id)?, &f.input()?, s.clock.now_micros()).await
    }
    .await;
    match result {
        Ok(m) => after(&format!("/settings/mailboxes/{}", m.id), Ok("saved")).into_response(),
        Err(e) => {
            let form = FormState::failed("mailbox", &f, &e, &staff.tr());
            mailbox_page(&s, &staff, &id, &MailboxQuery::default(), &links.0.public_url, Some(form))
                .await
                .into_response()
        }
    }
}

/// The mailbox's small actions: check now, a new secret, stop or resume taking mail.
pub(crate) async fn mailbox_action(
    State(s): State<AppState>,
    staff: Staff,
    Path((id, action)): Path<(String, String)>,
) -> Response {
    let back = format!("/settings/mailboxes/{id}");
    let result = async {
        let admin = staff.caller.authz.admin()?;
        let (id, now) = (parse(&id)?, s.clock.now_micros());
        match action.as_str() {
            "check" => mailboxes::check_now(&s.db, &admin, id, now).await.map(|_| "mailbox-check-asked"),
            "secret" => mailboxes::rotate_secret(&s.db, &admin, id, now).await.map(|_| "mailbox-secret-rotated"),
            "deactivate" => mailboxes::set_active(&s.db, &admin, id, false, now).await.map(|_| "saved"),
            "activate" => mailboxes::set_active(&s.db, &admin, id, true, now).await.map(|_| "saved"),
            _ => Err(AppError::not_found()),
        }
    }
    .await;
    after(&back, result).into_response()
}

#[derive(Template)]
#[template(path = "mail_message.html")]
pub(crate) struct MessagePage {
    c: Shell,
    message: Message,
    attachments: Vec<MessageAttachment>,
    /// Where it was filed: (label, link).
    filed: Option<(String, String)>,
    is_admin: bool,
}

impl MessagePage {
    fn from(&self) -> String {
        if self.message.from_name.is_empty() {
            self.message.from_addr.clone()
        } else {
            format!("{} <{}>", self.message.from_name, self.message.from_addr)
        }
    }
    fn size(&self, bytes: &i64) -> String {
        self.c.tr.size(*bytes)
    }
}

pub(crate) async fn message(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found()).or_page(&staff)?;
    let message = messages::get(s.db.pool(), &scope, &id).await.or_page(&staff)?;
    let attachments = messages::attachments(s.db.pool(), &message).await.or_page(&staff)?;
    let tr = staff.tr();
    let filed = match (&message.record_kind, &message.record_id) {
        (Some(kind), Some(record)) => {
            s.registry().get(kind).and_then(|k| k.page(record)).map(|href| (tr.t(&format!("record-kind-{kind}")), href))
        }
        _ => None,
    };
    let p = MessagePage { c: staff.shell("mailboxes", &f), message, attachments, filed, is_admin: authz.is_admin() };
    Ok(page(&p))
}

pub(crate) async fn message_attachment(
    State(s): State<AppState>,
    staff: Staff,
    Path((id, attachment)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let scope = staff.caller.authz.scope(VIEW).map_err(|_| AppError::not_found()).or_page(&staff)?;
    let message = messages::get(s.db.pool(), &scope, &id).await.or_page(&staff)?;
    let a = messages::attachments(s.db.pool(), &message)
        .await
        .or_page(&staff)?
        .into_iter()
        .find(|a| a.id == attachment)
        .ok_or_else(AppError::not_found)
        .or_page(&staff)?;
    let bytes = s.blobs.read(&a.sha256).or_page(&staff)?;
    Ok(portico_http::ui::download(&a.content_type, &a.filename, bytes).into_response())
}

pub(crate) async fn message_raw(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let scope = staff.caller.authz.scope(VIEW).map_err(|_| AppError::not_found()).or_page(&staff)?;
    messages::get(s.db.pool(), &scope, &id).await.or_page(&staff)?;
    let admin = staff.caller.authz.admin().or_page(&staff)?;
    let bytes = messages::raw(s.db.pool(), &admin, &id).await.or_page(&staff)?;
    Ok(portico_http::ui::download("message/rfc822", &format!("{id}.eml"), bytes).into_response())
}

#[derive(Template)]
#[template(path = "inbound.html")]
pub(crate) struct InboundPage {
    c: Shell,
    list: ListView,
}

fn outcome_tone(outcome: &str) -> &'static str {
    match outcome {
        "accepted" => "ok",
        "duplicate" => "",
        _ => "bad",
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct InboundQuery {
    #[serde(flatten)]
    list: ListQuery,
    endpoint: Option<String>,
    #[serde(flatten)]
    flash: FlashQuery,
}

/// The log of every signed endpoint, newest first.
pub(crate) async fn inbound_list(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Query(q): Query<InboundQuery>,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(&staff)?;
    let tr = staff.tr();
    let endpoint = q.endpoint.as_deref().filter(|e| !e.is_empty() && e.len() <= 64);
    let found =
        portico_webhooks::inbound::list(s.db.pool(), &admin, &q.list.request(50).or_page(&staff)?, endpoint, None)
            .await
            .or_page(&staff)?;
    let columns = vec![
        Column::new("received", tr.t("mail-received")).fixed().nowrap(),
        Column::new("endpoint", tr.t("field-endpoint")),
        Column::new("outcome", tr.t("field-outcome")),
        Column::new("status", "HTTP".into()),
        Column::new("remote", tr.t("field-remote")),
    ];
    let rows = found
        .items
        .iter()
        .map(|r| Row {
            id: r.id.clone(),
            cells: vec![
                Cell::link(tr.datetime(r.received_at), format!("/settings/inbound/{}", r.id)),
                Cell::text(tr.t(&format!("endpoint-{}", r.endpoint.replace(['.', '_'], "-")))),
                Cell::badge(tr.t(&format!("outcome-{}", r.outcome.replace('_', "-"))), outcome_tone(&r.outcome)),
                Cell::text(r.status_code.to_string()),
                Cell::text(r.remote_addr.clone()),
            ],
        })
        .collect();
    let endpoints = vec![(String::new(), tr.t("filter-all")), ("mail.raw".to_string(), tr.t("endpoint-mail-raw"))];
    let filter = Filter {
        name: "endpoint",
        label: tr.t("field-endpoint"),
        options: endpoints,
        value: endpoint.unwrap_or("").into(),
    };
    let chosen = list::chosen(&headers, "inbound");
    let list = ListView::new("inbound", "/settings/inbound", columns, &found, &q.list, chosen.as_deref(), &tr)
        .rows(rows)
        .filter(filter)
        .empty(tr.t("inbound-empty"));
    Ok(page(&InboundPage { c: staff.shell("inbound", &q.flash), list }))
}

#[derive(Template)]
#[template(path = "inbound_request.html")]
pub(crate) struct InboundRequestPage {
    c: Shell,
    request: InboundRequest,
    headers: Vec<(String, String)>,
    tone: &'static str,
}

pub(crate) async fn inbound_request(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(&staff)?;
    let request = portico_webhooks::inbound::get(s.db.pool(), &admin, &id).await.or_page(&staff)?;
    let headers = serde_json::from_str(&request.headers).unwrap_or_default();
    let tone = outcome_tone(&request.outcome);
    Ok(page(&InboundRequestPage { c: staff.shell("inbound", &f), request, headers, tone }))
}
