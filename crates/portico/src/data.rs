//! `portico export`, `import`, `backup`, `restore` and `copy-to`: moving data out of and
//! into Portico itself, with progress on the terminal.

use std::path::Path;

use anyhow::{Context, bail};
use portico_archive::{Manifest, Mode, Selection};
use portico_db::{Db, DbOptions};
use portico_files::BlobStore;
use portico_http::Suite;
use portico_kernel::{AppError, WorkspaceId};

use crate::cli::{Global, connect, settings};
use crate::progress::Shown;

pub(crate) fn err(e: AppError) -> anyhow::Error {
    match (e.cause, e.field) {
        (Some(cause), _) => anyhow::anyhow!("{cause}"),
        (None, Some(field)) => anyhow::anyhow!("{field}: {}", e.code.english()),
        (None, None) => anyhow::anyhow!("{}", e.code.english()),
    }
}

/// A workspace named by its address or id.
async fn workspace(db: &Db, name: &str) -> anyhow::Result<WorkspaceId> {
    let found = portico_authz::store::find_workspace(db.pool(), name).await.map_err(err)?;
    let w = found.with_context(|| format!("no workspace {name} (see `portico admin list-workspaces`)"))?;
    w.id.parse().context("workspace id")
}

fn summary(m: &Manifest) -> String {
    format!("{} rows of {} tables, {} files", m.rows(), m.tables.len(), m.files.count)
}

pub async fn export(g: &Global, name: &str, file: &Path) -> anyhow::Result<()> {
    let s = settings(g, None, None)?;
    let (db, suite) = connect(&s).await?;
    let ws = workspace(&db, name).await?;
    let shown = Shown::new("export");
    let blobs = BlobStore::new(&s.data_dir);
    let m = portico_archive::export(&db, &suite.platform, &blobs, Selection::Workspace(ws), file, &shown)
        .await
        .map_err(err)?;
    shown.done();
    println!("exported {name} to {}: {}", file.display(), summary(&m));
    Ok(())
}

pub async fn import(g: &Global, file: &Path, as_slug: Option<String>) -> anyhow::Result<()> {
    let s = settings(g, None, None)?;
    let (db, suite) = connect(&s).await?;
    let mode = match as_slug {
        Some(slug) => Mode::Copy { slug },
        None => Mode::AsIs,
    };
    let shown = Shown::new("import");
    let blobs = BlobStore::new(&s.data_dir);
    let r = portico_archive::import(&db, &suite.platform, &blobs, file, mode, &shown).await.map_err(err)?;
    shown.done();
    for w in &r.workspaces {
        println!("imported {} ({}) from {}: {} rows, {} files", w.slug, w.name, file.display(), r.rows, r.files);
    }
    Ok(())
}

pub async fn backup(g: &Global, file: &Path) -> anyhow::Result<()> {
    let s = settings(g, None, None)?;
    let (db, suite) = connect(&s).await?;
    let shown = Shown::new("backup");
    let blobs = BlobStore::new(&s.data_dir);
    let m = portico_archive::export(&db, &suite.platform, &blobs, Selection::Everything, file, &shown)
        .await
        .map_err(err)?;
    shown.done();
    println!("backed up {} workspaces to {}: {}", m.workspaces.len(), file.display(), summary(&m));
    Ok(())
}

async fn empty(db: &Db) -> anyhow::Result<()> {
    if portico_authz::store::workspace_count(db.pool()).await.map_err(err)? > 0 {
        bail!(
            "the target already has workspaces: restore only into an empty install (to add one workspace, use `portico import`)"
        );
    }
    Ok(())
}

pub async fn restore(g: &Global, file: &Path) -> anyhow::Result<()> {
    let s = settings(g, None, None)?;
    let (db, suite) = connect(&s).await?;
    empty(&db).await?;
    let shown = Shown::new("restore");
    let blobs = BlobStore::new(&s.data_dir);
    let r = portico_archive::import(&db, &suite.platform, &blobs, file, Mode::AsIs, &shown).await.map_err(err)?;
    shown.done();
    println!("restored {} workspaces from {}: {} rows, {} files", r.workspaces.len(), file.display(), r.rows, r.files);
    Ok(())
}

/// Copy everything into an empty PostgreSQL database, then compare the two, kind by kind:
/// success only when every table has the same rows with the same checksum.
pub async fn copy_to(g: &Global, url: &str) -> anyhow::Result<()> {
    if !url.starts_with("postgres://") && !url.starts_with("postgresql://") {
        bail!("copy-to takes a postgres:// URL");
    }
    let s = settings(g, None, None)?;
    let (db, suite) = connect(&s).await?;
    let target = Db::connect(&DbOptions::new(url)).await.map_err(|e| anyhow::anyhow!("cannot open {url}: {e}"))?;
    suite.platform.migrate(&target).await.map_err(err)?;
    suite.platform.install(&target).map_err(err)?;
    empty(&target).await?;
    let blobs = BlobStore::new(&s.data_dir);
    let tag = uuid::Uuid::now_v7().simple();
    let (from, back) = (s.data_dir.join(format!("copy-{tag}.zip")), s.data_dir.join(format!("check-{tag}.zip")));
    let result = copy(&db, &target, &suite, &blobs, &from, &back).await;
    let _ = std::fs::remove_file(&from);
    let _ = std::fs::remove_file(&back);
    let (source, copied) = result?;
    for (a, b) in source.tables.iter().zip(&copied.tables) {
        println!("{:<20} {:>9} rows  {}", a.kind, a.rows, if a == b { "same" } else { "DIFFERENT" });
    }
    if source.tables != copied.tables || source.files != copied.files {
        bail!("the copy differs from the original (see above): keep using the original");
    }
    println!(
        "copied {} to PostgreSQL and checked it; start Portico with --database-url {}",
        summary(&source),
        portico_config::redact_url(url)
    );
    Ok(())
}

async fn copy(
    db: &Db,
    target: &Db,
    suite: &Suite,
    blobs: &BlobStore,
    from: &Path,
    back: &Path,
) -> anyhow::Result<(Manifest, Manifest)> {
    let shown = Shown::new("read");
    let source =
        portico_archive::export(db, &suite.platform, blobs, Selection::Everything, from, &shown).await.map_err(err)?;
    shown.done();
    let shown = Shown::new("write");
    portico_archive::import(target, &suite.platform, blobs, from, Mode::AsIs, &shown).await.map_err(err)?;
    shown.done();
    let shown = Shown::new("check");
    let copied = portico_archive::export(target, &suite.platform, blobs, Selection::Everything, back, &shown)
        .await
        .map_err(err)?;
    shown.done();
    Ok((source, copied))
}
