//! The tasks page: long work with its progress.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use portico_http::list::{self, Cell, Column, ListQuery, ListView, Row};
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, page};
use portico_jobs::tasks::{self, Task};
use portico_kernel::Page;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "tasks.html")]
pub(crate) struct TasksPage {
    c: Shell,
    list: ListView,
    any_running: bool,
}

#[derive(Deserialize)]
pub(crate) struct TasksQuery {
    #[serde(flatten)]
    list: ListQuery,
    #[serde(flatten)]
    flash: FlashQuery,
}

fn view(staff: &Staff, q: &TasksQuery, page: Page<Task>, chosen: Option<&str>) -> ListView {
    let tr = staff.tr();
    let columns = vec![
        Column::new("task", tr.t("col-task")).sorted("title").fixed(),
        Column::new("status", tr.t("col-status")).sorted("status"),
        Column::new("progress", tr.t("col-progress")),
        Column::new("updated", tr.t("col-time")).sorted("updated").nowrap(),
    ];
    let rows = page
        .items
        .iter()
        .map(|t| {
            let tone = match t.status.as_str() {
                "done" => "ok",
                "failed" => "bad",
                _ => "",
            };
            let progress = if t.progress_total > 0 {
                format!("{} % · {} / {}", t.percent(), tr.number(&t.progress_done), tr.number(&t.progress_total))
            } else {
                format!("{} %", t.percent())
            };
            Row {
                id: t.id.clone(),
                cells: vec![
                    Cell::text(tr.t(&format!("task-kind-{}", t.kind.replace(['.', '_'], "-"))))
                        .with_sub(t.title.clone()),
                    Cell::badge(tr.t(&format!("task-status-{}", t.status)), tone)
                        .with_sub(t.error.clone().unwrap_or_default()),
                    Cell::text(progress),
                    Cell::text(tr.datetime(t.updated_at)),
                ],
            }
        })
        .collect();
    ListView::new("tasks", "/tasks", columns, &page, &q.list, chosen, &tr).rows(rows).empty(tr.t("tasks-empty"))
}

pub(crate) async fn task_list(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Query(q): Query<TasksQuery>,
) -> Result<Response, PageError> {
    let chosen = list::chosen(&headers, "tasks");
    let authz = &staff.caller.authz;
    if q.list.wants_csv() {
        let pool = s.db.pool();
        let all =
            list::all_rows(&q.list, |req| async move { tasks::list(pool, authz, &req).await }).await.or_page(&staff)?;
        return Ok(list::csv_response("tasks", view(&staff, &q, all, chosen.as_deref()).csv()));
    }
    let rows = tasks::list(s.db.pool(), authz, &q.list.request(50).or_page(&staff)?).await.or_page(&staff)?;
    let any_running = rows.items.iter().any(|t| t.status == "queued" || t.status == "running");
    let list = view(&staff, &q, rows, chosen.as_deref());
    Ok(page(&TasksPage { c: staff.shell("tasks", &q.flash), list, any_running }))
}
