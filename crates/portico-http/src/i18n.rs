//! Translations and per-locale formatting. The shell's own strings are in `locales/`;
//! every module brings its own Fluent files, registered at start-up, and a key is looked up
//! in the shell's strings first, then in each module's.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, StaticLoader, static_loader};
use portico_kernel::locale::Locale;
use portico_kernel::{AppError, ErrorCode, Timestamp};
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

static MODULE_STRINGS: std::sync::RwLock<Vec<&'static StaticLoader>> = std::sync::RwLock::new(Vec::new());

/// Add modules' strings to the lookup (once each, however many apps a process builds).
pub fn register(loaders: impl Iterator<Item = &'static StaticLoader>) {
    if let Ok(mut all) = MODULE_STRINGS.write() {
        for l in loaders {
            if !all.iter().any(|known| std::ptr::eq(*known, l)) {
                all.push(l);
            }
        }
    }
}

fn lookup(locale: Locale, key: &str, args: Option<&HashMap<Cow<'static, str>, FluentValue>>) -> Option<String> {
    let lang = langid(locale);
    let find = |l: &StaticLoader| match args {
        Some(a) => l.try_lookup_with_args(&lang, key, a),
        None => l.try_lookup(&lang, key),
    };
    find(&LOCALES).or_else(|| MODULE_STRINGS.read().ok()?.iter().find_map(|l| find(l)))
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
        lookup(self.locale, key, None).unwrap_or_else(|| key.to_string())
    }

    /// The translation of `key`, if any module has one.
    pub fn try_t(&self, key: &str) -> Option<String> {
        lookup(self.locale, key, None)
    }

    pub fn t1(&self, key: &str, name: &'static str, value: impl std::fmt::Display) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        args.insert(Cow::Borrowed(name), FluentValue::from(value.to_string()));
        lookup(self.locale, key, Some(&args)).unwrap_or_else(|| key.to_string())
    }

    /// A message with several named arguments.
    pub fn with(&self, key: &str, args: &[(&'static str, &str)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> =
            args.iter().map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.to_string()))).collect();
        lookup(self.locale, key, Some(&args)).unwrap_or_else(|| key.to_string())
    }

    /// Plural-aware count message: the Fluent message selects on `$count`.
    /// A key built from a prefix and a stored value, e.g. `status-` + `active`.
    pub fn tk(&self, prefix: &str, value: &str) -> String {
        self.t(&format!("{prefix}{value}"))
    }

    pub fn count(&self, key: &str, n: i64) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        args.insert(Cow::Borrowed("count"), FluentValue::from(n));
        args.insert(Cow::Borrowed("formatted"), FluentValue::from(self.locale.format_integer(n)));
        lookup(self.locale, key, Some(&args)).unwrap_or_else(|| key.to_string())
    }

    /// The label of a form/API field, for error messages.
    /// Custom fields have no translation file entry: they are named by their key.
    /// A field in a list (`conditions.2.value`) is looked up as `field-conditions-n-value`,
    /// told its place (`$n`, from 1).
    pub fn field(&self, field: &str) -> String {
        if let Some((at, n)) = field.split('.').enumerate().find_map(|(i, p)| p.parse::<usize>().ok().map(|n| (i, n))) {
            let parts: Vec<&str> = field.split('.').enumerate().map(|(i, p)| if i == at { "n" } else { p }).collect();
            let key = format!("field-{}", parts.join("-").replace('_', "-"));
            let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
            args.insert(Cow::Borrowed("n"), FluentValue::from(n + 1));
            if let Some(label) = lookup(self.locale, &key, Some(&args)) {
                return label;
            }
        }
        let key = format!("field-{}", field.replace(['.', '_'], "-"));
        lookup(self.locale, &key, None).unwrap_or_else(|| {
            field.strip_prefix("custom.").map(|k| k.replace('_', " ")).unwrap_or_else(|| field.to_string())
        })
    }

    /// The user-facing message for an error, naming its field when it has one.
    pub fn error(&self, e: &AppError) -> String {
        match &e.field {
            Some(f) => {
                // A message written for this field (`error-too-short-for-password`) says more
                // than the general one.
                let key = format!("error-{}-for-{}", e.code.code().replace('_', "-"), f.replace(['.', '_'], "-"));
                match self.try_t(&key) {
                    Some(message) => self.with_label(&self.field(f), message),
                    None => self.error_at(e.code, &self.field(f)),
                }
            }
            None => self.t(&format!("error-{}", e.code.code().replace('_', "-"))),
        }
    }

    /// The message for `code` about the field people know as `label`.
    pub fn error_at(&self, code: ErrorCode, label: &str) -> String {
        self.with_label(label, self.t(&format!("error-{}", code.code().replace('_', "-"))))
    }

    /// `message` about the field people know as `label` ("E-mail: this is not a valid address").
    pub fn with_label(&self, label: &str, message: String) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        args.insert(Cow::Borrowed("field"), FluentValue::from(label.to_string()));
        args.insert(Cow::Borrowed("message"), FluentValue::from(message.clone()));
        lookup(self.locale, "error-with-field", Some(&args)).unwrap_or(message)
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

    /// A permission as people read it: `core.view` is "Workspace: View".
    pub fn permission(&self, p: &str) -> String {
        match p.split_once('.') {
            Some((module, action)) => {
                self.pair(&self.t(&format!("module-{module}")), &self.t(&format!("action-{action}")))
            }
            None => p.to_string(),
        }
    }

    /// A role's name as people read it: a built-in role in the reader's language.
    pub fn role_name(&self, r: &portico_authz::Role) -> String {
        match r.builtin {
            Some(b) => self.t(&format!("role-{}", b.key())),
            None => r.name.clone(),
        }
    }

    /// "Label: value", with the reader's typography (a space before the colon in French).
    pub fn pair(&self, label: &str, value: &str) -> String {
        self.with("pair", &[("label", label), ("value", value)])
    }

    /// A size in bytes, in the unit that reads best (`12,5 Mo` in French).
    pub fn size(&self, bytes: i64) -> String {
        let units = ["size-b", "size-kb", "size-mb", "size-gb"];
        let (mut scaled, mut unit) = (bytes as f64, 0);
        while scaled >= 1024.0 && unit < units.len() - 1 {
            scaled /= 1024.0;
            unit += 1;
        }
        let n = if unit == 0 {
            self.locale.format_integer(bytes)
        } else {
            self.locale.format_decimal((scaled * 10.0).round() as i64, 1)
        };
        self.t1(units[unit], "n", n)
    }

    pub fn code(&self) -> &'static str {
        self.locale.code()
    }
}

/// Check that every language has exactly the keys of English: `files` gives, per
/// language code, the text of a module's Fluent file. Returns what is wrong.
pub fn missing_keys(files: &[(&str, &str)]) -> Vec<String> {
    let Some((_, en)) = files.iter().find(|(l, _)| *l == "en") else {
        return vec!["no English file".into()];
    };
    let en = keys_of(en);
    let mut problems = Vec::new();
    for (lang, src) in files.iter().filter(|(l, _)| *l != "en") {
        let keys = keys_of(src);
        problems.extend(en.iter().filter(|k| !keys.contains(k)).map(|k| format!("{lang} lacks {k}")));
        problems.extend(keys.iter().filter(|k| !en.contains(k)).map(|k| format!("{lang} has unknown {k}")));
    }
    problems
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
        let files = [
            ("en", include_str!("../locales/en/shell.ftl")),
            ("fr", include_str!("../locales/fr/shell.ftl")),
            ("hr", include_str!("../locales/hr/shell.ftl")),
        ];
        assert!(keys_of(files[0].1).len() > 40);
        assert_eq!(missing_keys(&files), Vec::<String>::new());
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
        let e = AppError::field(ErrorCode::InvalidValue, "limit");
        assert_eq!(Tr::new(Locale::En).error(&e), "Page size: This value is not allowed.");
        assert_eq!(Tr::new(Locale::Fr).count("count-results", 2), "2 résultats");
        let unknown = AppError::field(ErrorCode::InvalidDate, "custom.opened_on");
        assert_eq!(Tr::new(Locale::Hr).error(&unknown), "opened on: Ovo nije valjan datum (GGGG-MM-DD).");
    }
}
