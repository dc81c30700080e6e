//! One ordered list of migrations for both databases. Most are plain portable
//! SQL shared by both; a migration may carry a different text per dialect.

use portico_kernel::AppError;

use crate::{Backend, Db, DbResultExt};

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

macro_rules! shared {
    ($v:literal, $name:literal, $file:literal) => {
        Migration { version: $v, name: $name, sqlite: include_str!($file), postgres: include_str!($file) }
    };
}

pub const MIGRATIONS: &[Migration] = &[
    shared!(1, "core", "../migrations/0001_core.sql"),
    Migration {
        version: 2,
        name: "search",
        sqlite: include_str!("../migrations/0002_search.sqlite.sql"),
        postgres: include_str!("../migrations/0002_search.postgres.sql"),
    },
    shared!(3, "login_throttle", "../migrations/0003_login_throttle.sql"),
];

pub const LATEST_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version;

impl Db {
    /// Apply every migration not yet applied, each in its own transaction.
    /// Replicas starting together on PostgreSQL serialize on an advisory lock.
    pub async fn migrate(&self) -> Result<usize, AppError> {
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS portico_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
        )
        .execute(self.pool())
        .await
        .db()?;
        let mut applied = 0;
        for m in MIGRATIONS {
            let mut tx = self.begin().await?;
            if self.backend() == Backend::Postgres {
                sqlx::query("SELECT pg_advisory_xact_lock(7215)").execute(&mut *tx).await.db()?;
            }
            let done: Option<(i64,)> = sqlx::query_as("SELECT version FROM portico_migrations WHERE version = $1")
                .bind(m.version)
                .fetch_optional(&mut *tx)
                .await
                .db()?;
            if done.is_some() {
                continue;
            }
            let sql = match self.backend() {
                Backend::Sqlite => m.sqlite,
                Backend::Postgres => m.postgres,
            };
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .execute(&mut *tx)
                .await
                .map_err(|e| AppError::internal(format!("migration {} ({}) failed: {e}", m.version, m.name)))?;
            sqlx::query("INSERT INTO portico_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
                .bind(m.version)
                .bind(m.name)
                .bind(portico_kernel::Clock::now_micros(&portico_kernel::SystemClock))
                .execute(&mut *tx)
                .await
                .db()?;
            tx.commit().await.db()?;
            applied += 1;
        }
        Ok(applied)
    }

    /// The highest applied migration, or 0 on an empty database.
    pub async fn schema_version(&self) -> Result<i64, AppError> {
        let row: Option<(Option<i64>,)> =
            sqlx::query_as("SELECT MAX(version) FROM portico_migrations").fetch_optional(self.pool()).await.db()?;
        Ok(row.and_then(|r| r.0).unwrap_or(0))
    }
}
