//! The forms of candidate e-mail: writing to a candidate from their application, the stage
//! e-mails waiting for review (send now or skip), what a stage sends, following a job.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use portico_http::form::FormState;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, local_path, render};
use portico_kernel::AppError;
use serde::Deserialize;

use super::stages::{self, StageMail, ToReview};
use super::{team, write};
use crate::{VIEW, parse};

/// The e-mail form of an application's page (with its `_csrf`, which the API's body refuses).
#[derive(Deserialize, serde::Serialize)]
pub(crate) struct WriteForm {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    template: String,
}

pub(crate) async fn write(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<WriteForm>,
) -> Response {
    let Ok(id) = parse::<uuid::Uuid>(&id).map(|i| i.to_string()) else {
        return after("/recruit", Err(AppError::not_found())).into_response();
    };
    let m = write::NewMessage { subject: f.subject.clone(), message: f.message.clone(), template: f.template.clone() };
    match write::write_to(&s.db, s.clock.as_ref(), &s.mail, &staff.caller.authz, &id, &m).await {
        Ok(_) => after(&format!("/recruit/applications/{id}#emails"), Ok("recruit-email-sent")).into_response(),
        Err(e) => {
            let form = FormState::failed("email", &f, &e, &staff.tr());
            crate::applications::pages::application_page(&s, &staff, &id, &FlashQuery::default(), form)
                .await
                .into_response()
        }
    }
}

/// The e-mail form again, filled with a draft for what the team chose (invite, reject, news).
pub(crate) async fn draft(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let Ok(id) = parse::<uuid::Uuid>(&id).map(|i| i.to_string()) else {
        return after("/recruit", Err(AppError::not_found())).into_response();
    };
    let sent = |k: &str| portico_http::form::sent(&f, k).to_string();
    let brief =
        crate::drafts::EmailBrief { application_id: id.clone(), purpose: sent("purpose"), notes: sent("message") };
    let (form, notice) = match crate::drafts::candidate_email_draft(&s, &staff.caller, &brief).await {
        Ok(d) => {
            let values = std::collections::BTreeMap::from([
                ("subject", d.subject),
                ("message", d.draft.text),
                ("purpose", brief.purpose),
            ]);
            let notice = if d.draft.warning.is_some() { "recruit-drafted-fallback" } else { "recruit-email-drafted" };
            (FormState::drafted("email", &values), Some(notice.to_string()))
        }
        Err(e) => (
            FormState::failed(
                "email",
                &std::collections::BTreeMap::from([("purpose", brief.purpose)]),
                &e,
                &staff.tr(),
            ),
            None,
        ),
    };
    let flash = FlashQuery { notice, ..FlashQuery::default() };
    crate::applications::pages::application_page(&s, &staff, &id, &flash, form).await.into_response()
}

/// A stage e-mail waiting for review, with what it would say.
pub(crate) struct Review {
    pub item: ToReview,
    pub subject: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "recruit_stage_emails.html")]
pub(crate) struct ReviewPage {
    c: Shell,
    items: Vec<Review>,
}

/// What a stage e-mail would say now: its subject and text (empty when its template is gone).
pub(crate) async fn said(
    s: &AppState,
    ws: portico_kernel::WorkspaceId,
    e: &stages::StageEmail,
) -> Result<(String, String), AppError> {
    Ok(stages::preview(&s.db, &s.mail, ws, e).await?.map(|r| (r.subject, r.text)).unwrap_or_default())
}

/// The stage e-mails waiting for someone to send or skip them.
pub(crate) async fn to_review(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let scope = staff.caller.authz.scope(VIEW).or_page(&staff)?;
    let mut items = Vec::new();
    for item in stages::to_review(s.db.pool(), &scope, 100).await.or_page(&staff)? {
        let (subject, text) = said(&s, scope.workspace(), &item.email).await.or_page(&staff)?;
        items.push(Review { item, subject, text });
    }
    Ok(render(axum::http::StatusCode::OK, &ReviewPage { c: staff.shell("recruit-jobs", &f), items }))
}

#[derive(Deserialize)]
pub(crate) struct DecideForm {
    /// Where to go after: a page of Recruit.
    #[serde(default)]
    back: String,
}

pub(crate) async fn decide(
    State(s): State<AppState>,
    staff: Staff,
    Path((id, action)): Path<(String, String)>,
    Form(f): Form<DecideForm>,
) -> Response {
    let back = match local_path(Some(&f.back)) {
        b if b.starts_with("/recruit/") => b,
        _ => "/recruit/stage-emails".to_string(),
    };
    let result = async {
        let id: uuid::Uuid = parse(&id)?;
        let send = match action.as_str() {
            "send" => true,
            "skip" => false,
            _ => return Err(AppError::not_found()),
        };
        stages::decide(&s.db, s.clock.as_ref(), &s.mail, &staff.caller.authz, &id.to_string(), send).await?;
        Ok(if send { "recruit-email-sent" } else { "recruit-email-skipped" })
    }
    .await;
    after(&back, result).into_response()
}

#[derive(Deserialize)]
pub(crate) struct StageMailForm {
    #[serde(default)]
    template: String,
    #[serde(default)]
    delay_minutes: String,
    #[serde(default)]
    review: String,
}

pub(crate) async fn stage_mail(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<StageMailForm>,
) -> Response {
    let back = crate::jobs::pages::pipeline_of(&s, &staff, &id).await;
    let result = async {
        let id: uuid::Uuid = parse(&id)?;
        let delay_minutes = match f.delay_minutes.trim() {
            "" => 0,
            d => d.parse().map_err(|_| AppError::field(portico_kernel::ErrorCode::InvalidNumber, "delay_minutes"))?,
        };
        let input = StageMail { template: f.template, delay_minutes, review: f.review == "yes" };
        stages::set(&s.db, s.clock.as_ref(), &staff.caller.authz, &id.to_string(), &input).await
    }
    .await;
    after(&format!("{back}#pipeline"), result.map(|_| "saved")).into_response()
}

#[derive(Deserialize)]
pub(crate) struct FollowForm {
    /// yes: follow; anything else: stop.
    #[serde(default)]
    on: String,
}

pub(crate) async fn follow(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<FollowForm>,
) -> Response {
    let on = f.on == "yes";
    let result = async {
        let id: uuid::Uuid = parse(&id)?;
        team::follow(&s.db, s.clock.as_ref(), &staff.caller.authz, &id.to_string(), on).await
    }
    .await;
    let said = if on { "recruit-following" } else { "recruit-unfollowed" };
    after(&format!("/recruit/jobs/{id}"), result.map(|_| said)).into_response()
}
