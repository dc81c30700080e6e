//! Lists: sorting and keyset (cursor) pagination. A list declares the columns it can be
//! sorted by; a page request names one of them and a direction, and its cursor is an opaque
//! token holding the list's name, the sort and the last row's position, so a cursor from
//! another list, or for another order, is refused. Ties are broken by id (UUIDv7, so by
//! creation time).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

use crate::{AppError, ErrorCode};

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 200;

/// A column a list can be sorted by: its public name and the SQL expression behind it.
/// Expressions must not be NULL (wrap nullable columns in `COALESCE`).
#[derive(Debug)]
pub struct SortKey {
    pub key: &'static str,
    pub sql: &'static str,
    pub numeric: bool,
}

impl SortKey {
    pub const fn text(key: &'static str, sql: &'static str) -> SortKey {
        SortKey { key, sql, numeric: false }
    }
    pub const fn number(key: &'static str, sql: &'static str) -> SortKey {
        SortKey { key, sql, numeric: true }
    }
}

/// A sortable list: its name (it binds cursors) and its sort keys, the first being the default.
#[derive(Debug)]
pub struct ListSpec {
    pub name: &'static str,
    pub sorts: &'static [SortKey],
    /// The default order is newest (or largest) first.
    pub default_desc: bool,
}

/// A sort value of a row, as carried in a cursor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SortValue {
    Int(i64),
    Text(String),
}

impl From<i64> for SortValue {
    fn from(v: i64) -> Self {
        SortValue::Int(v)
    }
}
impl From<&str> for SortValue {
    fn from(v: &str) -> Self {
        SortValue::Text(v.to_string())
    }
}
impl From<String> for SortValue {
    fn from(v: String) -> Self {
        SortValue::Text(v)
    }
}

#[derive(Serialize, Deserialize)]
struct CursorData {
    l: String,
    s: String,
    d: bool,
    v: SortValue,
    i: String,
}

/// What the caller asked for: a page size, an optional sort and an optional cursor.
#[derive(Debug, Clone, Default)]
pub struct PageRequest {
    pub limit: u32,
    cursor: Option<String>,
    sort: Option<String>,
    desc: Option<bool>,
}

impl PageRequest {
    pub fn new(cursor: Option<String>, limit: Option<u32>) -> Result<Self, AppError> {
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(AppError::field(ErrorCode::InvalidValue, "limit"));
        }
        let cursor = cursor.filter(|c| !c.is_empty());
        if cursor.as_deref().is_some_and(|c| decode(c).is_none()) {
            return Err(AppError::field(ErrorCode::BadCursor, "cursor"));
        }
        Ok(Self { cursor, limit, sort: None, desc: None })
    }
    pub fn first(limit: u32) -> Self {
        Self { limit, ..Default::default() }
    }
    /// Order by `sort` (a key of the list, checked when the list is read), `desc` or not.
    pub fn sorted(mut self, sort: Option<String>, desc: Option<bool>) -> Self {
        self.sort = sort.filter(|s| !s.is_empty());
        self.desc = desc;
        self
    }
    /// This request applied to one list: its sort checked and its cursor opened.
    pub fn keyset(&self, spec: &'static ListSpec) -> Result<Keyset, AppError> {
        let key = match &self.sort {
            None => spec.sorts.first().ok_or_else(|| AppError::internal("a list needs a sort key"))?,
            Some(k) => spec
                .sorts
                .iter()
                .find(|s| s.key == k)
                .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "sort"))?,
        };
        let desc = self.desc.unwrap_or(spec.default_desc);
        let after = match &self.cursor {
            None => None,
            Some(c) => {
                let d = decode(c).ok_or_else(|| AppError::field(ErrorCode::BadCursor, "cursor"))?;
                let value_fits = matches!((&d.v, key.numeric), (SortValue::Int(_), true) | (SortValue::Text(_), false));
                if d.l != spec.name
                    || d.s != key.key
                    || d.d != desc
                    || !value_fits
                    || uuid::Uuid::parse_str(&d.i).is_err()
                {
                    return Err(AppError::field(ErrorCode::BadCursor, "cursor"));
                }
                Some((d.v, d.i))
            }
        };
        Ok(Keyset { spec, key, desc, after, limit: self.limit })
    }
}

/// A page of one list to fetch: `WHERE … AND {condition} ORDER BY {order} LIMIT {fetch}`.
#[derive(Debug)]
pub struct Keyset {
    spec: &'static ListSpec,
    key: &'static SortKey,
    desc: bool,
    after: Option<(SortValue, String)>,
    limit: u32,
}

impl Keyset {
    pub fn sort_key(&self) -> &'static str {
        self.key.key
    }
    pub fn desc(&self) -> bool {
        self.desc
    }
    pub fn numeric(&self) -> bool {
        self.key.numeric
    }
    /// The condition that starts the page after the cursor, for `id_column` and the sort
    /// expression, with its two values at `$n` and `$n+1` (see [`Keyset::binds`]).
    pub fn condition(&self, n: usize, id_column: &str) -> String {
        if self.after.is_none() {
            return format!("(${n} IS NULL AND ${} IS NULL)", n + 1);
        }
        let op = if self.desc { "<" } else { ">" };
        let sql = self.key.sql;
        if sql == id_column {
            return format!("({id_column} {op} ${} AND ${n} IS NOT NULL)", n + 1);
        }
        format!("({sql} {op} ${n} OR ({sql} = ${n} AND {id_column} {op} ${}))", n + 1)
    }
    /// The two values of [`Keyset::condition`]: the last position, or two NULLs on the first page.
    pub fn binds(&self) -> (Option<SortValue>, Option<String>) {
        match &self.after {
            Some((v, id)) => (Some(v.clone()), Some(id.clone())),
            None => (None, None),
        }
    }
    pub fn order(&self, id_column: &str) -> String {
        let dir = if self.desc { "DESC" } else { "ASC" };
        if self.key.sql == id_column {
            return format!("{id_column} {dir}");
        }
        format!("{} {dir}, {id_column} {dir}", self.key.sql)
    }
    /// Fetch one more row than asked, to know whether another page exists.
    pub fn fetch(&self) -> i64 {
        i64::from(self.limit) + 1
    }
    fn cursor(&self, value: SortValue, id: String) -> String {
        let data = CursorData { l: self.spec.name.into(), s: self.key.key.into(), d: self.desc, v: value, i: id };
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&data).unwrap_or_default())
    }
}

fn decode(cursor: &str) -> Option<CursorData> {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(cursor).ok()?).ok()
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
    /// The order the rows are in (the list's default when none was asked for).
    #[serde(skip)]
    pub sort: &'static str,
    #[serde(skip)]
    pub desc: bool,
}

impl<T> Page<T> {
    /// Build a page from the `fetch()` rows of a keyset query; `position` gives a row's id
    /// and its value for the active sort key.
    pub fn from_rows(mut rows: Vec<T>, ks: &Keyset, position: impl Fn(&T, &str) -> (String, SortValue)) -> Self {
        let more = rows.len() > ks.limit as usize;
        rows.truncate(ks.limit as usize);
        let next_cursor = if more {
            rows.last().map(|r| {
                let (id, value) = position(r, ks.key.key);
                ks.cursor(value, id)
            })
        } else {
            None
        };
        Self { items: rows, next_cursor, sort: ks.key.key, desc: ks.desc }
    }
    /// The page of a list held whole in memory (a search's best matches): `rows` are put in
    /// the keyset's order by `position`, and the page starts after its cursor.
    pub fn of_all(mut rows: Vec<T>, ks: &Keyset, position: impl Fn(&T, &str) -> (String, SortValue)) -> Self {
        let key = |r: &T| {
            let (id, value) = position(r, ks.key.key);
            (value, id)
        };
        let cmp = |a: &(SortValue, String), b: &(SortValue, String)| {
            let by_value = match (&a.0, &b.0) {
                (SortValue::Int(x), SortValue::Int(y)) => x.cmp(y),
                (SortValue::Text(x), SortValue::Text(y)) => x.cmp(y),
                (SortValue::Int(_), SortValue::Text(_)) => std::cmp::Ordering::Less,
                (SortValue::Text(_), SortValue::Int(_)) => std::cmp::Ordering::Greater,
            };
            let order = by_value.then_with(|| a.1.cmp(&b.1));
            if ks.desc { order.reverse() } else { order }
        };
        rows.sort_by(|a, b| cmp(&key(a), &key(b)));
        if let Some(after) = &ks.after {
            let after = (after.0.clone(), after.1.clone());
            rows.retain(|r| cmp(&key(r), &after) == std::cmp::Ordering::Greater);
        }
        rows.truncate(ks.fetch() as usize);
        Self::from_rows(rows, ks, position)
    }
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
            sort: self.sort,
            desc: self.desc,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static USERS: ListSpec = ListSpec {
        name: "user",
        sorts: &[SortKey::text("id", "id"), SortKey::text("name", "lower(name)")],
        default_desc: true,
    };
    static FILES: ListSpec = ListSpec { name: "file", sorts: &[SortKey::text("id", "id")], default_desc: true };

    fn id() -> String {
        uuid::Uuid::now_v7().to_string()
    }

    #[test]
    fn cursors_belong_to_one_list_and_order() {
        let ks = PageRequest::first(1).sorted(Some("name".into()), Some(false)).keyset(&USERS).unwrap();
        let page = Page::from_rows(vec![1, 2], &ks, |_, key| {
            assert_eq!(key, "name");
            (id(), "marc".into())
        });
        let cursor = page.next_cursor.unwrap();
        let next = PageRequest::new(Some(cursor.clone()), Some(1)).unwrap();
        assert!(next.clone().sorted(Some("name".into()), Some(false)).keyset(&USERS).is_ok());
        let wrong = |r: PageRequest, spec: &'static ListSpec| r.keyset(spec).unwrap_err().code;
        assert_eq!(wrong(next.clone(), &FILES), ErrorCode::BadCursor, "another list");
        assert_eq!(wrong(next.clone().sorted(Some("name".into()), Some(true)), &USERS), ErrorCode::BadCursor);
        assert_eq!(wrong(next, &USERS), ErrorCode::BadCursor, "another sort");
        assert_eq!(PageRequest::new(Some(id()), None).unwrap_err().code, ErrorCode::BadCursor, "a bare id");
        let unknown = PageRequest::first(5).sorted(Some("salary".into()), None).keyset(&USERS).unwrap_err();
        assert_eq!(unknown.field.as_deref(), Some("sort"));
        assert_eq!(PageRequest::new(None, Some(0)).unwrap_err().field.as_deref(), Some("limit"));
    }

    #[test]
    fn a_list_held_in_memory_pages_in_order() {
        // (id, rank): ranks tie, the id decides.
        static RANKED: ListSpec =
            ListSpec { name: "ranked", sorts: &[SortKey::number("rank", "0")], default_desc: true };
        let rows: Vec<(String, i64)> = (0..7).map(|i| (id(), [3, 9, 1, 9, 4, 1, 6][i])).collect();
        let position = |r: &(String, i64), _: &str| (r.0.clone(), SortValue::Int(r.1));
        let mut seen = Vec::new();
        let mut req = PageRequest::first(3);
        loop {
            let page = Page::of_all(rows.clone(), &req.keyset(&RANKED).unwrap(), position);
            assert!(page.items.len() <= 3);
            seen.extend(page.items.iter().map(|r| r.1));
            match page.next_cursor {
                Some(c) => req = PageRequest::new(Some(c), Some(3)).unwrap(),
                None => break,
            }
        }
        assert_eq!(seen, [9, 9, 6, 4, 3, 1, 1], "each once, best first");
    }

    #[test]
    fn keyset_sql() {
        let ks = PageRequest::first(10).sorted(Some("name".into()), Some(false)).keyset(&USERS).unwrap();
        assert_eq!(ks.order("id"), "lower(name) ASC, id ASC");
        assert_eq!(ks.condition(3, "id"), "($3 IS NULL AND $4 IS NULL)");
        let by_id = PageRequest::first(10).keyset(&USERS).unwrap();
        assert_eq!(by_id.order("id"), "id DESC");
    }
}
