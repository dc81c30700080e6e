//! A write transaction: the one place a write happens. It carries the events the write
//! emits (handed to the installed [`EventSink`] inside the transaction, so the audit log,
//! webhooks and search change with the data or not at all) and work to run once it has
//! committed (dropping cached copies of what changed).

use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;
use std::sync::Arc;

use portico_kernel::{AppError, Event};
use sqlx::{Any, AnyConnection};

use crate::live::{Live, Outlet};
use crate::{Backend, DbResultExt};

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Whoever consumes the events of writes (the platform's event bus), installed on a [`crate::Db`].
pub trait EventSink: Send + Sync {
    fn handle<'a>(&'a self, tx: &'a mut Tx, event: &'a Event) -> BoxFuture<'a, Result<(), AppError>>;
}

type AfterCommit = Box<dyn FnOnce() + Send>;

/// Set in the context of a transaction that brings in records from elsewhere (an import
/// from another product): their history is written as it happened, and consumers that would
/// tell people about it (e-mails to candidates, the team's news, rules) stay quiet.
#[derive(Debug, Default, Clone, Copy)]
pub struct Backfill(pub bool);

pub struct Tx {
    inner: sqlx::Transaction<'static, Any>,
    backend: Backend,
    sink: Option<Arc<dyn EventSink>>,
    outlet: Outlet,
    after_commit: Vec<AfterCommit>,
    /// What the code that opened the transaction tells the consumers of its events (the rules
    /// that caused this write, so they do not fire again on it).
    context: std::collections::HashMap<std::any::TypeId, Box<dyn std::any::Any + Send>>,
}

impl Tx {
    pub(crate) fn new(
        inner: sqlx::Transaction<'static, Any>,
        backend: Backend,
        sink: Option<Arc<dyn EventSink>>,
        outlet: Outlet,
    ) -> Tx {
        Tx { inner, backend, sink, outlet, after_commit: Vec::new(), context: Default::default() }
    }

    /// Tell the watchers of `m.topic`, once (and only if) this transaction commits.
    pub async fn publish(&mut self, m: Live) -> Result<(), AppError> {
        match self.backend {
            Backend::Postgres => {
                sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(self.outlet.channel.clone())
                    .bind(m.payload())
                    .execute(&mut *self.inner)
                    .await
                    .db()?;
            }
            Backend::Sqlite => {
                let local = self.outlet.local.clone();
                self.after_commit(move || local.send(m));
            }
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Announce what this write did. Without an installed sink the write is refused: it
    /// would go unaudited.
    pub async fn emit(&mut self, event: Event) -> Result<(), AppError> {
        let sink = self.sink.clone().ok_or_else(|| {
            AppError::internal("no event sink is installed on this database handle: writes would go unaudited")
        })?;
        sink.handle(self, &event).await
    }

    /// A value of type `T` carried by this transaction (its default until set).
    pub fn context<T: Default + Send + 'static>(&mut self) -> &mut T {
        let slot = self.context.entry(std::any::TypeId::of::<T>()).or_insert_with(|| Box::new(T::default()));
        match slot.downcast_mut::<T>() {
            Some(v) => v,
            // The entry is keyed by T's own type id: it always holds a T.
            None => unreachable!("context slot of another type"),
        }
    }

    /// Run `f` once the transaction has committed (never if it rolls back).
    pub fn after_commit(&mut self, f: impl FnOnce() + Send + 'static) {
        self.after_commit.push(Box::new(f));
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.inner.commit().await?;
        for f in self.after_commit {
            f();
        }
        Ok(())
    }

    pub async fn rollback(self) -> Result<(), AppError> {
        self.inner.rollback().await.db()
    }
}

impl Deref for Tx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.inner
    }
}

impl DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.inner
    }
}

/// Where long work reports how far it got: a task's progress bar, a terminal's.
pub trait Progress: Send + Sync {
    fn report(&self, done: i64, total: i64) -> BoxFuture<'_, Result<(), AppError>>;
}
