//! E-mail templates and canned texts. Portico's own messages (an invitation, an
//! acknowledgement) have built-in wording per language ([`builtin`]) that a workspace may
//! rewrite; modules add purposes of their own, such as the e-mails a recruiter sends to
//! candidates or an agent's canned answers, which people write from scratch. Each purpose
//! lists the placeholders its templates may use, with sample values for previews.
//! What people write runs in a [`sandbox`]; it is stored per workspace and language
//! ([`store`]).

pub mod builtin;
pub mod sandbox;
pub mod store;

pub use builtin::{Rendered, render};

use portico_db::Tx;
use portico_kernel::locale::Locale;
use portico_kernel::{AppError, WorkspaceId};
use serde_json::Value;

/// A value a template may show, with what people call it and a sample for previews.
#[derive(Debug, Clone, Copy)]
pub struct Placeholder {
    /// As written in a template: `contact.name` for `{{ contact.name }}`.
    pub path: &'static str,
    /// Translation key of what it is.
    pub label: &'static str,
    pub sample: &'static str,
}

/// A placeholder: its path, the translation key of its name, a sample value.
pub const fn ph(path: &'static str, label: &'static str, sample: &'static str) -> Placeholder {
    Placeholder { path, label, sample }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One of Portico's messages: one template per language, built-in wording as default.
    Message,
    /// A library people fill: named templates, each in the languages they write it in.
    Library,
}

/// What templates are for, registered by a module.
#[derive(Debug, Clone, Copy)]
pub struct Purpose {
    /// Stable name: a built-in message's (`invitation`) or `<module>.<what>`.
    pub name: &'static str,
    /// Translation keys of its name and of what it is used for.
    pub label: &'static str,
    pub hint: &'static str,
    pub kind: Kind,
    /// Whether it is an e-mail (a subject and a body) or a canned text (a body only).
    pub subject: bool,
    pub placeholders: &'static [Placeholder],
}

impl Purpose {
    pub fn sample(&self) -> Value {
        sandbox::sample(self.placeholders)
    }
}

/// The purposes of every module of the binary.
#[derive(Default, Clone)]
pub struct Purposes(Vec<Purpose>);

impl Purposes {
    pub fn new(all: Vec<Purpose>) -> Result<Purposes, AppError> {
        for (i, p) in all.iter().enumerate() {
            if all[..i].iter().any(|o| o.name == p.name) {
                return Err(AppError::internal(format!("template purpose {} is registered twice", p.name)));
            }
            if p.kind == Kind::Message && builtin::source(p.name, Locale::En).is_none() {
                return Err(AppError::internal(format!("template purpose {} has no built-in wording", p.name)));
            }
        }
        Ok(Purposes(all))
    }
    pub fn get(&self, name: &str) -> Result<&Purpose, AppError> {
        self.0.iter().find(|p| p.name == name).ok_or_else(AppError::not_found)
    }
    pub fn all(&self) -> &[Purpose] {
        &self.0
    }
}

/// A message in a workspace's words if it rewrote it in `locale`, else Portico's own.
pub async fn render_in(
    tx: &mut Tx,
    ws: WorkspaceId,
    name: &str,
    locale: Locale,
    values: &Value,
) -> Result<Rendered, AppError> {
    match store::written(tx, ws, name, name, locale).await? {
        Some(t) => wrap(&t.subject, &t.body, values),
        None => render(name, locale, values),
    }
}

/// A template people wrote, rendered as a whole e-mail (the HTML in Portico's layout, a
/// text part made from it).
pub fn wrap(subject: &str, body: &str, values: &Value) -> Result<Rendered, AppError> {
    let subject = sandbox::render("subject", subject, values)?;
    let html = sandbox::render("body", body, values)?;
    Ok(Rendered { text: portico_html::to_text(&html), html: builtin::framed(&subject, &html)?, subject })
}
