//! Business-hours calendars: opening hours per weekday in a time zone, and holidays. Desk
//! counts SLA time in them, Recruit offers interview slots in them, Partners sends alerts in
//! them, and rules ask whether now is inside them. Local times follow the zone's daylight
//! saving: an hour that does not exist is skipped, one that happens twice counts once.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

const MICROS_PER_MINUTE: i64 = 60_000_000;
/// How far a computation looks ahead before deciding a calendar is never open.
const HORIZON_DAYS: i64 = 3 * 366;

/// Opening hours of one day, in minutes after local midnight: `[start, end)`.
pub type Hours = Vec<(u16, u16)>;

#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    pub tz: Tz,
    /// Monday first.
    pub week: [Hours; 7],
    pub holidays: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// The open periods of local date `d`, as UTC instants.
    fn periods(&self, d: NaiveDate) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        if self.holidays.contains(&d) {
            return Vec::new();
        }
        let day = d.weekday().num_days_from_monday() as usize;
        self.week[day]
            .iter()
            .filter(|(s, e)| s < e && *e <= 24 * 60)
            .filter_map(|(s, e)| Some((self.instant(d, *s)?, self.instant(d, *e)?)))
            .filter(|(s, e)| s < e)
            .collect()
    }

    /// A local date and minute as a UTC instant (the next valid instant in a DST gap, the
    /// first of two in a repeated hour).
    fn instant(&self, d: NaiveDate, minute: u16) -> Option<DateTime<Utc>> {
        let mut probe = if minute >= 24 * 60 {
            d.succ_opt()?.and_time(NaiveTime::MIN)
        } else {
            d.and_time(NaiveTime::from_hms_opt(u32::from(minute / 60), u32::from(minute % 60), 0)?)
        };
        for _ in 0..4 {
            match self.tz.from_local_datetime(&probe) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => return Some(t.with_timezone(&Utc)),
                LocalResult::None => probe += Duration::minutes(30),
            }
        }
        None
    }

    fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.tz).date_naive()
    }

    /// Whether the calendar is open at `micros`.
    pub fn is_open(&self, micros: i64) -> bool {
        let Some(t) = DateTime::<Utc>::from_timestamp_micros(micros) else { return false };
        let d = self.local_date(t);
        // A period of the previous day may run past midnight in UTC terms.
        [d.pred_opt(), Some(d)].into_iter().flatten().flat_map(|d| self.periods(d)).any(|(s, e)| s <= t && t < e)
    }

    /// The moment `minutes` of open time after `start` (an SLA's deadline), or `None` if the
    /// calendar is never open.
    pub fn add(&self, start: i64, minutes: i64) -> Option<i64> {
        let start = DateTime::<Utc>::from_timestamp_micros(start)?;
        let mut left = Duration::minutes(minutes.max(0));
        let mut d = self.local_date(start).pred_opt()?;
        for _ in 0..HORIZON_DAYS {
            for (s, e) in self.periods(d) {
                let from = s.max(start);
                if from >= e {
                    continue;
                }
                let open = e - from;
                if open >= left {
                    return Some((from + left).timestamp_micros());
                }
                left -= open;
            }
            d = d.succ_opt()?;
        }
        None
    }

    /// Open time between two moments, in whole minutes (0 when `to` is before `from`).
    pub fn between(&self, from: i64, to: i64) -> i64 {
        let (Some(a), Some(b)) =
            (DateTime::<Utc>::from_timestamp_micros(from), DateTime::<Utc>::from_timestamp_micros(to))
        else {
            return 0;
        };
        if b <= a {
            return 0;
        }
        let mut total = Duration::zero();
        let Some(mut d) = self.local_date(a).pred_opt() else { return 0 };
        let last = self.local_date(b);
        while d <= last {
            for (s, e) in self.periods(d) {
                let (s, e) = (s.max(a), e.min(b));
                if s < e {
                    total += e - s;
                }
            }
            let Some(next) = d.succ_opt() else { break };
            d = next;
        }
        total.num_microseconds().unwrap_or(0) / MICROS_PER_MINUTE
    }
}

/// `HH:MM-HH:MM` (24:00 allowed as an end) in minutes; `None` for anything else.
pub fn parse_period(s: &str) -> Option<(u16, u16)> {
    let (a, b) = s.trim().split_once('-')?;
    let minute = |t: &str| -> Option<u16> {
        let (h, m) = t.trim().split_once(':')?;
        let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
        (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
    };
    let (a, b) = (minute(a)?, minute(b)?);
    (a < b).then_some((a, b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn office(tz: Tz) -> Calendar {
        let day = vec![(9 * 60, 12 * 60 + 30), (13 * 60 + 30, 18 * 60)];
        Calendar {
            tz,
            week: [day.clone(), day.clone(), day.clone(), day.clone(), day, vec![], vec![]],
            holidays: BTreeSet::from([NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()]),
        }
    }

    fn at(tz: Tz, y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
        tz.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap().timestamp_micros()
    }

    #[test]
    fn opening_hours_lunch_weekends_and_holidays() {
        let p = chrono_tz::Europe::Paris;
        let c = office(p);
        assert!(c.is_open(at(p, 2026, 12, 7, 9, 0)), "Monday 9:00");
        assert!(!c.is_open(at(p, 2026, 12, 7, 12, 45)), "lunch");
        assert!(!c.is_open(at(p, 2026, 12, 12, 10, 0)), "Saturday");
        assert!(!c.is_open(at(p, 2026, 12, 25, 10, 0)), "Christmas, a Friday");
        // Friday 17:00 + 2 h of open time: Monday 10:00 (the weekend does not count).
        assert_eq!(c.add(at(p, 2026, 12, 11, 17, 0), 120), Some(at(p, 2026, 12, 14, 10, 0)));
        // 4 h before Christmas evening: the holiday is skipped to the 28th.
        assert_eq!(c.add(at(p, 2026, 12, 24, 16, 0), 180), Some(at(p, 2026, 12, 28, 10, 0)));
        assert_eq!(c.between(at(p, 2026, 12, 7, 8, 0), at(p, 2026, 12, 7, 20, 0)), 8 * 60);
        let never = Calendar { tz: p, week: Default::default(), holidays: BTreeSet::new() };
        assert_eq!(never.add(at(p, 2026, 12, 7, 9, 0), 1), None);
        assert_eq!(parse_period("09:00-17:30"), Some((540, 1050)));
        assert_eq!(parse_period("22:00-24:00"), Some((1320, 1440)));
        assert_eq!(parse_period("17:00-09:00"), None);
    }

    #[test]
    fn daylight_saving_changes_move_the_hours_with_the_clock() {
        // Paris moves to summer time on Sunday 29 March 2026 at 2:00.
        let p = chrono_tz::Europe::Paris;
        let all_day = Calendar { tz: p, week: std::array::from_fn(|_| vec![(0, 24 * 60)]), holidays: BTreeSet::new() };
        assert_eq!(
            all_day.between(at(p, 2026, 3, 29, 0, 0), at(p, 2026, 3, 30, 0, 0)),
            23 * 60,
            "that day has 23 hours"
        );
        let c = office(p);
        assert_eq!(c.add(at(p, 2026, 3, 27, 17, 0), 90), Some(at(p, 2026, 3, 30, 9, 30)));
    }

    fn zone() -> impl Strategy<Value = Tz> {
        prop::sample::select(vec![
            chrono_tz::Europe::Paris,
            chrono_tz::Europe::Zagreb,
            chrono_tz::America::New_York,
            chrono_tz::UTC,
        ])
    }

    proptest! {
        /// Adding open time then measuring it gives it back; the deadline moves forward with it.
        #[test]
        fn add_and_between_agree(tz in zone(), start in 1_767_225_600i64..1_830_297_600, minutes in 0i64..20_000) {
            let c = office(tz);
            let start = start * 1_000_000;
            let end = c.add(start, minutes).unwrap();
            prop_assert!(end >= start);
            prop_assert_eq!(c.between(start, end), minutes);
            let later = c.add(start, minutes + 1).unwrap();
            prop_assert!(later > end);
            if minutes > 0 {
                prop_assert!(c.is_open(end - 1), "the last minute counted was open");
            }
        }

        /// A holiday is never open, whatever its weekday's hours.
        #[test]
        fn holidays_are_closed(tz in zone(), day in 0i64..700, minute in 0i64..1440) {
            let mut c = office(tz);
            let d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Duration::days(day);
            c.holidays.insert(d);
            if let Some(t) = c.instant(d, u16::try_from(minute).unwrap())
                && c.local_date(t) == d
            {
                prop_assert!(!c.is_open(t.timestamp_micros()));
            }
        }
    }
}
