//! Search benchmark: `N` search documents (default 1 000 000) of a workspace, each a title and
//! a body of 40 words drawn from a Zipf-distributed vocabulary of 20 000, with facets (unit,
//! type, size, created). Then, for words that are common, of middling frequency and rare:
//! - the words alone;
//! - the words and two filters (a type and a range of dates), as Portico runs them (facet
//!   words in the index);
//! - the same two filters as a join to a table of the values (the baseline: filtering after
//!   the match).
//!
//! Prints one JSON object: seconds to write the documents and p50/p95 in ms per series.
//! `bench_search DATABASE_URL [N]`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use install::install;
use percentiles::percentiles;
use portico_db::{Backend, Db};
use portico_kernel::{Permission, perm};
use portico_platform::FacetKind;
use portico_search::{Doc, Query, facets};
use portico_testkit::Rng;
use words::{Zipf, word};

const VOCABULARY: usize = 20_000;
const BODY_WORDS: usize = 40;
const TYPES: [&str; 5] = ["pdf", "text", "image", "sheet", "slides"];
const QUERIES: usize = 60;

#[path = "support/install.rs"]
mod install;
#[path = "support/percentiles.rs"]
mod percentiles;
#[path = "support/words.rs"]
mod words;

#[tokio::main]
async fn main() {
    let url = std::env::args().nth(1).expect("database URL");
    let n: usize = std::env::args().nth(2).map(|s| s.parse().expect("a count")).unwrap_or(1_000_000);
    let (db, _, created) = install(&url, "Search bench", "search@bench.test").await;
    let ws = created.workspace;
    sqlx::query("CREATE TABLE bench_facets (record_id TEXT PRIMARY KEY, type TEXT NOT NULL, day BIGINT NOT NULL)")
        .execute(db.pool())
        .await
        .unwrap();
    sqlx::query("CREATE INDEX bench_facets_type_day ON bench_facets (type, day)").execute(db.pool()).await.unwrap();

    // Write the documents, a thousand to a transaction.
    let zipf = Zipf::new(VOCABULARY);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let start = 1_704_067_200_000_000i64; // 2024-01-01
    let span = 3 * 365 * 86_400_000_000i64;
    let t0 = Instant::now();
    for chunk in 0..n.div_ceil(1000) {
        let mut texts = Vec::new();
        for i in chunk * 1000..((chunk + 1) * 1000).min(n) {
            let title: Vec<String> = (0..3).map(|_| word(zipf.draw(&mut rng))).collect();
            let body: Vec<String> = (0..BODY_WORDS).map(|_| word(zipf.draw(&mut rng))).collect();
            let ty = TYPES[rng.below(TYPES.len())];
            let at = start + (rng.draw() % span as u64) as i64;
            let size = rng.below(10_000_000);
            texts.push((format!("doc-{i}"), title.join(" "), body.join(" "), ty, at, size));
        }
        let mut tx = db.begin().await.unwrap();
        let docs: Vec<Doc> = texts
            .iter()
            .map(|(id, title, body, ty, at, size)| {
                let mut words = vec![facets::unit_token(&format!("unit{}", size % 20))];
                words.extend(facets::tokens("type", FacetKind::Words, ty));
                words.extend(facets::tokens("created", FacetKind::Date, &at.to_string()));
                words.extend(facets::tokens("size", FacetKind::Number, &size.to_string()));
                Doc {
                    workspace: ws,
                    record_type: "file",
                    record_id: id.clone(),
                    unit: None,
                    title,
                    body,
                    facets: words,
                }
            })
            .collect();
        portico_search::put(&mut tx, &docs).await.unwrap();
        let values = db.backend().value_groups(texts.len(), 3, 1);
        let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO bench_facets (record_id, type, day) VALUES {values}"
        )));
        for (id, _, _, ty, at, _) in &texts {
            let day = chrono::DateTime::from_timestamp_micros(*at).unwrap().format("%Y%m%d").to_string();
            q = q.bind(id.clone()).bind(ty.to_string()).bind(day.parse::<i64>().unwrap());
        }
        q.execute(&mut *tx).await.unwrap();
        tx.commit().await.unwrap();
    }
    let write_s = t0.elapsed().as_secs_f64();
    if db.backend() == Backend::Postgres {
        sqlx::query("ANALYZE").execute(db.pool()).await.unwrap();
    }

    let admin = portico_authz::store::system_authz(db.pool(), ws, "bench").await.unwrap();
    let scope = admin.scope(Permission::new(perm::CORE, perm::VIEW)).unwrap();
    let mut out = serde_json::Map::new();
    for (class, ranks) in [("common", 0..20), ("middling", 200..1_000), ("rare", 5_000..20_000)] {
        let (mut alone, mut filtered, mut joined) = (Vec::new(), Vec::new(), Vec::new());
        for k in 0..QUERIES {
            let w = word(ranks.start + rng.below(ranks.len()));
            let ty = TYPES[k % TYPES.len()];
            let year = 2024 + (k % 3) as i64;
            let (from, to) = (format!("{year}-03"), format!("{year}-08"));
            let words = Query::parse(&w);
            let t = Instant::now();
            portico_search::search(&db, &scope, &["file"], &words, 20).await.unwrap();
            alone.push(t.elapsed().as_secs_f64() * 1000.0);
            let q = format!("{w} type:{ty} created:{from}..{to}");
            let mut with = Query::parse(&q);
            for (name, value) in std::mem::take(&mut with.fields) {
                let kind = if name == "type" { FacetKind::Words } else { FacetKind::Date };
                with.narrow(facets::filter(&name, kind, &value).unwrap());
            }
            let t = Instant::now();
            portico_search::search(&db, &scope, &["file"], &with, 20).await.unwrap();
            filtered.push(t.elapsed().as_secs_f64() * 1000.0);
            let (lo, hi) = (year * 10_000 + 300, year * 10_000 + 899);
            let t = Instant::now();
            baseline(&db, ws, &w, ty, lo, hi).await;
            joined.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        out.insert(
            class.into(),
            serde_json::json!({"words": percentiles(alone), "facets": percentiles(filtered), "join": percentiles(joined)}),
        );
    }
    out.insert("documents".into(), n.into());
    out.insert("write_s".into(), write_s.into());
    println!("{}", serde_json::Value::Object(out));
}

/// The same filters applied after the text match, by a join to a table of their values.
async fn baseline(db: &Db, ws: portico_kernel::WorkspaceId, w: &str, ty: &str, lo: i64, hi: i64) {
    let sql = match db.backend() {
        Backend::Sqlite => {
            "SELECT d.record_id FROM search_fts CROSS JOIN search_docs d ON d.rowid = search_fts.rowid
             JOIN bench_facets f ON f.record_id = d.record_id
             WHERE search_fts MATCH $1 AND d.workspace_id = $2 AND f.type = $3 AND f.day BETWEEN $4 AND $5
             ORDER BY bm25(search_fts, 10.0, 1.0, 0.0) LIMIT 20"
        }
        Backend::Postgres => {
            "SELECT d.record_id FROM search_docs d JOIN bench_facets f ON f.record_id = d.record_id, to_tsquery('simple', $1) q
             WHERE d.tsv @@ q AND d.workspace_id = $2 AND f.type = $3 AND f.day BETWEEN $4 AND $5
             ORDER BY ts_rank(d.tsv, q) DESC LIMIT 20"
        }
    };
    let text = match db.backend() {
        Backend::Sqlite => {
            format!("scope : w{} AND scope : (tfile) AND {{title body}} : (\"{w}\"*)", ws.as_uuid().simple())
        }
        Backend::Postgres => format!("{w}:*"),
    };
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(text)
        .bind(ws.to_db())
        .bind(ty.to_string())
        .bind(lo)
        .bind(hi)
        .fetch_all(db.pool())
        .await
        .unwrap();
}
