//! Portico's own wording of its messages: minijinja, one text and one HTML file per message
//! and language. The text file's first line is `Subject: …`. HTML is autoescaped. A
//! workspace may rewrite them (see the parent module); these are the defaults.

use std::sync::{Arc, RwLock};

use minijinja::Environment;
use portico_kernel::AppError;
use portico_kernel::locale::Locale;

macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/", $name)))),*]
    };
}

const FILES: &[(&str, &str)] = templates![
    "layout.html",
    "frame.html",
    "invitation.en.txt",
    "invitation.en.html",
    "invitation.fr.txt",
    "invitation.fr.html",
    "invitation.hr.txt",
    "invitation.hr.html",
    "password_reset.en.txt",
    "password_reset.en.html",
    "password_reset.fr.txt",
    "password_reset.fr.html",
    "password_reset.hr.txt",
    "password_reset.hr.html",
    "mail_received.en.txt",
    "mail_received.en.html",
    "mail_received.fr.txt",
    "mail_received.fr.html",
    "mail_received.hr.txt",
    "mail_received.hr.html",
    "notification.en.txt",
    "notification.en.html",
    "notification.fr.txt",
    "notification.fr.html",
    "notification.hr.txt",
    "notification.hr.html",
    "portal_sign_in.en.txt",
    "portal_sign_in.en.html",
    "portal_sign_in.fr.txt",
    "portal_sign_in.fr.html",
    "portal_sign_in.hr.txt",
    "portal_sign_in.hr.html",
];

/// Messages of modules (Recruit's acknowledgement of an application…), in the same files'
/// shape: `(file name, source)`.
static MODULE_FILES: RwLock<Vec<(&'static str, &'static str)>> = RwLock::new(Vec::new());
static ENV: RwLock<Option<(usize, Arc<Environment<'static>>)>> = RwLock::new(None);

/// Add a module's own messages to Portico's (once per file name; a module lists them in
/// `Module::wording`, registered when the suite is built).
pub fn register(files: &[(&'static str, &'static str)]) {
    let Ok(mut all) = MODULE_FILES.write() else { return };
    for f in files {
        if !all.iter().any(|(n, _)| *n == f.0) {
            all.push(*f);
        }
    }
}

fn all_files() -> Vec<(&'static str, &'static str)> {
    let mut out = FILES.to_vec();
    out.extend(MODULE_FILES.read().map(|m| m.clone()).unwrap_or_default());
    out
}

/// The environment of every message known, made again when a module registered more.
fn env() -> Arc<Environment<'static>> {
    let known = FILES.len() + MODULE_FILES.read().map(|m| m.len()).unwrap_or(0);
    if let Ok(g) = ENV.read()
        && let Some((n, env)) = g.as_ref()
        && *n == known
    {
        return env.clone();
    }
    let mut env = Environment::new();
    for (name, src) in all_files() {
        if let Err(e) = env.add_template(name, src) {
            tracing::error!(template = name, error = %e, "invalid e-mail template");
        }
    }
    let env = Arc::new(env);
    if let Ok(mut g) = ENV.write() {
        *g = Some((known, env.clone()));
    }
    env
}

#[derive(Debug, Clone)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Render message `name` in `locale` (falling back to English) with `ctx`.
pub fn render(name: &str, locale: Locale, ctx: &serde_json::Value) -> Result<Rendered, AppError> {
    let env = env();
    let pick = |ext: &str| {
        let wanted = format!("{name}.{}.{ext}", locale.code());
        env.get_template(&wanted).or_else(|_| env.get_template(&format!("{name}.en.{ext}")))
    };
    let err = |e: minijinja::Error| AppError::internal(format!("e-mail template {name}: {e}"));
    let text = pick("txt").map_err(err)?.render(minijinja::value::Serde(ctx)).map_err(err)?;
    let html = pick("html").map_err(err)?.render(minijinja::value::Serde(ctx)).map_err(err)?;
    let (first, body) = text.split_once('\n').unwrap_or((&text, ""));
    let subject = first.strip_prefix("Subject:").map(str::trim).unwrap_or(first).to_string();
    Ok(Rendered { subject, text: body.trim_start().to_string(), html })
}

/// The wording of message `name` in `locale` as a template people can start from: its
/// subject and the HTML of its body (without the layout).
pub fn source(name: &str, locale: Locale) -> Option<(String, String)> {
    let files = all_files();
    let file =
        |ext: &str| files.iter().find(|(n, _)| *n == format!("{name}.{}.{ext}", locale.code())).map(|(_, src)| *src);
    let (txt, html) = (file("txt")?, file("html")?);
    let subject = txt.lines().next()?.strip_prefix("Subject:")?.trim().to_string();
    let start = html.find("{% block body %}")? + "{% block body %}".len();
    let end = html.rfind("{% endblock %}")?;
    Some((subject, html.get(start..end)?.trim().to_string()))
}

/// An HTML body in Portico's e-mail layout.
pub fn framed(title: &str, body: &str) -> Result<String, AppError> {
    let ctx = serde_json::json!({"title": title, "body": body});
    env()
        .get_template("frame.html")
        .and_then(|t| t.render(minijinja::value::Serde(&ctx)))
        .map_err(|e| AppError::internal(format!("e-mail layout: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_renders_in_every_language() {
        let ctx = serde_json::json!({"name": "Ana <script>", "workspace": "Acme", "link": "https://x/y", "inviter": "Olga",
            "subject": "Hi", "mailbox": "Support", "site": "Acme"});
        for name in ["invitation", "password_reset", "mail_received", "portal_sign_in"] {
            for l in Locale::ALL {
                let r = render(name, l, &ctx).unwrap();
                assert!(!r.subject.is_empty() && !r.subject.starts_with("Subject"), "{name} {l:?}");
                // minijinja escapes `/` in HTML as `&#x2f;`, which browsers and mail clients decode.
                let linked = name != "mail_received";
                assert!(
                    !linked
                        || (r.text.contains("https://x/y") && r.html.replace("&#x2f;", "/").contains("https://x/y"))
                );
                assert!(r.html.contains("Ana &lt;script&gt;"), "HTML part is escaped");
            }
        }
        assert!(render("invitation", Locale::Fr, &ctx).unwrap().subject.contains("Acme"));
    }

    #[test]
    fn the_default_wording_is_a_template_to_start_from() {
        let (subject, body) = source("invitation", Locale::Fr).unwrap();
        assert!(subject.contains("{{ workspace }}"), "{subject}");
        assert!(body.contains("{{ link }}") && !body.contains("block"), "{body}");
        assert!(source("nothing", Locale::En).is_none());
    }
}
