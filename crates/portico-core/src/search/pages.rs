//! The search page (the command palette's full results) and rebuilding the index.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, page};
use portico_search::Hit;
use serde::Deserialize;

#[derive(Deserialize)]
pub(crate) struct SearchQuery {
    #[serde(default)]
    q: String,
    /// One kind of record (the tabs above the results), beside the words.
    #[serde(default)]
    kind: String,
}

#[derive(Template)]
#[template(path = "search.html")]
pub(crate) struct SearchPage {
    c: Shell,
    q: String,
    kind: String,
    /// (kind, its name, the link to its results)
    tabs: Vec<(String, String, String)>,
    hits: Vec<Found>,
}

/// A hit as shown: its title, what kind of record it is, its unit and where its page is.
pub(crate) struct Found {
    title: String,
    kind: String,
    unit: String,
    href: String,
}

fn found(s: &AppState, staff: &Staff, c: &Shell, hits: Vec<Hit>) -> Vec<Found> {
    let tree = staff.caller.authz.tree();
    hits.into_iter()
        .filter_map(|h| {
            let kind = s.registry().get(&h.record_type)?;
            let unit = h.unit_id.as_deref().and_then(|u| u.parse().ok()).map(|u| tree.path_name(u)).unwrap_or_default();
            Some(Found {
                href: kind.page(&h.record_id)?,
                kind: c.tk("record-kind-", &h.record_type),
                unit,
                title: h.title,
            })
        })
        .collect()
}

/// One line of the command palette; `group` heads a new group.
pub(crate) struct Entry {
    group: Option<String>,
    label: String,
    href: String,
    icon: &'static str,
}

#[derive(Template)]
#[template(path = "palette.html")]
pub(crate) struct PalettePage {
    entries: Vec<Entry>,
    nothing: String,
}

/// Folded for matching: lowercase, without accents.
fn fold(s: &str) -> String {
    portico_kernel::locale::fold_accents(s).to_lowercase()
}

/// The palette's live results: the pages whose name matches ("go to"), then the records the
/// caller may see, grouped by kind, then a link to every result.
pub(crate) async fn palette(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<SearchQuery>,
) -> Result<Response, PageError> {
    let c = staff.shell("search", &FlashQuery::default());
    let words = fold(q.q.trim());
    let mut entries = Vec::new();
    let go_to = c.t("palette-go-to");
    // The settings hub has no entry of its own in the sidebar's list; admins reach it too.
    let hub = (!c.settings.is_empty()).then_some(("nav-settings", "/settings", "settings"));
    let pages = c.nav.iter().chain(&c.settings).map(|i| (i.label, i.href, i.icon)).chain(hub);
    for (label, href, icon) in pages {
        let label = c.t(label);
        if fold(&label).contains(&words) && !entries.iter().any(|e: &Entry| e.href == href) {
            let group = entries.is_empty().then(|| go_to.clone());
            entries.push(Entry { group, label, href: href.into(), icon });
        }
    }
    if !words.is_empty() {
        let hits = crate::search::api::search_all(&s, &staff.caller, &q.q, 20).await.or_page(&staff)?;
        let mut shown = found(&s, &staff, &c, hits);
        shown.sort_by(|a, b| a.kind.cmp(&b.kind));
        let mut last = String::new();
        for f in shown {
            let group = (f.kind != last).then(|| f.kind.clone());
            last = f.kind.clone();
            entries.push(Entry { group, label: f.title, href: f.href, icon: "search" });
        }
        let all = form_urlencoded::Serializer::new(String::new()).append_pair("q", q.q.trim()).finish();
        entries.push(Entry {
            group: Some(c.t("palette-everything")),
            label: c.tr.t1("palette-search-for", "q", q.q.trim()),
            href: format!("/search?{all}"),
            icon: "search",
        });
    }
    Ok(page(&PalettePage { entries, nothing: c.t("search-nothing") }))
}

pub(crate) async fn search(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<SearchQuery>,
) -> Result<Response, PageError> {
    let kind = s.registry().searchable().map(|k| k.name()).find(|k| *k == q.kind).unwrap_or_default().to_string();
    let hits = if q.q.trim().is_empty() {
        Vec::new()
    } else {
        let typed = if kind.is_empty() { q.q.clone() } else { format!("{} kind:{kind}", q.q) };
        crate::search::api::search_all(&s, &staff.caller, &typed, 50).await.or_page(&staff)?
    };
    let c = staff.shell("search", &FlashQuery::default());
    let link = |k: &str| {
        let mut url = form_urlencoded::Serializer::new(String::new());
        url.append_pair("q", &q.q);
        if !k.is_empty() {
            url.append_pair("kind", k);
        }
        format!("/search?{}", url.finish())
    };
    let tabs = std::iter::once((String::new(), c.t("search-kind-all"), link("")))
        .chain(
            s.registry().searchable().map(|k| (k.name().to_string(), c.tk("record-kind-", k.name()), link(k.name()))),
        )
        .collect();
    let hits = found(&s, &staff, &c, hits);
    Ok(page(&SearchPage { c, q: q.q, kind, tabs, hits }))
}

pub(crate) async fn reindex(State(s): State<AppState>, staff: Staff) -> Response {
    after("/tasks", crate::search::api::start_reindex(&s, &staff.caller).await.map(|_| "task-started")).into_response()
}
