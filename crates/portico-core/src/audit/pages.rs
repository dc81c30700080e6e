//! The audit log page and its CSV export.

use crate::audit::api::{AuditQuery, audit_csv};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, page};
use portico_kernel::perm;
use portico_kernel::{PageRequest, Permission};

#[derive(Template)]
#[template(path = "audit.html")]
pub(crate) struct AuditPage {
    c: Shell,
    entries: Vec<portico_audit::AuditRow>,
    next: Option<String>,
    q: AuditQuery,
    export_query: String,
}

pub(crate) async fn audit_page(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<AuditQuery>,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(&staff)?;
    let req = PageRequest::new(q.cursor.clone(), Some(q.limit.unwrap_or(50))).or_page(&staff)?;
    let list = portico_audit::list(s.db.pool(), &admin, &q.filter(), &req).await.or_page(&staff)?;
    let f = q.filter();
    let export_query: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("action", f.action.unwrap_or_default()),
            ("record_type", f.record_type.unwrap_or_default()),
            ("actor_id", f.actor_id.unwrap_or_default()),
        ])
        .finish();
    Ok(page(&AuditPage {
        c: staff.shell("audit", &FlashQuery::default()),
        entries: list.items,
        next: list.next_cursor,
        q,
        export_query,
    }))
}

pub(crate) async fn audit_export(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<AuditQuery>,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(&staff)?;
    staff.caller.authz.require_workspace(Permission::new(perm::CORE, perm::EXPORT)).or_page(&staff)?;
    let csv = audit_csv(&s, &admin, &q.filter()).await.or_page(&staff)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"audit.csv\""),
        ],
        csv,
    )
        .into_response())
}
