use portico_authz::Scope;
use portico_kernel::perm;
use portico_kernel::{Permission, UnitId};
use portico_search::Doc;

use crate::support::{authz_of, world};

async fn put(db: &portico_db::Db, ws: portico_kernel::WorkspaceId, id: &str, unit: UnitId, title: &str, body: &str) {
    let mut tx = db.begin().await.unwrap();
    let doc = Doc { workspace: ws, record_type: "file", record_id: id.into(), unit: Some(unit), title, body };
    portico_search::put(&mut tx, &[doc]).await.unwrap();
    tx.commit().await.unwrap();
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
    let hits = portico_search::search(&db, &all, &["file"], "DEVELOP", 10).await.unwrap();
    assert_eq!(ids(&hits), ["a", "b"], "prefix, folded, title ranks above body; other workspace absent");
    assert_eq!(hits[0].title, "Développeuse Rust", "titles come back as written");
    assert_eq!(ids(&portico_search::search(&db, &all, &["file"], "dakovo", 10).await.unwrap()), ["b"]);
    assert_eq!(ids(&portico_search::search(&db, &all, &["file"], "zagreb rust", 10).await.unwrap()), ["a"]);
    assert!(portico_search::search(&db, &all, &["file"], "\" OR 1=1 --", 10).await.unwrap().is_empty());
    assert!(portico_search::search(&db, &all, &["ticket"], "develop", 10).await.unwrap().is_empty());

    let north = authz_of(&db, w.ws, w.north_manager).await;
    let hits = portico_search::search(&db, &north.scope(view).unwrap(), &["file"], "develop", 10).await.unwrap();
    assert_eq!(ids(&hits), ["a"], "a sibling unit's record stays hidden");

    // Re-indexing replaces; removal removes — within the writer's transaction.
    put(&db, w.ws, "a", w.lille, "Chef de projet", "").await;
    assert_eq!(ids(&portico_search::search(&db, &all, &["file"], "develop", 10).await.unwrap()), ["b"]);
    let mut tx = db.begin().await.unwrap();
    portico_search::remove(&mut tx, w.ws, "file", "b").await.unwrap();
    drop(tx); // rolled back: still indexed
    assert_eq!(ids(&portico_search::search(&db, &all, &["file"], "develop", 10).await.unwrap()), ["b"]);
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
});
