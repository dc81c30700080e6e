//! The core, registered with the platform the way every module is: its record kinds, the
//! tables it keeps to itself, and the consumers of write events every module relies on
//! (the audit log, webhooks, search indexing).

pub mod kinds;

use std::sync::Arc;

use portico_platform::{InternalTable, ModuleSpec};

pub fn spec() -> ModuleSpec {
    ModuleSpec {
        name: kinds::MODULE,
        kinds: kinds::all(),
        internal_tables: vec![
            InternalTable { name: "sessions", why: "sign-ins end when data moves to another install" },
            InternalTable { name: "jobs", why: "queued work belongs to the install that queued it" },
            InternalTable { name: "search_docs", why: "rebuilt from the records after an import" },
        ],
        consumers: vec![
            Arc::new(portico_audit::AuditLog),
            Arc::new(portico_webhooks::Outgoing),
            Arc::new(portico_search::Indexer),
        ],
    }
}
