//! The home page: an overview of the workspace and its recent activity.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use portico_auth::users::{self};
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, page};
use portico_kernel::PageRequest;

#[derive(Template)]
#[template(path = "dashboard.html")]
pub(crate) struct Dashboard {
    c: Shell,
    units: i64,
    users: i64,
    files: i64,
    recent: Vec<portico_audit::AuditRow>,
}

impl Dashboard {
    /// Who did it, by name; Portico itself for its own work (text extraction, schedules).
    fn who(&self, e: &portico_audit::AuditRow) -> String {
        crate::audit::words::actor(&self.c.tr, e).0
    }
    fn action(&self, e: &portico_audit::AuditRow) -> String {
        crate::audit::words::action(&self.c.tr, e)
    }
    fn record(&self, e: &portico_audit::AuditRow) -> String {
        crate::audit::words::record(&self.c.tr, e, &Default::default())
    }
}

pub(crate) async fn dashboard(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let units =
        authz.scope(portico_authz::units::VIEW).map(|sc| portico_authz::units::list(authz, &sc).len()).unwrap_or(0);
    let users = users::list(s.db.pool(), authz, &PageRequest::first(200), Default::default())
        .await
        .map(|p| p.items.len())
        .unwrap_or(0);
    let files = match authz.scope(portico_files::store::VIEW) {
        Ok(sc) => portico_files::store::list(s.db.pool(), &sc, &PageRequest::first(200), Default::default())
            .await
            .or_page(&staff)?
            .items
            .len(),
        Err(_) => 0,
    };
    let recent = match authz.admin() {
        Ok(admin) => {
            portico_audit::list(s.db.pool(), &admin, &Default::default(), &PageRequest::first(8))
                .await
                .or_page(&staff)?
                .items
        }
        Err(_) => Vec::new(),
    };
    let n = |x: usize| i64::try_from(x).unwrap_or(i64::MAX);
    Ok(page(&Dashboard { c: staff.shell("home", &f), units: n(units), users: n(users), files: n(files), recent }))
}
