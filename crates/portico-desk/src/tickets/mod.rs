//! Tickets: what a requester asked, numbered per workspace as people quote them (#1042),
//! with a status, priority, type, group, assignee and tags, and the conversation under it
//! (see [`comments`]). Every change goes through a version: a change made on an older
//! version than the ticket's is refused, so two agents never overwrite each other unseen.

pub mod api;
pub mod attachments;
pub mod comments;
pub mod mail;
pub mod pages;
pub mod write;

use portico_authz::Scope;
use portico_db::DbResultExt;
use portico_kernel::{AppError, Page, PageRequest, SortKey, SortValue, Timestamp};
use serde::{Serialize, Serializer};
use sqlx::AnyPool;
use utoipa::ToSchema;

pub use write::{NewTicket, TicketChange};

pub const STATUSES: [&str; 6] = ["new", "open", "pending", "hold", "solved", "closed"];
pub const PRIORITIES: [&str; 4] = ["low", "normal", "high", "urgent"];
pub const TYPES: [&str; 4] = ["question", "incident", "problem", "task"];
pub const CHANNELS: [&str; 5] = ["email", "web", "api", "phone", "chat"];

#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct Ticket {
    pub id: String,
    pub unit_id: String,
    /// Its number in the workspace, as people quote it (#1042).
    pub number: i64,
    pub subject: String,
    /// What the requester first wrote.
    pub description: String,
    /// new, open, pending, hold, solved or closed.
    pub status: String,
    /// low, normal, high or urgent.
    pub priority: String,
    /// question, incident, problem, task, or empty.
    pub ticket_type: String,
    /// Where it came from: email, web, api, phone or chat.
    pub channel: String,
    /// The contact who asked.
    pub requester_id: String,
    pub requester_name: String,
    pub requester_email: Option<String>,
    pub group_id: Option<String>,
    pub group_name: Option<String>,
    pub assignee_id: Option<String>,
    pub assignee_name: Option<String>,
    #[serde(serialize_with = "words")]
    #[schema(value_type = Vec<String>)]
    pub tags: String,
    /// The e-mail conversation its replies go out in.
    #[serde(skip)]
    pub thread_id: Option<String>,
    /// Raised by every change; a change names the version it was made on.
    pub version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub solved_at: Option<Timestamp>,
}

fn words<S: Serializer>(tags: &str, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(tags.split_whitespace())
}

impl Ticket {
    pub fn unit(&self) -> Result<portico_kernel::UnitId, AppError> {
        portico_kernel::ids::parse_db_id(&self.unit_id)
    }
}

pub(crate) const SELECT: &str = "SELECT t.id, t.unit_id, t.number, t.subject, t.description, t.status, t.priority, t.ticket_type, \
    t.channel, t.requester_id, c.name AS requester_name, c.email AS requester_email, t.group_id, g.name AS group_name, \
    t.assignee_id, u.name AS assignee_name, t.tags, t.thread_id, t.version, t.created_at, t.updated_at, t.solved_at \
    FROM desk_tickets t JOIN contacts c ON c.id = t.requester_id LEFT JOIN desk_groups g ON g.id = t.group_id \
    LEFT JOIN users u ON u.id = t.assignee_id";

/// The inbox's views: what each shows, by its key.
pub const VIEWS: [&str; 6] = ["mine", "unassigned", "unsolved", "pending", "solved", "all"];

/// The condition of `view`; `me` is the parameter holding the person looking.
fn view_sql(view: &str, me: &str) -> String {
    match view {
        "mine" => format!("t.assignee_id = {me} AND t.status IN ('new', 'open', 'pending', 'hold')"),
        "unassigned" => "t.assignee_id IS NULL AND t.status IN ('new', 'open')".into(),
        "unsolved" => "t.status IN ('new', 'open', 'pending', 'hold')".into(),
        "pending" => "t.status = 'pending'".into(),
        "solved" => "t.status IN ('solved', 'closed')".into(),
        _ => "1 = 1".into(),
    }
}

pub static LIST: portico_kernel::ListSpec = portico_kernel::ListSpec {
    name: "desk_ticket",
    sorts: &[
        SortKey::text("id", "t.id"),
        SortKey::number("number", "t.number"),
        SortKey::text("subject", "lower(t.subject)"),
        SortKey::text("status", "t.status"),
        SortKey::number(
            "priority",
            "CASE t.priority WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END",
        ),
        SortKey::number("updated", "t.updated_at"),
    ],
    default_desc: true,
};

fn rank(priority: &str) -> i64 {
    PRIORITIES.iter().position(|p| *p == priority).map_or(0, |i| i as i64)
}

impl Ticket {
    fn position(&self, key: &str) -> (String, SortValue) {
        let value = match key {
            "number" => self.number.into(),
            "subject" => self.subject.to_lowercase().into(),
            "status" => self.status.clone().into(),
            "priority" => rank(&self.priority).into(),
            "updated" => self.updated_at.into(),
            _ => self.id.clone().into(),
        };
        (self.id.clone(), value)
    }
}

/// What an inbox list is narrowed to.
#[derive(Debug, Default, Clone, Copy)]
pub struct TicketFilter<'a> {
    /// One of [`VIEWS`] (all when none).
    pub view: Option<&'a str>,
    /// The person looking (for "mine").
    pub me: Option<&'a str>,
    /// Part of the subject, the requester's name or address, or `#number`.
    pub q: Option<&'a str>,
    pub status: Option<&'a str>,
    pub priority: Option<&'a str>,
    pub group: Option<&'a str>,
    pub requester: Option<&'a str>,
}

/// The conditions of a filtered list, on `$1`–`$8`.
fn filter_sql(scope: &Scope, f: &TicketFilter<'_>) -> String {
    format!(
        "t.workspace_id = $1 AND {} AND {}
         AND ($2 IS NULL OR lower(t.subject) LIKE $2 OR lower(c.name) LIKE $2 OR lower(COALESCE(c.email, '')) LIKE $2 OR t.number = $4)
         AND ($5 IS NULL OR t.status = $5) AND ($6 IS NULL OR t.priority = $6) AND ($7 IS NULL OR t.group_id = $7)
         AND ($8 IS NULL OR t.requester_id = $8)",
        scope.unit_sql("t.unit_id"),
        view_sql(f.view.unwrap_or("all"), "$3"),
    )
}

type AnyQueryAs<'q, O> = sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments>;

fn bind_filter<'q, O>(q: AnyQueryAs<'q, O>, scope: &Scope, f: &TicketFilter<'_>) -> AnyQueryAs<'q, O> {
    let number = f.q.map(|q| q.trim().trim_start_matches('#')).and_then(|q| q.parse::<i64>().ok());
    q.bind(scope.workspace().to_db())
        .bind(f.q.map(portico_db::contains_pattern))
        .bind(f.me.unwrap_or_default().to_string())
        .bind(number.unwrap_or(-1))
        .bind(f.status.map(str::to_string))
        .bind(f.priority.map(str::to_string))
        .bind(f.group.map(str::to_string))
        .bind(f.requester.map(str::to_string))
}

const FROM: &str = "FROM desk_tickets t JOIN contacts c ON c.id = t.requester_id";

pub async fn list(
    pool: &AnyPool,
    scope: &Scope,
    page: &PageRequest,
    f: TicketFilter<'_>,
) -> Result<Page<Ticket>, AppError> {
    let ks = page.keyset(&LIST)?;
    let sql = format!(
        "{SELECT} WHERE {} AND {} ORDER BY {} LIMIT $11",
        filter_sql(scope, &f),
        ks.condition(9, "t.id"),
        ks.order("t.id")
    );
    let q = bind_filter(sqlx::query_as(sqlx::AssertSqlSafe(sql)), scope, &f);
    let rows: Vec<Ticket> = portico_db::bind_keyset(q, &ks).bind(ks.fetch()).fetch_all(pool).await.db()?;
    Ok(Page::from_rows(rows, &ks, Ticket::position))
}

/// How many tickets a filtered list holds in all.
pub async fn count(pool: &AnyPool, scope: &Scope, f: TicketFilter<'_>) -> Result<i64, AppError> {
    let sql = format!("SELECT COUNT(*) {FROM} WHERE {}", filter_sql(scope, &f));
    let (n,): (i64,) = bind_filter(sqlx::query_as(sqlx::AssertSqlSafe(sql)), scope, &f).fetch_one(pool).await.db()?;
    Ok(n)
}

/// How many tickets each view holds, in [`VIEWS`] order.
pub async fn counts(pool: &AnyPool, scope: &Scope, me: &str) -> Result<Vec<(&'static str, i64)>, AppError> {
    let sums: Vec<String> =
        VIEWS.iter().map(|v| format!("COALESCE(SUM(CASE WHEN {} THEN 1 ELSE 0 END), 0)", view_sql(v, "$2"))).collect();
    let sql = format!(
        "SELECT {} FROM desk_tickets t WHERE t.workspace_id = $1 AND {}",
        sums.join(", "),
        scope.unit_sql("t.unit_id")
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(me.to_string())
        .fetch_one(pool)
        .await
        .db()?;
    use sqlx::Row;
    let mut out = Vec::new();
    for (i, v) in VIEWS.iter().enumerate() {
        out.push((*v, row.try_get::<i64, _>(i).db()?));
    }
    Ok(out)
}

pub async fn get(pool: &AnyPool, scope: &Scope, id: &str) -> Result<Ticket, AppError> {
    let sql = format!("{SELECT} WHERE t.workspace_id = $1 AND t.id = $2 AND {}", scope.unit_sql("t.unit_id"));
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(id.to_string())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// A ticket the caller may change, with their right to in its unit: not found when they
/// cannot see it, refused when they may only look.
pub async fn editable(
    pool: &AnyPool,
    authz: &portico_authz::Authz,
    id: &str,
) -> Result<(Ticket, portico_authz::UnitCap), AppError> {
    let t = get(pool, &authz.scope(crate::VIEW).map_err(|_| AppError::not_found())?, id).await?;
    let cap = authz.unit_cap(crate::EDIT, t.unit()?)?;
    Ok((t, cap))
}

/// The ticket people quote as #`number`, among those the caller sees.
pub async fn by_number(pool: &AnyPool, scope: &Scope, number: i64) -> Result<Ticket, AppError> {
    let sql = format!("{SELECT} WHERE t.workspace_id = $1 AND t.number = $2 AND {}", scope.unit_sql("t.unit_id"));
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(scope.workspace().to_db())
        .bind(number)
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// A ticket read inside a transaction, whoever asks (mail filing it, a change checking it).
pub(crate) async fn get_in(
    tx: &mut portico_db::Tx,
    ws: portico_kernel::WorkspaceId,
    id: &str,
) -> Result<Ticket, AppError> {
    let sql = format!("{SELECT} WHERE t.workspace_id = $1 AND t.id = $2");
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(ws.to_db())
        .bind(id.to_string())
        .fetch_optional(&mut **tx)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}
