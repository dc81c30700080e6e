//! Fetching mailboxes over IMAP (TLS, STARTTLS or plain). Each mailbox with an account has a
//! watcher: it takes what is new since the last UID it stored (the first time: what is
//! unread), then waits with IDLE where the server has it, so new mail arrives within
//! seconds, or else sleeps until the mailbox's poll interval. A server that fails is shown
//! on the mailbox with the reason and tried again with growing pauses.
//!
//! On PostgreSQL several replicas run pollers: a mailbox is watched by the one holding its
//! lease, renewed while it runs; if that replica dies, another takes over when the lease
//! lapses. The UID of each stored message moves in the message's own transaction, so
//! nothing is fetched twice or lost across restarts.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use async_imap::extensions::idle::IdleResponse;
use futures_util::TryStreamExt;
use portico_db::{BlobStore, Db, DbResultExt};
use portico_kernel::{AppError, Clock, MICROS_PER_SECOND, Timestamp};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio_rustls::TlsConnector;
use tokio_util::either::Either;

use super::consumer::Consumers;
use super::ingest::{Ingest, Source};
use super::mailboxes::{self, Mailbox};

type Stream = Either<TcpStream, tokio_rustls::client::TlsStream<TcpStream>>;
type Session = async_imap::Session<Stream>;

/// How long a lease lasts without renewal.
const LEASE: i64 = 60 * MICROS_PER_SECOND;
/// How often the poller looks for mailboxes to watch and renews its leases.
const TICK: Duration = Duration::from_secs(5);
/// Network operations that take longer have failed.
const NET_TIMEOUT: Duration = Duration::from_secs(60);
/// How many messages one FETCH asks for.
const BATCH: usize = 50;

/// Why a server failed, in a word people's messages are keyed by (`imap-failure-<word>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub reason: &'static str,
    pub detail: String,
}

impl Failure {
    fn new(reason: &'static str, detail: impl std::fmt::Display) -> Failure {
        Failure { reason, detail: detail.to_string().chars().take(500).collect() }
    }
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Failure {
        Failure::new("other", e.cause.unwrap_or_else(|| e.code.code().into()))
    }
}

/// The pause before the next attempt after `failures` failures in a row: 15 s doubling up to
/// 30 min.
pub fn backoff(failures: i64) -> Duration {
    let exp = u32::try_from(failures.clamp(1, 8) - 1).unwrap_or(0);
    Duration::from_secs((15 * 2u64.pow(exp)).min(30 * 60))
}

/// Trust for IMAP servers: the system's roots, plus a private CA if configured.
pub fn tls_config(extra_ca: Option<&std::path::Path>) -> Result<Arc<rustls::ClientConfig>, String> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    if let Some(path) = extra_ca {
        use rustls::pki_types::pem::PemObject;
        let certs =
            rustls::pki_types::CertificateDer::pem_file_iter(path).map_err(|e| format!("{}: {e}", path.display()))?;
        for cert in certs {
            roots.add(cert.map_err(|e| format!("{}: {e}", path.display()))?).map_err(|e| e.to_string())?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

async fn timed<T, E: std::fmt::Display>(
    reason: &'static str,
    f: impl std::future::Future<Output = Result<T, E>>,
) -> Result<T, Failure> {
    match tokio::time::timeout(NET_TIMEOUT, f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(Failure::new(reason, e)),
        Err(_) => Err(Failure::new("unreachable", "the server did not answer in time")),
    }
}

/// Connect, secure and sign in.
async fn open(m: &Mailbox, tls: &Arc<rustls::ClientConfig>) -> Result<(Session, bool), Failure> {
    let port = u16::try_from(m.imap_port).map_err(|_| Failure::new("other", "bad port"))?;
    let tcp = timed("unreachable", TcpStream::connect((m.imap_host.as_str(), port))).await?;
    let name = rustls::pki_types::ServerName::try_from(m.imap_host.clone()).map_err(|e| Failure::new("tls", e))?;
    let connector = TlsConnector::from(tls.clone());
    let client = match m.imap_security.as_str() {
        "tls" => {
            let stream = timed("tls", connector.connect(name, tcp)).await?;
            let mut c = async_imap::Client::new(Either::Right(stream));
            timed("protocol", c.read_response()).await?;
            c
        }
        "starttls" => {
            let mut c = async_imap::Client::<Stream>::new(Either::Left(tcp));
            timed("protocol", c.read_response()).await?;
            timed("tls", c.run_command_and_check_ok("STARTTLS", None)).await?;
            let Either::Left(tcp) = c.into_inner() else { return Err(Failure::new("tls", "STARTTLS")) };
            let stream = timed("tls", connector.connect(name, tcp)).await?;
            async_imap::Client::new(Either::Right(stream))
        }
        _ => {
            let mut c = async_imap::Client::<Stream>::new(Either::Left(tcp));
            timed("protocol", c.read_response()).await?;
            c
        }
    };
    let login = tokio::time::timeout(NET_TIMEOUT, client.login(&m.imap_username, &m.imap_password)).await;
    let mut session = match login {
        Ok(Ok(s)) => s,
        Ok(Err((e, _))) => return Err(Failure::new("auth", e)),
        Err(_) => return Err(Failure::new("unreachable", "the server did not answer in time")),
    };
    let caps = timed("protocol", session.capabilities()).await?;
    Ok((session, caps.has_str("IDLE")))
}

/// Where the poller of a mailbox stands (its row of `mailbox_state`).
struct Position {
    uid_validity: Option<i64>,
    last_uid: i64,
}

async fn position(db: &Db, mailbox: &str) -> Result<Position, AppError> {
    let row: Option<(Option<i64>, i64)> =
        sqlx::query_as("SELECT uid_validity, last_uid FROM mailbox_state WHERE mailbox_id = $1")
            .bind(mailbox.to_string())
            .fetch_optional(db.pool())
            .await
            .db()?;
    let (uid_validity, last_uid) = row.unwrap_or((None, 0));
    Ok(Position { uid_validity, last_uid })
}

/// Take what is new in the folder: everything after the last stored UID, or, the first
/// time (or after the folder was recreated), what is unread.
async fn fetch_new(session: &mut Session, m: &Mailbox, ingest: &Ingest<'_>) -> Result<usize, Failure> {
    let folder = timed("folder", session.select(&m.imap_folder)).await?;
    let validity = i64::from(folder.uid_validity.unwrap_or(0));
    let pos = position(ingest.db, &m.id).await?;
    let query = match pos.uid_validity {
        Some(v) if v == validity => format!("UID {}:*", pos.last_uid + 1),
        _ => "UNSEEN".to_string(),
    };
    let known = if pos.uid_validity == Some(validity) { pos.last_uid } else { 0 };
    let mut uids: Vec<u32> =
        timed("protocol", session.uid_search(&query)).await?.into_iter().filter(|u| i64::from(*u) > known).collect();
    uids.sort_unstable();
    let mut taken = 0;
    for chunk in uids.chunks(BATCH) {
        let set = chunk.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
        let bodies: Vec<(u32, Vec<u8>)> = {
            let stream = timed("protocol", session.uid_fetch(&set, "(UID RFC822)")).await?;
            let fetches: Vec<_> = timed("protocol", stream.try_collect::<Vec<_>>()).await?;
            fetches.iter().filter_map(|f| Some((f.uid?, f.body()?.to_vec()))).collect()
        };
        let batch: Vec<(&[u8], Source)> = bodies
            .iter()
            .map(|(uid, raw)| (raw.as_slice(), Source::Imap { uid_validity: validity, uid: i64::from(*uid) }))
            .collect();
        taken += ingest.messages(m, &batch).await?.len();
    }
    if pos.uid_validity != Some(validity) {
        // The folder is new to us: remember it, so what is already read stays unread by us.
        let next = folder.uid_next.map(|n| i64::from(n) - 1).unwrap_or(0);
        mark_position(ingest.db, &m.id, validity, next).await?;
    }
    Ok(taken)
}

async fn mark_position(db: &Db, mailbox: &str, validity: i64, last_uid: i64) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE mailbox_state SET uid_validity = $1,
            last_uid = CASE WHEN uid_validity = $1 AND last_uid > $2 THEN last_uid ELSE $2 END WHERE mailbox_id = $3",
    )
    .bind(validity)
    .bind(last_uid)
    .bind(mailbox.to_string())
    .execute(&mut *tx)
    .await
    .db()?;
    tx.commit().await.db()
}

async fn record_ok(db: &Db, mailbox: &str, idle: bool, next: Timestamp, now: Timestamp) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE mailbox_state SET status = 'ok', reason = NULL, detail = NULL, failures = 0, idle = $1, last_ok_at = $2,
            last_attempt_at = $2, next_attempt_at = $3 WHERE mailbox_id = $4",
    )
    .bind(portico_db::flag(idle))
    .bind(now)
    .bind(next)
    .bind(mailbox.to_string())
    .execute(&mut *tx)
    .await
    .db()?;
    tx.commit().await.db()
}

/// Record a failure; returns the pause before the next attempt.
async fn record_failure(db: &Db, mailbox: &str, f: &Failure, now: Timestamp) -> Result<Duration, AppError> {
    let (failures,): (i64,) = sqlx::query_as("SELECT failures FROM mailbox_state WHERE mailbox_id = $1")
        .bind(mailbox.to_string())
        .fetch_optional(db.pool())
        .await
        .db()?
        .unwrap_or((0,));
    let pause = backoff(failures + 1);
    let next = now + i64::try_from(pause.as_micros()).unwrap_or(i64::MAX / 2);
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE mailbox_state SET status = 'failing', reason = $1, detail = $2, failures = failures + 1,
            last_attempt_at = $3, next_attempt_at = $4 WHERE mailbox_id = $5",
    )
    .bind(f.reason)
    .bind(f.detail.clone())
    .bind(now)
    .bind(next)
    .bind(mailbox.to_string())
    .execute(&mut *tx)
    .await
    .db()?;
    tx.commit().await.db()?;
    Ok(pause)
}

/// The poller of one process: watchers for the mailboxes whose lease it holds.
pub struct Poller {
    pub db: Db,
    pub blobs: BlobStore,
    pub consumers: Arc<Consumers>,
    pub clock: Arc<dyn Clock>,
    pub tls: Arc<rustls::ClientConfig>,
    /// This process, as lease owner.
    pub owner: String,
}

struct Watching {
    updated_at: Timestamp,
    task: JoinHandle<()>,
}

impl Poller {
    /// Run until `stop` says so.
    pub async fn run(self: Arc<Self>, mut stop: watch::Receiver<bool>) {
        let mut watching: HashMap<String, Watching> = HashMap::new();
        let mut tick = tokio::time::interval(TICK);
        loop {
            tokio::select! {
                _ = stop.changed() => break,
                _ = tick.tick() => {
                    if let Err(e) = self.round(&mut watching).await {
                        tracing::warn!(error = %e, "mail poller");
                    }
                }
            }
        }
        for (id, w) in watching {
            w.task.abort();
            let _ = self.release(&id).await;
        }
    }

    /// Start watchers for the mailboxes this process may take, stop those changed or gone,
    /// renew the leases of the others.
    async fn round(self: &Arc<Self>, watching: &mut HashMap<String, Watching>) -> Result<(), AppError> {
        let now = self.clock.now_micros();
        let mailboxes = mailboxes::pollable(self.db.pool()).await?;
        let stale: Vec<String> = watching
            .iter()
            .filter(|(id, w)| {
                w.task.is_finished() || !mailboxes.iter().any(|m| &m.id == *id && m.updated_at == w.updated_at)
            })
            .map(|(id, _)| id.clone())
            .collect();
        for id in stale {
            if let Some(w) = watching.remove(&id) {
                w.task.abort();
                self.release(&id).await?;
            }
        }
        for m in mailboxes {
            if watching.contains_key(&m.id) {
                self.lease(&m.id, now).await?;
                continue;
            }
            if !self.lease(&m.id, now).await? {
                continue;
            }
            let (poller, updated_at, id) = (self.clone(), m.updated_at, m.id.clone());
            let task = tokio::spawn(async move { poller.watch(m).await });
            watching.insert(id, Watching { updated_at, task });
        }
        Ok(())
    }

    /// Take or renew the lease of a mailbox; false when another process holds it.
    async fn lease(&self, mailbox: &str, now: Timestamp) -> Result<bool, AppError> {
        let mut tx = self.db.begin().await?;
        sqlx::query("INSERT INTO mailbox_state (mailbox_id) VALUES ($1) ON CONFLICT (mailbox_id) DO NOTHING")
            .bind(mailbox.to_string())
            .execute(&mut *tx)
            .await
            .db()?;
        let r = sqlx::query(
            "UPDATE mailbox_state SET lease_owner = $1, lease_until = $2
             WHERE mailbox_id = $3 AND (lease_owner IS NULL OR lease_owner = $1 OR lease_until < $4)",
        )
        .bind(self.owner.clone())
        .bind(now + LEASE)
        .bind(mailbox.to_string())
        .bind(now)
        .execute(&mut *tx)
        .await
        .db()?;
        tx.commit().await.db()?;
        Ok(r.rows_affected() == 1)
    }

    async fn release(&self, mailbox: &str) -> Result<(), AppError> {
        let mut tx = self.db.begin().await?;
        sqlx::query("UPDATE mailbox_state SET lease_owner = NULL, lease_until = NULL WHERE mailbox_id = $1 AND lease_owner = $2")
            .bind(mailbox.to_string())
            .bind(self.owner.clone())
            .execute(&mut *tx)
            .await
            .db()?;
        tx.commit().await.db()
    }

    fn ingest(&self) -> Ingest<'_> {
        Ingest { db: &self.db, blobs: &self.blobs, consumers: &self.consumers, clock: self.clock.as_ref() }
    }

    /// Watch one mailbox until aborted: fetch, then IDLE or sleep; on failure, back off. A
    /// watcher that starts (this process took the mailbox over) connects at once, unless the
    /// server is failing and its pause is not over.
    async fn watch(self: Arc<Self>, m: Mailbox) {
        let mut started = false;
        loop {
            if started || self.failing(&m.id).await {
                self.wait_until_due(&m.id).await;
            }
            started = true;
            let result = self.session(&m).await;
            if let Err(f) = result {
                let now = self.clock.now_micros();
                tracing::info!(mailbox = %m.id, reason = f.reason, detail = %f.detail, "IMAP mailbox failing");
                if let Err(e) = record_failure(&self.db, &m.id, &f, now).await {
                    tracing::warn!(error = %e, "recording an IMAP failure");
                    tokio::time::sleep(backoff(1)).await;
                }
            }
        }
    }

    async fn failing(&self, mailbox: &str) -> bool {
        let row: Option<(String,)> = sqlx::query_as("SELECT status FROM mailbox_state WHERE mailbox_id = $1")
            .bind(mailbox.to_string())
            .fetch_optional(self.db.pool())
            .await
            .ok()
            .flatten();
        row.is_some_and(|(s,)| s == "failing")
    }

    /// Sleep until the mailbox's next attempt is due (a "check now" brings it forward).
    async fn wait_until_due(&self, mailbox: &str) {
        loop {
            let next: Option<(Option<i64>,)> =
                sqlx::query_as("SELECT next_attempt_at FROM mailbox_state WHERE mailbox_id = $1")
                    .bind(mailbox.to_string())
                    .fetch_optional(self.db.pool())
                    .await
                    .ok()
                    .flatten();
            let due = next.and_then(|(n,)| n).unwrap_or(0);
            if due <= self.clock.now_micros() {
                return;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }

    /// One connection: fetch what is new, then, where the server has IDLE, keep the
    /// connection and fetch whenever the server announces mail (and at least every poll
    /// interval); elsewhere close it and come back after the interval.
    async fn session(&self, m: &Mailbox) -> Result<(), Failure> {
        let (mut session, idle) = open(m, &self.tls).await?;
        let ingest = self.ingest();
        fetch_new(&mut session, m, &ingest).await?;
        let poll = Duration::from_secs(u64::try_from(m.poll_seconds).unwrap_or(600));
        let micros = i64::try_from(poll.as_micros()).unwrap_or(i64::MAX / 2);
        let now = self.clock.now_micros();
        record_ok(&self.db, &m.id, idle, now + micros, now).await?;
        if !idle {
            let _ = tokio::time::timeout(Duration::from_secs(10), session.logout()).await;
            return Ok(());
        }
        // IDLE until the server says something changed, or the poll interval passes; servers
        // drop idle clients after 30 minutes, so never wait longer than 25.
        let wait = poll.min(Duration::from_secs(25 * 60));
        loop {
            let mut handle = session.idle();
            timed("protocol", handle.init()).await?;
            let (fut, _stop) = handle.wait_with_timeout(wait);
            let response = fut.await.map_err(|e| Failure::new("protocol", e))?;
            session = timed("protocol", handle.done()).await?;
            if response == IdleResponse::ManualInterrupt {
                return Err(Failure::new("protocol", "the server closed the connection"));
            }
            fetch_new(&mut session, m, &ingest).await?;
            let now = self.clock.now_micros();
            record_ok(&self.db, &m.id, true, now + micros, now).await?;
        }
    }
}
