//! Live messages for the people watching a topic (a record's presence, a task's progress, a
//! person's notifications). A write publishes in its transaction and the message leaves
//! when, and only if, it commits. On PostgreSQL it goes through NOTIFY, so every replica's
//! listener hears it; on SQLite (one process) it goes straight to this process's watchers.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

/// A message: what happened (`event`) on `topic`, with its data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Live {
    pub topic: String,
    pub event: String,
    #[serde(default)]
    pub data: serde_json::Value,
}

impl Live {
    pub fn new(topic: impl Into<String>, event: &str, data: serde_json::Value) -> Live {
        Live { topic: topic.into(), event: event.into(), data }
    }

    /// As NOTIFY carries it (under 8000 bytes: a bigger message goes without its data, and
    /// watchers fetch what changed).
    pub(crate) fn payload(&self) -> String {
        let full = serde_json::to_string(self).unwrap_or_default();
        if full.len() < 7_900 {
            return full;
        }
        serde_json::to_string(&Live { data: serde_json::Value::Null, ..self.clone() }).unwrap_or_default()
    }
}

/// This process's watchers.
#[derive(Clone)]
pub(crate) struct Local(pub Arc<broadcast::Sender<Live>>);

impl Local {
    pub fn new() -> Local {
        Local(Arc::new(broadcast::channel(1024).0))
    }
    pub fn send(&self, m: Live) {
        // Nobody watching is fine.
        let _ = self.0.send(m);
    }
}

/// Where a database's live messages go: its NOTIFY channel, and this process's watchers.
#[derive(Clone)]
pub(crate) struct Outlet {
    pub channel: String,
    pub local: Local,
}

/// The NOTIFY channel of a database (of its schema, when tests share one database).
pub(crate) fn channel(schema: Option<&str>) -> String {
    match schema {
        Some(s) => {
            format!("portico_live_{}", s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>())
        }
        None => "portico_live".into(),
    }
}

/// Forward what PostgreSQL announces on `channel` to this process's watchers, for ever:
/// a lost connection is made again after a pause.
/// `ready` is told once the first LISTEN is in place.
pub(crate) async fn listen(url: String, channel: String, local: Local, ready: tokio::sync::oneshot::Sender<()>) {
    let mut ready = Some(ready);
    loop {
        match sqlx::postgres::PgListener::connect(&url).await {
            Ok(mut l) => {
                if let Err(e) = l.listen(&channel).await {
                    tracing::warn!(error = %e, "listening for live messages");
                } else {
                    if let Some(r) = ready.take() {
                        let _ = r.send(());
                    }
                    loop {
                        match l.recv().await {
                            Ok(n) => {
                                if let Ok(m) = serde_json::from_str::<Live>(n.payload()) {
                                    local.send(m);
                                }
                            }
                            Err(e) => {
                                tracing::warn!(error = %e, "live messages interrupted");
                                break;
                            }
                        }
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "connecting to hear live messages"),
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}
