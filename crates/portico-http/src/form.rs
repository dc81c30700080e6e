//! A form that fails is shown again in place: the values as typed, the error under its field
//! (named by its label, in the reader's language), the field marked invalid and focused. A
//! message that belongs to no field heads the form. Toasts only confirm success.

use std::collections::HashMap;

use portico_kernel::{AppError, ErrorCode};
use serde::Serialize;

use crate::i18n::Tr;

#[derive(Debug, Default, Clone)]
pub struct FormState {
    /// Which of the page's forms was sent.
    sent: &'static str,
    values: HashMap<String, String>,
    /// Fields sent several times (checkboxes of one name).
    lists: HashMap<String, Vec<String>>,
    errors: HashMap<String, String>,
    summary: Option<String>,
    /// The refusal's HTTP status (422 for a field, 403 when not allowed…).
    refused: Option<u16>,
}

impl FormState {
    /// A page shown fresh: no form was sent.
    pub fn fresh() -> FormState {
        FormState::default()
    }

    /// Form `name` was sent with `values` and refused with `e`.
    pub fn failed(name: &'static str, values: &impl Serialize, e: &AppError, tr: &Tr) -> FormState {
        if e.code == ErrorCode::Internal {
            tracing::error!(cause = ?e.cause, form = name, "internal error in form");
        }
        let (values, lists) = values_of(values);
        let mut state = FormState { sent: name, values, lists, refused: Some(e.code.status()), ..FormState::default() };
        let message = tr.error(e);
        // A value refused goes under its field; a refusal of the action itself (not allowed,
        // not found) heads the form, as do custom fields (drawn by the shared partial).
        let about_value =
            e.code.status() == 422 || matches!(e.code, ErrorCode::AlreadyExists | ErrorCode::InvitationPending);
        match &e.field {
            Some(f) if about_value && !f.starts_with("custom.") => {
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
        self.refused.and_then(|s| axum::http::StatusCode::from_u16(s).ok()).unwrap_or(axum::http::StatusCode::OK)
    }
}

/// The fields of a submitted form as text, and those sent several times as lists, to fill
/// the form again (secrets excluded: a password is typed again).
fn values_of(values: &impl Serialize) -> (HashMap<String, String>, HashMap<String, Vec<String>>) {
    let (mut one, mut many) = (HashMap::new(), HashMap::new());
    let Ok(serde_json::Value::Object(map)) = serde_json::to_value(values) else { return (one, many) };
    for (k, v) in map.into_iter().filter(|(k, _)| !k.contains("password") && !k.starts_with('_')) {
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
}
