//! A form that fails is shown again in place: the values as typed, the error under its field
//! (named by its label, in the reader's language), the field marked invalid and focused. A
//! message that belongs to no field heads the form. Toasts only confirm success.

use std::collections::HashMap;

use portico_kernel::{AppError, ErrorCode};
use serde::Serialize;

use crate::i18n::Tr;

/// The value a form sent for `name` (the first, if it was sent several times), empty when it
/// sent none.
pub fn sent<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    form.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

#[derive(Debug, Default, Clone)]
pub struct FormState {
    /// Which of the page's forms was sent.
    sent: &'static str,
    values: HashMap<String, String>,
    /// Fields sent several times (checkboxes of one name).
    lists: HashMap<String, Vec<String>>,
    errors: HashMap<String, String>,
    summary: Option<String>,
    /// The refusal (422 for a field, 403 when not allowed…).
    refused: Option<ErrorCode>,
}

impl FormState {
    /// A page shown fresh: no form was sent.
    pub fn fresh() -> FormState {
        FormState::default()
    }

    /// A record's form shown fresh, filled with its stored `values`.
    pub fn editing(values: &impl Serialize) -> FormState {
        let (values, lists) = values_of(values);
        FormState { values, lists, ..FormState::default() }
    }

    /// Form `name` shown again filled with what was prepared for it (a draft), nothing refused.
    pub fn drafted(name: &'static str, values: &impl Serialize) -> FormState {
        let (values, lists) = values_of(values);
        FormState { sent: name, values, lists, ..FormState::default() }
    }

    /// The page's other forms show the record's `stored` values where nothing was sent.
    pub fn or_stored(mut self, stored: &impl Serialize) -> FormState {
        let (values, lists) = values_of(stored);
        for (k, v) in values {
            self.values.entry(k).or_insert(v);
        }
        for (k, v) in lists {
            self.lists.entry(k).or_insert(v);
        }
        self
    }

    /// Form `name` was sent with `values` and refused with `e`.
    pub fn failed(name: &'static str, values: &impl Serialize, e: &AppError, tr: &Tr) -> FormState {
        if e.code == ErrorCode::Internal {
            tracing::error!(cause = ?e.cause, form = name, "internal error in form");
        }
        let (values, lists) = values_of(values);
        let mut state = FormState { sent: name, values, lists, refused: Some(e.code), ..FormState::default() };
        let message = tr.error(e);
        // A value refused goes under its field (custom ones too: `custom::refill` reads them);
        // a refusal of the action itself (not allowed, not found) heads the form.
        let about_value = e.code.status() == 422
            || matches!(
                e.code,
                ErrorCode::AlreadyExists
                    | ErrorCode::InvitationPending
                    | ErrorCode::InvalidCredentials
                    | ErrorCode::UnsupportedMediaType
                    | ErrorCode::PayloadTooLarge
            );
        match &e.field {
            Some(f) if about_value => {
                state.errors.insert(f.clone(), message);
            }
            _ => state.summary = Some(message),
        }
        state
    }

    /// Whether this is the form that was sent (to open it, or keep its values).
    pub fn is(&self, name: &str) -> bool {
        !self.sent.is_empty() && self.sent == name
    }
    /// The value typed into `field`, to show again.
    pub fn value(&self, field: &str) -> &str {
        self.values.get(field).map(String::as_str).unwrap_or("")
    }
    /// Whether `field` had `option` chosen (for selects), else whether it is the `default`.
    pub fn chosen(&self, field: &str, option: &str, default: bool) -> bool {
        match self.values.get(field) {
            Some(v) => v == option,
            None => default,
        }
    }
    /// Every value sent for `field` (the ticked boxes of a multiple choice).
    pub fn list(&self, field: &str) -> &[String] {
        self.lists.get(field).map(Vec::as_slice).unwrap_or_default()
    }
    /// Whether the box `option` of `field` was ticked.
    pub fn ticked(&self, field: &str, option: &str) -> bool {
        self.lists.get(field).is_some_and(|l| l.iter().any(|v| v == option))
    }
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field).map(String::as_str)
    }
    /// `aria-invalid`'s value for `field`.
    pub fn invalid(&self, field: &str) -> &'static str {
        if self.errors.contains_key(field) { "true" } else { "false" }
    }
    /// The message of form `name` that belongs to no field.
    pub fn summary(&self, name: &str) -> Option<&str> {
        self.summary.as_deref().filter(|_| self.is(name))
    }
    pub fn status(&self) -> axum::http::StatusCode {
        self.refused
            .and_then(|c| axum::http::StatusCode::from_u16(c.status()).ok())
            .unwrap_or(axum::http::StatusCode::OK)
    }
    /// Why the form was refused.
    pub fn refusal(&self) -> Option<ErrorCode> {
        self.refused
    }
}

/// The fields of a submitted form as text, and those sent several times as lists, to fill
/// the form again (secrets excluded: a password is typed again). `values` is a struct of
/// named fields or the form's raw `(name, value)` pairs.
fn values_of(values: &impl Serialize) -> (HashMap<String, String>, HashMap<String, Vec<String>>) {
    let (mut one, mut many) = (HashMap::new(), HashMap::new());
    let kept = |k: &str| !k.contains("password") && !k.starts_with('_');
    match serde_json::to_value(values) {
        Ok(serde_json::Value::Object(map)) => {
            for (k, v) in map.into_iter().filter(|(k, _)| kept(k)) {
                match v {
                    serde_json::Value::String(s) => {
                        one.insert(k, s);
                    }
                    serde_json::Value::Array(items) => {
                        many.insert(k, items.into_iter().filter_map(|i| i.as_str().map(str::to_string)).collect());
                    }
                    serde_json::Value::Null => {}
                    other => {
                        one.insert(k, other.to_string());
                    }
                }
            }
        }
        Ok(serde_json::Value::Array(pairs)) => {
            for pair in pairs {
                if let Some([serde_json::Value::String(k), serde_json::Value::String(v)]) =
                    pair.as_array().map(Vec::as_slice)
                    && kept(k)
                {
                    one.entry(k.clone()).or_insert_with(|| v.clone());
                    many.entry(k.clone()).or_insert_with(Vec::new).push(v.clone());
                }
            }
        }
        _ => {}
    }
    (one, many)
}

#[cfg(test)]
mod tests {
    use super::FormState;
    use crate::i18n::Tr;
    use portico_kernel::locale::Locale;
    use portico_kernel::{AppError, ErrorCode};

    #[test]
    fn a_refused_form_keeps_its_values_and_names_the_field_by_its_label() {
        #[derive(serde::Serialize)]
        struct F {
            limit: String,
            password: String,
            name: Option<String>,
        }
        let sent = F { limit: "many".into(), password: "secret".into(), name: None };
        let e = AppError::field(ErrorCode::InvalidNumber, "limit");
        let f = FormState::failed("invite", &sent, &e, &Tr::new(Locale::Fr));
        assert!(f.is("invite") && !f.is("other"));
        assert_eq!(f.value("limit"), "many");
        assert_eq!(f.value("password"), "", "passwords are typed again");
        assert_eq!(f.invalid("limit"), "true");
        assert_eq!(f.invalid("name"), "false");
        let message = f.error("limit").unwrap();
        assert!(message.starts_with("Taille de page"), "the label, in French: {message}");
        assert_eq!(f.status(), axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(FormState::fresh().status(), axum::http::StatusCode::OK);
    }

    #[test]
    fn raw_pairs_keep_repeated_fields_and_custom_errors_go_under_their_field() {
        let sent: Vec<(String, String)> =
            [("name", "Lyon"), ("custom.tags", "a"), ("custom.tags", "b"), ("_csrf", "x")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        let e = AppError::field(ErrorCode::InvalidValue, "custom.tags");
        let f = FormState::failed("unit", &sent, &e, &Tr::new(Locale::En));
        assert_eq!(f.value("name"), "Lyon");
        assert_eq!(f.list("custom.tags"), ["a", "b"]);
        assert_eq!(f.value("_csrf"), "", "hidden tokens are not echoed");
        assert!(f.error("custom.tags").is_some() && f.summary("unit").is_none());
        let shown = FormState::editing(&serde_json::json!({"name": "Paris"}));
        assert_eq!(shown.value("name"), "Paris");
        assert!(!shown.is("unit"));
        let other = FormState::failed("move", &sent, &e, &Tr::new(Locale::En))
            .or_stored(&serde_json::json!({"name": "Paris", "kind": "city"}));
        assert_eq!((other.value("name"), other.value("kind")), ("Lyon", "city"), "sent values win over stored ones");
    }
}

/// A file a form sent.
#[derive(Debug, Clone)]
pub struct SentFile {
    pub field: String,
    pub filename: String,
    pub bytes: axum::body::Bytes,
}

/// What a staff form sent, whether plain (`application/x-www-form-urlencoded`) or with files
/// (`multipart/form-data`; its CSRF token then comes in the query). File inputs left empty
/// send nothing.
#[derive(Debug, Default)]
pub struct Posted {
    pub fields: Vec<(String, String)>,
    pub files: Vec<SentFile>,
}

impl<S: Send + Sync> axum::extract::FromRequest<S> for Posted {
    type Rejection = axum::response::Response;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        use axum::response::IntoResponse;
        let multipart = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !multipart {
            let axum::Form(fields) = axum::Form::<Vec<(String, String)>>::from_request(req, state)
                .await
                .map_err(IntoResponse::into_response)?;
            return Ok(Posted { fields, files: Vec::new() });
        }
        let mut mp = axum::extract::Multipart::from_request(req, state).await.map_err(IntoResponse::into_response)?;
        let bad = |e: axum::extract::multipart::MultipartError| {
            (axum::http::StatusCode::BAD_REQUEST, e.body_text()).into_response()
        };
        let mut posted = Posted::default();
        while let Some(part) = mp.next_field().await.map_err(bad)? {
            let field = part.name().unwrap_or_default().to_string();
            match part.file_name().map(str::to_string) {
                Some(filename) => {
                    let bytes = part.bytes().await.map_err(bad)?;
                    if !filename.is_empty() || !bytes.is_empty() {
                        posted.files.push(SentFile { field, filename, bytes });
                    }
                }
                None => posted.fields.push((field, part.text().await.map_err(bad)?)),
            }
        }
        Ok(posted)
    }
}
