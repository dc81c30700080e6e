//! The list every staff page uses: sortable columns (the store's keyset sorts), filters as
//! chips, cursor paging, a choice of columns (remembered in a cookie), bulk selection, CSV of
//! what is shown, and stacked cards on a phone. A page builds a [`ListView`] from its rows and
//! includes `list.html`.

use portico_kernel::{Page, PageRequest};
use serde::Deserialize;

use crate::i18n::Tr;

/// The list part of a page's query string.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct ListQuery {
    pub q: Option<String>,
    pub sort: Option<String>,
    pub order: Option<String>,
    pub cursor: Option<String>,
    /// The columns chosen, comma-separated (also kept in a cookie).
    pub cols: Option<String>,
    /// `csv` for a download of the rows the filters select.
    pub format: Option<String>,
}

impl ListQuery {
    /// The page of the store's list this asks for.
    pub fn request(&self, limit: u32) -> Result<PageRequest, portico_kernel::AppError> {
        let desc = match self.order.as_deref() {
            Some("asc") => Some(false),
            Some("desc") => Some(true),
            _ => None,
        };
        Ok(PageRequest::new(self.cursor.clone(), Some(limit))?.sorted(self.sort.clone(), desc))
    }
    pub fn search(&self) -> Option<&str> {
        self.q.as_deref().map(str::trim).filter(|q| !q.is_empty())
    }
    pub fn wants_csv(&self) -> bool {
        self.format.as_deref() == Some("csv")
    }
}

/// A column of a list.
#[derive(Debug, Clone)]
pub struct Column {
    pub key: String,
    pub label: String,
    /// The store's sort key, when the list can be sorted by this column.
    pub sort: Option<&'static str>,
    /// Whether people may hide it (the first column stays).
    pub optional: bool,
    /// Kept on one line (dates, short values).
    pub nowrap: bool,
}

impl Column {
    pub fn new(key: impl Into<String>, label: String) -> Column {
        Column { key: key.into(), label, sort: None, optional: true, nowrap: false }
    }
    pub fn sorted(mut self, sort: &'static str) -> Column {
        self.sort = Some(sort);
        self
    }
    pub fn fixed(mut self) -> Column {
        self.optional = false;
        self
    }
    pub fn nowrap(mut self) -> Column {
        self.nowrap = true;
        self
    }
}

/// One cell: text, optionally a link, a badge (with its tone) or secondary.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub text: String,
    pub href: Option<String>,
    /// `ok`, `bad` or `` for a neutral badge.
    pub badge: Option<&'static str>,
    pub muted: bool,
    /// A second line, smaller.
    pub sub: Option<String>,
    /// Depth in a tree shown in its own order (0 to 4), drawn as an indent on wide screens.
    pub indent: usize,
    /// Details shown on hover over the second line (a technical reason, say).
    pub title: Option<String>,
}

impl Cell {
    pub fn text(t: impl Into<String>) -> Cell {
        Cell { text: t.into(), ..Cell::default() }
    }
    pub fn link(t: impl Into<String>, href: impl Into<String>) -> Cell {
        Cell { text: t.into(), href: Some(href.into()), ..Cell::default() }
    }
    pub fn badge(t: impl Into<String>, tone: &'static str) -> Cell {
        Cell { text: t.into(), badge: Some(tone), ..Cell::default() }
    }
    pub fn muted(t: impl Into<String>) -> Cell {
        Cell { text: t.into(), muted: true, ..Cell::default() }
    }
    pub fn with_title(mut self, title: impl Into<String>) -> Cell {
        self.title = Some(title.into()).filter(|t| !t.is_empty());
        self
    }
    pub fn indented(mut self, depth: usize) -> Cell {
        self.indent = depth.min(4);
        self
    }
    pub fn with_sub(mut self, sub: impl Into<String>) -> Cell {
        self.sub = Some(sub.into()).filter(|s| !s.is_empty());
        self
    }
}

#[derive(Debug, Clone)]
pub struct Row {
    pub id: String,
    pub cells: Vec<Cell>,
}

/// A filter of the list, shown as a select and, when set, as a chip.
#[derive(Debug, Clone)]
pub struct Filter {
    pub name: &'static str,
    pub label: String,
    /// (value, label); the first is usually "all" with an empty value.
    pub options: Vec<(String, String)>,
    pub value: String,
}

/// Actions on the selected rows: posted to `action` with the ids as `id`.
#[derive(Debug, Clone, Default)]
pub struct Bulk {
    pub action: String,
    /// (value, label, confirmation) of each action.
    pub choices: Vec<(&'static str, String, Option<String>)>,
    /// A choice the actions take, sent as `target`: (label of the select, (value, label) of each).
    pub target: Option<(String, Vec<(String, String)>)>,
    /// A checkbox sent as `notify=yes`: its label (tell the people concerned).
    pub notify: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ListView {
    /// Names the list (its HTML id, its columns cookie).
    pub name: &'static str,
    /// The page's path.
    pub base: String,
    /// Every column; `shown` says which are displayed.
    pub columns: Vec<Column>,
    shown: Vec<String>,
    pub rows: Vec<Row>,
    pub sort: String,
    pub desc: bool,
    pub q: String,
    pub filters: Vec<Filter>,
    next_cursor: Option<String>,
    on_first_page: bool,
    pub bulk: Option<Bulk>,
    pub empty: String,
    pub labels: Labels,
    tr: Tr,
}

/// The list's own words, in the reader's language.
#[derive(Debug, Clone)]
pub struct Labels {
    pub search: String,
    pub filter: String,
    pub remove: String,
    pub columns: String,
    pub apply: String,
    pub csv: String,
    pub next: String,
    pub first: String,
    pub select_all: String,
    pub select_row: String,
    pub selected: String,
    /// Said when a search or filters leave nothing (the list itself may hold rows).
    pub no_match: String,
    pub clear: String,
}

impl ListView {
    /// A list of `page`'s rows under `base`, sorted as the store sorted them.
    pub fn new<T>(
        name: &'static str,
        base: &str,
        columns: Vec<Column>,
        page: &Page<T>,
        q: &ListQuery,
        chosen: Option<&str>,
        tr: &Tr,
    ) -> ListView {
        let wanted: Vec<&str> = q.cols.as_deref().or(chosen).map(|c| c.split(',').collect()).unwrap_or_default();
        let shown = columns
            .iter()
            .filter(|c| !c.optional || wanted.is_empty() || wanted.contains(&c.key.as_str()))
            .map(|c| c.key.clone())
            .collect();
        ListView {
            name,
            base: base.to_string(),
            columns,
            shown,
            rows: Vec::new(),
            sort: page.sort.to_string(),
            desc: page.desc,
            q: q.q.clone().unwrap_or_default(),
            filters: Vec::new(),
            next_cursor: page.next_cursor.clone(),
            on_first_page: q.cursor.as_deref().is_none_or(str::is_empty),
            bulk: None,
            empty: tr.t("list-empty"),
            labels: Labels {
                search: tr.t("search-label"),
                filter: tr.t("filter"),
                remove: tr.t("list-remove-filter"),
                columns: tr.t("list-columns"),
                apply: tr.t("list-apply"),
                csv: tr.t("export-csv"),
                next: tr.t("next-page"),
                first: tr.t("list-first-page"),
                select_all: tr.t("list-select-all"),
                select_row: tr.t("list-select-row"),
                selected: tr.t("list-selected"),
                no_match: tr.t("list-no-match"),
                clear: tr.t("list-clear-filters"),
            },
            tr: *tr,
        }
    }

    pub fn rows(mut self, rows: Vec<Row>) -> Self {
        self.rows = rows;
        self
    }
    pub fn filter(mut self, f: Filter) -> Self {
        self.filters.push(f);
        self
    }
    pub fn bulk(mut self, b: Bulk) -> Self {
        self.bulk = Some(b);
        self
    }
    /// What is said when a search or filters leave nothing (a list's own words for it).
    pub fn no_match(mut self, message: String) -> Self {
        self.labels.no_match = message;
        self
    }
    pub fn empty(mut self, message: String) -> Self {
        self.empty = message;
        self
    }

    pub fn is_shown(&self, key: &str) -> bool {
        self.shown.iter().any(|k| k == key)
    }
    /// The visible columns with their index into each row's cells.
    pub fn visible(&self) -> Vec<(usize, &Column)> {
        self.columns.iter().enumerate().filter(|(_, c)| self.is_shown(&c.key)).collect()
    }
    pub fn cell<'a>(&self, row: &'a Row, i: &usize) -> Option<&'a Cell> {
        row.cells.get(*i)
    }
    /// The filters and search as query pairs, except `skip`.
    fn pairs(&self, skip: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if skip != "q" && !self.q.is_empty() {
            out.push(("q".into(), self.q.clone()));
        }
        for f in &self.filters {
            if f.name != skip && !f.value.is_empty() {
                out.push((f.name.into(), f.value.clone()));
            }
        }
        out
    }
    fn href(&self, mut pairs: Vec<(String, String)>, keep_sort: bool) -> String {
        if keep_sort {
            pairs.push(("sort".into(), self.sort.clone()));
            pairs.push(("order".into(), if self.desc { "desc" } else { "asc" }.into()));
        }
        if pairs.is_empty() {
            return self.base.clone();
        }
        let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
        format!("{}?{query}", self.base)
    }
    /// Sort by `col`: the other way round when it is the current sort.
    /// A cell's `class` attribute, if it needs one (built from fixed names only).
    pub fn cell_class(&self, col: &Column, cell: &Option<&Cell>) -> String {
        let mut classes = Vec::new();
        if col.nowrap {
            classes.push("nowrap".to_string());
        }
        if let Some(c) = cell.filter(|c| c.indent > 0) {
            classes.push(format!("indent-{}", c.indent));
        }
        if classes.is_empty() { String::new() } else { format!(" class=\"{}\"", classes.join(" ")) }
    }
    pub fn sort_href(&self, col: &Column) -> String {
        let key = col.sort.unwrap_or_default();
        let desc = if self.sort == key { !self.desc } else { false };
        let mut pairs = self.pairs("");
        pairs.push(("sort".into(), key.into()));
        pairs.push(("order".into(), if desc { "desc" } else { "asc" }.into()));
        self.href(pairs, false)
    }
    /// `aria-sort` of a column header.
    pub fn aria_sort(&self, col: &Column) -> &'static str {
        match col.sort {
            Some(k) if k == self.sort && self.desc => "descending",
            Some(k) if k == self.sort => "ascending",
            _ => "none",
        }
    }
    /// The arrow shown beside the sorted column.
    pub fn arrow(&self, col: &Column) -> &'static str {
        match self.aria_sort(col) {
            "descending" => "↓",
            "ascending" => "↑",
            _ => "",
        }
    }
    /// The chips of the filters in force, each with the link that removes it.
    pub fn chips(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if !self.q.is_empty() {
            out.push((format!("“{}”", self.q), self.href(self.pairs("q"), true)));
        }
        for f in self.filters.iter().filter(|f| !f.value.is_empty()) {
            let shown =
                f.options.iter().find(|(v, _)| *v == f.value).map(|(_, l)| l.clone()).unwrap_or(f.value.clone());
            out.push((self.tr.pair(&f.label, &shown), self.href(self.pairs(f.name), true)));
        }
        out
    }
    pub fn next_href(&self) -> Option<String> {
        let cursor = self.next_cursor.clone()?;
        let mut pairs = self.pairs("");
        pairs.push(("cursor".into(), cursor));
        Some(self.href(pairs, true))
    }
    pub fn first_href(&self) -> Option<String> {
        (!self.on_first_page).then(|| self.href(self.pairs(""), true))
    }
    /// The list without its search and filters, in the same order.
    pub fn clear_href(&self) -> String {
        self.href(Vec::new(), true)
    }
    pub fn csv_href(&self) -> String {
        let mut pairs = self.pairs("");
        pairs.push(("format".into(), "csv".into()));
        self.href(pairs, true)
    }
    /// The sort and order as hidden inputs of the filter form.
    pub fn sort_fields(&self) -> Vec<(&'static str, String)> {
        vec![("sort", self.sort.clone()), ("order", if self.desc { "desc" } else { "asc" }.into())]
    }
    /// The filters in force as hidden inputs of the column form.
    pub fn kept_fields(&self) -> Vec<(String, String)> {
        let mut out = self.pairs("");
        out.extend(self.sort_fields().into_iter().map(|(k, v)| (k.to_string(), v)));
        out
    }

    /// The rows as CSV, with the visible columns: what the person sees, to take away.
    pub fn csv(&self) -> String {
        let visible = self.visible();
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(visible.iter().map(|(_, c)| c.label.as_str()));
        for r in &self.rows {
            let cells = visible.iter().map(|(i, _)| csv_safe(r.cells.get(*i).map(|c| c.text.as_str()).unwrap_or("")));
            let _ = w.write_record(cells);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

/// A cell a spreadsheet will not run as a formula (CSV injection).
pub fn csv_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() }
}

/// The columns a person chose for list `name`, from the cookie the page's script keeps.
pub fn chosen(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    let cookie = format!("cols_{name}=");
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(&cookie))
        .map(percent_decode)
}

fn percent_decode(v: &str) -> String {
    form_urlencoded::parse(format!("v={v}").as_bytes()).next().map(|(_, v)| v.into_owned()).unwrap_or_default()
}

/// Rows in a CSV download at most (a bigger export is an archive or the API's pages).
pub const CSV_MAX: usize = 10_000;

/// Every row the filters select, for a CSV download: page after page of `fetch`, in the
/// list's order, up to [`CSV_MAX`].
pub async fn all_rows<T, F, Fut>(q: &ListQuery, mut fetch: F) -> Result<Page<T>, portico_kernel::AppError>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: std::future::Future<Output = Result<Page<T>, portico_kernel::AppError>>,
{
    let mut q = q.clone();
    q.cursor = None;
    let mut all: Option<Page<T>> = None;
    loop {
        let page = fetch(q.request(portico_kernel::page::MAX_LIMIT)?).await?;
        let next = page.next_cursor.clone();
        match &mut all {
            None => all = Some(page),
            Some(a) => a.items.extend(page.items),
        }
        let n = all.as_ref().map_or(0, |a| a.items.len());
        match next {
            Some(c) if n < CSV_MAX => q.cursor = Some(c),
            _ => break,
        }
    }
    let mut all = all.ok_or_else(|| portico_kernel::AppError::internal("no page"))?;
    all.items.truncate(CSV_MAX);
    all.next_cursor = None;
    Ok(all)
}

/// A CSV download named after the list.
pub fn csv_response(name: &str, body: String) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}.csv\"")),
        ],
        body,
    )
        .into_response()
}
