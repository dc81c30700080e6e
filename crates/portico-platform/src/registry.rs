//! The registry: every record kind of every module, built once at start-up from what each
//! module registers. A kind registered twice, or a table claimed twice, is refused there.

use std::collections::BTreeMap;
use std::sync::Arc;

use portico_kernel::AppError;

use crate::kind::{RecordKind, Table};

/// A table no kind exports, and why (rebuilt from others, or meaningless in another install).
#[derive(Debug, Clone, Copy)]
pub struct InternalTable {
    pub name: &'static str,
    pub why: &'static str,
    /// Statements that rebuild it for one workspace (`$1`) from the tables an import wrote.
    pub rebuild: &'static [&'static str],
    /// Columns that may hold personal data (a queued job's payload), erased with a person.
    pub personal_data: &'static [&'static str],
}

#[derive(Default)]
pub struct Registry {
    /// In registration order: the order of export and import (a kind after those it refers to).
    kinds: Vec<Arc<dyn RecordKind>>,
    by_name: BTreeMap<&'static str, usize>,
    internal: Vec<InternalTable>,
}

impl Registry {
    pub fn new() -> Registry {
        Registry::default()
    }

    pub fn register(&mut self, kind: Arc<dyn RecordKind>) -> Result<(), AppError> {
        let name = kind.name();
        if self.by_name.contains_key(name) {
            return Err(AppError::internal(format!("record kind {name} is registered twice")));
        }
        if !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            return Err(AppError::internal(format!("record kind {name}: names are snake_case")));
        }
        if let Some(spec) = kind.search() {
            let first = kind.tables().first().map(|t| t.columns).unwrap_or(&[]);
            // A plain name must be a column; an expression (a subquery) is checked by the indexer's tests.
            let plain = |e: &str| e.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            for column in [spec.title, spec.body].into_iter().filter(|e| plain(e)) {
                if !first.iter().any(|c| c.name == column) {
                    return Err(AppError::internal(format!(
                        "record kind {name}: searches a column {column} its table lacks"
                    )));
                }
            }
        }
        for t in kind.tables() {
            if let Some(owner) = self.table_owner(t.name) {
                return Err(AppError::internal(format!("table {} is claimed by {owner} and {name}", t.name)));
            }
        }
        self.by_name.insert(name, self.kinds.len());
        self.kinds.push(kind);
        Ok(())
    }

    pub fn internal_table(&mut self, t: InternalTable) -> Result<(), AppError> {
        if let Some(owner) = self.table_owner(t.name) {
            return Err(AppError::internal(format!("table {} is claimed by {owner}", t.name)));
        }
        self.internal.push(t);
        Ok(())
    }

    fn table_owner(&self, table: &str) -> Option<&'static str> {
        self.kinds
            .iter()
            .find(|k| k.tables().iter().any(|t| t.name == table))
            .map(|k| k.name())
            .or_else(|| self.internal.iter().any(|t| t.name == table).then_some("internal"))
    }

    pub fn kinds(&self) -> impl Iterator<Item = &Arc<dyn RecordKind>> {
        self.kinds.iter()
    }

    pub fn get(&self, name: &str) -> Option<&Arc<dyn RecordKind>> {
        self.by_name.get(name).map(|i| &self.kinds[*i])
    }

    /// A kind named in a request: an unknown name is simply not found.
    pub fn find(&self, name: &str) -> Result<&Arc<dyn RecordKind>, AppError> {
        self.get(name).ok_or_else(AppError::not_found)
    }

    pub fn searchable(&self) -> impl Iterator<Item = &Arc<dyn RecordKind>> {
        self.kinds.iter().filter(|k| k.search().is_some())
    }

    pub fn with_custom_fields(&self) -> impl Iterator<Item = &Arc<dyn RecordKind>> {
        self.kinds.iter().filter(|k| k.custom_fields())
    }

    /// Every exported table, in export order, with its kind.
    pub fn tables(&self) -> impl Iterator<Item = (&Arc<dyn RecordKind>, &'static Table)> {
        self.kinds.iter().flat_map(|k| k.tables().iter().map(move |t| (k, t)))
    }

    pub fn internal_tables(&self) -> &[InternalTable] {
        &self.internal
    }

    /// Whether some kind or internal declaration claims this table.
    pub fn claims(&self, table: &str) -> bool {
        self.table_owner(table).is_some()
    }
}
