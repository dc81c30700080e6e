//! Rules and business-hours calendars (settings): what the core lets rules watch (files and
//! contacts) and do (send a templated e-mail, call a webhook, set a custom field), the
//! rule builder with its dry-run, and the jobs that run rules.

pub mod actions;
pub mod api;
pub mod builder;
pub mod calendars;
pub mod demo;
pub mod pages;

use std::sync::Arc;

use axum::routing::{get, post};
use portico_http::{AppState, Routes};
use portico_jobs::Worker;
use portico_mail::templates::{Kind, Placeholder, Purpose};
use portico_rules::engine::{Engine, Fired, RUN_JOB, TICK_JOB};
use portico_rules::{Field, FieldType, Subject};

/// The e-mails rules send.
pub const RULE_EMAIL: &str = "core.rule_email";

const fn field(name: &'static str, label: &'static str, ty: FieldType) -> Field {
    Field { name, label, ty, choices: &[] }
}

const FILE_FIELDS: &[Field] = &[
    field("filename", "field-filename", FieldType::Text),
    field("content_type", "field-content-type", FieldType::Text),
    field("size_bytes", "field-size", FieldType::Number),
    field("unit_id", "field-unit", FieldType::Unit),
    field("uploaded_by", "field-uploaded-by", FieldType::User),
    Field {
        choices: &["pending", "done", "failed", "none"],
        ..field("extraction_status", "field-extraction-status", FieldType::Choice)
    },
    field("created_at", "field-created-at", FieldType::Time),
];

const CONTACT_FIELDS: &[Field] = &[
    field("name", "field-name", FieldType::Text),
    field("email", "field-email", FieldType::Text),
    field("phone", "field-phone", FieldType::Text),
    field("company", "field-company", FieldType::Text),
    Field { choices: &["en", "fr", "hr"], ..field("locale", "field-locale", FieldType::Choice) },
    field("unit_id", "field-unit", FieldType::Unit),
    field("created_at", "field-created-at", FieldType::Time),
    field("updated_at", "field-updated-at", FieldType::Time),
];

/// What rules may watch among the core's kinds.
pub fn subjects() -> Vec<Subject> {
    vec![
        Subject {
            kind: portico_files::store::RECORD_TYPE,
            fields: FILE_FIELDS,
            verbs: &["upload", "move", "extract", "delete"],
        },
        Subject {
            kind: crate::contacts::store::KIND,
            fields: CONTACT_FIELDS,
            verbs: &["create", "update", "email", "delete"],
        },
    ]
}

const fn ph(path: &'static str, label: &'static str, sample: &'static str) -> Placeholder {
    Placeholder { path, label, sample }
}

const RULE_PLACEHOLDERS: &[Placeholder] = &[
    ph("record.title", "placeholder-record-title", "Devis Lyon 2026.pdf"),
    ph("record.kind", "placeholder-record-kind", "Fichier"),
    ph("record.link", "placeholder-record-link", "https://portico.example/files/abc"),
    ph("rule.name", "placeholder-rule-name", "Devis de Lyon"),
    ph("workspace", "placeholder-workspace", "Maison Lumière"),
];

pub fn purpose() -> Purpose {
    Purpose {
        name: RULE_EMAIL,
        label: "purpose-rule-email",
        hint: "purpose-rule-email-hint",
        kind: Kind::Library,
        subject: true,
        placeholders: RULE_PLACEHOLDERS,
    }
}

pub fn routes(r: Routes) -> Routes {
    r.api(api::router())
        .page("/settings/rules", get(pages::list))
        .page("/settings/rules/{id}", get(pages::builder).post(pages::submit))
        .page("/settings/rules/{id}/{action}", post(pages::action))
        .page("/settings/calendars", get(calendars::list))
        .page("/settings/calendars/{id}", get(calendars::editor).post(calendars::save))
        .page("/settings/calendars/{id}/delete", post(calendars::delete))
}

/// The rules engine of this server.
pub fn engine(s: &AppState) -> Engine {
    Engine {
        db: s.db.clone(),
        registry: s.suite.platform.registry.clone(),
        book: s.suite.rules.clone(),
        mail: s.mail.clone(),
    }
}

pub fn register_jobs(state: &AppState, w: &mut Worker) {
    let e = Arc::new(engine(state));
    let on_write = e.clone();
    w.register(RUN_JOB, move |ctx| {
        let e = on_write.clone();
        async move {
            let fired: Fired = ctx.payload()?;
            e.on_write(&fired, ctx.clock.now_micros()).await.map(|_| ()).map_err(|e| e.to_string())
        }
    });
    w.register(TICK_JOB, move |ctx| {
        let e = e.clone();
        async move { e.tick(ctx.clock.now_micros()).await.map(|_| ()).map_err(|e| e.to_string()) }
    });
}
