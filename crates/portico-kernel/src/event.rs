//! Domain events: every write emits one, inside its transaction. The audit log, webhooks,
//! search indexing and the access cache consume them; so will the modules' automation rules.

use serde_json::Value;

use crate::{Actor, Timestamp, UnitId, WorkspaceId};

/// What a write did to its record, for consumers that keep derived copies (search, caches).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Created or changed: derived copies are refreshed.
    Upsert,
    /// Removed (deleted, archived, revoked): derived copies are dropped.
    Delete,
    /// Something happened to the record without changing it (a sign-in, a lockout).
    Touch,
}

/// One write, described once for every consumer.
#[derive(Debug, Clone)]
pub struct Event {
    pub workspace: WorkspaceId,
    pub actor: Actor,
    /// The public name of what happened, e.g. `unit.create` (also the webhook event name).
    pub action: String,
    /// The record kind, as registered with the platform.
    pub kind: &'static str,
    pub record_id: String,
    /// The unit the record belongs to, for scoped readers of the history.
    pub unit: Option<UnitId>,
    pub change: Change,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub at: Timestamp,
}

impl Event {
    /// `{kind}.{verb}` happened to record `id` of `kind`.
    pub fn new(
        workspace: WorkspaceId,
        actor: &Actor,
        kind: &'static str,
        verb: &str,
        id: impl Into<String>,
        at: Timestamp,
    ) -> Self {
        Event {
            workspace,
            actor: actor.clone(),
            action: format!("{kind}.{verb}"),
            kind,
            record_id: id.into(),
            unit: None,
            change: Change::Upsert,
            before: None,
            after: None,
            at,
        }
    }
    /// The record's unit.
    pub fn unit(mut self, unit: UnitId) -> Self {
        self.unit = Some(unit);
        self
    }
    pub fn in_unit(mut self, unit: Option<UnitId>) -> Self {
        self.unit = unit;
        self
    }
    pub fn before(mut self, v: Value) -> Self {
        self.before = Some(v);
        self
    }
    pub fn after(mut self, v: Value) -> Self {
        self.after = Some(v);
        self
    }
    /// The record is gone after this write.
    pub fn deleted(mut self) -> Self {
        self.change = Change::Delete;
        self
    }
    /// The record itself did not change.
    pub fn touch(mut self) -> Self {
        self.change = Change::Touch;
        self
    }
}
