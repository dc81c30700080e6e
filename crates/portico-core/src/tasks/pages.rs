//! The tasks page: long work with its progress.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, page};
use portico_jobs::tasks::{self, Task};
use portico_kernel::PageRequest;

#[derive(Template)]
#[template(path = "tasks.html")]
pub(crate) struct TasksPage {
    c: Shell,
    tasks: Vec<Task>,
    any_running: bool,
}

pub(crate) async fn task_list(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let list = tasks::list(s.db.pool(), &staff.caller.authz, &PageRequest::first(50)).await.or_page(&staff)?;
    let any_running = list.items.iter().any(|t| t.status == "queued" || t.status == "running");
    Ok(page(&TasksPage { c: staff.shell("tasks", &f), tasks: list.items, any_running }))
}
