//! The platform every module plugs into. A module describes itself once, as a
//! [`ModuleSpec`]: its record kinds (the [`RecordKind`] contract), the tables it keeps for
//! itself, and the consumers of write events it adds. [`Platform::new`] builds the registry
//! from every module's spec at start-up; installed on a database handle, its event bus is
//! what every write goes through.

pub mod access;
pub mod bus;
pub mod erasure;
pub mod kind;
pub mod registry;

use std::sync::Arc;

use portico_db::{Db, MigrationSet};
use portico_kernel::perm::ActionSpec;
use portico_kernel::{AppError, ErrorCode, ModuleCode};

pub use access::AccessVersions;
pub use bus::{Consumer, EventBus};
pub use kind::{
    Access, Class, Column, ColumnType, Facet, FacetKind, GuestSpec, Reach, RecordKind, SearchSpec, Table, col, facet,
};
pub use registry::{InternalTable, Registry};

/// What a module registers with the platform.
#[derive(Default)]
pub struct ModuleSpec {
    pub name: &'static str,
    pub kinds: Vec<Arc<dyn RecordKind>>,
    pub internal_tables: Vec<InternalTable>,
    pub consumers: Vec<Arc<dyn Consumer>>,
    /// The module's own schema, migrated after the modules listed before it.
    pub migrations: Option<MigrationSet>,
    /// Actions of the module beyond the standard six (approve an offer, add notes only).
    pub actions: Vec<ActionSpec>,
    /// The module's own error codes, joining the one catalogue.
    pub error_codes: Vec<&'static ModuleCode>,
}

/// The registry and the event bus, built once from the modules of the binary.
pub struct Platform {
    pub registry: Arc<Registry>,
    /// Every module's migrations, in module order.
    pub migrations: Vec<MigrationSet>,
    /// Every error code: the core's, then each module's.
    pub error_codes: Vec<ErrorCode>,
    /// The access version of each workspace this process knows of.
    pub access: Arc<AccessVersions>,
    bus: Arc<EventBus>,
}

impl Platform {
    pub fn new(modules: Vec<ModuleSpec>) -> Result<Platform, AppError> {
        let mut registry = Registry::new();
        let mut consumers = Vec::new();
        let mut migrations = Vec::new();
        let mut error_codes: Vec<ErrorCode> = ErrorCode::ALL.to_vec();
        for m in modules {
            for code in &m.error_codes {
                if error_codes.iter().any(|c| c.code() == code.code) {
                    return Err(AppError::internal(format!("error code {} of {} is taken", code.code, m.name)));
                }
                error_codes.push(ErrorCode::Module(code));
            }
            portico_kernel::perm::register(m.name, &m.actions);
            if let Some(set) = m.migrations {
                if set.module != m.name {
                    return Err(AppError::internal(format!(
                        "module {} brings the migrations of {}",
                        m.name, set.module
                    )));
                }
                migrations.push(set);
            }
            for k in m.kinds {
                if k.module() != m.name {
                    return Err(AppError::internal(format!(
                        "kind {} says module {}, registered by {}",
                        k.name(),
                        k.module(),
                        m.name
                    )));
                }
                registry.register(k)?;
            }
            for t in m.internal_tables {
                registry.internal_table(t)?;
            }
            consumers.extend(m.consumers);
        }
        let registry = Arc::new(registry);
        let access = Arc::new(AccessVersions::default());
        consumers.push(Arc::new(access::Bump { versions: access.clone() }));
        let bus = Arc::new(EventBus::new(registry.clone(), consumers));
        Ok(Platform { registry, migrations, error_codes, access, bus })
    }

    /// Bring every module's schema up to date.
    pub async fn migrate(&self, db: &Db) -> Result<usize, AppError> {
        db.migrate(&self.migrations).await
    }

    /// Make every write through `db` go through this platform's event bus.
    pub fn install(&self, db: &Db) -> Result<(), AppError> {
        db.install(self.bus.clone())
    }
}
