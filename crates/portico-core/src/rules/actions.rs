//! What the core lets rules do, on any kind: send an e-mail written in the templates
//! library, call one of the workspace's webhooks, set a custom field of the record.

use async_trait::async_trait;
use portico_authz::WorkspaceAdmin;
use portico_db::{DbResultExt, Tx};
use portico_http::i18n::Tr;
use portico_kernel::locale::Locale;
use portico_kernel::{AppError, ErrorCode};
use portico_rules::params::{active_users, bad, list, text};
use portico_rules::{Action, Param, ParamKind, Run};
use serde_json::{Map, Value, json};
use sqlx::AnyPool;

use super::RULE_EMAIL;

pub fn all() -> Vec<std::sync::Arc<dyn Action>> {
    vec![
        std::sync::Arc::new(Email),
        std::sync::Arc::new(Notify),
        std::sync::Arc::new(Erase),
        std::sync::Arc::new(CallWebhook),
        std::sync::Arc::new(SetField),
    ]
}

/// Erases a contact's personal data: with a time rule, a retention period ("24 months after
/// the last change").
pub struct Erase;

#[async_trait]
impl Action for Erase {
    fn name(&self) -> &'static str {
        "core.erase"
    }
    fn label(&self) -> &'static str {
        "rule-action-erase"
    }
    fn params(&self) -> &'static [Param] {
        &[]
    }
    fn kinds(&self) -> &'static [&'static str] {
        &[crate::contacts::store::KIND]
    }

    async fn check(&self, _: &AnyPool, _: &WorkspaceAdmin, _: &str, _: &Value, _: &str) -> Result<Value, AppError> {
        Ok(json!({}))
    }

    async fn run(&self, tx: &mut Tx, run: &Run<'_>, _: &Value) -> Result<Value, AppError> {
        let erased = crate::contacts::erase::erase_in(
            tx,
            run.registry,
            run.workspace,
            run.authz.actor(),
            run.record_id,
            run.now,
        )
        .await?;
        // A retention rule erases many people in one tick: the index is compacted once after.
        crate::jobs::compact_search_later(tx, run.now).await?;
        Ok(json!({"records_changed": erased.records_changed}))
    }
}

/// Rings the bell of people of the workspace (and e-mails them as they chose).
pub struct Notify;

const NOTIFY_PARAMS: &[Param] = &[
    Param { name: "users", label: "rule-param-users", kind: ParamKind::User, required: true },
    Param { name: "message", label: "rule-param-message", kind: ParamKind::Text, required: true },
];

#[async_trait]
impl Action for Notify {
    fn name(&self) -> &'static str {
        "core.notify"
    }
    fn label(&self) -> &'static str {
        "rule-action-notify"
    }
    fn params(&self) -> &'static [Param] {
        NOTIFY_PARAMS
    }

    async fn check(
        &self,
        pool: &AnyPool,
        admin: &WorkspaceAdmin,
        _: &str,
        params: &Value,
        at: &str,
    ) -> Result<Value, AppError> {
        let users = active_users(pool, admin, params, at).await?;
        if users.is_empty() {
            return Err(bad(at, "users", ErrorCode::Required));
        }
        let message = portico_kernel::validate::required_text(&format!("{at}.message"), text(params, "message"), 200)?;
        Ok(json!({"users": users, "message": message}))
    }

    async fn run(&self, tx: &mut Tx, run: &Run<'_>, params: &Value) -> Result<Value, AppError> {
        let mut told = Vec::new();
        for user in list(params, "users") {
            let n = crate::notifications::Notice {
                workspace: run.workspace,
                user: user.clone(),
                kind: "rule",
                title: text(params, "message").to_string(),
                body: run.title.to_string(),
                link: run.page.clone().unwrap_or_default(),
                record: Some((run.kind.to_string(), run.record_id.to_string())),
            };
            if crate::notifications::notify(tx, run.mail, n, run.now).await?.is_some() {
                told.push(user);
            }
        }
        Ok(json!({"notified": told}))
    }
}

/// Sends a template of the rules' library to people of the workspace, to addresses, or to
/// the record itself (a contact's address), each in their language when it is written.
pub struct Email;

const EMAIL_PARAMS: &[Param] = &[
    Param { name: "template", label: "rule-param-template", kind: ParamKind::Template(RULE_EMAIL), required: true },
    Param { name: "users", label: "rule-param-users", kind: ParamKind::User, required: false },
    Param { name: "emails", label: "rule-param-emails", kind: ParamKind::Emails, required: false },
    Param { name: "record", label: "rule-param-to-record", kind: ParamKind::RecordEmail, required: false },
];

#[async_trait]
impl Action for Email {
    fn name(&self) -> &'static str {
        "core.email"
    }
    fn label(&self) -> &'static str {
        "rule-action-email"
    }
    fn params(&self) -> &'static [Param] {
        EMAIL_PARAMS
    }

    async fn check(
        &self,
        pool: &AnyPool,
        admin: &WorkspaceAdmin,
        _: &str,
        params: &Value,
        at: &str,
    ) -> Result<Value, AppError> {
        let ws = admin.workspace();
        let template = text(params, "template");
        if template.is_empty() {
            return Err(bad(at, "template", ErrorCode::Required));
        }
        let written: Option<(String,)> = sqlx::query_as(
            "SELECT id FROM templates WHERE workspace_id = $1 AND purpose = $2 AND template_key = $3 LIMIT 1",
        )
        .bind(ws.to_db())
        .bind(RULE_EMAIL)
        .bind(template.to_string())
        .fetch_optional(pool)
        .await
        .db()?;
        if written.is_none() {
            return Err(bad(at, "template", ErrorCode::InvalidValue));
        }
        let users = active_users(pool, admin, params, at).await?;
        let mut emails = Vec::new();
        for e in text(params, "emails").split([',', ';', '\n']).map(str::trim).filter(|e| !e.is_empty()) {
            emails.push(portico_kernel::validate::email(&format!("{at}.emails"), e)?);
        }
        let record = portico_rules::params::flag(params, "record");
        if users.is_empty() && emails.is_empty() && !record {
            return Err(bad(at, "emails", ErrorCode::Required));
        }
        Ok(json!({"template": template, "users": users, "emails": emails.join(", "), "record": record}))
    }

    async fn run(&self, tx: &mut Tx, run: &Run<'_>, params: &Value) -> Result<Value, AppError> {
        let ws = run.workspace;
        let (workspace, default_locale): (String, String) =
            sqlx::query_as("SELECT name, default_locale FROM workspaces WHERE id = $1")
                .bind(ws.to_db())
                .fetch_one(&mut **tx)
                .await
                .db()?;
        let default = Locale::parse(&default_locale).unwrap_or_default();
        // Whom to write to, each with their language.
        let mut to: Vec<(String, Locale)> = Vec::new();
        for u in list(params, "users") {
            let row: Option<(String, Option<String>)> = sqlx::query_as(
                "SELECT email, locale FROM users WHERE workspace_id = $1 AND id = $2 AND status = 'active'",
            )
            .bind(ws.to_db())
            .bind(u)
            .fetch_optional(&mut **tx)
            .await
            .db()?;
            if let Some((email, locale)) = row {
                to.push((email, locale.as_deref().and_then(Locale::parse).unwrap_or(default)));
            }
        }
        for e in text(params, "emails").split(',').map(str::trim).filter(|e| !e.is_empty()) {
            to.push((e.to_string(), default));
        }
        if params.get("record") == Some(&json!(true))
            && let Some(e) = run.record.get("email").and_then(Value::as_str).filter(|e| !e.is_empty())
        {
            let locale = run.record.get("locale").and_then(Value::as_str).and_then(Locale::parse).unwrap_or(default);
            to.push((e.to_string(), locale));
        }
        to.dedup_by(|a, b| a.0.eq_ignore_ascii_case(&b.0));
        let key = text(params, "template");
        let mut sent = Vec::new();
        for (address, locale) in to {
            let t = portico_mail::templates::store::pick(tx, ws, RULE_EMAIL, key, locale)
                .await?
                .ok_or_else(|| AppError::new(ErrorCode::NotFound).with_cause(format!("template {key}")))?;
            let tr = Tr::new(Locale::parse(&t.locale).unwrap_or(locale));
            let values = json!({
                "record": {
                    "title": run.title,
                    "kind": tr.t(&format!("record-kind-{}", run.kind)),
                    "link": run.page.as_deref().map(|p| run.mail.link(p)).unwrap_or_default(),
                },
                "rule": {"name": run.rule_name},
                "workspace": workspace,
            });
            let r = portico_mail::templates::wrap(&t.subject, &t.body, &values)?;
            let mail = portico_mail::OutgoingEmail {
                workspace: Some(ws),
                to: address.clone(),
                from: run.mail.from.clone(),
                subject: r.subject,
                text: r.text,
                html: Some(r.html),
                automatic: true,
                ..Default::default()
            };
            portico_mail::outbox::queue(tx, mail, run.now).await?;
            sent.push(address);
        }
        Ok(json!({"sent_to": sent}))
    }
}

/// Posts the record and the rule to one of the workspace's webhooks (event `rule.action`),
/// signed and retried like every delivery.
pub struct CallWebhook;

const WEBHOOK_PARAMS: &[Param] =
    &[Param { name: "webhook", label: "rule-param-webhook", kind: ParamKind::Webhook, required: true }];

#[async_trait]
impl Action for CallWebhook {
    fn name(&self) -> &'static str {
        "core.webhook"
    }
    fn label(&self) -> &'static str {
        "rule-action-webhook"
    }
    fn params(&self) -> &'static [Param] {
        WEBHOOK_PARAMS
    }

    async fn check(
        &self,
        pool: &AnyPool,
        admin: &WorkspaceAdmin,
        _: &str,
        params: &Value,
        at: &str,
    ) -> Result<Value, AppError> {
        let ws = admin.workspace();
        let id = text(params, "webhook");
        if id.is_empty() {
            return Err(bad(at, "webhook", ErrorCode::Required));
        }
        let known: Option<(String,)> =
            sqlx::query_as("SELECT id FROM webhooks WHERE workspace_id = $1 AND id = $2 AND active = 1")
                .bind(ws.to_db())
                .bind(id.to_string())
                .fetch_optional(pool)
                .await
                .db()?;
        if known.is_none() {
            return Err(bad(at, "webhook", ErrorCode::InvalidValue));
        }
        Ok(json!({"webhook": id}))
    }

    async fn run(&self, tx: &mut Tx, run: &Run<'_>, params: &Value) -> Result<Value, AppError> {
        let id = text(params, "webhook");
        let active: Option<(String,)> =
            sqlx::query_as("SELECT id FROM webhooks WHERE workspace_id = $1 AND id = $2 AND active = 1")
                .bind(run.workspace.to_db())
                .bind(id.to_string())
                .fetch_optional(&mut **tx)
                .await
                .db()?;
        if active.is_none() {
            return Err(AppError::new(ErrorCode::NotFound).with_cause("the rule's webhook was removed"));
        }
        let data = json!({
            "rule": {"id": run.rule_id, "name": run.rule_name},
            "record_type": run.kind, "record_id": run.record_id, "title": run.title, "record": run.record,
        });
        let delivery = portico_webhooks::deliver(tx, run.workspace, id, "rule.action", &data, run.now).await?;
        Ok(json!({"webhook": id, "delivery": delivery}))
    }
}

/// Sets one custom field of the record to a value, checked like a person's input.
pub struct SetField;

const SET_PARAMS: &[Param] = &[
    Param { name: "field", label: "rule-param-field", kind: ParamKind::CustomField, required: true },
    Param { name: "value", label: "rule-param-value", kind: ParamKind::Text, required: false },
];

#[async_trait]
impl Action for SetField {
    fn name(&self) -> &'static str {
        "core.set_field"
    }
    fn label(&self) -> &'static str {
        "rule-action-set-field"
    }
    fn params(&self) -> &'static [Param] {
        SET_PARAMS
    }

    async fn check(
        &self,
        pool: &AnyPool,
        admin: &WorkspaceAdmin,
        kind: &str,
        params: &Value,
        at: &str,
    ) -> Result<Value, AppError> {
        let key = text(params, "field");
        if key.is_empty() {
            return Err(bad(at, "field", ErrorCode::Required));
        }
        let defs = portico_fields::list(pool, admin, Some(kind)).await?;
        let Some(mut def) = defs.into_iter().find(|d| d.key == key) else {
            return Err(bad(at, "field", ErrorCode::InvalidValue));
        };
        // Emptying a field is a value too.
        def.required = false;
        let value = params.get("value").cloned().unwrap_or(Value::Null);
        let mut one = Map::new();
        one.insert(def.key.clone(), value);
        let checked = portico_fields::validate_values(std::slice::from_ref(&def), &one)
            .map_err(|_| bad(at, "value", ErrorCode::InvalidValue))?;
        Ok(json!({"field": def.key, "value": checked.get(&def.key).cloned().unwrap_or(Value::Null)}))
    }

    async fn run(&self, tx: &mut Tx, run: &Run<'_>, params: &Value) -> Result<Value, AppError> {
        let key = text(params, "field").to_string();
        let value = params.get("value").cloned().unwrap_or(Value::Null);
        let mut submitted = Map::new();
        submitted.insert(key.clone(), value.clone());
        let p = portico_fields::prepare_in(tx, run.authz, run.kind, run.record_id, &submitted).await?;
        let unit = run.record.get("unit_id").and_then(Value::as_str).and_then(|u| u.parse().ok());
        portico_fields::save_in(tx, run.authz.actor(), run.workspace, unit, &p, run.now).await?;
        Ok(json!({"field": key, "value": value, "changed": p.changed()}))
    }
}
