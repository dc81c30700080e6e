//! Opening a ticket and changing its properties.

use portico_authz::{Authz, UnitCap};
use portico_db::{Db, DbResultExt, Tx};
use portico_kernel::validate::required_text;
use portico_kernel::{Actor, AppError, Clock, ErrorCode, Event, Timestamp, UnitId, WorkspaceId};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use utoipa::ToSchema;

use super::{CHANNELS, PRIORITIES, STATUSES, TYPES, Ticket, attachments, comments};
use crate::kinds::{COMMENT, TICKET};
use crate::{CHANGED, CREATE, EDIT, VIEW};

/// The ticket numbers given so far, per workspace (made again from the tickets on import).
pub const COUNTERS: portico_platform::InternalTable = portico_platform::InternalTable {
    name: "desk_counters",
    why: "the last ticket number given, made again from the tickets (the API's ids are given anew)",
    rebuild: &[
        "DELETE FROM desk_counters WHERE workspace_id = $1",
        "INSERT INTO desk_counters (workspace_id, last_number) SELECT $1, COALESCE(MAX(number), 0) FROM desk_tickets WHERE workspace_id = $1",
    ],
    personal_data: &[],
};

/// Raise counter `column` of `ws` by `by`; its new value. The counter's row is held until the
/// transaction ends, so two tickets opened at once get two numbers.
pub(crate) async fn count_up(tx: &mut Tx, ws: WorkspaceId, column: Counter, by: i64) -> Result<i64, AppError> {
    sqlx::query(
        "INSERT INTO desk_counters (workspace_id, last_number)
         SELECT $1, COALESCE(MAX(number), 0) FROM desk_tickets WHERE workspace_id = $1
         ON CONFLICT (workspace_id) DO NOTHING",
    )
    .bind(ws.to_db())
    .execute(&mut **tx)
    .await
    .db()?;
    let column = match column {
        Counter::Ticket => "last_number",
        Counter::ApiId => "last_api_id",
    };
    let sql = format!("UPDATE desk_counters SET {column} = {column} + $2 WHERE workspace_id = $1 RETURNING {column}");
    let (n,): (i64,) =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(ws.to_db()).bind(by).fetch_one(&mut **tx).await.db()?;
    Ok(n)
}

/// The numbers a workspace gives out.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Counter {
    /// Tickets' numbers (#1042).
    Ticket,
    /// The Zendesk-shaped API's ids of everything but tickets.
    ApiId,
}

/// A ticket as an agent or a program opens it for a requester.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTicket {
    pub unit_id: String,
    pub subject: String,
    /// What the requester asks: the ticket's first comment.
    pub description: String,
    /// The requester, a contact…
    #[serde(default)]
    pub requester_id: String,
    /// …or their address (a contact is made for it when none has it) and name.
    #[serde(default)]
    pub requester_email: String,
    #[serde(default)]
    pub requester_name: String,
    /// low, normal (default), high or urgent.
    #[serde(default)]
    pub priority: String,
    /// question, incident, problem, task, or empty.
    #[serde(default)]
    pub ticket_type: String,
    /// api (default), web, phone, chat or email.
    #[serde(default)]
    pub channel: String,
    #[serde(default)]
    pub group_id: String,
    #[serde(default)]
    pub assignee_id: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// new (the default), open, pending, hold, solved or closed.
    #[serde(default)]
    pub status: String,
    /// Tokens of uploads whose files the first comment carries.
    #[serde(default)]
    pub uploads: Vec<String>,
}

/// A ticket to open, checked.
pub(crate) struct Opening {
    pub unit: UnitId,
    pub subject: String,
    pub description: String,
    pub requester: String,
    pub channel: &'static str,
    pub status: String,
    pub priority: String,
    pub ticket_type: String,
    pub group: Option<String>,
    pub assignee: Option<String>,
    pub tags: String,
    pub thread: Option<String>,
    /// The message it came in (its full original is one click away).
    pub message: Option<String>,
}

/// Open a ticket in the caller's transaction; its id and its first comment's.
pub(crate) async fn open(
    tx: &mut Tx,
    ws: WorkspaceId,
    actor: &Actor,
    o: Opening,
    now: Timestamp,
) -> Result<(String, String), AppError> {
    let (id, number) = (uuid::Uuid::now_v7().to_string(), count_up(tx, ws, Counter::Ticket, 1).await?);
    sqlx::query(
        "INSERT INTO desk_tickets (id, workspace_id, unit_id, number, subject, description, priority, ticket_type,
            channel, requester_id, group_id, assignee_id, tags, thread_id, version, created_at, updated_at, status, solved_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $15, $15, $16, $17)",
    )
    .bind(id.clone())
    .bind(ws.to_db())
    .bind(o.unit.to_db())
    .bind(number)
    .bind(o.subject.clone())
    .bind(o.description.clone())
    .bind(o.priority.clone())
    .bind(o.ticket_type.clone())
    .bind(o.channel)
    .bind(o.requester.clone())
    .bind(o.group.clone())
    .bind(o.assignee.clone())
    .bind(o.tags.clone())
    .bind(o.thread.clone())
    .bind(now)
    .bind(o.status.clone())
    .bind(matches!(o.status.as_str(), "solved" | "closed").then_some(now))
    .execute(&mut **tx)
    .await
    .db()?;
    let after = json!({"number": number, "subject": o.subject, "status": o.status, "priority": o.priority,
        "ticket_type": o.ticket_type, "channel": o.channel, "requester_id": o.requester, "group_id": o.group,
        "assignee_id": o.assignee, "tags": o.tags, "unit_id": o.unit});
    tx.emit(Event::new(ws, actor, TICKET, "create", id.clone(), now).unit(o.unit).after(after)).await?;
    let author = super::comments::Author::Requester(o.requester.clone());
    let first = super::comments::Written { author, public: true, body: o.description, message: o.message, email: None };
    let first = super::comments::insert(tx, ws, actor, &id, o.unit, first, now).await?;
    Ok((id, first))
}

/// Tags as kept: lowercased words (letters, digits, `_`, `-`, `:`), each once, at most 20.
pub(crate) fn clean_tags(tags: &[String]) -> Result<String, AppError> {
    let mut kept: Vec<String> = Vec::new();
    for (i, t) in tags.iter().flat_map(|t| t.split_whitespace()).enumerate() {
        let t = t.trim_start_matches('#').to_lowercase();
        if t.chars().count() > 40 || !t.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':')) {
            return Err(AppError::field(ErrorCode::InvalidValue, format!("tags.{i}")));
        }
        if !t.is_empty() && !kept.contains(&t) {
            kept.push(t);
        }
    }
    if kept.len() > 20 {
        return Err(AppError::field(ErrorCode::TooLong, "tags"));
    }
    Ok(kept.join(" "))
}

fn one_of(field: &str, value: &str, allowed: &[&str], default: &str) -> Result<String, AppError> {
    match value.trim() {
        "" => Ok(default.to_string()),
        v if allowed.contains(&v) => Ok(v.to_string()),
        _ => Err(AppError::field(ErrorCode::InvalidValue, field.to_string())),
    }
}

/// A group of the workspace, or none when `id` is empty.
async fn group(db: &Db, authz: &Authz, id: &str) -> Result<Option<String>, AppError> {
    if id.trim().is_empty() {
        return Ok(None);
    }
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let g = crate::groups::get(db.pool(), &scope, id.trim())
        .await
        .map_err(|_| AppError::field(ErrorCode::InvalidValue, "group_id"))?;
    Ok(Some(g.id))
}

/// Someone who may work on the unit's tickets, or nobody when `id` is empty.
async fn assignee(db: &Db, ws: WorkspaceId, unit: UnitId, id: &str) -> Result<Option<String>, AppError> {
    match id.trim() {
        "" => Ok(None),
        id if portico_authz::store::may(db.pool(), ws, id, unit, EDIT).await => Ok(Some(id.to_string())),
        _ => Err(AppError::field(ErrorCode::InvalidValue, "assignee_id")),
    }
}

/// Open a ticket for a requester (an agent, the API); its id.
pub async fn create(db: &Db, clock: &dyn Clock, authz: &Authz, input: &NewTicket) -> Result<String, AppError> {
    let unit = portico_authz::units::parse_unit("unit_id", &input.unit_id)?;
    let cap = authz.unit_cap(CREATE, unit).map_err(|e| e.or_field("unit_id"))?;
    let ws = cap.workspace();
    let subject = required_text("subject", &input.subject, 250)?;
    let description = required_text("description", &input.description, 65_536)?;
    let priority = one_of("priority", &input.priority, &PRIORITIES, "normal")?;
    let status = one_of("status", &input.status, &STATUSES, "new")?;
    let ticket_type = one_of("ticket_type", &input.ticket_type, &TYPES, "")?;
    let channel = match input.channel.trim() {
        "" => "api",
        c => CHANNELS
            .iter()
            .find(|k| **k == c)
            .copied()
            .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "channel"))?,
    };
    let tags = clean_tags(&input.tags)?;
    let group = group(db, authz, &input.group_id).await?;
    let assignee = assignee(db, ws, unit, &input.assignee_id).await?;
    // A requester named by id is a contact the caller sees (their name shows on the ticket).
    let known = match input.requester_id.trim() {
        "" => None,
        id => {
            let refused = || AppError::field(ErrorCode::InvalidValue, "requester_id");
            let scope = authz.scope(portico_core::contacts::store::VIEW).map_err(|_| refused())?;
            let id = id.parse().map_err(|_| refused())?;
            Some(portico_core::contacts::store::get(db.pool(), &scope, id).await.map_err(|_| refused())?.id)
        }
    };
    let files = match authz.actor().user_id() {
        Some(user) if !input.uploads.is_empty() => attachments::to_send(db, ws, &user.to_db(), &input.uploads).await?,
        _ => Vec::new(),
    };
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    let requester = match known {
        Some(id) => id,
        None => {
            let name = match input.requester_name.trim() {
                "" => input.requester_email.split('@').next().unwrap_or_default().to_string(),
                n => n.to_string(),
            };
            let contact = portico_core::contacts::store::ContactInput {
                name,
                email: input.requester_email.clone(),
                ..Default::default()
            };
            portico_core::contacts::store::find_or_add(&mut tx, ws, cap.actor(), unit, &contact, now)
                .await
                .map_err(|e| match e.field.as_deref() {
                    // The contact's fields, as this input names them.
                    Some(f @ ("email" | "name")) => AppError { field: Some(format!("requester_{f}")), ..e },
                    _ => e,
                })?
                .to_db()
        }
    };
    let opening = Opening {
        unit,
        subject,
        description,
        requester,
        channel,
        status,
        priority,
        ticket_type,
        group,
        assignee,
        tags,
        thread: None,
        message: None,
    };
    let (id, first) = open(&mut tx, ws, cap.actor(), opening, now).await?;
    attachments::attach(&mut tx, ws, cap.actor(), &first, unit, &files, now).await?;
    tx.commit().await.db()?;
    Ok(id)
}

/// A change to a ticket's properties; what is left out stays as it is.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TicketChange {
    /// The version the change was made on: refused (409 `ticket_changed`) when the ticket has
    /// changed since.
    #[serde(default)]
    pub version: Option<i64>,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub priority: Option<String>,
    #[serde(default)]
    pub ticket_type: Option<String>,
    /// Empty: no group.
    #[serde(default)]
    pub group_id: Option<String>,
    /// Empty: nobody.
    #[serde(default)]
    pub assignee_id: Option<String>,
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    /// A reply or note written with the change: both are made, or neither.
    #[serde(default)]
    pub comment: Option<CommentInput>,
}

/// What an agent writes on a ticket.
#[derive(Debug, Clone, Deserialize, serde::Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentInput {
    pub body: String,
    /// A public reply (e-mailed to the requester; the default) or an internal note.
    #[serde(default = "yes")]
    pub public: bool,
    /// Tokens of uploads (`POST /api/v1/desk/attachments`) whose files the comment carries.
    #[serde(default)]
    pub uploads: Vec<String>,
}

pub(crate) fn yes() -> bool {
    true
}

/// Refused when the change was made on an older version than the ticket's.
pub(crate) fn check_version(t: &Ticket, version: Option<i64>) -> Result<(), AppError> {
    match version {
        Some(v) if v != t.version => Err(AppError::field(ErrorCode::Module(&CHANGED), "version")),
        _ => Ok(()),
    }
}

/// Change a ticket's properties; the ticket as it is now.
pub async fn change(db: &Db, clock: &dyn Clock, authz: &Authz, id: &str, c: &TicketChange) -> Result<Ticket, AppError> {
    Ok(apply(db, clock, authz, id, c).await?.0)
}

/// Change a ticket and write the comment that comes with the change, in one step: the ticket
/// as it is now, and the comment's id.
pub(crate) async fn apply(
    db: &Db,
    clock: &dyn Clock,
    authz: &Authz,
    id: &str,
    c: &TicketChange,
) -> Result<(Ticket, Option<String>), AppError> {
    let (t, cap) = super::editable(db.pool(), authz, id).await?;
    check_version(&t, c.version)?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    let made = apply_in(&mut tx, db, authz, &cap, &t, c, now).await?;
    tx.commit().await.db()?;
    Ok((super::get(db.pool(), &authz.scope(VIEW)?, id).await?, made))
}

/// [`apply`] in the caller's transaction (a rule's run), on ticket `t` as read in it; other
/// records (groups, people, files) are read through `db`. The comment's id.
pub(crate) async fn apply_in(
    tx: &mut Tx,
    db: &Db,
    authz: &Authz,
    cap: &UnitCap,
    t: &Ticket,
    c: &TicketChange,
    now: Timestamp,
) -> Result<Option<String>, AppError> {
    let (ws, unit) = (cap.workspace(), cap.unit());
    let mut after = Map::new();
    let mut before = Map::new();
    let mut set = |field: &str, old: Value, new: Value| {
        if old != new {
            before.insert(field.to_string(), old);
            after.insert(field.to_string(), new);
        }
    };
    let subject = match &c.subject {
        Some(s) => required_text("subject", s, 250)?,
        None => t.subject.clone(),
    };
    set("subject", json!(t.subject), json!(subject));
    let comment = match &c.comment {
        Some(k) => Some((required_text("body", &k.body, 65_536)?, k.public)),
        None => None,
    };
    let status = match c.status.as_deref().map(str::trim) {
        // An agent writing on a new ticket opens it.
        None | Some("") if comment.is_some() && t.status == "new" => "open".to_string(),
        Some(s) => one_of("status", s, &STATUSES, &t.status)?,
        None => t.status.clone(),
    };
    set("status", json!(t.status), json!(status));
    let priority = match &c.priority {
        Some(p) => one_of("priority", p, &PRIORITIES, &t.priority)?,
        None => t.priority.clone(),
    };
    set("priority", json!(t.priority), json!(priority));
    let ticket_type = match &c.ticket_type {
        Some(k) => one_of("ticket_type", k, &TYPES, "")?,
        None => t.ticket_type.clone(),
    };
    set("ticket_type", json!(t.ticket_type), json!(ticket_type));
    let group = match &c.group_id {
        Some(g) if Some(g.trim()) != t.group_id.as_deref() => group(db, authz, g).await?,
        _ => t.group_id.clone(),
    };
    set("group_id", json!(t.group_id), json!(group));
    let assignee = match &c.assignee_id {
        Some(a) if Some(a.trim()) != t.assignee_id.as_deref() => assignee(db, ws, unit, a).await?,
        _ => t.assignee_id.clone(),
    };
    set("assignee_id", json!(t.assignee_id), json!(assignee));
    let tags = match &c.tags {
        Some(tags) => clean_tags(tags)?,
        None => t.tags.clone(),
    };
    set("tags", json!(t.tags), json!(tags));
    if after.is_empty() && comment.is_none() {
        return Ok(None);
    }
    // A person writes as an agent; a rule writes as Portico.
    let author = authz.actor().user_id().map(|u| u.to_db());
    let files = match (&c.comment, &author) {
        (Some(k), Some(user)) if !k.uploads.is_empty() => attachments::to_send(db, ws, user, &k.uploads).await?,
        _ => Vec::new(),
    };
    let solved_at = solved_at(t, &status, now);
    let done = sqlx::query(
        "UPDATE desk_tickets SET subject = $1, status = $2, priority = $3, ticket_type = $4, group_id = $5, assignee_id = $6,
            tags = $7, solved_at = $8, version = version + 1, updated_at = $9
         WHERE workspace_id = $10 AND id = $11 AND version = $12",
    )
    .bind(subject)
    .bind(status)
    .bind(priority)
    .bind(ticket_type)
    .bind(group)
    .bind(assignee)
    .bind(tags)
    .bind(solved_at)
    .bind(now)
    .bind(ws.to_db())
    .bind(t.id.clone())
    .bind(t.version)
    .execute(&mut **tx)
    .await
    .db()?;
    if done.rows_affected() == 0 {
        return Err(AppError::field(ErrorCode::Module(&CHANGED), "version"));
    }
    if !after.is_empty() {
        let event = Event::new(ws, cap.actor(), TICKET, "update", t.id.clone(), now)
            .unit(unit)
            .before(Value::Object(before))
            .after(Value::Object(after));
        tx.emit(event).await?;
    }
    let Some((body, public)) = comment else { return Ok(None) };
    let email = match public {
        true => Some(comments::send(tx, ws, t, &body, attachments::outgoing(&files), now).await?),
        false => None,
    };
    let author = author.map_or(comments::Author::Automatic, comments::Author::Agent);
    let written = comments::Written { author, public, body, message: None, email };
    let made = comments::insert(tx, ws, cap.actor(), &t.id, unit, written, now).await?;
    attachments::attach(tx, ws, cap.actor(), &made, unit, &files, now).await?;
    Ok(Some(made))
}

/// When a ticket moving to `status` was solved: kept while solved or closed, now when it
/// becomes so, none when it opens again.
pub(crate) fn solved_at(t: &Ticket, status: &str, now: Timestamp) -> Option<Timestamp> {
    match status {
        "solved" | "closed" => t.solved_at.or(Some(now)),
        _ => None,
    }
}

/// Delete a ticket and its comments.
pub async fn delete(db: &Db, clock: &dyn Clock, authz: &Authz, id: &str) -> Result<(), AppError> {
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let t = super::get(db.pool(), &scope, id).await?;
    let unit = t.unit()?;
    let cap = authz.unit_cap(crate::DELETE, unit)?;
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    let comments: Vec<(String,)> = sqlx::query_as("SELECT id FROM desk_comments WHERE ticket_id = $1")
        .bind(t.id.clone())
        .fetch_all(&mut *tx)
        .await
        .db()?;
    for (comment,) in comments {
        attachments::forget(&mut tx, cap.workspace(), cap.actor(), &comment, now).await?;
        sqlx::query("DELETE FROM desk_comments WHERE id = $1").bind(comment.clone()).execute(&mut *tx).await.db()?;
        tx.emit(Event::new(cap.workspace(), cap.actor(), COMMENT, "delete", comment, now).unit(unit)).await?;
    }
    // Its conversations stay in their mailbox, filed nowhere: an answer opens a new ticket.
    portico_mail::inbound::messages::forget_record(&mut tx, cap.workspace(), TICKET, &t.id).await?;
    sqlx::query("DELETE FROM desk_tickets WHERE workspace_id = $1 AND id = $2")
        .bind(cap.workspace().to_db())
        .bind(t.id.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    let before = json!({"number": t.number, "subject": t.subject});
    tx.emit(Event::new(cap.workspace(), cap.actor(), TICKET, "delete", t.id, now).unit(unit).before(before)).await?;
    tx.commit().await.db()
}

/// Merge ticket `id` into ticket `into` (both the agent may change): its conversation and its
/// mail move there (an answer to it now joins `into`), each ticket says so in a note in the
/// agent's words (`tr`), and it is closed.
pub async fn merge(
    db: &Db,
    clock: &dyn Clock,
    authz: &Authz,
    tr: &portico_http::i18n::Tr,
    id: &str,
    into: &str,
) -> Result<Ticket, AppError> {
    let scope = authz.scope(VIEW).map_err(|_| AppError::not_found())?;
    let from = super::get(db.pool(), &scope, id).await?;
    let to = super::get(db.pool(), &scope, into).await.map_err(|_| AppError::field(ErrorCode::InvalidValue, "into"))?;
    if from.id == to.id {
        return Err(AppError::field(ErrorCode::InvalidValue, "into"));
    }
    let cap = authz.unit_cap(EDIT, from.unit()?)?;
    let to_unit = to.unit()?;
    authz.unit_cap(EDIT, to_unit).map_err(|_| AppError::field(ErrorCode::InvalidValue, "into"))?;
    let (ws, actor, now) = (cap.workspace(), cap.actor(), clock.now_micros());
    let user = actor.user_id().map(|u| u.to_db()).ok_or_else(AppError::forbidden)?;
    let mut tx = db.begin().await?;
    let moving: Vec<(String,)> =
        sqlx::query_as("SELECT id FROM desk_comments WHERE workspace_id = $1 AND ticket_id = $2")
            .bind(ws.to_db())
            .bind(from.id.clone())
            .fetch_all(&mut *tx)
            .await
            .db()?;
    sqlx::query("UPDATE desk_comments SET ticket_id = $1, unit_id = $2 WHERE workspace_id = $3 AND ticket_id = $4")
        .bind(to.id.clone())
        .bind(to_unit.to_db())
        .bind(ws.to_db())
        .bind(from.id.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    // Their files go with them, to the unit they now belong to.
    sqlx::query(
        "UPDATE desk_attachments SET unit_id = $1 WHERE workspace_id = $2 AND comment_id IN
            (SELECT id FROM desk_comments WHERE workspace_id = $2 AND ticket_id = $3)",
    )
    .bind(to_unit.to_db())
    .bind(ws.to_db())
    .bind(to.id.clone())
    .execute(&mut *tx)
    .await
    .db()?;
    for (comment,) in moving {
        let event = Event::new(ws, actor, COMMENT, "update", comment, now)
            .unit(to_unit)
            .before(json!({"ticket_id": from.id}))
            .after(json!({"ticket_id": to.id}));
        tx.emit(event).await?;
    }
    portico_mail::inbound::messages::move_record(&mut tx, ws, TICKET, &from.id, &to.id).await?;
    if to.thread_id.is_none() && from.thread_id.is_some() {
        sqlx::query("UPDATE desk_tickets SET thread_id = $1 WHERE id = $2")
            .bind(from.thread_id.clone())
            .bind(to.id.clone())
            .execute(&mut *tx)
            .await
            .db()?;
    }
    let note = |body: &str| super::comments::Written {
        author: super::comments::Author::Agent(user.clone()),
        public: false,
        body: body.to_string(),
        message: None,
        email: None,
    };
    let here = tr.with("desk-merged-here", &[("number", &from.number.to_string())]);
    let gone = tr.with("desk-merged-into", &[("number", &to.number.to_string())]);
    super::comments::insert(&mut tx, ws, actor, &to.id, to_unit, note(&here), now).await?;
    super::comments::insert(&mut tx, ws, actor, &from.id, from.unit()?, note(&gone), now).await?;
    super::comments::moved(&mut tx, ws, actor, &to, &to.status, now).await?;
    super::comments::moved(&mut tx, ws, actor, &from, "closed", now).await?;
    tx.commit().await.db()?;
    super::get(db.pool(), &scope, &to.id).await
}
