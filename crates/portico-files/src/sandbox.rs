//! Run text extraction in a child process of the Portico binary with a wall
//! clock timeout, a CPU-time limit and an address-space limit. A document
//! that crashes, loops or balloons kills only the child.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::AsyncWriteExt;

#[derive(Debug, Clone)]
pub struct Sandbox {
    /// The Portico binary; the child runs `portico extract-text --mime M`.
    pub exe: PathBuf,
    pub timeout: Duration,
    pub memory_bytes: u64,
}

impl Sandbox {
    pub fn new(exe: PathBuf) -> Self {
        Sandbox { exe, timeout: Duration::from_secs(20), memory_bytes: 1024 * 1024 * 1024 }
    }

    pub async fn extract(&self, mime: &str, bytes: Vec<u8>) -> Result<String, String> {
        let mut cmd = tokio::process::Command::new(&self.exe);
        cmd.arg("extract-text")
            .arg("--mime")
            .arg(mime)
            .env_clear()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mem = self.memory_bytes;
        let cpu = self.timeout.as_secs().max(1);
        // SAFETY: only async-signal-safe calls (setrlimit) between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                let limit = |resource, value: u64| {
                    let rl = libc::rlimit { rlim_cur: value, rlim_max: value };
                    if libc::setrlimit(resource, &rl) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                };
                limit(libc::RLIMIT_AS, mem)?;
                limit(libc::RLIMIT_CPU, cpu)?;
                limit(libc::RLIMIT_CORE, 0)
            });
        }
        let mut child = cmd.spawn().map_err(|e| format!("cannot start extractor: {e}"))?;
        let mut stdin = child.stdin.take().ok_or("no stdin")?;
        let feed = tokio::spawn(async move {
            let _ = stdin.write_all(&bytes).await;
        });
        let out = match tokio::time::timeout(self.timeout, child.wait_with_output()).await {
            Ok(out) => out.map_err(|e| format!("extractor: {e}"))?,
            Err(_) => return Err(format!("extractor timed out after {:?}", self.timeout)),
        };
        let _ = feed.await;
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            return Err(format!(
                "extractor failed ({}): {}",
                out.status,
                err.trim().chars().take(300).collect::<String>()
            ));
        }
        String::from_utf8(out.stdout).map_err(|_| "extractor returned invalid UTF-8".to_string())
    }
}

/// The child side: read the document on stdin, write its text on stdout.
pub fn child_main(mime: &str) -> i32 {
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin().take(crate::store::MAX_UPLOAD_BYTES as u64 + 1).read_to_end(&mut input) {
        eprintln!("read: {e}");
        return 2;
    }
    match crate::extract::extract(mime, &input) {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            if out.write_all(text.as_bytes()).and_then(|_| out.flush()).is_err() {
                return 2;
            }
            0
        }
        Err(e) => {
            eprintln!("{e}");
            1
        }
    }
}
