//! Files: uploads with size limits and content sniffing, stored once per
//! content hash in the data directory, served only through a scope check, and
//! text extraction (PDF, DOCX, plain text) in a child process with time and
//! memory limits so a hostile document can neither crash nor hang the server.

pub mod blobs;
pub mod extract;
pub mod sandbox;
pub mod store;

pub use blobs::BlobStore;
pub use store::{FileMeta, Upload};
