//! The modules this binary is made of. Adding a module is one line here (and its crate in
//! Cargo.toml); everything else it brings, it registers itself.

use std::sync::Arc;

use portico_kernel::AppError;
use portico_platform::{ModuleSpec, Platform};

/// Every module of the binary, the core first.
pub fn modules() -> Vec<ModuleSpec> {
    vec![portico_core::spec()]
}

/// The platform built from [`modules`].
pub fn platform() -> Result<Arc<Platform>, AppError> {
    Platform::new(modules()).map(Arc::new)
}
