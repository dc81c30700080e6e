use std::io::Write;
use std::path::{Path, PathBuf};

use portico_kernel::AppError;
use sha2::{Digest, Sha256};

/// Content-addressed storage: `files/ab/cd/abcd…` under the data directory.
/// The same bytes uploaded twice are stored once.
#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
}

impl BlobStore {
    pub fn new(data_dir: &Path) -> Self {
        BlobStore { root: data_dir.join("files") }
    }

    pub fn path_of(&self, sha256: &str) -> Option<PathBuf> {
        if sha256.len() != 64 || !sha256.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        Some(self.root.join(&sha256[0..2]).join(&sha256[2..4]).join(sha256))
    }

    /// Store bytes; returns their SHA-256. Written to a temporary file and
    /// renamed, so a crash never leaves a half-written blob under its hash.
    pub fn put(&self, bytes: &[u8]) -> Result<String, AppError> {
        let hash = hex::encode(Sha256::digest(bytes));
        let path = self.path_of(&hash).ok_or_else(|| AppError::internal("bad hash"))?;
        if path.exists() {
            return Ok(hash);
        }
        let io = |e: std::io::Error| AppError::internal(format!("blob store: {e}"));
        let dir = path.parent().ok_or_else(|| AppError::internal("blob path"))?;
        std::fs::create_dir_all(dir).map_err(io)?;
        let tmp = dir.join(format!(".{hash}.{}.tmp", std::process::id()));
        let mut f = std::fs::File::create(&tmp).map_err(io)?;
        f.write_all(bytes).map_err(io)?;
        f.sync_all().map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(io)?;
        Ok(hash)
    }

    pub fn read(&self, sha256: &str) -> Result<Vec<u8>, AppError> {
        let path = self.path_of(sha256).ok_or_else(AppError::not_found)?;
        std::fs::read(path).map_err(|e| AppError::internal(format!("blob {sha256}: {e}")))
    }
}
