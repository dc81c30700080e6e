//! Migrations, one ordered list per module, for both databases. Most are plain portable SQL
//! shared by both; a migration may carry a different text per dialect. Which ones ran is
//! kept per module, so each module has a schema version of its own (the export manifest
//! records them).

use portico_kernel::AppError;

use crate::{Backend, Db, DbResultExt};

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sqlite: &'static str,
    pub postgres: &'static str,
    /// Rebuilds a table on SQLite (which cannot drop a constraint): runs with foreign keys
    /// off, and is checked for broken references before it commits.
    pub rebuilds: bool,
}

/// A module's migrations, in order.
#[derive(Clone, Copy)]
pub struct MigrationSet {
    pub module: &'static str,
    pub list: &'static [Migration],
}

impl MigrationSet {
    /// The version this binary expects the module's schema at.
    pub fn latest(&self) -> i64 {
        self.list.last().map_or(0, |m| m.version)
    }
}

impl Migration {
    /// A migration whose SQL is the same on both databases.
    pub const fn shared(version: i64, name: &'static str, sql: &'static str) -> Migration {
        Migration { version, name, sqlite: sql, postgres: sql, rebuilds: false }
    }
}

macro_rules! shared {
    ($v:literal, $name:literal, $file:literal) => {
        Migration::shared($v, $name, include_str!($file))
    };
}

/// The core's schema: the tables of the core crates.
pub const CORE: MigrationSet = MigrationSet {
    module: "core",
    list: &[
        shared!(1, "core", "../migrations/0001_core.sql"),
        Migration {
            version: 2,
            name: "search",
            sqlite: include_str!("../migrations/0002_search.sqlite.sql"),
            postgres: include_str!("../migrations/0002_search.postgres.sql"),
            rebuilds: false,
        },
        shared!(3, "login_throttle", "../migrations/0003_login_throttle.sql"),
        shared!(4, "demo_seeds", "../migrations/0004_demo_seeds.sql"),
        shared!(5, "access_versions", "../migrations/0005_access_versions.sql"),
        Migration {
            version: 6,
            name: "email_per_workspace",
            sqlite: include_str!("../migrations/0006_email_per_workspace.sqlite.sql"),
            postgres: include_str!("../migrations/0006_email_per_workspace.postgres.sql"),
            rebuilds: true,
        },
        shared!(7, "invitation_email", "../migrations/0007_invitation_email.sql"),
        shared!(8, "contacts", "../migrations/0008_contacts.sql"),
        shared!(9, "inbound_mail", "../migrations/0009_inbound_mail.sql"),
        shared!(10, "inbound_requests", "../migrations/0010_inbound_requests.sql"),
        Migration {
            version: 11,
            name: "mail_raw",
            sqlite: include_str!("../migrations/0011_mail_raw.sqlite.sql"),
            postgres: include_str!("../migrations/0011_mail_raw.postgres.sql"),
            rebuilds: false,
        },
        shared!(12, "templates", "../migrations/0012_templates.sql"),
        shared!(13, "rules", "../migrations/0013_rules.sql"),
        shared!(14, "reports", "../migrations/0014_reports.sql"),
        shared!(15, "live", "../migrations/0015_live.sql"),
        Migration {
            version: 16,
            name: "search_facets",
            sqlite: include_str!("../migrations/0016_search_facets.sqlite.sql"),
            postgres: include_str!("../migrations/0016_search_facets.postgres.sql"),
            rebuilds: false,
        },
        shared!(17, "sites", "../migrations/0017_sites.sql"),
        Migration {
            version: 18,
            name: "site_logo",
            sqlite: include_str!("../migrations/0018_site_logo.sqlite.sql"),
            postgres: include_str!("../migrations/0018_site_logo.postgres.sql"),
            rebuilds: false,
        },
        Migration {
            version: 19,
            name: "search_recent",
            sqlite: include_str!("../migrations/0019_search_recent.sqlite.sql"),
            postgres: include_str!("../migrations/0019_search_recent.postgres.sql"),
            rebuilds: false,
        },
        shared!(20, "file_hashes", "../migrations/0020_file_hashes.sql"),
        shared!(21, "contact_aliases", "../migrations/0021_contact_aliases.sql"),
        shared!(22, "import_ids", "../migrations/0022_import_ids.sql"),
        Migration {
            version: 23,
            name: "search_facet_words",
            sqlite: include_str!("../migrations/0023_search_facet_words.sqlite.sql"),
            postgres: include_str!("../migrations/0023_search_facet_words.postgres.sql"),
            rebuilds: false,
        },
        Migration {
            version: 24,
            name: "search_vocabulary",
            sqlite: include_str!("../migrations/0024_search_vocabulary.sqlite.sql"),
            postgres: include_str!("../migrations/0024_search_vocabulary.postgres.sql"),
            rebuilds: false,
        },
        shared!(25, "site_contact", "../migrations/0025_site_contact.sql"),
        Migration {
            version: 26,
            name: "search_stretches",
            sqlite: include_str!("../migrations/0026_search_stretches.sqlite.sql"),
            postgres: include_str!("../migrations/0026_search_stretches.postgres.sql"),
            rebuilds: false,
        },
        shared!(27, "suspended_mail", "../migrations/0027_suspended_mail.sql"),
        shared!(28, "presence_typing", "../migrations/0028_presence_typing.sql"),
    ],
};

/// Which migrations ran, per module. Earlier versions kept one list in `portico_migrations`
/// (all of it the core's): its rows move here on first start.
const BOOKKEEPING: &str = "CREATE TABLE IF NOT EXISTS portico_schema (
    module TEXT NOT NULL, version BIGINT NOT NULL, name TEXT NOT NULL, applied_at BIGINT NOT NULL,
    PRIMARY KEY (module, version))";

impl Db {
    /// Apply every migration of every set not yet applied, each in its own transaction, the
    /// sets in the order given (the core first). Replicas starting together on PostgreSQL
    /// serialize on an advisory lock.
    pub async fn migrate(&self, sets: &[MigrationSet]) -> Result<usize, AppError> {
        self.bookkeeping().await?;
        let mut applied = 0;
        for set in sets {
            for m in set.list {
                if self.apply(set.module, m).await? {
                    applied += 1;
                }
            }
        }
        Ok(applied)
    }

    /// Apply one migration unless it ran already; true when it ran.
    async fn apply(&self, module: &str, m: &Migration) -> Result<bool, AppError> {
        let sqlite_rebuild = m.rebuilds && self.backend() == Backend::Sqlite;
        // A rebuild needs foreign keys off, which SQLite only changes outside a transaction
        // and per connection: on the writer connection itself, turned back on afterwards.
        let mut conn = self.writer().await?;
        if sqlite_rebuild {
            sqlx::query("PRAGMA foreign_keys = OFF").execute(&mut *conn).await.db()?;
        }
        let result = self.apply_on(&mut conn, module, m, sqlite_rebuild).await;
        if sqlite_rebuild {
            sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *conn).await.db()?;
        }
        result
    }

    async fn apply_on(
        &self,
        conn: &mut sqlx::AnyConnection,
        module: &str,
        m: &Migration,
        check_references: bool,
    ) -> Result<bool, AppError> {
        use sqlx::Connection;
        let begin = match self.backend() {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        let mut tx = conn.begin_with(begin).await.db()?;
        if self.backend() == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock(7215)").execute(&mut *tx).await.db()?;
        }
        let done: Option<(i64,)> =
            sqlx::query_as("SELECT version FROM portico_schema WHERE module = $1 AND version = $2")
                .bind(module.to_string())
                .bind(m.version)
                .fetch_optional(&mut *tx)
                .await
                .db()?;
        if done.is_some() {
            return Ok(false);
        }
        let sql = match self.backend() {
            Backend::Sqlite => m.sqlite,
            Backend::Postgres => m.postgres,
        };
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut *tx)
            .await
            .map_err(|e| AppError::internal(format!("migration {module} {} ({}) failed: {e}", m.version, m.name)))?;
        if check_references {
            let broken = sqlx::query("PRAGMA foreign_key_check").fetch_all(&mut *tx).await.db()?;
            if !broken.is_empty() {
                return Err(AppError::internal(format!(
                    "migration {module} {} ({}) would break {} references",
                    m.version,
                    m.name,
                    broken.len()
                )));
            }
        }
        sqlx::query("INSERT INTO portico_schema (module, version, name, applied_at) VALUES ($1, $2, $3, $4)")
            .bind(module.to_string())
            .bind(m.version)
            .bind(m.name)
            .bind(portico_kernel::Clock::now_micros(&portico_kernel::SystemClock))
            .execute(&mut *tx)
            .await
            .db()?;
        tx.commit().await.db()?;
        Ok(true)
    }

    async fn bookkeeping(&self) -> Result<(), AppError> {
        let mut tx = self.begin().await?;
        if self.backend() == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock(7215)").execute(&mut *tx).await.db()?;
        }
        sqlx::raw_sql(sqlx::AssertSqlSafe(BOOKKEEPING)).execute(&mut *tx).await.db()?;
        let old = match self.backend() {
            Backend::Sqlite => {
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'portico_migrations'"
            }
            Backend::Postgres => {
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'portico_migrations'"
            }
        };
        let (n,): (i64,) = sqlx::query_as(old).fetch_one(&mut *tx).await.db()?;
        if n > 0 {
            sqlx::query(
                "INSERT INTO portico_schema (module, version, name, applied_at) SELECT 'core', version, name, applied_at FROM portico_migrations",
            )
            .execute(&mut *tx)
            .await
            .db()?;
            sqlx::query("DROP TABLE portico_migrations").execute(&mut *tx).await.db()?;
        }
        tx.commit().await.db()
    }

    /// The applied schema version of each module, by name (0 for one never migrated).
    pub async fn schema_versions(&self, sets: &[MigrationSet]) -> Result<Vec<(&'static str, i64)>, AppError> {
        let mut out = Vec::new();
        for set in sets {
            let row: Option<(Option<i64>,)> =
                sqlx::query_as("SELECT MAX(version) FROM portico_schema WHERE module = $1")
                    .bind(set.module)
                    .fetch_optional(self.pool())
                    .await
                    .db()?;
            out.push((set.module, row.and_then(|r| r.0).unwrap_or(0)));
        }
        Ok(out)
    }

    /// Whether every module's schema is at the version this binary expects.
    pub async fn is_current(&self, sets: &[MigrationSet]) -> Result<bool, AppError> {
        let versions = self.schema_versions(sets).await?;
        Ok(sets.iter().zip(versions).all(|(set, (_, v))| v == set.latest()))
    }
}
