//! An audit entry in words: what was done to which record, by whom, and what changed —
//! in the reader's language, with names instead of ids.

use std::collections::HashMap;

use portico_audit::AuditRow;
use portico_http::i18n::Tr;
use serde_json::Value;

/// Names of the records ids point to (units, roles, people), to show instead of ids.
#[derive(Default)]
pub struct Names(pub HashMap<String, String>);

impl Names {
    fn of(&self, id: &str) -> Option<&str> {
        self.0.get(id).map(String::as_str)
    }
}

/// "Unit created", "Signed in": the action, with the record's kind.
pub fn action(tr: &Tr, row: &AuditRow) -> String {
    action_label(tr, &row.action, &row.record_type)
}

/// The words for `action` (`unit.create`) done to a record of `record_type`.
pub fn action_label(tr: &Tr, action: &str, record_type: &str) -> String {
    let specific = format!("audit-action-{}", action.replace(['.', '_'], "-"));
    if let Some(s) = tr.try_t(&specific) {
        return s;
    }
    let verb = action.rsplit('.').next().unwrap_or(action).replace('_', "-");
    let kind = tr.t(&format!("record-kind-{record_type}"));
    let key = format!("audit-verb-{verb}");
    match tr.t1(&key, "kind", &kind) {
        missing if missing == key => tr.t1("audit-verb-other", "kind", kind),
        said => said,
    }
}

/// Who did it, as the reader knows them, and how (in person, with a token); Portico itself
/// for background work.
pub fn actor(tr: &Tr, row: &AuditRow) -> (String, String) {
    if row.actor_type == "system" {
        return (tr.t("actor-system"), String::new());
    }
    (row.actor_label.clone(), tr.t(&format!("actor-{}", row.actor_type.replace('_', "-"))))
}

/// Fields that mean nothing to a reader (hashes, extracted text) or repeat the record's name.
const HIDDEN: [&str; 7] = ["sha256", "token_hash", "secret", "extracted_text", "builtin", "workspace_id", "created_at"];

const TITLE_KEYS: [&str; 7] = ["name", "title", "filename", "email", "label", "url", "key"];

/// The record's name as the entry saw it (after the change, or before a deletion).
pub fn record(tr: &Tr, row: &AuditRow, names: &Names) -> String {
    let kind = tr.t(&format!("record-kind-{}", row.record_type));
    let titled = [&row.after_json, &row.before_json].into_iter().flatten().find_map(|j| {
        let v = named(tr, serde_json::from_str::<Value>(j).ok()?.as_object()?.clone());
        TITLE_KEYS.iter().find_map(|k| v.get(*k).and_then(Value::as_str).map(str::to_string))
    });
    match titled.or_else(|| names.of(&row.record_id).map(str::to_string)) {
        Some(t) => format!("{kind} · {t}"),
        None => kind,
    }
}

/// What changed, one line per field: "Name: North → Nord", or the value set on creation.
pub fn changes(tr: &Tr, row: &AuditRow, names: &Names) -> Vec<String> {
    let object = |j: &Option<String>| -> serde_json::Map<String, Value> {
        j.as_deref()
            .and_then(|j| serde_json::from_str::<Value>(j).ok())
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default()
    };
    let (before, after) = (named(tr, object(&row.before_json)), named(tr, object(&row.after_json)));
    let mut keys: Vec<&String> = before.keys().chain(after.keys()).filter(|k| !HIDDEN.contains(&k.as_str())).collect();
    keys.sort();
    keys.dedup();
    let mut out = Vec::new();
    for key in keys {
        let (old, new) = (before.get(key), after.get(key));
        if old == new {
            continue;
        }
        let show = |v: Option<&Value>| v.and_then(|v| value(tr, &row.record_type, key, v, names));
        let label = tr.field(key);
        match (show(old), show(new)) {
            (Some(o), Some(n)) => out.push(tr.pair(&label, &format!("{o} → {n}"))),
            (None, Some(n)) => out.push(tr.pair(&label, &n)),
            (Some(o), None) => out.push(tr.pair(&label, &format!("{o} → —"))),
            (None, None) => {}
        }
    }
    out
}

/// An entry's fields as shown: a built-in role named in the reader's language, and custom
/// values one field each (`custom.<key>`).
fn named(tr: &Tr, mut o: serde_json::Map<String, Value>) -> serde_json::Map<String, Value> {
    if let Some(b) = o.get("builtin").and_then(Value::as_str).map(str::to_string) {
        o.insert("name".into(), Value::String(tr.t(&format!("role-{b}"))));
    }
    if let Some(Value::Object(custom)) = o.remove("custom_fields") {
        o.extend(custom.into_iter().map(|(k, v)| (format!("custom.{k}"), v)));
    }
    o
}

/// A value as people read it; ids become names (or are left out when unknown). A kind may
/// name its own statuses (`status-<kind>-<status>`: a ticket is "solved", not "hired").
fn value(tr: &Tr, kind: &str, key: &str, v: &Value, names: &Names) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::Bool(b) => Some(tr.t(if *b { "yes" } else { "no" })),
        Value::Number(n) if key == "size" || key == "size_bytes" => n.as_i64().map(|b| tr.size(b)),
        Value::Number(n) if key.ends_with("_at") => n.as_i64().map(|t| tr.datetime(t)),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if key.ends_with("_id") || key == "id" => names.of(s).map(str::to_string),
        Value::String(s) if key == "status" => {
            Some(tr.try_t(&format!("status-{kind}-{s}")).unwrap_or_else(|| tr.t(&format!("status-{s}"))))
        }
        Value::String(s) if key == "extraction_status" => Some(tr.t(&format!("extraction-{s}"))),
        Value::String(s) if key == "content_type" => Some(tr.t(&format!("mime-{}", portico_files::kind_of(s)))),
        Value::String(s) if key == "record_type" || key == "subject_type" => Some(tr.t(&format!("record-kind-{s}"))),
        // A rule's `kind`; a unit's is free text.
        Value::String(s) if key == "kind" && tr.try_t(&format!("record-kind-{s}")).is_some() => {
            tr.try_t(&format!("record-kind-{s}"))
        }
        Value::String(s) if key == "field_type" => Some(tr.t(&format!("field-type-{s}"))),
        Value::String(s) if key == "permissions" || key == "scopes" => Some(tr.permission(s)),
        Value::String(s) if key == "builtin" => Some(tr.t(&format!("role-{s}"))),
        Value::String(s) if key == "events" && s == "*" => Some(tr.t("webhook-all-events")),
        Value::String(s) if key == "events" => Some(action_label(tr, s, s.split('.').next().unwrap_or_default())),
        // A module's stored code (`contract: fixed_term`) is read through `value-<field>-<code>`.
        Value::String(s) => {
            Some(tr.try_t(&format!("value-{}-{s}", key.replace('_', "-"))).unwrap_or_else(|| s.clone()))
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(|i| value(tr, kind, key, i, names)).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        Value::Object(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portico_kernel::locale::Locale;

    fn row(action: &str, kind: &str, after: Value) -> AuditRow {
        AuditRow {
            id: "a".into(),
            actor_type: "system".into(),
            actor_id: None,
            actor_label: "text extraction".into(),
            action: action.into(),
            record_type: kind.into(),
            record_id: "r".into(),
            unit_id: None,
            before_json: None,
            after_json: Some(after.to_string()),
            created_at: 0,
        }
    }

    #[test]
    fn changes_read_as_words_in_the_readers_language() {
        // Building the suite registers the core's strings.
        portico_http::Suite::new(vec![std::sync::Arc::new(crate::Core)]).unwrap();
        let tr = Tr::new(Locale::Fr);
        let upload = row(
            "file.upload",
            "file",
            serde_json::json!({"filename": "cv.txt", "content_type": "text/plain", "size": 2048, "sha256": "ab"}),
        );
        let said = changes(&tr, &upload, &Names::default());
        assert!(said.iter().any(|l| l.starts_with("Taille") && l.contains("Ko")), "{said:?}");
        assert!(said.iter().any(|l| l.starts_with("Type")), "{said:?}");
        assert!(!said.iter().any(|l| l.contains("sha256") || l.contains('_')), "no key from code: {said:?}");
        let contact = row("contact.create", "contact", serde_json::json!({"name": "Ana", "company": "", "phone": ""}));
        assert_eq!(changes(&tr, &contact, &Names::default()), ["Nom : Ana"], "empty values are not listed");
        let token = row("api_token.create", "api_token", serde_json::json!({"expires_at": 1_767_225_600_000_000_i64}));
        let said = changes(&tr, &token, &Names::default());
        assert!(said[0].starts_with("Expire le") && said[0].contains("2026"), "{said:?}");
        assert_eq!(actor(&tr, &upload).0, "Portico", "Portico's own work is Portico's, in every language");
    }
}
