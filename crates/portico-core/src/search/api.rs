use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use portico_jobs::{NewJob, queue, tasks};
use portico_kernel::AppError;
use portico_search::{Hit, Query, facets};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use portico_http::api::{ErrorBody, List};
use portico_http::error::ApiError;
use portico_http::extract::{ApiQuery, Caller};
use portico_http::state::AppState;

pub const REINDEX_JOB: &str = "search.reindex";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(search)).routes(routes!(reindex))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    /// Words to find (each a prefix; accents and case do not matter), `"a phrase"`,
    /// `-word` to leave out, and filters: `kind:file`, `unit:Paris` (with the units under
    /// it), and the kinds' facets, e.g. `type:pdf`, `size:>100000`, `created:2026-11`,
    /// `created:2026-01..2026-03`, `company:"Acme"`.
    pub q: String,
    /// 1–100, default 20.
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

/// A query as typed, its filters read against the facets of the searchable kinds:
/// `kind:` narrows the kinds, `unit:` (an id or a name) takes the unit and those under it,
/// and a name no kind has is searched as words. Returns the query and the kinds it covers.
fn read_query(s: &AppState, caller: &Caller, input: &str) -> (Query, Vec<&'static str>) {
    let mut q = Query::parse(input);
    let mut kinds: Vec<&'static str> = s.registry().searchable().map(|k| k.name()).collect();
    for (name, value) in std::mem::take(&mut q.fields) {
        if name == "kind" {
            let wanted = portico_search::terms(&value).join("_");
            kinds.retain(|k| *k == wanted);
            continue;
        }
        if name == portico_search::UNIT_FACET {
            let units = units_named(caller, &value);
            let unit = units.iter().map(|u| facets::unit_token(&u.to_db())).collect();
            within_limit(&mut q, |q| q.filters.push(unit));
            continue;
        }
        let facet = s
            .registry()
            .searchable()
            .filter_map(|k| k.search())
            .flat_map(|spec| spec.facets.iter())
            .find(|f| f.name == name);
        within_limit(&mut q, |q| facets::read_field(q, facet, &name, &value));
    }
    (q, kinds)
}

/// Narrows `q` by what `add` adds, unless that takes it past [`portico_search::MAX_TERMS`]
/// filters: then the filter is left out whole (the words it has and those it must not have).
fn within_limit(q: &mut Query, add: impl FnOnce(&mut Query)) {
    let (filters, excluded) = (q.filters.len(), q.excluded.len());
    add(q);
    if q.filters.len() > portico_search::MAX_TERMS {
        q.filters.truncate(filters);
        q.excluded.truncate(excluded);
    }
}

/// The units a `unit:` filter names (by id, or by name without accents or case) and every
/// unit under them.
fn units_named(caller: &Caller, value: &str) -> Vec<portico_kernel::UnitId> {
    let tree = caller.authz.tree();
    let wanted = portico_kernel::locale::fold_accents(value.trim()).to_lowercase();
    let named: Vec<_> = tree
        .ordered()
        .into_iter()
        .filter(|(_, n)| {
            n.id.to_db() == value.trim() || portico_kernel::locale::fold_accents(&n.name).to_lowercase() == wanted
        })
        .map(|(_, n)| n.id)
        .collect();
    let mut all: Vec<_> = named.into_iter().flat_map(|u| tree.subtree(u)).collect();
    all.sort();
    all.dedup();
    all
}

/// Everything the caller may see that matches, best first: every searchable kind (or those
/// `kind:` names), each within the units its view permission reaches; records without a
/// unit (people) are shown only when their kind's own access rule lets the caller see them.
pub async fn search_all(s: &AppState, caller: &Caller, input: &str, limit: i64) -> Result<Vec<Hit>, AppError> {
    let authz = &caller.authz;
    let (query, wanted) = read_query(s, caller, input);
    let mut by_permission: Vec<(portico_kernel::Permission, Vec<&'static str>)> = Vec::new();
    for kind in s.registry().searchable().filter(|k| wanted.contains(&k.name())) {
        match by_permission.iter_mut().find(|(p, _)| *p == kind.view()) {
            Some((_, kinds)) => kinds.push(kind.name()),
            None => by_permission.push((kind.view(), vec![kind.name()])),
        }
    }
    let mut hits = Vec::new();
    for (permission, kinds) in by_permission {
        let Ok(scope) = authz.scope(permission) else { continue };
        for hit in portico_search::search(&s.db, &scope, &kinds, &query, limit).await? {
            let visible = match (&hit.unit_id, s.registry().get(&hit.record_type)) {
                (Some(_), _) => true,
                (None, Some(kind)) => kind.access(&s.db, authz, &hit.record_id, false).await.is_ok(),
                (None, None) => false,
            };
            if visible {
                hits.push(hit);
            }
        }
    }
    hits.sort_by(|a, b| b.rank.total_cmp(&a.rank));
    hits.truncate(usize::try_from(limit).unwrap_or(0));
    Ok(hits)
}

#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchQuery), responses((status = 200, body = List<Hit>), (status = 401, body = ErrorBody)))]
async fn search(
    State(s): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<SearchQuery>,
) -> Result<Json<List<Hit>>, ApiError> {
    let limit = match q.limit.unwrap_or(20) {
        n @ 1..=100 => i64::from(n),
        _ => return Err(AppError::field(portico_kernel::ErrorCode::InvalidValue, "limit").into()),
    };
    Ok(Json(List { items: search_all(&s, &caller, &q.q, limit).await?, next_cursor: None }))
}

#[derive(Serialize, ToSchema)]
pub struct TaskRef {
    pub task_id: String,
}

/// Rebuild the search index of the workspace as a task (admins).
#[utoipa::path(post, path = "/api/v1/search/reindex", tag = "search", responses((status = 202, body = TaskRef), (status = 403, body = ErrorBody)))]
async fn reindex(State(s): State<AppState>, caller: Caller) -> Result<(StatusCode, Json<TaskRef>), ApiError> {
    let task = start_reindex(&s, &caller).await?;
    Ok((StatusCode::ACCEPTED, Json(TaskRef { task_id: task })))
}

pub async fn start_reindex(s: &AppState, caller: &Caller) -> Result<String, AppError> {
    let admin = caller.authz.admin()?;
    let mut tx = s.db.begin().await?;
    let task = queue_reindex(&mut tx, &admin, Some(caller.user), s.clock.now_micros()).await?;
    tx.commit().await.map_err(portico_db::db_error)?;
    Ok(task.to_db())
}

/// The re-index task and its job, in the caller's transaction. The caller proves the right
/// to start it (an admin, or the system).
pub async fn queue_reindex(
    tx: &mut portico_db::Tx,
    admin: &impl portico_authz::Tenant,
    by: Option<portico_kernel::UserId>,
    now: portico_kernel::Timestamp,
) -> Result<portico_kernel::TaskId, AppError> {
    let ws = admin.workspace();
    let task = tasks::create(tx, admin, by, REINDEX_JOB, "", now).await?;
    let job = NewJob::new(REINDEX_JOB, serde_json::json!({"workspace_id": ws})).in_workspace(ws).for_task(task);
    queue::enqueue(tx, job, now).await?;
    Ok(task)
}
