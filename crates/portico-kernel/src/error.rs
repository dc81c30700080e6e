//! The one error catalogue. Each code has a stable snake_case name (part of the
//! API contract), an HTTP status, and a user message looked up in the
//! translation files under `error-<code>`; the logged cause stays separate. The core's
//! codes are listed here; a module defines its own as [`ModuleCode`]s, registered with the
//! platform, which checks that no two modules share a name.

use std::fmt;

macro_rules! catalogue {
    ($($variant:ident => ($code:literal, $status:literal, $english:literal)),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($variant,)*
            /// A code a module defines.
            Module(&'static ModuleCode),
        }

        impl ErrorCode {
            /// The core's codes.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];
            /// Stable machine-readable code.
            pub fn code(self) -> &'static str { match self { $(ErrorCode::$variant => $code,)* ErrorCode::Module(m) => m.code } }
            pub fn status(self) -> u16 { match self { $(ErrorCode::$variant => $status,)* ErrorCode::Module(m) => m.status } }
            /// English message, used when no translation is at hand (CLI, logs).
            pub fn english(self) -> &'static str { match self { $(ErrorCode::$variant => $english,)* ErrorCode::Module(m) => m.english } }
        }
    };
}

catalogue! {
    NotFound => ("not_found", 404, "Not found."),
    Forbidden => ("forbidden", 403, "You do not have permission to do this."),
    Unauthenticated => ("unauthenticated", 401, "Please sign in."),
    InvalidCredentials => ("invalid_credentials", 401, "Wrong e-mail or password."),
    AccountLocked => ("account_locked", 429, "Too many failed attempts. Try again later."),
    RateLimited => ("rate_limited", 429, "Too many requests. Try again later."),
    CsrfFailed => ("csrf_failed", 403, "Your form expired. Reload the page and try again."),
    LooksAutomated => ("looks_automated", 422, "This form was sent too quickly or filled by a program. Wait a moment and send it again."),
    LinkExpired => ("link_expired", 410, "This link has expired or was revoked."),
    Required => ("required", 422, "This field is required."),
    TooLong => ("too_long", 422, "This value is too long."),
    TooShort => ("too_short", 422, "This value is too short."),
    InvalidEmail => ("invalid_email", 422, "This is not a valid e-mail address."),
    InvalidValue => ("invalid_value", 422, "This value is not allowed."),
    InvalidUrl => ("invalid_url", 422, "This is not a valid http(s) URL."),
    InvalidNumber => ("invalid_number", 422, "This is not a valid number."),
    InvalidDate => ("invalid_date", 422, "This is not a valid date (YYYY-MM-DD)."),
    AlreadyExists => ("already_exists", 409, "This value is already taken."),
    TemplateSyntax => ("template_syntax", 422, "This template cannot be read: check its {{ … }} and {% … %} parts."),
    UnknownPlaceholder => ("unknown_placeholder", 422, "This template uses a placeholder that does not exist here."),
    InvitationPending => ("invitation_pending", 409, "An invitation to this address is already waiting to be accepted."),
    Conflict => ("conflict", 409, "This action conflicts with the current state."),
    MalformedJson => ("malformed_json", 400, "The request body is not valid JSON."),
    BadRequest => ("bad_request", 400, "The request is malformed."),
    PayloadTooLarge => ("payload_too_large", 413, "The upload or request body is too large."),
    UnsupportedMediaType => ("unsupported_media_type", 415, "This type of content is not accepted."),
    BadCursor => ("bad_cursor", 400, "The pagination cursor is invalid."),
    MethodNotAllowed => ("method_not_allowed", 405, "This method is not allowed here."),
    UriTooLong => ("uri_too_long", 414, "The address is too long."),
    Internal => ("internal", 500, "Something went wrong on our side. It has been logged."),
    Unavailable => ("unavailable", 503, "The service is not ready."),
}

/// An error code of a module: `recruit_offer_not_approved`, its status and English message
/// (translated, like every code, under `error-<code>` in the module's strings).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct ModuleCode {
    pub code: &'static str,
    pub status: u16,
    pub english: &'static str,
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// An error on its way to a user: a catalogued code, optionally the field it is
/// about, and a cause for the log that is never shown to the user.
#[derive(Debug, Clone, PartialEq)]
pub struct AppError {
    pub code: ErrorCode,
    pub field: Option<String>,
    pub cause: Option<String>,
}

impl AppError {
    pub fn new(code: ErrorCode) -> Self {
        Self { code, field: None, cause: None }
    }
    pub fn field(code: ErrorCode, field: impl Into<String>) -> Self {
        Self { code, field: Some(field.into()), cause: None }
    }
    pub fn not_found() -> Self {
        Self::new(ErrorCode::NotFound)
    }
    pub fn forbidden() -> Self {
        Self::new(ErrorCode::Forbidden)
    }
    pub fn internal(cause: impl Into<String>) -> Self {
        Self { code: ErrorCode::Internal, field: None, cause: Some(cause.into()) }
    }
    /// Attach the field this error is about, unless it already names one.
    pub fn or_field(mut self, field: &str) -> Self {
        if self.field.is_none() {
            self.field = Some(field.into());
        }
        self
    }
    /// Name its field as part of a larger input: `stages.2.mail` + `template`.
    pub fn under(mut self, prefix: &str) -> Self {
        self.field = Some(match self.field {
            Some(f) => format!("{prefix}.{f}"),
            None => prefix.to_string(),
        });
        self
    }
    pub fn with_cause(mut self, cause: impl Into<String>) -> Self {
        self.cause = Some(cause.into());
        self
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code.english())?;
        if let Some(field) = &self.field {
            write!(f, " (field: {field})")?;
        }
        if let Some(cause) = &self.cause {
            write!(f, " [{cause}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for AppError {}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            assert!(seen.insert(c.code()), "duplicate {}", c.code());
            assert!(c.code().chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'));
            assert!((400..600).contains(&c.status()));
        }
    }
}
