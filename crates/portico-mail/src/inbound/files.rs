//! Raw messages from files (or stdin) into a mailbox, for the commands that take them
//! (`portico mail ingest`, `portico desk ingest`) and for mail servers that pipe each message
//! to a command.

use std::io::Read;
use std::path::PathBuf;

use portico_db::Progress;
use portico_kernel::AppError;

use super::{Ingest, Mailbox, Outcome, Source};

/// Take `files` (none, or `-`: one message from stdin) into `mailbox`, a hundred to a
/// transaction; says what became of each, in lines for the terminal (of a batch, only what
/// was not filed, then a count).
pub async fn ingest_files(
    ingest: &Ingest<'_>,
    mailbox: &Mailbox,
    files: &[PathBuf],
    progress: &dyn Progress,
) -> Result<Vec<String>, AppError> {
    let sources: Vec<PathBuf> = if files.is_empty() { vec![PathBuf::from("-")] } else { files.to_vec() };
    let total = i64::try_from(sources.len()).unwrap_or(i64::MAX);
    let (mut lines, mut failed, mut done_count) = (Vec::new(), 0, 0);
    for chunk in sources.chunks(100) {
        let mut raws = Vec::with_capacity(chunk.len());
        for path in chunk {
            let read = if path.as_os_str() == "-" {
                let mut buf = Vec::new();
                std::io::stdin().read_to_end(&mut buf).map(|_| buf)
            } else {
                std::fs::read(path)
            };
            raws.push(read.map_err(|e| AppError::internal(format!("reading {}: {e}", path.display())))?);
        }
        let batch: Vec<(&[u8], Source)> = raws.iter().map(|r| (r.as_slice(), Source::Cli)).collect();
        for (path, done) in chunk.iter().zip(ingest.messages(mailbox, &batch).await?) {
            let said = match &done.outcome {
                Outcome::Filed(f) => format!("filed in {} {}", f.kind, f.id),
                Outcome::Unreadable(why) | Outcome::Failed(why) => {
                    failed += 1;
                    format!("{} ({why})", done.outcome.word())
                }
                other => other.word().to_string(),
            };
            if sources.len() == 1 || !matches!(done.outcome, Outcome::Filed(_) | Outcome::Kept | Outcome::Duplicate) {
                lines.push(format!("{}: {said} (message {})", path.display(), done.id));
            }
        }
        done_count += chunk.len();
        progress.report(i64::try_from(done_count).unwrap_or(i64::MAX), total).await?;
    }
    if sources.len() > 1 {
        lines.push(format!("{} messages taken into {} ({failed} not filed)", sources.len(), mailbox.address));
    }
    Ok(lines)
}
