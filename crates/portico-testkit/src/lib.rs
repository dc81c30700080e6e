//! Test support: every store test runs on a fresh SQLite file and on a fresh
//! PostgreSQL schema (at `PORTICO_TEST_DATABASE_URL`), so tests run in parallel.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod cv;
pub mod imap;
pub mod smtp;

use std::future::Future;
use std::path::PathBuf;

pub use portico_db::{Backend, Db, DbOptions};

/// A minimal DOCX (a zip with word/document.xml), one paragraph per entry.
pub fn docx(paragraphs: &[&str]) -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    z.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    let body: String = paragraphs.iter().map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>")).collect();
    write!(z, r#"<?xml version="1.0"?><w:document xmlns:w="x"><w:body>{body}</w:body></w:document>"#).unwrap();
    z.finish().unwrap();
    buf.into_inner()
}

/// A minimal PDF of one page, one line of Helvetica per entry (ASCII; `(`, `)` and `\`
/// escaped), with a correct cross-reference table, as word processors write them.
pub fn pdf(lines: &[&str]) -> Vec<u8> {
    let escape = |l: &str| l.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)");
    let text: String = lines.iter().map(|l| format!("({}) Tj T* ", escape(l))).collect();
    let stream = format!("BT /F1 11 Tf 14 TL 56 780 Td {text}ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_string(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
    ];
    pdf_file(&objects.map(String::into_bytes))
}

/// A PDF file of these objects (numbered from 1, the first the catalog), with its
/// cross-reference table and trailer.
pub fn pdf_file(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(o);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

/// A small deterministic generator (xorshift): generated test data needs no dependency and
/// never changes under a test or a benchmark.
pub struct Rng(pub u64);

impl Rng {
    pub fn draw(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.draw() % n as u64) as usize
    }
    pub fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    /// `least` to `least + spread - 1` distinct items.
    pub fn some<'a, T: ?Sized>(&mut self, items: &[&'a T], least: usize, spread: usize) -> Vec<&'a T> {
        let n = least + self.below(spread);
        let mut left: Vec<&T> = items.to_vec();
        (0..n.min(left.len())).map(|_| left.remove(self.below(left.len()))).collect()
    }
}

pub const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

pub fn pg_url() -> String {
    std::env::var("PORTICO_TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_PG_URL.into())
}

/// An empty database that removes itself when the test succeeds; the test's setup
/// migrates it.
pub struct TestDb {
    pub db: Db,
    pub dir: PathBuf,
    schema: Option<String>,
}

impl TestDb {
    pub async fn new(backend: Backend) -> TestDb {
        let tag = uuid::Uuid::now_v7().simple().to_string();
        let dir = std::env::temp_dir().join(format!("portico-test-{tag}"));
        std::fs::create_dir_all(&dir).unwrap();
        let (opts, schema) = match backend {
            Backend::Sqlite => (DbOptions::sqlite_in(&dir), None),
            Backend::Postgres => {
                let schema = format!("t_{tag}");
                let admin = Db::connect(&DbOptions { max_connections: 1, ..DbOptions::new(pg_url()) })
                    .await
                    .expect("PostgreSQL for tests (set PORTICO_TEST_DATABASE_URL)");
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA \"{schema}\"")))
                    .execute(admin.pool())
                    .await
                    .unwrap();
                admin.close().await;
                let opts = DbOptions { schema: Some(schema.clone()), max_connections: 5, ..DbOptions::new(pg_url()) };
                (opts, Some(schema))
            }
        };
        let db = Db::connect(&opts).await.unwrap();
        TestDb { db, dir, schema }
    }

    /// Drop the schema / files. Only called after success, so a failing test leaves evidence.
    pub async fn cleanup(self) {
        if let Some(schema) = &self.schema {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP SCHEMA \"{schema}\" CASCADE")))
                .execute(self.db.pool())
                .await;
        }
        self.db.close().await;
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// How a test database is prepared: migrated, with what writes need installed.
pub type Setup = for<'a> fn(&'a Db) -> std::pin::Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

/// Run a test body against a fresh database of the given backend, prepared by `setup`.
pub async fn run<F, Fut>(backend: Backend, setup: Setup, body: F)
where
    F: FnOnce(Db) -> Fut,
    Fut: Future<Output = ()>,
{
    let t = TestDb::new(backend).await;
    setup(&t.db).await;
    body(t.db.clone()).await;
    t.cleanup().await;
}

/// Declare a test that runs once on SQLite (`name::sqlite`) and once on PostgreSQL
/// (`name::postgres`), each database prepared by `setup`.
#[macro_export]
macro_rules! db_test {
    (setup = $setup:path; $(#[$meta:meta])* async fn $name:ident($db:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            $(#[$meta])*
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::run($crate::Backend::Sqlite, $setup, |$db: $crate::Db| async move $body).await
            }
            $(#[$meta])*
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::run($crate::Backend::Postgres, $setup, |$db: $crate::Db| async move $body).await
            }
        }
    };
}
