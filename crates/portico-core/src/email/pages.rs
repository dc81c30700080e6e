//! The e-mail log: what Portico sent, and what became of it.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use portico_authz::WorkspaceAdmin;
use portico_http::list::{self, Cell, Column, Filter, ListQuery, ListView, Row};
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, page};
use portico_kernel::{AppError, Page, PageRequest};
use portico_mail::outbox::StoredEmail;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "email.html")]
pub(crate) struct EmailPage {
    c: Shell,
    list: ListView,
}

#[derive(Deserialize)]
pub(crate) struct EmailQuery {
    #[serde(flatten)]
    list: ListQuery,
    status: Option<String>,
}

impl EmailQuery {
    fn status(&self) -> Option<&str> {
        self.status.as_deref().filter(|s| !s.is_empty())
    }
}

fn view(staff: &Staff, q: &EmailQuery, page: Page<StoredEmail>, chosen: Option<&str>) -> ListView {
    let tr = staff.tr();
    let columns = vec![
        Column::new("time", tr.t("col-time")).sorted("id").fixed().nowrap(),
        Column::new("to", tr.t("col-to")).sorted("to"),
        Column::new("subject", tr.t("col-subject")),
        Column::new("status", tr.t("col-status")).sorted("status"),
    ];
    let rows = page
        .items
        .iter()
        .map(|e| {
            let tone = match e.state() {
                "sent" => "ok",
                "failing" | "bounced" => "bad",
                _ => "",
            };
            let status = Cell::badge(tr.t(&format!("email-status-{}", e.state())), tone);
            Row {
                id: e.id.clone(),
                cells: vec![
                    Cell::text(tr.datetime(e.created_at)),
                    Cell::text(e.to_addr.clone()),
                    Cell::text(e.subject.clone()),
                    match &e.last_error {
                        Some(why) => status
                            .with_sub(tr.t(&format!("mail-failure-{}", portico_mail::outbox::failure_kind(why))))
                            .with_title(why.clone()),
                        None => status,
                    },
                ],
            }
        })
        .collect();
    let options = ["", "pending", "sent", "bounced"]
        .iter()
        .map(|s| (s.to_string(), if s.is_empty() { tr.t("filter-all") } else { tr.t(&format!("email-status-{s}")) }))
        .collect();
    let status =
        Filter { name: "status", label: tr.t("col-status"), options, value: q.status.clone().unwrap_or_default() };
    ListView::new("email", "/settings/email", columns, &page, &q.list, chosen, &tr)
        .rows(rows)
        .filter(status)
        .empty(tr.t("email-empty"))
}

async fn read(
    s: &AppState,
    admin: &WorkspaceAdmin,
    q: &EmailQuery,
    req: PageRequest,
) -> Result<Page<StoredEmail>, AppError> {
    portico_mail::outbox::list(s.db.pool(), admin, &req, q.status()).await
}

pub(crate) async fn email_log(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Query(q): Query<EmailQuery>,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(&staff)?;
    let chosen = list::chosen(&headers, "email");
    if q.list.wants_csv() {
        let (st, admin, q2) = (&s, &admin, &q);
        let all = list::all_rows(&q.list, |req| async move { read(st, admin, q2, req).await }).await.or_page(&staff)?;
        return Ok(list::csv_response("email", view(&staff, &q, all, chosen.as_deref()).csv()));
    }
    let rows = read(&s, &admin, &q, q.list.request(50).or_page(&staff)?).await.or_page(&staff)?;
    let list = view(&staff, &q, rows, chosen.as_deref());
    Ok(page(&EmailPage { c: staff.shell("email", &FlashQuery::default()), list }))
}
