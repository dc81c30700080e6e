//! A candidate's own applications on the career site, signed in through the workspace's
//! portal (a link e-mailed to them): where each stands, withdrawing one, and downloading
//! what they sent. Every record shown passes its kind's `related` check on their relation.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use portico_http::i18n::Tr;
use portico_http::site::{Portal, SiteView};
use portico_http::state::AppState;
use portico_kernel::{AppError, ErrorCode, Event};
use portico_platform::RecordKind;
use serde::Deserialize;
use serde_json::json;

use super::SITE;
use crate::applications::store::{self as applications, Card};
use crate::documents::{self, Document};
use crate::kinds::Application;

#[derive(Template)]
#[template(path = "careers_mine.html")]
struct MinePage {
    s: SiteView,
    tr: Tr,
    csrf: String,
    trap: portico_http::spam::Trap,
    name: String,
    applications: Vec<Card>,
    documents: Vec<Document>,
    base: String,
    portal: String,
    notice: Option<String>,
    /// Until when they agreed to be kept.
    kept_until: Option<i64>,
    /// Their interviews: fixed, or with times to pick from.
    interviews: Vec<crate::interviews::Upcoming>,
    /// The offers sent to them, and the job of each.
    offers: Vec<(crate::offers::Offer, String)>,
}

impl MinePage {
    fn pay(&self, o: &crate::offers::Offer) -> String {
        o.pay(&self.tr)
    }
    fn start(&self, o: &crate::offers::Offer) -> String {
        o.start(&self.tr)
    }
    /// An interview's time, in its own zone and the reader's language.
    fn when(&self, i: &crate::interviews::Interview, at: &i64) -> String {
        format!("{} ({})", Tr::in_zone(self.tr.locale, i.zone()).datetime(*at), i.time_zone)
    }
    /// Where an application stands, in words a candidate reads: its status, or its stage.
    fn standing(&self, a: &Card) -> String {
        match a.status.as_str() {
            "active" => a.stage_name.clone(),
            other => self.tr.t(&format!("status-{other}")),
        }
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct Notice {
    notice: Option<String>,
}

pub(crate) async fn applications(State(s): State<AppState>, p: Portal, Query(n): Query<Notice>) -> Response {
    let ws = p.who.workspace();
    let contact = p.who.contact().to_db();
    let result = async {
        let cards = applications::of_contact(s.db.pool(), ws, &contact).await?;
        let mut docs = Vec::new();
        let mut seen = Vec::new();
        for c in &cards {
            if !seen.contains(&c.candidate_id) {
                seen.push(c.candidate_id.clone());
                docs.extend(documents::of_candidate(s.db.pool(), ws, &c.candidate_id).await?);
            }
        }
        let (kept_until,): (Option<i64>,) = sqlx::query_as(
            "SELECT MAX(consent_until) FROM recruit_candidates WHERE workspace_id = $1 AND contact_id = $2",
        )
        .bind(ws.to_db())
        .bind(contact.clone())
        .fetch_one(s.db.pool())
        .await
        .map_err(portico_db::db_error)?;
        let interviews = crate::interviews::of_contact(s.db.pool(), ws, &contact).await?;
        let offers = crate::offers::of_contact(s.db.pool(), ws, &contact).await?;
        Ok::<_, AppError>((cards, docs, kept_until, interviews, offers))
    }
    .await;
    match result {
        Ok((applications, documents, kept_until, interviews, offers)) => portico_http::ui::page(&MinePage {
            kept_until,
            interviews,
            offers,
            s: p.site.view(),
            tr: p.site.tr,
            csrf: p.site.csrf.clone(),
            trap: portico_http::spam::Trap::new(&s),
            name: p.who.name().to_string(),
            applications,
            documents,
            base: p.site.ctx.href(SITE.key, ""),
            portal: p.site.ctx.href(portico_http::site::PORTAL, "/"),
            notice: match n.notice.as_deref() {
                Some("withdrawn") => Some(p.site.tr.t("recruit-withdrawn")),
                Some("kept") => Some(p.site.tr.t("careers-kept")),
                Some("picked") => Some(p.site.tr.t("careers-interview-picked")),
                Some("accepted") => Some(p.site.tr.t("careers-offer-accepted")),
                Some("declined") => Some(p.site.tr.t("careers-offer-declined")),
                _ => None,
            },
        }),
        Err(e) => p.site.error(&e),
    }
}

/// The candidate withdraws an application: it stays for the team's history, marked withdrawn.
pub(crate) async fn withdraw(State(s): State<AppState>, p: Portal, Path(id): Path<String>) -> Response {
    let result = async {
        let id = crate::parse::<uuid::Uuid>(&id)?.to_string();
        Application.related(&s.db, &p.who, &id).await?;
        let now = s.clock.now_micros();
        let mut tx = s.db.begin().await?;
        crate::applications::store::withdraw_in(&mut tx, p.who.workspace(), &p.who.actor(), &id, now).await?;
        tx.commit().await.map_err(portico_db::db_error)
    }
    .await;
    match result {
        Ok(()) => Redirect::to(&p.site.ctx.href(SITE.key, "/applications?notice=withdrawn")).into_response(),
        Err(e) => p.site.error(&e),
    }
}

/// A document the candidate sent, downloaded by them.
pub(crate) async fn document(State(s): State<AppState>, p: Portal, Path(id): Path<String>) -> Response {
    let result = async {
        let id = crate::parse::<uuid::Uuid>(&id)?.to_string();
        let d = documents::related(s.db.pool(), &p.who, &id).await?;
        documents::download(&s, &d)
    }
    .await;
    result.unwrap_or_else(|e| p.site.error(&e))
}

/// The candidate asks to be kept for another period (renewing their consent).
pub(crate) async fn keep(State(s): State<AppState>, p: Portal) -> Response {
    let result = async {
        let (ws, now) = (p.who.workspace(), s.clock.now_micros());
        let until = now + crate::retention::RENEWAL;
        let mine: Vec<(String, String)> =
            sqlx::query_as("SELECT id, unit_id FROM recruit_candidates WHERE workspace_id = $1 AND contact_id = $2")
                .bind(ws.to_db())
                .bind(p.who.contact().to_db())
                .fetch_all(s.db.pool())
                .await
                .map_err(portico_db::db_error)?;
        let mut tx = s.db.begin().await?;
        for (id, unit) in mine {
            sqlx::query("UPDATE recruit_candidates SET consent_until = $1, consent_warned_at = NULL, updated_at = $2 WHERE id = $3")
                .bind(until)
                .bind(now)
                .bind(id.clone())
                .execute(&mut *tx)
                .await
                .map_err(portico_db::db_error)?;
            let event = Event::new(ws, &p.who.actor(), crate::kinds::CANDIDATE, "consent", id, now)
                .unit(portico_kernel::ids::parse_db_id(&unit)?)
                .after(json!({"consent_until": until}));
            tx.emit(event).await?;
        }
        tx.commit().await.map_err(portico_db::db_error)
    }
    .await;
    match result {
        Ok(()) => Redirect::to(&p.site.ctx.href(SITE.key, "/applications?notice=kept")).into_response(),
        Err(e) => p.site.error(&e),
    }
}

#[derive(Deserialize)]
pub(crate) struct PickForm {
    #[serde(default)]
    slot: String,
}

/// The candidate picks one of the times offered for an interview.
pub(crate) async fn pick(
    State(s): State<AppState>,
    p: Portal,
    Path(id): Path<String>,
    axum::Form(f): axum::Form<PickForm>,
) -> Response {
    let result = async {
        let id = crate::parse::<uuid::Uuid>(&id)?.to_string();
        let at = f.slot.trim().parse::<i64>().map_err(|_| AppError::field(ErrorCode::Required, "slot"))?;
        crate::interviews::schedule::pick(&s, &p.who, &id, at).await
    }
    .await;
    match result {
        Ok(()) => Redirect::to(&p.site.ctx.href(SITE.key, "/applications?notice=picked")).into_response(),
        Err(e) => p.site.error(&e),
    }
}
