//! Spam protection for the forms of public pages (career site, help center, partner sign-up):
//! a field people never see, which form-filling bots fill in, and the signed time the form was
//! shown, so a post that comes too soon after it, or from a form Portico never served, is
//! refused. The public route class checks both before any handler runs.

use portico_kernel::secret;
use portico_kernel::{AppError, ErrorCode, MICROS_PER_SECOND, Timestamp};

use crate::state::AppState;

/// The field that must stay empty.
pub const TRAP_FIELD: &str = "_hp";
/// The signed time the form was shown.
pub const SHOWN_FIELD: &str = "_shown";
/// A form shown longer ago than this has expired (reload it).
const MAX_AGE: Timestamp = 24 * 3600 * MICROS_PER_SECOND;

/// What a public form carries; templates draw it with `form::trap`.
pub struct Trap {
    pub shown: String,
}

impl Trap {
    pub fn new(state: &AppState) -> Trap {
        let now = state.clock.now_micros();
        Trap { shown: format!("{now}.{}", sign(&state.secret_key, now)) }
    }
}

fn sign(key: &[u8], shown: Timestamp) -> String {
    secret::b64(&secret::hmac_sha256(key, format!("shown|{shown}").as_bytes()))
}

/// Whether a sent form was filled by a person: `field` gives a sent field's value.
pub fn check(state: &AppState, field: impl Fn(&str) -> Option<String>) -> Result<(), AppError> {
    let automated = || AppError::new(ErrorCode::LooksAutomated);
    if field(TRAP_FIELD).is_some_and(|v| !v.is_empty()) {
        return Err(automated());
    }
    let shown = field(SHOWN_FIELD).ok_or_else(automated)?;
    let (at, mac) = shown.split_once('.').ok_or_else(automated)?;
    let at: Timestamp = at.parse().map_err(|_| automated())?;
    if !secret::equal(mac.as_bytes(), sign(&state.secret_key, at).as_bytes()) {
        return Err(automated());
    }
    let age = state.clock.now_micros() - at;
    if age < i64::from(state.settings.public_form_min_seconds) * MICROS_PER_SECOND {
        return Err(automated());
    }
    if age > MAX_AGE {
        return Err(AppError::new(ErrorCode::CsrfFailed));
    }
    Ok(())
}

/// The values of `names` in a form body, urlencoded or multipart (files are skipped over,
/// never kept).
pub async fn fields_of(content_type: &str, body: &[u8], names: &[&str]) -> Vec<(String, String)> {
    if content_type.starts_with("application/x-www-form-urlencoded") {
        return form_urlencoded::parse(body)
            .filter(|(k, _)| names.contains(&k.as_ref()))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    }
    let Ok(boundary) = multer::parse_boundary(content_type) else { return Vec::new() };
    let stream = axum::body::Body::from(body.to_vec()).into_data_stream();
    let mut parts = multer::Multipart::new(stream, boundary);
    let mut out = Vec::new();
    while let Ok(Some(part)) = parts.next_field().await {
        let Some(name) = part.name().map(str::to_string).filter(|n| names.contains(&n.as_str())) else { continue };
        if let Ok(text) = part.text().await {
            out.push((name, text));
        }
    }
    out
}
