//! Talent pools: named lists of candidates a team keeps for later (silver medallists, a
//! seasonal pool of sales staff). A pool belongs to a unit like a job does, and is seen and
//! changed with Recruit's permissions there; its members are listed only as far as the
//! reader may see each candidate, so a pool never shows a sibling unit's people.

pub mod api;
pub mod pages;

use portico_authz::{Authz, Scope};
use portico_db::DbResultExt;
use portico_kernel::validate::{optional_text, required_text};
use portico_kernel::{AppError, Clock, ErrorCode, Event, Timestamp, UnitId};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::AnyPool;

use crate::kinds::POOL;
use crate::{CREATE, EDIT, VIEW};

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Pool {
    pub id: String,
    pub unit_id: String,
    pub name: String,
    pub description: String,
    /// Members the reader may see.
    pub members: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Pool {
    pub fn unit(&self) -> Result<UnitId, AppError> {
        portico_kernel::ids::parse_db_id(&self.unit_id)
    }
}

/// A pool as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PoolInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// A candidate in a pool, as the reader may see them.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct PoolMember {
    pub candidate_id: String,
    pub name: String,
    pub headline: String,
    pub location: String,
    pub added_by: String,
    pub added_at: Timestamp,
}

/// The pools' columns with their members the scope sees.
fn select(scope: &Scope) -> String {
    format!(
        "SELECT p.id, p.unit_id, p.name, p.description, p.created_at, p.updated_at,
            (SELECT COUNT(*) FROM recruit_pool_members m JOIN recruit_candidates k ON k.id = m.candidate_id
             WHERE m.pool_id = p.id AND {}) AS members
         FROM recruit_pools p",
        scope.unit_sql("k.unit_id")
    )
}

pub async fn list(pool: &AnyPool, scope: &Scope) -> Result<Vec<Pool>, AppError> {
    let sql = format!(
        "{} WHERE p.workspace_id = $1 AND {} ORDER BY lower(p.name), p.id",
        select(scope),
        scope.unit_sql("p.unit_id")
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(scope.workspace().to_db()).fetch_all(pool).await.db()
}

pub async fn get(pool: &AnyPool, scope: &Scope, id: &str) -> Result<Pool, AppError> {
    let sql = format!("{} WHERE p.workspace_id = $1 AND p.id = $2 AND {}", select(scope), scope.unit_sql("p.unit_id"));
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

fn clean(input: &PoolInput) -> Result<PoolInput, AppError> {
    Ok(PoolInput {
        name: required_text("name", &input.name, 80)?,
        description: optional_text("description", Some(&input.description), 500)?.unwrap_or_default(),
    })
}

pub async fn create(
    db: &portico_db::Db,
    clock: &dyn Clock,
    authz: &Authz,
    unit: UnitId,
    input: &PoolInput,
) -> Result<String, AppError> {
    let c = clean(input)?;
    let cap = authz.unit_cap(CREATE, unit).map_err(|e| e.or_field("unit_id"))?;
    let (id, now) = (uuid::Uuid::now_v7().to_string(), clock.now_micros());
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO recruit_pools (id, workspace_id, unit_id, name, description, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(id.clone())
    .bind(cap.workspace().to_db())
    .bind(unit.to_db())
    .bind(c.name.clone())
    .bind(c.description.clone())
    .bind(now)
    .execute(&mut *tx)
    .await
    .db()?;
    let after = json!({"name": c.name, "description": c.description, "unit_id": unit});
    tx.emit(Event::new(cap.workspace(), cap.actor(), POOL, "create", id.clone(), now).unit(unit).after(after)).await?;
    tx.commit().await.db()?;
    Ok(id)
}

pub async fn update(
    db: &portico_db::Db,
    clock: &dyn Clock,
    authz: &Authz,
    id: &str,
    input: &PoolInput,
) -> Result<(), AppError> {
    let before = get(db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, id).await?;
    let cap = authz.unit_cap(EDIT, before.unit()?)?;
    let c = clean(input)?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE recruit_pools SET name = $1, description = $2, updated_at = $3 WHERE id = $4")
        .bind(c.name.clone())
        .bind(c.description.clone())
        .bind(now)
        .bind(before.id.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    let event = Event::new(cap.workspace(), cap.actor(), POOL, "update", before.id.clone(), now)
        .unit(before.unit()?)
        .before(json!({"name": before.name, "description": before.description}))
        .after(json!({"name": c.name, "description": c.description}));
    tx.emit(event).await?;
    tx.commit().await.db()
}

/// Remove a pool and its list (the candidates stay).
pub async fn delete(db: &portico_db::Db, clock: &dyn Clock, authz: &Authz, id: &str) -> Result<(), AppError> {
    let p = get(db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, id).await?;
    let cap = authz.unit_cap(EDIT, p.unit()?)?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM recruit_pool_members WHERE pool_id = $1")
        .bind(p.id.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    sqlx::query("DELETE FROM recruit_pools WHERE id = $1").bind(p.id.clone()).execute(&mut *tx).await.db()?;
    let before = json!({"name": p.name, "description": p.description});
    tx.emit(Event::new(cap.workspace(), cap.actor(), POOL, "delete", p.id.clone(), now).unit(p.unit()?).before(before))
        .await?;
    tx.commit().await.db()
}

pub async fn members(pool: &AnyPool, scope: &Scope, id: &str) -> Result<Vec<PoolMember>, AppError> {
    let p = get(pool, scope, id).await?;
    let sql = format!(
        "SELECT m.candidate_id, c.name, k.headline, k.location, m.added_by, m.added_at
         FROM recruit_pool_members m JOIN recruit_candidates k ON k.id = m.candidate_id JOIN contacts c ON c.id = k.contact_id
         WHERE m.pool_id = $1 AND {} ORDER BY m.added_at DESC, m.id",
        scope.unit_sql("k.unit_id")
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(p.id).fetch_all(pool).await.db()
}

/// The pools a candidate is in, of those the reader sees.
pub async fn of_candidate(pool: &AnyPool, scope: &Scope, candidate: &str) -> Result<Vec<Pool>, AppError> {
    let sql = format!(
        "{} WHERE p.workspace_id = $1 AND {} AND p.id IN (SELECT pool_id FROM recruit_pool_members WHERE candidate_id = $2)
         ORDER BY lower(p.name), p.id",
        select(scope),
        scope.unit_sql("p.unit_id")
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(candidate.to_string())
        .fetch_all(pool)
        .await
        .db()
}

/// Add a candidate the caller sees to a pool they may change; adding twice changes nothing.
pub async fn add(
    db: &portico_db::Db,
    clock: &dyn Clock,
    authz: &Authz,
    id: &str,
    candidate: &str,
) -> Result<(), AppError> {
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let p = get(db.pool(), &scope, id).await?;
    let cap = authz.unit_cap(EDIT, p.unit()?)?;
    let k = crate::candidates::store::get(db.pool(), &scope, candidate).await.map_err(|e| match e.code {
        ErrorCode::NotFound => AppError::field(ErrorCode::InvalidValue, "candidate_id"),
        _ => e,
    })?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO recruit_pool_members (id, workspace_id, pool_id, candidate_id, added_by, added_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (pool_id, candidate_id) DO NOTHING",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(cap.workspace().to_db())
    .bind(p.id.clone())
    .bind(k.id.clone())
    .bind(cap.actor().label().to_string())
    .bind(now)
    .execute(&mut *tx)
    .await
    .db()?
    .rows_affected();
    if inserted > 0 {
        let event = Event::new(cap.workspace(), cap.actor(), POOL, "add", p.id.clone(), now)
            .unit(p.unit()?)
            .after(json!({"candidate_id": k.id}));
        tx.emit(event).await?;
    }
    tx.commit().await.db()
}

pub async fn remove(
    db: &portico_db::Db,
    clock: &dyn Clock,
    authz: &Authz,
    id: &str,
    candidate: &str,
) -> Result<(), AppError> {
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let p = get(db.pool(), &scope, id).await?;
    let cap = authz.unit_cap(EDIT, p.unit()?)?;
    let k = crate::candidates::store::get(db.pool(), &scope, candidate).await?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    let gone = sqlx::query("DELETE FROM recruit_pool_members WHERE pool_id = $1 AND candidate_id = $2")
        .bind(p.id.clone())
        .bind(k.id.clone())
        .execute(&mut *tx)
        .await
        .db()?
        .rows_affected();
    if gone == 0 {
        return Err(AppError::not_found());
    }
    let event = Event::new(cap.workspace(), cap.actor(), POOL, "remove", p.id.clone(), now)
        .unit(p.unit()?)
        .before(json!({"candidate_id": k.id}));
    tx.emit(event).await?;
    tx.commit().await.db()
}
