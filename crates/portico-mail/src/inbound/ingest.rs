//! Taking one message in, whichever way it came (IMAP, the raw-MIME webhook, the command
//! line): its attachments go to the blob store first; then in one transaction the message is
//! parsed, recognised (person or machine), threaded, filed by the mailbox's consumer,
//! acknowledged if the mailbox says so, and stored with its raw copy. A message that cannot be parsed is kept raw with the reason; one its consumer fails
//! on is kept as failed and filed again later by a job.

use portico_db::{BlobStore, Db, DbResultExt, Tx};
use portico_jobs::{NewJob, queue};
use portico_kernel::locale::Locale;
use portico_kernel::{AppError, Clock, MailMessageId, Timestamp, WorkspaceId};
use serde_json::json;

use super::addresses;
use super::classify::{Classified, MailKind, classify};
use super::consumer::{Consumers, Filed, Incoming, StoredAttachment, Thread};
use super::mailboxes::Mailbox;
use super::parse::{Parsed, parse};
use super::reply::visible_reply;
use super::token;
use crate::conversation::{self, ThreadMessage};

/// The job that files a failed message again.
pub const REFILE_JOB: &str = "mail.refile";

/// How a message arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Fetched from the mailbox's IMAP folder: its UIDVALIDITY and UID.
    Imap {
        uid_validity: i64,
        uid: i64,
    },
    Webhook,
    Cli,
}

impl Source {
    fn word(self) -> &'static str {
        match self {
            Source::Imap { .. } => "imap",
            Source::Webhook => "webhook",
            Source::Cli => "cli",
        }
    }
    fn uid(self) -> (Option<i64>, Option<i64>) {
        match self {
            Source::Imap { uid_validity, uid } => (Some(uid_validity), Some(uid)),
            _ => (None, None),
        }
    }
}

/// What became of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Its consumer filed it into a record.
    Filed(Filed),
    /// Stored without being filed (a bounce, an auto-reply that opened nothing…).
    Kept,
    /// Seen before (same Message-ID or IMAP UID in this mailbox): nothing stored again.
    Duplicate,
    /// Could not be parsed: kept raw with this reason.
    Unreadable(String),
    /// Its consumer failed: kept, and filed again later.
    Failed(String),
    /// From a blocked sender, or called spam on the way: kept in the suspended queue, filed
    /// only when someone releases it.
    Suspended(String),
}

impl Outcome {
    /// The outcome in one word: filed | kept | duplicate | unreadable | failed | suspended.
    pub fn word(&self) -> &'static str {
        match self {
            Outcome::Filed(_) => "filed",
            Outcome::Kept => "kept",
            Outcome::Duplicate => "duplicate",
            Outcome::Unreadable(_) => "unreadable",
            Outcome::Failed(_) => "failed",
            Outcome::Suspended(_) => "suspended",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Ingested {
    /// The stored message (for a duplicate, the one stored first).
    pub id: String,
    pub outcome: Outcome,
}

/// What ingesting needs around it.
pub struct Ingest<'a> {
    pub db: &'a Db,
    pub blobs: &'a BlobStore,
    pub consumers: &'a Consumers,
    pub clock: &'a dyn Clock,
}

/// A message ready to be taken in: parsed, its attachments already in the blob store.
struct Prepared<'a> {
    raw: &'a [u8],
    source: Source,
    parsed: Result<Parsed, &'static str>,
    attachments: Vec<StoredAttachment>,
}

/// The messages of a mailbox a batch could repeat, read once for the batch: by Message-ID
/// and by IMAP position. What the batch itself stores joins them.
#[derive(Default)]
struct Known {
    by_message_id: std::collections::HashMap<String, String>,
    by_uid: std::collections::HashMap<(i64, i64), String>,
}

impl Known {
    async fn of(tx: &mut Tx, mailbox: &Mailbox, batch: &[Prepared<'_>]) -> Result<Known, AppError> {
        let mut known = Known::default();
        let ids: Vec<&str> = batch.iter().filter_map(|p| p.parsed.as_ref().ok()?.message_id.as_deref()).collect();
        for chunk in ids.chunks(200) {
            let marks = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect::<Vec<_>>().join(", ");
            let sql =
                format!("SELECT message_id, id FROM mail_messages WHERE mailbox_id = $1 AND message_id IN ({marks})");
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(mailbox.id.clone());
            for id in chunk {
                q = q.bind(id.to_string());
            }
            let rows: Vec<(String, String)> = q.fetch_all(&mut **tx).await.db()?;
            known.by_message_id.extend(rows);
        }
        let uids: Vec<(i64, i64)> = batch
            .iter()
            .filter_map(|p| match p.source.uid() {
                (Some(v), Some(u)) => Some((v, u)),
                _ => None,
            })
            .collect();
        if let (Some(first), Some(last)) = (uids.iter().map(|u| u.1).min(), uids.iter().map(|u| u.1).max()) {
            let rows: Vec<(i64, i64, String)> = sqlx::query_as(
                "SELECT uid_validity, imap_uid, id FROM mail_messages WHERE mailbox_id = $1 AND imap_uid BETWEEN $2 AND $3",
            )
            .bind(mailbox.id.clone())
            .bind(first)
            .bind(last)
            .fetch_all(&mut **tx)
            .await
            .db()?;
            known.by_uid.extend(rows.into_iter().map(|(v, u, id)| ((v, u), id)));
        }
        Ok(known)
    }

    fn find(&self, message_id: Option<&str>, source: Source) -> Option<String> {
        let by_id = message_id.and_then(|m| self.by_message_id.get(m));
        let by_uid = match source.uid() {
            (Some(v), Some(u)) => self.by_uid.get(&(v, u)),
            _ => None,
        };
        by_id.or(by_uid).cloned()
    }

    fn add(&mut self, message_id: Option<&str>, source: Source, id: &str) {
        if let Some(m) = message_id {
            self.by_message_id.insert(m.to_string(), id.to_string());
        }
        if let (Some(v), Some(u)) = source.uid() {
            self.by_uid.insert((v, u), id.to_string());
        }
    }
}

impl Ingest<'_> {
    /// Take one raw message into `mailbox`.
    pub async fn message(&self, mailbox: &Mailbox, raw: &[u8], source: Source) -> Result<Ingested, AppError> {
        let mut p = self.prepare(&[(raw, source)])?;
        match p.pop() {
            Some(p) => self.one(mailbox, p).await,
            None => Err(AppError::internal("nothing prepared")),
        }
    }

    /// Take several raw messages into `mailbox` in one transaction (what a poll fetched, a
    /// batch of files): their blobs are made durable together, and the rows committed together.
    /// If a consumer fails on one of them, each is taken again on its own, so only that one
    /// is kept as failed.
    pub async fn messages(&self, mailbox: &Mailbox, batch: &[(&[u8], Source)]) -> Result<Vec<Ingested>, AppError> {
        let prepared = self.prepare(batch)?;
        let mut tx = self.db.begin().await?;
        let locale = workspace_locale(&mut tx, mailbox.workspace()?).await?;
        let mut known = Known::of(&mut tx, mailbox, &prepared).await?;
        let mut out = Vec::with_capacity(prepared.len());
        for p in &prepared {
            match self.take(&mut tx, mailbox, p, None, locale, Some(&mut known), false).await {
                Ok(done) => out.push(done),
                Err(_) => {
                    drop(tx);
                    let mut out = Vec::with_capacity(prepared.len());
                    for p in prepared {
                        out.push(self.one(mailbox, p).await?);
                    }
                    return Ok(out);
                }
            }
        }
        tx.commit().await.db()?;
        Ok(out)
    }

    /// Parse messages and put their attachments in the blob store, made durable together
    /// before any row refers to them. (The raw message goes in its row.)
    fn prepare<'a>(&self, batch: &[(&'a [u8], Source)]) -> Result<Vec<Prepared<'a>>, AppError> {
        let parsed: Vec<Result<Parsed, &'static str>> =
            batch.iter().map(|(raw, _)| parse(raw).map_err(|w| w.word())).collect();
        let bytes: Vec<&[u8]> = parsed
            .iter()
            .filter_map(|p| p.as_ref().ok())
            .flat_map(|p| p.attachments.iter().map(|a| a.bytes.as_slice()))
            .collect();
        let mut shas = self.blobs.put_many(&bytes)?.into_iter();
        let mut out = Vec::with_capacity(batch.len());
        for ((raw, source), parsed) in batch.iter().zip(parsed) {
            let attachments = match &parsed {
                Ok(p) => p
                    .attachments
                    .iter()
                    .map(|a| {
                        Ok(StoredAttachment {
                            id: uuid::Uuid::now_v7().to_string(),
                            filename: a.filename.clone(),
                            content_type: a.content_type.clone(),
                            size_bytes: i64::try_from(a.bytes.len()).unwrap_or(i64::MAX),
                            sha256: shas.next().ok_or_else(|| AppError::internal("blob count"))?,
                            inline: a.inline,
                        })
                    })
                    .collect::<Result<Vec<_>, AppError>>()?,
                Err(_) => Vec::new(),
            };
            out.push(Prepared { raw, source: *source, parsed, attachments });
        }
        Ok(out)
    }

    /// One message in its own transaction; if its consumer fails, it is kept as failed.
    async fn one(&self, mailbox: &Mailbox, p: Prepared<'_>) -> Result<Ingested, AppError> {
        let mut tx = self.db.begin().await?;
        let locale = workspace_locale(&mut tx, mailbox.workspace()?).await?;
        match self.take(&mut tx, mailbox, &p, None, locale, None, false).await {
            Ok(done) => {
                tx.commit().await.db()?;
                Ok(done)
            }
            Err(e) => {
                drop(tx);
                tracing::warn!(mailbox = %mailbox.id, error = %e, "a mail consumer failed; the message is kept and filed again later");
                self.failed(mailbox, &p, &e).await
            }
        }
    }

    /// File again a message its consumer failed on (the refile job): in one transaction the
    /// failed row is replaced by the full pipeline's, or stays as it was.
    pub async fn refile(&self, message: &str) -> Result<Ingested, AppError> {
        self.again(message, "failed", false).await
    }

    /// File a suspended message as if it had come from a trusted sender (someone looked at it
    /// and released it).
    pub async fn release(&self, message: &str) -> Result<Ingested, AppError> {
        self.again(message, "suspended", true).await
    }

    /// Run a kept message in `status` through the pipeline again, in place.
    async fn again(&self, message: &str, status_was: &str, trusted: bool) -> Result<Ingested, AppError> {
        #[derive(sqlx::FromRow)]
        struct Stored {
            mailbox_id: String,
            raw: Option<Vec<u8>>,
            source: String,
            uid_validity: Option<i64>,
            imap_uid: Option<i64>,
            status: String,
        }
        let row: Option<Stored> = sqlx::query_as(
            "SELECT mailbox_id, raw, source, uid_validity, imap_uid, status FROM mail_messages WHERE id = $1",
        )
        .bind(message.to_string())
        .fetch_optional(self.db.pool())
        .await
        .db()?;
        let Some(Stored { mailbox_id, raw, source, uid_validity, imap_uid, status }) = row else {
            return Err(AppError::not_found());
        };
        if status != status_was {
            return Ok(Ingested { id: message.to_string(), outcome: Outcome::Duplicate });
        }
        let mailbox = super::mailboxes::load(self.db.pool(), &mailbox_id).await?;
        let raw = raw.unwrap_or_default();
        let source = match (source.as_str(), uid_validity, imap_uid) {
            ("imap", Some(uid_validity), Some(uid)) => Source::Imap { uid_validity, uid },
            ("webhook", _, _) => Source::Webhook,
            _ => Source::Cli,
        };
        let p = self.prepare(&[(&raw, source)])?.pop().ok_or_else(|| AppError::internal("nothing prepared"))?;
        let mut tx = self.db.begin().await?;
        let locale = workspace_locale(&mut tx, mailbox.workspace()?).await?;
        let done = self.take(&mut tx, &mailbox, &p, Some(message), locale, None, trusted).await?;
        tx.commit().await.db()?;
        Ok(done)
    }

    /// Store one prepared message in `tx`: parsed, recognised, threaded, filed and
    /// acknowledged; or, unreadable, kept raw with the reason; or, from a blocked sender or
    /// called spam (unless `trusted`), kept suspended. An error is its consumer's (or the
    /// database's): the caller rolls back.
    #[allow(clippy::too_many_arguments)]
    async fn take(
        &self,
        tx: &mut Tx,
        mailbox: &Mailbox,
        p: &Prepared<'_>,
        replacing: Option<&str>,
        locale: Locale,
        mut known: Option<&mut Known>,
        trusted: bool,
    ) -> Result<Ingested, AppError> {
        let now = self.clock.now_micros();
        let ws = mailbox.workspace()?;
        if let Some(old) = replacing {
            forget(tx, old).await?;
        }
        let parsed = match &p.parsed {
            Ok(parsed) => parsed,
            Err(why) => {
                if let Some(first) = seen_before(tx, mailbox, None, p.source, known.as_deref()).await? {
                    return Ok(Ingested { id: first, outcome: Outcome::Duplicate });
                }
                let id = MailMessageId::new().to_db();
                let (empty, class) = (Parsed::default(), Classified::person());
                let row = Row { id: &id, mailbox, parsed: &empty, class: &class, reply: "", p, now };
                insert(tx, &row, None, "", "unreadable", why, None).await?;
                seen_uid(tx, mailbox, p.source).await?;
                if let Some(k) = known.as_deref_mut() {
                    k.add(None, p.source, &id);
                }
                return Ok(Ingested { id, outcome: Outcome::Unreadable(why.to_string()) });
            }
        };
        if let Some(first) = seen_before(tx, mailbox, parsed.message_id.as_deref(), p.source, known.as_deref()).await? {
            seen_uid(tx, mailbox, p.source).await?;
            return Ok(Ingested { id: first, outcome: Outcome::Duplicate });
        }
        let class = classify(parsed);
        let reply = visible_reply(&parsed.text);
        if !trusted
            && class.kind == MailKind::Normal
            && let Some(why) = suspicion(tx, ws, parsed).await?
        {
            let id = replacing.map(str::to_string).unwrap_or_else(|| MailMessageId::new().to_db());
            let row = Row { id: &id, mailbox, parsed, class: &class, reply: &reply, p, now };
            insert(tx, &row, None, "", "suspended", &why, None).await?;
            insert_attachments(tx, ws, &id, &p.attachments).await?;
            seen_uid(tx, mailbox, p.source).await?;
            if let Some(k) = known {
                k.add(parsed.message_id.as_deref(), p.source, &id);
            }
            return Ok(Ingested { id, outcome: Outcome::Suspended(why) });
        }
        reports(tx, ws, &class, now).await?;
        let (thread, reason) = thread_of(tx, ws, mailbox, parsed, &class).await?;
        let thread = match (thread, class.kind) {
            (Some(t), _) => Some(t),
            (None, MailKind::Normal) => Some(Thread {
                id: portico_kernel::MailThreadId::new().to_db(),
                token: token::new_token(),
                new: true,
                record: None,
            }),
            (None, _) => None,
        };
        let id = replacing.map(str::to_string).unwrap_or_else(|| MailMessageId::new().to_db());
        let reason = if thread.is_some() { reason } else { "" };
        // A bounce says which addresses refused the mail, and why.
        let detail: Vec<String> =
            class.failures.iter().map(|f| format!("{}: {} {}", f.address, f.status, f.diagnostic)).collect();
        let mut filed = None;
        if let Some(thread) = &thread
            && !matches!(class.kind, MailKind::Bounce | MailKind::Feedback)
        {
            let consumer = self
                .consumers
                .get(&mailbox.consumer)
                .ok_or_else(|| AppError::internal(format!("no mail consumer {}", mailbox.consumer)))?;
            let incoming = Incoming {
                workspace: ws,
                unit: mailbox.unit()?,
                locale,
                mailbox,
                message: &id,
                parsed,
                class: &class,
                reply: &reply,
                thread,
                attachments: &p.attachments,
                now,
            };
            filed = consumer.file(tx, &incoming).await?;
            if thread.new {
                new_thread(tx, ws, mailbox, thread, &parsed.subject, filed.as_ref(), now).await?;
                if class.kind == MailKind::Normal && mailbox.acknowledge == 1 {
                    acknowledge(tx, ws, locale, mailbox, parsed, thread, now).await?;
                }
            } else {
                touch_thread(tx, &thread.id, filed.as_ref(), now).await?;
            }
        }
        let row = Row { id: &id, mailbox, parsed, class: &class, reply: &reply, p, now };
        let status = if filed.is_some() { "filed" } else { "kept" };
        insert(tx, &row, thread.as_ref(), reason, status, detail.join("\n").trim(), filed.as_ref()).await?;
        insert_attachments(tx, ws, &id, &p.attachments).await?;
        seen_uid(tx, mailbox, p.source).await?;
        if let Some(k) = known {
            k.add(parsed.message_id.as_deref(), p.source, &id);
        }
        Ok(Ingested { id, outcome: filed.map_or(Outcome::Kept, Outcome::Filed) })
    }

    /// A message its consumer failed on: kept with its attachments and the reason, and a job
    /// to file it again.
    async fn failed(&self, mailbox: &Mailbox, p: &Prepared<'_>, error: &AppError) -> Result<Ingested, AppError> {
        let now = self.clock.now_micros();
        let empty = Parsed::default();
        let parsed = p.parsed.as_ref().unwrap_or(&empty);
        let class = classify(parsed);
        let reply = visible_reply(&parsed.text);
        let ws = mailbox.workspace()?;
        let detail = error.cause.clone().unwrap_or_else(|| error.code.code().to_string());
        let mut tx = self.db.begin().await?;
        if let Some(first) = duplicate(&mut tx, mailbox, parsed.message_id.as_deref(), p.source).await? {
            tx.commit().await.db()?;
            return Ok(Ingested { id: first, outcome: Outcome::Duplicate });
        }
        let id = MailMessageId::new().to_db();
        let row = Row { id: &id, mailbox, parsed, class: &class, reply: &reply, p, now };
        insert(&mut tx, &row, None, "", "failed", &detail, None).await?;
        insert_attachments(&mut tx, ws, &id, &p.attachments).await?;
        seen_uid(&mut tx, mailbox, p.source).await?;
        let mut job = NewJob::new(REFILE_JOB, json!({"message_id": id}));
        job.workspace = Some(ws);
        queue::enqueue(&mut tx, job, now).await?;
        tx.commit().await.db()?;
        Ok(Ingested { id, outcome: Outcome::Failed(detail) })
    }
}

/// The message stored first with the same Message-ID or IMAP UID: from what a batch read at
/// its start, or else from the database.
async fn seen_before(
    tx: &mut Tx,
    mailbox: &Mailbox,
    message_id: Option<&str>,
    source: Source,
    known: Option<&Known>,
) -> Result<Option<String>, AppError> {
    match known {
        Some(k) => Ok(k.find(message_id, source)),
        None => duplicate(tx, mailbox, message_id, source).await,
    }
}

/// The message stored first with the same Message-ID or IMAP UID in this mailbox.
async fn duplicate(
    tx: &mut Tx,
    mailbox: &Mailbox,
    message_id: Option<&str>,
    source: Source,
) -> Result<Option<String>, AppError> {
    if let Some(mid) = message_id {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT id FROM mail_messages WHERE mailbox_id = $1 AND message_id = $2")
                .bind(mailbox.id.clone())
                .bind(mid.to_string())
                .fetch_optional(&mut **tx)
                .await
                .db()?;
        if let Some((id,)) = row {
            return Ok(Some(id));
        }
    }
    if let (Some(validity), Some(uid)) = source.uid() {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT id FROM mail_messages WHERE mailbox_id = $1 AND uid_validity = $2 AND imap_uid = $3",
        )
        .bind(mailbox.id.clone())
        .bind(validity)
        .bind(uid)
        .fetch_optional(&mut **tx)
        .await
        .db()?;
        return Ok(row.map(|(id,)| id));
    }
    Ok(None)
}

/// The IMAP position moves with the message, in its transaction: a crash before the commit
/// fetches the message again, one after it never does.
async fn seen_uid(tx: &mut Tx, mailbox: &Mailbox, source: Source) -> Result<(), AppError> {
    if let Source::Imap { uid_validity, uid } = source {
        sqlx::query(
            "UPDATE mailbox_state SET last_uid = CASE WHEN uid_validity = $1 AND last_uid > $2 THEN last_uid ELSE $2 END,
                uid_validity = $1, fetched = fetched + 1 WHERE mailbox_id = $3",
        )
        .bind(uid_validity)
        .bind(uid)
        .bind(mailbox.id.clone())
        .execute(&mut **tx)
        .await
        .db()?;
    }
    Ok(())
}

/// How a suspended message's reason starts when its sender is blocked (then the pattern).
const BLOCKED: &str = "blocked: ";

/// The pattern that blocked the sender of a message suspended for `reason`, if that was why.
pub fn blocked_by(reason: &str) -> Option<&str> {
    reason.strip_prefix(BLOCKED)
}

/// Why a person's message waits in the suspended queue: its sender is blocked, or a spam
/// filter on the way said so.
async fn suspicion(tx: &mut Tx, ws: WorkspaceId, parsed: &Parsed) -> Result<Option<String>, AppError> {
    let from = parsed.from.as_ref().map_or("", |a| a.email.as_str());
    if let Some(pattern) = super::blocked::matching(tx, ws, from).await? {
        return Ok(Some(format!("{BLOCKED}{pattern}")));
    }
    Ok(parsed.signals.spam.as_ref().map(|s| format!("spam: {s}")))
}

/// A failed or suspended message about to be filed again: its rows go, in the transaction
/// that replaces them.
async fn forget(tx: &mut Tx, id: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM mail_attachments WHERE message_id = $1")
        .bind(id.to_string())
        .execute(&mut **tx)
        .await
        .db()?;
    sqlx::query("DELETE FROM mail_messages WHERE id = $1 AND status IN ('failed', 'suspended')")
        .bind(id.to_string())
        .execute(&mut **tx)
        .await
        .db()?;
    Ok(())
}

/// What bounces and complaints say: the addresses are marked, and a bounced message of ours
/// says so in the e-mail log.
async fn reports(tx: &mut Tx, ws: WorkspaceId, class: &Classified, now: Timestamp) -> Result<(), AppError> {
    match class.kind {
        MailKind::Bounce => {
            for f in class.failures.iter().filter(|f| f.permanent) {
                let reason = if f.diagnostic.is_empty() { f.status.clone() } else { f.diagnostic.clone() };
                addresses::mark(tx, ws, &f.address, "bounced", &reason, now).await?;
            }
            if let Some(original) = &class.original_message_id {
                let reason = class.failures.first().map(|f| f.diagnostic.clone()).unwrap_or_default();
                sqlx::query(
                    "UPDATE outbound_emails SET status = 'bounced', last_error = $1 WHERE workspace_id = $2 AND message_id = $3",
                )
                .bind(reason)
                .bind(ws.to_db())
                .bind(original.clone())
                .execute(&mut **tx)
                .await
                .db()?;
            }
        }
        MailKind::Feedback => {
            if let Some(who) = &class.complainant {
                addresses::mark(tx, ws, who, "complained", "feedback_report", now).await?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The conversation a message joins, and why: by In-Reply-To, References, or a reply token
/// in an address or the subject; never by subject alone. A bounce joins the conversation of
/// the message it reports on.
async fn thread_of(
    tx: &mut Tx,
    ws: WorkspaceId,
    mailbox: &Mailbox,
    p: &Parsed,
    class: &Classified,
) -> Result<(Option<Thread>, &'static str), AppError> {
    if let Some(original) = &class.original_message_id
        && let Some(t) = by_message_id(tx, ws, mailbox, original).await?
    {
        return Ok((Some(t), "report"));
    }
    for id in p.in_reply_to.iter().rev() {
        if let Some(t) = by_message_id(tx, ws, mailbox, id).await? {
            return Ok((Some(t), "in_reply_to"));
        }
    }
    for id in p.references.iter().rev() {
        if let Some(t) = by_message_id(tx, ws, mailbox, id).await? {
            return Ok((Some(t), "references"));
        }
    }
    let addresses = p.delivered_to.iter().map(String::as_str).chain(p.to.iter().chain(&p.cc).map(|a| a.email.as_str()));
    for a in addresses {
        if let Some(tok) = token::in_address(a)
            && let Some(t) = by_token(tx, ws, mailbox, &tok).await?
        {
            return Ok((Some(t), "token_address"));
        }
    }
    if let Some(tok) = token::in_subject(&p.subject)
        && let Some(t) = by_token(tx, ws, mailbox, &tok).await?
    {
        return Ok((Some(t), "token_subject"));
    }
    Ok((None, "new"))
}

type ThreadRow = (String, String, Option<String>, Option<String>);

fn thread(row: ThreadRow) -> Thread {
    let (id, token, kind, record) = row;
    Thread { id, token, new: false, record: kind.zip(record) }
}

async fn by_message_id(tx: &mut Tx, ws: WorkspaceId, mailbox: &Mailbox, id: &str) -> Result<Option<Thread>, AppError> {
    let row: Option<ThreadRow> = sqlx::query_as(
        "SELECT t.id, t.token, t.record_kind, t.record_id FROM mail_threads t WHERE t.workspace_id = $1 AND t.mailbox_id = $2 AND t.id IN (
            SELECT thread_id FROM mail_messages WHERE mailbox_id = $2 AND message_id = $3 AND thread_id IS NOT NULL
            UNION SELECT thread_id FROM outbound_emails WHERE message_id = $3 AND workspace_id = $1 AND thread_id IS NOT NULL)",
    )
    .bind(ws.to_db())
    .bind(mailbox.id.clone())
    .bind(id.to_string())
    .fetch_optional(&mut **tx)
    .await
    .db()?;
    Ok(row.map(thread))
}

async fn by_token(tx: &mut Tx, ws: WorkspaceId, mailbox: &Mailbox, tok: &str) -> Result<Option<Thread>, AppError> {
    let row: Option<ThreadRow> = sqlx::query_as(
        "SELECT id, token, record_kind, record_id FROM mail_threads WHERE workspace_id = $1 AND mailbox_id = $2 AND token = $3",
    )
    .bind(ws.to_db())
    .bind(mailbox.id.clone())
    .bind(tok.to_string())
    .fetch_optional(&mut **tx)
    .await
    .db()?;
    Ok(row.map(thread))
}

/// The row of a conversation a message opened, written once its consumer filed the message.
async fn new_thread(
    tx: &mut Tx,
    ws: WorkspaceId,
    mailbox: &Mailbox,
    thread: &Thread,
    subject: &str,
    filed: Option<&Filed>,
    now: Timestamp,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO mail_threads (id, workspace_id, unit_id, mailbox_id, token, subject, record_kind, record_id, messages,
            created_at, last_message_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $9)",
    )
    .bind(thread.id.clone())
    .bind(ws.to_db())
    .bind(mailbox.unit_id.clone())
    .bind(mailbox.id.clone())
    .bind(thread.token.clone())
    .bind(subject.chars().take(500).collect::<String>())
    .bind(filed.map(|f| f.kind))
    .bind(filed.map(|f| f.id.clone()))
    .bind(now)
    .execute(&mut **tx)
    .await
    .db()?;
    Ok(())
}

/// Another message in a conversation, and what it was filed into if nothing was yet.
async fn touch_thread(tx: &mut Tx, thread: &str, filed: Option<&Filed>, now: Timestamp) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE mail_threads SET messages = messages + 1, last_message_at = $1,
            record_kind = COALESCE(record_kind, $2), record_id = COALESCE(record_id, $3) WHERE id = $4",
    )
    .bind(now)
    .bind(filed.map(|f| f.kind))
    .bind(filed.map(|f| f.id.clone()))
    .bind(thread.to_string())
    .execute(&mut **tx)
    .await
    .db()?;
    Ok(())
}

async fn workspace_locale(tx: &mut Tx, ws: WorkspaceId) -> Result<Locale, AppError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT default_locale FROM workspaces WHERE id = $1")
        .bind(ws.to_db())
        .fetch_optional(&mut **tx)
        .await
        .db()?;
    Ok(row.and_then(|(l,)| Locale::parse(&l)).unwrap_or(Locale::En))
}

/// The acknowledgement of a new conversation, unless its sender had an automatic answer in
/// the last hour, bounced or complained.
async fn acknowledge(
    tx: &mut Tx,
    ws: WorkspaceId,
    locale: Locale,
    mailbox: &Mailbox,
    p: &Parsed,
    thread: &Thread,
    now: Timestamp,
) -> Result<(), AppError> {
    let Some(to) = p.reply_to.as_ref().or(p.from.as_ref()) else { return Ok(()) };
    if to.email == mailbox.address || !addresses::may_auto_answer(tx, ws, &to.email, now).await? {
        return Ok(());
    }
    let values = json!({"name": to.name, "subject": p.subject, "mailbox": mailbox.name, "token": token::subject_tag(&thread.token)});
    let r = crate::templates::render_in(tx, ws, "mail_received", locale, &values).await?;
    let m = ThreadMessage {
        to: to.email.clone(),
        subject: r.subject,
        text: r.text,
        html: Some(r.html),
        locale: Some(locale),
        automatic: true,
        ..Default::default()
    };
    // The conversation is new: its only message is the one being answered.
    let at = conversation::Place {
        mailbox,
        thread: &thread.id,
        token: &thread.token,
        history: p.message_id.iter().cloned().collect(),
    };
    conversation::send_in(tx, ws, at, m, now).await?;
    Ok(())
}

struct Row<'a> {
    id: &'a str,
    mailbox: &'a Mailbox,
    parsed: &'a Parsed,
    class: &'a Classified,
    reply: &'a str,
    p: &'a Prepared<'a>,
    now: Timestamp,
}

fn list(addrs: &[super::parse::Addr]) -> String {
    addrs.iter().map(|a| a.email.as_str()).collect::<Vec<_>>().join(", ")
}

async fn insert(
    tx: &mut Tx,
    r: &Row<'_>,
    thread: Option<&Thread>,
    thread_reason: &str,
    status: &str,
    detail: &str,
    filed: Option<&Filed>,
) -> Result<(), AppError> {
    let p = r.parsed;
    let (uid_validity, uid) = r.p.source.uid();
    let from = p.from.clone().unwrap_or_default();
    sqlx::query(
        "INSERT INTO mail_messages (id, workspace_id, unit_id, mailbox_id, thread_id, message_id, in_reply_to, references_hdr,
            from_addr, from_name, to_addrs, cc_addrs, reply_to, subject, sent_at, received_at, text_body, html_body, reply_text,
            kind, kind_reason, thread_reason, status, status_detail, forwarded_from, raw, raw_size, source,
            uid_validity, imap_uid, record_kind, record_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
            $25, $26, $27, $28, $29, $30, $31, $32)",
    )
    .bind(r.id.to_string())
    .bind(r.mailbox.workspace_id.clone())
    .bind(r.mailbox.unit_id.clone())
    .bind(r.mailbox.id.clone())
    .bind(thread.map(|t| t.id.clone()))
    .bind(p.message_id.clone())
    .bind(p.in_reply_to.last().cloned())
    .bind((!p.references.is_empty()).then(|| p.references.join(" ")))
    .bind(from.email)
    .bind(from.name)
    .bind(list(&p.to))
    .bind(list(&p.cc))
    .bind(p.reply_to.as_ref().map(|a| a.email.clone()))
    .bind(p.subject.clone())
    .bind(p.date)
    .bind(r.now)
    .bind(p.text.clone())
    .bind(p.html.clone())
    .bind(r.reply.to_string())
    .bind(r.class.kind.as_str())
    .bind(r.class.reason)
    .bind(thread_reason.to_string())
    .bind(status.to_string())
    .bind(detail.chars().take(1000).collect::<String>())
    .bind(p.forwarded_from.as_ref().map(|a| a.email.clone()))
    .bind(r.p.raw.to_vec())
    .bind(i64::try_from(r.p.raw.len()).unwrap_or(i64::MAX))
    .bind(r.p.source.word())
    .bind(uid_validity)
    .bind(uid)
    .bind(filed.map(|f| f.kind))
    .bind(filed.map(|f| f.id.clone()))
    .execute(&mut **tx)
    .await
    .db()?;
    Ok(())
}

async fn insert_attachments(
    tx: &mut Tx,
    ws: WorkspaceId,
    message: &str,
    attachments: &[StoredAttachment],
) -> Result<(), AppError> {
    for a in attachments {
        sqlx::query(
            "INSERT INTO mail_attachments (id, workspace_id, message_id, filename, content_type, size_bytes, sha256, inline)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(a.id.clone())
        .bind(ws.to_db())
        .bind(message.to_string())
        .bind(a.filename.clone())
        .bind(a.content_type.clone())
        .bind(a.size_bytes)
        .bind(a.sha256.clone())
        .bind(portico_db::flag(a.inline))
        .execute(&mut **tx)
        .await
        .db()?;
    }
    Ok(())
}
