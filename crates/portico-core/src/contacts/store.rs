//! Contacts: the people a workspace deals with who are not its staff (candidates,
//! customers, partners). Each lives in a unit; its e-mail, when known, is unique in the
//! workspace. Every write is one transaction with its event (custom values included).

use portico_authz::{Authz, Scope};
use portico_db::{Db, DbResultExt};
use portico_kernel::ids::parse_db_id;
use portico_kernel::perm;
use portico_kernel::{
    AppError, Clock, ContactId, ErrorCode, Event, ListSpec, Page, PageRequest, Permission, SortKey, SortValue,
    Timestamp, UnitId,
};
use serde::Serialize;
use serde_json::{Map, Value, json};
use sqlx::AnyPool;

pub const KIND: &str = "contact";
pub const VIEW: Permission = Permission::new(perm::CORE, perm::VIEW);
pub const CREATE: Permission = Permission::new(perm::CORE, perm::CREATE);
pub const EDIT: Permission = Permission::new(perm::CORE, perm::EDIT);
pub const DELETE: Permission = Permission::new(perm::CORE, perm::DELETE);

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Contact {
    pub id: String,
    pub unit_id: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: String,
    pub company: String,
    /// The language to write to them in: en, fr or hr.
    pub locale: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

const COLUMNS: &str = "id, unit_id, name, email, phone, company, locale, created_at, updated_at";

/// What a contact is made of, as submitted.
#[derive(Debug, Clone, Default)]
pub struct ContactInput {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub company: String,
    pub locale: String,
}

struct Clean {
    name: String,
    email: Option<String>,
    phone: String,
    company: String,
    locale: String,
}

fn clean(input: &ContactInput) -> Result<Clean, AppError> {
    use portico_kernel::validate;
    let name = validate::required_text("name", &input.name, 120)?;
    let email = validate::optional_email("email", &input.email)?;
    let phone = validate::optional_text("phone", Some(&input.phone), 40)?.unwrap_or_default();
    let company = validate::optional_text("company", Some(&input.company), 120)?.unwrap_or_default();
    let locale = match input.locale.trim() {
        "" => "en".to_string(),
        l => portico_kernel::locale::Locale::parse(l)
            .map(|l| l.code().to_string())
            .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "locale"))?,
    };
    Ok(Clean { name, email, phone, company, locale })
}

/// Whether a contact as submitted would be accepted (an import's dry run checks its rows so).
pub fn check(input: &ContactInput) -> Result<(), AppError> {
    clean(input).map(|_| ())
}

pub static LIST: ListSpec = ListSpec {
    name: "contact",
    sorts: &[
        SortKey::text("id", "id"),
        SortKey::text("name", "lower(name)"),
        SortKey::text("email", "COALESCE(email, '')"),
        SortKey::text("company", "lower(company)"),
        SortKey::number("updated", "updated_at"),
    ],
    default_desc: true,
};

impl Contact {
    fn position(&self, key: &str) -> (String, SortValue) {
        let value = match key {
            "name" => self.name.to_lowercase().into(),
            "email" => self.email.clone().unwrap_or_default().into(),
            "company" => self.company.to_lowercase().into(),
            "updated" => self.updated_at.into(),
            _ => self.id.clone().into(),
        };
        (self.id.clone(), value)
    }
}

/// What a contacts list is narrowed to.
#[derive(Debug, Default, Clone, Copy)]
pub struct ContactFilter<'a> {
    /// Part of a name, e-mail or company.
    pub q: Option<&'a str>,
    pub unit: Option<UnitId>,
}

pub async fn list(
    pool: &AnyPool,
    scope: &Scope,
    page: &PageRequest,
    f: ContactFilter<'_>,
) -> Result<Page<Contact>, AppError> {
    let ks = page.keyset(&LIST)?;
    let sql = format!(
        "SELECT {COLUMNS} FROM contacts WHERE workspace_id = $1
         AND ($2 IS NULL OR lower(name) LIKE $2 OR lower(COALESCE(email, '')) LIKE $2 OR lower(company) LIKE $2)
         AND ($3 IS NULL OR unit_id = $3) AND {} AND {} ORDER BY {} LIMIT $6",
        scope.unit_sql("unit_id"),
        ks.condition(4, "id"),
        ks.order("id")
    );
    let like = f.q.map(portico_db::contains_pattern);
    let q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(like)
        .bind(f.unit.map(|u| u.to_db()));
    let rows: Vec<Contact> = portico_db::bind_keyset(q, &ks).bind(ks.fetch()).fetch_all(pool).await.db()?;
    Ok(Page::from_rows(rows, &ks, Contact::position))
}

pub async fn get(pool: &AnyPool, scope: &Scope, id: ContactId) -> Result<Contact, AppError> {
    let sql =
        format!("SELECT {COLUMNS} FROM contacts WHERE workspace_id = $1 AND id = $2 AND {}", scope.unit_sql("unit_id"));
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(id.to_db())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

fn taken(e: AppError) -> AppError {
    if e.code == ErrorCode::AlreadyExists { AppError::field(ErrorCode::AlreadyExists, "email") } else { e }
}

/// A portal visitor's own contact record.
pub async fn get_related(pool: &AnyPool, who: &portico_authz::Relation) -> Result<Contact, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM contacts WHERE workspace_id = $1 AND id = $2")))
        .bind(who.workspace().to_db())
        .bind(who.contact().to_db())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

pub async fn create(
    db: &Db,
    clock: &dyn Clock,
    authz: &Authz,
    unit: UnitId,
    input: &ContactInput,
    custom: &Map<String, Value>,
) -> Result<ContactId, AppError> {
    let c = clean(input)?;
    let cap = authz.unit_cap(CREATE, unit).map_err(|e| e.or_field("unit_id"))?;
    let (id, now) = (ContactId::new(), clock.now_micros());
    let custom = portico_fields::prepare(db.pool(), &cap, KIND, &id.to_db(), custom).await?;
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO contacts (id, workspace_id, unit_id, name, email, phone, company, locale, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
    )
    .bind(id.to_db())
    .bind(cap.workspace().to_db())
    .bind(unit.to_db())
    .bind(c.name.clone())
    .bind(c.email.clone())
    .bind(c.phone.clone())
    .bind(c.company.clone())
    .bind(c.locale.clone())
    .bind(now)
    .execute(&mut *tx)
    .await
    .db()
    .map_err(taken)?;
    let mut after = json!({"name": c.name, "email": c.email, "phone": c.phone, "company": c.company, "unit_id": unit});
    if custom.changed() {
        custom.write(&mut tx, cap.workspace()).await?;
        after["custom_fields"] = Value::Object(custom.after);
    }
    tx.emit(Event::new(cap.workspace(), cap.actor(), KIND, "create", id.to_db(), now).unit(unit).after(after)).await?;
    tx.commit().await.db()?;
    Ok(id)
}

pub async fn update(
    db: &Db,
    clock: &dyn Clock,
    authz: &Authz,
    id: ContactId,
    input: &ContactInput,
    custom: &Map<String, Value>,
) -> Result<(), AppError> {
    let c = clean(input)?;
    let before = get(db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, id).await?;
    let unit: UnitId = parse_db_id(&before.unit_id)?;
    let cap = authz.unit_cap(EDIT, unit)?;
    let custom = portico_fields::prepare(db.pool(), &cap, KIND, &id.to_db(), custom).await?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE contacts SET name = $1, email = $2, phone = $3, company = $4, locale = $5, updated_at = $6
         WHERE workspace_id = $7 AND id = $8",
    )
    .bind(c.name.clone())
    .bind(c.email.clone())
    .bind(c.phone.clone())
    .bind(c.company.clone())
    .bind(c.locale.clone())
    .bind(now)
    .bind(cap.workspace().to_db())
    .bind(id.to_db())
    .execute(&mut *tx)
    .await
    .db()
    .map_err(taken)?;
    let mut was = json!({"name": before.name, "email": before.email, "phone": before.phone, "company": before.company, "locale": before.locale});
    let mut is = json!({"name": c.name, "email": c.email, "phone": c.phone, "company": c.company, "locale": c.locale});
    if custom.changed() {
        custom.write(&mut tx, cap.workspace()).await?;
        was["custom_fields"] = Value::Object(custom.before);
        is["custom_fields"] = Value::Object(custom.after);
    }
    tx.emit(Event::new(cap.workspace(), cap.actor(), KIND, "update", id.to_db(), now).unit(unit).before(was).after(is))
        .await?;
    tx.commit().await.db()
}

pub async fn delete(db: &Db, clock: &dyn Clock, authz: &Authz, id: ContactId) -> Result<(), AppError> {
    let before = get(db.pool(), &authz.scope(VIEW).map_err(|_| AppError::not_found())?, id).await?;
    let unit: UnitId = parse_db_id(&before.unit_id)?;
    let cap = authz.unit_cap(DELETE, unit)?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    portico_fields::forget_values(&mut tx, cap.workspace(), KIND, &id.to_db()).await?;
    portico_mail::inbound::messages::forget_record(&mut tx, cap.workspace(), KIND, &id.to_db()).await?;
    portico_authz::relation::forget_contact(&mut tx, id).await?;
    super::merge::forget_aliases(&mut tx, cap.workspace(), &id.to_db()).await?;
    sqlx::query("DELETE FROM contacts WHERE workspace_id = $1 AND id = $2")
        .bind(cap.workspace().to_db())
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.emit(
        Event::new(cap.workspace(), cap.actor(), KIND, "delete", id.to_db(), now)
            .unit(unit)
            .before(json!({"name": before.name, "email": before.email}))
            .deleted(),
    )
    .await?;
    tx.commit().await.db()
}

/// The contact with this address in workspace `ws`, or a new one in `unit` (someone applying
/// on a career site, writing through a form): their id, in the caller's transaction. What the
/// workspace already knows of a known contact is left as it is.
pub async fn find_or_add(
    tx: &mut portico_db::Tx,
    ws: portico_kernel::WorkspaceId,
    actor: &portico_kernel::Actor,
    unit: UnitId,
    input: &ContactInput,
    now: Timestamp,
) -> Result<ContactId, AppError> {
    let c = clean(input)?;
    let email = c.email.clone().ok_or_else(|| AppError::field(ErrorCode::Required, "email"))?;
    let found: Option<(String,)> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT id FROM contacts WHERE {}", portico_db::CONTACT_BY_EMAIL)))
            .bind(ws.to_db())
            .bind(email.clone())
            .fetch_optional(&mut **tx)
            .await
            .db()?;
    if let Some((id,)) = found {
        return parse_db_id(&id);
    }
    let id = ContactId::new();
    sqlx::query(
        "INSERT INTO contacts (id, workspace_id, unit_id, name, email, phone, company, locale, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
    )
    .bind(id.to_db())
    .bind(ws.to_db())
    .bind(unit.to_db())
    .bind(c.name.clone())
    .bind(email.clone())
    .bind(c.phone.clone())
    .bind(c.company.clone())
    .bind(c.locale.clone())
    .bind(now)
    .execute(&mut **tx)
    .await
    .db()
    .map_err(taken)?;
    let after = json!({"name": c.name, "email": email, "phone": c.phone, "company": c.company, "unit_id": unit});
    tx.emit(Event::new(ws, actor, KIND, "create", id.to_db(), now).unit(unit).after(after)).await?;
    Ok(id)
}
