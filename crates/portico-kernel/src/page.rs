//! Cursor pagination. Lists are ordered by id descending; ids are UUIDv7, so
//! that is newest first, and the cursor is simply the last id of a page.

use crate::{AppError, ErrorCode};

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 200;

#[derive(Debug, Clone, Default)]
pub struct PageRequest {
    pub after: Option<String>,
    pub limit: u32,
}

impl PageRequest {
    pub fn new(after: Option<String>, limit: Option<u32>) -> Result<Self, AppError> {
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(AppError::field(ErrorCode::InvalidValue, "limit"));
        }
        if let Some(a) = &after
            && uuid::Uuid::parse_str(a).is_err()
        {
            return Err(AppError::field(ErrorCode::BadCursor, "cursor"));
        }
        Ok(Self { after, limit })
    }
    pub fn first(limit: u32) -> Self {
        Self { after: None, limit }
    }
    /// Fetch one more row than asked, to know whether another page exists.
    pub fn fetch_limit(&self) -> i64 {
        i64::from(self.limit) + 1
    }
    /// Upper bound for `id < $n`; the max UUID text when starting from the top.
    pub fn before_id(&self) -> String {
        self.after.clone().unwrap_or_else(|| "ffffffff-ffff-ffff-ffff-ffffffffffff".into())
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Build a page from `limit + 1` fetched rows.
    pub fn from_rows(mut rows: Vec<T>, req: &PageRequest, id_of: impl Fn(&T) -> String) -> Self {
        let more = rows.len() > req.limit as usize;
        rows.truncate(req.limit as usize);
        let next_cursor = if more { rows.last().map(id_of) } else { None };
        Self { items: rows, next_cursor }
    }
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page { items: self.items.into_iter().map(f).collect(), next_cursor: self.next_cursor }
    }
}
