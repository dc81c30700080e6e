//! Our records in the JSON Zendesk's clients read: every field Zendesk documents for a
//! ticket, comment, user and group is present, with its JSON type (null or empty where
//! Portico has no such thing).

use std::collections::HashMap;

use portico_db::Db;
use portico_kernel::{AppError, Timestamp, WorkspaceId};
use serde_json::{Value, json};

use super::ids::{self, Named};
use crate::groups::Group;
use crate::tickets::Ticket;
use crate::tickets::attachments::Attachment;
use crate::tickets::comments::Comment;

/// Zendesk's times: ISO 8601 in UTC. Fractions of a second are kept where there are some, so
/// an `updated_stamp` sent back names one version exactly.
pub fn time(ts: Timestamp) -> String {
    portico_kernel::clock::from_micros(ts).to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// The integer ids of the records some answer names.
#[derive(Default)]
pub struct Ids(HashMap<String, i64>);

impl Ids {
    pub async fn of(db: &Db, ws: WorkspaceId, records: &[(Named, &str)]) -> Result<Ids, AppError> {
        Ok(Ids(ids::numbers(db, ws, records).await?))
    }
    pub fn get(&self, id: Option<&str>) -> Value {
        id.and_then(|i| self.0.get(i)).map_or(Value::Null, |n| json!(n))
    }
    /// The ids of the people and groups `tickets` name.
    pub async fn of_tickets(db: &Db, ws: WorkspaceId, tickets: &[Ticket]) -> Result<Ids, AppError> {
        let mut records = Vec::new();
        for t in tickets {
            records.push((Named::Contact, t.requester_id.as_str()));
            if let Some(a) = &t.assignee_id {
                records.push((Named::Agent, a.as_str()));
            }
            if let Some(g) = &t.group_id {
                records.push((Named::Group, g.as_str()));
            }
        }
        Ids::of(db, ws, &records).await
    }
}

/// Zendesk's names of our channels.
fn channel(ours: &str) -> &str {
    match ours {
        "phone" => "voice",
        c => c,
    }
}

fn blank_null(s: &str) -> Value {
    if s.is_empty() { Value::Null } else { json!(s) }
}

pub fn ticket(base: &str, t: &Ticket, ids: &Ids) -> Value {
    let requester = ids.get(Some(&t.requester_id));
    json!({
        "id": t.number,
        "url": format!("{base}/tickets/{}.json", t.number),
        "external_id": null,
        "via": {"channel": channel(&t.channel), "source": {"from": {}, "to": {}, "rel": null}},
        "created_at": time(t.created_at),
        "updated_at": time(t.updated_at),
        "generated_timestamp": t.updated_at / 1_000_000,
        "type": blank_null(&t.ticket_type),
        "subject": t.subject,
        "raw_subject": t.subject,
        "description": t.description,
        "priority": t.priority,
        "status": t.status,
        "recipient": null,
        "requester_id": requester,
        "submitter_id": requester,
        "assignee_id": ids.get(t.assignee_id.as_deref()),
        "organization_id": null,
        "group_id": ids.get(t.group_id.as_deref()),
        "collaborator_ids": [],
        "follower_ids": [],
        "email_cc_ids": [],
        "forum_topic_id": null,
        "problem_id": null,
        "has_incidents": false,
        "is_public": true,
        "due_at": null,
        "tags": t.tags.split_whitespace().collect::<Vec<_>>(),
        "custom_fields": [],
        "fields": [],
        "satisfaction_rating": null,
        "sharing_agreement_ids": [],
        "followup_ids": [],
        "brand_id": null,
        "allow_channelback": false,
        "allow_attachments": true,
        "from_messaging_channel": false,
    })
}

pub fn comment(base: &str, c: &Comment, files: &[Attachment], ids: &Ids) -> Value {
    let author = ids.get(c.author_user_id.as_deref().or(c.author_contact_id.as_deref()));
    json!({
        "id": ids.get(Some(&c.id)),
        "type": "Comment",
        "author_id": author,
        "body": c.body,
        "html_body": portico_html::from_text(&c.body),
        "plain_body": c.body,
        "public": c.public == 1,
        "attachments": files
            .iter()
            .filter(|f| f.comment_id.as_deref() == Some(&c.id))
            .map(|f| attachment(base, ids.get(Some(&f.id)).as_i64().unwrap_or(0), f))
            .collect::<Vec<_>>(),
        "audit_id": null,
        "via": {"channel": if c.message_id.is_some() { "email" } else { "web" }, "source": {"from": {}, "to": {}, "rel": null}},
        "created_at": time(c.created_at),
        "metadata": {"system": {}, "custom": {}},
    })
}

/// The ids a conversation names: its comments, their authors and their files.
pub async fn comment_ids(
    db: &Db,
    ws: WorkspaceId,
    comments: &[Comment],
    files: &[Attachment],
) -> Result<Ids, AppError> {
    let mut records: Vec<(Named, &str)> = files.iter().map(|f| (Named::Attachment, f.id.as_str())).collect();
    for c in comments {
        records.push((Named::Comment, c.id.as_str()));
        match (&c.author_user_id, &c.author_contact_id) {
            (Some(u), _) => records.push((Named::Agent, u.as_str())),
            (None, Some(k)) => records.push((Named::Contact, k.as_str())),
            (None, None) => {}
        }
    }
    Ids::of(db, ws, &records).await
}

/// Someone the API shows as a user: a member of the team (agent or admin) or a contact (an
/// end user).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: String,
    /// Their company (end users): Zendesk's organization.
    pub company: String,
    pub locale: String,
    pub time_zone: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// end-user, agent or admin.
    #[sqlx(default)]
    pub role: String,
}

impl Person {
    pub fn named(&self) -> Named {
        if self.role == "end-user" { Named::Contact } else { Named::Agent }
    }
}

/// The ids of people and of their companies.
pub async fn people_ids(db: &Db, ws: WorkspaceId, people: &[Person]) -> Result<Ids, AppError> {
    let companies: Vec<String> =
        people.iter().filter(|p| !p.company.trim().is_empty()).map(|p| super::organizations::key(&p.company)).collect();
    let mut records: Vec<(Named, &str)> = people.iter().map(|p| (p.named(), p.id.as_str())).collect();
    records.extend(companies.iter().map(|k| (Named::Organization, k.as_str())));
    Ids::of(db, ws, &records).await
}

pub fn user(base: &str, number: i64, p: &Person, ids: &Ids) -> Value {
    let organization = match p.company.trim() {
        "" => Value::Null,
        c => ids.get(Some(&super::organizations::key(c))),
    };
    json!({
        "id": number,
        "url": format!("{base}/users/{number}.json"),
        "name": p.name,
        "email": p.email,
        "created_at": time(p.created_at),
        "updated_at": time(p.updated_at),
        "time_zone": p.time_zone,
        "iana_time_zone": p.time_zone,
        "phone": blank_null(&p.phone),
        "shared_phone_number": null,
        "photo": null,
        "locale_id": null,
        "locale": p.locale,
        "organization_id": organization,
        "role": p.role,
        "verified": true,
        "external_id": null,
        "tags": [],
        "alias": null,
        "active": true,
        "shared": false,
        "shared_agent": false,
        "last_login_at": null,
        "two_factor_auth_enabled": null,
        "signature": null,
        "details": null,
        "notes": null,
        "role_type": null,
        "custom_role_id": null,
        "moderator": p.role != "end-user",
        "ticket_restriction": if p.role == "end-user" { json!("requested") } else { Value::Null },
        "only_private_comments": false,
        "restricted_agent": false,
        "suspended": false,
        "default_group_id": null,
        "report_csv": false,
        "user_fields": {},
    })
}

pub fn group(base: &str, number: i64, g: &Group) -> Value {
    json!({
        "id": number,
        "url": format!("{base}/groups/{number}.json"),
        "name": g.name,
        "description": g.description,
        "default": false,
        "deleted": false,
        "is_public": true,
        "created_at": time(g.created_at),
        "updated_at": time(g.updated_at),
    })
}

/// A file; its content is at Portico's own address for it (the API token opens it).
pub fn attachment(base: &str, number: i64, f: &Attachment) -> Value {
    let origin = base.strip_suffix(super::PREFIX).unwrap_or(base);
    let content = format!("{origin}/api/v1/desk/attachments/{}", f.id);
    json!({
        "id": number,
        "url": format!("{base}/attachments/{number}.json"),
        "file_name": f.filename,
        "content_url": content,
        "mapped_content_url": content,
        "content_type": f.content_type,
        "size": f.size_bytes,
        "width": null,
        "height": null,
        "inline": false,
        "deleted": false,
        "malware_access_override": false,
        "malware_scan_result": "not_scanned",
        "thumbnails": [],
    })
}
