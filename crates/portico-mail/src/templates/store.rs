//! Templates as a workspace wrote them: one row per purpose, template and language. Admins
//! write them; everyone in the workspace reads them (to use a canned answer).

use portico_authz::{Tenant, WorkspaceAdmin};
use portico_db::{Db, DbResultExt, Tx};
use portico_kernel::locale::Locale;
use portico_kernel::validate::{required_text, slugify};
use portico_kernel::{AppError, ErrorCode, Event, Timestamp, WorkspaceId};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::AnyPool;

use super::sandbox::{self, MAX_BODY, MAX_SUBJECT};
use super::{Kind, Purposes};

pub const KIND: &str = "template";

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Template {
    pub id: String,
    /// What it is for (`invitation`, `core.contact_email`…).
    pub purpose: String,
    /// The template within its purpose (a built-in message: the purpose's own name).
    pub template_key: String,
    /// en, fr or hr.
    pub locale: String,
    pub name: String,
    pub subject: String,
    /// HTML with `{{ placeholders }}`, sanitized.
    pub body: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// What a person writes.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateInput {
    pub purpose: String,
    /// Empty for a new template of a library (made from its name).
    #[serde(default)]
    pub template_key: String,
    pub locale: String,
    /// The template's name (libraries); ignored for Portico's own messages.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub subject: String,
    pub body: String,
}

/// A checked template, ready to store or preview.
#[derive(Debug, Clone)]
pub struct Checked {
    pub purpose: String,
    pub key: String,
    pub locale: Locale,
    pub name: String,
    pub subject: String,
    pub body: String,
}

/// Check what was written; errors name their field (the cause says where or which placeholder).
pub fn check(purposes: &Purposes, i: &TemplateInput) -> Result<Checked, AppError> {
    let purpose = purposes.get(&i.purpose).map_err(|_| AppError::field(ErrorCode::InvalidValue, "purpose"))?;
    let locale = Locale::parse(&i.locale).ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "locale"))?;
    let (key, name) = match purpose.kind {
        Kind::Message => (purpose.name.to_string(), String::new()),
        Kind::Library => {
            let name = required_text("name", &i.name, 120)?;
            let key = match i.template_key.trim() {
                "" => format!("{}-{}", slugify(&name), &uuid::Uuid::now_v7().simple().to_string()[24..]),
                k if k.len() <= 80 && k.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') => {
                    k.to_string()
                }
                _ => return Err(AppError::field(ErrorCode::InvalidValue, "template_key")),
            };
            (key, name)
        }
    };
    let subject = if purpose.subject { required_text("subject", &i.subject, MAX_SUBJECT)? } else { String::new() };
    if i.body.trim().is_empty() {
        return Err(AppError::field(ErrorCode::Required, "body"));
    }
    if i.body.len() > MAX_BODY {
        return Err(AppError::field(ErrorCode::TooLong, "body"));
    }
    let body = sandbox::sanitize_source(&i.body);
    sandbox::check("subject", &subject, purpose.placeholders)?;
    sandbox::check("body", &body, purpose.placeholders)?;
    Ok(Checked { purpose: purpose.name.to_string(), key, locale, name, subject, body })
}

const COLUMNS: &str = "id, purpose, template_key, locale, name, subject, body, created_at, updated_at";

/// Store a template (a new one, or a new wording of one), checked first.
pub async fn save(
    db: &Db,
    admin: &WorkspaceAdmin,
    purposes: &Purposes,
    input: &TemplateInput,
    now: Timestamp,
) -> Result<Template, AppError> {
    let c = check(purposes, input)?;
    let ws = admin.workspace();
    let before = find(db.pool(), admin, &c.purpose, &c.key, c.locale).await?;
    let id = before.as_ref().map(|t| t.id.clone()).unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO templates (id, workspace_id, purpose, template_key, locale, name, subject, body, updated_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
         ON CONFLICT (workspace_id, purpose, template_key, locale)
         DO UPDATE SET name = excluded.name, subject = excluded.subject, body = excluded.body,
            updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(id.clone())
    .bind(ws.to_db())
    .bind(c.purpose.clone())
    .bind(c.key.clone())
    .bind(c.locale.code())
    .bind(c.name.clone())
    .bind(c.subject.clone())
    .bind(c.body.clone())
    .bind(admin.actor().user_id().map(|u| u.to_db()))
    .bind(now)
    .execute(&mut *tx)
    .await
    .db()?;
    let after = json!({"purpose": c.purpose, "template_key": c.key, "locale": c.locale.code(), "name": c.name, "subject": c.subject, "body": c.body});
    let event = match &before {
        Some(b) => Event::new(ws, admin.actor(), KIND, "update", id.clone(), now)
            .before(json!({"name": b.name, "subject": b.subject, "body": b.body}))
            .after(after),
        None => Event::new(ws, admin.actor(), KIND, "create", id.clone(), now).after(after),
    };
    tx.emit(event).await?;
    tx.commit().await.db()?;
    get(db.pool(), admin, &id).await
}

/// Forget one language of a template: a message of Portico's is back to its own wording.
pub async fn remove(db: &Db, admin: &WorkspaceAdmin, id: &str, now: Timestamp) -> Result<(), AppError> {
    let t = get(db.pool(), admin, id).await?;
    let ws = admin.workspace();
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM templates WHERE workspace_id = $1 AND id = $2")
        .bind(ws.to_db())
        .bind(id.to_string())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.emit(
        Event::new(ws, admin.actor(), KIND, "delete", id.to_string(), now)
            .before(json!({"purpose": t.purpose, "template_key": t.template_key, "locale": t.locale, "name": t.name}))
            .deleted(),
    )
    .await?;
    tx.commit().await.db()
}

/// Every template of the workspace, by purpose, name and language.
pub async fn list(pool: &AnyPool, tenant: &impl Tenant) -> Result<Vec<Template>, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM templates WHERE workspace_id = $1 ORDER BY purpose, name, template_key, locale"
    )))
    .bind(tenant.workspace().to_db())
    .fetch_all(pool)
    .await
    .db()
}

pub async fn get(pool: &AnyPool, tenant: &impl Tenant, id: &str) -> Result<Template, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM templates WHERE workspace_id = $1 AND id = $2")))
        .bind(tenant.workspace().to_db())
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// One template in one language, if the workspace wrote it.
pub async fn find(
    pool: &AnyPool,
    tenant: &impl Tenant,
    purpose: &str,
    key: &str,
    locale: Locale,
) -> Result<Option<Template>, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM templates WHERE workspace_id = $1 AND purpose = $2 AND template_key = $3 AND locale = $4"
    )))
    .bind(tenant.workspace().to_db())
    .bind(purpose.to_string())
    .bind(key.to_string())
    .bind(locale.code())
    .fetch_optional(pool)
    .await
    .db()
}

/// What a workspace wrote for a template in `locale`, read inside the transaction that sends it.
pub async fn written(
    tx: &mut Tx,
    ws: WorkspaceId,
    purpose: &str,
    key: &str,
    locale: Locale,
) -> Result<Option<Template>, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM templates WHERE workspace_id = $1 AND purpose = $2 AND template_key = $3 AND locale = $4"
    )))
    .bind(ws.to_db())
    .bind(purpose.to_string())
    .bind(key.to_string())
    .bind(locale.code())
    .fetch_optional(&mut **tx)
    .await
    .db()
}

/// A library's templates (key, name), for choosing one: a module's e-mails or canned texts.
pub async fn library(pool: &AnyPool, ws: WorkspaceId, purpose: &str) -> Result<Vec<(String, String)>, AppError> {
    sqlx::query_as(
        "SELECT template_key, MIN(name) FROM templates WHERE workspace_id = $1 AND purpose = $2
         GROUP BY template_key ORDER BY MIN(lower(name)), template_key",
    )
    .bind(ws.to_db())
    .bind(purpose.to_string())
    .fetch_all(pool)
    .await
    .db()
}

/// A template of a library in `locale` if it is written in it, else in another language the
/// workspace wrote it in (its default language first), read in the transaction that sends it.
pub async fn pick(
    tx: &mut Tx,
    ws: WorkspaceId,
    purpose: &str,
    key: &str,
    locale: Locale,
) -> Result<Option<Template>, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM templates t WHERE workspace_id = $1 AND purpose = $2 AND template_key = $3
         ORDER BY CASE WHEN locale = $4 THEN 0
                       WHEN locale = (SELECT default_locale FROM workspaces w WHERE w.id = t.workspace_id) THEN 1
                       ELSE 2 END, locale
         LIMIT 1"
    )))
    .bind(ws.to_db())
    .bind(purpose.to_string())
    .bind(key.to_string())
    .bind(locale.code())
    .fetch_optional(&mut **tx)
    .await
    .db()
}
