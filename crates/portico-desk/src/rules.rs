//! Triggers and automations: rules on tickets, on the shared rules service. A trigger answers
//! a ticket's creation or change ("urgent from the VIP tag → assign to Level 2"); an
//! automation waits for a moment of the ticket ("pending for 4 days → remind", "solved for 7
//! days → close"). Conditions read the ticket's fields; Desk adds three actions to the core's
//! (e-mail, notify, webhook, custom field): set fields, assign, reply with a macro.

use std::sync::Arc;

use async_trait::async_trait;
use portico_authz::WorkspaceAdmin;
use portico_db::{DbResultExt, Tx};
use portico_kernel::{AppError, ErrorCode};
use portico_rules::params::{active_users, bad, choice, flag, text};
use portico_rules::{Action, Field, FieldType, Param, ParamKind, Run, Subject};
use serde_json::{Value, json};
use sqlx::AnyPool;

use crate::kinds::TICKET;
use crate::tickets::write::{CommentInput, TicketChange, apply_in, clean_tags};
use crate::tickets::{CHANNELS, PRIORITIES, STATUSES, TYPES, Ticket, get_in};
use crate::{EDIT, macros};

const fn field(name: &'static str, label: &'static str, ty: FieldType) -> Field {
    Field { name, label, ty, choices: &[] }
}

const FIELDS: &[Field] = &[
    Field { choices: &STATUSES, ..field("status", "field-status", FieldType::Choice) },
    Field { choices: &PRIORITIES, ..field("priority", "desk-field-priority", FieldType::Choice) },
    Field { choices: &TYPES, ..field("ticket_type", "desk-field-type", FieldType::Choice) },
    Field { choices: &CHANNELS, ..field("channel", "desk-field-channel", FieldType::Choice) },
    field("subject", "desk-col-subject", FieldType::Text),
    field("tags", "desk-field-tags", FieldType::Text),
    field("assignee_id", "desk-field-assignee", FieldType::User),
    field("unit_id", "field-unit", FieldType::Unit),
    field("created_at", "field-created-at", FieldType::Time),
    field("updated_at", "field-updated-at", FieldType::Time),
    field("solved_at", "desk-field-solved-at", FieldType::Time),
];

pub fn subjects() -> Vec<Subject> {
    vec![Subject { kind: TICKET, fields: FIELDS, verbs: &["create", "update"] }]
}

pub fn actions() -> Vec<Arc<dyn Action>> {
    vec![Arc::new(SetFields), Arc::new(Assign), Arc::new(Reply)]
}

/// The ticket a run is about, and the right to change it (the rule's, in its unit).
async fn ticket(tx: &mut Tx, run: &Run<'_>) -> Result<(Ticket, portico_authz::UnitCap), AppError> {
    let t = get_in(tx, run.workspace, run.record_id).await?;
    let cap = run.authz.unit_cap(EDIT, t.unit()?)?;
    Ok((t, cap))
}

/// Sets a ticket's status, priority, type or group, and adds or removes tags.
pub struct SetFields;

const SET_PARAMS: &[Param] = &[
    Param { name: "status", label: "field-status", kind: ParamKind::Choice(&STATUSES), required: false },
    Param { name: "priority", label: "desk-field-priority", kind: ParamKind::Choice(&PRIORITIES), required: false },
    Param { name: "ticket_type", label: "desk-field-type", kind: ParamKind::Choice(&TYPES), required: false },
    Param { name: "group", label: "desk-rule-group", kind: ParamKind::Text, required: false },
    Param { name: "add_tags", label: "desk-rule-add-tags", kind: ParamKind::Text, required: false },
    Param { name: "remove_tags", label: "desk-rule-remove-tags", kind: ParamKind::Text, required: false },
];

/// The group of the workspace with this name.
async fn group_named(pool: &AnyPool, ws: portico_kernel::WorkspaceId, name: &str) -> Result<Option<String>, AppError> {
    let found: Option<(String,)> =
        sqlx::query_as("SELECT id FROM desk_groups WHERE workspace_id = $1 AND lower(name) = $2 ORDER BY id LIMIT 1")
            .bind(ws.to_db())
            .bind(name.to_lowercase())
            .fetch_optional(pool)
            .await
            .db()?;
    Ok(found.map(|(id,)| id))
}

#[async_trait]
impl Action for SetFields {
    fn name(&self) -> &'static str {
        "desk.set_fields"
    }
    fn label(&self) -> &'static str {
        "desk-rule-set-fields"
    }
    fn params(&self) -> &'static [Param] {
        SET_PARAMS
    }
    fn kinds(&self) -> &'static [&'static str] {
        &[TICKET]
    }

    async fn check(
        &self,
        pool: &AnyPool,
        admin: &WorkspaceAdmin,
        _: &str,
        params: &Value,
        at: &str,
    ) -> Result<Value, AppError> {
        let status = choice(params, "status", &STATUSES, at)?;
        let priority = choice(params, "priority", &PRIORITIES, at)?;
        let ticket_type = choice(params, "ticket_type", &TYPES, at)?;
        let group = text(params, "group");
        if !group.is_empty() && group_named(pool, admin.workspace(), group).await?.is_none() {
            return Err(bad(at, "group", ErrorCode::InvalidValue));
        }
        let tags = |name: &str| {
            clean_tags(&[text(params, name).to_string()])
                .map_err(|e| AppError { field: Some(format!("{at}.{name}")), ..e })
        };
        let (add_tags, remove_tags) = (tags("add_tags")?, tags("remove_tags")?);
        if [&status, &priority, &ticket_type, &add_tags, &remove_tags].iter().all(|v| v.is_empty()) && group.is_empty()
        {
            return Err(bad(at, "status", ErrorCode::Required));
        }
        Ok(json!({"status": status, "priority": priority, "ticket_type": ticket_type, "group": group,
            "add_tags": add_tags, "remove_tags": remove_tags}))
    }

    async fn run(&self, tx: &mut Tx, run: &Run<'_>, params: &Value) -> Result<Value, AppError> {
        let (t, cap) = ticket(tx, run).await?;
        let some = |name: &str| Some(text(params, name).to_string()).filter(|v| !v.is_empty());
        let group = match text(params, "group") {
            "" => None,
            name => Some(
                group_named(run.db.pool(), run.workspace, name)
                    .await?
                    .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "group"))?,
            ),
        };
        let removed: Vec<&str> = text(params, "remove_tags").split_whitespace().collect();
        let mut tags: Vec<String> =
            t.tags.split_whitespace().filter(|tag| !removed.contains(tag)).map(str::to_string).collect();
        tags.extend(text(params, "add_tags").split_whitespace().map(str::to_string));
        let change = TicketChange {
            status: some("status"),
            priority: some("priority"),
            ticket_type: some("ticket_type"),
            group_id: group,
            tags: Some(tags),
            ..Default::default()
        };
        apply_in(tx, run.db, run.authz, &cap, &t, &change, run.now).await?;
        Ok(params.clone())
    }
}

/// Assigns the ticket to one of a list of people who may work on it: the one with the fewest
/// unsolved tickets (least loaded), or each in turn (round robin).
pub struct Assign;

const ASSIGN_PARAMS: &[Param] = &[
    Param { name: "users", label: "desk-rule-agents", kind: ParamKind::User, required: true },
    Param {
        name: "how",
        label: "desk-rule-how",
        kind: ParamKind::Choice(&["least_loaded", "round_robin"]),
        required: false,
    },
];

#[async_trait]
impl Action for Assign {
    fn name(&self) -> &'static str {
        "desk.assign"
    }
    fn label(&self) -> &'static str {
        "desk-rule-assign"
    }
    fn params(&self) -> &'static [Param] {
        ASSIGN_PARAMS
    }
    fn kinds(&self) -> &'static [&'static str] {
        &[TICKET]
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
        let how = match choice(params, "how", &["least_loaded", "round_robin"], at)?.as_str() {
            "" => "least_loaded".to_string(),
            h => h.to_string(),
        };
        Ok(json!({"users": users, "how": how}))
    }

    async fn run(&self, tx: &mut Tx, run: &Run<'_>, params: &Value) -> Result<Value, AppError> {
        let (t, cap) = ticket(tx, run).await?;
        let mut people = Vec::new();
        for u in portico_rules::params::list(params, "users") {
            if portico_authz::store::may(run.db.pool(), run.workspace, &u, cap.unit(), EDIT).await {
                people.push(u);
            }
        }
        people.sort();
        let Some(chosen) = choose(tx, run, &people, text(params, "how")).await? else {
            return Ok(json!({"assigned": null}));
        };
        let change = TicketChange { assignee_id: Some(chosen.clone()), ..Default::default() };
        apply_in(tx, run.db, run.authz, &cap, &t, &change, run.now).await?;
        Ok(json!({"assigned": chosen}))
    }
}

/// Who of `people` (sorted) gets the next ticket.
async fn choose(tx: &mut Tx, run: &Run<'_>, people: &[String], how: &str) -> Result<Option<String>, AppError> {
    if people.len() < 2 {
        return Ok(people.first().cloned());
    }
    let marks: Vec<String> = (0..people.len()).map(|i| format!("${}", i + 3)).collect();
    if how == "round_robin" {
        // The one after whoever of them got the latest ticket.
        let sql = format!(
            "SELECT assignee_id FROM desk_tickets WHERE workspace_id = $1 AND id <> $2 AND assignee_id IN ({})
             ORDER BY created_at DESC, id DESC LIMIT 1",
            marks.join(", ")
        );
        let mut q =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(run.workspace.to_db()).bind(run.record_id.to_string());
        for p in people {
            q = q.bind(p.clone());
        }
        let last: Option<(String,)> = q.fetch_optional(&mut **tx).await.db()?;
        let next = match last.and_then(|(l,)| people.iter().position(|p| *p == l)) {
            Some(i) => (i + 1) % people.len(),
            None => 0,
        };
        return Ok(Some(people[next].clone()));
    }
    let sql = format!(
        "SELECT assignee_id, COUNT(*) FROM desk_tickets WHERE workspace_id = $1 AND id <> $2
         AND status IN ('new', 'open', 'pending', 'hold') AND assignee_id IN ({}) GROUP BY assignee_id",
        marks.join(", ")
    );
    let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(run.workspace.to_db()).bind(run.record_id.to_string());
    for p in people {
        q = q.bind(p.clone());
    }
    let loads: Vec<(String, i64)> = q.fetch_all(&mut **tx).await.db()?;
    let load = |p: &String| loads.iter().find(|(u, _)| u == p).map_or(0, |(_, n)| *n);
    Ok(people.iter().min_by_key(|p| load(p)).cloned())
}

/// Writes a macro on the ticket, in the requester's language: a public reply (e-mailed to
/// them) or an internal note.
pub struct Reply;

const REPLY_PARAMS: &[Param] = &[
    Param { name: "macro", label: "desk-macro", kind: ParamKind::Template(macros::PURPOSE), required: true },
    Param { name: "public", label: "desk-reply-public", kind: ParamKind::Flag, required: false },
];

#[async_trait]
impl Action for Reply {
    fn name(&self) -> &'static str {
        "desk.reply"
    }
    fn label(&self) -> &'static str {
        "desk-rule-reply"
    }
    fn params(&self) -> &'static [Param] {
        REPLY_PARAMS
    }
    fn kinds(&self) -> &'static [&'static str] {
        &[TICKET]
    }

    async fn check(
        &self,
        pool: &AnyPool,
        admin: &WorkspaceAdmin,
        _: &str,
        params: &Value,
        at: &str,
    ) -> Result<Value, AppError> {
        let key = text(params, "macro");
        if key.is_empty() {
            return Err(bad(at, "macro", ErrorCode::Required));
        }
        let written = portico_mail::templates::store::library(pool, admin.workspace(), macros::PURPOSE).await?;
        if !written.iter().any(|(k, _)| k == key) {
            return Err(bad(at, "macro", ErrorCode::InvalidValue));
        }
        Ok(json!({"macro": key, "public": flag(params, "public")}))
    }

    async fn run(&self, tx: &mut Tx, run: &Run<'_>, params: &Value) -> Result<Value, AppError> {
        let (t, cap) = ticket(tx, run).await?;
        let body = macros::written(tx, run.workspace, &t, text(params, "macro"), "").await?;
        let public = flag(params, "public");
        let change =
            TicketChange { comment: Some(CommentInput { body, public, uploads: Vec::new() }), ..Default::default() };
        let comment = apply_in(tx, run.db, run.authz, &cap, &t, &change, run.now).await?;
        Ok(json!({"comment": comment, "public": public}))
    }
}
