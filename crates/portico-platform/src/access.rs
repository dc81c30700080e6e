//! Access versions. A write that can change what someone may do (a grant, a role, a unit, a
//! token, an account's status or sessions) bumps its workspace's version inside its
//! transaction. Whoever caches resolved callers keeps the version it loaded them under and
//! drops them when the version moves: in this process right after the write commits; in
//! other processes when PostgreSQL delivers the NOTIFY sent with the write, or at the next
//! poll of the versions table, whichever comes first.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use async_trait::async_trait;
use portico_db::{Backend, Db, DbResultExt, Tx};
use portico_kernel::{AppError, Event, WorkspaceId};

use crate::bus::Consumer;
use crate::kind::RecordKind;

/// The PostgreSQL channel new versions are announced on, as `<workspace>:<version>`.
pub const CHANNEL: &str = "portico_access";

/// The latest access version this process knows of, per workspace.
#[derive(Default)]
pub struct AccessVersions {
    known: RwLock<HashMap<WorkspaceId, i64>>,
}

impl AccessVersions {
    pub fn current(&self, ws: WorkspaceId) -> i64 {
        self.known.read().ok().and_then(|k| k.get(&ws).copied()).unwrap_or(0)
    }

    /// Learn of a version (versions only move forward).
    pub fn saw(&self, ws: WorkspaceId, version: i64) {
        if let Ok(mut k) = self.known.write() {
            let v = k.entry(ws).or_insert(0);
            *v = (*v).max(version);
        }
    }

    /// A NOTIFY payload: `<workspace>:<version>`.
    pub fn saw_notification(&self, payload: &str) {
        if let Some((ws, v)) = payload.split_once(':')
            && let (Ok(ws), Ok(v)) = (ws.parse(), v.parse())
        {
            self.saw(ws, v);
        }
    }

    /// Read every workspace's version from the database.
    pub async fn refresh(&self, db: &Db) -> Result<(), AppError> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT workspace_id, version FROM access_versions").fetch_all(db.pool()).await.db()?;
        for (ws, v) in rows {
            if let Ok(ws) = ws.parse() {
                self.saw(ws, v);
            }
        }
        Ok(())
    }
}

/// Bumps the version of a workspace for every write to a kind that affects access.
pub(crate) struct Bump {
    pub versions: Arc<AccessVersions>,
}

#[async_trait]
impl Consumer for Bump {
    async fn consume(&self, tx: &mut Tx, kind: &dyn RecordKind, e: &Event) -> Result<(), AppError> {
        if !kind.affects_access() {
            return Ok(());
        }
        let (version,): (i64,) = sqlx::query_as(
            "INSERT INTO access_versions (workspace_id, version) VALUES ($1, 1)
             ON CONFLICT (workspace_id) DO UPDATE SET version = access_versions.version + 1 RETURNING version",
        )
        .bind(e.workspace.to_db())
        .fetch_one(&mut **tx)
        .await
        .db()?;
        if tx.backend() == Backend::Postgres {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANNEL)
                .bind(format!("{}:{version}", e.workspace))
                .execute(&mut **tx)
                .await
                .db()?;
        }
        let (versions, ws) = (self.versions.clone(), e.workspace);
        tx.after_commit(move || versions.saw(ws, version));
        Ok(())
    }
}
