//! Templates people write (an acknowledgement in their words, a canned answer, a stage
//! e-mail) run in a sandbox: minijinja with no loader (nothing can be included or imported),
//! a fuel limit (no endless loop), a recursion limit, values escaped in HTML, and only the
//! placeholders their purpose offers. The HTML of the source is sanitized when it is saved,
//! with its `{{ … }}` and `{% … %}` kept intact, and the output again when it is rendered.

use std::sync::OnceLock;

use minijinja::Environment;
use portico_kernel::{AppError, ErrorCode};
use serde_json::{Map, Value};

use super::Placeholder;

/// The largest template body accepted, in bytes.
pub const MAX_BODY: usize = 100 * 1024;
/// The longest subject accepted, in characters.
pub const MAX_SUBJECT: usize = 300;

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_fuel(Some(100_000));
        env.set_recursion_limit(32);
        env
    })
}

/// Check a template part: it parses, and names only the placeholders offered.
pub fn check(field: &str, source: &str, placeholders: &[Placeholder]) -> Result<(), AppError> {
    let name = if field == "subject" { "subject.txt" } else { "body.html" };
    let t = env().template_from_named_str(name, source).map_err(|e| {
        AppError::field(ErrorCode::TemplateSyntax, field).with_cause(e.display_debug_info().to_string())
    })?;
    let allowed = |v: &str| placeholders.iter().any(|p| p.path == v || p.path.starts_with(&format!("{v}.")));
    let mut unknown: Vec<String> = t.undeclared_variables(true).into_iter().filter(|v| !allowed(v)).collect();
    unknown.sort();
    match unknown.first() {
        Some(v) => Err(AppError::field(ErrorCode::UnknownPlaceholder, field).with_cause(format!("{{{{ {v} }}}}"))),
        None => Ok(()),
    }
}

/// Render a part with `values`: the subject as plain text on one line, the body as HTML
/// (values escaped, the result sanitized).
pub fn render(field: &str, source: &str, values: &Value) -> Result<String, AppError> {
    let name = if field == "subject" { "subject.txt" } else { "body.html" };
    let out = env()
        .render_named_str(name, source, minijinja::value::Serde(values))
        .map_err(|e| AppError::field(ErrorCode::TemplateSyntax, field).with_cause(e.to_string()))?;
    Ok(if field == "subject" {
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        portico_html::sanitize(&out)
    })
}

/// Sanitize the HTML of a template source, keeping its template syntax as written (an
/// attribute may hold a placeholder: `<a href="{{ link }}">`).
pub fn sanitize_source(source: &str) -> String {
    let mut kept = Vec::new();
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(start) = rest.find(['{']) {
        let (open, close) = match &rest[start..] {
            s if s.starts_with("{{") => ("{{", "}}"),
            s if s.starts_with("{%") => ("{%", "%}"),
            s if s.starts_with("{#") => ("{#", "#}"),
            _ => {
                out.push_str(&rest[..=start]);
                rest = &rest[start + 1..];
                continue;
            }
        };
        let Some(len) = rest[start + open.len()..].find(close) else { break };
        let end = start + open.len() + len + close.len();
        out.push_str(&rest[..start]);
        out.push_str(&format!("portico-template-part-{}-x", kept.len()));
        kept.push(rest[start..end].to_string());
        rest = &rest[end..];
    }
    out.push_str(rest);
    let mut clean = portico_html::sanitize(&out);
    for (i, part) in kept.iter().enumerate().rev() {
        clean = clean.replace(&format!("portico-template-part-{i}-x"), part);
    }
    clean
}

/// The sample values of a purpose's placeholders, as the nested object templates read.
pub fn sample(placeholders: &[Placeholder]) -> Value {
    let mut root = Map::new();
    for p in placeholders {
        let mut at = &mut root;
        let parts: Vec<&str> = p.path.split('.').collect();
        for (i, part) in parts.iter().enumerate() {
            if i + 1 == parts.len() {
                at.insert(part.to_string(), Value::String(p.sample.to_string()));
            } else {
                let next = at.entry(part.to_string()).or_insert_with(|| Value::Object(Map::new()));
                if !next.is_object() {
                    *next = Value::Object(Map::new());
                }
                let Value::Object(m) = next else { break };
                at = m;
            }
        }
    }
    Value::Object(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLACES: &[Placeholder] = &[
        Placeholder { path: "contact.name", label: "", sample: "Ana Horvat" },
        Placeholder { path: "link", label: "", sample: "https://x.test/a?b=1" },
    ];

    #[test]
    fn only_offered_placeholders_and_sound_syntax() {
        assert!(
            check("body", "<p>Hi {{ contact.name }} {% if link %}<a href=\"{{ link }}\">go</a>{% endif %}</p>", PLACES)
                .is_ok()
        );
        let e = check("body", "Hi {{ contact.nme }}", PLACES).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref(), e.cause.as_deref()),
            (ErrorCode::UnknownPlaceholder, Some("body"), Some("{{ contact.nme }}"))
        );
        let e = check("subject", "Hi {{ contact.name", PLACES).unwrap_err();
        assert_eq!((e.code, e.field.as_deref()), (ErrorCode::TemplateSyntax, Some("subject")));
        assert!(check("body", "{% include 'x' %}", PLACES).is_ok(), "parses…");
        assert!(render("body", "{% include 'x' %}", &sample(PLACES)).is_err(), "…but nothing can be included");
    }

    #[test]
    fn values_are_escaped_loops_are_bounded_output_is_clean() {
        let v = serde_json::json!({"contact": {"name": "<script>alert(1)</script>"}, "link": "javascript:alert(1)"});
        let out = render("body", "<p>{{ contact.name }}</p><a href=\"{{ link }}\">x</a>", &v).unwrap();
        assert!(!out.contains("<script") && !out.contains("javascript:"), "{out}");
        assert!(
            render("body", "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}", &v)
                .is_err()
        );
        assert_eq!(
            render("subject", "Re:\n {{ contact.name }}", &serde_json::json!({"contact": {"name": "A"}})).unwrap(),
            "Re: A"
        );
    }

    #[test]
    fn sanitizing_keeps_template_syntax() {
        let src = "<p onclick=\"x()\">Hi {{ contact.name }}</p><script>bad()</script><a href=\"{{ link }}\">go</a>{% if link %}!{% endif %}";
        let clean = sanitize_source(src);
        assert!(!clean.contains("onclick") && !clean.contains("<script"), "{clean}");
        assert!(
            clean.contains("{{ contact.name }}")
                && clean.contains("href=\"{{ link }}\"")
                && clean.contains("{% if link %}"),
            "{clean}"
        );
        assert_eq!(sample(PLACES)["contact"]["name"], "Ana Horvat");
    }
}
