//! `portico mail ingest`: raw messages from files (or stdin) into a mailbox, for scripts and
//! for mail servers that pipe each message to a command.

use std::io::Read;
use std::path::PathBuf;

use anyhow::{Context, bail};
use portico_db::Progress;
use portico_mail::inbound::{Ingest, Outcome, Source, mailboxes};

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
    let sources: Vec<PathBuf> = if files.is_empty() { vec![PathBuf::from("-")] } else { files.to_vec() };
    let progress = crate::progress::Shown::new("messages");
    let total = i64::try_from(sources.len()).unwrap_or(i64::MAX);
    let mut failed = 0;
    let mut done_count = 0;
    // Files are taken a hundred at a time: one transaction and one sync of the blob store each.
    for chunk in sources.chunks(100) {
        let mut raws = Vec::with_capacity(chunk.len());
        for path in chunk {
            raws.push(if path.as_os_str() == "-" {
                let mut buf = Vec::new();
                std::io::stdin().read_to_end(&mut buf).context("reading the message from stdin")?;
                buf
            } else {
                std::fs::read(path).with_context(|| format!("reading {}", path.display()))?
            });
        }
        let batch: Vec<(&[u8], Source)> = raws.iter().map(|r| (r.as_slice(), Source::Cli)).collect();
        for (path, done) in chunk.iter().zip(ingest.messages(&mailbox, &batch).await.map_err(err)?) {
            let said = match &done.outcome {
                Outcome::Filed(f) => format!("filed in {} {}", f.kind, f.id),
                Outcome::Unreadable(why) | Outcome::Failed(why) => {
                    failed += 1;
                    format!("{} ({why})", done.outcome.word())
                }
                other => other.word().to_string(),
            };
            if sources.len() == 1 || !matches!(done.outcome, Outcome::Filed(_) | Outcome::Kept | Outcome::Duplicate) {
                println!("{}: {said} (message {})", path.display(), done.id);
            }
        }
        done_count += chunk.len();
        progress.report(i64::try_from(done_count).unwrap_or(i64::MAX), total).await.map_err(err)?;
    }
    progress.done();
    if sources.len() > 1 {
        println!("{} messages taken into {} ({failed} not filed)", sources.len(), mailbox.address);
    }
    Ok(())
}
