//! Benchmark data: a workspace with `N` file records (default 100 000) spread
//! over 20 units and sharing 100 stored files, an admin, and an API token, written
//! straight through the store crates. Prints the token.
//! `bench_seed DATABASE_URL DATA_DIR [N]`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use install::install;
use portico_kernel::{Actor, Clock, FileId, SystemClock};
use units::agencies;

#[path = "support/install.rs"]
mod install;
#[path = "support/units.rs"]
mod units;

#[tokio::main]
async fn main() {
    let url = std::env::args().nth(1).expect("database URL");
    let data_dir = std::path::PathBuf::from(std::env::args().nth(2).expect("data directory"));
    let n: usize = std::env::args().nth(3).map(|s| s.parse().expect("a count")).unwrap_or(100_000);
    let blobs = portico_files::BlobStore::new(&data_dir);
    let hashes: Vec<String> =
        (0..100).map(|i| blobs.put(format!("Document {i}: quarterly figures.\n").as_bytes()).unwrap()).collect();
    let (db, _, created) = install(&url, "Bench", "bench@bench.test").await;
    let unit_ids = agencies(&db, &created, "Unit", 20).await;
    let clock = SystemClock;
    let now = clock.now_micros();
    for chunk in 0..n.div_ceil(1000) {
        let mut tx = db.begin().await.unwrap();
        for i in chunk * 1000..((chunk + 1) * 1000).min(n) {
            sqlx::query(
                "INSERT INTO files (id, workspace_id, unit_id, sha256, size_bytes, content_type, filename, extraction_status, created_at)
                 VALUES ($1, $2, $3, $4, $5, 'text/plain', $6, 'done', $7)",
            )
            .bind(FileId::new().to_db())
            .bind(created.workspace.to_db())
            .bind(unit_ids[i % unit_ids.len()].to_db())
            .bind(&hashes[i % hashes.len()])
            .bind(1000 + i as i64)
            .bind(format!("document-{i}.txt"))
            .bind(now)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
    }
    let mut tx = db.begin().await.unwrap();
    let new = portico_auth::api_tokens::NewToken {
        workspace: created.workspace,
        user: created.owner,
        name: "bench",
        scopes: &Default::default(),
        expires_at: None,
    };
    let (_, token) =
        portico_auth::api_tokens::insert(&mut tx, &Actor::System { label: "bench".into() }, new, now).await.unwrap();
    tx.commit().await.unwrap();
    println!("{token}");
}
