//! The offer forms of an application's page, and the candidate's answer on the career site.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use portico_http::form::sent;
use portico_http::site::Portal;
use portico_http::state::AppState;
use portico_http::ui::{Staff, after};
use portico_kernel::AppError;

use super::OfferInput;
use crate::{VIEW, parse};

pub(crate) async fn create(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let back = format!("/recruit/applications/{id}#offer");
    let result = async {
        let id: uuid::Uuid = parse(&id)?;
        let salary = match sent(&f, "salary").trim().replace([' ', '\u{a0}'], "") {
            n if n.is_empty() => None,
            n => Some(n.parse().map_err(|_| AppError::field(portico_kernel::ErrorCode::InvalidNumber, "salary"))?),
        };
        let input = OfferInput {
            salary,
            salary_currency: sent(&f, "salary_currency").to_string(),
            salary_period: sent(&f, "salary_period").to_string(),
            start_date: sent(&f, "start_date").to_string(),
            terms: sent(&f, "terms").to_string(),
            approver_id: sent(&f, "approver_id").to_string(),
        };
        super::create(&s, &staff.caller.authz, &id.to_string(), &input).await
    }
    .await;
    after(&back, result.map(|_| "recruit-offer-created")).into_response()
}

pub(crate) async fn act(
    State(s): State<AppState>,
    staff: Staff,
    Path((id, action)): Path<(String, String)>,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let found = async {
        let id: uuid::Uuid = parse(&id)?;
        let scope = staff.caller.authz.scope(VIEW).map_err(|_| AppError::not_found())?;
        super::get(s.db.pool(), &scope, &id.to_string()).await
    }
    .await;
    let o = match found {
        Ok(o) => o,
        Err(e) => return after("/recruit", Err(e)).into_response(),
    };
    let authz = &staff.caller.authz;
    let result = match action.as_str() {
        "approve" => super::decide(&s, authz, &o.id, true, sent(&f, "note")).await.map(|_| "recruit-offer-approved"),
        "refuse" => super::decide(&s, authz, &o.id, false, sent(&f, "note")).await.map(|_| "recruit-offer-refused"),
        "send" => super::send(&s, authz, &o.id).await.map(|_| "recruit-offer-sent"),
        "withdraw" => super::withdraw(&s, authz, &o.id).await.map(|_| "recruit-offer-withdrawn"),
        "accepted" => super::record(&s, authz, &o.id, true).await.map(|_| "recruit-offer-answered"),
        "declined" => super::record(&s, authz, &o.id, false).await.map(|_| "recruit-offer-answered"),
        _ => Err(AppError::not_found()),
    };
    after(&format!("/recruit/applications/{}#offer", o.application_id), result).into_response()
}

/// The candidate accepts or declines an offer on the career site.
pub(crate) async fn respond(
    State(s): State<AppState>,
    p: Portal,
    Path((id, answer)): Path<(String, String)>,
) -> Response {
    let result = async {
        let id = parse::<uuid::Uuid>(&id)?.to_string();
        let accepted = match answer.as_str() {
            "accept" => true,
            "decline" => false,
            _ => return Err(AppError::not_found()),
        };
        super::respond(&s, &p.who, &id, accepted).await.map(|_| accepted)
    }
    .await;
    match result {
        Ok(true) => {
            Redirect::to(&p.site.ctx.href(crate::careers::SITE.key, "/applications?notice=accepted")).into_response()
        }
        Ok(false) => {
            Redirect::to(&p.site.ctx.href(crate::careers::SITE.key, "/applications?notice=declined")).into_response()
        }
        Err(e) => p.site.error(&e),
    }
}
