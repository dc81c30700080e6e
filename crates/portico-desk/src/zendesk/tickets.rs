//! `/api/v2/tickets`: tickets by their number, with Zendesk's bodies (`{"ticket": {…}}`, a
//! comment written with an update, `safe_update` refusing a change made on an older ticket).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portico_http::extract::Caller;
use portico_http::state::AppState;
use portico_kernel::{AppError, ErrorCode, PageRequest};
use serde::{Deserialize, Deserializer};
use serde_json::{Value, json};

use super::ids::{self, Named};
use super::page::Paging;
use super::shape::{self, Ids};
use super::{Agent, Body, Fail, Here, path_number};
use crate::tickets::write::{self, CommentInput, NewTicket, TicketChange};
use crate::tickets::{self as store, Ticket, TicketFilter, attachments, comments};
use crate::{CREATE, VIEW};

#[derive(Debug, Deserialize)]
pub struct TicketBody {
    ticket: ZTicket,
}

/// A ticket as Zendesk's clients send it. `null` clears a group or an assignee, so those
/// tell "left out" from "null".
#[derive(Debug, Default, Deserialize)]
struct ZTicket {
    subject: Option<String>,
    comment: Option<ZComment>,
    description: Option<String>,
    requester_id: Option<i64>,
    requester: Option<ZRequester>,
    priority: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    status: Option<String>,
    tags: Option<Vec<String>>,
    additional_tags: Option<Vec<String>>,
    remove_tags: Option<Vec<String>>,
    #[serde(default, deserialize_with = "present")]
    group_id: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    assignee_id: Option<Value>,
    safe_update: Option<bool>,
    updated_stamp: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct ZComment {
    body: Option<String>,
    html_body: Option<String>,
    public: Option<bool>,
    /// Tokens of uploads (`/api/v2/uploads`) whose files it carries.
    uploads: Option<Vec<String>>,
}

impl ZComment {
    fn text(&self) -> String {
        match (&self.body, &self.html_body) {
            (Some(b), _) if !b.trim().is_empty() => b.clone(),
            (_, Some(h)) => portico_html::to_text(h),
            _ => String::new(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
struct ZRequester {
    name: Option<String>,
    email: Option<String>,
}

fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// The record behind a number `field` gives, of kind `kind`; "" for `null` (nobody, no group).
async fn referred(s: &AppState, c: &Caller, field: &str, kind: Named, value: &Value) -> Result<String, Fail> {
    let refused = || Fail(AppError::field(ErrorCode::InvalidValue, field));
    match value {
        Value::Null => Ok(String::new()),
        v => {
            let n = v.as_i64().or_else(|| v.as_str().and_then(|s| s.parse().ok())).ok_or_else(refused)?;
            ids::record_of(s.db.pool(), c.authz.workspace(), n, kind).await.map_err(|_| refused())
        }
    }
}

async fn one(s: &AppState, c: &Caller, number: i64) -> Result<Ticket, Fail> {
    Ok(store::by_number(s.db.pool(), &c.authz.scope(VIEW)?, number).await?)
}

async fn answer(s: &AppState, c: &Caller, here: &Here, tickets: &[Ticket]) -> Result<Vec<Value>, Fail> {
    let ids = Ids::of_tickets(&s.db, c.authz.workspace(), tickets).await?;
    Ok(tickets.iter().map(|t| shape::ticket(&here.base, t, &ids)).collect())
}

/// What Zendesk answers a write with beside the ticket: the change's audit (its events are
/// in Portico's audit log).
fn audit(t: &Ticket, author: Value) -> Value {
    json!({"id": null, "ticket_id": t.number, "created_at": shape::time(t.updated_at), "author_id": author, "metadata": {}, "events": []})
}

pub async fn list(State(s): State<AppState>, Agent(c): Agent, here: Here) -> Result<Json<Value>, Fail> {
    let paging = Paging::of(&here, 100)?;
    let scope = c.authz.scope(VIEW)?;
    let pool = s.db.pool();
    let (tickets, next) = paging
        .read(|page: PageRequest| {
            let page = page.sorted(Some("number".into()), Some(false));
            let scope = scope.clone();
            async move { store::list(pool, &scope, &page, TicketFilter::default()).await }
        })
        .await?;
    let count = match paging {
        Paging::Offset { .. } => {
            let all = store::counts(pool, &scope, &c.user.to_db()).await?;
            all.iter().find(|(v, _)| *v == "all").map_or(0, |(_, n)| *n)
        }
        Paging::Cursor { .. } => 0,
    };
    let items = answer(&s, &c, &here, &tickets).await?;
    Ok(Json(paging.envelope(&here, "tickets", items, next, count)))
}

pub async fn show(
    State(s): State<AppState>,
    Agent(c): Agent,
    here: Here,
    Path(id): Path<String>,
) -> Result<Json<Value>, Fail> {
    let t = one(&s, &c, path_number(&id)?).await?;
    let mut items = answer(&s, &c, &here, std::slice::from_ref(&t)).await?;
    Ok(Json(json!({"ticket": items.pop()})))
}

/// `?ids=1,2,3`: those of them the caller sees, up to 100.
pub async fn show_many(State(s): State<AppState>, Agent(c): Agent, here: Here) -> Result<Json<Value>, Fail> {
    let numbers: Vec<i64> = here
        .get("ids")
        .unwrap_or("")
        .split(',')
        .filter(|n| !n.trim().is_empty())
        .map(|n| n.trim().parse().map_err(|_| Fail(AppError::field(ErrorCode::InvalidNumber, "ids"))))
        .collect::<Result<_, _>>()?;
    if numbers.len() > 100 {
        return Err(Fail(AppError::field(ErrorCode::TooLong, "ids")));
    }
    let mut tickets = Vec::new();
    for n in numbers {
        if let Ok(t) = one(&s, &c, n).await {
            tickets.push(t);
        }
    }
    Ok(Json(json!({"tickets": answer(&s, &c, &here, &tickets).await?})))
}

/// Open a ticket, in the first unit where the caller may; without a requester, the caller
/// asks it themselves.
pub async fn create(
    State(s): State<AppState>,
    Agent(c): Agent,
    here: Here,
    Body(b): Body<TicketBody>,
) -> Result<(StatusCode, Json<Value>), Fail> {
    let z = b.ticket;
    let scope = c.authz.scope(CREATE).map_err(|_| AppError::forbidden())?;
    let unit = match scope.units() {
        None => c.authz.tree().root(),
        Some(units) => units.first().copied(),
    }
    .ok_or_else(AppError::forbidden)?;
    let description = match (&z.comment, &z.description) {
        (Some(k), _) => k.text(),
        (None, Some(d)) => d.clone(),
        (None, None) => String::new(),
    };
    let mut input = NewTicket {
        unit_id: unit.to_string(),
        subject: z
            .subject
            .clone()
            .unwrap_or_else(|| description.lines().next().unwrap_or("").chars().take(80).collect()),
        description,
        priority: z.priority.clone().unwrap_or_default(),
        ticket_type: z.kind.clone().unwrap_or_default(),
        status: z.status.clone().unwrap_or_default(),
        tags: z.tags.clone().unwrap_or_default(),
        uploads: z.comment.as_ref().and_then(|k| k.uploads.clone()).unwrap_or_default(),
        ..Default::default()
    };
    match (z.requester_id, &z.requester) {
        (Some(n), _) => input.requester_id = referred(&s, &c, "requester_id", Named::Contact, &json!(n)).await?,
        (None, Some(r)) => {
            input.requester_email = r.email.clone().unwrap_or_default();
            input.requester_name = r.name.clone().unwrap_or_default();
        }
        (None, None) => {
            input.requester_email = c.email.clone();
            input.requester_name = c.name.clone();
        }
    }
    if let Some(g) = &z.group_id {
        input.group_id = referred(&s, &c, "group_id", Named::Group, g).await?;
    }
    if let Some(a) = &z.assignee_id {
        input.assignee_id = referred(&s, &c, "assignee_id", Named::Agent, a).await?;
    }
    let id = write::create(&s.db, s.clock.as_ref(), &c.authz, &input).await?;
    let t = store::get(s.db.pool(), &c.authz.scope(VIEW)?, &id).await?;
    let mut items = answer(&s, &c, &here, std::slice::from_ref(&t)).await?;
    let me = ids::number(&s.db, c.authz.workspace(), Named::Agent, &c.user.to_db()).await?;
    Ok((StatusCode::CREATED, Json(json!({"ticket": items.pop(), "audit": audit(&t, json!(me))}))))
}

/// Change a ticket; a `comment` is written in the same step. With `safe_update`, refused
/// (409) when the ticket changed after `updated_stamp`.
pub async fn update(
    State(s): State<AppState>,
    Agent(c): Agent,
    here: Here,
    Path(id): Path<String>,
    Body(b): Body<TicketBody>,
) -> Result<Json<Value>, Fail> {
    let z = b.ticket;
    let t = one(&s, &c, path_number(&id)?).await?;
    if z.safe_update == Some(true) {
        let stamp = z.updated_stamp.as_deref().ok_or_else(|| AppError::field(ErrorCode::Required, "updated_stamp"))?;
        let stamp = chrono::DateTime::parse_from_rfc3339(stamp)
            .map_err(|_| AppError::field(ErrorCode::InvalidDate, "updated_stamp"))?;
        // A stamp to the second (as Zendesk gives them) is compared to the second.
        let exact = stamp.timestamp_subsec_micros() != 0;
        let seen = if exact { stamp.timestamp_micros() } else { stamp.timestamp() * 1_000_000 };
        let now = if exact { t.updated_at } else { t.updated_at.div_euclid(1_000_000) * 1_000_000 };
        if seen != now {
            return Err(Fail(AppError::field(ErrorCode::Module(&crate::CHANGED), "updated_stamp")));
        }
    }
    let mut tags: Option<Vec<String>> = z.tags.clone();
    if z.additional_tags.is_some() || z.remove_tags.is_some() {
        let mut now: Vec<String> = tags.unwrap_or_else(|| t.tags.split_whitespace().map(str::to_string).collect());
        now.extend(z.additional_tags.clone().unwrap_or_default());
        let removed = z.remove_tags.clone().unwrap_or_default();
        now.retain(|tag| !removed.contains(tag));
        tags = Some(now);
    }
    let mut change = TicketChange {
        // Whatever comes after this read is refused, not overwritten.
        version: Some(t.version),
        subject: z.subject.clone(),
        status: z.status.clone(),
        priority: z.priority.clone(),
        ticket_type: z.kind.clone(),
        tags,
        comment: z.comment.as_ref().map(|k| CommentInput {
            body: k.text(),
            public: k.public.unwrap_or(true),
            uploads: k.uploads.clone().unwrap_or_default(),
        }),
        ..Default::default()
    };
    if let Some(g) = &z.group_id {
        change.group_id = Some(referred(&s, &c, "group_id", Named::Group, g).await?);
    }
    if let Some(a) = &z.assignee_id {
        change.assignee_id = Some(referred(&s, &c, "assignee_id", Named::Agent, a).await?);
    }
    let t = write::change(&s.db, s.clock.as_ref(), &c.authz, &t.id, &change).await?;
    let mut items = answer(&s, &c, &here, std::slice::from_ref(&t)).await?;
    let me = ids::number(&s.db, c.authz.workspace(), Named::Agent, &c.user.to_db()).await?;
    Ok(Json(json!({"ticket": items.pop(), "audit": audit(&t, json!(me))})))
}

pub async fn delete(State(s): State<AppState>, Agent(c): Agent, Path(id): Path<String>) -> Result<StatusCode, Fail> {
    let t = one(&s, &c, path_number(&id)?).await?;
    write::delete(&s.db, s.clock.as_ref(), &c.authz, &t.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The conversation, oldest first.
pub async fn comments(
    State(s): State<AppState>,
    Agent(c): Agent,
    here: Here,
    Path(id): Path<String>,
) -> Result<Json<Value>, Fail> {
    let paging = Paging::of(&here, 100)?;
    let t = one(&s, &c, path_number(&id)?).await?;
    let ws = c.authz.workspace();
    let all = comments::of_ticket(s.db.pool(), ws, &t.id).await?;
    let files = attachments::of_ticket(s.db.pool(), ws, &t.id).await?;
    let count = all.len() as i64;
    let (page, next) = paging.slice(all)?;
    let ids = shape::comment_ids(&s.db, ws, &page, &files).await?;
    let items = page.iter().map(|k| shape::comment(&here.base, k, &files, &ids)).collect();
    Ok(Json(paging.envelope(&here, "comments", items, next, count)))
}
