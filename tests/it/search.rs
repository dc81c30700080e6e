use portico_authz::Scope;
use portico_kernel::{Action, Module, Permission, UnitId};
use portico_search::Doc;

use crate::support::{authz_of, world};

async fn put(db: &portico_db::Db, ws: portico_kernel::WorkspaceId, id: &str, unit: UnitId, title: &str, body: &str) {
    let mut tx = db.begin().await.unwrap();
    let doc = Doc { workspace: ws, record_type: "file", record_id: id.into(), unit: Some(unit), title, body };
    portico_search::put(&mut tx, &doc).await.unwrap();
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
    let view = Permission::new(Module::Core, Action::View);
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
