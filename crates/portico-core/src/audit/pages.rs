//! The audit log page and its CSV export.

use crate::audit::api::{AuditFilterQuery, audit_csv};
use crate::audit::words::{self, Names};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use portico_audit::AuditRow;
use portico_authz::WorkspaceAdmin;
use portico_http::list::{self, Cell, Column, Filter, ListQuery, ListView, Row};
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, page};
use portico_kernel::perm;
use portico_kernel::{AppError, Page, Permission};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "audit.html")]
pub(crate) struct AuditPage {
    c: Shell,
    list: ListView,
}

#[derive(Deserialize)]
pub(crate) struct AuditPageQuery {
    #[serde(flatten)]
    list: ListQuery,
    record_type: Option<String>,
    actor_id: Option<String>,
    action: Option<String>,
    record_id: Option<String>,
}

impl AuditPageQuery {
    fn api(&self) -> AuditFilterQuery {
        AuditFilterQuery {
            record_type: self.record_type.clone(),
            record_id: self.record_id.clone(),
            actor_id: self.actor_id.clone(),
            action: self.action.clone(),
        }
    }
}

/// Names of the workspace's units, roles and people, for entries that refer to them; and the
/// people, for the filter.
async fn lookups(s: &AppState, staff: &Staff) -> Result<(Names, Vec<(String, String)>), AppError> {
    let authz = &staff.caller.authz;
    let mut names = std::collections::HashMap::new();
    for u in portico_authz::units::list(authz, &authz.scope(portico_authz::units::VIEW)?) {
        names.insert(u.id.to_db(), u.path);
    }
    let c = staff.shell("audit", &FlashQuery::default());
    for r in portico_authz::store::list_roles(s.db.pool(), authz.workspace()).await? {
        names.insert(r.id.to_db(), c.role_name(&r));
    }
    let first = portico_kernel::PageRequest::first(portico_kernel::page::MAX_LIMIT);
    let page = portico_auth::users::list(s.db.pool(), authz, &first, Default::default()).await?;
    let mut people: Vec<(String, String)> = page.items.into_iter().map(|u| (u.id, u.name)).collect();
    people.sort_by(|a, b| a.1.cmp(&b.1));
    names.extend(people.iter().cloned());
    Ok((Names(names), people))
}

async fn entries(
    s: &AppState,
    staff: &Staff,
    q: &AuditPageQuery,
    page: Page<AuditRow>,
    chosen: Option<&str>,
) -> Result<ListView, AppError> {
    let tr = staff.tr();
    let (names, mut people) = lookups(s, staff).await?;
    let columns = vec![
        Column::new("time", tr.t("col-time")).sorted("id").fixed().nowrap(),
        Column::new("actor", tr.t("col-actor")).sorted("actor"),
        Column::new("action", tr.t("col-action")).sorted("action"),
        Column::new("record", tr.t("col-record")),
        Column::new("change", tr.t("col-change")),
    ];
    let rows = page
        .items
        .iter()
        .map(|r| {
            let (who, how) = words::actor(&tr, r);
            let record = words::record(&tr, r, &names);
            let href = s.registry().get(&r.record_type).and_then(|k| k.page(&r.record_id));
            let changes = words::changes(&tr, r, &names);
            Row {
                id: r.id.clone(),
                cells: vec![
                    Cell::text(tr.datetime(r.created_at)),
                    Cell::text(who).with_sub(how),
                    Cell::text(words::action(&tr, r)),
                    match href {
                        Some(h) if r.action.rsplit('.').next() != Some("delete") => Cell::link(record, h),
                        _ => Cell::text(record),
                    },
                    Cell::text(changes.join(" · ")),
                ],
            }
        })
        .collect();
    let mut kinds: Vec<(String, String)> =
        s.registry().kinds().map(|k| (k.name().to_string(), tr.t(&format!("record-kind-{}", k.name())))).collect();
    kinds.sort_by(|a, b| a.1.cmp(&b.1));
    kinds.insert(0, (String::new(), tr.t("filter-all")));
    people.insert(0, (String::new(), tr.t("filter-all")));
    let mut view = ListView::new("audit", "/settings/audit", columns, &page, &q.list, chosen, &tr)
        .rows(rows)
        .filter(Filter {
            name: "record_type",
            label: tr.t("field-record-type"),
            options: kinds,
            value: q.record_type.clone().unwrap_or_default(),
        })
        .filter(Filter {
            name: "actor_id",
            label: tr.t("col-actor"),
            options: people,
            value: q.actor_id.clone().unwrap_or_default(),
        })
        .empty(tr.t("no-activity"));
    if let Some(a) = q.action.clone().filter(|a| !a.is_empty()) {
        let kind = a.split('.').next().unwrap_or_default();
        let label = words::action_label(&tr, &a, q.record_type.as_deref().unwrap_or(kind));
        view = view.filter(Filter {
            name: "action",
            label: tr.t("col-action"),
            options: vec![(a.clone(), label)],
            value: a,
        });
    }
    Ok(view)
}

async fn read(
    s: &AppState,
    admin: &WorkspaceAdmin,
    q: &AuditPageQuery,
    req: &portico_kernel::PageRequest,
) -> Result<Page<AuditRow>, AppError> {
    portico_audit::list(s.db.pool(), admin, &q.api().filter(), req).await
}

pub(crate) async fn audit_page(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Query(q): Query<AuditPageQuery>,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(&staff)?;
    let chosen = list::chosen(&headers, "audit");
    if q.list.wants_csv() {
        let (st, admin, q2) = (&s, &admin, &q);
        let all =
            list::all_rows(&q.list, |req| async move { read(st, admin, q2, &req).await }).await.or_page(&staff)?;
        let view = entries(&s, &staff, &q, all, chosen.as_deref()).await.or_page(&staff)?;
        return Ok(list::csv_response("audit", view.csv()));
    }
    let req = q.list.request(50).or_page(&staff)?;
    let page_rows = read(&s, &admin, &q, &req).await.or_page(&staff)?;
    let list = entries(&s, &staff, &q, page_rows, chosen.as_deref()).await.or_page(&staff)?;
    Ok(page(&AuditPage { c: staff.shell("audit", &FlashQuery::default()), list }))
}

/// The raw log (ids, JSON) for tools, as the API gives it.
pub(crate) async fn audit_export(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<AuditFilterQuery>,
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
