//! @mentions in the team's comments: writing `@` and a colleague's name (or the first part
//! of their e-mail address) tells them, in their notifications, if they may see the
//! application.

use async_trait::async_trait;
use portico_db::{DbResultExt, Tx};
use portico_http::i18n::Tr;
use portico_jobs::{JobContext, NewJob, queue};
use portico_kernel::locale::Locale;
use portico_kernel::{AppError, Event, UnitId, WorkspaceId};
use portico_mail::MailContext;
use portico_platform::{Consumer, RecordKind};
use serde::Deserialize;
use serde_json::json;

use crate::VIEW;
use crate::kinds::COMMENT;

pub const JOB: &str = "recruit.mentions";

/// Whether `body` mentions someone called `name` with the address `email`: `@` followed by
/// their whole name or their address's first part, not run into another word.
pub fn mentions(body: &str, name: &str, email: &str) -> bool {
    let body = body.to_lowercase();
    let local = email.split('@').next().unwrap_or_default().to_lowercase();
    [name.trim().to_lowercase(), local].iter().filter(|h| h.chars().count() >= 2).any(|handle| {
        body.match_indices(&format!("@{handle}")).any(|(at, m)| {
            body[at + m.len()..]
                .chars()
                .next()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '.' || c == '_' || c == '-'))
        })
    })
}

/// Sends each new comment to the job that tells whom it mentions.
pub struct Mentions;

#[async_trait]
impl Consumer for Mentions {
    async fn consume(&self, tx: &mut Tx, kind: &dyn RecordKind, e: &Event) -> Result<(), AppError> {
        if kind.name() != COMMENT || !e.action.ends_with(".create") {
            return Ok(());
        }
        let body = e.after.as_ref().and_then(|a| a["body"].as_str()).unwrap_or_default();
        if !body.contains('@') {
            return Ok(());
        }
        let job = NewJob::new(JOB, json!({"comment": e.record_id})).in_workspace(e.workspace).attempts(3);
        queue::enqueue(tx, job, e.at).await.map(|_| ())
    }
}

pub fn register(state: &portico_http::AppState, worker: &mut portico_jobs::Worker) {
    let mail = state.mail.clone();
    worker.register(JOB, move |ctx| {
        let mail = mail.clone();
        async move { notify(ctx, mail).await.map_err(|e| e.to_string()) }
    });
}

/// A comment, with the name of the candidate it is about.
#[derive(sqlx::FromRow)]
struct Said {
    workspace_id: String,
    unit_id: String,
    application_id: String,
    author_id: Option<String>,
    author_label: String,
    body: String,
    candidate: String,
}

#[derive(Deserialize)]
struct Payload {
    comment: String,
}

/// Job: notify whom a comment mentions (not its author), as far as they may see it.
async fn notify(ctx: JobContext, mail: MailContext) -> Result<(), AppError> {
    let p: Payload = ctx.payload().map_err(AppError::internal)?;
    let row: Option<Said> = sqlx::query_as(
        "SELECT m.workspace_id, m.unit_id, m.application_id, m.author_id, m.author_label, m.body, c.name AS candidate
         FROM recruit_comments m JOIN recruit_applications a ON a.id = m.application_id JOIN contacts c ON c.id = a.contact_id
         WHERE m.id = $1",
    )
    .bind(p.comment.clone())
    .fetch_optional(ctx.db.pool())
    .await
    .db()?;
    let Some(Said {
        workspace_id: ws,
        unit_id: unit,
        application_id: application,
        author_id: author,
        author_label,
        body,
        candidate,
    }) = row
    else {
        return Ok(());
    };
    let ws: WorkspaceId = portico_kernel::ids::parse_db_id(&ws)?;
    let unit: UnitId = portico_kernel::ids::parse_db_id(&unit)?;
    let people: Vec<(String, String, String, Option<String>)> =
        sqlx::query_as("SELECT id, name, email, locale FROM users WHERE workspace_id = $1 AND status = 'active'")
            .bind(ws.to_db())
            .fetch_all(ctx.db.pool())
            .await
            .db()?;
    let now = ctx.clock.now_micros();
    let mut tx = ctx.db.begin().await?;
    for (user, name, email, locale) in people {
        if author.as_deref() == Some(user.as_str()) || !mentions(&body, &name, &email) {
            continue;
        }
        if !crate::may(ctx.db.pool(), ws, &user, unit, VIEW).await {
            continue;
        }
        let tr = Tr::new(locale.as_deref().and_then(Locale::parse).unwrap_or_default());
        let notice = portico_core::notifications::Notice {
            workspace: ws,
            user,
            kind: "mention",
            title: tr.with("recruit-mentioned", &[("author", &author_label), ("name", &candidate)]),
            body: body.chars().take(300).collect(),
            link: format!("/recruit/applications/{application}"),
            record: Some((COMMENT.to_string(), p.comment.clone())),
        };
        portico_core::notifications::notify(&mut tx, &mail, notice, now).await?;
    }
    tx.commit().await.db()
}

#[cfg(test)]
mod tests {
    use super::mentions;

    #[test]
    fn a_mention_is_a_whole_name_or_address_after_an_at_sign() {
        assert!(mentions("Can @Julien Garnier call her?", "Julien Garnier", "j.garnier@acme.test"));
        assert!(mentions("cc @j.garnier", "Julien Garnier", "j.garnier@acme.test"));
        assert!(mentions("@manager.north, thoughts?", "Manager", "manager.north@acme.test"));
        assert!(!mentions("cc @j.garnierx", "Julien Garnier", "j.garnier@acme.test"), "not run into another word");
        assert!(
            !mentions("Julien Garnier met her", "Julien Garnier", "j.garnier@acme.test"),
            "a name alone is not a mention"
        );
        assert!(
            !mentions("mail j.garnier@acme.test", "Julien Garnier", "j.garnier@acme.test"),
            "an address is not a mention"
        );
    }
}
