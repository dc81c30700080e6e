//! The interview forms of an application's page, and the interviews page: what is coming,
//! and the address of one's calendar feed.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::TimeZone;
use portico_http::form::sent;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, render};
use portico_kernel::{AppError, ErrorCode, Timestamp};
use serde::Deserialize;

use super::schedule::{self, Plan};
use super::{Upcoming, feed};
use crate::{VIEW, parse};

/// The zones offered when planning, beside the planner's own.
pub const ZONES: [&str; 6] =
    ["Europe/Paris", "Europe/Zagreb", "Europe/London", "Europe/Berlin", "America/New_York", "UTC"];

/// A `datetime-local` value (`2026-12-08T10:00`) in `zone`, or an error naming `field`.
pub fn local_time(field: &str, value: &str, zone: chrono_tz::Tz) -> Result<Timestamp, AppError> {
    let bad = || AppError::field(ErrorCode::InvalidDate, field.to_string());
    let naive = chrono::NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%dT%H:%M").map_err(|_| bad())?;
    // A time that happens twice (clocks going back) is the first; one that never happens is refused.
    let at = zone.from_local_datetime(&naive).earliest().ok_or_else(bad)?;
    Ok(at.timestamp_micros())
}

pub(crate) async fn plan(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let back = format!("/recruit/applications/{id}#interviews");
    let result = async {
        let id: uuid::Uuid = parse(&id)?;
        let zone: chrono_tz::Tz = match sent(&f, "time_zone") {
            "" => chrono_tz::UTC,
            z => z.parse().map_err(|_| AppError::field(ErrorCode::InvalidValue, "time_zone"))?,
        };
        let mut slots = Vec::new();
        for (i, (_, v)) in f.iter().filter(|(k, v)| k == "slot" && !v.trim().is_empty()).enumerate() {
            slots.push(local_time(&format!("slots.{i}"), v, zone)?);
        }
        let plan = Plan {
            title: sent(&f, "title").to_string(),
            location: sent(&f, "location").to_string(),
            duration_minutes: sent(&f, "duration_minutes").parse().unwrap_or(0),
            zone,
            interviewers: f.iter().filter(|(k, _)| k == "interviewers").map(|(_, v)| v.clone()).collect(),
            slots,
            ignore_busy: sent(&f, "ignore_busy") == "1",
        };
        schedule::plan(&s, &staff.caller.authz, &id.to_string(), &plan).await
    }
    .await;
    after(&back, result.map(|_| "recruit-interview-planned")).into_response()
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
    let i = match found {
        Ok(i) => i,
        Err(e) => return after("/recruit/interviews", Err(e)).into_response(),
    };
    let back = format!("/recruit/applications/{}#interviews", i.application_id);
    let result = match action.as_str() {
        "reschedule" => {
            async {
                let at = local_time("starts_at", sent(&f, "starts_at"), i.zone())?;
                schedule::reschedule(&s, &staff.caller.authz, &i.id, at).await.map(|_| "recruit-interview-rescheduled")
            }
            .await
        }
        "cancel" => schedule::cancel(&s, &staff.caller.authz, &i.id).await.map(|_| "recruit-interview-cancelled"),
        _ => Err(AppError::not_found()),
    };
    after(&back, result).into_response()
}

#[derive(Template)]
#[template(path = "recruit_interviews.html")]
pub(crate) struct InterviewsPage {
    c: Shell,
    items: Vec<Upcoming>,
    /// Only the reader's own.
    mine: bool,
    has_feed: bool,
    /// A feed address just made (shown once).
    new_feed: Option<String>,
    /// The calendar the reader publishes to Portico for their busy times.
    calendar: Option<super::busy::Calendar>,
}

impl InterviewsPage {
    fn busy_read(&self, n: &i64) -> String {
        self.c.count("recruit-busy-read", usize::try_from(*n).unwrap_or(0))
    }
    fn when(&self, at: &Timestamp) -> String {
        self.c.tr.datetime(*at)
    }
    fn names(&self, u: &Upcoming) -> String {
        u.interview.interviewers.iter().map(|v| v.name.as_str()).collect::<Vec<_>>().join(", ")
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct ListQuery {
    #[serde(default)]
    all: String,
    #[serde(flatten)]
    flash: FlashQuery,
}

async fn list_page(
    s: &AppState,
    staff: &Staff,
    all: bool,
    f: &FlashQuery,
    new_feed: Option<String>,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let scope = authz.scope(VIEW).or_page(staff)?;
    let me = staff.caller.user.to_db();
    let user = (!all).then_some(me.as_str());
    let items = super::upcoming(s.db.pool(), &scope, user, s.clock.now_micros()).await.or_page(staff)?;
    let has_feed = feed::exists(s.db.pool(), authz).await.or_page(staff)?;
    let calendar = super::busy::calendar_of(s.db.pool(), &me).await.or_page(staff)?;
    let p = InterviewsPage { c: staff.shell("recruit-interviews", f), items, mine: !all, has_feed, new_feed, calendar };
    Ok(render(axum::http::StatusCode::OK, &p))
}

pub(crate) async fn list(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    list_page(&s, &staff, q.all == "1", &q.flash, None).await
}

/// The reader sets (or clears) the calendar Portico reads their busy times from.
pub(crate) async fn set_busy_calendar(
    State(s): State<AppState>,
    staff: Staff,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let result = async {
        staff.caller.authz.scope(VIEW)?;
        let (ws, me) = (staff.caller.authz.workspace(), staff.caller.user.to_db());
        super::busy::set_calendar(&s, ws, &me, sent(&f, "url"), staff.caller.tz.name()).await
    }
    .await;
    after("/recruit/interviews#busy-title", result.map(|()| "saved")).into_response()
}

/// A new address for the reader's calendar feed, shown once.
pub(crate) async fn renew_feed(State(s): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    let path = feed::renew(&s.db, &staff.caller.authz, s.clock.now_micros()).await.or_page(&staff)?;
    let url = s.mail.link(&path);
    list_page(&s, &staff, false, &FlashQuery::default(), Some(url)).await
}
