//! The busy times in a published calendar (an `.ics` file, as Google Calendar, Outlook or
//! Nextcloud publish one): each event that blocks time, its repeats expanded over a window.
//! Events marked free (TRANSP:TRANSPARENT) or cancelled block nothing. Repeats follow the
//! rules calendars write for meetings: daily, weekly (on given days), monthly or yearly, every
//! N, until a day or for a count, minus the dates taken out (EXDATE).

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};
use portico_kernel::Timestamp;

const MICROS: i64 = 1_000_000;
/// Periods a rule is followed for (a daily meeting for fifty years), so one with no end
/// cannot run away.
const MAX_PERIODS: usize = 20_000;

/// A busy interval, in microseconds since the epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Busy {
    pub start: Timestamp,
    pub end: Timestamp,
}

/// A property line: its name, parameters and value (`DTSTART;TZID=Europe/Paris:2026…`).
struct Prop<'a> {
    name: String,
    params: Vec<(String, &'a str)>,
    value: &'a str,
}

fn prop(line: &str) -> Option<Prop<'_>> {
    let (head, value) = line.split_once(':')?;
    let mut parts = head.split(';');
    let name = parts.next()?.to_ascii_uppercase();
    let params =
        parts.filter_map(|p| p.split_once('=')).map(|(k, v)| (k.to_ascii_uppercase(), v.trim_matches('"'))).collect();
    Some(Prop { name, params, value: value.trim() })
}

impl Prop<'_> {
    fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| *v)
    }
}

/// A moment as written: UTC (`…Z`), in a named zone (`TZID=`), floating (read in `zone`), or
/// a whole day (`VALUE=DATE`, from midnight in `zone`).
fn moment(p: &Prop<'_>, zone: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    let v = p.value;
    if v.len() == 8 {
        let d = NaiveDate::parse_from_str(v, "%Y%m%d").ok()?;
        return zone.from_local_datetime(&d.and_hms_opt(0, 0, 0)?).earliest().map(|t| t.with_timezone(&Utc));
    }
    if let Some(utc) = v.strip_suffix('Z') {
        return NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok().map(|t| t.and_utc());
    }
    let local = NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S").ok()?;
    let tz = p.param("TZID").and_then(|z| z.parse::<chrono_tz::Tz>().ok()).unwrap_or(zone);
    tz.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc))
}

/// `PT1H30M`, `P1D`, `-PT15M`…: seconds.
fn duration(v: &str) -> Option<i64> {
    let (sign, v) = match v.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, v.strip_prefix('+').unwrap_or(v)),
    };
    let v = v.strip_prefix('P')?;
    let (mut total, mut n, mut in_time) = (0i64, 0i64, false);
    for c in v.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' => n = n * 10 + i64::from(c.to_digit(10)?),
            'W' => (total, n) = (total + n * 7 * 86400, 0),
            'D' => (total, n) = (total + n * 86400, 0),
            'H' if in_time => (total, n) = (total + n * 3600, 0),
            'M' if in_time => (total, n) = (total + n * 60, 0),
            'S' if in_time => (total, n) = (total + n, 0),
            _ => return None,
        }
    }
    Some(sign * total)
}

/// A repeat rule, as far as meetings use one.
#[derive(Default)]
struct Rule {
    freq: String,
    interval: u32,
    count: Option<usize>,
    until: Option<DateTime<Utc>>,
    by_day: Vec<Weekday>,
}

fn rule(v: &str, zone: chrono_tz::Tz) -> Rule {
    let mut r = Rule { interval: 1, ..Rule::default() };
    for (k, val) in v.split(';').filter_map(|p| p.split_once('=')) {
        match k.to_ascii_uppercase().as_str() {
            "FREQ" => r.freq = val.to_ascii_uppercase(),
            "INTERVAL" => r.interval = val.parse().unwrap_or(1).max(1),
            "COUNT" => r.count = val.parse().ok(),
            "UNTIL" => r.until = moment(&Prop { name: String::new(), params: Vec::new(), value: val }, zone),
            "BYDAY" => {
                // `MO,WE` or `1MO` (its position in the month is not followed: it counts as the day).
                r.by_day = val
                    .split(',')
                    .filter_map(|d| weekday(d.trim_start_matches(['+', '-', '0', '1', '2', '3', '4', '5'])))
                    .collect();
            }
            _ => {}
        }
    }
    r
}

/// A day as rules write it: MO, TU, WE, TH, FR, SA, SU.
fn weekday(code: &str) -> Option<Weekday> {
    let days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    days.iter().position(|d| d.eq_ignore_ascii_case(code)).and_then(|i| Weekday::try_from(u8::try_from(i).ok()?).ok())
}

/// The starts of an event's occurrences that end after `from` (each `length` seconds long),
/// followed in the event's own zone so a weekly meeting keeps its hour across a change of
/// summer time.
fn occurrences(
    first: DateTime<chrono_tz::Tz>,
    r: &Rule,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    length: i64,
) -> Vec<DateTime<Utc>> {
    let step = |t: DateTime<chrono_tz::Tz>, n: u32| -> Option<DateTime<chrono_tz::Tz>> {
        let local = t.naive_local();
        let next = match r.freq.as_str() {
            "DAILY" => local.checked_add_days(Days::new(u64::from(n))),
            "WEEKLY" => local.checked_add_days(Days::new(7 * u64::from(n))),
            "MONTHLY" => local.checked_add_months(Months::new(n)),
            "YEARLY" => local.checked_add_months(Months::new(12 * n)),
            _ => None,
        }?;
        t.timezone().from_local_datetime(&next).earliest()
    };
    let (mut out, mut seen) = (Vec::new(), 0);
    let mut period = first;
    for _ in 0..MAX_PERIODS {
        // A weekly rule with days: each of them in the period's week.
        let starts: Vec<DateTime<chrono_tz::Tz>> = if r.freq == "WEEKLY" && !r.by_day.is_empty() {
            let monday = period.date_naive() - Days::new(u64::from(period.weekday().num_days_from_monday()));
            let mut days: Vec<_> = r
                .by_day
                .iter()
                .filter_map(|d| monday.checked_add_days(Days::new(u64::from(d.num_days_from_monday()))))
                .filter_map(|d| period.timezone().from_local_datetime(&d.and_time(first.time())).earliest())
                .filter(|t| *t >= first)
                .collect();
            days.sort();
            days
        } else {
            vec![period]
        };
        for s in starts {
            let utc = s.with_timezone(&Utc);
            if r.until.is_some_and(|u| utc > u) || r.count.is_some_and(|c| seen >= c) || utc > to {
                return out;
            }
            seen += 1;
            if utc + chrono::Duration::seconds(length) > from {
                out.push(utc);
            }
        }
        match step(period, r.interval) {
            Some(next) => period = next,
            None => break,
        }
    }
    out
}

/// Unfold continuation lines (a line starting with a space or tab goes on the one before).
fn unfold(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split('\n').map(|l| l.trim_end_matches('\r')) {
        match (raw.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some(last)) => last.push_str(rest),
            _ => lines.push(raw.to_string()),
        }
    }
    lines
}

/// The busy times of calendar `text` that overlap `[from, to)`, sorted. Times without a
/// zone are read in `zone` (the person's own).
pub fn busy(text: &str, from: Timestamp, to: Timestamp, zone: chrono_tz::Tz) -> Vec<Busy> {
    let (Some(from_t), Some(to_t)) = (DateTime::from_timestamp_micros(from), DateTime::from_timestamp_micros(to))
    else {
        return Vec::new();
    };
    let lines = unfold(text);
    let mut out = Vec::new();
    let mut event: Option<Vec<&str>> = None;
    for line in &lines {
        match line.as_str() {
            "BEGIN:VEVENT" => event = Some(Vec::new()),
            "END:VEVENT" => {
                if let Some(props) = event.take() {
                    out.extend(event_busy(&props, from_t, to_t, zone));
                }
            }
            l => {
                if let Some(props) = event.as_mut() {
                    props.push(l);
                }
            }
        }
    }
    out.sort();
    out
}

fn event_busy(lines: &[&str], from: DateTime<Utc>, to: DateTime<Utc>, zone: chrono_tz::Tz) -> Vec<Busy> {
    let props: Vec<Prop<'_>> = lines.iter().filter_map(|l| prop(l)).collect();
    let get = |n: &str| props.iter().find(|p| p.name == n);
    if get("TRANSP").is_some_and(|p| p.value.eq_ignore_ascii_case("TRANSPARENT"))
        || get("STATUS").is_some_and(|p| p.value.eq_ignore_ascii_case("CANCELLED"))
    {
        return Vec::new();
    }
    let Some(start_p) = get("DTSTART") else { return Vec::new() };
    let Some(start) = moment(start_p, zone) else { return Vec::new() };
    let length = match (get("DTEND").and_then(|p| moment(p, zone)), get("DURATION").and_then(|p| duration(p.value))) {
        (Some(end), _) => (end - start).num_seconds(),
        (None, Some(d)) => d,
        // A day without an end is that day; a moment without one takes no time.
        (None, None) if start_p.value.len() == 8 => 86400,
        (None, None) => 0,
    };
    if length <= 0 {
        return Vec::new();
    }
    let excluded: Vec<DateTime<Utc>> = props
        .iter()
        .filter(|p| p.name == "EXDATE")
        .flat_map(|p| {
            p.value
                .split(',')
                .filter_map(|v| moment(&Prop { name: String::new(), params: p.params.clone(), value: v }, zone))
        })
        .collect();
    let starts = match get("RRULE") {
        Some(r) => {
            let tz = start_p.param("TZID").and_then(|z| z.parse::<chrono_tz::Tz>().ok()).unwrap_or(zone);
            occurrences(start.with_timezone(&tz), &rule(r.value, zone), from, to, length)
        }
        None => vec![start],
    };
    starts
        .into_iter()
        .filter(|s| !excluded.contains(s))
        .map(|s| Busy { start: s.timestamp_micros(), end: s.timestamp_micros() + length * MICROS })
        .filter(|b| b.end > from.timestamp_micros() && b.start < to.timestamp_micros())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Busy, busy, duration};
    use chrono::{TimeZone, Utc};

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).single().unwrap().timestamp_micros()
    }

    const PARIS: chrono_tz::Tz = chrono_tz::Europe::Paris;

    #[test]
    fn events_block_their_time_in_their_zone_unless_free_or_cancelled() {
        let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID=Europe/Paris:20261208T100000\r\nDTEND;TZID=Europe/Paris:20261208T113000\r\nSUMMARY:Comité\r\n de direction\r\nEND:VEVENT\r\n\
            BEGIN:VEVENT\r\nDTSTART:20261208T140000Z\r\nDURATION:PT45M\r\nEND:VEVENT\r\n\
            BEGIN:VEVENT\r\nDTSTART:20261208T160000Z\r\nDTEND:20261208T170000Z\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\n\
            BEGIN:VEVENT\r\nDTSTART:20261208T170000Z\r\nDTEND:20261208T180000Z\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n\
            BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261209\r\nDTEND;VALUE=DATE:20261210\r\nSUMMARY:Off\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let got = busy(ics, at(2026, 12, 8, 0, 0), at(2026, 12, 11, 0, 0), PARIS);
        assert_eq!(
            got,
            vec![
                Busy { start: at(2026, 12, 8, 9, 0), end: at(2026, 12, 8, 10, 30) },
                Busy { start: at(2026, 12, 8, 14, 0), end: at(2026, 12, 8, 14, 45) },
                // A whole day, from midnight in the person's zone.
                Busy { start: at(2026, 12, 8, 23, 0), end: at(2026, 12, 9, 23, 0) },
            ]
        );
    }

    #[test]
    fn weekly_meetings_repeat_on_their_days_keep_their_hour_and_skip_their_exceptions() {
        let ics = "BEGIN:VEVENT\nDTSTART;TZID=Europe/Paris:20261020T090000\nDTEND;TZID=Europe/Paris:20261020T093000\n\
            RRULE:FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20261203T235959Z\nEXDATE;TZID=Europe/Paris:20261126T090000\nEND:VEVENT\n";
        let got = busy(ics, at(2026, 11, 23, 0, 0), at(2026, 12, 31, 0, 0), PARIS);
        // Winter time: 9:00 in Paris is 8:00 UTC (it was 7:00 UTC in October).
        let starts: Vec<i64> = got.iter().map(|b| b.start).collect();
        assert_eq!(starts, vec![at(2026, 11, 24, 8, 0), at(2026, 12, 1, 8, 0), at(2026, 12, 3, 8, 0)]);
        let counted = "BEGIN:VEVENT\nDTSTART:20261201T120000Z\nDTEND:20261201T130000Z\nRRULE:FREQ=DAILY;INTERVAL=2;COUNT=3\nEND:VEVENT\n";
        assert_eq!(busy(counted, at(2026, 11, 1, 0, 0), at(2027, 1, 1, 0, 0), PARIS).len(), 3);
        let endless = "BEGIN:VEVENT\nDTSTART:20200101T120000Z\nDTEND:20200101T130000Z\nRRULE:FREQ=DAILY\nEND:VEVENT\n";
        assert_eq!(
            busy(endless, at(2026, 12, 1, 0, 0), at(2026, 12, 8, 0, 0), PARIS).len(),
            7,
            "a rule with no end, started years ago"
        );
        assert_eq!(busy("not a calendar", 0, i64::MAX / 2, PARIS), vec![]);
    }

    #[test]
    fn durations_read_as_calendars_write_them() {
        assert_eq!(duration("PT1H30M"), Some(5400));
        assert_eq!(duration("P1W"), Some(604_800));
        assert_eq!(duration("P1DT2H"), Some(93_600));
        assert_eq!(duration("-PT15M"), Some(-900));
        assert_eq!(duration("1H"), None);
    }
}
