//! Moving data out of and into Portico itself. An archive is a zip file holding, for every
//! table of every registered record kind, one JSON object per row and line (columns as the
//! kind declares them, rows in a stable order), the stored files by content hash, and a
//! manifest with the schema version of each module, row counts and SHA-256 checksums. It is
//! a pure function of the data: exporting what an import restored gives the same bytes.
//!
//! [`export`] writes one workspace or, for a backup, every workspace, from one consistent
//! snapshot while the server keeps serving. [`import`] restores an archive in one
//! transaction (fully, or not at all) as it was, or as a copy beside its original with new
//! ids; it fires no audit, webhooks or e-mail.

pub mod export;
pub mod import;
pub mod manifest;
mod remap;

pub use export::{Selection, export};
pub use import::{Mode, import};
pub use manifest::Manifest;

/// Rows are read and written in batches of this many.
pub const BATCH: usize = 500;
