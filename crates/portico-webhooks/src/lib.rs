//! Outgoing webhooks. Every audited write is an event (`unit.create`,
//! `user.grant`, …); workspaces subscribe URLs to events. Deliveries go
//! through the job queue (retried with back-off), are signed with
//! HMAC-SHA256, and are logged with the response status.
//!
//! Management functions take a [`WorkspaceAdmin`]: only admins reach them. Deliveries are
//! queued by [`Outgoing`], a consumer of the platform's write events.

pub mod inbound;

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use async_trait::async_trait;
use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use portico_authz::WorkspaceAdmin;
use portico_db::{Db, DbResultExt, Tx};
use portico_jobs::{JobContext, NewJob, queue};
use portico_kernel::validate::http_url;
use portico_kernel::{
    AppError, DeliveryId, ErrorCode, Event, ListSpec, Page, PageRequest, SortKey, SortValue, Timestamp, WebhookId,
    WorkspaceId,
};
use portico_platform::{Consumer, RecordKind};
use serde::Serialize;
use serde_json::{Value, json};
use sha2::Sha256;
use sqlx::AnyPool;

pub const DELIVER_JOB: &str = "webhooks.deliver";
pub const SIGNATURE_HEADER: &str = "X-Portico-Signature";

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Webhook {
    pub id: String,
    pub url: String,
    /// Signing secret; shown to admins so receivers can verify signatures.
    pub secret: String,
    /// JSON list of event names; `["*"]` means every event.
    pub events: String,
    pub active: i64,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Delivery {
    pub id: String,
    pub event: String,
    /// pending | delivered | failed | cancelled (the webhook was deleted first)
    pub status: String,
    pub attempts: i64,
    pub response_status: Option<i64>,
    pub response_excerpt: Option<String>,
    pub created_at: Timestamp,
    pub delivered_at: Option<Timestamp>,
}

/// Events a webhook listens to: `*`, or `<kind>.<action>` / `<kind>.*` of a registered kind
/// (a mistyped kind would never fire).
fn parse_events(events: &[String], registry: &portico_platform::Registry) -> Result<Vec<String>, AppError> {
    let mut out = Vec::new();
    for e in events {
        let e = e.trim();
        let well_formed = e.len() <= 64
            && e.chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '_' || c == '*')
            && e.split_once('.').is_some_and(|(kind, action)| {
                registry.find(kind).is_ok() && (action == "*" || (!action.is_empty() && !action.contains('*')))
            });
        if e != "*" && !well_formed {
            return Err(AppError::field(ErrorCode::InvalidValue, "events"));
        }
        out.push(e.to_string());
    }
    if out.is_empty() {
        out.push("*".into());
    }
    Ok(out)
}

/// Which addresses deliveries may reach. Loopback, private and link-local networks are
/// refused unless the operator allows them (a receiver on the intranet), so a webhook
/// cannot be used to probe the network Portico runs in.
#[derive(Debug, Clone, Copy, Default)]
pub struct TargetPolicy {
    pub allow_private: bool,
}

/// IPv4 networks that are not the public internet (IANA special-purpose registry):
/// this-network, private, shared (CGNAT), loopback, link-local, IETF, documentation,
/// 6to4 relay, benchmarking, multicast, reserved and broadcast.
const SPECIAL_V4: &[([u8; 4], u32)] = &[
    ([0, 0, 0, 0], 8),
    ([10, 0, 0, 0], 8),
    ([100, 64, 0, 0], 10),
    ([127, 0, 0, 0], 8),
    ([169, 254, 0, 0], 16),
    ([172, 16, 0, 0], 12),
    ([192, 0, 0, 0], 24),
    ([192, 0, 2, 0], 24),
    ([192, 88, 99, 0], 24),
    ([192, 168, 0, 0], 16),
    ([198, 18, 0, 0], 15),
    ([198, 51, 100, 0], 24),
    ([203, 0, 113, 0], 24),
    ([224, 0, 0, 0], 4),
    ([240, 0, 0, 0], 4),
];

/// IPv6 networks that are not the public internet: the IPv4-compatible and unspecified
/// range, discard, IETF protocol assignments (Teredo, ORCHID…), documentation, unique-local,
/// link-local, site-local and multicast. NAT64, 6to4 and mapped addresses are judged by the
/// IPv4 address they carry.
const SPECIAL_V6: &[([u16; 8], u32)] = &[
    ([0, 0, 0, 0, 0, 0, 0, 0], 96),
    ([0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48),
    ([0x100, 0, 0, 0, 0, 0, 0, 0], 64),
    ([0x2001, 0, 0, 0, 0, 0, 0, 0], 23),
    ([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32),
    ([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7),
    ([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10),
    ([0xfec0, 0, 0, 0, 0, 0, 0, 0], 10),
    ([0xff00, 0, 0, 0, 0, 0, 0, 0], 8),
];

fn in_net(addr: u128, net: u128, prefix: u32, bits: u32) -> bool {
    let shift = bits - prefix;
    (addr >> shift) == (net >> shift)
}

/// Whether an address is on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let a = u128::from(u32::from(v4));
            !SPECIAL_V4.iter().any(|(net, p)| in_net(a, u128::from(u32::from_be_bytes(*net)), *p, 32))
        }
        IpAddr::V6(v6) => {
            let segs = v6.segments();
            let embedded = if let Some(v4) = v6.to_ipv4_mapped() {
                Some(v4)
            } else if segs[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
                Some(std::net::Ipv4Addr::from(u32::from(segs[6]) << 16 | u32::from(segs[7])))
            } else if segs[0] == 0x2002 {
                Some(std::net::Ipv4Addr::from(u32::from(segs[1]) << 16 | u32::from(segs[2])))
            } else {
                None
            };
            if let Some(v4) = embedded {
                return is_public(IpAddr::V4(v4));
            }
            let a = u128::from(v6);
            !SPECIAL_V6.iter().any(|(net, p)| in_net(a, u128::from(std::net::Ipv6Addr::from(*net)), *p, 128))
        }
    }
}

impl TargetPolicy {
    /// Refuse a URL whose host is a literal non-public address or localhost (other names are checked when resolved).
    pub fn check_url(&self, url: &str) -> Result<(), AppError> {
        if self.allow_private {
            return Ok(());
        }
        let host =
            reqwest::Url::parse(url).ok().and_then(|u| u.host_str().map(|h| h.trim_matches(['[', ']']).to_string()));
        let refused = || AppError::field(ErrorCode::InvalidUrl, "url").with_cause("not a public address");
        match host.as_deref() {
            Some("localhost") => Err(refused()),
            Some(h) => match h.parse::<IpAddr>() {
                Ok(ip) if !is_public(ip) => Err(refused()),
                _ => Ok(()),
            },
            None => Err(refused()),
        }
    }
}

/// Resolves names to public addresses only.
struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.filter(|a| is_public(a.ip())).collect();
            if addrs.is_empty() {
                return Err(format!("{host} has no public address").into());
            }
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

pub const KIND: &str = "webhook";

pub async fn create(
    db: &Db,
    admin: &WorkspaceAdmin,
    policy: TargetPolicy,
    url: &str,
    events: &[String],
    registry: &portico_platform::Registry,
    now: Timestamp,
) -> Result<Webhook, AppError> {
    let url = http_url("url", url)?;
    policy.check_url(&url)?;
    let events = parse_events(events, registry)?;
    let mut secret = [0u8; 24];
    rand::fill(&mut secret);
    let hook = Webhook {
        id: WebhookId::new().to_db(),
        url,
        secret: format!("whsec_{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret)),
        events: serde_json::to_string(&events).unwrap_or_else(|_| "[\"*\"]".into()),
        active: 1,
        created_at: now,
    };
    let ws = admin.workspace();
    let mut tx = db.begin().await?;
    sqlx::query("INSERT INTO webhooks (id, workspace_id, url, secret, events, active, created_at) VALUES ($1, $2, $3, $4, $5, 1, $6)")
        .bind(hook.id.clone())
        .bind(ws.to_db())
        .bind(hook.url.clone())
        .bind(hook.secret.clone())
        .bind(hook.events.clone())
        .bind(now)
        .execute(&mut *tx)
        .await
        .db()?;
    // The secret is not part of the event: webhook payloads and the audit log never carry it.
    tx.emit(
        Event::new(ws, admin.actor(), KIND, "create", hook.id.clone(), now)
            .after(json!({"url": hook.url, "events": events})),
    )
    .await?;
    tx.commit().await.db()?;
    Ok(hook)
}

const COLUMNS: &str = "id, url, secret, events, active, created_at";

pub async fn list(pool: &AnyPool, admin: &WorkspaceAdmin) -> Result<Vec<Webhook>, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM webhooks WHERE workspace_id = $1 ORDER BY id")))
        .bind(admin.workspace().to_db())
        .fetch_all(pool)
        .await
        .db()
}

pub async fn get(pool: &AnyPool, admin: &WorkspaceAdmin, id: WebhookId) -> Result<Webhook, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM webhooks WHERE workspace_id = $1 AND id = $2")))
        .bind(admin.workspace().to_db())
        .bind(id.to_db())
        .fetch_optional(pool)
        .await
        .db()?
        .ok_or_else(AppError::not_found)
}

/// Stop deliveries to a URL, those already queued included; its delivery log is kept.
pub async fn deactivate(db: &Db, admin: &WorkspaceAdmin, id: WebhookId, now: Timestamp) -> Result<(), AppError> {
    let ws = admin.workspace();
    let hook = get(db.pool(), admin, id).await?;
    let mut tx = db.begin().await?;
    let r = sqlx::query("UPDATE webhooks SET active = 0 WHERE workspace_id = $1 AND id = $2 AND active = 1")
        .bind(ws.to_db())
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    if r.rows_affected() == 0 {
        return Err(AppError::not_found());
    }
    sqlx::query("UPDATE webhook_deliveries SET status = 'cancelled' WHERE workspace_id = $1 AND webhook_id = $2 AND status = 'pending'")
        .bind(ws.to_db())
        .bind(id.to_db())
        .execute(&mut *tx)
        .await
        .db()?;
    tx.emit(Event::new(ws, admin.actor(), KIND, "delete", id.to_db(), now).before(json!({"url": hook.url})).deleted())
        .await?;
    tx.commit().await.db()
}

pub async fn deliveries(
    pool: &AnyPool,
    admin: &WorkspaceAdmin,
    id: WebhookId,
    page: &PageRequest,
) -> Result<Page<Delivery>, AppError> {
    get(pool, admin, id).await?;
    let ws = admin.workspace();
    let ks = page.keyset(&DELIVERIES)?;
    let sql = format!(
        "SELECT id, event, status, attempts, response_status, response_excerpt, created_at, delivered_at FROM webhook_deliveries
         WHERE workspace_id = $1 AND webhook_id = $2 AND {} ORDER BY {} LIMIT $5",
        ks.condition(3, "id"),
        ks.order("id")
    );
    let q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(ws.to_db()).bind(id.to_db());
    let rows: Vec<Delivery> = portico_db::bind_keyset(q, &ks).bind(ks.fetch()).fetch_all(pool).await.db()?;
    Ok(Page::from_rows(rows, &ks, Delivery::position))
}

pub static DELIVERIES: ListSpec = ListSpec {
    name: "webhook_delivery",
    sorts: &[SortKey::text("id", "id"), SortKey::text("event", "event"), SortKey::text("status", "status")],
    default_desc: true,
};

impl Delivery {
    fn position(&self, key: &str) -> (String, SortValue) {
        let value = match key {
            "event" => self.event.clone().into(),
            "status" => self.status.clone().into(),
            _ => self.id.clone().into(),
        };
        (self.id.clone(), value)
    }
}

/// Queues a delivery of every write's event to each subscribed, active webhook, in the
/// write's transaction: the event goes out if and only if the write commits.
pub struct Outgoing;

#[async_trait]
impl Consumer for Outgoing {
    async fn consume(&self, tx: &mut Tx, _: &dyn RecordKind, e: &Event) -> Result<(), AppError> {
        let data = json!({
            "record_type": e.kind, "record_id": e.record_id, "unit_id": e.unit,
            "actor": {"type": e.actor.kind(), "id": e.actor.id(), "label": e.actor.label()},
            "before": e.before, "after": e.after,
        });
        emit(tx, e.workspace, &e.action, data, e.at).await.map(|_| ())
    }
}

async fn emit(tx: &mut Tx, ws: WorkspaceId, event: &str, data: Value, now: Timestamp) -> Result<usize, AppError> {
    let hooks: Vec<(String, String)> =
        sqlx::query_as("SELECT id, events FROM webhooks WHERE workspace_id = $1 AND active = 1")
            .bind(ws.to_db())
            .fetch_all(&mut **tx)
            .await
            .db()?;
    let mut n = 0;
    for (hook_id, events) in hooks {
        let events: Vec<String> = serde_json::from_str(&events).unwrap_or_default();
        let kind_wide = event.split_once('.').map(|(kind, _)| format!("{kind}.*"));
        if !events.iter().any(|e| e == "*" || e == event || Some(e) == kind_wide.as_ref()) {
            continue;
        }
        deliver(tx, ws, &hook_id, event, &data, now).await?;
        n += 1;
    }
    Ok(n)
}

/// Queue one delivery of `event` to webhook `hook_id` (of workspace `ws`, as the caller
/// checked), in the caller's transaction.
pub async fn deliver(
    tx: &mut Tx,
    ws: WorkspaceId,
    hook_id: &str,
    event: &str,
    data: &Value,
    now: Timestamp,
) -> Result<DeliveryId, AppError> {
    let id = DeliveryId::new();
    let payload = json!({"id": id, "event": event, "workspace_id": ws, "occurred_at": now, "data": data});
    sqlx::query(
        "INSERT INTO webhook_deliveries (id, workspace_id, webhook_id, event, payload, status, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6)",
    )
    .bind(id.to_db())
    .bind(ws.to_db())
    .bind(hook_id.to_string())
    .bind(event.to_string())
    .bind(payload.to_string())
    .bind(now)
    .execute(&mut **tx)
    .await
    .db()?;
    queue::enqueue(tx, NewJob::new(DELIVER_JOB, json!({"delivery_id": id})).in_workspace(ws), now).await?;
    Ok(id)
}

/// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as receivers verify it.
pub fn sign(secret: &str, timestamp: i64, body: &str) -> String {
    let mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).map(|mut m| {
        m.update(format!("{timestamp}.{body}").as_bytes());
        hex::encode(m.finalize().into_bytes())
    });
    format!("t={timestamp},v1={}", mac.unwrap_or_default())
}

/// rustls needs one process-wide crypto provider; ring is the only one we ship.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The client deliveries use: no redirects, a timeout, and (unless allowed) public addresses only.
pub fn http_client(policy: TargetPolicy) -> Result<reqwest::Client, String> {
    install_crypto_provider();
    let mut builder = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("Portico-Webhooks/1");
    if !policy.allow_private {
        builder = builder.dns_resolver(PublicOnly);
    }
    builder.build().map_err(|e| e.to_string())
}

#[derive(serde::Deserialize)]
struct DeliverPayload {
    delivery_id: String,
}

/// Job: POST one delivery. Non-2xx answers and network errors retry with back-off.
pub async fn deliver_job(ctx: JobContext, client: reqwest::Client, policy: TargetPolicy) -> Result<(), String> {
    let p: DeliverPayload = ctx.payload()?;
    let err = |e: AppError| e.to_string();
    let row: Option<(String, String, String, String)> = sqlx::query_as(
        "SELECT d.payload, d.event, w.url, w.secret FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
         WHERE d.id = $1 AND d.status = 'pending' AND w.active = 1",
    )
    .bind(p.delivery_id.clone())
    .fetch_optional(ctx.db.pool())
    .await
    .db()
    .map_err(err)?;
    let Some((payload, event, url, secret)) = row else {
        return Ok(()); // cancelled, or its webhook deleted meanwhile
    };
    // Checked again at delivery: the policy may have been tightened since the webhook was made.
    policy.check_url(&url).map_err(|e| e.to_string())?;
    let now = ctx.clock.now_micros();
    let signature = sign(&secret, now / 1_000_000, &payload);
    let result = client
        .post(&url)
        .header("Content-Type", "application/json")
        .header("X-Portico-Event", &event)
        .header("X-Portico-Delivery", &p.delivery_id)
        .header(SIGNATURE_HEADER, signature)
        .body(payload)
        .send()
        .await;
    let (status, excerpt, ok) = match result {
        Ok(resp) => {
            let code = i64::from(resp.status().as_u16());
            let ok = resp.status().is_success();
            let body = resp.text().await.unwrap_or_default();
            (Some(code), body.chars().take(500).collect::<String>(), ok)
        }
        Err(e) => (None, e.to_string().chars().take(500).collect(), false),
    };
    let last_try = ctx.job.attempts >= ctx.job.max_attempts;
    let state = if ok {
        "delivered"
    } else if last_try {
        "failed"
    } else {
        "pending"
    };
    let mut tx = ctx.db.begin().await.map_err(err)?;
    sqlx::query(
        "UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, response_status = $2, response_excerpt = $3, delivered_at = $4 WHERE id = $5",
    )
    .bind(state)
    .bind(status)
    .bind(excerpt.clone())
    .bind(ok.then_some(now))
    .bind(p.delivery_id.clone())
    .execute(&mut *tx)
    .await
    .db()
    .map_err(err)?;
    tx.commit().await.db().map_err(err)?;
    if ok { Ok(()) } else { Err(format!("webhook answered {status:?}: {excerpt}")) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn private_targets_are_refused_unless_allowed() {
        use super::{TargetPolicy, is_public};
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "198.18.0.1",
            "198.19.255.254",
            "224.0.0.251",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            "192.0.0.8",
            "192.0.2.1",
            "203.0.113.9",
            "192.88.99.1",
            "ff02::1",
            "2001:db8::1",
            "2001::1",
            "64:ff9b::a00:1",
            "2002:c0a8:0101::1",
            "fec0::1",
            "100::1",
            "::",
            "::127.0.0.1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in
            ["1.1.1.1", "2a00:1450:4007:80e::200e", "193.198.1.1", "198.20.0.1", "64:ff9b::101:101", "2002:101:101::1"]
        {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
        let strict = TargetPolicy::default();
        assert!(strict.check_url("http://169.254.169.254/latest/meta-data").is_err());
        assert!(strict.check_url("http://[::1]:8080/").is_err());
        assert!(strict.check_url("http://localhost/hook").is_err());
        assert!(strict.check_url("https://hooks.example.com/x").is_ok());
        assert!(TargetPolicy { allow_private: true }.check_url("http://127.0.0.1:9/x").is_ok());
    }

    #[test]
    fn signature_is_stable_and_keyed() {
        let a = super::sign("whsec_x", 1700000000, "{}");
        assert_eq!(a, super::sign("whsec_x", 1700000000, "{}"));
        assert_ne!(a, super::sign("whsec_y", 1700000000, "{}"));
        assert!(a.starts_with("t=1700000000,v1=") && a.len() == "t=1700000000,v1=".len() + 64);
    }
}
