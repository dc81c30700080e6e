//! `/api/v2/groups`: the groups of the units the caller sees.

use axum::Json;
use axum::extract::{Path, State};
use portico_http::state::AppState;
use serde_json::{Value, json};

use super::ids::{self, Named};
use super::page::Paging;
use super::shape::{self, Ids};
use super::{Agent, Fail, Here, path_number};

pub async fn list(State(s): State<AppState>, Agent(c): Agent, here: Here) -> Result<Json<Value>, Fail> {
    let paging = Paging::of(&here, 100)?;
    let scope = c.authz.scope(crate::VIEW)?;
    let all = crate::groups::list(s.db.pool(), &scope).await?;
    let count = all.len() as i64;
    let (groups, next) = paging.slice(all)?;
    let records: Vec<(Named, &str)> = groups.iter().map(|g| (Named::Group, g.id.as_str())).collect();
    let ids = Ids::of(&s.db, scope.workspace(), &records).await?;
    let items =
        groups.iter().map(|g| shape::group(&here.base, ids.get(Some(&g.id)).as_i64().unwrap_or(0), g)).collect();
    Ok(Json(paging.envelope(&here, "groups", items, next, count)))
}

pub async fn show(
    State(s): State<AppState>,
    Agent(c): Agent,
    here: Here,
    Path(id): Path<String>,
) -> Result<Json<Value>, Fail> {
    let number = path_number(&id)?;
    let scope = c.authz.scope(crate::VIEW)?;
    let id = ids::record_of(s.db.pool(), scope.workspace(), number, Named::Group).await?;
    let g = crate::groups::get(s.db.pool(), &scope, &id).await?;
    Ok(Json(json!({"group": shape::group(&here.base, number, &g)})))
}
