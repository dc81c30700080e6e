//! Files: uploads with size limits and content sniffing, stored once per
//! content hash in the data directory, served only through a scope check, and
//! text extraction (PDF, DOCX, plain text) in a child process with time and
//! memory limits so a hostile document can neither crash nor hang the server.

pub mod extract;
pub mod sandbox;
pub mod store;

pub use extract::{DOCX, ODT};
pub use portico_db::blobs;
pub use portico_db::blobs::BlobStore;
pub use store::{FileMeta, Upload};

/// What kind of document a content type is, in words people use: `pdf`, `word`, `text`,
/// `spreadsheet`, `image` or `other` (each translated as `mime-<kind>`).
pub fn kind_of(content_type: &str) -> &'static str {
    let t = content_type.split(';').next().unwrap_or("").trim();
    match t {
        "application/pdf" => "pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" | "application/msword" => "word",
        "text/csv" | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "spreadsheet",
        _ if t.starts_with("text/") => "text",
        _ if t.starts_with("image/") => "image",
        _ => "other",
    }
}
