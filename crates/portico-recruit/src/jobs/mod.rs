//! Jobs: the ad, its status and its pipeline (store), the overview, board and forms (pages)
//! and the API.

pub mod api;
pub mod pages;
pub mod questions;
pub mod store;

use portico_http::i18n::Tr;
use portico_kernel::locale::Locale;

use store::{CATEGORIES, StageInput};

/// The pipeline a new job starts with, named in the job's language.
pub fn default_pipeline(locale: &str) -> Vec<StageInput> {
    let tr = Tr::new(Locale::parse(locale).unwrap_or_default());
    CATEGORIES.iter().map(|c| StageInput::plain(tr.t(&format!("value-category-{c}")), c)).collect()
}
