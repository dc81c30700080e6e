//! `/api/v2/organizations`: the companies the contacts the caller sees work for (Portico
//! keeps a company as a contact's field, so an organization is a name).

use axum::Json;
use axum::extract::{Path, State};
use portico_authz::Scope;
use portico_db::DbResultExt;
use portico_http::state::AppState;
use portico_kernel::{AppError, Timestamp};
use serde_json::{Value, json};
use sqlx::AnyPool;

use super::ids::{self, Named};
use super::page::Paging;
use super::shape::{Ids, time};
use super::{Agent, Fail, Here, path_number};

/// A company, with when its first and last contacts were written.
#[derive(sqlx::FromRow)]
struct Company {
    name: String,
    created_at: Timestamp,
    updated_at: Timestamp,
}

/// How an organization is named in `desk_api_ids`.
pub fn key(company: &str) -> String {
    format!("company:{}", company.trim().to_lowercase())
}

async fn companies(pool: &AnyPool, scope: &Scope, only: Option<&str>) -> Result<Vec<Company>, AppError> {
    let sql = format!(
        "SELECT MIN(company) AS name, MIN(created_at) AS created_at, MAX(updated_at) AS updated_at FROM contacts
         WHERE workspace_id = $1 AND company <> '' AND {} AND ($2 IS NULL OR lower(company) = $2)
         GROUP BY lower(company) ORDER BY lower(MIN(company))",
        scope.unit_sql("unit_id")
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(only.map(str::to_string))
        .fetch_all(pool)
        .await
        .db()
}

fn organization(base: &str, number: i64, c: &Company) -> Value {
    json!({
        "id": number,
        "url": format!("{base}/organizations/{number}.json"),
        "name": c.name,
        "shared_tickets": false,
        "shared_comments": false,
        "external_id": null,
        "created_at": time(c.created_at),
        "updated_at": time(c.updated_at),
        "domain_names": [],
        "details": "",
        "notes": "",
        "group_id": null,
        "tags": [],
        "organization_fields": {},
    })
}

fn contacts_scope(c: &portico_http::extract::Caller) -> Result<Scope, Fail> {
    c.authz.scope(portico_core::contacts::store::VIEW).map_err(|_| Fail(AppError::not_found()))
}

pub async fn list(State(s): State<AppState>, Agent(c): Agent, here: Here) -> Result<Json<Value>, Fail> {
    let paging = Paging::of(&here, 100)?;
    let all = match contacts_scope(&c) {
        Ok(scope) => companies(s.db.pool(), &scope, None).await?,
        Err(_) => Vec::new(),
    };
    let count = all.len() as i64;
    let (page, next) = paging.slice(all)?;
    let keys: Vec<String> = page.iter().map(|o| key(&o.name)).collect();
    let records: Vec<(Named, &str)> = keys.iter().map(|k| (Named::Organization, k.as_str())).collect();
    let ids = Ids::of(&s.db, c.authz.workspace(), &records).await?;
    let items = page
        .iter()
        .zip(&keys)
        .map(|(o, k)| organization(&here.base, ids.get(Some(k)).as_i64().unwrap_or(0), o))
        .collect();
    Ok(Json(paging.envelope(&here, "organizations", items, next, count)))
}

pub async fn show(
    State(s): State<AppState>,
    Agent(c): Agent,
    here: Here,
    Path(id): Path<String>,
) -> Result<Json<Value>, Fail> {
    let number = path_number(&id)?;
    let scope = contacts_scope(&c)?;
    let k = ids::record_of(s.db.pool(), scope.workspace(), number, Named::Organization).await?;
    let name = k.strip_prefix("company:").unwrap_or_default();
    let found = companies(s.db.pool(), &scope, Some(name)).await?;
    let company = found.first().ok_or_else(AppError::not_found)?;
    Ok(Json(json!({"organization": organization(&here.base, number, company)})))
}
