//! `portico mail ingest`: raw messages from files (or stdin) into a mailbox, for scripts and
//! for mail servers that pipe each message to a command.

use std::path::PathBuf;

use anyhow::{Context, bail};
use portico_mail::inbound::files::ingest_files;
use portico_mail::inbound::{Ingest, mailboxes};

use crate::cli::{Global, clock, connect, settings};
use crate::data::err;

pub async fn ingest(g: &Global, mailbox: &str, workspace: Option<&str>, files: &[PathBuf]) -> anyhow::Result<()> {
    let s = settings(g, None, None)?;
    crate::cli::init_logging(&s);
    let (db, suite) = connect(&s).await?;
    let found = match workspace {
        Some(w) => {
            let ws = portico_authz::store::find_workspace(db.pool(), w)
                .await
                .map_err(err)?
                .with_context(|| format!("no workspace {w}"))?;
            mailboxes::find(db.pool(), ws.id.parse().context("workspace id")?, mailbox).await
        }
        None => mailboxes::load(db.pool(), mailbox).await,
    };
    let Ok(mailbox) = found else { bail!("no mailbox {mailbox}: give its id, or its address with --workspace") };
    let blobs = portico_db::BlobStore::new(&s.data_dir);
    let clock = clock();
    let ingest = Ingest { db: &db, blobs: &blobs, consumers: &suite.mail, clock: clock.as_ref() };
    let progress = crate::progress::Shown::new("messages");
    let lines = ingest_files(&ingest, &mailbox, files, &progress).await.map_err(err)?;
    progress.done();
    for line in lines {
        println!("{line}");
    }
    Ok(())
}
