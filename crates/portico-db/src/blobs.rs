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

/// The hash of no bytes: what a file whose content was erased refers to, always readable.
pub const EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The name a file's bytes are kept under: their SHA-256, in hex.
pub fn hash_of(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
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
        let hash = hash_of(bytes);
        let path = self.path_of(&hash).ok_or_else(|| AppError::internal("bad hash"))?;
        if path.exists() {
            touch(&path);
            return Ok(hash);
        }
        let tmp = self.write_temp(&path, &hash, bytes)?;
        tmp.1.sync_all().map_err(io)?;
        std::fs::rename(&tmp.0, &path).map_err(io)?;
        Ok(hash)
    }

    /// Store several byte strings at once; returns their SHA-256s in order. They are made
    /// durable together (one sync of the file system instead of one per file), which is what
    /// takes a batch of received mail from hundreds of messages a second to thousands.
    pub fn put_many(&self, items: &[&[u8]]) -> Result<Vec<String>, AppError> {
        let mut hashes = Vec::with_capacity(items.len());
        let mut pending = Vec::new();
        for bytes in items {
            let hash = hash_of(bytes);
            let path = self.path_of(&hash).ok_or_else(|| AppError::internal("bad hash"))?;
            if path.exists() {
                touch(&path);
            } else if !pending.iter().any(|(_, p, _): &(PathBuf, PathBuf, std::fs::File)| *p == path) {
                let (tmp, file) = self.write_temp(&path, &hash, bytes)?;
                pending.push((tmp, path, file));
            }
            hashes.push(hash);
        }
        if pending.is_empty() {
            return Ok(hashes);
        }
        sync_file_system(&pending[0].2)?;
        for (tmp, path, _) in &pending {
            std::fs::rename(tmp, path).map_err(io)?;
        }
        // The renames too, before any row refers to them.
        sync_file_system(&pending[0].2)?;
        Ok(hashes)
    }

    /// The bytes in a temporary file beside their final path (its directory made if needed).
    fn write_temp(&self, path: &Path, hash: &str, bytes: &[u8]) -> Result<(PathBuf, std::fs::File), AppError> {
        let dir = path.parent().ok_or_else(|| AppError::internal("blob path"))?;
        let tmp = dir.join(format!(".{hash}.{}.tmp", std::process::id()));
        let mut f = match std::fs::File::create(&tmp) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(dir).map_err(io)?;
                std::fs::File::create(&tmp).map_err(io)?
            }
            Err(e) => return Err(io(e)),
        };
        f.write_all(bytes).map_err(io)?;
        Ok((tmp, f))
    }

    /// Whether a stored file was written or stored again within `age`: the same bytes may be
    /// on their way into a row that has not committed yet.
    pub fn recent(&self, sha256: &str, age: std::time::Duration) -> bool {
        let modified = self.path_of(sha256).and_then(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        modified.is_some_and(|t| t.elapsed().map_or(true, |e| e < age))
    }

    /// Remove a stored file, which no row may refer to any more (the caller checked). A file
    /// already gone is not an error.
    pub fn remove(&self, sha256: &str) -> Result<(), AppError> {
        let path = self.path_of(sha256).ok_or_else(AppError::not_found)?;
        match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io(e)),
            _ => Ok(()),
        }
    }

    pub fn read(&self, sha256: &str) -> Result<Vec<u8>, AppError> {
        if sha256 == EMPTY {
            return Ok(Vec::new());
        }
        let path = self.path_of(sha256).ok_or_else(AppError::not_found)?;
        std::fs::read(path).map_err(|e| AppError::internal(format!("blob {sha256}: {e}")))
    }
}

/// Mark a stored file as stored again now (see [`BlobStore::recent`]); a failure only
/// shortens its grace.
fn touch(path: &Path) {
    if let Ok(f) = std::fs::File::options().write(true).open(path) {
        let _ = f.set_modified(std::time::SystemTime::now());
    }
}

fn io(e: std::io::Error) -> AppError {
    AppError::internal(format!("blob store: {e}"))
}

/// Flush everything written to the file system `f` is on.
fn sync_file_system(f: &std::fs::File) -> Result<(), AppError> {
    use std::os::fd::AsRawFd;
    // SAFETY: `syncfs` only reads the descriptor, which `f` keeps open for the call.
    if unsafe { libc::syncfs(f.as_raw_fd()) } == 0 { Ok(()) } else { Err(io(std::io::Error::last_os_error())) }
}

/// Files that arrive together (an import) and join the store only if all of them do: they
/// wait in a directory of their own until [`Staging::commit`]; dropped, they leave no trace.
pub struct Staging {
    store: BlobStore,
    dir: PathBuf,
    hashes: Vec<String>,
}

impl BlobStore {
    pub fn staging(&self) -> Result<Staging, AppError> {
        let dir = self.root.join(format!(".incoming-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir).map_err(|e| AppError::internal(format!("blob store: {e}")))?;
        Ok(Staging { store: self.clone(), dir, hashes: Vec::new() })
    }
}

impl Staging {
    /// Keep `bytes`, which must hash to `sha256`.
    pub fn put(&mut self, sha256: &str, bytes: &[u8]) -> Result<(), AppError> {
        if hex::encode(Sha256::digest(bytes)) != sha256 || self.store.path_of(sha256).is_none() {
            return Err(
                AppError::new(portico_kernel::ErrorCode::BadRequest).with_cause(format!("file {sha256} is damaged"))
            );
        }
        std::fs::write(self.dir.join(sha256), bytes).map_err(|e| AppError::internal(format!("blob store: {e}")))?;
        self.hashes.push(sha256.to_string());
        Ok(())
    }

    /// Move every kept file into the store.
    pub fn commit(mut self) -> Result<usize, AppError> {
        let io = |e: std::io::Error| AppError::internal(format!("blob store: {e}"));
        let hashes = std::mem::take(&mut self.hashes);
        for hash in &hashes {
            let target = self.store.path_of(hash).ok_or_else(|| AppError::internal("bad hash"))?;
            if target.exists() {
                continue;
            }
            std::fs::create_dir_all(target.parent().ok_or_else(|| AppError::internal("blob path"))?).map_err(io)?;
            std::fs::rename(self.dir.join(hash), &target).map_err(io)?;
        }
        Ok(hashes.len())
    }

    pub fn count(&self) -> usize {
        self.hashes.len()
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
