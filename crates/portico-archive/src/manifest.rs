//! What an archive says about itself.

use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "portico-archive";
pub const FORMAT_VERSION: u32 = 1;
pub const PATH: &str = "manifest.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    /// "workspace" (an export) or "install" (a backup: every workspace).
    pub scope: String,
    /// Each module's schema version, as the archive's rows follow it.
    pub schema: Vec<ModuleSchema>,
    pub workspaces: Vec<WorkspaceEntry>,
    pub tables: Vec<TableEntry>,
    pub files: FilesEntry,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleSchema {
    pub module: String,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkspaceEntry {
    pub id: String,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableEntry {
    pub kind: String,
    pub table: String,
    pub path: String,
    pub rows: u64,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FilesEntry {
    pub count: u64,
    pub bytes: u64,
}

impl Manifest {
    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }
}
