//! `/api/v2/users`: the team (Zendesk's agents and admins: members who work on Desk tickets)
//! and the contacts the caller sees (its end users), in that order; end users are created and
//! deleted here, the team is invited in Settings.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portico_authz::Scope;
use portico_core::contacts::store as contacts;
use portico_db::{Db, DbResultExt};
use portico_http::extract::Caller;
use portico_http::state::AppState;
use portico_kernel::{AppError, ErrorCode, WorkspaceId};
use serde::Deserialize;
use serde_json::{Value, json};
use sqlx::AnyPool;

use super::ids::{self, Named};
use super::page::Paging;
use super::shape::{self, Person};
use super::{Agent, Body, Fail, Here, path_number};

const AGENTS: &str = "SELECT id, name, email, '' AS phone, '' AS company, COALESCE(locale, 'en') AS locale, time_zone, created_at, \
    created_at AS updated_at FROM users WHERE workspace_id = $1 AND status = 'active'";
const END_USERS: &str = "SELECT id, name, email, phone, company, locale, 'UTC' AS time_zone, created_at, updated_at, \
    'end-user' AS role FROM contacts";

/// The members who work on Desk tickets somewhere, by id, each with their role.
async fn agents(pool: &AnyPool, ws: WorkspaceId, only: Option<&str>) -> Result<Vec<Person>, AppError> {
    let sql = format!("{AGENTS} AND ($2 IS NULL OR id = $2) ORDER BY id");
    let rows: Vec<Person> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(ws.to_db())
        .bind(only.map(str::to_string))
        .fetch_all(pool)
        .await
        .db()?;
    let mut out = Vec::new();
    for mut p in rows {
        let Some(authz) = portico_authz::store::authz_of(pool, ws, &p.id).await else { continue };
        if authz.scope(crate::VIEW).is_ok() {
            p.role = if authz.is_admin() { "admin" } else { "agent" }.into();
            out.push(p);
        }
    }
    Ok(out)
}

/// Contacts the caller sees, by id after `after`, skipping `skip`.
async fn end_users(
    pool: &AnyPool,
    scope: Option<&Scope>,
    after: &str,
    skip: usize,
    limit: usize,
) -> Result<Vec<Person>, AppError> {
    let Some(scope) = scope else { return Ok(Vec::new()) };
    let sql = format!(
        "{END_USERS} WHERE workspace_id = $1 AND {} AND id > $2 ORDER BY id LIMIT $3 OFFSET $4",
        scope.unit_sql("unit_id")
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(after.to_string())
        .bind(limit as i64)
        .bind(skip as i64)
        .fetch_all(pool)
        .await
        .db()
}

fn contact_scope(c: &Caller) -> Option<Scope> {
    c.authz.scope(contacts::VIEW).ok()
}

async fn answer(db: &Db, ws: WorkspaceId, base: &str, people: &[Person]) -> Result<Vec<Value>, AppError> {
    let ids = shape::people_ids(db, ws, people).await?;
    Ok(people.iter().map(|p| shape::user(base, ids.get(Some(&p.id)).as_i64().unwrap_or(0), p, &ids)).collect())
}

/// One person, as the API shows them.
async fn one(db: &Db, ws: WorkspaceId, base: &str, p: &Person) -> Result<Value, AppError> {
    Ok(answer(db, ws, base, std::slice::from_ref(p)).await?.pop().unwrap_or(Value::Null))
}

pub async fn me(State(s): State<AppState>, Agent(c): Agent, here: Here) -> Result<Json<Value>, Fail> {
    let ws = c.authz.workspace();
    let me = agents(s.db.pool(), ws, Some(&c.user.to_db())).await?.pop().ok_or_else(AppError::forbidden)?;
    Ok(Json(json!({"user": one(&s.db, ws, &here.base, &me).await?})))
}

/// The team first, then end users. A cursor is `a{position}` among the team or `c{id}` after
/// the end user with that id.
pub async fn list(State(s): State<AppState>, Agent(c): Agent, here: Here) -> Result<Json<Value>, Fail> {
    let paging = Paging::of(&here, 100)?;
    let (ws, pool) = (c.authz.workspace(), s.db.pool());
    let team = agents(pool, ws, None).await?;
    let scope = contact_scope(&c);
    let (size, team_from, after, skip) = match &paging {
        Paging::Cursor { size, after } => match after.as_deref() {
            None => (*size as usize, 0, String::new(), 0),
            Some(a) if a.starts_with('a') => {
                let at = a[1..].parse().map_err(|_| Fail(AppError::field(ErrorCode::BadCursor, "page[after]")))?;
                (*size as usize, at, String::new(), 0)
            }
            Some(a) if a.starts_with('c') => (*size as usize, team.len(), a[1..].to_string(), 0),
            Some(_) => return Err(Fail(AppError::field(ErrorCode::BadCursor, "page[after]"))),
        },
        Paging::Offset { page, per_page } => {
            let from = (*page as usize - 1) * *per_page as usize;
            (*per_page as usize, from.min(team.len()), String::new(), from.saturating_sub(team.len()))
        }
    };
    let mut people: Vec<Person> = team.iter().skip(team_from).take(size).cloned().collect();
    let need = size - people.len();
    // One more than needed says whether more follow.
    let mut more = end_users(pool, scope.as_ref(), &after, skip, need + 1).await?;
    let has_more = more.len() > need || team_from + people.len() < team.len();
    more.truncate(need);
    let next = match (team_from + people.len() < team.len(), more.last()) {
        (true, _) => format!("a{}", team_from + people.len()),
        (false, Some(last)) => format!("c{}", last.id),
        (false, None) => "c".to_string(),
    };
    people.extend(more);
    let count = match &scope {
        Some(scope) => {
            let sql =
                format!("SELECT COUNT(*) FROM contacts WHERE workspace_id = $1 AND {}", scope.unit_sql("unit_id"));
            let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(ws.to_db()).fetch_one(pool).await.db()?;
            n
        }
        None => 0,
    } + team.len() as i64;
    let items = answer(&s.db, ws, &here.base, &people).await?;
    Ok(Json(paging.envelope(&here, "users", items, has_more.then_some(next), count)))
}

/// Someone by their API id: a member of the team or a contact the caller sees.
async fn person(s: &AppState, c: &Caller, number: i64) -> Result<Person, Fail> {
    let (ws, pool) = (c.authz.workspace(), s.db.pool());
    match ids::record(pool, ws, number).await? {
        Some((Named::Agent, id)) => Ok(agents(pool, ws, Some(&id)).await?.pop().ok_or_else(AppError::not_found)?),
        Some((Named::Contact, id)) => {
            let scope = contact_scope(c).ok_or_else(AppError::not_found)?;
            let sql = format!("{END_USERS} WHERE workspace_id = $1 AND id = $2 AND {}", scope.unit_sql("unit_id"));
            let p: Option<Person> =
                sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(ws.to_db()).bind(id).fetch_optional(pool).await.db()?;
            Ok(p.ok_or_else(AppError::not_found)?)
        }
        _ => Err(Fail(AppError::not_found())),
    }
}

pub async fn show(
    State(s): State<AppState>,
    Agent(c): Agent,
    here: Here,
    Path(id): Path<String>,
) -> Result<Json<Value>, Fail> {
    let p = person(&s, &c, path_number(&id)?).await?;
    Ok(Json(json!({"user": one(&s.db, c.authz.workspace(), &here.base, &p).await?})))
}

#[derive(Debug, Deserialize)]
pub struct UserBody {
    user: NewUser,
}

#[derive(Debug, Default, Deserialize)]
struct NewUser {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    locale: Option<String>,
    #[serde(default)]
    role: Option<String>,
}

/// An end user (a contact), in the first unit where the caller may add contacts. The team is
/// invited from Settings, not made here.
pub async fn create(
    State(s): State<AppState>,
    Agent(c): Agent,
    here: Here,
    Body(b): Body<UserBody>,
) -> Result<(StatusCode, Json<Value>), Fail> {
    if b.user.role.as_deref().is_some_and(|r| r != "end-user") {
        return Err(Fail(AppError::field(ErrorCode::InvalidValue, "role")));
    }
    let scope = c.authz.scope(contacts::CREATE).map_err(|_| AppError::forbidden())?;
    let unit = match scope.units() {
        None => c.authz.tree().root(),
        Some(units) => units.first().copied(),
    }
    .ok_or_else(AppError::forbidden)?;
    let input = contacts::ContactInput {
        name: b.user.name,
        email: b.user.email,
        phone: b.user.phone.unwrap_or_default(),
        locale: b.user.locale.unwrap_or_default().chars().take(2).collect(),
        ..Default::default()
    };
    let id = contacts::create(&s.db, s.clock.as_ref(), &c.authz, unit, &input, &Default::default()).await?;
    let number = ids::number(&s.db, c.authz.workspace(), Named::Contact, &id.to_db()).await?;
    let p = person(&s, &c, number).await?;
    Ok((StatusCode::CREATED, Json(json!({"user": one(&s.db, c.authz.workspace(), &here.base, &p).await?}))))
}

/// Delete an end user (a contact with no tickets). Members of the team leave from Settings.
pub async fn delete(
    State(s): State<AppState>,
    Agent(c): Agent,
    here: Here,
    Path(id): Path<String>,
) -> Result<Json<Value>, Fail> {
    let number = path_number(&id)?;
    let p = person(&s, &c, number).await?;
    if p.named() != Named::Contact {
        return Err(Fail(AppError::forbidden()));
    }
    let id = p.id.parse().map_err(|_| AppError::not_found())?;
    let mut user = one(&s.db, c.authz.workspace(), &here.base, &p).await?;
    contacts::delete(&s.db, s.clock.as_ref(), &c.authz, id).await?;
    user["active"] = json!(false);
    Ok(Json(json!({"user": user})))
}
