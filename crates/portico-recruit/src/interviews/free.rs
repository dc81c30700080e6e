//! Times to propose for an interview: within working hours (9:00 to 18:00, Monday to Friday,
//! in the interview's zone), over the next two weeks, when none of the interviewers is busy
//! (their interviews and published calendars). At most two a day, three hours apart, so the
//! candidate is offered a choice of days and of mornings and afternoons.

use chrono::{Datelike, Duration, NaiveTime, TimeZone, Timelike, Weekday};
use chrono_tz::Tz;
use portico_db::Db;
use portico_kernel::{AppError, Timestamp, WorkspaceId};

use super::busy::{BusyTime, busy_times};

/// How far ahead times are looked for.
const HORIZON_DAYS: i64 = 14;
const DAY_STARTS: u32 = 9;
const DAY_ENDS: u32 = 18;
/// Times start on the hour or the half hour.
const STEP_MINUTES: i64 = 30;
const PER_DAY: usize = 2;
const APART_MINUTES: i64 = 180;
/// The first time offered is at least this far from now.
const NOTICE_MINUTES: i64 = 60;
const MICROS_PER_MINUTE: i64 = 60_000_000;

/// Up to `count` free starts for `minutes`, from `now`, given who is busy when.
pub fn suggest(busy: &[BusyTime], now: Timestamp, minutes: i64, zone: Tz, count: usize) -> Vec<Timestamp> {
    let step = STEP_MINUTES * MICROS_PER_MINUTE;
    let earliest = now + NOTICE_MINUTES * MICROS_PER_MINUTE;
    let Some(first_day) = chrono::DateTime::from_timestamp_micros(now).map(|t| t.with_timezone(&zone).date_naive())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for day in (0..=HORIZON_DAYS).map(|d| first_day + Duration::days(d)) {
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            continue;
        }
        let at = |hour: u32| {
            let time = NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default();
            zone.from_local_datetime(&day.and_time(time)).earliest().map(|t| t.timestamp_micros())
        };
        let (Some(opens), Some(closes)) = (at(DAY_STARTS), at(DAY_ENDS)) else { continue };
        let mut today: Vec<Timestamp> = Vec::new();
        let mut start = opens.max((earliest + step - 1) / step * step);
        while start + minutes * MICROS_PER_MINUTE <= closes && today.len() < PER_DAY {
            let end = start + minutes * MICROS_PER_MINUTE;
            let apart = today.last().is_none_or(|t| start - t >= APART_MINUTES * MICROS_PER_MINUTE);
            if apart && !busy.iter().any(|b| b.start < end && b.end > start) {
                today.push(start);
            }
            start += step;
        }
        out.extend(today);
        if out.len() >= count {
            out.truncate(count);
            break;
        }
    }
    out
}

/// Up to `count` times when all of `users` are free for `minutes`.
pub async fn free_times(
    db: &Db,
    ws: WorkspaceId,
    users: &[String],
    now: Timestamp,
    minutes: i64,
    zone: Tz,
    count: usize,
) -> Result<Vec<Timestamp>, AppError> {
    let until = now + (HORIZON_DAYS + 1) * 24 * 60 * MICROS_PER_MINUTE;
    let busy = busy_times(db, ws, users, now, until).await?;
    Ok(suggest(&busy, now, minutes, zone, count))
}

/// A time as a `datetime-local` field holds it, in `zone`.
pub fn local(t: Timestamp, zone: Tz) -> String {
    chrono::DateTime::from_timestamp_micros(t)
        .map(|t| t.with_timezone(&zone))
        .map(|t| format!("{:04}-{:02}-{:02}T{:02}:{:02}", t.year(), t.month(), t.day(), t.hour(), t.minute()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARIS: Tz = chrono_tz::Europe::Paris;

    fn at(s: &str) -> Timestamp {
        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
            .map(|t| PARIS.from_local_datetime(&t).unwrap().timestamp_micros())
            .unwrap()
    }

    fn busy(from: &str, to: &str) -> BusyTime {
        BusyTime { user_id: "u".into(), start: at(from), end: at(to), source: "calendar" }
    }

    fn shown(times: &[Timestamp]) -> Vec<String> {
        times.iter().map(|t| local(*t, PARIS)).collect()
    }

    #[test]
    fn working_hours_on_weekdays_two_a_day_around_busy_times() {
        // Friday 4 December 2026, 16:10 in Paris: an hour's notice leaves 17:30, too late for 45
        // minutes before 18:00; the weekend is skipped.
        let now = at("2026-12-04 16:10");
        let taken = [busy("2026-12-07 08:00", "2026-12-07 10:15"), busy("2026-12-08 00:00", "2026-12-09 00:00")];
        let times = suggest(&taken, now, 45, PARIS, 5);
        assert_eq!(
            shown(&times),
            ["2026-12-07T10:30", "2026-12-07T13:30", "2026-12-09T09:00", "2026-12-09T12:00", "2026-12-10T09:00"]
        );
    }

    #[test]
    fn a_long_interview_fits_the_day_or_is_not_offered() {
        let now = at("2026-12-07 06:00");
        assert_eq!(shown(&suggest(&[], now, 480, PARIS, 2)), ["2026-12-07T09:00", "2026-12-08T09:00"]);
        assert!(suggest(&[], now, 600, PARIS, 2).is_empty(), "longer than a working day");
        let booked = [busy("2026-12-07 00:00", "2026-12-30 00:00")];
        assert!(suggest(&booked, now, 45, PARIS, 3).is_empty(), "no one is free for two weeks");
    }
}
