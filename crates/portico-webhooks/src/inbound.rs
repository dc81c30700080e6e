//! Signed inbound requests: raw MIME, phone and social events, assessment results,
//! postbacks, store webhooks. Each integration signs its requests its own way (a header or a
//! query parameter, hex or base64, with or without a timestamp); a [`Scheme`] says which,
//! and [`verify`] checks the HMAC-SHA256 in constant time and the timestamp against a replay
//! window. Every request an endpoint receives is kept in a log with its outcome, which
//! admins read to see why a sender's requests are refused.

use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use portico_authz::WorkspaceAdmin;
use portico_db::{Db, DbResultExt};
use portico_kernel::{AppError, ListSpec, Page, PageRequest, SortKey, SortValue, Timestamp, WorkspaceId};
use serde::Serialize;
use sha2::Sha256;
use sqlx::AnyPool;

pub const KIND: &str = "inbound_request";

/// Where a signature travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carrier {
    Header(&'static str),
    /// A query parameter; the rest of the query (or the body of a POST) is what is signed.
    Query(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Hex,
    Base64,
}

/// How one integration signs its requests.
#[derive(Debug, Clone, Copy)]
pub struct Scheme {
    pub signature: Carrier,
    pub encoding: Encoding,
    /// Text before the signature value (`sha256=`).
    pub prefix: &'static str,
    /// The header holds `t=<unix seconds>,v1=<signature>[,v1=…]` and `t.body` is signed
    /// (Portico's own shape, as its outgoing webhooks sign).
    pub stamped: bool,
    /// Seconds a stamped request may be away from now, either way.
    pub window: i64,
    /// The header carrying a key that makes a retried request a duplicate.
    pub idempotency: Option<&'static str>,
}

/// Portico's own: `X-Portico-Signature: t=…,v1=hex(HMAC(secret, "t.body"))`, five minutes.
pub const PORTICO: Scheme = Scheme {
    signature: Carrier::Header("X-Portico-Signature"),
    encoding: Encoding::Hex,
    prefix: "",
    stamped: true,
    window: 300,
    idempotency: Some("Idempotency-Key"),
};

/// Shopify order webhooks: `X-Shopify-Hmac-Sha256: base64(HMAC(secret, body))`.
pub const SHOPIFY: Scheme = Scheme {
    signature: Carrier::Header("X-Shopify-Hmac-Sha256"),
    encoding: Encoding::Base64,
    prefix: "",
    stamped: false,
    window: 0,
    idempotency: Some("X-Shopify-Webhook-Id"),
};

/// WooCommerce webhooks: `X-WC-Webhook-Signature: base64(HMAC(secret, body))`.
pub const WOOCOMMERCE: Scheme = Scheme {
    signature: Carrier::Header("X-WC-Webhook-Signature"),
    encoding: Encoding::Base64,
    prefix: "",
    stamped: false,
    window: 0,
    idempotency: Some("X-WC-Webhook-Delivery-ID"),
};

/// Senders that sign the body into a hex header with a `sha256=` prefix (GitHub's shape,
/// which many assessment and telephony services copy).
pub const HUB: Scheme = Scheme {
    signature: Carrier::Header("X-Hub-Signature-256"),
    encoding: Encoding::Hex,
    prefix: "sha256=",
    stamped: false,
    window: 0,
    idempotency: Some("X-Request-Id"),
};

/// A signature in the `signature` query parameter, over the rest of the query string as
/// sent (GET postbacks) or the body (POST).
pub const QUERY: Scheme = Scheme {
    signature: Carrier::Query("signature"),
    encoding: Encoding::Hex,
    prefix: "",
    stamped: false,
    window: 0,
    idempotency: None,
};

/// Why a request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// No signature where the scheme says.
    Unsigned,
    BadSignature,
    /// Its timestamp is missing or outside the window (a replay, or a clock far off).
    Stale,
}

impl Refusal {
    pub fn outcome(self) -> &'static str {
        match self {
            Refusal::Unsigned => "unsigned",
            Refusal::BadSignature => "bad_signature",
            Refusal::Stale => "stale",
        }
    }
}

/// What is checked of a request.
pub struct Signed<'a> {
    pub method: &'a str,
    /// The raw query string, without `?`.
    pub query: &'a str,
    pub header: &'a dyn Fn(&str) -> Option<String>,
    pub body: &'a [u8],
}

fn decode(encoding: Encoding, s: &str) -> Option<Vec<u8>> {
    match encoding {
        Encoding::Hex => hex::decode(s.trim()).ok(),
        Encoding::Base64 => base64::engine::general_purpose::STANDARD.decode(s.trim()).ok(),
    }
}

fn mac(secret: &[u8]) -> Result<Hmac<Sha256>, Refusal> {
    Hmac::<Sha256>::new_from_slice(secret).map_err(|_| Refusal::BadSignature)
}

/// Whether `signature` is the HMAC of `parts` concatenated, compared in constant time.
fn matches(secret: &[u8], parts: &[&[u8]], signature: &[u8]) -> Result<bool, Refusal> {
    let mut m = mac(secret)?;
    for p in parts {
        m.update(p);
    }
    Ok(m.verify_slice(signature).is_ok())
}

/// The query string without the signature parameter, as it was sent.
fn query_without(query: &str, name: &str) -> String {
    query
        .split('&')
        .filter(|pair| pair.split('=').next() != Some(name) && !pair.is_empty())
        .collect::<Vec<_>>()
        .join("&")
}

/// Check a request's signature with `secret`; `now` in seconds.
pub fn verify(scheme: &Scheme, secret: &[u8], req: &Signed<'_>, now: i64) -> Result<(), Refusal> {
    let raw = match scheme.signature {
        Carrier::Header(h) => (req.header)(h),
        Carrier::Query(q) => url_param(req.query, q),
    }
    .filter(|s| !s.trim().is_empty())
    .ok_or(Refusal::Unsigned)?;
    let raw = raw.trim();
    if scheme.stamped {
        let mut t = None;
        let mut sigs = Vec::new();
        for item in raw.split(',') {
            match item.trim().split_once('=') {
                Some(("t", v)) => t = v.parse::<i64>().ok(),
                Some(("v1", v)) => sigs.push(v.to_string()),
                _ => {}
            }
        }
        let t = t.ok_or(Refusal::Stale)?;
        if (now - t).abs() > scheme.window {
            return Err(Refusal::Stale);
        }
        let stamp = t.to_string();
        for s in sigs {
            if let Some(bytes) = decode(scheme.encoding, &s)
                && matches(secret, &[stamp.as_bytes(), b".", req.body], &bytes)?
            {
                return Ok(());
            }
        }
        return Err(Refusal::BadSignature);
    }
    let value = raw.strip_prefix(scheme.prefix).ok_or(Refusal::BadSignature)?;
    let bytes = decode(scheme.encoding, value).ok_or(Refusal::BadSignature)?;
    let signed: Vec<u8> = match scheme.signature {
        Carrier::Query(q) if req.body.is_empty() => query_without(req.query, q).into_bytes(),
        _ => req.body.to_vec(),
    };
    if matches(secret, &[&signed], &bytes)? { Ok(()) } else { Err(Refusal::BadSignature) }
}

/// One query parameter, percent-decoded.
fn url_param(query: &str, name: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// The idempotency key a request carries, if its scheme has one.
pub fn idempotency_key(scheme: &Scheme, header: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    scheme
        .idempotency
        .and_then(header)
        .map(|k| k.trim().chars().filter(|c| !c.is_control()).take(200).collect::<String>())
        .filter(|k| !k.is_empty())
}

/// The largest part of a body the log keeps.
pub const LOGGED_BODY: usize = 64 * 1024;

/// One request, as the log keeps it.
pub struct Logged<'a> {
    pub workspace: WorkspaceId,
    pub endpoint: &'a str,
    pub target: &'a str,
    pub remote: &'a str,
    pub method: &'a str,
    pub path: &'a str,
    /// Header names and values, credentials left out.
    pub headers: Vec<(String, String)>,
    pub body: &'a [u8],
    pub idempotency_key: Option<&'a str>,
    /// accepted | duplicate | unsigned | bad_signature | stale | rate_limited | invalid | failed
    pub outcome: &'a str,
    pub status: u16,
    pub detail: &'a str,
    pub at: Timestamp,
}

/// Keep a request in its endpoint's log.
pub async fn log(db: &Db, r: Logged<'_>) -> Result<String, AppError> {
    let id = uuid::Uuid::now_v7().to_string();
    let kept = &r.body[..r.body.len().min(LOGGED_BODY)];
    let headers = serde_json::to_string(&r.headers).unwrap_or_else(|_| "[]".into());
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO inbound_requests (id, workspace_id, endpoint, target_id, received_at, remote_addr, method, path, headers,
            body, body_size, idempotency_key, outcome, status_code, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(id.clone())
    .bind(r.workspace.to_db())
    .bind(r.endpoint.to_string())
    .bind(r.target.to_string())
    .bind(r.at)
    .bind(r.remote.to_string())
    .bind(r.method.to_string())
    .bind(r.path.chars().take(2000).collect::<String>())
    .bind(headers)
    .bind(String::from_utf8_lossy(kept).into_owned())
    .bind(i64::try_from(r.body.len()).unwrap_or(i64::MAX))
    .bind(r.idempotency_key.map(str::to_string))
    .bind(r.outcome.to_string())
    .bind(i64::from(r.status))
    .bind(r.detail.chars().take(1000).collect::<String>())
    .execute(&mut *tx)
    .await
    .db()?;
    tx.commit().await.db()?;
    Ok(id)
}

/// Whether an accepted request with this idempotency key was seen at this endpoint.
pub async fn seen(pool: &AnyPool, ws: WorkspaceId, endpoint: &str, key: &str) -> Result<bool, AppError> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM inbound_requests WHERE workspace_id = $1 AND endpoint = $2 AND idempotency_key = $3 AND outcome = 'accepted'",
    )
    .bind(ws.to_db())
    .bind(endpoint.to_string())
    .bind(key.to_string())
    .fetch_optional(pool)
    .await
    .db()?;
    Ok(row.is_some())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct InboundRequest {
    pub id: String,
    pub endpoint: String,
    pub target_id: String,
    pub received_at: Timestamp,
    pub remote_addr: String,
    pub method: String,
    pub path: String,
    /// JSON list of [name, value] pairs.
    pub headers: String,
    /// The body's first 64 KB.
    pub body: String,
    pub body_size: i64,
    pub idempotency_key: Option<String>,
    pub outcome: String,
    pub status_code: i64,
    pub detail: String,
}

pub static LIST: ListSpec =
    ListSpec { name: "inbound_request", sorts: &[SortKey::text("received", "id")], default_desc: true };

const COLUMNS: &str = "id, endpoint, target_id, received_at, remote_addr, method, path, headers, body, body_size, idempotency_key, outcome, status_code, detail";

/// The log, newest first; optionally of one endpoint or one target (a mailbox).
pub async fn list(
    pool: &AnyPool,
    admin: &WorkspaceAdmin,
    page: &PageRequest,
    endpoint: Option<&str>,
    target: Option<&str>,
) -> Result<Page<InboundRequest>, AppError> {
    let ks = page.keyset(&LIST)?;
    let sql = format!(
        "SELECT {COLUMNS} FROM inbound_requests WHERE workspace_id = $1 AND ($2 IS NULL OR endpoint = $2)
           AND ($3 IS NULL OR target_id = $3) AND {} ORDER BY {} LIMIT $6",
        ks.condition(4, "id"),
        ks.order("id")
    );
    let q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(admin.workspace().to_db())
        .bind(endpoint.map(str::to_string))
        .bind(target.map(str::to_string));
    let rows: Vec<InboundRequest> = portico_db::bind_keyset(q, &ks).bind(ks.fetch()).fetch_all(pool).await.db()?;
    Ok(Page::from_rows(rows, &ks, |r: &InboundRequest, _| (r.id.clone(), SortValue::from(r.id.clone()))))
}

pub async fn get(pool: &AnyPool, admin: &WorkspaceAdmin, id: &str) -> Result<InboundRequest, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM inbound_requests WHERE workspace_id = $1 AND id = $2"
    )))
    .bind(admin.workspace().to_db())
    .bind(id.to_string())
    .fetch_optional(pool)
    .await
    .db()?
    .ok_or_else(AppError::not_found)
}

/// Forget requests older than `before` (the log is for recent troubleshooting).
pub async fn purge(db: &Db, before: Timestamp) -> Result<u64, AppError> {
    let mut tx = db.begin().await?;
    let r =
        sqlx::query("DELETE FROM inbound_requests WHERE received_at < $1").bind(before).execute(&mut *tx).await.db()?;
    tx.commit().await.db()?;
    Ok(r.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign_hex(secret: &[u8], data: &[u8]) -> String {
        let mut m = Hmac::<Sha256>::new_from_slice(secret).unwrap();
        m.update(data);
        hex::encode(m.finalize().into_bytes())
    }

    fn req<'a>(headers: &'a dyn Fn(&str) -> Option<String>, body: &'a [u8], query: &'a str) -> Signed<'a> {
        Signed { method: "POST", query, header: headers, body }
    }

    #[test]
    fn stamped_signatures_in_and_out_of_the_window() {
        let body = b"raw message";
        let sig = sign_hex(b"s3cret", b"1000.raw message");
        let h = move |n: &str| (n == "X-Portico-Signature").then(|| format!("t=1000,v1=deadbeef,v1={sig}"));
        assert_eq!(verify(&PORTICO, b"s3cret", &req(&h, body, ""), 1100), Ok(()));
        assert_eq!(verify(&PORTICO, b"s3cret", &req(&h, body, ""), 1400), Err(Refusal::Stale));
        assert_eq!(verify(&PORTICO, b"other", &req(&h, body, ""), 1100), Err(Refusal::BadSignature));
        assert_eq!(verify(&PORTICO, b"s3cret", &req(&h, b"tampered", ""), 1100), Err(Refusal::BadSignature));
        let none = |_: &str| None;
        assert_eq!(verify(&PORTICO, b"s3cret", &req(&none, body, ""), 1100), Err(Refusal::Unsigned));
    }

    #[test]
    fn base64_prefixed_and_query_schemes() {
        let body = br#"{"id":1}"#;
        let mut m = Hmac::<Sha256>::new_from_slice(b"shp").unwrap();
        m.update(body);
        let b64 = base64::engine::general_purpose::STANDARD.encode(m.finalize().into_bytes());
        let h = move |n: &str| (n == "X-Shopify-Hmac-Sha256").then(|| b64.clone());
        assert_eq!(verify(&SHOPIFY, b"shp", &req(&h, body, ""), 0), Ok(()));
        let hub_sig = format!("sha256={}", sign_hex(b"hub", body));
        let h = move |n: &str| (n == "X-Hub-Signature-256").then(|| hub_sig.clone());
        assert_eq!(verify(&HUB, b"hub", &req(&h, body, ""), 0), Ok(()));
        let q = format!("click_id=abc&amount=12.50&signature={}", sign_hex(b"pb", b"click_id=abc&amount=12.50"));
        let none = |_: &str| None;
        let get = Signed { method: "GET", query: &q, header: &none, body: b"" };
        assert_eq!(verify(&QUERY, b"pb", &get, 0), Ok(()));
        let tampered = q.replace("12.50", "99.00");
        let get = Signed { method: "GET", query: &tampered, header: &none, body: b"" };
        assert_eq!(verify(&QUERY, b"pb", &get, 0), Err(Refusal::BadSignature));
    }
}
