//! Writing to a candidate, and their answers coming back. A message goes out in the
//! candidate's conversation when the workspace has a mailbox for Recruit (its address in
//! Reply-To, its token in the subject), so the reply lands in the candidate's timeline
//! through the shared inbound mail service; without one it goes from the workspace's sender
//! and answers reach whoever reads that address.

use async_trait::async_trait;
use portico_db::{DbResultExt, Tx};
use portico_kernel::locale::Locale;
use portico_kernel::{AppError, EmailId, ErrorCode, Timestamp, WorkspaceId};
use portico_mail::MailContext;
use portico_mail::conversation::{self, ThreadMessage};
use portico_mail::inbound::classify::MailKind;
use portico_mail::inbound::{Filed, Incoming, MailConsumer};
use portico_mail::outbox::{self, OutgoingEmail};
use portico_mail::templates::{self, Rendered};
use serde_json::json;

use crate::kinds::CANDIDATE;

/// The consumer a mailbox names to bring candidates' mail into Recruit.
pub const CONSUMER: &str = "recruit.candidates";
/// The library of e-mails to candidates (Settings › Templates), also what stages send.
pub const LIBRARY: &str = "recruit.candidate_email";

/// Who an application's messages go to, and what its templates may say.
pub struct Recipient {
    pub candidate: String,
    pub unit: String,
    pub name: String,
    pub email: Option<String>,
    pub locale: Locale,
    pub job: String,
    pub stage: String,
}

#[derive(sqlx::FromRow)]
struct RecipientRow {
    candidate: String,
    unit: String,
    name: String,
    email: Option<String>,
    locale: String,
    job: String,
    stage: String,
}

/// The candidate behind `application`, read in the caller's transaction.
pub async fn recipient(tx: &mut Tx, ws: WorkspaceId, application: &str) -> Result<Recipient, AppError> {
    let row: Option<RecipientRow> = sqlx::query_as(
        "SELECT a.candidate_id AS candidate, a.unit_id AS unit, c.name, c.email, c.locale, j.title AS job, s.name AS stage
         FROM recruit_applications a JOIN contacts c ON c.id = a.contact_id
         JOIN recruit_jobs j ON j.id = a.job_id JOIN recruit_stages s ON s.id = a.stage_id
         WHERE a.workspace_id = $1 AND a.id = $2",
    )
    .bind(ws.to_db())
    .bind(application.to_string())
    .fetch_optional(&mut **tx)
    .await
    .db()?;
    let r = row.ok_or_else(AppError::not_found)?;
    Ok(Recipient {
        email: r.email.filter(|e| !e.trim().is_empty()),
        locale: Locale::parse(&r.locale).unwrap_or_default(),
        candidate: r.candidate,
        unit: r.unit,
        name: r.name,
        job: r.job,
        stage: r.stage,
    })
}

/// Library template `key`, in the candidate's language (else another the workspace wrote it
/// in), filled in for them; `None` when the workspace has no such template.
pub async fn from_template(
    tx: &mut Tx,
    mail: &MailContext,
    ws: WorkspaceId,
    key: &str,
    to: &Recipient,
) -> Result<Option<Rendered>, AppError> {
    let Some(t) = templates::store::pick(tx, ws, LIBRARY, key, to.locale).await? else { return Ok(None) };
    let values = values(tx, mail, ws, to).await?;
    templates::wrap(&t.subject, &t.body, &values).map(Some)
}

/// What every message to a candidate may say: their name, the job, the stage, the site's
/// name and where they follow their applications. Callers add what their message is about.
pub async fn values(
    tx: &mut Tx,
    mail: &MailContext,
    ws: WorkspaceId,
    to: &Recipient,
) -> Result<serde_json::Value, AppError> {
    Ok(json!({
        "name": to.name, "job": to.job, "stage": to.stage,
        "site": super::site_title(tx, ws).await?,
        "link": super::applications_link(tx, mail, ws).await?,
    }))
}

/// What a person typed, as a message: the text, and the same as escaped paragraphs.
pub fn typed(subject: &str, message: &str) -> Result<Rendered, AppError> {
    let subject = portico_kernel::validate::required_text("subject", subject, templates::sandbox::MAX_SUBJECT)?;
    let text = portico_kernel::validate::required_text("message", message, 20_000)?;
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .map(|p| format!("<p>{}</p>", portico_html::escape(p.trim()).replace('\n', "<br>")))
        .collect();
    Ok(Rendered { html: templates::builtin::framed(&subject, &paragraphs.concat())?, text, subject })
}

/// What goes to a candidate: a message, files with it, and whether Portico sends it on its
/// own (a stage's e-mail, an invitation) rather than a person writing it.
pub struct Outgoing {
    pub message: Rendered,
    pub attachments: Vec<portico_mail::outbox::OutAttachment>,
    pub automatic: bool,
}

impl Outgoing {
    pub fn written(message: Rendered) -> Outgoing {
        Outgoing { message, attachments: Vec::new(), automatic: false }
    }
    pub fn automatic(message: Rendered) -> Outgoing {
        Outgoing { message, attachments: Vec::new(), automatic: true }
    }
}

/// Queue `out` to the candidate, in their conversation when there is a Recruit mailbox.
pub async fn send(
    tx: &mut Tx,
    mail: &MailContext,
    ws: WorkspaceId,
    to: &Recipient,
    out: Outgoing,
    now: Timestamp,
) -> Result<EmailId, AppError> {
    let Outgoing { message: m, attachments, automatic } = out;
    let Some(address) = to.email.clone() else { return Err(AppError::field(ErrorCode::Required, "email")) };
    let thread = match thread_of(tx, ws, &to.candidate).await? {
        Some(t) => Some(t),
        None => match portico_mail::inbound::mailboxes::of_consumer(tx, ws, CONSUMER, &to.unit).await? {
            // The conversation lives in the application's unit, so its recruiters see it.
            Some(mb) => {
                let place = portico_mail::inbound::mailboxes::Mailbox { unit_id: to.unit.clone(), ..mb };
                Some(conversation::start(tx, ws, &place, &m.subject, (CANDIDATE, &to.candidate), now).await?.0)
            }
            None => None,
        },
    };
    let id = match thread {
        Some(thread) => {
            let message = ThreadMessage {
                to: address,
                subject: m.subject,
                text: m.text,
                html: Some(m.html),
                locale: Some(to.locale),
                attachments,
                automatic,
                ..Default::default()
            };
            conversation::send(tx, ws, &thread, message, now).await?.0
        }
        None => {
            let email = OutgoingEmail {
                workspace: Some(ws),
                to: address,
                from: mail.from.clone(),
                subject: m.subject,
                text: m.text,
                html: Some(m.html),
                attachments,
                automatic,
                ..Default::default()
            };
            outbox::queue(tx, email, now).await?.0
        }
    };
    Ok(id)
}

/// The candidate's latest conversation.
async fn thread_of(tx: &mut Tx, ws: WorkspaceId, candidate: &str) -> Result<Option<String>, AppError> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM mail_threads WHERE workspace_id = $1 AND record_kind = $2 AND record_id = $3
         ORDER BY last_message_at DESC, id DESC LIMIT 1",
    )
    .bind(ws.to_db())
    .bind(CANDIDATE)
    .bind(candidate.to_string())
    .fetch_optional(&mut **tx)
    .await
    .db()?;
    Ok(row.map(|(id,)| id))
}

/// Files mail into the candidate's timeline: an answer joins the conversation it answers;
/// a new message is filed with the candidate who has the sender's address. Mail from anyone
/// else stays in the mailbox for the team to read.
pub struct CandidateMail;

#[async_trait]
impl MailConsumer for CandidateMail {
    fn name(&self) -> &'static str {
        CONSUMER
    }

    fn label(&self) -> &'static str {
        "mail-consumer-recruit-candidates"
    }

    async fn file(&self, tx: &mut Tx, mail: &Incoming<'_>) -> Result<Option<Filed>, AppError> {
        let candidate = match &mail.thread.record {
            Some((kind, id)) if kind == CANDIDATE => id.clone(),
            _ => {
                let Some(from) = mail.parsed.reply_to.as_ref().or(mail.parsed.from.as_ref()) else { return Ok(None) };
                let found: Option<(String,)> = sqlx::query_as(
                    "SELECT k.id FROM recruit_candidates k JOIN contacts c ON c.id = k.contact_id
                     WHERE k.workspace_id = $1 AND lower(c.email) = lower($2) ORDER BY k.id LIMIT 1",
                )
                .bind(mail.workspace.to_db())
                .bind(from.email.clone())
                .fetch_optional(&mut **tx)
                .await
                .db()?;
                let Some((id,)) = found else { return Ok(None) };
                id
            }
        };
        if mail.class.kind == MailKind::Normal {
            // The team of the application the candidate's latest news is about hears of it.
            let latest: Option<(String,)> = sqlx::query_as(
                "SELECT id FROM recruit_applications WHERE workspace_id = $1 AND candidate_id = $2
                 ORDER BY updated_at DESC, id DESC LIMIT 1",
            )
            .bind(mail.workspace.to_db())
            .bind(candidate.clone())
            .fetch_optional(&mut **tx)
            .await
            .db()?;
            if let Some((application,)) = latest {
                super::team::tell(tx, mail.workspace, &application, "replied", None, mail.now).await?;
            }
        }
        Ok(Some(Filed { kind: CANDIDATE, id: candidate }))
    }
}

/// A message someone writes to a candidate: typed words, or a template of the library.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMessage {
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub message: String,
    /// The key of a library template, sent as written for the candidate when `message` is empty.
    #[serde(default)]
    pub template: String,
}

/// Write to the candidate of an application the caller may change; the e-mail's id.
pub async fn write_to(
    db: &portico_db::Db,
    clock: &dyn portico_kernel::Clock,
    mail: &MailContext,
    authz: &portico_authz::Authz,
    application: &str,
    m: &NewMessage,
) -> Result<EmailId, AppError> {
    let scope = authz.scope(crate::VIEW).map_err(|_| AppError::not_found())?;
    let a = crate::applications::store::get(db.pool(), &scope, application).await?;
    let unit = a.unit()?;
    let cap = authz.unit_cap(crate::EDIT, unit)?;
    let ws = cap.workspace();
    let now = clock.now_micros();
    let mut tx = db.begin().await?;
    let to = recipient(&mut tx, ws, application).await?;
    let template = portico_kernel::validate::optional_text("template", Some(&m.template), 200)?.unwrap_or_default();
    let message = if m.message.trim().is_empty() && !template.is_empty() {
        from_template(&mut tx, mail, ws, &template, &to)
            .await?
            .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "template"))?
    } else {
        typed(&m.subject, &m.message)?
    };
    let subject = message.subject.clone();
    let id = send(&mut tx, mail, ws, &to, Outgoing::written(message), now).await?;
    let after = json!({"email_id": id.to_db(), "subject": subject});
    let event = portico_kernel::Event::new(ws, cap.actor(), crate::kinds::APPLICATION, "email", application, now)
        .unit(unit)
        .after(after);
    tx.emit(event).await?;
    tx.commit().await.db()?;
    Ok(id)
}

/// The library's templates (key, name), for choosing one.
pub async fn library(pool: &sqlx::AnyPool, ws: WorkspaceId) -> Result<Vec<(String, String)>, AppError> {
    templates::store::library(pool, ws, LIBRARY).await
}
