//! CV library benchmark: `N` candidates (default 1 000 000) over 20 units, each with the text
//! of a made-up CV (`portico_testkit::cv::plain`, in English or French, with a line of projects
//! drawn from a Zipf vocabulary of 20 000 made-up words for a long tail) and the profile the
//! parser fills from it (skills, languages, location, positions and their years). The rows
//! are written straight to the tables, a thousand to a transaction; the search documents are
//! then made by the platform's own reindex, from the candidate kind's search spec.
//!
//! Then the candidates list as its page and API run it (`candidates::store::list`, 50 to a
//! page, as the workspace's owner), for a skill found in many CVs, a word in some and a word
//! in few, each after a few searches not measured:
//! - the words alone;
//! - the words and two filters: a language and at least some years of experience;
//! - the baseline: the same search as the list ran it before the index (the words as a part
//!   of the profile or of the CV text, the same filters in SQL), a few queries only.
//!
//! Prints one JSON object. `bench_candidates DATABASE_URL [N]`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use install::install;
use percentiles::percentiles;
use portico_db::Db;
use portico_kernel::{Actor, Clock, PageRequest, SystemClock};
use portico_recruit::candidates::store::{self, CandidateFilter};
use portico_testkit::Rng;
use serde_json::Value;
use units::agencies;
use words::{Zipf, word};

#[path = "support/install.rs"]
mod install;
#[path = "support/percentiles.rs"]
mod percentiles;
#[path = "support/units.rs"]
mod units;
#[path = "support/words.rs"]
mod words;

const VOCABULARY: usize = 20_000;
const PROJECT_WORDS: usize = 30;
const QUERIES: usize = 40;
const WARM_UP: usize = 5;
const BASELINE_QUERIES: usize = 3;
const SKILLS: [&str; 8] = ["excel", "python", "salesforce", "java", "docker", "sql", "scrum", "photoshop"];

/// A word to search for: a skill found in many CVs, a word in some, or a word in few.
fn query_word(class: &str, rng: &mut Rng) -> String {
    match class {
        "common" => SKILLS[rng.below(SKILLS.len())].to_string(),
        "middling" => word(200 + rng.below(800)),
        _ => word(5_000 + rng.below(15_000)),
    }
}

struct Person {
    id: String,
    contact: String,
    unit: String,
    name: String,
    email: String,
    phone: String,
    headline: String,
    location: String,
    skills: String,
    languages: String,
    experience: String,
    years: i64,
    text: String,
    at: i64,
}

fn person(i: usize, n: usize, zipf: &Zipf, rng: &mut Rng, units: &[String], now: i64) -> Person {
    let (cv, label) = portico_testkit::cv::plain(i);
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let list = |v: &Value| v.as_array().map(|a| a.iter().map(s).collect::<Vec<_>>().join(", ")).unwrap_or_default();
    let positions: Vec<portico_recruit::cv::Position> =
        serde_json::from_value(label["experience"].clone()).unwrap_or_default();
    let experience = positions.iter().map(portico_recruit::cv::Position::line).collect::<Vec<_>>().join("\n");
    let projects: Vec<String> = (0..PROJECT_WORDS).map(|_| word(zipf.draw(rng))).collect();
    // Added over the last three years, in order (ids are made in the same order).
    let span = 3 * 365 * 86_400_000_000i64;
    Person {
        id: uuid::Uuid::now_v7().to_string(),
        contact: uuid::Uuid::now_v7().to_string(),
        unit: units[i % units.len()].clone(),
        name: s(&label["name"]),
        email: format!("c{i}.{}", s(&label["email"])),
        phone: s(&label["phone"]),
        headline: positions.first().map(|p| p.title.clone()).unwrap_or_default(),
        location: s(&label["location"]),
        skills: list(&label["skills"]),
        languages: list(&label["languages"]),
        years: portico_recruit::candidates::experience::years(&experience, now),
        experience,
        text: format!("{cv}\nProjects: {}", projects.join(" ")),
        at: now - span + span / n as i64 * i as i64,
    }
}

async fn write(db: &Db, ws: &str, people: &[Person]) {
    let mut tx = db.begin().await.unwrap();
    let b = db.backend();
    let sql = format!(
        "INSERT INTO contacts (id, workspace_id, unit_id, name, email, phone, created_at, updated_at) VALUES {}",
        b.value_groups(people.len(), 8, 1)
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in people {
        q = q.bind(&p.contact).bind(ws).bind(&p.unit).bind(&p.name).bind(&p.email).bind(&p.phone).bind(p.at).bind(p.at);
    }
    q.execute(&mut *tx).await.unwrap();
    let sql = format!(
        "INSERT INTO recruit_candidates (id, workspace_id, unit_id, contact_id, headline, location, links, skills, languages,
            experience, education, experience_years, tags, created_at, updated_at) VALUES {}",
        b.value_groups(people.len(), 15, 1)
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in people {
        q = q
            .bind(&p.id)
            .bind(ws)
            .bind(&p.unit)
            .bind(&p.contact)
            .bind(&p.headline)
            .bind(&p.location)
            .bind("")
            .bind(&p.skills)
            .bind(&p.languages)
            .bind(&p.experience)
            .bind("")
            .bind(p.years)
            .bind("")
            .bind(p.at)
            .bind(p.at);
    }
    q.execute(&mut *tx).await.unwrap();
    let sql = format!(
        "INSERT INTO recruit_documents (id, workspace_id, unit_id, candidate_id, contact_id, filename, content_type,
            size_bytes, sha256, extraction, text, created_at) VALUES {}",
        b.value_groups(people.len(), 12, 1)
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for p in people {
        q = q
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(ws)
            .bind(&p.unit)
            .bind(&p.id)
            .bind(&p.contact)
            .bind("cv.pdf")
            .bind("application/pdf")
            .bind(p.text.len() as i64)
            .bind(format!("{:064x}", p.at))
            .bind("done")
            .bind(&p.text)
            .bind(p.at);
    }
    q.execute(&mut *tx).await.unwrap();
    tx.commit().await.unwrap();
}

struct Quiet;
impl portico_db::Progress for Quiet {
    fn report(&self, _: i64, _: i64) -> portico_db::BoxFuture<'_, Result<(), portico_kernel::AppError>> {
        Box::pin(async { Ok(()) })
    }
}

#[tokio::main]
async fn main() {
    let url = std::env::args().nth(1).expect("database URL");
    let n: usize = std::env::args().nth(2).map(|s| s.parse().expect("a count")).unwrap_or(1_000_000);
    let (db, suite, created) = install(&url, "CV library", "cv@bench.test").await;
    let ws = created.workspace;
    let units: Vec<String> = agencies(&db, &created, "Agency", 20).await.iter().map(|u| u.to_db()).collect();
    let clock = SystemClock;

    let zipf = Zipf::new(VOCABULARY);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let now = clock.now_micros();
    let mut languages = std::collections::BTreeSet::new();
    let t0 = Instant::now();
    for chunk in 0..n.div_ceil(1000) {
        let people: Vec<Person> =
            (chunk * 1000..((chunk + 1) * 1000).min(n)).map(|i| person(i, n, &zipf, &mut rng, &units, now)).collect();
        if chunk == 0 {
            languages.extend(people.iter().flat_map(|p| p.languages.split(", ").map(str::to_string)));
        }
        write(&db, &ws.to_db(), &people).await;
    }
    let write_s = t0.elapsed().as_secs_f64();
    // As after any bulk load (and daily), so that the planner knows the tables' sizes.
    db.analyze().await.unwrap();
    let t0 = Instant::now();
    portico_search::reindex_workspace(&db, &suite.platform.registry, ws, &Quiet).await.unwrap();
    let index_s = t0.elapsed().as_secs_f64();
    db.analyze().await.unwrap();

    let owner = Actor::User { id: created.owner, label: String::new() };
    let authz = portico_authz::store::load_authz(db.pool(), ws, owner).await.unwrap();
    let scope = authz.scope(portico_recruit::VIEW).unwrap();
    let languages: Vec<String> = languages.into_iter().filter(|l| !l.is_empty()).collect();
    let page = PageRequest::first(50);
    let mut out = serde_json::Map::new();
    for class in ["common", "middling", "rare"] {
        // A few searches first, not measured: the pages the index reads for them were last
        // written, not read, by the bulk load (a server that has been searching holds them).
        for _ in 0..WARM_UP {
            let w = query_word(class, &mut rng);
            store::list(&db, &scope, &page, CandidateFilter { q: Some(&w), ..Default::default() }).await.unwrap();
        }
        let (mut alone, mut filtered, mut before, mut found) = (Vec::new(), Vec::new(), Vec::new(), 0usize);
        for k in 0..QUERIES {
            let w = query_word(class, &mut rng);
            let t = Instant::now();
            store::list(&db, &scope, &page, CandidateFilter { q: Some(&w), ..Default::default() }).await.unwrap();
            alone.push(t.elapsed().as_secs_f64() * 1000.0);
            let language = &languages[k % languages.len()];
            let years = [2, 5, 8][k % 3];
            let f = CandidateFilter {
                q: Some(&w),
                language: Some(language),
                experience: Some(years),
                ..Default::default()
            };
            let t = Instant::now();
            found += store::list(&db, &scope, &page, f).await.unwrap().items.len();
            filtered.push(t.elapsed().as_secs_f64() * 1000.0);
            if k < BASELINE_QUERIES {
                let t = Instant::now();
                baseline(&db, &ws.to_db(), &w, language, years).await;
                before.push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }
        out.insert(
            class.into(),
            serde_json::json!({"words": percentiles(alone), "filters": percentiles(filtered),
                "baseline": percentiles(before), "found_per_query": found / QUERIES}),
        );
    }
    out.insert("candidates".into(), n.into());
    out.insert("write_s".into(), write_s.into());
    out.insert("index_s".into(), index_s.into());
    println!("{}", Value::Object(out));
}

/// The list's search before the index: the words as a part of the profile, the address or the
/// CV text, and the same two filters, newest first.
async fn baseline(db: &Db, ws: &str, w: &str, language: &str, years: i64) {
    sqlx::query(
        "SELECT k.id FROM recruit_candidates k JOIN contacts c ON c.id = k.contact_id WHERE k.workspace_id = $1
         AND (lower(c.name) LIKE $2 OR lower(COALESCE(c.email, '')) LIKE $2 OR lower(k.headline) LIKE $2
              OR lower(k.location) LIKE $2 OR lower(k.skills) LIKE $2
              OR EXISTS (SELECT 1 FROM recruit_documents d WHERE d.candidate_id = k.id AND lower(COALESCE(d.text, '')) LIKE $2))
         AND lower(k.languages) LIKE $3 AND k.experience_years >= $4 ORDER BY k.id DESC LIMIT 51",
    )
    .bind(ws.to_string())
    .bind(portico_db::contains_pattern(w))
    .bind(portico_db::contains_pattern(language))
    .bind(years)
    .fetch_all(db.pool())
    .await
    .unwrap();
}
