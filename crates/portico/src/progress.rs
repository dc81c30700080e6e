//! Progress of long commands: a bar on a terminal, plain lines (at most one a second) for
//! logs and scripts.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use portico_db::{BoxFuture, Progress};
use portico_kernel::AppError;

pub struct Shown {
    label: String,
    bar: Option<ProgressBar>,
    last_line: Mutex<Option<Instant>>,
}

impl Shown {
    pub fn new(label: &str) -> Shown {
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = ProgressBar::new(0).with_message(label.to_string());
            if let Ok(style) = ProgressStyle::with_template("{msg:12} [{bar:40}] {pos}/{len} {per_sec} {eta}") {
                b.set_style(style.progress_chars("=> "));
            }
            b
        });
        Shown { label: label.into(), bar, last_line: Mutex::new(None) }
    }

    pub fn done(&self) {
        if let Some(b) = &self.bar {
            b.finish();
        }
    }
}

/// A bar left behind by a command that returned early (or never said it was done) ends too.
impl Drop for Shown {
    fn drop(&mut self) {
        if let Some(b) = self.bar.as_ref().filter(|b| !b.is_finished()) {
            b.finish();
        }
    }
}

impl Progress for Shown {
    fn report(&self, done: i64, total: i64) -> BoxFuture<'_, Result<(), AppError>> {
        let (done, total) = (u64::try_from(done).unwrap_or(0), u64::try_from(total).unwrap_or(0));
        match &self.bar {
            Some(b) => {
                b.set_length(total);
                b.set_position(done);
            }
            None => {
                if let Ok(mut last) = self.last_line.lock() {
                    let due = last.is_none_or(|t| t.elapsed() >= Duration::from_secs(1));
                    if due || done == total {
                        eprintln!("{}: {done}/{total}", self.label);
                        *last = Some(Instant::now());
                    }
                }
            }
        }
        Box::pin(async { Ok(()) })
    }
}
