use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use portico_audit::{AuditFilter, AuditRow};
use portico_authz::WorkspaceAdmin;
use portico_kernel::perm;
use portico_kernel::{AppError, PageRequest, Permission};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use portico_http::api::{ErrorBody, List};
use portico_http::error::ApiError;
use portico_http::extract::{ApiQuery, Caller};
use portico_http::list::csv_safe;
use portico_http::state::AppState;

pub const ADMIN: Permission = Permission::new(perm::CORE, perm::ADMIN);

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_audit)).routes(routes!(export_audit))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    pub cursor: Option<String>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// id (time), action or actor.
    pub sort: Option<String>,
    pub order: Option<portico_http::api::Order>,
    pub record_type: Option<String>,
    pub record_id: Option<String>,
    pub actor_id: Option<String>,
    pub action: Option<String>,
}

/// What the audit log is narrowed to (the export takes only this: it holds every row).
#[derive(Deserialize, Default, Clone, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditFilterQuery {
    pub record_type: Option<String>,
    pub record_id: Option<String>,
    pub actor_id: Option<String>,
    pub action: Option<String>,
}

impl AuditFilterQuery {
    pub fn filter(&self) -> AuditFilter {
        let clean = |v: &Option<String>| v.as_ref().map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        AuditFilter {
            record_type: clean(&self.record_type),
            record_id: clean(&self.record_id),
            actor_id: clean(&self.actor_id),
            action: clean(&self.action),
        }
    }
}

impl AuditQuery {
    pub fn filter(&self) -> AuditFilter {
        AuditFilterQuery {
            record_type: self.record_type.clone(),
            record_id: self.record_id.clone(),
            actor_id: self.actor_id.clone(),
            action: self.action.clone(),
        }
        .filter()
    }
}

/// The audit log of the workspace, newest first (admins).
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery), responses((status = 200, body = List<AuditRow>), (status = 403, body = ErrorBody)))]
async fn list_audit(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> Result<Json<List<AuditRow>>, ApiError> {
    let admin = caller.authz.admin()?;
    let page = portico_http::api::page_request(&q.cursor, q.limit, &q.sort, q.order)?;
    Ok(Json(portico_audit::list(s.db.pool(), &admin, &q.filter(), &page).await?.into()))
}

/// The filtered audit log as CSV (admins holding core.export).
#[utoipa::path(get, path = "/api/v1/audit/export", tag = "audit", params(AuditFilterQuery), responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = ErrorBody)))]
async fn export_audit(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<AuditFilterQuery>,
) -> Result<impl IntoResponse, ApiError> {
    let admin = caller.authz.admin()?;
    caller.authz.require_workspace(Permission::new(perm::CORE, perm::EXPORT))?;
    let csv = audit_csv(&s, &admin, &q.filter()).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"audit.csv\""),
        ],
        csv,
    ))
}

pub async fn audit_csv(s: &AppState, admin: &WorkspaceAdmin, f: &AuditFilter) -> Result<String, AppError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| AppError::internal(e.to_string());
    w.write_record([
        "id",
        "time",
        "actor_type",
        "actor_id",
        "actor",
        "action",
        "record_type",
        "record_id",
        "unit_id",
        "before",
        "after",
    ])
    .map_err(io)?;
    let mut page = PageRequest::first(200);
    loop {
        let batch = portico_audit::list(s.db.pool(), admin, f, &page).await?;
        for r in &batch.items {
            let time = portico_kernel::clock::from_micros(r.created_at).to_rfc3339();
            w.write_record([
                r.id.as_str(),
                time.as_str(),
                r.actor_type.as_str(),
                r.actor_id.as_deref().unwrap_or(""),
                csv_safe(&r.actor_label).as_str(),
                r.action.as_str(),
                r.record_type.as_str(),
                r.record_id.as_str(),
                r.unit_id.as_deref().unwrap_or(""),
                csv_safe(r.before_json.as_deref().unwrap_or("")).as_str(),
                csv_safe(r.after_json.as_deref().unwrap_or("")).as_str(),
            ])
            .map_err(io)?;
        }
        match batch.next_cursor {
            Some(c) => page = PageRequest::new(Some(c), Some(200))?,
            None => break,
        }
    }
    String::from_utf8(w.into_inner().map_err(|e| AppError::internal(e.to_string()))?)
        .map_err(|e| AppError::internal(e.to_string()))
}
