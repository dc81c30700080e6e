//! The modules this binary is made of. Adding a module is one line here (and its crate in
//! Cargo.toml); everything else it brings, it registers itself.

use std::sync::Arc;

use portico_http::{Module, Suite};
use portico_kernel::AppError;

/// Every module of the binary, the core first.
pub fn modules() -> Vec<Arc<dyn Module>> {
    vec![Arc::new(portico_core::Core), Arc::new(portico_recruit::Recruit), Arc::new(portico_desk::Desk)]
}

/// The modules with the platform built from them.
pub fn suite() -> Result<Arc<Suite>, AppError> {
    Suite::new(modules()).map(Arc::new)
}
