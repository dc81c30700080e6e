//! Field validation helpers: each failure names the field it is about.

use crate::{AppError, ErrorCode};

pub type FieldResult<T> = Result<T, AppError>;

/// Trimmed, non-empty text of at most `max` characters.
pub fn required_text(field: &str, value: &str, max: usize) -> FieldResult<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::field(ErrorCode::Required, field));
    }
    if v.chars().count() > max {
        return Err(AppError::field(ErrorCode::TooLong, field));
    }
    if v.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
        return Err(AppError::field(ErrorCode::InvalidValue, field));
    }
    Ok(v.to_string())
}

/// Optional text: empty becomes `None`.
pub fn optional_text(field: &str, value: Option<&str>, max: usize) -> FieldResult<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => required_text(field, v, max).map(Some),
    }
}

/// An optional e-mail address: empty becomes `None`, anything else must be one ([`email`]).
pub fn optional_email(field: &str, value: &str) -> FieldResult<Option<String>> {
    match value.trim() {
        "" => Ok(None),
        v => email(field, v).map(Some),
    }
}

/// A plausible e-mail address, lowercased. Deliberately simple: one `@`, a dot
/// in the domain, no spaces; delivery is the real test.
pub fn email(field: &str, value: &str) -> FieldResult<String> {
    let v = required_text(field, value, 254)?.to_lowercase();
    let ok = match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !v.chars().any(|c| c.is_whitespace() || c == '<' || c == '>' || c == ',')
        }
        None => false,
    };
    if ok { Ok(v) } else { Err(AppError::field(ErrorCode::InvalidEmail, field)) }
}

/// An absolute http(s) URL without whitespace.
pub fn http_url(field: &str, value: &str) -> FieldResult<String> {
    let v = required_text(field, value, 2000)?;
    let rest = v.strip_prefix("https://").or_else(|| v.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.starts_with('/') && !v.chars().any(char::is_whitespace) => Ok(v),
        _ => Err(AppError::field(ErrorCode::InvalidUrl, field)),
    }
}

/// A URL-safe identifier: lowercase letters, digits and dashes.
pub fn slug(field: &str, value: &str) -> FieldResult<String> {
    let v = required_text(field, value, 63)?;
    if v.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') && !v.starts_with('-') {
        Ok(v)
    } else {
        Err(AppError::field(ErrorCode::InvalidValue, field))
    }
}

/// Turn a display name into a slug candidate ("Café Lyon" -> "cafe-lyon").
pub fn slugify(name: &str) -> String {
    let folded = crate::locale::fold_accents(name).to_lowercase();
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() { "workspace".into() } else { trimmed.chars().take(50).collect() }
}

/// A whole number of days (or hours…) within `1..=max`, as microseconds of `unit` each.
/// Every duration a person types goes through here, so none can overflow a timestamp.
pub fn bounded_duration(field: &str, count: i64, max: i64, unit_micros: i64) -> FieldResult<i64> {
    if !(1..=max).contains(&count) {
        return Err(AppError::field(ErrorCode::InvalidValue, field));
    }
    count.checked_mul(unit_micros).ok_or_else(|| AppError::field(ErrorCode::InvalidValue, field))
}

pub const MICROS_PER_DAY: i64 = 86_400 * crate::MICROS_PER_SECOND;
pub const MICROS_PER_HOUR: i64 = 3_600 * crate::MICROS_PER_SECOND;

pub fn password(field: &str, value: &str) -> FieldResult<String> {
    if value.chars().count() < 10 {
        return Err(AppError::field(ErrorCode::TooShort, field));
    }
    if value.len() > 1024 {
        return Err(AppError::field(ErrorCode::TooLong, field));
    }
    Ok(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(email("email", " Ana@Example.HR ").ok().as_deref(), Some("ana@example.hr"));
        for bad in ["", "a", "a@b", "a@@b.c", "a b@c.d", "@x.fr", "a@.fr", "<a@b.c>"] {
            let err = email("email", bad).err();
            assert_eq!(err.as_ref().and_then(|e| e.field.as_deref()), Some("email"), "{bad}");
        }
        assert_eq!(optional_email("email", "  ").ok(), Some(None));
        assert_eq!(optional_email("email", " Ana@Example.HR ").ok(), Some(Some("ana@example.hr".into())));
        assert!(optional_email("email", "a b").is_err());
    }

    #[test]
    fn text_limits_name_the_field() {
        let e = required_text("name", &"x".repeat(201), 200).err();
        assert_eq!(e.map(|e| (e.code, e.field)), Some((ErrorCode::TooLong, Some("name".into()))));
        assert!(required_text("name", "ok\u{0}", 20).is_err());
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Café Lyon — Sud"), "cafe-lyon-sud");
        assert_eq!(slugify("Đakovo Žabe"), "dakovo-zabe");
        assert!(slug("slug", "Bad Slug").is_err());
    }

    #[test]
    fn durations_are_bounded() {
        assert_eq!(bounded_duration("d", 2, 10, MICROS_PER_DAY).ok(), Some(2 * MICROS_PER_DAY));
        for bad in [0, -1, 11, 106_751_992] {
            assert_eq!(bounded_duration("d", bad, 10, MICROS_PER_DAY).unwrap_err().field.as_deref(), Some("d"));
        }
        assert!(bounded_duration("d", i64::MAX, i64::MAX, MICROS_PER_DAY).is_err(), "overflow is an error");
    }

    #[test]
    fn urls() {
        assert!(http_url("url", "https://example.com/hook").is_ok());
        for bad in ["ftp://x", "https://", "javascript:alert(1)", "https://a b"] {
            assert!(http_url("url", bad).is_err(), "{bad}");
        }
    }
}
