use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use portico_files::BlobStore;
use portico_files::sandbox::Sandbox;
use portico_files::store::{self, Upload};
use portico_jobs::{Worker, WorkerConfig};
use portico_kernel::{ErrorCode, PageRequest, SystemClock};

use crate::support::{authz_of, clock, world};

pub fn sandbox() -> Sandbox {
    Sandbox::new(PathBuf::from(env!("CARGO_BIN_EXE_portico")))
}

db_test!(async fn upload_sniff_extract_search_and_isolate(db) {
    let w = world(&db, "Acme").await;
    let dir = tempdir();
    let blobs = BlobStore::new(&dir);
    let c = clock();
    let manager = authz_of(&db, w.ws, w.north_manager).await;
    let cap = manager.unit_cap(store::CREATE, w.lille).unwrap();
    let cv = portico_testkit::docx(&["Marija Horvat", "Développeuse Kotlin à Split"]);
    let id = store::upload(&db, c.as_ref(), &blobs, &cap, Upload { filename: "../../cv marija.docx", bytes: &cv }).await.unwrap();
    let again = store::upload(&db, c.as_ref(), &blobs, &cap, Upload { filename: "copy.docx", bytes: &cv }).await.unwrap();
    assert_ne!(id, again);

    let exe = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00";
    let e = store::upload(&db, c.as_ref(), &blobs, &cap, Upload { filename: "x.docx", bytes: exe }).await.unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::UnsupportedMediaType, Some("file")));
    let big = vec![b'a'; store::MAX_UPLOAD_BYTES + 1];
    let e = store::upload(&db, c.as_ref(), &blobs, &cap, Upload { filename: "big.txt", bytes: &big }).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::PayloadTooLarge);

    let mut worker = Worker::new(db.clone(), Arc::new(SystemClock), WorkerConfig { id: "f".into(), poll: Duration::from_millis(10), ..Default::default() });
    let (b, s) = (blobs.clone(), sandbox());
    worker.register(store::EXTRACT_JOB, move |ctx| store::extract_job(ctx, b.clone(), s.clone()));
    assert_eq!(worker.run_until_idle().await.unwrap(), 2);

    let scope = manager.scope(store::VIEW).unwrap();
    let meta = store::get(db.pool(), &scope, id).await.unwrap();
    assert_eq!((meta.filename.as_str(), meta.content_type.as_str(), meta.extraction_status.as_str()), ("cv marija.docx", portico_files::extract::DOCX, "done"));
    assert_eq!(blobs.read(&meta.sha256).unwrap(), cv);
    let hits = portico_search::search(&db, &scope, &["file"], &portico_search::Query::parse("kotlin split"), 10).await.unwrap();
    assert_eq!(hits.len(), 2);

    let south = authz_of(&db, w.ws, w.south_member).await;
    let south_scope = south.scope(store::VIEW).unwrap();
    assert_eq!(store::get(db.pool(), &south_scope, id).await.unwrap_err().code, ErrorCode::NotFound);
    assert!(store::list(db.pool(), &south_scope, &PageRequest::first(50), Default::default()).await.unwrap().items.is_empty());
    assert!(portico_search::search(&db, &south_scope, &["file"], &portico_search::Query::parse("kotlin"), 10).await.unwrap().is_empty());
    assert_eq!(store::delete(&db, c.as_ref(), &south, id).await.unwrap_err().code, ErrorCode::NotFound);
    let _ = std::fs::remove_dir_all(dir);
});

db_test!(async fn hostile_documents_only_hurt_the_child(db) {
    let _ = db;
    // A "PDF" that is garbage fails cleanly; a huge allocation limit breach is contained.
    let s = sandbox();
    let err = s.extract("application/pdf", b"%PDF-1.7\n garbage \x00\xff".to_vec()).await.unwrap_err();
    assert!(err.contains("extractor failed"), "{err}");
    let tight = Sandbox { memory_bytes: 16 * 1024 * 1024, ..sandbox() };
    let bomb = portico_testkit::docx(&[&"A".repeat(4 * 1024 * 1024)]);
    assert!(tight.extract(portico_files::extract::DOCX, bomb).await.is_err(), "16 MB cap stops a 4 MB paragraph parse + copies");
    let text = s.extract("text/plain", "Ćevapi i burek".as_bytes().to_vec()).await.unwrap();
    assert_eq!(text, "Ćevapi i burek");
});

fn tempdir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("portico-files-{}", uuid::Uuid::now_v7().simple()));
    std::fs::create_dir_all(&d).unwrap();
    d
}
