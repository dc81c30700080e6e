//! Employee referrals: anyone on the staff refers someone they know for an open job, with
//! their CV. The application's source is the referral, credited to them, and they hear in
//! their notifications how it goes (the stage it reaches, not what the team says), and see
//! their referrals on one page.

use askama::Template;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Response};
use portico_authz::Authz;
use portico_core::contacts::store::ContactInput;
use portico_db::DbResultExt;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after};
use portico_kernel::validate::required_text;
use portico_kernel::{AppError, ErrorCode, Timestamp};
use serde::Serialize;
use sqlx::AnyPool;

use crate::applications::store::{self as applications, NewApplication, Source};
use crate::documents::{self, Owner, Upload};

/// Someone a member of the staff refers.
#[derive(Debug, Default)]
pub struct Referral {
    pub job_id: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    /// Their CV: file name and bytes.
    pub cv: Option<(String, Vec<u8>)>,
}

/// File the referral as an application to the open job, credited to the caller; its id.
pub async fn refer(s: &AppState, authz: &Authz, r: &Referral) -> Result<String, AppError> {
    let referrer = authz.actor().user_id().ok_or_else(AppError::forbidden)?;
    let ws = authz.workspace();
    let job = crate::jobs::store::get_open(s.db.pool(), ws, r.job_id.trim()).await.map_err(|e| e.or_field("job_id"))?;
    let name = required_text("name", &r.name, 120)?;
    let email = portico_kernel::validate::email("email", &r.email)?;
    let phone = portico_kernel::validate::optional_text("phone", Some(&r.phone), 40)?.unwrap_or_default();
    let unit = job.unit()?;
    let now = s.clock.now_micros();
    let actor = authz.actor();
    let mut tx = s.db.begin().await?;
    let input = ContactInput { name: name.clone(), email, phone, locale: job.locale.clone(), ..Default::default() };
    let contact = portico_core::contacts::store::find_or_add(&mut tx, ws, actor, unit, &input, now).await?.to_db();
    let candidate = crate::candidates::store::of_contact(&mut tx, ws, actor, unit, &contact, None, now).await?;
    let detail = format!("referred_by={}", actor.label());
    let new = NewApplication {
        job: &job,
        candidate: &candidate,
        contact: &contact,
        source: Source { channel: "referral".into(), detail },
        cover_letter: "",
        answers: &[],
        knocked_out: false,
    };
    let (id, created) = applications::file(&mut tx, ws, actor, new, now).await?;
    if !created {
        return Err(AppError::field(ErrorCode::AlreadyExists, "email"));
    }
    sqlx::query("UPDATE recruit_applications SET referrer_id = $1 WHERE id = $2")
        .bind(referrer.to_db())
        .bind(id.clone())
        .execute(&mut *tx)
        .await
        .db()?;
    if let Some((filename, bytes)) = &r.cv {
        let owner = Owner { unit, candidate: &candidate, contact: &contact, application: Some(&id) };
        let up = Upload { field: "cv", filename, bytes };
        documents::attach(&mut tx, &s.blobs, ws, actor, owner, up, now).await?;
    }
    tx.commit().await.db()?;
    Ok(id)
}

/// A referral as its referrer follows it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Referred {
    pub application_id: String,
    pub name: String,
    pub job_title: String,
    /// active, rejected, hired or withdrawn.
    pub status: String,
    pub stage_name: String,
    pub created_at: Timestamp,
}

/// The referrals `user` made, newest first.
pub async fn of_referrer(pool: &AnyPool, user: &str) -> Result<Vec<Referred>, AppError> {
    sqlx::query_as(
        "SELECT a.id AS application_id, c.name, j.title AS job_title, a.status, s.name AS stage_name, a.created_at
         FROM recruit_applications a JOIN contacts c ON c.id = a.contact_id JOIN recruit_jobs j ON j.id = a.job_id
         JOIN recruit_stages s ON s.id = a.stage_id WHERE a.referrer_id = $1 ORDER BY a.created_at DESC LIMIT 200",
    )
    .bind(user.to_string())
    .fetch_all(pool)
    .await
    .db()
}

#[derive(Template)]
#[template(path = "recruit_referrals.html")]
struct ReferralsPage {
    c: Shell,
    /// The open jobs (id, title · location).
    jobs: Vec<(String, String)>,
    mine: Vec<Referred>,
}

pub(crate) async fn page(
    State(s): State<AppState>,
    staff: Staff,
    axum::extract::Query(f): axum::extract::Query<FlashQuery>,
) -> Result<Response, PageError> {
    let ws = staff.caller.authz.workspace();
    let jobs: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, title, location FROM recruit_jobs WHERE workspace_id = $1 AND status = 'open' ORDER BY lower(title), id")
            .bind(ws.to_db())
            .fetch_all(s.db.pool())
            .await
            .db()
            .or_page(&staff)?;
    let jobs = jobs.into_iter().map(|(id, t, l)| (id, if l.is_empty() { t } else { format!("{t} · {l}") })).collect();
    let mine = of_referrer(s.db.pool(), &staff.caller.user.to_db()).await.or_page(&staff)?;
    Ok(portico_http::ui::page(&ReferralsPage { c: staff.shell("recruit-referrals", &f), jobs, mine }))
}

pub(crate) async fn send(State(s): State<AppState>, staff: Staff, mut mp: Multipart) -> Response {
    let result = async {
        let mut r = Referral::default();
        let bad = |_| AppError::new(ErrorCode::BadRequest);
        while let Some(field) = mp.next_field().await.map_err(bad)? {
            match field.name().unwrap_or("") {
                "cv" => {
                    let filename = field.file_name().unwrap_or("").to_string();
                    let bytes = field.bytes().await.map_err(|_| AppError::field(ErrorCode::PayloadTooLarge, "cv"))?;
                    if !bytes.is_empty() {
                        r.cv = Some((filename, bytes.to_vec()));
                    }
                }
                "job_id" => r.job_id = field.text().await.map_err(bad)?,
                "name" => r.name = field.text().await.map_err(bad)?,
                "email" => r.email = field.text().await.map_err(bad)?,
                "phone" => r.phone = field.text().await.map_err(bad)?,
                _ => {}
            }
        }
        refer(&s, &staff.caller.authz, &r).await
    }
    .await;
    after("/recruit/referrals", result.map(|_| "recruit-referred")).into_response()
}
