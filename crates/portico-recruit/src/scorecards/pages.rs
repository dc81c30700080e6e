//! The forms of kits (on the job's pipeline) and scorecards (on the application's page).

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use portico_http::form::sent;
use portico_http::state::AppState;
use portico_http::ui::{Staff, after};
use portico_kernel::AppError;

use super::{Kit, Rating, ScorecardInput};
use crate::parse;

fn lines(s: &str) -> Vec<String> {
    crate::jobs::store::lines(s).into_iter().map(str::to_string).collect()
}

pub(crate) async fn kit(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let back = crate::jobs::pages::pipeline_of(&s, &staff, &id).await;
    let result = async {
        let id: uuid::Uuid = parse(&id)?;
        let kit = Kit { criteria: lines(sent(&f, "criteria")), questions: lines(sent(&f, "questions")) };
        super::set_kit(&s.db, s.clock.as_ref(), &staff.caller.authz, &id.to_string(), &kit).await
    }
    .await;
    after(&format!("{back}#pipeline"), result.map(|_| "saved")).into_response()
}

/// A scorecard as the form sends it: `score.N` for the Nth criterion of the stage's kit
/// (`criterion.N` names it).
pub(crate) async fn submit(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let back = format!("/recruit/applications/{id}#scorecard");
    let result = async {
        let id: uuid::Uuid = parse(&id)?;
        let mut ratings = Vec::new();
        for n in 0..super::MAX_CRITERIA {
            let (criterion, score) = (sent(&f, &format!("criterion.{n}")), sent(&f, &format!("score.{n}")));
            if criterion.is_empty() || score.is_empty() {
                continue;
            }
            let score = score
                .parse()
                .map_err(|_| AppError::field(portico_kernel::ErrorCode::InvalidValue, format!("ratings.{n}.score")))?;
            ratings.push(Rating { criterion: criterion.to_string(), score });
        }
        let input = ScorecardInput {
            recommendation: sent(&f, "recommendation").to_string(),
            ratings,
            notes: sent(&f, "notes").to_string(),
        };
        super::submit(&s.db, s.clock.as_ref(), &staff.caller.authz, &id.to_string(), &input).await
    }
    .await;
    after(&back, result.map(|_| "recruit-scorecard-saved")).into_response()
}
