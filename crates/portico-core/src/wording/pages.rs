//! The templates pages: every purpose with its templates by language, and the editor (rich
//! text, placeholders to insert, a preview with sample values, a test sent to oneself).

use askama::Template as Askama;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use portico_http::form::FormState;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, page, render};
use portico_kernel::locale::Locale;
use portico_kernel::{AppError, ErrorCode};
use portico_mail::templates::store::{self, Template, TemplateInput};
use portico_mail::templates::{Kind, Purpose, builtin, sandbox};
use serde::{Deserialize, Serialize};

/// One template of a purpose, in the languages it is written in.
pub(crate) struct Entry {
    name: String,
    key: String,
    /// (language code, its name, when the workspace's wording was last changed).
    languages: Vec<(&'static str, &'static str, Option<i64>)>,
}

pub(crate) struct Section {
    purpose: Purpose,
    label: String,
    hint: String,
    entries: Vec<Entry>,
}

impl Section {
    fn library(&self) -> bool {
        self.purpose.kind == Kind::Library
    }
}

#[derive(Askama)]
#[template(path = "wording.html")]
pub(crate) struct ListPage {
    c: Shell,
    sections: Vec<Section>,
    /// The language new templates start in.
    locale: &'static str,
}

fn languages_of(all: &[Template], purpose: &str, key: &str) -> Vec<(&'static str, &'static str, Option<i64>)> {
    Locale::ALL
        .iter()
        .map(|l| {
            let written = all.iter().find(|t| t.purpose == purpose && t.template_key == key && t.locale == l.code());
            (l.code(), l.native_name(), written.map(|t| t.updated_at))
        })
        .collect()
}

pub(crate) async fn list(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(&staff)?;
    let all = store::list(s.db.pool(), &admin).await.or_page(&staff)?;
    let tr = staff.tr();
    let sections = s
        .suite
        .templates
        .all()
        .iter()
        .map(|p| {
            let entries = match p.kind {
                Kind::Message => vec![Entry {
                    name: tr.t(p.label),
                    key: p.name.into(),
                    languages: languages_of(&all, p.name, p.name),
                }],
                Kind::Library => {
                    let mut keys: Vec<&Template> = all.iter().filter(|t| t.purpose == p.name).collect();
                    keys.dedup_by(|a, b| a.template_key == b.template_key);
                    keys.iter()
                        .map(|t| Entry {
                            name: t.name.clone(),
                            key: t.template_key.clone(),
                            languages: languages_of(&all, p.name, &t.template_key),
                        })
                        .collect()
                }
            };
            Section { purpose: *p, label: tr.t(p.label), hint: tr.t(p.hint), entries }
        })
        .collect();
    let p = ListPage { c: staff.shell("templates", &f), sections, locale: staff.tr().code() };
    Ok(page(&p))
}

/// What the editor shows of a template.
#[derive(Serialize, Deserialize, Default)]
pub(crate) struct Written {
    #[serde(default)]
    name: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    body: String,
    /// save | preview | test
    #[serde(default)]
    action: String,
}

#[derive(Askama)]
#[template(path = "wording_editor.html")]
pub(crate) struct EditorPage {
    c: Shell,
    purpose: Purpose,
    title: String,
    hint: String,
    key: String,
    locale: &'static str,
    languages: Vec<(&'static str, &'static str, Option<i64>)>,
    stored: Option<Template>,
    /// (placeholder as written, what it is).
    placeholders: Vec<(String, String)>,
    /// The preview: subject and body.
    preview: Option<(String, String)>,
    /// Where a template error is, or which placeholder is unknown.
    detail: Option<String>,
    form: FormState,
}

impl EditorPage {
    fn library(&self) -> bool {
        self.purpose.kind == Kind::Library
    }
    fn action(&self) -> String {
        format!("/settings/templates/{}/{}/{}", self.purpose.name, self.key, self.locale)
    }
}

/// What the editor shows after a post: the form as typed, a preview, where an error is.
struct Shown {
    form: FormState,
    preview: Option<(String, String)>,
    detail: Option<String>,
}

struct Place {
    purpose: Purpose,
    key: String,
    locale: Locale,
}

fn place(s: &AppState, purpose: &str, key: &str, locale: &str) -> Result<Place, AppError> {
    let purpose = *s.suite.templates.get(purpose)?;
    let locale = Locale::parse(locale).ok_or_else(AppError::not_found)?;
    let key_ok = key == "new"
        || (key.len() <= 80
            && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'));
    if !key_ok || (purpose.kind == Kind::Message && key != purpose.name) {
        return Err(AppError::not_found());
    }
    Ok(Place { purpose, key: key.to_string(), locale })
}

async fn editor_page(
    s: &AppState,
    staff: &Staff,
    at: &Place,
    f: &FlashQuery,
    shown: Option<Shown>,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(staff)?;
    let tr = staff.tr();
    let all = store::list(s.db.pool(), &admin).await.or_page(staff)?;
    let stored = all
        .iter()
        .find(|t| t.purpose == at.purpose.name && t.template_key == at.key && t.locale == at.locale.code())
        .cloned();
    if at.key != "new" && at.purpose.kind == Kind::Library && !all.iter().any(|t| t.template_key == at.key) {
        return Err(AppError::not_found()).or_page(staff);
    }
    let Shown { form, preview, detail } = shown.unwrap_or_else(|| {
        let fresh = match (&stored, at.purpose.kind) {
            (Some(t), _) => {
                Written { name: t.name.clone(), subject: t.subject.clone(), body: t.body.clone(), ..Default::default() }
            }
            (None, Kind::Message) => {
                let (subject, body) = builtin::source(at.purpose.name, at.locale).unwrap_or_default();
                Written { subject, body, ..Default::default() }
            }
            // Another language of a library template starts from a language it has.
            (None, Kind::Library) => all
                .iter()
                .find(|t| t.template_key == at.key)
                .map(|t| Written {
                    name: t.name.clone(),
                    subject: t.subject.clone(),
                    body: t.body.clone(),
                    ..Default::default()
                })
                .unwrap_or_default(),
        };
        Shown { form: FormState::editing(&fresh), preview: None, detail: None }
    });
    let title = match (at.purpose.kind, &stored) {
        (Kind::Message, _) => tr.t(at.purpose.label),
        (Kind::Library, Some(t)) => t.name.clone(),
        (Kind::Library, None) if at.key == "new" => tr.t("template-new"),
        (Kind::Library, None) => {
            all.iter().find(|t| t.template_key == at.key).map(|t| t.name.clone()).unwrap_or_default()
        }
    };
    let p = EditorPage {
        c: staff.shell("templates", f),
        hint: tr.t(at.purpose.hint),
        title,
        purpose: at.purpose,
        key: at.key.clone(),
        locale: at.locale.code(),
        languages: languages_of(&all, at.purpose.name, &at.key),
        stored,
        placeholders: at
            .purpose
            .placeholders
            .iter()
            .map(|p| (format!("{{{{ {} }}}}", p.path), tr.t(p.label)))
            .collect(),
        preview,
        detail,
        form,
    };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn editor(
    State(s): State<AppState>,
    staff: Staff,
    Path((purpose, key, locale)): Path<(String, String, String)>,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let at = place(&s, &purpose, &key, &locale).or_page(&staff)?;
    editor_page(&s, &staff, &at, &f, None).await
}

/// Save, preview, or send a test to oneself.
pub(crate) async fn save(
    State(s): State<AppState>,
    staff: Staff,
    Path((purpose, key, locale)): Path<(String, String, String)>,
    Form(w): Form<Written>,
) -> Response {
    let at = match place(&s, &purpose, &key, &locale) {
        Ok(at) => at,
        Err(e) => return after("/settings/templates", Err(e)).into_response(),
    };
    let input = TemplateInput {
        purpose: at.purpose.name.into(),
        template_key: if at.key == "new" { String::new() } else { at.key.clone() },
        locale: at.locale.code().into(),
        name: w.name.clone(),
        subject: w.subject.clone(),
        body: w.body.clone(),
    };
    let tr = staff.tr();
    let result: Result<Outcome, AppError> = async {
        let admin = staff.caller.authz.admin()?;
        let checked = store::check(&s.suite.templates, &input)?;
        match w.action.as_str() {
            "preview" => {
                let values = at.purpose.sample();
                let subject = sandbox::render("subject", &checked.subject, &values)?;
                Ok(Outcome::Preview(subject, sandbox::render("body", &checked.body, &values)?))
            }
            "test" => {
                let me = staff.caller.email.clone();
                let r = portico_mail::templates::wrap(&checked.subject, &checked.body, &at.purpose.sample())?;
                let mut tx = s.db.begin().await?;
                let email = portico_mail::OutgoingEmail {
                    workspace: Some(admin.workspace()),
                    to: me.clone(),
                    from: s.mail.from.clone(),
                    subject: format!("[{}] {}", tr.t("template-test"), r.subject),
                    text: r.text,
                    html: Some(r.html),
                    ..Default::default()
                };
                portico_mail::outbox::queue(&mut tx, email, s.clock.now_micros()).await?;
                tx.commit().await.map_err(portico_db::db_error)?;
                Ok(Outcome::Tested)
            }
            _ => {
                let t = store::save(&s.db, &admin, &s.suite.templates, &input, s.clock.now_micros()).await?;
                Ok(Outcome::Saved(format!("/settings/templates/{}/{}/{}", t.purpose, t.template_key, t.locale)))
            }
        }
    }
    .await;
    let typed = Written { action: String::new(), ..w };
    let (shown, flash) = match result {
        Ok(Outcome::Saved(to)) => return Redirect::to(&format!("{to}?notice=saved")).into_response(),
        Ok(Outcome::Preview(subject, body)) => {
            let form = FormState::editing(&typed);
            (Shown { form, preview: Some((subject, body)), detail: None }, FlashQuery::default())
        }
        Ok(Outcome::Tested) => {
            let flash = FlashQuery { notice: Some("template-test-sent".into()), ..Default::default() };
            (Shown { form: FormState::editing(&typed), preview: None, detail: None }, flash)
        }
        Err(e) => {
            // Which placeholder is unknown, where the syntax breaks: said beside the message.
            let detail = matches!(e.code, ErrorCode::TemplateSyntax | ErrorCode::UnknownPlaceholder)
                .then(|| e.cause.clone())
                .flatten();
            (
                Shown { form: FormState::failed("template", &typed, &e, &tr), preview: None, detail },
                FlashQuery::default(),
            )
        }
    };
    editor_page(&s, &staff, &at, &flash, Some(shown)).await.into_response()
}

enum Outcome {
    Saved(String),
    Preview(String, String),
    Tested,
}

/// Forget this language of the template (Portico's messages go back to Portico's wording).
pub(crate) async fn delete(
    State(s): State<AppState>,
    staff: Staff,
    Path((purpose, key, locale)): Path<(String, String, String)>,
) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        let at = place(&s, &purpose, &key, &locale)?;
        let t = store::find(s.db.pool(), &admin, at.purpose.name, &at.key, at.locale)
            .await?
            .ok_or_else(AppError::not_found)?;
        store::remove(&s.db, &admin, &t.id, s.clock.now_micros()).await
    }
    .await;
    after("/settings/templates", result.map(|_| "template-removed")).into_response()
}
