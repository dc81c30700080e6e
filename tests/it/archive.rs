//! Archives: a workspace exported and imported again is the same to the byte, on either
//! database and across them; a copy lands beside its original; a damaged or foreign archive
//! is refused with a reason and leaves the target as it was; a backup taken while people
//! write restores whole.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use portico_archive::{Manifest, Mode, Selection};
use portico_db::{Backend, BoxFuture, Db, Progress};
use portico_files::BlobStore;
use portico_kernel::{AppError, WorkspaceId};
use portico_testkit::TestDb;
use sha2::{Digest, Sha256};

use crate::support::{install, suite, world};

/// Records what an export or import reported, to check it reaches its total.
#[derive(Default)]
struct Seen(Mutex<Vec<(i64, i64)>>);

impl Progress for Seen {
    fn report(&self, done: i64, total: i64) -> BoxFuture<'_, Result<(), AppError>> {
        self.0.lock().unwrap().push((done, total));
        Box::pin(async { Ok(()) })
    }
}

impl Seen {
    fn finished(&self) -> bool {
        let seen = self.0.lock().unwrap();
        let rising = seen.windows(2).all(|w| w[0].0 <= w[1].0);
        rising && seen.last().is_some_and(|(done, total)| done == total && *total > 0)
    }
}

/// A place of its own: a blob store and a directory for archives.
struct Place {
    dir: PathBuf,
    blobs: BlobStore,
}

fn place() -> Place {
    let dir = std::env::temp_dir().join(format!("portico-archive-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let blobs = BlobStore::new(&dir);
    Place { dir, blobs }
}

impl Drop for Place {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The demo (units, people, roles, fields, files) and a second workspace beside it.
async fn populated(db: &Db, at: &Place) -> WorkspaceId {
    let settings = portico_config::Settings { data_dir: at.dir.clone(), ..Default::default() };
    suite().seed_demos(db, &settings).await.unwrap();
    world(db, "Other").await;
    let all = portico_authz::store::list_workspaces(db.pool()).await.unwrap();
    all.iter().find(|w| w.slug == "maison-lumiere").unwrap().id.parse().unwrap()
}

async fn empty(backend: Backend) -> TestDb {
    let t = TestDb::new(backend).await;
    install(&t.db).await;
    t
}

async fn export(db: &Db, at: &Place, what: Selection, name: &str) -> (PathBuf, Manifest) {
    let path = at.dir.join(name);
    let seen = Seen::default();
    let m = portico_archive::export(db, &suite().platform, &at.blobs, what, &path, &seen).await.unwrap();
    assert!(seen.finished(), "the export's progress reaches its total: {:?}", seen.0.lock().unwrap());
    (path, m)
}

async fn import(db: &Db, at: &Place, path: &Path, mode: Mode) -> Result<portico_archive::import::Report, AppError> {
    portico_archive::import(db, &suite().platform, &at.blobs, path, mode, &Seen::default()).await
}

/// Rows per table, and files stored: what "untouched" is checked against.
async fn counts(db: &Db, at: &Place) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    for (_, t) in suite().platform.registry.tables() {
        let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {}", t.name)))
            .fetch_one(db.pool())
            .await
            .unwrap();
        out.push((t.name.to_string(), n));
    }
    let files = walk(&at.dir.join("blobs"));
    out.push(("blobs".into(), files as i64));
    out
}

fn walk(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries.flatten().map(|e| if e.path().is_dir() { walk(&e.path()) } else { 1 }).sum()
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// What the whole workspace's search finds for `q`.
async fn found(db: &Db, ws: WorkspaceId, q: &str) -> Vec<portico_search::Hit> {
    let sys = portico_authz::store::system_authz(db.pool(), ws, "test").await.unwrap();
    let view = portico_kernel::perm::Permission::new(portico_kernel::perm::CORE, portico_kernel::perm::VIEW);
    portico_search::search(db, &sys.scope(view).unwrap(), &["unit"], &portico_search::Query::parse(q), 10)
        .await
        .unwrap()
}

db_test!(async fn a_workspace_comes_back_byte_identical(db) {
    let at = place();
    let ws = populated(&db, &at).await;
    let (first, m) = export(&db, &at, Selection::Workspace(ws), "first.zip").await;
    assert_eq!(m.workspaces.len(), 1, "one workspace, not its neighbour");
    assert!(m.files.count >= 2 && m.rows() > 50, "the demo's records and files are in it: {m:?}");
    let kinds: Vec<&str> = m.tables.iter().map(|t| t.kind.as_str()).collect();
    for kind in ["workspace", "unit", "user", "role", "grant", "file", "custom_field", "audit_entry"] {
        assert!(kinds.contains(&kind), "{kind} is exported: {kinds:?}");
    }
    let (again, _) = export(&db, &at, Selection::Workspace(ws), "again.zip").await;
    assert_eq!(read(&first), read(&again), "an archive is a pure function of the data");

    let target = empty(db.backend()).await;
    let there = place();
    let seen = Seen::default();
    let report =
        portico_archive::import(&target.db, &suite().platform, &there.blobs, &first, Mode::AsIs, &seen).await.unwrap();
    assert!(seen.finished());
    assert_eq!(report.workspaces[0].slug, "maison-lumiere");
    // Restoring records is not doing things again: no e-mail, webhook delivery or other job
    // is queued, and the audit log holds what the archive held (compared byte for byte below).
    let (jobs,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM jobs").fetch_one(target.db.pool()).await.unwrap();
    assert_eq!(jobs, 0, "an import queues nothing");
    assert_eq!(report.files, m.files.count);
    let (back, _) = export(&target.db, &there, Selection::Workspace(ws), "back.zip").await;
    assert_eq!(read(&first), read(&back), "what came in goes out the same");

    // The imported workspace works: its owner signs in with the password they had.
    let accounts = portico_auth::users::accounts(target.db.pool(), "owner@demo.portico.test").await.unwrap();
    assert_eq!(accounts.len(), 1);
    assert!(portico_auth::password::verify(portico_core::demo::PASSWORD, accounts[0].password_hash.as_deref().unwrap()));
    // And it is found by search, which is rebuilt rather than carried.
    let hits = found(&target.db, ws, "Lyon").await;
    assert!(!hits.is_empty(), "the imported units are searchable");

    // The same archive again is refused: the workspace is already there.
    let twice = import(&target.db, &there, &first, Mode::AsIs).await.unwrap_err();
    assert!(twice.cause.unwrap_or_default().contains("--as-slug"));
    target.cleanup().await;
});

/// SQLite to PostgreSQL and back, the same bytes at each step (named as the PostgreSQL half
/// of a store test, which it needs).
mod archives_move_between_sqlite_and_postgres {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let (lite, pg, back) =
            (empty(Backend::Sqlite).await, empty(Backend::Postgres).await, empty(Backend::Sqlite).await);
        let (a, b, c) = (place(), place(), place());
        let ws = populated(&lite.db, &a).await;
        let (from_sqlite, _) = export(&lite.db, &a, Selection::Everything, "sqlite.zip").await;
        import(&pg.db, &b, &from_sqlite, Mode::AsIs).await.unwrap();
        let (from_pg, m) = export(&pg.db, &b, Selection::Everything, "pg.zip").await;
        assert_eq!(m.workspaces.len(), 2);
        assert_eq!(read(&from_sqlite), read(&from_pg), "PostgreSQL holds exactly what SQLite held");
        import(&back.db, &c, &from_pg, Mode::AsIs).await.unwrap();
        let (one, _) = export(&back.db, &c, Selection::Workspace(ws), "one.zip").await;
        let (orig, _) = export(&lite.db, &a, Selection::Workspace(ws), "orig.zip").await;
        assert_eq!(read(&one), read(&orig));
        for t in [lite, pg, back] {
            t.cleanup().await;
        }
    }
}

db_test!(async fn a_copy_lands_beside_its_original(db) {
    let at = place();
    let ws = populated(&db, &at).await;
    let (archive, m) = export(&db, &at, Selection::Workspace(ws), "ws.zip").await;
    let bad = import(&db, &at, &archive, Mode::Copy { slug: "Not A Slug!".into() }).await.unwrap_err();
    assert_eq!(bad.field.as_deref(), Some("slug"));
    let taken = import(&db, &at, &archive, Mode::Copy { slug: "other".into() }).await.unwrap_err();
    assert_eq!(taken.field.as_deref(), Some("slug"), "another workspace has that address");

    let report = import(&db, &at, &archive, Mode::Copy { slug: "lumiere-test".into() }).await.unwrap();
    let copy: WorkspaceId = report.workspaces[0].id.parse().unwrap();
    assert_ne!(copy, ws);
    assert_eq!(report.workspaces[0].slug, "lumiere-test");
    let (of_copy, cm) = export(&db, &at, Selection::Workspace(copy), "copy.zip").await;
    let rows = |m: &Manifest| m.tables.iter().map(|t| (t.kind.clone(), t.rows)).collect::<Vec<_>>();
    assert_eq!(rows(&cm), rows(&m), "every record was copied");
    assert_eq!(cm.files, m.files, "and every file");
    assert_ne!(read(&of_copy), read(&archive), "with ids of its own");
    let (original, _) = export(&db, &at, Selection::Workspace(ws), "after.zip").await;
    assert_eq!(read(&original), read(&archive), "the original is untouched");

    // The same people are in the copy, with their passwords; the original's tokens stay its own.
    let accounts = portico_auth::users::accounts(db.pool(), "owner@demo.portico.test").await.unwrap();
    assert_eq!(accounts.len(), 2);
    let in_copy = accounts.iter().find(|a| a.workspace_slug == "lumiere-test").unwrap();
    assert!(portico_auth::password::verify(portico_core::demo::PASSWORD, in_copy.password_hash.as_deref().unwrap()));
    let shared: (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM api_tokens a JOIN api_tokens b ON a.token_hash = b.token_hash AND a.id <> b.id",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    assert_eq!(shared.0, 0);
    // The copy's roll-ups are made again from its records: its reports count the same.
    let totals = |w: WorkspaceId| {
        let pool = db.pool().clone();
        async move {
            let a: (i64,) = sqlx::query_as("SELECT CAST(SUM(events) AS BIGINT) FROM rollup_activity WHERE workspace_id = $1").bind(w.to_db()).fetch_one(&pool).await.unwrap();
            let f: (i64, i64) = sqlx::query_as("SELECT CAST(SUM(files) AS BIGINT), CAST(SUM(bytes) AS BIGINT) FROM rollup_files WHERE workspace_id = $1").bind(w.to_db()).fetch_one(&pool).await.unwrap();
            let audit: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE workspace_id = $1").bind(w.to_db()).fetch_one(&pool).await.unwrap();
            (a.0, f, audit.0)
        }
    };
    let (original_totals, copy_totals) = (totals(ws).await, totals(copy).await);
    assert_eq!(copy_totals, original_totals);
    assert_eq!(copy_totals.0, copy_totals.2, "one event counted per audit entry");
    // Search sees each workspace's own records.
    let hits = found(&db, copy, "Lyon").await;
    assert!(!hits.is_empty());
    // Rules name the copy's people and units, not the original's.
    let definitions = |w: WorkspaceId| {
        let pool = db.pool().clone();
        async move {
            let rows: Vec<(String,)> = sqlx::query_as("SELECT definition FROM rules WHERE workspace_id = $1 ORDER BY name")
                .bind(w.to_db()).fetch_all(&pool).await.unwrap();
            rows.into_iter().map(|(d,)| d).collect::<Vec<_>>()
        }
    };
    let (theirs, ours) = (definitions(ws).await, definitions(copy).await);
    assert!(!theirs.is_empty() && theirs.len() == ours.len());
    let owner_of = |w: WorkspaceId| {
        let pool = db.pool().clone();
        async move {
            let (id,): (String,) = sqlx::query_as("SELECT id FROM users WHERE workspace_id = $1 AND email = 'owner@demo.portico.test'")
                .bind(w.to_db()).fetch_one(&pool).await.unwrap();
            id
        }
    };
    let (original_owner, copy_owner) = (owner_of(ws).await, owner_of(copy).await);
    assert!(theirs.iter().any(|d| d.contains(&original_owner)), "{theirs:?}");
    assert!(ours.iter().any(|d| d.contains(&copy_owner)), "{ours:?}");
    assert!(ours.iter().all(|d| !d.contains(&original_owner)), "{ours:?}");
});

/// The archive at `from`, written to `to` with `change` applied to each entry's bytes
/// (returning `None` drops the entry).
fn rewrite(from: &Path, to: &Path, change: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>) {
    let mut zin = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..zin.len() {
        let mut entry = zin.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if let Some(bytes) = change(&name, bytes) {
            zout.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
            zout.write_all(&bytes).unwrap();
        }
    }
    zout.finish().unwrap();
}

/// Change one table's lines and make the manifest agree, as a careful forger would: only
/// the database's own checks stand in the way.
fn forge(from: &Path, to: &Path, table: &str, change: impl Fn(Vec<String>) -> Vec<String>) {
    let data = format!("data/{table}.jsonl");
    let mut zin = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut text = String::new();
    zin.by_name(&data).unwrap().read_to_string(&mut text).unwrap();
    let lines = change(text.lines().map(str::to_string).collect());
    let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let sum = hex::encode(Sha256::digest(body.as_bytes()));
    rewrite(from, to, |name, bytes| {
        if name == data {
            return Some(body.clone().into_bytes());
        }
        if name == "manifest.json" {
            let mut m: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            for t in m["tables"].as_array_mut().unwrap() {
                if t["table"] == table {
                    t["rows"] = lines.len().into();
                    t["sha256"] = sum.clone().into();
                }
            }
            return Some(serde_json::to_vec(&m).unwrap());
        }
        Some(bytes)
    });
}

db_test!(async fn a_damaged_archive_is_refused_and_changes_nothing(db) {
    let at = place();
    let ws = populated(&db, &at).await;
    let (good, _) = export(&db, &at, Selection::Workspace(ws), "good.zip").await;
    let target = empty(db.backend()).await;
    let there = place();
    let before = counts(&target.db, &there).await;
    let damaged = |name: &str| at.dir.join(name);

    let bytes = read(&good);
    std::fs::write(damaged("truncated.zip"), &bytes[..bytes.len() * 2 / 3]).unwrap();
    std::fs::write(damaged("garbage.zip"), b"PK\x03\x04 not really").unwrap();
    rewrite(&good, &damaged("no-manifest.zip"), |n, b| (n != "manifest.json").then_some(b));
    rewrite(&good, &damaged("edited.zip"), |n, b| {
        Some(if n == "data/units.jsonl" { String::from_utf8(b).unwrap().replacen("Lyon", "Lyons", 1).into_bytes() } else { b })
    });
    rewrite(&good, &damaged("short.zip"), |n, b| (n != "data/grants.jsonl").then_some(b));
    rewrite(&good, &damaged("file-swapped.zip"), |n, b| Some(if n.starts_with("files/") { b"other bytes".to_vec() } else { b }));
    let newer = |field: &str| {
        let name = format!("newer-{field}.zip");
        rewrite(&good, &damaged(&name), |n, b| {
            if n != "manifest.json" {
                return Some(b);
            }
            let mut m: serde_json::Value = serde_json::from_slice(&b).unwrap();
            match field {
                "format" => m["format_version"] = 99.into(),
                _ => m["schema"][0]["version"] = (m["schema"][0]["version"].as_i64().unwrap() + 1).into(),
            }
            Some(serde_json::to_vec(&m).unwrap())
        });
        name
    };
    let newer_format = newer("format");
    let newer_schema = newer("schema");
    forge(&good, &damaged("duplicate.zip"), "units", |mut l| {
        l.push(l[1].clone());
        l
    });
    forge(&good, &damaged("dangling.zip"), "grants", |l| {
        let mut first: serde_json::Value = serde_json::from_str(&l[0]).unwrap();
        first["unit_id"] = uuid::Uuid::now_v7().to_string().into();
        let mut l = l;
        l[0] = first.to_string();
        l
    });
    let neighbour = portico_authz::store::list_workspaces(db.pool()).await.unwrap().into_iter().find(|w| w.slug == "other").unwrap().id;
    forge(&good, &damaged("foreign.zip"), "units", |l| {
        let mut first: serde_json::Value = serde_json::from_str(&l[1]).unwrap();
        first["workspace_id"] = neighbour.clone().into();
        let mut l = l;
        l[1] = first.to_string();
        l
    });
    forge(&good, &damaged("wrong-type.zip"), "users", |l| {
        let mut first: serde_json::Value = serde_json::from_str(&l[0]).unwrap();
        first["email"] = 42.into();
        let mut l = l;
        l[0] = first.to_string();
        l
    });

    for (name, says) in [
        ("truncated.zip", "truncated"),
        ("garbage.zip", "not a Portico archive"),
        ("no-manifest.zip", "no manifest"),
        ("edited.zip", "checksum"),
        ("short.zip", "lacks data/grants.jsonl"),
        ("file-swapped.zip", "does not match its hash"),
        (newer_format.as_str(), "upgrade Portico"),
        (newer_schema.as_str(), "newer Portico"),
        ("duplicate.zip", "twice in the archive"),
        ("dangling.zip", "refers to a record the archive does not have"),
        ("wrong-type.zip", "email has a value of the wrong type"),
        ("foreign.zip", "workspace_id is not a workspace of the archive"),
    ] {
        let e = import(&target.db, &there, &damaged(name), Mode::AsIs).await.expect_err(name);
        let why = e.cause.clone().unwrap_or_default();
        assert!(why.contains(says), "{name}: {why}");
        assert_eq!(counts(&target.db, &there).await, before, "{name} left nothing behind");
    }
    // After all that, the good archive still goes in whole.
    import(&target.db, &there, &good, Mode::AsIs).await.unwrap();
    target.cleanup().await;
});

db_test!(async fn a_backup_taken_while_people_write_restores_whole(db) {
    let at = place();
    populated(&db, &at).await;
    let w = world(&db, "Busy").await;
    let writer = {
        let db = db.clone();
        tokio::spawn(async move {
            let clock = portico_kernel::SystemClock;
            for i in 0..60 {
                let sys = portico_authz::store::system_authz(db.pool(), w.ws, "test").await.unwrap();
                let input = portico_core::units::service::UnitInput { name: format!("Shop {i}"), kind: "agency".into() };
                let unit = portico_core::units::service::create(&db, &clock, &sys, w.north, input).await.unwrap();
                let sys = portico_authz::store::system_authz(db.pool(), w.ws, "test").await.unwrap();
                let input = portico_core::units::service::UnitInput { name: format!("Corner {i}"), kind: "agency".into() };
                portico_core::units::service::create(&db, &clock, &sys, unit, input).await.unwrap();
            }
        })
    };
    let mut backups = Vec::new();
    for i in 0..3 {
        backups.push(export(&db, &at, Selection::Everything, &format!("backup-{i}.zip")).await);
    }
    writer.await.unwrap();
    for (path, m) in backups {
        let target = empty(db.backend()).await;
        let there = place();
        // A consistent snapshot: every shop's corner came with its shop, every audit entry
        // with its record, or the foreign keys would refuse the restore.
        import(&target.db, &there, &path, Mode::AsIs).await.unwrap();
        let restored = counts(&target.db, &there).await;
        for t in &m.tables {
            let n = restored.iter().find(|(name, _)| *name == t.table).unwrap().1;
            assert_eq!(n as u64, t.rows, "{}", t.table);
        }
        target.cleanup().await;
    }
});

db_test!(async fn exports_and_imports_run_as_tasks_from_the_api_and_the_settings(db) {
    use crate::support::{api, server, sign_in, token_for};
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let (admin, member) = (token_for(&db, w.ws, w.admin).await, token_for(&db, w.ws, w.south_member).await);
    let c = api();
    assert_eq!(c.post(s.url("/api/v1/exports")).bearer_auth(&member).send().await.unwrap().status(), 403);
    let r = c.post(s.url("/api/v1/exports")).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(r.status(), 202);
    let task = r.json::<serde_json::Value>().await.unwrap()["task_id"].as_str().unwrap().to_string();
    let archive_url = s.url(&format!("/api/v1/exports/{task}/archive"));
    assert_eq!(c.get(&archive_url).bearer_auth(&admin).send().await.unwrap().status(), 409, "not finished yet");
    s.worker().run_until_idle().await.unwrap();
    let t: serde_json::Value =
        c.get(s.url(&format!("/api/v1/exports/{task}"))).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    assert_eq!(t["status"], "done", "{t}");
    assert!(t["progress_total"].as_i64().unwrap() > 10 && t["progress_done"] == t["progress_total"]);
    let r = c.get(&archive_url).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/zip");
    assert_eq!(r.headers()["cache-control"], "no-store");
    let zip = r.bytes().await.unwrap().to_vec();
    let saved = std::env::temp_dir().join(format!("portico-api-export-{task}.zip"));
    std::fs::write(&saved, &zip).unwrap();
    let m = portico_archive::import::manifest(&saved).unwrap();
    assert_eq!(m.workspaces[0].slug, "acme");
    let _ = std::fs::remove_file(&saved);

    // Signed in before the copy exists (afterwards the admin has an account in both).
    let b = sign_in(&s, "admin@acme.test").await;

    // Imports: checked at once, then run as a task.
    let import = |token: &str, slug: &str, file: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .text("slug", slug.to_string())
            .part("file", reqwest::multipart::Part::bytes(file).file_name("acme.zip"));
        c.post(s.url("/api/v1/imports")).bearer_auth(token.to_string()).multipart(form).send()
    };
    assert_eq!(import(&member, "acme-copy", zip.clone()).await.unwrap().status(), 403);
    let taken = import(&admin, "acme", zip.clone()).await.unwrap();
    assert_eq!(taken.status(), 409);
    assert_eq!(taken.json::<serde_json::Value>().await.unwrap()["error"]["field"], "slug");
    let garbage = import(&admin, "acme-copy", b"not a zip".to_vec()).await.unwrap();
    assert_eq!(garbage.status(), 400);
    assert_eq!(garbage.json::<serde_json::Value>().await.unwrap()["error"]["field"], "file");
    let r = import(&admin, "acme-copy", zip.clone()).await.unwrap();
    assert_eq!(r.status(), 202);
    let task = r.json::<serde_json::Value>().await.unwrap()["task_id"].as_str().unwrap().to_string();
    s.worker().run_until_idle().await.unwrap();
    let t: serde_json::Value =
        c.get(s.url(&format!("/api/v1/tasks/{task}"))).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    assert_eq!(t["status"], "done", "{t}");
    assert!(t["result_json"].as_str().unwrap().contains("\"acme-copy\""));
    let slugs: Vec<String> =
        portico_authz::store::list_workspaces(db.pool()).await.unwrap().into_iter().map(|w| w.slug).collect();
    assert!(slugs.contains(&"acme-copy".to_string()), "{slugs:?}");

    // The settings page: the export listed with its download, and a refused import shown at its field.
    let html = b.get(s.url("/settings/data")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("/archive\""), "the finished export can be downloaded");
    let csrf = crate::support::csrf_in(&html);
    let form = reqwest::multipart::Form::new()
        .text("slug", "acme")
        .part("file", reqwest::multipart::Part::bytes(zip).file_name("acme.zip"));
    let r = b.post(s.url(&format!("/settings/data/import?_csrf={csrf}"))).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 409, "taken: the status says so, the page says where");
    let html = r.text().await.unwrap();
    assert!(html.contains(r#"id="slug" name="slug" type="text" value="acme" aria-invalid="true""#), "the field is marked and keeps its value");
    assert!(html.contains(r#"id="slug-error""#) && html.contains("Workspace address: This value is already taken."));
});

db_test!(async fn scheduled_backups_keep_the_newest(db) {
    let at = place();
    populated(&db, &at).await;
    let s = crate::support::server_with(&db, |s| {
        s.data_dir = at.dir.clone();
        s.backup.keep = 2;
        s.backup.dir = Some(at.dir.join("backups"));
    })
    .await;
    let names: Vec<&str> = portico::modules()
        .iter()
        .flat_map(|m| m.schedules(&s.state.settings))
        .map(|s| s.name)
        .collect();
    assert!(names.contains(&"backup"), "daily backups are scheduled by default: {names:?}");
    let mut made = Vec::new();
    for _ in 0..3 {
        made.push(portico_core::data::jobs::backup(&s.state, &Seen::default()).await.unwrap());
    }
    let mut kept: Vec<PathBuf> = std::fs::read_dir(at.dir.join("backups")).unwrap().map(|e| e.unwrap().path()).collect();
    kept.sort();
    assert_eq!(kept, made[1..], "the two newest are kept");
    let target = empty(db.backend()).await;
    let there = place();
    let r = import(&target.db, &there, &made[2], Mode::AsIs).await.unwrap();
    assert_eq!(r.workspaces.len(), 2);
    target.cleanup().await;
    let off = portico_config::Settings { backup: portico_config::BackupSettings { every_hours: 0, ..Default::default() }, ..Default::default() };
    assert!(portico::modules().iter().flat_map(|m| m.schedules(&off)).all(|s| s.name != "backup"));
});

db_test!(async fn a_file_referred_to_from_two_tables_is_written_once(db) {
    let at = place();
    let ws = populated(&db, &at).await;
    let (_, before) = export(&db, &at, Selection::Workspace(ws), "before.zip").await;
    // A file of the workspace is also sent by e-mail (the same stored file).
    let (sha, size): (String, i64) = sqlx::query_as("SELECT sha256, size_bytes FROM files WHERE workspace_id = $1 ORDER BY id LIMIT 1")
        .bind(ws.to_db()).fetch_one(db.pool()).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    let mail = portico_mail::outbox::OutgoingEmail {
        workspace: Some(ws),
        to: "someone@client.test".into(),
        from: "sales@maison-lumiere.example".into(),
        subject: "The file".into(),
        text: "Attached.".into(),
        attachments: vec![portico_mail::outbox::OutAttachment {
            filename: "same.txt".into(),
            content_type: "text/plain".into(),
            size_bytes: size,
            sha256: sha,
        }],
        ..Default::default()
    };
    portico_mail::outbox::queue(&mut tx, mail, 1).await.unwrap();
    tx.commit().await.unwrap();
    let (archive, after) = export(&db, &at, Selection::Workspace(ws), "after.zip").await;
    assert_eq!(after.files, before.files, "the file is in the archive once");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&archive).unwrap()).unwrap();
    let names: Vec<String> = (0..zip.len()).map(|i| zip.by_index(i).unwrap().name().unwrap().to_string()).collect();
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len());
});
