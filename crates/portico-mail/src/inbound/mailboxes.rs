//! Mailboxes: an address mail comes in at, in a unit, with the module consumer its mail goes
//! to, and optionally the IMAP account it is fetched from. Admins manage them; the poller,
//! the raw-MIME webhook and the CLI read them without a caller ([`load`]).

use base64::Engine;
use portico_authz::WorkspaceAdmin;
use portico_db::{Db, DbResultExt, flag};
use portico_kernel::validate::{email, required_text};
use portico_kernel::{AppError, ErrorCode, Event, MailboxId, Timestamp, UnitId, WorkspaceId};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::AnyPool;

pub const KIND: &str = "mailbox";

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Mailbox {
    pub id: String,
    #[serde(skip)]
    pub workspace_id: String,
    pub unit_id: String,
    pub name: String,
    pub address: String,
    pub from_name: String,
    /// The consumer its mail goes to (a module's: `core.contacts`, `desk.tickets`…).
    pub consumer: String,
    /// Empty: no IMAP account (mail comes through the webhook or the command line).
    pub imap_host: String,
    pub imap_port: i64,
    /// tls | starttls | none
    pub imap_security: String,
    pub imap_username: String,
    #[serde(skip)]
    pub imap_password: String,
    pub imap_folder: String,
    pub poll_seconds: i64,
    /// Signs requests to the raw-MIME webhook; shown to admins.
    pub webhook_secret: String,
    /// Answer the first message of a conversation with an acknowledgement.
    pub acknowledge: i64,
    pub active: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Mailbox {
    pub fn workspace(&self) -> Result<WorkspaceId, AppError> {
        portico_kernel::ids::parse_db_id(&self.workspace_id)
    }
    pub fn unit(&self) -> Result<UnitId, AppError> {
        portico_kernel::ids::parse_db_id(&self.unit_id)
    }
    pub fn polls(&self) -> bool {
        self.active == 1 && !self.imap_host.is_empty()
    }
    /// `Name <address>`, the From of what the mailbox sends.
    pub fn sender(&self) -> String {
        if self.from_name.is_empty() {
            self.address.clone()
        } else {
            format!("\"{}\" <{}>", self.from_name.replace(['"', '\\'], ""), self.address)
        }
    }
}

/// What a person types to make or change a mailbox.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MailboxInput {
    pub name: String,
    pub address: String,
    #[serde(default)]
    pub from_name: String,
    pub unit_id: String,
    pub consumer: String,
    #[serde(default)]
    pub imap_host: String,
    #[serde(default)]
    pub imap_port: Option<i64>,
    #[serde(default)]
    pub imap_security: Option<String>,
    #[serde(default)]
    pub imap_username: String,
    /// Left empty when changing a mailbox: the stored password is kept.
    #[serde(default)]
    pub imap_password: String,
    #[serde(default)]
    pub imap_folder: String,
    #[serde(default)]
    pub poll_seconds: Option<i64>,
    #[serde(default)]
    pub acknowledge: bool,
}

struct Clean {
    name: String,
    address: String,
    from_name: String,
    unit: UnitId,
    consumer: String,
    imap_host: String,
    imap_port: i64,
    imap_security: String,
    imap_username: String,
    imap_password: Option<String>,
    imap_folder: String,
    poll_seconds: i64,
    acknowledge: bool,
}

/// Every field checked before anything is written; an error names its field.
fn clean(consumers: &[&str], i: &MailboxInput, creating: bool) -> Result<Clean, AppError> {
    let unit: UnitId = i.unit_id.parse().map_err(|_| AppError::field(ErrorCode::Required, "unit_id"))?;
    let consumer = i.consumer.trim().to_string();
    if !consumers.contains(&consumer.as_str()) {
        return Err(AppError::field(ErrorCode::InvalidValue, "consumer"));
    }
    let imap_host = i.imap_host.trim().to_lowercase();
    if imap_host.chars().any(|c| c.is_whitespace() || c == '/' || c == '@') || imap_host.len() > 253 {
        return Err(AppError::field(ErrorCode::InvalidValue, "imap_host"));
    }
    let imap_security = i.imap_security.clone().unwrap_or_else(|| "tls".into());
    if !["tls", "starttls", "none"].contains(&imap_security.as_str()) {
        return Err(AppError::field(ErrorCode::InvalidValue, "imap_security"));
    }
    let default_port = if imap_security == "tls" { 993 } else { 143 };
    let imap_port = i.imap_port.unwrap_or(default_port);
    if !(1..=65535).contains(&imap_port) {
        return Err(AppError::field(ErrorCode::InvalidNumber, "imap_port"));
    }
    let polls = !imap_host.is_empty();
    let imap_username = if polls { required_text("imap_username", &i.imap_username, 254)? } else { String::new() };
    let imap_password = match (polls, i.imap_password.is_empty()) {
        (true, true) if creating => return Err(AppError::field(ErrorCode::Required, "imap_password")),
        (true, false) => Some(i.imap_password.clone()),
        (false, _) => Some(String::new()),
        (true, true) => None,
    };
    if imap_password.as_ref().is_some_and(|p| p.len() > 1024 || p.contains(['\r', '\n'])) {
        return Err(AppError::field(ErrorCode::InvalidValue, "imap_password"));
    }
    let folder = if i.imap_folder.trim().is_empty() { "INBOX" } else { i.imap_folder.trim() };
    let imap_folder = required_text("imap_folder", folder, 200)?;
    let poll_seconds = i.poll_seconds.unwrap_or(600);
    if !(30..=86_400).contains(&poll_seconds) {
        return Err(AppError::field(ErrorCode::InvalidNumber, "poll_seconds"));
    }
    Ok(Clean {
        name: required_text("name", &i.name, 200)?,
        address: email("address", &i.address)?,
        from_name: i.from_name.trim().chars().filter(|c| !c.is_control()).take(200).collect(),
        unit,
        consumer,
        imap_host,
        imap_port,
        imap_security,
        imap_username,
        imap_password,
        imap_folder,
        poll_seconds,
        acknowledge: i.acknowledge,
    })
}

fn new_secret() -> String {
    let mut secret = [0u8; 24];
    rand::fill(&mut secret);
    format!("mbsec_{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret))
}

/// What the audit log and webhooks see of a mailbox: never a password or a secret.
fn described(c: &Clean) -> serde_json::Value {
    json!({
        "name": c.name, "address": c.address, "from_name": c.from_name, "unit_id": c.unit,
        "consumer": c.consumer, "imap_host": c.imap_host, "imap_port": c.imap_port,
        "imap_security": c.imap_security, "imap_username": c.imap_username,
        "imap_folder": c.imap_folder, "poll_seconds": c.poll_seconds, "acknowledge": c.acknowledge,
    })
}

fn taken(e: AppError) -> AppError {
    if e.code == ErrorCode::AlreadyExists { AppError::field(ErrorCode::AlreadyExists, "address") } else { e }
}

pub async fn create(
    db: &Db,
    admin: &WorkspaceAdmin,
    consumers: &[&str],
    input: &MailboxInput,
    now: Timestamp,
) -> Result<Mailbox, AppError> {
    let c = clean(consumers, input, true)?;
    unit_of_workspace(db.pool(), admin, c.unit).await?;
    let id = MailboxId::new();
    let ws = admin.workspace();
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO mailboxes (id, workspace_id, unit_id, name, address, from_name, consumer, imap_host, imap_port,
            imap_security, imap_username, imap_password, imap_folder, poll_seconds, webhook_secret, acknowledge, active,
            created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 1, $17, $17)",
    )
    .bind(id.to_db())
    .bind(ws.to_db())
    .bind(c.unit.to_db())
    .bind(c.name.clone())
    .bind(c.address.clone())
    .bind(c.from_name.clone())
    .bind(c.consumer.clone())
    .bind(c.imap_host.clone())
    .bind(c.imap_port)
    .bind(c.imap_security.clone())
    .bind(c.imap_username.clone())
    .bind(c.imap_password.clone().unwrap_or_default())
    .bind(c.imap_folder.clone())
    .bind(c.poll_seconds)
    .bind(new_secret())
    .bind(flag(c.acknowledge))
    .bind(now)
    .execute(&mut *tx)
    .await
    .db()
    .map_err(taken)?;
    sqlx::query("INSERT INTO mailbox_state (mailbox_id, next_attempt_at) VALUES ($1, $2)")
        .bind(id.to_db())
        .bind(now)
        .execute(&mut *tx)
        .await
        .db()?;
    tx.emit(Event::new(ws, admin.actor(), KIND, "create", id.to_db(), now).unit(c.unit).after(described(&c))).await?;
    tx.commit().await.db()?;
    get(db.pool(), admin, id).await
}

pub async fn update(
    db: &Db,
    admin: &WorkspaceAdmin,
    consumers: &[&str],
    id: MailboxId,
    input: &MailboxInput,
    now: Timestamp,
) -> Result<Mailbox, AppError> {
    let before = get(db.pool(), admin, id).await?;
    let c = clean(consumers, input, before.imap_host.is_empty())?;
    unit_of_workspace(db.pool(), admin, c.unit).await?;
    let ws = admin.workspace();
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE mailboxes SET unit_id = $1, name = $2, address = $3, from_name = $4, consumer = $5, imap_host = $6,
            imap_port = $7, imap_security = $8, imap_username = $9, imap_password = COALESCE($10, imap_password),
            imap_folder = $11, poll_seconds = $12, acknowledge = $13, updated_at = $14
         WHERE workspace_id = $15 AND id = $16",
    )
    .bind(c.unit.to_db())
    .bind(c.name.clone())
    .bind(c.address.clone())
    .bind(c.from_name.clone())
    .bind(c.consumer.clone())
    .bind(c.imap_host.clone())
    .bind(c.imap_port)
    .bind(c.imap_security.clone())
    .bind(c.imap_username.clone())
    .bind(c.imap_password.clone())
    .bind(c.imap_folder.clone())
    .bind(c.poll_seconds)
    .bind(flag(c.acknowledge))
    .bind(now)
    .bind(ws.to_db())
    .bind(id.to_db())
    .execute(&mut *tx)
    .await
    .db()
    .map_err(taken)?;
    // A changed account is tried again at once.
    sqlx::query(
        "UPDATE mailbox_state SET status = 'waiting', reason = NULL, detail = NULL, failures = 0, next_attempt_at = $1
         WHERE mailbox_id = $2",
    )
    .bind(now)
    .bind(id.to_db())
    .execute(&mut *tx)
    .await
    .db()?;
    let was = json!({
        "name": before.name, "address": before.address, "from_name": before.from_name, "unit_id": before.unit_id,
        "consumer": before.consumer, "imap_host": before.imap_host, "imap_port": before.imap_port,
        "imap_security": before.imap_security, "imap_username": before.imap_username,
        "imap_folder": before.imap_folder, "poll_seconds": before.poll_seconds, "acknowledge": before.acknowledge == 1,
    });
    let mut is = described(&c);
    if c.imap_password.as_deref().is_some_and(|p| !p.is_empty() && *p != before.imap_password) {
        is["imap_password"] = json!("••••••");
    }
    tx.emit(Event::new(ws, admin.actor(), KIND, "update", id.to_db(), now).unit(c.unit).before(was).after(is)).await?;
    tx.commit().await.db()?;
    get(db.pool(), admin, id).await
}

/// Stop (or resume) taking mail in a mailbox; what it received is kept.
pub async fn set_active(
    db: &Db,
    admin: &WorkspaceAdmin,
    id: MailboxId,
    active: bool,
    now: Timestamp,
) -> Result<(), AppError> {
    let before = get(db.pool(), admin, id).await?;
    let ws = admin.workspace();
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE mailboxes SET active = $1, updated_at = $2 WHERE workspace_id = $3 AND id = $4")
        .bind(flag(active))
        .bind(now)
        .bind(ws.to_db())
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    sqlx::query(
        "UPDATE mailbox_state SET status = 'waiting', failures = 0, next_attempt_at = $1 WHERE mailbox_id = $2",
    )
    .bind(now)
    .bind(id.to_db())
    .execute(&mut *tx)
    .await
    .db()?;
    let verb = if active { "activate" } else { "deactivate" };
    tx.emit(
        Event::new(ws, admin.actor(), KIND, verb, id.to_db(), now)
            .in_unit(before.unit().ok())
            .before(json!({"active": before.active == 1}))
            .after(json!({"active": active})),
    )
    .await?;
    tx.commit().await.db()
}

/// A new webhook secret: requests signed with the old one are refused from now on.
pub async fn rotate_secret(db: &Db, admin: &WorkspaceAdmin, id: MailboxId, now: Timestamp) -> Result<(), AppError> {
    let before = get(db.pool(), admin, id).await?;
    let ws = admin.workspace();
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE mailboxes SET webhook_secret = $1, updated_at = $2 WHERE workspace_id = $3 AND id = $4")
        .bind(new_secret())
        .bind(now)
        .bind(ws.to_db())
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.emit(Event::new(ws, admin.actor(), KIND, "rotate_secret", id.to_db(), now).in_unit(before.unit().ok())).await?;
    tx.commit().await.db()
}

async fn unit_of_workspace(pool: &AnyPool, admin: &WorkspaceAdmin, unit: UnitId) -> Result<(), AppError> {
    let found: Option<(String,)> =
        sqlx::query_as("SELECT id FROM units WHERE workspace_id = $1 AND id = $2 AND archived_at IS NULL")
            .bind(admin.workspace().to_db())
            .bind(unit.to_db())
            .fetch_optional(pool)
            .await
            .db()?;
    found.map(|_| ()).ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "unit_id"))
}

const COLUMNS: &str = "id, workspace_id, unit_id, name, address, from_name, consumer, imap_host, imap_port, imap_security,
    imap_username, imap_password, imap_folder, poll_seconds, webhook_secret, acknowledge, active, created_at, updated_at";

pub async fn list(pool: &AnyPool, admin: &WorkspaceAdmin) -> Result<Vec<Mailbox>, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM mailboxes WHERE workspace_id = $1 ORDER BY active DESC, name, id"
    )))
    .bind(admin.workspace().to_db())
    .fetch_all(pool)
    .await
    .db()
}

/// The workspace's mailboxes, for choosing one to write from (the caller filters by unit).
pub async fn in_workspace(pool: &AnyPool, tenant: &impl portico_authz::Tenant) -> Result<Vec<Mailbox>, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM mailboxes WHERE workspace_id = $1 ORDER BY name, id"
    )))
    .bind(tenant.workspace().to_db())
    .fetch_all(pool)
    .await
    .db()
}

pub async fn get(pool: &AnyPool, admin: &WorkspaceAdmin, id: MailboxId) -> Result<Mailbox, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM mailboxes WHERE workspace_id = $1 AND id = $2")))
        .bind(admin.workspace().to_db())
        .bind(id.to_db())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// A mailbox as the machinery sees it (the poller, the webhook, the command line): found by
/// its id alone, which only those who were given it know.
pub async fn load(pool: &AnyPool, id: &str) -> Result<Mailbox, AppError> {
    if portico_kernel::ids::parse_db_id::<MailboxId>(id).is_err() {
        return Err(AppError::not_found());
    }
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM mailboxes WHERE id = $1")))
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// The mailbox a module writes from when a conversation has none yet: the first active one
/// whose mail goes to `consumer`, in `unit` if one is there.
pub async fn of_consumer(
    tx: &mut portico_db::Tx,
    ws: WorkspaceId,
    consumer: &str,
    unit: &str,
) -> Result<Option<Mailbox>, AppError> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM mailboxes WHERE workspace_id = $1 AND consumer = $2 AND active = 1
         ORDER BY CASE WHEN unit_id = $3 THEN 0 ELSE 1 END, created_at, id LIMIT 1",
    )
    .bind(ws.to_db())
    .bind(consumer.to_string())
    .bind(unit.to_string())
    .fetch_optional(&mut **tx)
    .await
    .db()?;
    match row {
        Some((id,)) => load_in(tx, &id).await.map(Some),
        None => Ok(None),
    }
}

/// A mailbox read inside a transaction, by its id alone.
pub async fn load_in(tx: &mut portico_db::Tx, id: &str) -> Result<Mailbox, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM mailboxes WHERE id = $1")))
        .bind(id.to_string())
        .fetch_optional(&mut **tx)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// A mailbox named on the command line: by its id or its address, in a workspace.
pub async fn find(pool: &AnyPool, ws: WorkspaceId, name: &str) -> Result<Mailbox, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM mailboxes WHERE workspace_id = $1 AND (id = $2 OR address = $3)"
    )))
    .bind(ws.to_db())
    .bind(name.to_string())
    .bind(name.trim().to_lowercase())
    .fetch_optional(pool)
    .await
    .db()?
    .ok_or_else(AppError::not_found)
}

/// Every mailbox with an IMAP account to poll, across workspaces (the poller's view).
pub async fn pollable(pool: &AnyPool) -> Result<Vec<Mailbox>, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM mailboxes WHERE active = 1 AND imap_host <> '' ORDER BY id"
    )))
    .fetch_all(pool)
    .await
    .db()
}

/// Where a mailbox's poller stands.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct MailboxState {
    /// waiting | ok | failing
    pub status: String,
    /// unreachable | auth | tls | folder | protocol | other
    pub reason: Option<String>,
    /// The server's own words.
    pub detail: Option<String>,
    pub failures: i64,
    /// Whether the server announces IDLE (new mail is then taken at once).
    pub idle: i64,
    pub fetched: i64,
    pub last_ok_at: Option<Timestamp>,
    pub last_attempt_at: Option<Timestamp>,
    pub next_attempt_at: Option<Timestamp>,
}

pub async fn state(pool: &AnyPool, admin: &WorkspaceAdmin, id: MailboxId) -> Result<MailboxState, AppError> {
    get(pool, admin, id).await?;
    sqlx::query_as(
        "SELECT status, reason, detail, failures, idle, fetched, last_ok_at, last_attempt_at, next_attempt_at
         FROM mailbox_state WHERE mailbox_id = $1",
    )
    .bind(id.to_db())
    .fetch_optional(pool)
    .await
    .db()?
    .ok_or_else(AppError::not_found)
}

/// Ask the poller to try at once (after fixing the server, say).
pub async fn check_now(db: &Db, admin: &WorkspaceAdmin, id: MailboxId, now: Timestamp) -> Result<(), AppError> {
    get(db.pool(), admin, id).await?;
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE mailbox_state SET next_attempt_at = $1 WHERE mailbox_id = $2")
        .bind(now)
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.commit().await.db()
}
