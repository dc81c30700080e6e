//! Business-hours calendars (settings): opening hours per weekday in a time zone, and
//! holidays. Rules ask whether "now" is inside them; Desk's SLAs and Recruit's interview slots
//! will count time in them.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use portico_http::form::FormState;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, page, render};
use portico_kernel::AppError;
use portico_rules::store::{self, CalendarInput, CalendarRow};
use serde::{Deserialize, Serialize};

#[derive(Template)]
#[template(path = "calendars.html")]
pub(crate) struct ListPage {
    c: Shell,
    /// Each calendar with its week as people read it.
    calendars: Vec<(CalendarRow, String)>,
}

/// "Mon–Fri 09:00–18:00" style summary: each open day with its hours.
fn week(c: &Shell, row: &CalendarRow) -> String {
    let days: Vec<Vec<String>> = serde_json::from_str(&row.hours).unwrap_or_default();
    let open: Vec<String> = days
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.is_empty())
        .map(|(i, h)| format!("{} {}", c.t(&format!("day-short-{}", i + 1)), h.join(", ")))
        .collect();
    if open.is_empty() { c.t("calendar-always-closed") } else { open.join(" · ") }
}

pub(crate) async fn list(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(&staff)?;
    let rows = store::calendars(s.db.pool(), &admin).await.or_page(&staff)?;
    let c = staff.shell("rules", &f);
    let calendars = rows.into_iter().map(|r| (week(&c, &r), r)).map(|(w, r)| (r, w)).collect();
    Ok(page(&ListPage { c, calendars }))
}

/// The editor's fields as typed: a line of periods per weekday, a date per line for holidays.
#[derive(Serialize, Deserialize, Default)]
pub(crate) struct Typed {
    #[serde(default)]
    name: String,
    #[serde(default)]
    time_zone: String,
    #[serde(default)]
    d1: String,
    #[serde(default)]
    d2: String,
    #[serde(default)]
    d3: String,
    #[serde(default)]
    d4: String,
    #[serde(default)]
    d5: String,
    #[serde(default)]
    d6: String,
    #[serde(default)]
    d7: String,
    #[serde(default)]
    holidays: String,
}

impl Typed {
    fn days(&self) -> [&String; 7] {
        [&self.d1, &self.d2, &self.d3, &self.d4, &self.d5, &self.d6, &self.d7]
    }
    fn input(&self) -> CalendarInput {
        let split = |s: &str| {
            s.split([',', ';']).map(|p| p.trim().replace(['–', '—'], "-")).filter(|p| !p.is_empty()).collect()
        };
        CalendarInput {
            name: self.name.clone(),
            time_zone: self.time_zone.trim().to_string(),
            hours: self.days().iter().map(|d| split(d)).collect(),
            holidays: self.holidays.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect(),
        }
    }
    fn of(row: &CalendarRow) -> Typed {
        let days: Vec<Vec<String>> = serde_json::from_str(&row.hours).unwrap_or_default();
        let day = |i: usize| days.get(i).map(|d| d.join(", ")).unwrap_or_default();
        let holidays: Vec<String> = serde_json::from_str(&row.holidays).unwrap_or_default();
        Typed {
            name: row.name.clone(),
            time_zone: row.time_zone.clone(),
            d1: day(0),
            d2: day(1),
            d3: day(2),
            d4: day(3),
            d5: day(4),
            d6: day(5),
            d7: day(6),
            holidays: holidays.join("\n"),
        }
    }
    /// A new calendar: office hours on weekdays, in the workspace's usual zone.
    fn office(time_zone: &str) -> Typed {
        let day = "09:00-12:30, 13:30-18:00".to_string();
        Typed {
            time_zone: time_zone.into(),
            d1: day.clone(),
            d2: day.clone(),
            d3: day.clone(),
            d4: day.clone(),
            d5: day,
            ..Typed::default()
        }
    }
}

#[derive(Template)]
#[template(path = "calendar.html")]
pub(crate) struct EditorPage {
    c: Shell,
    id: String,
    title: String,
    zones: Vec<&'static str>,
    form: FormState,
}

impl EditorPage {
    /// The weekdays' fields: (form name, day name, error key).
    fn days(&self) -> Vec<(String, String, String)> {
        (1..=7).map(|i| (format!("d{i}"), self.c.t(&format!("day-{i}")), format!("hours.{}", i - 1))).collect()
    }
}

async fn editor_page(
    s: &AppState,
    staff: &Staff,
    id: &str,
    f: &FlashQuery,
    form: Option<FormState>,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(staff)?;
    let (title, fresh) = if id == "new" {
        (staff.tr().t("calendar-new"), Typed::office(&staff.caller.tz.to_string()))
    } else {
        let row = store::calendar(s.db.pool(), &admin, id).await.or_page(staff)?;
        (row.name.clone(), Typed::of(&row))
    };
    let form = form.unwrap_or_else(|| FormState::editing(&fresh));
    let zones =
        chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).filter(|n| n.contains('/') && !n.starts_with("Etc/")).collect();
    let p = EditorPage { c: staff.shell("rules", f), id: id.to_string(), title, zones, form };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn editor(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    editor_page(&s, &staff, &id, &f, None).await
}

pub(crate) async fn save(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(t): Form<Typed>,
) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        let id = (id != "new").then_some(id.as_str());
        store::save_calendar(&s.db, &admin, id, &t.input(), s.clock.now_micros()).await
    }
    .await;
    match result {
        Ok(_) => Redirect::to("/settings/calendars?notice=saved").into_response(),
        Err(e) => {
            let form = FormState::failed("calendar", &t, &e, &staff.tr());
            editor_page(&s, &staff, &id, &FlashQuery::default(), Some(form)).await.into_response()
        }
    }
}

pub(crate) async fn delete(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result: Result<(), AppError> = async {
        let admin = staff.caller.authz.admin()?;
        store::delete_calendar(&s.db, &admin, &id, s.clock.now_micros()).await
    }
    .await;
    after("/settings/calendars", result.map(|_| "calendar-deleted")).into_response()
}
