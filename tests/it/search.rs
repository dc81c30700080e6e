use portico_authz::Scope;
use portico_kernel::perm;
use portico_kernel::{Permission, UnitId};
use portico_search::Doc;

use crate::support::{authz_of, world};

async fn put(db: &portico_db::Db, ws: portico_kernel::WorkspaceId, id: &str, unit: UnitId, title: &str, body: &str) {
    let mut tx = db.begin().await.unwrap();
    let doc = Doc {
        workspace: ws,
        record_type: "file",
        record_id: id.into(),
        unit: Some(unit),
        title,
        body,
        facets: Vec::new(),
    };
    portico_search::put(&mut tx, &[doc]).await.unwrap();
    tx.commit().await.unwrap();
}

async fn find(
    db: &portico_db::Db,
    scope: &Scope,
    kinds: &[&str],
    q: &str,
) -> Result<Vec<portico_search::Hit>, portico_kernel::AppError> {
    portico_search::search(db, scope, kinds, &portico_search::Query::parse(q), 10).await
}

fn ids(hits: &[portico_search::Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.record_id.as_str()).collect()
}

db_test!(async fn accents_prefixes_ranking_and_scope(db) {
    let w = world(&db, "Acme").await;
    let other = world(&db, "Other").await;
    put(&db, w.ws, "a", w.lille, "Développeuse Rust", "Expérience à Lyon, Zagreb").await;
    put(&db, w.ws, "b", w.south, "Comptable", "connaît un peu le développement et Đakovo").await;
    put(&db, other.ws, "c", other.north, "Développeur", "autre espace").await;
    let admin = authz_of(&db, w.ws, w.admin).await;
    let view = Permission::new(perm::CORE, perm::VIEW);
    let all: Scope = admin.scope(view).unwrap();
    let hits = find(&db, &all, &["file"], "DEVELOP").await.unwrap();
    assert_eq!(ids(&hits), ["a", "b"], "prefix, folded, title ranks above body; other workspace absent");
    assert_eq!(hits[0].title, "Développeuse Rust", "titles come back as written");
    assert_eq!(ids(&find(&db, &all, &["file"], "dakovo").await.unwrap()), ["b"]);
    assert_eq!(ids(&find(&db, &all, &["file"], "zagreb rust").await.unwrap()), ["a"]);
    assert!(find(&db, &all, &["file"], "\" OR 1=1 --").await.unwrap().is_empty());
    assert!(find(&db, &all, &["ticket"], "develop").await.unwrap().is_empty());

    let north = authz_of(&db, w.ws, w.north_manager).await;
    let hits = find(&db, &north.scope(view).unwrap(), &["file"], "develop").await.unwrap();
    assert_eq!(ids(&hits), ["a"], "a sibling unit's record stays hidden");

    // Re-indexing replaces; removal removes — within the writer's transaction.
    put(&db, w.ws, "a", w.lille, "Chef de projet", "").await;
    assert_eq!(ids(&find(&db, &all, &["file"], "develop").await.unwrap()), ["b"]);
    let mut tx = db.begin().await.unwrap();
    portico_search::remove(&mut tx, w.ws, "file", "b").await.unwrap();
    drop(tx); // rolled back: still indexed
    assert_eq!(ids(&find(&db, &all, &["file"], "develop").await.unwrap()), ["b"]);
});

db_test!(async fn a_long_word_finds_every_word_it_starts_however_many(db) {
    // On SQLite a word longer than the prefix indexes is written as the terms it starts,
    // or as a prefix when they are many (ADR 20): both find the same documents.
    let w = world(&db, "Acme").await;
    put(&db, w.ws, "budget", w.north, "Budget", "").await;
    put(&db, w.ws, "budgeting", w.north, "Notes", "budgeting for Zagreb").await;
    put(&db, w.ws, "budgetary", w.north, "Budgetary review", "").await;
    let many: Vec<String> = (1..=20).map(|i| format!("mountain{i}")).collect();
    put(&db, w.ws, "mountains", w.north, "Trip", &many.join(" ")).await;
    put(&db, w.ws, "mountain", w.north, "Mountain", "").await;
    let admin = authz_of(&db, w.ws, w.admin).await;
    let all: Scope = admin.scope(Permission::new(perm::CORE, perm::VIEW)).unwrap();
    let sorted = |hits: Vec<portico_search::Hit>| {
        let mut ids: Vec<String> = hits.into_iter().map(|h| h.record_id).collect();
        ids.sort();
        ids
    };
    assert_eq!(sorted(find(&db, &all, &["file"], "budget").await.unwrap()), ["budget", "budgetary", "budgeting"]);
    assert_eq!(sorted(find(&db, &all, &["file"], "budgeti zagreb").await.unwrap()), ["budgeting"]);
    assert_eq!(sorted(find(&db, &all, &["file"], "budget -budgeting").await.unwrap()), ["budget", "budgetary"]);
    assert_eq!(sorted(find(&db, &all, &["file"], "mountain").await.unwrap()), ["mountain", "mountains"], "21 words start it");
    assert_eq!(sorted(find(&db, &all, &["file"], "mountain17").await.unwrap()), ["mountains"]);
    assert!(find(&db, &all, &["file"], "budgetx").await.unwrap().is_empty(), "no word starts it");
    assert_eq!(sorted(find(&db, &all, &["file"], "budget -zzzzzz").await.unwrap()), ["budget", "budgetary", "budgeting"]);
    // A word another workspace alone has finds nothing here.
    let other = world(&db, "Other").await;
    put(&db, other.ws, "x", other.north, "Budgetless", "").await;
    assert!(find(&db, &all, &["file"], "budgetless").await.unwrap().is_empty());
});

db_test!(async fn a_word_in_more_documents_than_a_page_still_ranks_the_best_first(db) {
    // More matches than a page: both engines answer from the newest documents (ADR 0013),
    // which must still rank by the words and keep to the caller's units.
    let w = world(&db, "Acme").await;
    put(&db, w.ws, "oldest", w.lille, "Budget 2027", "").await;
    for i in 0..15 {
        put(&db, w.ws, &format!("n{i:02}"), w.south, &format!("Note {i}"), "le budget du trimestre").await;
    }
    let admin = authz_of(&db, w.ws, w.admin).await;
    let view = Permission::new(perm::CORE, perm::VIEW);
    let hits = find(&db, &admin.scope(view).unwrap(), &["file"], "budget").await.unwrap();
    assert_eq!(hits.len(), 10, "a full page");
    assert_eq!(hits[0].record_id, "oldest", "the title match ranks first though written first");
    // Many more newer matches in another unit: the admin gets a page of them; a manager of
    // the north, who sees none of them, still finds the old one.
    let titles: Vec<(String, String)> =
        (0..portico_search::CANDIDATES).map(|i| (format!("m{i:05}"), format!("Note {i}"))).collect();
    let notes: Vec<Doc> = titles
        .iter()
        .map(|(id, title)| Doc {
            workspace: w.ws,
            record_type: "file",
            record_id: id.clone(),
            unit: Some(w.south),
            title,
            body: "le budget du trimestre",
            facets: Vec::new(),
        })
        .collect();
    let mut tx = db.begin().await.unwrap();
    for batch in notes.chunks(1000) {
        portico_search::put(&mut tx, batch).await.unwrap();
    }
    tx.commit().await.unwrap();
    assert_eq!(find(&db, &admin.scope(view).unwrap(), &["file"], "budget").await.unwrap().len(), 10);
    let north = authz_of(&db, w.ws, w.north_manager).await;
    let hits = find(&db, &north.scope(view).unwrap(), &["file"], "budget").await.unwrap();
    assert_eq!(ids(&hits), ["oldest"], "another unit's newer matches neither show nor hide it");
});

db_test!(async fn a_filtered_word_is_found_among_the_newest_documents_or_else_in_all_of_them(db) {
    // With filters, PostgreSQL first reads the newest documents (ADR 0018); when they hold no
    // match, the older ones are still found. SQLite answers the same from FTS5.
    let w = world(&db, "Acme").await;
    let admin = authz_of(&db, w.ws, w.admin).await;
    let all: Scope = admin.scope(Permission::new(perm::CORE, perm::VIEW)).unwrap();
    let write = async |docs: Vec<(String, String, &'static str, &'static str)>| {
        let docs: Vec<Doc> = docs
            .iter()
            .map(|(id, title, body, facet)| Doc {
                workspace: w.ws,
                record_type: "file",
                record_id: id.clone(),
                unit: Some(w.south),
                title,
                body,
                facets: vec![facet.to_string()],
            })
            .collect();
        let mut tx = db.begin().await.unwrap();
        for batch in docs.chunks(500) {
            portico_search::put(&mut tx, batch).await.unwrap();
        }
        tx.commit().await.unwrap();
    };
    let budget_in = |color: &'static str| {
        let mut q = portico_search::Query::parse("budget");
        q.filters.push(vec![format!("fxcolor{color}")]);
        q
    };
    write(vec![("old".into(), "Budget ancien".into(), "", "fxcolorred")]).await;
    let newer = 4 * portico_search::CANDIDATES as usize + 100;
    write((0..newer).map(|i| (format!("n{i:05}"), format!("Note {i}"), "le budget", "fxcolorblue")).collect()).await;
    let hits = portico_search::search(&db, &all, &["file"], &budget_in("red"), 10).await.unwrap();
    assert_eq!(ids(&hits), ["old"], "an old match behind many newer documents is found");
    write((0..15).map(|i| (format!("r{i:02}"), format!("Rouge {i}"), "le budget", "fxcolorred")).collect()).await;
    write(vec![("rtitle".into(), "Budget rouge".into(), "", "fxcolorred")]).await;
    let hits = portico_search::search(&db, &all, &["file"], &budget_in("red"), 10).await.unwrap();
    assert_eq!(hits.len(), 10, "a full page of the newest matches");
    assert!(ids(&hits).iter().all(|id| id.starts_with('r') || *id == "old"), "only red documents: {hits:?}");
    assert!(["rtitle", "old"].contains(&hits[0].record_id.as_str()), "a title match ranks first: {hits:?}");
});

db_test!(async fn a_filtered_search_reads_the_newest_stretches_first_and_still_finds_older_matches(db) {
    // On PostgreSQL, past the newest documents, GIN is asked for the matches of the newest
    // stretches of documents (ADR 21) before all of them; the answer is the same newest
    // matches either way, and the same on SQLite.
    let w = world(&db, "Acme").await;
    let admin = authz_of(&db, w.ws, w.admin).await;
    let all: Scope = admin.scope(Permission::new(perm::CORE, perm::VIEW)).unwrap();
    let write = async |prefix: &str, n: usize, color: &str| {
        let docs: Vec<(String, String)> = (0..n).map(|i| (format!("{prefix}{i:05}"), format!("fxcolor{color}"))).collect();
        let docs: Vec<Doc> = docs
            .iter()
            .map(|(id, facet)| Doc {
                workspace: w.ws,
                record_type: "file",
                record_id: id.clone(),
                unit: Some(w.south),
                title: "Note",
                body: "le budget",
                facets: vec![facet.clone()],
            })
            .collect();
        let mut tx = db.begin().await.unwrap();
        for batch in docs.chunks(500) {
            portico_search::put(&mut tx, batch).await.unwrap();
        }
        tx.commit().await.unwrap();
    };
    // Documents written later fall in a later stretch (65,536 documents each).
    let skip_stretches = async |to: i64| {
        if db.backend() == portico_db::Backend::Postgres {
            let sql = format!("ALTER TABLE search_docs ALTER COLUMN seq RESTART WITH {}", to << 16);
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(db.pool()).await.unwrap();
        }
    };
    let mut red = portico_search::Query::parse("budget");
    red.filters.push(vec!["fxcolorred".into()]);
    let wanted = portico_search::CANDIDATES;
    let newest = 4 * wanted as usize + 100;
    write("old", 600, "red").await;
    skip_stretches(5).await;
    write("blue", newest, "blue").await;
    let hits = portico_search::search(&db, &all, &["file"], &red, wanted).await.unwrap();
    assert_eq!(hits.len(), wanted as usize, "the older matches, none in the newest stretches");
    assert!(hits.iter().all(|h| h.record_id.starts_with("old")));
    skip_stretches(9).await;
    write("new", 600, "red").await;
    write("top", newest, "blue").await;
    let hits = portico_search::search(&db, &all, &["file"], &red, wanted).await.unwrap();
    assert_eq!(hits.len(), wanted as usize);
    assert!(hits.iter().all(|h| h.record_id.starts_with("new")), "the newest matches, from the newest stretches alone");
    if db.backend() == portico_db::Backend::Postgres {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM search_docs WHERE tsv @@ to_tsquery('simple', 'f0r9')")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(n, 600 + newest as i64, "each vector names its stretch");
    }
});

db_test!(async fn global_search_covers_every_searchable_kind_and_reindex_rebuilds_them(db) {
    let w = world(&db, "Acme").await;
    let s = crate::support::server(&db).await;
    let admin = crate::support::token_for(&db, w.ws, w.admin).await;
    let member = crate::support::token_for(&db, w.ws, w.south_member).await;
    let c = crate::support::api();
    let found = |token: String, q: &'static str| {
        let (c, url) = (c.clone(), s.url(&format!("/api/v1/search?q={q}")));
        async move {
            let v: serde_json::Value = c.get(url).bearer_auth(token).send().await.unwrap().json().await.unwrap();
            v["items"].as_array().unwrap().iter().map(|h| (h["record_type"].as_str().unwrap().to_string(), h["title"].as_str().unwrap().to_string())).collect::<Vec<_>>()
        }
    };
    assert_eq!(found(admin.clone(), "lille").await, [("unit".to_string(), "Lille".to_string())], "units are found");
    assert_eq!(found(admin.clone(), "manager").await, [("user".to_string(), "manager.north@acme.test".to_string())], "people are found");
    // A member of South sees South and themselves, not North's unit or people.
    assert!(found(member.clone(), "lille").await.is_empty());
    assert!(found(member.clone(), "manager").await.is_empty());
    assert_eq!(found(member.clone(), "member.south").await.len(), 1);
    assert_eq!(found(member.clone(), "south").await.iter().filter(|(k, _)| k == "unit").count(), 1);

    // Re-indexing rebuilds every searchable kind from its records.
    sqlx::query("DELETE FROM search_docs").execute(db.pool()).await.unwrap();
    if db.backend() == portico_db::Backend::Sqlite {
        sqlx::query("DELETE FROM search_fts").execute(db.pool()).await.unwrap();
    }
    assert!(found(admin.clone(), "lille").await.is_empty());
    let r = c.post(s.url("/api/v1/search/reindex")).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(r.status(), 202);
    s.worker().run_until_idle().await.unwrap();
    assert_eq!(found(admin.clone(), "lille").await.len(), 1);
    assert_eq!(found(admin.clone(), "manager").await.len(), 1);
    // Again, over documents already indexed: each replaced, none twice; on SQLite the bulk
    // write's settings are undone (ADR 0018).
    let r = c.post(s.url("/api/v1/search/reindex")).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(r.status(), 202);
    s.worker().run_until_idle().await.unwrap();
    assert_eq!(found(admin.clone(), "lille").await.len(), 1);
    if db.backend() == portico_db::Backend::Sqlite {
        let (merge,): (i64,) = sqlx::query_as("SELECT v FROM search_fts_config WHERE k = 'automerge'")
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(merge, 4, "FTS5 merges as it goes again");
    }
});

/// The titles `q` finds for `token`, sorted.
async fn titles(s: &crate::support::Server, token: &str, q: &str) -> Vec<String> {
    let r =
        crate::support::api().get(s.url("/api/v1/search")).query(&[("q", q)]).bearer_auth(token).send().await.unwrap();
    assert_eq!(r.status(), 200, "{q}");
    let v: serde_json::Value = r.json().await.unwrap();
    let mut t: Vec<String> =
        v["items"].as_array().unwrap().iter().map(|h| h["title"].as_str().unwrap().to_string()).collect();
    t.sort();
    t
}

db_test!(async fn phrases_exclusions_and_facet_filters_narrow_what_is_found(db) {
    let w = world(&db, "Acme").await;
    let s = crate::support::server(&db).await;
    let admin = crate::support::token_for(&db, w.ws, w.admin).await;
    let c = crate::support::api();
    let contact = |name: &'static str, company: &'static str, unit: UnitId| {
        let body = serde_json::json!({"name": name, "company": company, "unit_id": unit.to_string()});
        let r = c.post(s.url("/api/v1/contacts")).bearer_auth(&admin).json(&body).send();
        async move { assert_eq!(r.await.unwrap().status(), 201) }
    };
    contact("Ana Horvat", "Acme d.o.o.", w.north).await;
    contact("Horvat Ana", "Initech", w.lille).await;
    contact("Ana Kovač", "Globex", w.south).await;
    contact("Budget Office", "Globex", w.south).await;
    let upload = |name: &'static str, bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .text("unit_id", w.north.to_string())
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name));
        let r = c.post(s.url("/api/v1/files")).bearer_auth(&admin).multipart(form).send();
        async move { r.await.unwrap().json::<serde_json::Value>().await.unwrap()["id"].as_str().unwrap().to_string() }
    };
    let pdf = upload("budget.pdf", b"%PDF-1.4\n% budget\n".to_vec()).await;
    let txt = upload("budget.txt", "budget line\n".repeat(500).into_bytes()).await;
    let q = |text: &'static str| titles(&s, &admin, text);

    assert_eq!(q("ana").await, ["Ana Horvat", "Ana Kovač", "Horvat Ana"]);
    assert_eq!(q("\"ana horvat\"").await, ["Ana Horvat"], "a phrase keeps its order");
    assert_eq!(q("ana -kovac").await, ["Ana Horvat", "Horvat Ana"], "a word left out, accents folded");
    assert_eq!(q("ana company:acme").await, ["Ana Horvat"]);
    assert_eq!(q("ana unit:North").await, ["Ana Horvat", "Horvat Ana"], "a unit by name, with the units under it");
    assert_eq!(q("ana unit:lille").await, ["Horvat Ana"]);
    assert_eq!(titles(&s, &admin, &format!("ana unit:{}", w.south)).await, ["Ana Kovač"], "a unit by id");
    assert_eq!(q("budget").await, ["Budget Office", "budget.pdf", "budget.txt"]);
    assert_eq!(q("budget kind:file").await, ["budget.pdf", "budget.txt"]);
    assert_eq!(q("kind:contact budget").await, ["Budget Office"]);
    assert_eq!(q("budget type:pdf").await, ["budget.pdf"]);
    assert_eq!(q("type:text").await, ["budget.txt"], "filters alone");
    assert_eq!(q("budget size:>1000").await, ["budget.txt"]);
    assert_eq!(q("budget size:<=1000").await, ["budget.pdf"]);
    assert_eq!(q("budget size:10..100").await, ["budget.pdf"]);
    assert!(q("budget size:1000000..").await.is_empty());
    // Read as having a size and none of the few below 1: a contact has no size.
    assert_eq!(q("budget size:>=1").await, ["budget.pdf", "budget.txt"], "what has no size is not at least 1");
    assert_eq!(q("ana colour:blue").await, Vec::<String>::new(), "an unknown filter is searched as words");

    // Dates, as re-indexing reads them.
    for (id, at) in [(&pdf, "2025-03-15T10:00:00Z"), (&txt, "2026-11-20T10:00:00Z")] {
        let micros = chrono::DateTime::parse_from_rfc3339(at).unwrap().timestamp_micros();
        sqlx::query("UPDATE files SET created_at = $1 WHERE id = $2").bind(micros).bind(id.clone()).execute(db.pool()).await.unwrap();
    }
    assert_eq!(c.post(s.url("/api/v1/search/reindex")).bearer_auth(&admin).send().await.unwrap().status(), 202);
    s.worker().run_until_idle().await.unwrap();
    assert_eq!(q("budget created:2025").await, ["budget.pdf"]);
    assert_eq!(q("budget created:2026-11").await, ["budget.txt"]);
    assert_eq!(q("created:2025-01..2025-06 budget").await, ["budget.pdf"]);
    assert_eq!(q("budget created:>2025-12-31").await, ["Budget Office", "budget.txt"], "the contact, made today, too");
    assert_eq!(q("budget created:<2026-11-20").await, ["budget.pdf"]);
    assert!(q("budget created:2030").await.is_empty());
    assert_eq!(q("budget created:2026-13").await, Vec::<String>::new(), "a date that is none is searched as words");

    // Filters never widen what one may see.
    let member = crate::support::token_for(&db, w.ws, w.south_member).await;
    assert!(titles(&s, &member, "ana company:acme").await.is_empty());
    assert!(titles(&s, &member, "ana unit:North").await.is_empty());
    assert_eq!(titles(&s, &member, "ana").await, ["Ana Kovač"]);
});

db_test!(async fn no_input_breaks_search(db) {
    let w = world(&db, "Acme").await;
    let s = crate::support::server(&db).await;
    let admin = crate::support::token_for(&db, w.ws, w.admin).await;
    let mut inputs: Vec<String> = [
        "\"", "\"\"", "-", "--", "-\"", ":", "::", "a:", ":b", "a:\"", "NOT", "AND OR NOT", "NEAR(a b)", "a*", "*", "^a",
        "title:x", "{title}:x", "scope:x", "size:>", "size:>>1", "size:99999999999999999999", "size:-5", "created:..",
        "created:2026-02-30", "unit:", "kind:", "kind:''", "a & b | !c", "a <-> b", "a:*", "(a", "a)", "'", "\\", "%_",
        "x\u{0}y", "ž\u{301}", "🙂:🙂", "-type:pdf", "\"a\" -\"b c\" d:e",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // And a few hundred made of syntax characters and words, from a fixed seed.
    let pieces = ["\"", "-", ":", "*", "(", ")", "..", ">", "<=", "a", "ana", "type", "size", "created", "unit", "kind", "NOT", " ", " ", "1", "2026-01", "ž", "'", "^", "{", "}"];
    let mut seed: u64 = 0x5eed;
    for _ in 0..300 {
        let mut q = String::new();
        for _ in 0..(seed % 12) {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            q.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        inputs.push(q);
    }
    for q in &inputs {
        titles(&s, &admin, q).await;
    }
});
