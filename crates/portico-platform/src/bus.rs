//! The event bus: what a write's [`Event`] goes through, inside its transaction. Consumers
//! run in the order they were added (the audit log first); any error aborts the write.

use std::sync::Arc;

use async_trait::async_trait;
use portico_db::{BoxFuture, EventSink, Tx};
use portico_kernel::{AppError, Event};

use crate::kind::{Class, RecordKind};
use crate::registry::Registry;

/// Something that reacts to every write, in the write's own transaction.
#[async_trait]
pub trait Consumer: Send + Sync + 'static {
    async fn consume(&self, tx: &mut Tx, kind: &dyn RecordKind, event: &Event) -> Result<(), AppError>;
}

pub struct EventBus {
    registry: Arc<Registry>,
    consumers: Vec<Arc<dyn Consumer>>,
}

impl EventBus {
    pub fn new(registry: Arc<Registry>, consumers: Vec<Arc<dyn Consumer>>) -> EventBus {
        EventBus { registry, consumers }
    }
}

impl EventSink for EventBus {
    fn handle<'a>(&'a self, tx: &'a mut Tx, event: &'a Event) -> BoxFuture<'a, Result<(), AppError>> {
        Box::pin(async move {
            let kind = self.registry.get(event.kind).ok_or_else(|| {
                AppError::internal(format!("event {} of unregistered kind {}", event.action, event.kind))
            })?;
            if kind.class() == Class::Telemetry {
                return Err(AppError::internal(format!("{} is telemetry: its writes emit no events", event.kind)));
            }
            for c in &self.consumers {
                c.consume(tx, kind.as_ref(), event).await?;
            }
            Ok(())
        })
    }
}
