//! The notification centre: what a person should know (a mention, an assignment, an
//! approval to give, what a rule says, a task that finished), in their bell and list, live
//! on their open pages, and by e-mail as they choose per kind: at once, in a morning
//! digest, or never. Modules notify through [`notify`], in the transaction of the write
//! that gives the reason.

pub mod api;
pub mod pages;

use axum::routing::{get, post};
use portico_db::{Db, DbResultExt, Live, Tx};
use portico_http::Routes;
use portico_kernel::locale::Locale;
use portico_kernel::{AppError, ErrorCode, TaskId, Timestamp, WorkspaceId};
use portico_mail::MailContext;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::AnyPool;

pub const KIND: &str = "notification";
/// The kinds of notification people choose e-mail for.
pub const KINDS: [&str; 7] = ["mention", "assignment", "approval", "rule", "task", "alert", "activity"];
/// Kinds that come often (what happens on records a person follows) reach their e-mail in
/// the morning digest unless they choose otherwise; the others at once.
const DIGESTED: [&str; 1] = ["activity"];
pub const EMAIL: [&str; 3] = ["instant", "daily", "never"];
pub const DIGEST_JOB: &str = "notifications.digest";

/// Something a person should know.
#[derive(Debug, Clone)]
pub struct Notice {
    pub workspace: WorkspaceId,
    pub user: String,
    /// One of [`KINDS`].
    pub kind: &'static str,
    pub title: String,
    pub body: String,
    /// A path in Portico (`/contacts/…`).
    pub link: String,
    pub record: Option<(String, String)>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Notification {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub link: String,
    pub record_kind: Option<String>,
    pub record_id: Option<String>,
    pub read_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

const COLUMNS: &str = "id, kind, title, body, link, record_kind, record_id, read_at, created_at";

async fn unread(conn: &mut sqlx::AnyConnection, user: &str) -> Result<i64, AppError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
        .bind(user.to_string())
        .fetch_one(conn)
        .await
        .db()?;
    Ok(n)
}

/// How `user` hears of `kind` by e-mail (as [`DIGESTED`] says, unless they chose otherwise).
async fn email_pref(conn: &mut sqlx::AnyConnection, user: &str, kind: &str) -> Result<String, AppError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT email FROM notification_prefs WHERE user_id = $1 AND kind = $2")
            .bind(user.to_string())
            .bind(kind.to_string())
            .fetch_optional(conn)
            .await
            .db()?;
    let default = if DIGESTED.contains(&kind) { "daily" } else { "instant" };
    Ok(row.map(|(e,)| e).unwrap_or_else(|| default.into()))
}

/// Notify a person, in the transaction of the write that gives the reason: the bell of
/// their open pages rings when it commits, and the e-mail leaves with it when they want it
/// at once. Someone who is not an active member of the workspace is not notified.
pub async fn notify(tx: &mut Tx, mail: &MailContext, n: Notice, now: Timestamp) -> Result<Option<String>, AppError> {
    let person: Option<(String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT u.name, u.email, u.locale, w.name FROM users u JOIN workspaces w ON w.id = u.workspace_id
         WHERE u.workspace_id = $1 AND u.id = $2 AND u.status = 'active'",
    )
    .bind(n.workspace.to_db())
    .bind(n.user.clone())
    .fetch_optional(&mut **tx)
    .await
    .db()?;
    let Some((name, email, locale, workspace)) = person else { return Ok(None) };
    let id = uuid::Uuid::now_v7().to_string();
    let instant = email_pref(tx, &n.user, n.kind).await? == "instant";
    sqlx::query(
        "INSERT INTO notifications (id, workspace_id, user_id, kind, title, body, link, record_kind, record_id, emailed_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id.clone())
    .bind(n.workspace.to_db())
    .bind(n.user.clone())
    .bind(n.kind)
    .bind(n.title.clone())
    .bind(n.body.clone())
    .bind(n.link.clone())
    .bind(n.record.as_ref().map(|r| r.0.clone()))
    .bind(n.record.as_ref().map(|r| r.1.clone()))
    .bind(instant.then_some(now))
    .bind(now)
    .execute(&mut **tx)
    .await
    .db()?;
    if instant {
        let values = json!({"name": name, "title": n.title, "body": n.body, "workspace": workspace,
                            "link": if n.link.is_empty() { String::new() } else { mail.link(&n.link) }});
        let m = portico_mail::outbox::TemplatedEmail {
            workspace: Some(n.workspace),
            to: &email,
            template: "notification",
            locale: locale.as_deref().and_then(Locale::parse).unwrap_or_default(),
            values,
        };
        portico_mail::outbox::queue_template(tx, mail, m, now).await?;
    }
    let count = unread(tx, &n.user).await?;
    let said = json!({"id": id, "title": n.title, "link": n.link, "unread": count});
    tx.publish(Live::new(crate::live::user_topic(&n.user), "notification", said)).await?;
    Ok(Some(id))
}

/// Tell the person who started a task that it ended (done or failed), in their language.
pub async fn task_ended(db: &Db, mail: &MailContext, task: TaskId, now: Timestamp) -> Result<(), AppError> {
    #[derive(sqlx::FromRow)]
    struct Ended {
        workspace_id: String,
        created_by: Option<String>,
        title: String,
        status: String,
        error: Option<String>,
        locale: Option<String>,
    }
    let row: Option<Ended> = sqlx::query_as(
        "SELECT t.workspace_id, t.created_by, t.title, t.status, t.error, u.locale
         FROM tasks t LEFT JOIN users u ON u.id = t.created_by WHERE t.id = $1",
    )
    .bind(task.to_db())
    .fetch_optional(db.pool())
    .await
    .db()?;
    let Some(Ended { workspace_id: ws, created_by: Some(user), title, status, error, locale }) = row else {
        return Ok(());
    };
    let tr = portico_http::i18n::Tr::new(locale.as_deref().and_then(Locale::parse).unwrap_or_default());
    let (key, body) = match status.as_str() {
        "done" => ("notification-task-done", String::new()),
        "failed" => ("notification-task-failed", error.unwrap_or_default()),
        _ => return Ok(()),
    };
    let notice = Notice {
        workspace: portico_kernel::ids::parse_db_id(&ws)?,
        user,
        kind: "task",
        title: tr.with(key, &[("task", title.as_str())]),
        body,
        link: "/tasks".into(),
        record: Some(("task".into(), task.to_db())),
    };
    let mut tx = db.begin().await?;
    notify(&mut tx, mail, notice, now).await?;
    tx.commit().await.db()
}

pub async fn list(pool: &AnyPool, user: &str, only_unread: bool, limit: i64) -> Result<Vec<Notification>, AppError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM notifications WHERE user_id = $1 AND ($2 = 0 OR read_at IS NULL) ORDER BY id DESC LIMIT $3"
    )))
    .bind(user.to_string())
    .bind(i64::from(only_unread))
    .bind(limit)
    .fetch_all(pool)
    .await
    .db()
}

/// Mark one of `user`'s notifications read (all of them when `id` is None); returns the
/// one marked, and tells their other pages.
pub async fn read(db: &Db, user: &str, id: Option<&str>, now: Timestamp) -> Result<Option<Notification>, AppError> {
    let mut tx = db.begin().await?;
    let one = match id {
        Some(id) => {
            let n: Notification = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {COLUMNS} FROM notifications WHERE user_id = $1 AND id = $2"
            )))
            .bind(user.to_string())
            .bind(id.to_string())
            .fetch_optional(&mut *tx)
            .await
            .db()?
            .ok_or_else(AppError::not_found)?;
            Some(n)
        }
        None => None,
    };
    sqlx::query(
        "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL AND ($3 IS NULL OR id = $3)",
    )
    .bind(now)
    .bind(user.to_string())
    .bind(id.map(str::to_string))
    .execute(&mut *tx)
    .await
    .db()?;
    let count = unread(&mut tx, user).await?;
    tx.publish(Live::new(crate::live::user_topic(user), "unread", json!({"unread": count}))).await?;
    tx.commit().await.db()?;
    Ok(one)
}

/// A person's choice of e-mail for one kind of notification.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Preference {
    pub kind: String,
    /// instant, daily or never
    pub email: String,
}

pub async fn preferences(pool: &AnyPool, user: &str) -> Result<Vec<Preference>, AppError> {
    let mut conn = pool.acquire().await.db()?;
    let mut out = Vec::new();
    for k in KINDS {
        out.push(Preference { kind: k.into(), email: email_pref(&mut conn, user, k).await? });
    }
    Ok(out)
}

pub async fn set_preferences(db: &Db, ws: WorkspaceId, user: &str, prefs: &[Preference]) -> Result<(), AppError> {
    for (i, p) in prefs.iter().enumerate() {
        if !KINDS.contains(&p.kind.as_str()) {
            return Err(AppError::field(ErrorCode::InvalidValue, format!("preferences.{i}.kind")));
        }
        if !EMAIL.contains(&p.email.as_str()) {
            return Err(AppError::field(ErrorCode::InvalidValue, format!("preferences.{i}.email")));
        }
    }
    let mut tx = db.begin().await?;
    for p in prefs {
        sqlx::query(
            "INSERT INTO notification_prefs (workspace_id, user_id, kind, email) VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id, kind) DO UPDATE SET email = excluded.email",
        )
        .bind(ws.to_db())
        .bind(user.to_string())
        .bind(p.kind.clone())
        .bind(p.email.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    }
    tx.commit().await.db()
}

/// SQL: notification `n` goes out in the digest (its person chose it, or left [`DIGESTED`]
/// kinds as they are).
fn daily_sql() -> String {
    let digested: Vec<String> = DIGESTED.iter().map(|k| format!("'{k}'")).collect();
    format!(
        "COALESCE((SELECT p.email FROM notification_prefs p WHERE p.user_id = n.user_id AND p.kind = n.kind),
                  CASE WHEN n.kind IN ({}) THEN 'daily' ELSE 'instant' END) = 'daily'",
        digested.join(", ")
    )
}

/// The morning digest: each person who chose it for some kind gets one e-mail listing what
/// they have not read of those kinds and were not yet told. Returns how many were sent.
pub async fn digest(db: &Db, mail: &MailContext, now: Timestamp) -> Result<usize, AppError> {
    let daily = daily_sql();
    let due: Vec<(String, String, String, String, Option<String>, String)> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT DISTINCT n.workspace_id, n.user_id, u.name, u.email, u.locale, w.name FROM notifications n
         JOIN users u ON u.id = n.user_id AND u.status = 'active'
         JOIN workspaces w ON w.id = n.workspace_id
         WHERE n.read_at IS NULL AND n.emailed_at IS NULL AND {daily}"
        )))
        .fetch_all(db.pool())
        .await
        .db()?;
    let mut sent = 0;
    for (ws, user, name, email, locale, workspace) in due {
        let mut tx = db.begin().await?;
        let items: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT n.id, n.title FROM notifications n
             WHERE n.user_id = $1 AND n.read_at IS NULL AND n.emailed_at IS NULL AND {daily} ORDER BY n.id"
        )))
        .bind(user.clone())
        .fetch_all(&mut *tx)
        .await
        .db()?;
        if items.is_empty() {
            continue;
        }
        let locale = locale.as_deref().and_then(Locale::parse).unwrap_or_default();
        let tr = portico_http::i18n::Tr::new(locale);
        let values = json!({"name": name, "workspace": workspace, "link": mail.link("/notifications"),
            "title": tr.count("notifications-digest", i64::try_from(items.len()).unwrap_or(i64::MAX)),
            "body": items.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join(" · ")});
        let ws: WorkspaceId = portico_kernel::ids::parse_db_id(&ws)?;
        let m = portico_mail::outbox::TemplatedEmail {
            workspace: Some(ws),
            to: &email,
            template: "notification",
            locale,
            values,
        };
        portico_mail::outbox::queue_template(&mut tx, mail, m, now).await?;
        for (id, _) in &items {
            sqlx::query("UPDATE notifications SET emailed_at = $1 WHERE id = $2")
                .bind(now)
                .bind(id.clone())
                .execute(&mut *tx)
                .await
                .db()?;
        }
        tx.commit().await.db()?;
        sent += 1;
    }
    Ok(sent)
}

pub fn routes(r: Routes) -> Routes {
    r.api(api::router())
        .page("/notifications", get(pages::list).post(pages::read_all))
        .page("/notifications/preferences", get(pages::preferences).post(pages::save_preferences))
        .page("/notifications/{id}", post(pages::open))
}
