//! Translations (Fluent files in `locales/`) and per-locale formatting.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use portico_kernel::locale::Locale;
use portico_kernel::{AppError, Timestamp};
use unic_langid::LanguageIdentifier;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

fn langid(l: Locale) -> LanguageIdentifier {
    l.code().parse().unwrap_or_default()
}

/// A translator for one locale; templates call `tr.t("key")`.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub locale: Locale,
    /// Times are shown in the reader's time zone.
    pub tz: chrono_tz::Tz,
}

impl Tr {
    pub fn new(locale: Locale) -> Self {
        Tr { locale, tz: chrono_tz::UTC }
    }

    pub fn in_zone(locale: Locale, tz: chrono_tz::Tz) -> Self {
        Tr { locale, tz }
    }

    pub fn t(&self, key: &str) -> String {
        LOCALES.try_lookup(&langid(self.locale), key).unwrap_or_else(|| key.to_string())
    }

    pub fn t1(&self, key: &str, name: &'static str, value: impl std::fmt::Display) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        args.insert(Cow::Borrowed(name), FluentValue::from(value.to_string()));
        LOCALES.try_lookup_with_args(&langid(self.locale), key, &args).unwrap_or_else(|| key.to_string())
    }

    /// A message with several named arguments.
    pub fn with(&self, key: &str, args: &[(&'static str, &str)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> =
            args.iter().map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.to_string()))).collect();
        LOCALES.try_lookup_with_args(&langid(self.locale), key, &args).unwrap_or_else(|| key.to_string())
    }

    /// Plural-aware count message: the Fluent message selects on `$count`.
    pub fn count(&self, key: &str, n: i64) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        args.insert(Cow::Borrowed("count"), FluentValue::from(n));
        args.insert(Cow::Borrowed("formatted"), FluentValue::from(self.locale.format_integer(n)));
        LOCALES.try_lookup_with_args(&langid(self.locale), key, &args).unwrap_or_else(|| key.to_string())
    }

    /// The label of a form/API field, for error messages.
    /// Custom fields have no translation file entry: they are named by their key.
    pub fn field(&self, field: &str) -> String {
        let key = format!("field-{}", field.replace(['.', '_'], "-"));
        LOCALES.try_lookup(&langid(self.locale), &key).unwrap_or_else(|| {
            field.strip_prefix("custom.").map(|k| k.replace('_', " ")).unwrap_or_else(|| field.to_string())
        })
    }

    /// The user-facing message for an error, naming its field when it has one.
    pub fn error(&self, e: &AppError) -> String {
        let message = self.t(&format!("error-{}", e.code.code().replace('_', "-")));
        match &e.field {
            Some(f) => {
                let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
                args.insert(Cow::Borrowed("field"), FluentValue::from(self.field(f)));
                args.insert(Cow::Borrowed("message"), FluentValue::from(message.clone()));
                LOCALES.try_lookup_with_args(&langid(self.locale), "error-with-field", &args).unwrap_or(message)
            }
            None => message,
        }
    }

    fn local(&self, ts: Timestamp) -> chrono::NaiveDateTime {
        portico_kernel::clock::from_micros(ts).with_timezone(&self.tz).naive_local()
    }

    pub fn datetime(&self, ts: Timestamp) -> String {
        self.locale.format_datetime(self.local(ts))
    }

    pub fn date(&self, ts: Timestamp) -> String {
        self.locale.format_date(self.local(ts))
    }

    pub fn number(&self, n: &i64) -> String {
        self.locale.format_integer(*n)
    }

    pub fn code(&self) -> &'static str {
        self.locale.code()
    }
}

/// Every key of the English file, for completeness tests.
pub fn english_keys() -> Vec<String> {
    keys_of(include_str!("../locales/en/main.ftl"))
}

pub fn keys_of(ftl: &str) -> Vec<String> {
    ftl.lines()
        .filter(|l| !l.starts_with([' ', '#', '\t', '*', '[']) && l.contains(" ="))
        .filter_map(|l| l.split(" =").next().map(|k| k.trim().to_string()))
        .filter(|k| !k.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use portico_kernel::ErrorCode;

    #[test]
    fn every_language_has_every_key() {
        let en = english_keys();
        assert!(en.len() > 50);
        for (name, src) in
            [("fr", include_str!("../locales/fr/main.ftl")), ("hr", include_str!("../locales/hr/main.ftl"))]
        {
            let keys = keys_of(src);
            let missing: Vec<_> = en.iter().filter(|k| !keys.contains(k)).collect();
            assert!(missing.is_empty(), "{name} lacks {missing:?}");
            let extra: Vec<_> = keys.iter().filter(|k| !en.contains(k)).collect();
            assert!(extra.is_empty(), "{name} has unknown {extra:?}");
        }
    }

    #[test]
    fn every_error_code_is_translated() {
        for l in Locale::ALL {
            let tr = Tr::new(l);
            for c in ErrorCode::ALL {
                let key = format!("error-{}", c.code().replace('_', "-"));
                assert_ne!(tr.t(&key), key, "{l:?} {key}");
            }
        }
    }

    #[test]
    fn messages_name_the_field_in_the_language() {
        let e = AppError::field(ErrorCode::Required, "email");
        assert_eq!(Tr::new(Locale::En).error(&e), "E-mail: This field is required.");
        assert_eq!(Tr::new(Locale::Fr).error(&e), "Adresse e-mail : Ce champ est obligatoire.");
        assert_eq!(Tr::new(Locale::Hr).error(&e), "E-pošta: Ovo polje je obavezno.");
        let custom = AppError::field(ErrorCode::InvalidDate, "custom.opened_on");
        assert_eq!(Tr::new(Locale::Fr).error(&custom), "opened on : Cette date n’est pas valide (AAAA-MM-JJ).");
        assert_eq!(Tr::new(Locale::Fr).count("count-users", 1), "1 utilisateur");
        assert_eq!(Tr::new(Locale::Hr).count("count-users", 5), "5 korisnika");
        // 2026-07-01 10:30 UTC is 12:30 in Zagreb (summer time).
        let ts = 1_782_901_800_000_000;
        assert_eq!(Tr::in_zone(Locale::Hr, chrono_tz::Europe::Zagreb).datetime(ts), "1. 7. 2026. 12:30");
        assert_eq!(Tr::new(Locale::En).datetime(ts), "Jul 1, 2026 10:30");
    }
}
