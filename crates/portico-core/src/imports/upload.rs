//! What was sent to import: one CSV, or a ZIP of CSVs (one per sheet, named after it, such
//! as `candidates.csv`) with the files they name (a folder of CVs). CSVs are read the way
//! spreadsheets save them: UTF-8 with or without a byte-order mark, or Windows-1252; commas,
//! semicolons or tabs. Uploads wait under the data folder, per workspace, until imported.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use portico_http::imports::{Files, Importer, Sheet};
use portico_kernel::{AppError, ErrorCode, WorkspaceId};
use serde::{Deserialize, Serialize};

/// The largest CSV read (after decompression) and the largest file taken from a ZIP.
const MAX_SHEET: u64 = 64 * 1024 * 1024;
const MAX_FILE: u64 = 20 * 1024 * 1024;

/// A sheet's columns and rows, with each row's line in the file.
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

fn unreadable(why: impl std::fmt::Display) -> AppError {
    AppError::field(ErrorCode::InvalidValue, "file").with_cause(why.to_string())
}

/// Text as a spreadsheet saved it.
fn decode(bytes: &[u8]) -> String {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(b) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(b).0.into_owned(),
    }
}

/// The separator the header line uses most.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or_default();
    [b',', b';', b'\t'].into_iter().max_by_key(|d| first.matches(char::from(*d)).count()).unwrap_or(b',')
}

pub fn table(bytes: &[u8]) -> Result<Table, AppError> {
    let text = decode(bytes);
    let mut r = csv::ReaderBuilder::new().delimiter(delimiter(&text)).flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> = r.headers().map_err(unreadable)?.iter().map(|h| h.trim().to_string()).collect();
    if headers.iter().all(String::is_empty) {
        return Err(unreadable("no header line"));
    }
    let mut rows = Vec::new();
    for record in r.records() {
        let record = record.map_err(unreadable)?;
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let line = record.position().map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
        rows.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(Table { headers, rows })
}

/// A header as compared: no case, accents, spaces or punctuation.
fn key(s: &str) -> String {
    portico_kernel::locale::fold_accents(s).to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Which header each field of `sheet` reads, guessed from the headers' names.
pub fn guess(sheet: &Sheet, headers: &[String]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for f in sheet.fields {
        let names: Vec<String> = std::iter::once(f.key).chain(f.aliases.iter().copied()).map(key).collect();
        if let Some(h) = headers.iter().find(|h| names.contains(&key(h))) {
            out.insert(f.key.to_string(), h.clone());
        }
    }
    out
}

/// Where an upload waits: `csv-imports/<workspace>/<id>.<zip|csv>` with `<id>.json` beside.
fn folder(data_dir: &Path, ws: WorkspaceId) -> PathBuf {
    data_dir.join("csv-imports").join(ws.to_db())
}

/// How long uploads and files of failed rows are kept: time enough to go from a dry run to
/// the import, and to fetch what failed; an upload older than that is sent again.
pub const KEPT_DAYS: u64 = 30;

/// Remove the uploads and files of failed rows of every workspace last written before
/// `before`; how many files went.
pub fn purge(data_dir: &Path, before: std::time::SystemTime) -> usize {
    let Ok(workspaces) = std::fs::read_dir(data_dir.join("csv-imports")) else { return 0 };
    let mut removed = 0;
    for file in workspaces.flatten().filter_map(|ws| std::fs::read_dir(ws.path()).ok()).flatten().flatten() {
        let old = file.metadata().and_then(|m| m.modified()).is_ok_and(|at| at < before);
        if old && std::fs::remove_file(file.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// What is known of an upload besides its bytes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Meta {
    pub importer: String,
    pub filename: String,
    /// The sheet a lone CSV is.
    pub sheet: Option<String>,
    pub zip: bool,
}

/// An upload waiting to be imported.
pub struct Upload {
    pub id: String,
    pub meta: Meta,
    path: PathBuf,
}

impl Upload {
    /// Keep what was sent, once it has been read: a ZIP must hold a sheet of the importer, a
    /// CSV must be one (by its name or as `sheet` says).
    pub fn store(
        data_dir: &Path,
        ws: WorkspaceId,
        importer: &dyn Importer,
        filename: &str,
        sheet: Option<&str>,
        bytes: &[u8],
    ) -> Result<Upload, AppError> {
        let zip = bytes.starts_with(b"PK\x03\x04");
        let stem = Path::new(filename).file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_lowercase();
        let sheet = match (zip, sheet.filter(|s| !s.is_empty())) {
            (true, _) => None,
            (false, Some(s)) => Some(s.to_string()),
            (false, None) => Some(stem),
        };
        if let Some(s) = &sheet
            && !importer.sheets().iter().any(|k| k.name == s)
        {
            return Err(AppError::field(ErrorCode::InvalidValue, "sheet"));
        }
        let id = uuid::Uuid::now_v7().to_string();
        let dir = folder(data_dir, ws);
        let path = dir.join(format!("{id}.{}", if zip { "zip" } else { "csv" }));
        let meta = Meta { importer: importer.name().to_string(), filename: filename.to_string(), sheet, zip };
        let up = Upload { id, meta, path };
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(&dir)?;
            std::fs::write(&up.path, bytes)?;
            std::fs::write(up.path.with_extension("json"), serde_json::to_vec(&up.meta).unwrap_or_default())
        };
        write().map_err(|e| AppError::internal(format!("keeping the upload: {e}")))?;
        // Read now, so a damaged file is said at once.
        match up.sheets(importer) {
            Ok(found) if !found.is_empty() => Ok(up),
            other => {
                up.discard();
                Err(other.err().unwrap_or_else(|| AppError::field(ErrorCode::InvalidValue, "file")))
            }
        }
    }

    /// An upload of workspace `ws` (another's is not found).
    pub fn open(data_dir: &Path, ws: WorkspaceId, id: &str) -> Result<Upload, AppError> {
        let id = uuid::Uuid::parse_str(id).map_err(|_| AppError::not_found())?.to_string();
        let dir = folder(data_dir, ws);
        let meta: Meta = std::fs::read(dir.join(format!("{id}.json")))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .ok_or_else(AppError::not_found)?;
        let path = dir.join(format!("{id}.{}", if meta.zip { "zip" } else { "csv" }));
        Ok(Upload { id, meta, path })
    }

    pub fn discard(&self) {
        let _ = std::fs::remove_file(&self.path);
        let _ = std::fs::remove_file(self.path.with_extension("json"));
    }

    fn archive(&self) -> Result<zip::ZipArchive<std::fs::File>, AppError> {
        let f = std::fs::File::open(&self.path).map_err(|_| AppError::not_found())?;
        zip::ZipArchive::new(f).map_err(unreadable)
    }

    /// The importer's sheets found in the upload, in the importer's order: the sheet, the
    /// file it was read from, its table.
    pub fn sheets(&self, importer: &dyn Importer) -> Result<Vec<(&'static Sheet, String, Table)>, AppError> {
        let mut out = Vec::new();
        if !self.meta.zip {
            let bytes = std::fs::read(&self.path).map_err(|_| AppError::not_found())?;
            for s in importer.sheets().iter().filter(|s| Some(s.name) == self.meta.sheet.as_deref()) {
                out.push((s, self.meta.filename.clone(), table(&bytes)?));
            }
            return Ok(out);
        }
        let mut zip = self.archive()?;
        let names = names(&zip);
        for s in importer.sheets() {
            let found = names.iter().find(|n| {
                let p = Path::new(n);
                p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"))
                    && p.file_stem().and_then(|x| x.to_str()).is_some_and(|x| x.eq_ignore_ascii_case(s.name))
            });
            let Some(name) = found else { continue };
            let entry = zip.by_name(name).map_err(unreadable)?;
            let mut bytes = Vec::new();
            entry.take(MAX_SHEET + 1).read_to_end(&mut bytes).map_err(unreadable)?;
            if bytes.len() as u64 > MAX_SHEET {
                return Err(
                    AppError::field(ErrorCode::PayloadTooLarge, "file").with_cause(format!("{name} is too large"))
                );
            }
            out.push((s, name.to_string(), table(&bytes)?));
        }
        Ok(out)
    }

    /// The files beside the sheets (none for a lone CSV).
    pub fn files(&self) -> Result<Box<dyn Files>, AppError> {
        if !self.meta.zip {
            return Ok(Box::new(NoFiles));
        }
        let zip = self.archive()?;
        let by_name = names(&zip)
            .into_iter()
            .map(|n| (Path::new(&n).file_name().and_then(|x| x.to_str()).unwrap_or(&n).to_lowercase(), n.clone()))
            .collect();
        Ok(Box::new(ZipFiles { zip, by_name }))
    }

    /// How many files that are not sheets came with it.
    pub fn file_count(&self) -> usize {
        if !self.meta.zip {
            return 0;
        }
        self.archive()
            .map(|z| names(&z).iter().filter(|n| !n.ends_with('/') && !n.to_lowercase().ends_with(".csv")).count())
            .unwrap_or(0)
    }
}

/// The paths of the entries of an archive (those whose name cannot be read are left out).
fn names(zip: &zip::ZipArchive<std::fs::File>) -> Vec<String> {
    zip.file_names().filter_map(|n| n.ok().map(|n| n.into_owned())).collect()
}

struct NoFiles;

impl Files for NoFiles {
    fn read(&mut self, _name: &str) -> Result<Option<(String, Vec<u8>)>, AppError> {
        Ok(None)
    }
}

struct ZipFiles {
    zip: zip::ZipArchive<std::fs::File>,
    /// Lower-case file name → path in the archive.
    by_name: BTreeMap<String, String>,
}

impl Files for ZipFiles {
    fn read(&mut self, name: &str) -> Result<Option<(String, Vec<u8>)>, AppError> {
        let wanted = name.trim().trim_start_matches("./").replace('\\', "/");
        let path = if self.zip.index_for_name(&wanted).is_some() {
            wanted
        } else {
            let base = Path::new(&wanted).file_name().and_then(|x| x.to_str()).unwrap_or_default().to_lowercase();
            match self.by_name.get(&base) {
                Some(p) => p.clone(),
                None => return Ok(None),
            }
        };
        let entry = self.zip.by_name(&path).map_err(unreadable)?;
        let mut bytes = Vec::new();
        entry.take(MAX_FILE + 1).read_to_end(&mut bytes).map_err(unreadable)?;
        let file = Path::new(&path).file_name().and_then(|x| x.to_str()).unwrap_or(&path).to_string();
        Ok(Some((file, bytes)))
    }
}

#[cfg(test)]
mod tests {
    use super::{decode, guess, table};
    use portico_http::imports::{Sheet, field, required};

    #[test]
    fn spreadsheet_csvs_are_read_whatever_their_separator_and_encoding() {
        let t = table(b"\xEF\xBB\xBFNom;Pr\xC3\xA9nom;E-mail\nPetit;L\xC3\xA9a;lea@example.fr\n;;\n\"Kos; Jr\";Ana;ana@example.hr\n").unwrap();
        assert_eq!(t.headers, vec!["Nom", "Prénom", "E-mail"]);
        assert_eq!(t.rows.len(), 2, "the blank line is skipped");
        assert_eq!((t.rows[1].0, t.rows[1].1[0].as_str()), (4, "Kos; Jr"));
        // Windows-1252, as older French exports are.
        assert_eq!(decode(b"Pr\xE9nom"), "Prénom");
        let tabs = table(b"a\tb\n1\t2\n").unwrap();
        assert_eq!(tabs.rows[0].1, vec!["1", "2"]);
        assert!(table(b"").is_err());
    }

    #[test]
    fn headers_map_themselves_by_name_or_alias() {
        static SHEET: Sheet = Sheet {
            name: "candidates",
            fields: &[required("email", &["e-mail", "courriel"]), field("first_name", &["prénom"]), field("cv", &[])],
        };
        let headers: Vec<String> = ["Courriel", "PRENOM", "Notes"].iter().map(|s| s.to_string()).collect();
        let m = guess(&SHEET, &headers);
        assert_eq!(m.get("email").map(String::as_str), Some("Courriel"));
        assert_eq!(m.get("first_name").map(String::as_str), Some("PRENOM"));
        assert!(!m.contains_key("cv"));
    }
}
