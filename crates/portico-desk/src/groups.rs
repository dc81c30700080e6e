//! Groups: the teams tickets are routed to (Billing, Level 2, Lyon shop). A group lives in a
//! unit; a ticket of any unit the caller sees may go to it.

use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portico_authz::{Authz, Scope};
use portico_db::{Db, DbResultExt};
use portico_http::api::{ErrorBody, List, path_id};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, Caller};
use portico_http::form::sent;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after};
use portico_kernel::validate::{optional_text, required_text};
use portico_kernel::{AppError, Clock, Event, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::AnyPool;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::kinds::GROUP;
use crate::{CREATE, DELETE, EDIT, VIEW};

#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct Group {
    pub id: String,
    pub unit_id: String,
    pub name: String,
    pub description: String,
    /// Its tickets still needing work.
    pub unsolved: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

const SELECT: &str = "SELECT g.id, g.unit_id, g.name, g.description, \
    (SELECT COUNT(*) FROM desk_tickets t WHERE t.group_id = g.id AND t.status IN ('new', 'open', 'pending', 'hold')) AS unsolved, \
    g.created_at, g.updated_at FROM desk_groups g";

pub async fn list(pool: &AnyPool, scope: &Scope) -> Result<Vec<Group>, AppError> {
    let sql = format!(
        "{SELECT} WHERE g.workspace_id = $1 AND {} ORDER BY lower(g.name), g.id LIMIT 500",
        scope.unit_sql("g.unit_id")
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(scope.workspace().to_db()).fetch_all(pool).await.db()
}

pub async fn get(pool: &AnyPool, scope: &Scope, id: &str) -> Result<Group, AppError> {
    let sql = format!("{SELECT} WHERE g.workspace_id = $1 AND g.id = $2 AND {}", scope.unit_sql("g.unit_id"));
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupInput {
    pub unit_id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

pub async fn create(db: &Db, clock: &dyn Clock, authz: &Authz, input: &GroupInput) -> Result<String, AppError> {
    let unit = portico_authz::units::parse_unit("unit_id", &input.unit_id)?;
    let cap = authz.unit_cap(CREATE, unit).map_err(|e| e.or_field("unit_id"))?;
    let name = required_text("name", &input.name, 80)?;
    let description = optional_text("description", Some(&input.description), 500)?.unwrap_or_default();
    let (id, now) = (uuid::Uuid::now_v7().to_string(), clock.now_micros());
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO desk_groups (id, workspace_id, unit_id, name, description, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(id.clone())
    .bind(cap.workspace().to_db())
    .bind(unit.to_db())
    .bind(name.clone())
    .bind(description.clone())
    .bind(now)
    .execute(&mut *tx)
    .await
    .db()
    .map_err(|e| e.or_field("name"))?;
    let after = json!({"name": name, "description": description, "unit_id": unit});
    tx.emit(Event::new(cap.workspace(), cap.actor(), GROUP, "create", id.clone(), now).unit(unit).after(after)).await?;
    tx.commit().await.db()?;
    Ok(id)
}

/// Rename a group or change what it says it does (its unit stays).
pub async fn update(db: &Db, clock: &dyn Clock, authz: &Authz, id: &str, input: &GroupInput) -> Result<(), AppError> {
    let g = get(db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, id).await?;
    let unit = portico_kernel::ids::parse_db_id(&g.unit_id)?;
    let cap = authz.unit_cap(EDIT, unit)?;
    let name = required_text("name", &input.name, 80)?;
    let description = optional_text("description", Some(&input.description), 500)?.unwrap_or_default();
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE desk_groups SET name = $1, description = $2, updated_at = $3 WHERE workspace_id = $4 AND id = $5",
    )
    .bind(name.clone())
    .bind(description.clone())
    .bind(now)
    .bind(cap.workspace().to_db())
    .bind(g.id.clone())
    .execute(&mut *tx)
    .await
    .db()
    .map_err(|e| e.or_field("name"))?;
    let event = Event::new(cap.workspace(), cap.actor(), GROUP, "update", g.id, now)
        .unit(unit)
        .before(json!({"name": g.name, "description": g.description}))
        .after(json!({"name": name, "description": description}));
    tx.emit(event).await?;
    tx.commit().await.db()
}

/// Delete a group; its tickets stay, in no group.
pub async fn delete(db: &Db, clock: &dyn Clock, authz: &Authz, id: &str) -> Result<(), AppError> {
    let g = get(db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, id).await?;
    let unit = portico_kernel::ids::parse_db_id(&g.unit_id)?;
    let cap = authz.unit_cap(DELETE, unit)?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE desk_tickets SET group_id = NULL, version = version + 1, updated_at = $1 WHERE group_id = $2")
        .bind(now)
        .bind(g.id.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    sqlx::query("DELETE FROM desk_groups WHERE workspace_id = $1 AND id = $2")
        .bind(cap.workspace().to_db())
        .bind(g.id.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.emit(
        Event::new(cap.workspace(), cap.actor(), GROUP, "delete", g.id, now).unit(unit).before(json!({"name": g.name})),
    )
    .await?;
    tx.commit().await.db()
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_groups, create_group)).routes(routes!(
        get_group,
        update_group,
        delete_group
    ))
}

fn scope(caller: &Caller) -> Result<Scope, AppError> {
    caller.authz.scope(VIEW).map_err(|_| AppError::not_found())
}

/// The groups of the units the caller sees, by name.
#[utoipa::path(get, path = "/api/v1/desk/groups", tag = "desk", responses((status = 200, body = List<Group>)))]
async fn list_groups(State(s): State<AppState>, caller: Caller) -> Result<Json<List<Group>>, ApiError> {
    Ok(Json(List { items: list(s.db.pool(), &scope(&caller)?).await?, next_cursor: None }))
}

#[utoipa::path(post, path = "/api/v1/desk/groups", tag = "desk", request_body = GroupInput,
    responses((status = 201, body = Group), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_group(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<GroupInput>,
) -> Result<(StatusCode, Json<Group>), ApiError> {
    let id = create(&s.db, s.clock.as_ref(), &caller.authz, &b).await?;
    Ok((StatusCode::CREATED, Json(get(s.db.pool(), &scope(&caller)?, &id).await?)))
}

#[utoipa::path(get, path = "/api/v1/desk/groups/{id}", tag = "desk",
    responses((status = 200, body = Group), (status = 404, body = ErrorBody)))]
async fn get_group(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<Group>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    Ok(Json(get(s.db.pool(), &scope(&caller)?, &id).await?))
}

/// Rename a group (`unit_id` is not changed).
#[utoipa::path(put, path = "/api/v1/desk/groups/{id}", tag = "desk", request_body = GroupInput,
    responses((status = 200, body = Group), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_group(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<GroupInput>,
) -> Result<Json<Group>, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    update(&s.db, s.clock.as_ref(), &caller.authz, &id, &b).await?;
    Ok(Json(get(s.db.pool(), &scope(&caller)?, &id).await?))
}

#[utoipa::path(delete, path = "/api/v1/desk/groups/{id}", tag = "desk",
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_group(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = path_id::<uuid::Uuid>(&id)?.to_string();
    delete(&s.db, s.clock.as_ref(), &caller.authz, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Template)]
#[template(path = "desk_groups.html")]
struct GroupsPage {
    c: Shell,
    items: Vec<Group>,
    units: Vec<portico_authz::units::Unit>,
}

impl GroupsPage {
    fn unsolved(&self, g: &Group) -> usize {
        usize::try_from(g.unsolved).unwrap_or(0)
    }
}

pub(crate) async fn page(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let scope = authz.scope(VIEW).or_page(&staff)?;
    let items = list(s.db.pool(), &scope).await.or_page(&staff)?;
    let units = authz.scope(CREATE).map(|sc| portico_authz::units::list(authz, &sc)).unwrap_or_default();
    Ok(portico_http::ui::page(&GroupsPage { c: staff.shell("desk-groups", &f), items, units }))
}

pub(crate) async fn create_page(
    State(s): State<AppState>,
    staff: Staff,
    axum::Form(f): axum::Form<Vec<(String, String)>>,
) -> Response {
    let input = GroupInput {
        unit_id: sent(&f, "unit_id").to_string(),
        name: sent(&f, "name").to_string(),
        description: sent(&f, "description").to_string(),
    };
    let result = create(&s.db, s.clock.as_ref(), &staff.caller.authz, &input).await;
    after("/desk/groups", result.map(|_| "saved")).into_response()
}

pub(crate) async fn delete_page(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result = async {
        let id: uuid::Uuid = crate::parse(&id)?;
        delete(&s.db, s.clock.as_ref(), &staff.caller.authz, &id.to_string()).await
    }
    .await;
    after("/desk/groups", result.map(|_| "deleted")).into_response()
}
