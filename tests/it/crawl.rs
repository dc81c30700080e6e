//! Every staff page of the demo, read as a French and a Croatian user would: the visible
//! text holds no raw value from code (a permission key, an audit action, an enum), no id
//! and no JSON.

use std::collections::{BTreeSet, VecDeque};

use crate::support::{browser, server_with, suite};

/// The text a person sees on a page: tags, scripts and styles removed, common entities decoded.
fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        out.push(' ');
        let tag = &rest[start..];
        // Scripts and styles are not read; code is shown as code, on purpose.
        let skip_to = ["script", "style", "code"].iter().find_map(|t| {
            tag.strip_prefix('<')
                .filter(|x| x.starts_with(t))
                .and_then(|_| tag.find(&format!("</{t}>")).map(|e| e + t.len() + 3))
        });
        match skip_to.or_else(|| tag.find('>').map(|e| e + 1)) {
            Some(end) => rest = &tag[end..],
            None => break,
        }
    }
    out.push_str(rest);
    out.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// Links to follow: same-site GET pages, not downloads nor sign-out.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in html.split("href=\"").skip(1) {
        let Some(href) = part.split('"').next() else { continue };
        let href = href.replace("&amp;", "&");
        let page = href.starts_with('/') && !href.starts_with("//");
        let skip = ["/assets/", "/logout", "/download", "/archive", ".csv", "format=csv", "/api/", "/guest/"];
        if page && !skip.iter().any(|s| href.contains(s)) {
            out.push(href.split('#').next().unwrap_or("").to_string());
        }
    }
    out
}

fn words_of(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || ",;:()[]«»“”\"'!?·—→".contains(c)).filter(|w| !w.is_empty()).collect()
}

/// A name from code (`extraction_status`, `content_type`): lowercase words joined by `_`.
fn is_identifier(w: &str) -> bool {
    w.contains('_')
        && w.split('_').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

fn is_uuid(w: &str) -> bool {
    w.len() >= 36 && w.split('-').map(str::len).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
}

db_test!(async fn no_raw_value_id_or_json_on_any_page_in_french_or_croatian(db) {
    let dir = std::env::temp_dir().join(format!("portico-crawl-{}", uuid::Uuid::now_v7().simple()));
    let s = server_with(&db, |st| st.data_dir = dir.clone()).await;
    let settings = portico_config::Settings { data_dir: dir.clone(), ..Default::default() };
    suite().seed_demos(&db, &settings).await.unwrap();
    // Values from code that have a translation, and must never show untranslated.
    let audit_actions: Vec<(String,)> = sqlx::query_as("SELECT DISTINCT action FROM audit_log").fetch_all(db.pool()).await.unwrap();
    let mut raw: BTreeSet<String> = audit_actions.into_iter().map(|(a,)| a).collect();
    raw.extend(portico_kernel::perm::entries().into_iter().map(|e| e.permission.to_string()));
    raw.extend(suite().platform.registry.kinds().map(|k| k.name().to_string()).filter(|n| n.contains('_')));
    raw.extend(portico_fields::FieldType::ALL.iter().map(|t| t.as_str().to_string()).filter(|n| n.contains('_')));
    raw.extend(portico_kernel::ErrorCode::ALL.iter().map(|c| c.code().to_string()).filter(|n| n.contains('_')));
    // Stored English values that must be shown translated.
    let english = ["pending", "queued", "running", "done", "failed", "sent", "active", "disabled", "owner", "manager", "member", "true", "false", "null", "Owner", "Manager", "Member", "Pending", "Active", "Disabled"];

    for (email, lang) in [("owner@demo.portico.test", "fr"), ("manager.hr@demo.portico.test", "hr")] {
        let b = browser();
        let page = b.get(s.url("/login")).send().await.unwrap().text().await.unwrap();
        let csrf = crate::support::csrf_in(&page);
        let r = b
            .post(s.url("/login"))
            .form(&[("_csrf", csrf.as_str()), ("email", email), ("password", portico_core::demo::PASSWORD), ("next", "/")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{email} signs in");
        let mut seen = BTreeSet::new();
        let mut queue = VecDeque::from(["/".to_string(), "/search?q=lyon".to_string(), "/search?q=ivana".to_string()]);
        let mut problems = Vec::new();
        while let Some(path) = queue.pop_front() {
            if seen.len() >= 150 || !seen.insert(path.clone()) {
                continue;
            }
            let r = b.get(s.url(&path)).send().await.unwrap();
            let status = r.status().as_u16();
            if status == 303 || status == 302 {
                continue;
            }
            let html = r.text().await.unwrap();
            assert!(status == 200 || status == 403, "{lang} {path}: {status}");
            assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{path} is not in {lang}");
            let text = visible_text(&html);
            if text.contains("{\"") {
                problems.push(format!("{path}: JSON in the text"));
            }
            for w in words_of(&text) {
                let w = w.trim_end_matches(['.', '…']);
                if w.contains('@') || w.starts_with("http") {
                    continue;
                }
                if is_uuid(w) {
                    problems.push(format!("{path}: an id ({w})"));
                } else if raw.contains(w) {
                    problems.push(format!("{path}: the raw value {w}"));
                } else if english.contains(&w) {
                    problems.push(format!("{path}: the English value {w}"));
                } else if is_identifier(w) {
                    problems.push(format!("{path}: the key {w}"));
                }
            }
            for l in links(&html) {
                // One page per list is enough: its other pages and orders look the same.
                let list_page = l.contains("cursor=") || l.contains("sort=") || l.contains("order=");
                if !list_page && !seen.contains(&l) {
                    queue.push_back(l);
                }
            }
        }
        assert!(seen.len() > 15, "{lang}: the crawl reached {} pages: {seen:?}", seen.len());
        problems.sort();
        problems.dedup();
        assert!(problems.is_empty(), "{lang}:\n{}", problems.join("\n"));
    }
    let _ = std::fs::remove_dir_all(dir);
});
