//! Taking one message in, whichever way it came (IMAP, the raw-MIME webhook, the command
//! line): the raw message goes to the blob store first, so nothing is ever lost; then in one
//! transaction the message is parsed, recognised (person or machine), threaded, stored with
//! its attachments, filed by the mailbox's consumer, and acknowledged if the mailbox says
//! so. A message that cannot be parsed is kept raw with the reason; one its consumer fails
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
}

impl Outcome {
    /// The outcome in one word: filed | kept | duplicate | unreadable | failed.
    pub fn word(&self) -> &'static str {
        match self {
            Outcome::Filed(_) => "filed",
            Outcome::Kept => "kept",
            Outcome::Duplicate => "duplicate",
            Outcome::Unreadable(_) => "unreadable",
            Outcome::Failed(_) => "failed",
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

impl Ingest<'_> {
    /// Take one raw message into `mailbox`.
    pub async fn message(&self, mailbox: &Mailbox, raw: &[u8], source: Source) -> Result<Ingested, AppError> {
        let now = self.clock.now_micros();
        let sha = self.blobs.put(raw)?;
        let parsed = match parse(raw) {
            Ok(p) => p,
            Err(why) => return self.unreadable(mailbox, &sha, raw.len(), source, why.word(), now).await,
        };
        let attachments = self.keep_attachments(&parsed)?;
        let result = self.file(mailbox, &parsed, &sha, raw.len(), source, &attachments, None, now).await;
        match result {
            Ok(done) => Ok(done),
            Err(e) => {
                tracing::warn!(mailbox = %mailbox.id, error = %e, "a mail consumer failed; the message is kept and filed again later");
                self.failed(mailbox, &parsed, &sha, raw.len(), source, &attachments, &e, now).await
            }
        }
    }

    /// File again a message its consumer failed on (the refile job): in one transaction the
    /// failed row is replaced by the full pipeline's, or stays as it was.
    pub async fn refile(&self, message: &str) -> Result<Ingested, AppError> {
        #[derive(sqlx::FromRow)]
        struct Stored {
            mailbox_id: String,
            raw_sha256: String,
            raw_size: i64,
            source: String,
            uid_validity: Option<i64>,
            imap_uid: Option<i64>,
            status: String,
        }
        let row: Option<Stored> = sqlx::query_as(
            "SELECT mailbox_id, raw_sha256, raw_size, source, uid_validity, imap_uid, status FROM mail_messages WHERE id = $1",
        )
        .bind(message.to_string())
        .fetch_optional(self.db.pool())
        .await
        .db()?;
        let Some(Stored {
            mailbox_id: mailbox,
            raw_sha256: sha,
            raw_size: size,
            source,
            uid_validity,
            imap_uid: uid,
            status,
        }) = row
        else {
            return Err(AppError::not_found());
        };
        if status != "failed" {
            return Ok(Ingested { id: message.to_string(), outcome: Outcome::Duplicate });
        }
        let mailbox = super::mailboxes::load(self.db.pool(), &mailbox).await?;
        let raw = self.blobs.read(&sha)?;
        let parsed =
            parse(&raw).map_err(|w| AppError::internal(format!("stored message no longer parses: {}", w.word())))?;
        let source = match (source.as_str(), uid_validity, uid) {
            ("imap", Some(uid_validity), Some(uid)) => Source::Imap { uid_validity, uid },
            ("webhook", _, _) => Source::Webhook,
            _ => Source::Cli,
        };
        let attachments = self.keep_attachments(&parsed)?;
        let now = self.clock.now_micros();
        let size = usize::try_from(size).unwrap_or(raw.len());
        self.file(&mailbox, &parsed, &sha, size, source, &attachments, Some(message), now).await
    }

    /// Attachments go to the blob store before the transaction (stored once per content).
    fn keep_attachments(&self, parsed: &Parsed) -> Result<Vec<StoredAttachment>, AppError> {
        parsed
            .attachments
            .iter()
            .map(|a| {
                Ok(StoredAttachment {
                    id: uuid::Uuid::now_v7().to_string(),
                    filename: a.filename.clone(),
                    content_type: a.content_type.clone(),
                    size_bytes: i64::try_from(a.bytes.len()).unwrap_or(i64::MAX),
                    sha256: self.blobs.put(&a.bytes)?,
                    inline: a.inline,
                })
            })
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    async fn file(
        &self,
        mailbox: &Mailbox,
        parsed: &Parsed,
        sha: &str,
        size: usize,
        source: Source,
        attachments: &[StoredAttachment],
        replacing: Option<&str>,
        now: Timestamp,
    ) -> Result<Ingested, AppError> {
        let ws = mailbox.workspace()?;
        let mut tx = self.db.begin().await?;
        if let Some(old) = replacing {
            forget(&mut tx, old).await?;
        }
        if let Some(first) = duplicate(&mut tx, mailbox, parsed.message_id.as_deref(), source).await? {
            seen_uid(&mut tx, mailbox, source).await?;
            tx.commit().await.db()?;
            return Ok(Ingested { id: first, outcome: Outcome::Duplicate });
        }
        let class = classify(parsed);
        let reply = visible_reply(&parsed.text);
        reports(&mut tx, ws, &class, now).await?;
        let (thread, reason) = thread_of(&mut tx, ws, mailbox, parsed, &class).await?;
        let thread = match (thread, class.kind) {
            (Some(t), _) => Some(t),
            (None, MailKind::Normal) => Some(new_thread(&mut tx, ws, mailbox, &parsed.subject, now).await?),
            (None, _) => None,
        };
        let id = replacing.map(str::to_string).unwrap_or_else(|| MailMessageId::new().to_db());
        let row = Row { id: &id, mailbox, parsed, class: &class, reply: &reply, sha, size, source, now };
        insert(&mut tx, &row, thread.as_ref(), reason, "kept", "").await?;
        insert_attachments(&mut tx, ws, &id, attachments).await?;
        seen_uid(&mut tx, mailbox, source).await?;
        let mut outcome = Outcome::Kept;
        if let Some(thread) = &thread
            && !matches!(class.kind, MailKind::Bounce | MailKind::Feedback)
        {
            touch_thread(&mut tx, &thread.id, now).await?;
            let consumer = self
                .consumers
                .get(&mailbox.consumer)
                .ok_or_else(|| AppError::internal(format!("no mail consumer {}", mailbox.consumer)))?;
            let incoming = Incoming {
                workspace: ws,
                unit: mailbox.unit()?,
                mailbox,
                message: &id,
                parsed,
                class: &class,
                reply: &reply,
                thread,
                attachments,
                now,
            };
            if let Some(filed) = consumer.file(&mut tx, &incoming).await? {
                record_filed(&mut tx, &id, &thread.id, thread.record.is_none(), &filed).await?;
                outcome = Outcome::Filed(filed);
            }
            if thread.new && class.kind == MailKind::Normal && mailbox.acknowledge == 1 {
                acknowledge(&mut tx, ws, mailbox, parsed, thread, now).await?;
            }
        }
        tx.commit().await.db()?;
        Ok(Ingested { id, outcome })
    }

    async fn unreadable(
        &self,
        mailbox: &Mailbox,
        sha: &str,
        size: usize,
        source: Source,
        why: &str,
        now: Timestamp,
    ) -> Result<Ingested, AppError> {
        let id = MailMessageId::new().to_db();
        let parsed = Parsed::default();
        let class = Classified {
            kind: MailKind::Normal,
            reason: "",
            failures: Vec::new(),
            original_message_id: None,
            complainant: None,
        };
        let mut tx = self.db.begin().await?;
        if let Some(first) = duplicate(&mut tx, mailbox, None, source).await? {
            tx.commit().await.db()?;
            return Ok(Ingested { id: first, outcome: Outcome::Duplicate });
        }
        let row = Row { id: &id, mailbox, parsed: &parsed, class: &class, reply: "", sha, size, source, now };
        insert(&mut tx, &row, None, "", "unreadable", why).await?;
        seen_uid(&mut tx, mailbox, source).await?;
        tx.commit().await.db()?;
        Ok(Ingested { id, outcome: Outcome::Unreadable(why.to_string()) })
    }

    #[allow(clippy::too_many_arguments)]
    async fn failed(
        &self,
        mailbox: &Mailbox,
        parsed: &Parsed,
        sha: &str,
        size: usize,
        source: Source,
        attachments: &[StoredAttachment],
        error: &AppError,
        now: Timestamp,
    ) -> Result<Ingested, AppError> {
        let id = MailMessageId::new().to_db();
        let class = classify(parsed);
        let reply = visible_reply(&parsed.text);
        let ws = mailbox.workspace()?;
        let detail = error.cause.clone().unwrap_or_else(|| error.code.code().to_string());
        let mut tx = self.db.begin().await?;
        if let Some(first) = duplicate(&mut tx, mailbox, parsed.message_id.as_deref(), source).await? {
            tx.commit().await.db()?;
            return Ok(Ingested { id: first, outcome: Outcome::Duplicate });
        }
        let row = Row { id: &id, mailbox, parsed, class: &class, reply: &reply, sha, size, source, now };
        insert(&mut tx, &row, None, "", "failed", &detail).await?;
        insert_attachments(&mut tx, ws, &id, attachments).await?;
        seen_uid(&mut tx, mailbox, source).await?;
        let mut job = NewJob::new(REFILE_JOB, json!({"message_id": id}));
        job.workspace = Some(ws);
        queue::enqueue(&mut tx, job, now).await?;
        tx.commit().await.db()?;
        Ok(Ingested { id, outcome: Outcome::Failed(detail) })
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

/// A failed message about to be filed again: its rows go, in the transaction that replaces them.
async fn forget(tx: &mut Tx, id: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM mail_attachments WHERE message_id = $1")
        .bind(id.to_string())
        .execute(&mut **tx)
        .await
        .db()?;
    sqlx::query("DELETE FROM mail_messages WHERE id = $1 AND status = 'failed'")
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

async fn new_thread(
    tx: &mut Tx,
    ws: WorkspaceId,
    mailbox: &Mailbox,
    subject: &str,
    now: Timestamp,
) -> Result<Thread, AppError> {
    let (id, token) = (portico_kernel::MailThreadId::new().to_db(), token::new_token());
    sqlx::query(
        "INSERT INTO mail_threads (id, workspace_id, unit_id, mailbox_id, token, subject, created_at, last_message_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(id.clone())
    .bind(ws.to_db())
    .bind(mailbox.unit_id.clone())
    .bind(mailbox.id.clone())
    .bind(token.clone())
    .bind(subject.chars().take(500).collect::<String>())
    .bind(now)
    .execute(&mut **tx)
    .await
    .db()?;
    Ok(Thread { id, token, new: true, record: None })
}

async fn touch_thread(tx: &mut Tx, thread: &str, now: Timestamp) -> Result<(), AppError> {
    sqlx::query("UPDATE mail_threads SET messages = messages + 1, last_message_at = $1 WHERE id = $2")
        .bind(now)
        .bind(thread.to_string())
        .execute(&mut **tx)
        .await
        .db()?;
    Ok(())
}

async fn record_filed(tx: &mut Tx, message: &str, thread: &str, first: bool, filed: &Filed) -> Result<(), AppError> {
    sqlx::query("UPDATE mail_messages SET status = 'filed', record_kind = $1, record_id = $2 WHERE id = $3")
        .bind(filed.kind)
        .bind(filed.id.clone())
        .bind(message.to_string())
        .execute(&mut **tx)
        .await
        .db()?;
    if first {
        sqlx::query("UPDATE mail_threads SET record_kind = $1, record_id = $2 WHERE id = $3")
            .bind(filed.kind)
            .bind(filed.id.clone())
            .bind(thread.to_string())
            .execute(&mut **tx)
            .await
            .db()?;
    }
    Ok(())
}

/// The acknowledgement of a new conversation, unless its sender had an automatic answer in
/// the last hour, bounced or complained.
async fn acknowledge(
    tx: &mut Tx,
    ws: WorkspaceId,
    mailbox: &Mailbox,
    p: &Parsed,
    thread: &Thread,
    now: Timestamp,
) -> Result<(), AppError> {
    let Some(to) = p.reply_to.as_ref().or(p.from.as_ref()) else { return Ok(()) };
    if to.email == mailbox.address || !addresses::may_auto_answer(tx, ws, &to.email, now).await? {
        return Ok(());
    }
    let locale: Option<(String,)> = sqlx::query_as("SELECT default_locale FROM workspaces WHERE id = $1")
        .bind(ws.to_db())
        .fetch_optional(&mut **tx)
        .await
        .db()?;
    let locale = locale.and_then(|(l,)| Locale::parse(&l)).unwrap_or(Locale::En);
    let values = json!({"name": to.name, "subject": p.subject, "mailbox": mailbox.name, "token": token::subject_tag(&thread.token)});
    let r = crate::templates::render("mail_received", locale, &values)?;
    let m = ThreadMessage {
        to: to.email.clone(),
        subject: r.subject,
        text: r.text,
        html: Some(r.html),
        locale: Some(locale),
        automatic: true,
        ..Default::default()
    };
    conversation::send(tx, ws, &thread.id, m, now).await?;
    Ok(())
}

struct Row<'a> {
    id: &'a str,
    mailbox: &'a Mailbox,
    parsed: &'a Parsed,
    class: &'a Classified,
    reply: &'a str,
    sha: &'a str,
    size: usize,
    source: Source,
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
) -> Result<(), AppError> {
    let p = r.parsed;
    let (uid_validity, uid) = r.source.uid();
    let from = p.from.clone().unwrap_or_default();
    sqlx::query(
        "INSERT INTO mail_messages (id, workspace_id, unit_id, mailbox_id, thread_id, message_id, in_reply_to, references_hdr,
            from_addr, from_name, to_addrs, cc_addrs, reply_to, subject, sent_at, received_at, text_body, html_body, reply_text,
            kind, kind_reason, thread_reason, status, status_detail, forwarded_from, raw_sha256, raw_size, source,
            uid_validity, imap_uid)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
            $25, $26, $27, $28, $29, $30)",
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
    .bind(r.sha.to_string())
    .bind(i64::try_from(r.size).unwrap_or(i64::MAX))
    .bind(r.source.word())
    .bind(uid_validity)
    .bind(uid)
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
