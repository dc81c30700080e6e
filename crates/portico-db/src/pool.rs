use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use portico_kernel::AppError;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

use crate::live::{self, Live, Local, Outlet};
use crate::{DbResultExt, EventSink, Tx};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// How many rows of `width` parameters one multi-row statement should carry.
    pub fn rows_per_statement(self, width: usize) -> usize {
        let params = match self {
            Backend::Sqlite => 4_000,
            Backend::Postgres => 8_000,
        };
        (params / width.max(1)).max(1)
    }

    /// `column` as a condition may name it where the statement is driven by another index:
    /// SQLite, without statistics, takes an index on the workspace (a million rows) over the
    /// primary key, and a unary `+` keeps it off. PostgreSQL, which knows better, gets it bare.
    pub fn not_indexed(self, column: &str) -> String {
        match self {
            Backend::Sqlite => format!("+{column}"),
            Backend::Postgres => column.to_string(),
        }
    }

    /// `(…), (…)`: `rows` groups of `width` parameters, for a multi-row statement. SQLite
    /// gets bare `?` (so every parameter of the statement must be a bare `?`): sqlx binds a
    /// numbered parameter by asking SQLite its name, which walks a list, so binding `$n`s
    /// is quadratic in their number. PostgreSQL gets `$n`, numbered from `first`.
    pub fn value_groups(self, rows: usize, width: usize, first: usize) -> String {
        let group = |r: usize| {
            let ps: Vec<String> = (0..width)
                .map(|c| match self {
                    Backend::Sqlite => "?".to_string(),
                    Backend::Postgres => format!("${}", first + r * width + c),
                })
                .collect();
            format!("({})", ps.join(", "))
        };
        (0..rows).map(group).collect::<Vec<_>>().join(", ")
    }
}

#[derive(Debug, Clone)]
pub struct DbOptions {
    pub url: String,
    /// PostgreSQL schema to use instead of `public` (tests run each in its own).
    pub schema: Option<String>,
    pub max_connections: u32,
}

impl DbOptions {
    pub fn new(url: impl Into<String>) -> Self {
        Self { url: url.into(), schema: None, max_connections: 10 }
    }
    /// The embedded database inside a data directory.
    pub fn sqlite_in(data_dir: &Path) -> Self {
        Self::new(format!("sqlite://{}?mode=rwc", data_dir.join("portico.sqlite3").display()))
    }
    pub fn backend(&self) -> Result<Backend, AppError> {
        if self.url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if self.url.starts_with("postgres://") || self.url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(AppError::internal("database URL must start with sqlite:// or postgres://"))
        }
    }
    fn sqlite_path(&self) -> Option<PathBuf> {
        let rest = self.url.strip_prefix("sqlite://").or_else(|| self.url.strip_prefix("sqlite:"))?;
        let path = rest.split('?').next().unwrap_or(rest);
        (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
    }
}

struct Inner {
    read: AnyPool,
    write: AnyPool,
    backend: Backend,
    sqlite_path: Option<PathBuf>,
    sink: OnceLock<Arc<dyn EventSink>>,
    opts: DbOptions,
    outlet: Outlet,
    /// This process's listener of live messages (PostgreSQL), started by the first watcher.
    listening: tokio::sync::OnceCell<()>,
}

/// A handle on the database. Cheap to clone.
#[derive(Clone)]
pub struct Db(Arc<Inner>);

impl Db {
    pub async fn connect(opts: &DbOptions) -> Result<Db, AppError> {
        sqlx::any::install_default_drivers();
        let backend = opts.backend()?;
        let connect_opts: AnyConnectOptions =
            opts.url.parse().map_err(|e| AppError::internal(format!("bad database URL: {e}")))?;
        let outlet = Outlet { channel: live::channel(opts.schema.as_deref()), local: Local::new() };
        let db = match backend {
            Backend::Sqlite => {
                let path = opts.sqlite_path();
                if let Some(dir) = path.as_ref().and_then(|p| p.parent()) {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| AppError::internal(format!("cannot create {}: {e}", dir.display())))?;
                }
                // One writer connection: SQLite allows a single writer anyway, and
                // queueing in the pool beats spinning on SQLITE_BUSY.
                let write = sqlite_pool(1).connect_with(connect_opts.clone()).await.db()?;
                let read = sqlite_pool(opts.max_connections.clamp(1, 8)).connect_with(connect_opts).await.db()?;
                Inner {
                    read,
                    write,
                    backend,
                    sqlite_path: path,
                    sink: OnceLock::new(),
                    opts: opts.clone(),
                    outlet,
                    listening: Default::default(),
                }
            }
            Backend::Postgres => {
                let schema = opts.schema.clone();
                let pool = AnyPoolOptions::new()
                    .max_connections(opts.max_connections)
                    .acquire_timeout(Duration::from_secs(10))
                    .after_connect(move |conn, _| {
                        let schema = schema.clone();
                        Box::pin(async move {
                            if let Some(s) = schema {
                                conn.execute(sqlx::AssertSqlSafe(format!("SET search_path TO \"{s}\""))).await?;
                            }
                            Ok(())
                        })
                    })
                    .connect_with(connect_opts)
                    .await
                    .db()?;
                Inner {
                    read: pool.clone(),
                    write: pool,
                    backend,
                    sqlite_path: None,
                    sink: OnceLock::new(),
                    opts: opts.clone(),
                    outlet,
                    listening: Default::default(),
                }
            }
        };
        Ok(Db(Arc::new(db)))
    }

    pub fn backend(&self) -> Backend {
        self.0.backend
    }

    /// Another handle on the same database, with pools and watchers of its own: what a
    /// second replica would have (its event sink is to be installed).
    pub async fn another(&self) -> Result<Db, AppError> {
        Db::connect(&self.0.opts).await
    }

    /// Count what the tables hold so the planner knows: SQLite keeps no statistics unless
    /// asked, and without them takes an index on the workspace (every row of it, in a
    /// one-company install) over the primary key, sorting a million rows for a page of 50.
    /// Every table is read whole (a sample guesses a workspace holds a few hundred rows), one
    /// at a time so writers wait for one table at most; full-text tables are left out (their
    /// own structures are what FTS5 reads). PostgreSQL samples (autovacuum does it too, but
    /// only once enough rows changed).
    pub async fn analyze(&self) -> Result<(), AppError> {
        let tables = match self.0.backend {
            Backend::Sqlite => {
                "SELECT t.name FROM sqlite_schema t WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%'
                   AND t.sql NOT LIKE 'CREATE VIRTUAL TABLE%'
                   AND NOT EXISTS (SELECT 1 FROM sqlite_schema v WHERE v.type = 'table'
                       AND v.sql LIKE 'CREATE VIRTUAL TABLE%' AND t.name LIKE v.name || '\\_%' ESCAPE '\\')"
            }
            Backend::Postgres => "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()",
        };
        let tables: Vec<(String,)> = sqlx::query_as(tables).fetch_all(&self.0.read).await.db()?;
        let mut conn = self.0.write.acquire().await.db()?;
        if self.0.backend == Backend::Sqlite {
            sqlx::query("PRAGMA analysis_limit = 0").execute(&mut *conn).await.db()?;
        }
        for (table,) in tables {
            // Names read from the schema just above, quoted.
            let sql = format!("ANALYZE \"{}\"", table.replace('"', "\"\""));
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *conn).await.db()?;
        }
        Ok(())
    }

    /// Pool for reads outside a transaction.
    pub fn pool(&self) -> &AnyPool {
        &self.0.read
    }

    /// Start a write transaction. On SQLite it takes the write lock up front
    /// (`BEGIN IMMEDIATE`) so it can never fail half-way on a lock upgrade.
    pub async fn begin(&self) -> Result<Tx, AppError> {
        let inner = match self.0.backend {
            Backend::Sqlite => self.0.write.begin_with("BEGIN IMMEDIATE").await.db()?,
            Backend::Postgres => self.0.write.begin().await.db()?,
        };
        Ok(Tx::new(inner, self.0.backend, self.0.sink.get().cloned(), self.0.outlet.clone()))
    }

    /// Watch the live messages of this database: every one published from now on, by this
    /// process or (on PostgreSQL) any replica. Filter by topic.
    pub async fn watch(&self) -> tokio::sync::broadcast::Receiver<Live> {
        let receiver = self.0.outlet.local.0.subscribe();
        if self.0.backend == Backend::Postgres {
            self.0
                .listening
                .get_or_init(|| async {
                    let (ready, heard) = tokio::sync::oneshot::channel();
                    let (url, o) = (self.0.opts.url.clone(), self.0.outlet.clone());
                    tokio::spawn(live::listen(url, o.channel, o.local, ready));
                    // Watchers hear what is published once the listener is in place.
                    let _ = tokio::time::timeout(Duration::from_secs(10), heard).await;
                })
                .await;
        }
        receiver
    }

    /// Publish a live message outside a transaction (task progress).
    pub async fn publish(&self, m: Live) -> Result<(), AppError> {
        match self.0.backend {
            Backend::Sqlite => self.0.outlet.local.send(m),
            Backend::Postgres => {
                sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(self.0.outlet.channel.clone())
                    .bind(m.payload())
                    .execute(&self.0.write)
                    .await
                    .db()?;
            }
        }
        Ok(())
    }

    /// The writer connection itself (SQLite's only one), for what must run outside a
    /// transaction on it (migrations that rebuild a table).
    pub(crate) async fn writer(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Any>, AppError> {
        self.0.write.acquire().await.db()
    }

    /// Install the consumer of the events writes emit (once, at start-up).
    pub fn install(&self, sink: Arc<dyn EventSink>) -> Result<(), AppError> {
        self.0.sink.set(sink).map_err(|_| AppError::internal("an event sink is already installed"))
    }

    pub fn has_sink(&self) -> bool {
        self.0.sink.get().is_some()
    }

    /// A consistent read of the whole database as of now, however long it lasts and whatever
    /// is written meanwhile (an SQLite read transaction; PostgreSQL REPEATABLE READ).
    pub async fn snapshot(&self) -> Result<Snapshot, AppError> {
        let tx = match self.0.backend {
            Backend::Sqlite => self.0.read.begin().await.db()?,
            Backend::Postgres => {
                self.0.read.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await.db()?
            }
        };
        Ok(Snapshot(tx))
    }

    pub async fn ping(&self) -> Result<(), AppError> {
        sqlx::query("SELECT 1").execute(self.pool()).await.db().map(|_| ())
    }

    pub async fn close(&self) {
        self.0.read.close().await;
        self.0.write.close().await;
    }

    /// Take the lock that keeps two long-running Portico processes off one
    /// SQLite file. PostgreSQL needs none: many replicas share it by design.
    pub fn lock_for_server(&self) -> Result<Option<ProcessLock>, AppError> {
        let Some(path) = &self.0.sqlite_path else {
            return Ok(None);
        };
        let lock_path = path.with_extension("sqlite3.lock");
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| AppError::internal(format!("cannot open {}: {e}", lock_path.display())))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(ProcessLock { _file: file })),
            Err(_) => Err(AppError::new(portico_kernel::ErrorCode::Unavailable).with_cause(format!(
                "another Portico process is already serving the SQLite database {} \
                 (lock {} is held). Stop it first; on SQLite one `portico serve` runs the workers too, \
                 to scale out use PostgreSQL.",
                path.display(),
                lock_path.display()
            ))),
        }
    }
}

/// A read-only transaction: every query on it sees the database as it was when it began.
pub struct Snapshot(sqlx::Transaction<'static, sqlx::Any>);

impl std::ops::Deref for Snapshot {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &sqlx::AnyConnection {
        &self.0
    }
}

impl std::ops::DerefMut for Snapshot {
    fn deref_mut(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.0
    }
}

/// Held for the life of a server process; released when dropped or when the process dies.
pub struct ProcessLock {
    _file: File,
}

/// The write-ahead log is cut back to this size once it has been copied into the database:
/// SQLite otherwise keeps it as large as the largest transaction made it (a reindex of a
/// million CVs left 5 GB beside the database).
const WAL_KEPT_BYTES: u32 = 64 << 20;

fn sqlite_pool(max: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(max)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(30))
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000; \
                     PRAGMA foreign_keys = ON; PRAGMA mmap_size = 268435456;",
                )
                .await?;
                let limit = format!("PRAGMA journal_size_limit = {WAL_KEPT_BYTES}");
                conn.execute(sqlx::AssertSqlSafe(limit)).await?;
                Ok(())
            })
        })
}
