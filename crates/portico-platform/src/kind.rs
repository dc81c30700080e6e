//! The record-kind contract. Every kind of record a module stores registers one
//! [`RecordKind`]: its name and module, who may see and change it, where its rows live and
//! what they hold (for export and import), how it is searched, whether it takes custom
//! fields, its page, and which of its fields are personal data. Search, custom fields,
//! export, the audit log, guest links, "why can X see Y" and the isolation suite all work
//! from this contract, never from a list of kinds of their own.

use async_trait::async_trait;
use portico_authz::{Authz, Relation, UnitCap};
use portico_db::Db;
use portico_kernel::ids::parse_db_id;
use portico_kernel::{AppError, Permission, UnitId};

/// How a kind's writes are treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A record: every write is one transaction that emits one event (audited, sent to webhooks).
    Record,
    /// Telemetry (deliveries, sent mail, tasks, the audit log itself): appended and counted in
    /// bulk, never audited or sent as webhooks one by one.
    Telemetry,
}

/// Who may reach records of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Each record belongs to the unit in this column: seen with the kind's view permission
    /// there, changed with its edit permission there.
    Unit { column: &'static str },
    /// Workspace configuration every member may read; only admins change it.
    Workspace,
    /// Only workspace admins see or change these.
    Admin,
    /// Each record belongs to the user in this column, who sees and manages it (admins too).
    Owner { column: &'static str },
    /// Visibility decided by the kind itself (it overrides [`RecordKind::access`]).
    Custom,
}

/// The type of a stored column, as it is exported. When a workspace is imported as a copy
/// beside its original, ids are remapped, secrets replaced (a copy never shares a working
/// credential) and unique texts given the copy's ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Id,
    OptId,
    Text,
    OptText,
    Int,
    OptInt,
    /// A unique hash of a credential (token hashes).
    Secret,
    /// Text unique across the install that embeds ids (Message-IDs).
    UniqueText,
    /// The content hash of a stored file: the file travels with the row.
    Blob,
    /// Bytes kept in the row itself (a raw e-mail), or none; base64 in archives.
    OptBytes,
    /// JSON naming records of the workspace by id (a rule's people and units, a report's
    /// recipients): a copy of the workspace maps those ids as it maps its rows'.
    JsonIds,
}

impl ColumnType {
    pub fn is_id(self) -> bool {
        matches!(self, ColumnType::Id | ColumnType::OptId)
    }
    pub fn is_int(self) -> bool {
        matches!(self, ColumnType::Int | ColumnType::OptInt)
    }
    pub fn is_text(self) -> bool {
        !self.is_int()
    }
    pub fn nullable(self) -> bool {
        matches!(self, ColumnType::OptId | ColumnType::OptText | ColumnType::OptInt | ColumnType::OptBytes)
    }
    pub fn is_bytes(self) -> bool {
        self == ColumnType::OptBytes
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub ty: ColumnType,
}

/// `col!("name", Text)`-style constructor for column lists.
pub const fn col(name: &'static str, ty: ColumnType) -> Column {
    Column { name, ty }
}

/// A table a kind's rows live in, every column listed in order (a test compares the list with
/// the database, so a column added without being listed fails).
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [Column],
    /// The column holding the workspace (most tables: `workspace_id`; the workspace row: `id`).
    pub workspace_column: &'static str,
    /// The columns rows are exported in order of (a primary key, comma-separated).
    pub order_by: &'static str,
    /// A column referring to a row of the same table (a unit's parent): rows are exported
    /// parents first, so an import can insert them in order.
    pub parent_column: Option<&'static str>,
}

/// How a kind is found by global search: SQL expressions over its first table for the title
/// and the body of its search document, and the facets a search may filter it by.
#[derive(Debug, Clone, Copy)]
pub struct SearchSpec {
    pub title: &'static str,
    pub body: &'static str,
    /// Beyond the unit (every unit-scoped kind has `unit`) and the kind (`kind`).
    pub facets: &'static [Facet],
}

/// A value of a record a search filters by (`type:pdf`, `created:2026-11`, `size:>1000`).
#[derive(Debug, Clone, Copy)]
pub struct Facet {
    /// Lowercase ASCII letters: the name typed before the colon.
    pub name: &'static str,
    /// An SQL expression over the kind's first table.
    pub sql: &'static str,
    pub kind: FacetKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetKind {
    /// Words (a type, a status, tags): a filter's words must all be among them.
    Words,
    /// A moment in microseconds, filtered by day, month or year, or a range of them (UTC).
    Date,
    /// A whole number from 0 up, filtered by value or range.
    Number,
}

pub const fn facet(name: &'static str, sql: &'static str, kind: FacetKind) -> Facet {
    Facet { name, sql, kind }
}

/// What a guest link to a record of this kind opens: the record, and the named kinds of its
/// children (e.g. a job's shortlist) that the guest may read too.
#[derive(Debug, Clone, Copy)]
pub struct GuestSpec {
    pub children: &'static [&'static str],
}

/// The caller's right over one record: its unit when it has one, and the capability there
/// when the check was a unit check.
#[derive(Debug, Clone)]
pub struct Access {
    pub unit: Option<UnitId>,
    pub cap: Option<UnitCap>,
}

#[async_trait]
pub trait RecordKind: Send + Sync + 'static {
    /// Stable snake_case name, unique across modules (a module prefixes its own: `recruit_job`).
    fn name(&self) -> &'static str;
    fn module(&self) -> &'static str;
    fn class(&self) -> Class {
        Class::Record
    }
    fn reach(&self) -> Reach;
    /// Permission to see records of this kind.
    fn view(&self) -> Permission;
    /// Permission to change them.
    fn edit(&self) -> Permission;
    /// Where the rows live, in the order they are exported and imported.
    fn tables(&self) -> &'static [Table];
    fn search(&self) -> Option<SearchSpec> {
        None
    }
    fn custom_fields(&self) -> bool {
        false
    }
    /// The staff page of a record, if it has one.
    fn page(&self, _id: &str) -> Option<String> {
        None
    }
    /// Columns holding personal data (GDPR export and erasure).
    fn personal_data(&self) -> &'static [&'static str] {
        &[]
    }
    /// API paths (as in the OpenAPI document) that address one record of this kind.
    fn api_paths(&self) -> &'static [&'static str] {
        &[]
    }
    /// Whether a write to this kind can change what someone may do (grants, units, tokens…):
    /// cached callers are then dropped.
    fn affects_access(&self) -> bool {
        false
    }
    fn guest(&self) -> Option<GuestSpec> {
        None
    }
    /// Can a contact signed in to a portal read record `id`? Only through a relationship the
    /// kind defines (their own record, their conversations, their applications): not found
    /// otherwise, which is the default.
    async fn related(&self, _db: &Db, _relation: &Relation, _id: &str) -> Result<(), AppError> {
        Err(AppError::not_found())
    }
    /// Can `authz` read (or, with `write`, change) record `id`? Not found when it cannot even
    /// see it, forbidden when it sees it but may not change it. The default follows [`Reach`].
    async fn access(&self, db: &Db, authz: &Authz, id: &str, write: bool) -> Result<Access, AppError> {
        let permission = if write { self.edit() } else { self.view() };
        if write && authz.is_preview() {
            return Err(AppError::forbidden());
        }
        match self.reach() {
            Reach::Unit { column } => {
                let unit = self.unit_of(db, authz, id, column).await?.ok_or_else(AppError::not_found)?;
                if !write {
                    authz.unit_cap(self.view(), unit)?;
                    return Ok(Access { unit: Some(unit), cap: None });
                }
                let cap = authz.unit_cap(permission, unit)?;
                Ok(Access { unit: Some(unit), cap: Some(cap) })
            }
            Reach::Workspace => {
                self.exists(db, authz, id).await?;
                if write {
                    authz.require_workspace(permission)?;
                }
                Ok(Access { unit: None, cap: None })
            }
            Reach::Admin => {
                authz.require_workspace(permission).map_err(|_| AppError::not_found())?;
                self.exists(db, authz, id).await?;
                Ok(Access { unit: None, cap: None })
            }
            Reach::Owner { column } => {
                let owner = self.column_of(db, authz, id, column).await?.ok_or_else(AppError::not_found)?;
                let own = authz.user_id().is_some_and(|u| u.to_db() == owner);
                if !own {
                    authz.require_workspace(permission).map_err(|_| AppError::not_found())?;
                }
                Ok(Access { unit: None, cap: None })
            }
            Reach::Custom => Err(AppError::internal(format!("kind {} must decide its own access", self.name()))),
        }
    }

    /// The unit of record `id` in the caller's workspace, read from its `column`.
    async fn unit_of(&self, db: &Db, authz: &Authz, id: &str, column: &str) -> Result<Option<UnitId>, AppError> {
        match self.column_of(db, authz, id, column).await? {
            Some(u) => Ok(Some(parse_db_id(&u)?)),
            None => Ok(None),
        }
    }

    async fn exists(&self, db: &Db, authz: &Authz, id: &str) -> Result<(), AppError> {
        self.column_of(db, authz, id, "id").await?.map(|_| ()).ok_or_else(AppError::not_found)
    }

    /// One text column of a record of the caller's workspace; `None` when there is no such record.
    async fn column_of(&self, db: &Db, authz: &Authz, id: &str, column: &str) -> Result<Option<String>, AppError> {
        let table = self.tables().first().ok_or_else(|| AppError::internal("a kind needs a table"))?;
        if uuid_like(id).is_none() {
            return Ok(None);
        }
        let sql = format!("SELECT {column} FROM {} WHERE {} = $1 AND id = $2", table.name, table.workspace_column);
        let row: Option<(Option<String>,)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(authz.workspace().to_db())
            .bind(id.to_string())
            .fetch_optional(db.pool())
            .await
            .map_err(portico_db::db_error)?;
        Ok(row.and_then(|(v,)| v))
    }
}

/// Ids are UUIDs; anything else names no record.
pub fn uuid_like(id: &str) -> Option<&str> {
    (id.len() == 36 && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-')).then_some(id)
}

/// Declares record kind `$ty` of a module: it lives in the unit of its `unit_id` column, is
/// seen with `$view` and changed with `$edit` there; the body gives the rest of
/// [`RecordKind`]. The calling crate needs `async_trait`.
#[macro_export]
macro_rules! unit_kind {
    ($ty:ident, $module:expr, $view:expr, $edit:expr, { $($body:tt)* }) => {
        pub struct $ty;
        #[async_trait::async_trait]
        impl $crate::RecordKind for $ty {
            fn module(&self) -> &'static str {
                $module
            }
            fn reach(&self) -> $crate::Reach {
                $crate::Reach::Unit { column: "unit_id" }
            }
            fn view(&self) -> portico_kernel::Permission {
                $view
            }
            fn edit(&self) -> portico_kernel::Permission {
                $edit
            }
            $($body)*
        }
    };
}
