//! Zendesk's two ways through a long list: cursor paging (`page[size]`, `page[after]` →
//! `meta.has_more`, `links.next`) when the client asks for it, offset paging (`page`,
//! `per_page` → `next_page`, `count`) otherwise.

use std::future::Future;

use portico_kernel::{AppError, ErrorCode, Page, PageRequest};
use serde_json::{Value, json};

use super::{Fail, Here};

pub enum Paging {
    Cursor { size: u32, after: Option<String> },
    Offset { page: u32, per_page: u32 },
}

/// Zendesk serves offset pages up to the 10,000th record.
const OFFSET_RECORDS: u32 = 10_000;

impl Paging {
    pub fn of(here: &Here, max: u32) -> Result<Paging, Fail> {
        let number = |key: &str| -> Result<Option<u32>, Fail> {
            match here.get(key) {
                None => Ok(None),
                Some(v) => v
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n >= 1)
                    .map(Some)
                    .ok_or_else(|| Fail(AppError::field(ErrorCode::InvalidNumber, key))),
            }
        };
        if let Some(size) = number("page[size]")? {
            let after = here.get("page[after]").filter(|a| !a.is_empty()).map(str::to_string);
            return Ok(Paging::Cursor { size: size.min(max), after });
        }
        let (page, per_page) = (number("page")?.unwrap_or(1), number("per_page")?.unwrap_or(100).min(max));
        if page.saturating_mul(per_page) > OFFSET_RECORDS {
            return Err(Fail(AppError::field(ErrorCode::InvalidNumber, "page")));
        }
        Ok(Paging::Offset { page, per_page })
    }

    /// One page of a list read in keyset pages by `fetch`: the items, and whether more follow
    /// (with the cursor after them).
    pub async fn read<T, F, Fut>(&self, mut fetch: F) -> Result<(Vec<T>, Option<String>), Fail>
    where
        F: FnMut(PageRequest) -> Fut,
        Fut: Future<Output = Result<Page<T>, AppError>>,
    {
        match self {
            Paging::Cursor { size, after } => {
                let p = fetch(PageRequest::new(after.clone(), Some(*size))?).await?;
                Ok((p.items, p.next_cursor))
            }
            // Pages of one size line up: walking to the n-th reads n keyset pages.
            Paging::Offset { page, per_page } => {
                let mut cursor = None;
                for _ in 1..*page {
                    match fetch(PageRequest::new(cursor, Some(*per_page))?).await?.next_cursor {
                        Some(next) => cursor = Some(next),
                        None => return Ok((Vec::new(), None)),
                    }
                }
                let p = fetch(PageRequest::new(cursor, Some(*per_page))?).await?;
                Ok((p.items, p.next_cursor))
            }
        }
    }

    /// The envelope of a page of `key`; `count` is the whole list's length (offset paging
    /// reports it).
    pub fn envelope(&self, here: &Here, key: &str, items: Vec<Value>, next: Option<String>, count: i64) -> Value {
        let mut out = serde_json::Map::new();
        out.insert(key.to_string(), Value::Array(items));
        match self {
            Paging::Cursor { .. } => {
                let link = next.as_ref().map(|c| here.with(&[("page[after]", c.clone())]));
                out.insert(
                    "meta".into(),
                    json!({"has_more": next.is_some(), "after_cursor": next, "before_cursor": null}),
                );
                out.insert("links".into(), json!({"next": link, "prev": null}));
            }
            Paging::Offset { page, .. } => {
                let to = |n: u32| here.with(&[("page", n.to_string())]);
                out.insert("next_page".into(), json!(next.is_some().then(|| to(page + 1))));
                out.insert("previous_page".into(), json!((*page > 1).then(|| to(page - 1))));
                out.insert("count".into(), json!(count));
            }
        }
        Value::Object(out)
    }
}

impl Paging {
    /// One page of a short list held whole (the team, the groups): its cursor is a position.
    pub fn slice<T>(&self, mut all: Vec<T>) -> Result<(Vec<T>, Option<String>), Fail> {
        let (from, size) = match self {
            Paging::Cursor { size, after } => {
                let from = match after {
                    None => 0,
                    Some(a) => {
                        a.parse::<usize>().map_err(|_| Fail(AppError::field(ErrorCode::BadCursor, "page[after]")))?
                    }
                };
                (from, *size as usize)
            }
            Paging::Offset { page, per_page } => ((*page as usize - 1) * *per_page as usize, *per_page as usize),
        };
        let end = (from + size).min(all.len());
        let more = end < all.len();
        let items: Vec<T> = if from >= all.len() { Vec::new() } else { all.drain(from..end).collect() };
        Ok((items, more.then(|| end.to_string())))
    }
}
