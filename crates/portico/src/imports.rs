//! `portico import-csv`: another product's CSV export into a workspace, as one of its admins
//! would import it from Settings › Import, with a bar for the rows and the failed rows written
//! beside the file.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use portico_core::imports::run::{Mapping, Payload, import};
use portico_core::imports::upload::Upload;
use portico_http::AppState;
use portico_kernel::{UserId, WorkspaceId};

use crate::cli::{Global, clock, connect, settings};
use crate::data::err;

pub struct Args<'a> {
    pub as_user: &'a str,
    pub importer: &'a str,
    pub sheet: Option<&'a str>,
    pub dry_run: bool,
    pub file: &'a Path,
}

pub async fn import_csv(g: &Global, a: Args<'_>) -> anyhow::Result<()> {
    let s = settings(g, None, None)?;
    crate::cli::init_logging(&s);
    let (db, suite) = connect(&s).await?;
    let exe = std::env::current_exe().context("locating the portico binary")?;
    let state = AppState::new(db.clone(), suite, clock(), s.clone(), exe).map_err(|e| anyhow::anyhow!("{e}"))?;
    let who: Option<(String, String)> =
        sqlx::query_as("SELECT id, workspace_id FROM users WHERE lower(email) = lower($1)")
            .bind(a.as_user.to_string())
            .fetch_optional(db.pool())
            .await
            .context("finding the user")?;
    let Some((user, ws)) = who else { bail!("no user with e-mail {}", a.as_user) };
    let (user, ws): (UserId, WorkspaceId) = (user.parse().context("user id")?, ws.parse().context("workspace id")?);
    let names: Vec<&str> = state.suite.importers.iter().map(|i| i.name()).collect();
    let Some(importer) = state.suite.importers.iter().find(|i| i.name() == a.importer) else {
        bail!("no importer {}: one of {}", a.importer, names.join(", "))
    };
    let bytes = std::fs::read(a.file).with_context(|| format!("reading {}", a.file.display()))?;
    let filename = a.file.file_name().and_then(|n| n.to_str()).unwrap_or("import.csv");
    let upload = Upload::store(&s.data_dir, ws, importer.as_ref(), filename, a.sheet, &bytes).map_err(err)?;
    let payload = Payload {
        workspace_id: ws,
        user_id: user,
        upload: upload.id.clone(),
        mapping: Mapping::new(),
        dry_run: a.dry_run,
    };
    let progress = crate::progress::Shown::new("rows");
    let failed_to = |zip: bool| failed_path(a.file, zip);
    let outcome = import(&state, &payload, &progress, failed_to).await;
    progress.done();
    upload.discard();
    let report = outcome.map_err(err)?;
    let verb = if a.dry_run { "would be" } else { "were" };
    for c in &report.sheets {
        println!(
            "{}: {} {verb} created, {} updated, {} unchanged; {} failed",
            c.sheet, c.created, c.updated, c.unchanged, c.failed
        );
    }
    for f in &report.failures {
        println!("{} line {}: {}", f.sheet, f.line, f.message);
    }
    if report.failed > 0 {
        let path = failed_path(a.file, upload.meta.zip);
        bail!("{} rows failed; they are in {} with the reason of each", report.failed, path.display());
    }
    Ok(())
}

/// `export.zip` → `export.failed.zip`.
fn failed_path(file: &Path, zip: bool) -> PathBuf {
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("import");
    file.with_file_name(format!("{stem}.failed.{}", if zip { "zip" } else { "csv" }))
}
