//! Moving in from another product: a module says which CSV files (sheets) it reads, with
//! their fields, and writes one row at a time; the core's import engine does the rest for
//! every module alike (the upload with a folder of files, the column mapping, the dry run
//! with its per-row report, external ids that make a re-run update instead of duplicate,
//! the failed rows to download, the task with its progress).

use std::collections::BTreeMap;

use async_trait::async_trait;
use portico_authz::Authz;
use portico_kernel::{AppError, Timestamp};

use crate::i18n::Tr;
use crate::state::AppState;

/// A column a sheet reads. `aliases` are the headers other products give it (compared
/// without case, accents or punctuation), so most files map themselves.
pub struct Field {
    pub key: &'static str,
    pub required: bool,
    pub aliases: &'static [&'static str],
}

pub const fn field(key: &'static str, aliases: &'static [&'static str]) -> Field {
    Field { key, required: false, aliases }
}

pub const fn required(key: &'static str, aliases: &'static [&'static str]) -> Field {
    Field { key, required: true, aliases }
}

/// One CSV file of an import (`jobs.csv`), read in the order the importer lists them (a
/// sheet after those it refers to). Its label is `import-sheet-<importer>-<name>`, a field's
/// `import-field-<importer>-<key>`.
pub struct Sheet {
    pub name: &'static str,
    pub fields: &'static [Field],
}

/// A row of a sheet, its columns mapped to the sheet's fields.
pub struct Row {
    /// Its line in the file (the header is line 1).
    pub line: usize,
    pub values: BTreeMap<&'static str, String>,
}

impl Row {
    /// The trimmed value of a field, empty when unmapped or blank.
    pub fn get(&self, key: &str) -> &str {
        self.values.get(key).map(|v| v.trim()).unwrap_or_default()
    }
    /// The value of a field, if not blank.
    pub fn opt(&self, key: &str) -> Option<&str> {
        Some(self.get(key)).filter(|v| !v.is_empty())
    }
}

/// What a row did: a new record, a record known by its external id changed, or nothing to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

/// The files sent beside the sheets (a folder of CVs), by their path or their name alone.
pub trait Files: Send + Sync {
    /// The file's name and bytes.
    fn read(&mut self, name: &str) -> Result<Option<(String, Vec<u8>)>, AppError>;
}

/// What the records of earlier runs are called in the file (`sheet`, external id) and
/// which record each became; in a dry run, what the run would have made.
#[async_trait]
pub trait ExternalIds: Send + Sync {
    async fn find(&mut self, sheet: &str, external_id: &str) -> Result<Option<String>, AppError>;
    async fn remember(&mut self, sheet: &str, external_id: &str, record: &str) -> Result<(), AppError>;
}

/// One run of an import, as a module's rows see it.
pub struct Run<'a> {
    pub state: &'a AppState,
    /// The person who started it: every row is written with their rights.
    pub authz: &'a Authz,
    /// Their language, for what a row writes in words.
    pub tr: &'a Tr,
    /// Check each row fully but write nothing.
    pub dry_run: bool,
    pub now: Timestamp,
    pub files: &'a mut dyn Files,
    pub ids: &'a mut dyn ExternalIds,
}

/// A module's import.
#[async_trait]
pub trait Importer: Send + Sync {
    /// Its name (the module's), in addresses and labels.
    fn name(&self) -> &'static str;
    fn sheets(&self) -> &'static [Sheet];
    /// Check one row and, unless a dry run, write it; what it did and the record's id. An
    /// error names the field at fault.
    async fn row(&self, run: &mut Run<'_>, sheet: &str, row: &Row) -> Result<(Outcome, String), AppError>;
}
