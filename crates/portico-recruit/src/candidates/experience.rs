//! Years of experience, from the positions of a profile, one per line, each with its dates
//! as a CV gives them ("Vendeuse — Lumina (2019-03 – …)", "2016 - 2019 Chef de rayon"): the
//! months from each start to its end, positions held at the same time counted once.

use chrono::Datelike;
use portico_kernel::Timestamp;

/// Words that stand for "still there" after a start date ("aujourd'hui" splits at its apostrophe).
const ONGOING: [&str; 10] =
    ["present", "now", "today", "current", "currently", "aujourd", "actuel", "actuellement", "danas", "sada"];

/// Whole years of experience on `now`.
pub fn years(positions: &str, now: Timestamp) -> i64 {
    let today = chrono::DateTime::from_timestamp_micros(now).map(|d| month(d.year(), d.month())).unwrap_or(0);
    let mut spans: Vec<(i64, i64)> = positions.lines().filter_map(|l| span(l, today)).collect();
    spans.sort_unstable();
    let mut months = 0;
    let mut reach = i64::MIN;
    for (start, end) in spans {
        let from = start.max(reach);
        if end > from {
            months += end - from;
        }
        reach = reach.max(end);
    }
    months / 12
}

fn month(year: i32, month: u32) -> i64 {
    i64::from(year) * 12 + i64::from(month) - 1
}

/// The months a line's position covers: its first date to its second (that month included),
/// or to this month when the first is followed by a word for "still there".
fn span(line: &str, today: i64) -> Option<(i64, i64)> {
    let dates = dates(line);
    let (start, _) = *dates.first()?;
    let end = match dates.get(1) {
        Some((_, end)) => *end,
        None => {
            let lower = line.to_lowercase();
            let ongoing = lower.contains('…')
                || lower.contains("...")
                || lower.split(|c: char| !c.is_alphabetic()).any(|word| ONGOING.contains(&word));
            if !ongoing {
                return None;
            }
            today + 1
        }
    };
    (end > start && start <= today).then_some((start, end.min(today + 1)))
}

/// Each `YYYY` or `YYYY-MM` (or `MM/YYYY`) of a line, as the month it starts in and the month
/// after it ends (a year alone starts in January and runs through December).
fn dates(line: &str) -> Vec<(i64, i64)> {
    let chars: Vec<char> = line.chars().collect();
    let digits = |from: usize, n: usize| -> Option<u32> {
        let s: String = chars.get(from..from + n)?.iter().collect();
        (s.chars().all(|c| c.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= chars.len() {
        let alone = |at: usize, n: usize| {
            (at == 0 || !chars[at - 1].is_ascii_digit()) && chars.get(at + n).is_none_or(|c| !c.is_ascii_digit())
        };
        match digits(i, 4) {
            Some(y @ 1950..=2100) if alone(i, 4) => {
                let after_month = chars.get(i + 4).is_some_and(|c| *c == '-' || *c == '/')
                    && digits(i + 5, 2).is_some_and(|m| (1..=12).contains(&m))
                    && alone(i + 5, 2);
                let before_month = i >= 3
                    && chars[i - 1] == '/'
                    && digits(i - 3, 2).is_some_and(|m| (1..=12).contains(&m))
                    && (i == 3 || !chars[i - 4].is_ascii_digit());
                let y = i32::try_from(y).unwrap_or(0);
                if after_month {
                    let m = digits(i + 5, 2).unwrap_or(1);
                    out.push((month(y, m), month(y, m) + 1));
                    i += 7;
                    continue;
                }
                if before_month {
                    let m = digits(i - 3, 2).unwrap_or(1);
                    out.push((month(y, m), month(y, m) + 1));
                } else {
                    out.push((month(y, 1), month(y, 12) + 1));
                }
                i += 4;
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::years;

    /// 2026-12-07.
    const NOW: i64 = 1_796_601_600_000_000;

    #[test]
    fn counts_months_once_across_overlaps() {
        let profile = "Vendeuse — Lumina (2019-03 – 2021-02)\nConseillère — Lumina (2020-01 – 2022-02)";
        assert_eq!(years(profile, NOW), 3, "2019-03 to 2022-02, both months included");
        assert_eq!(years("2016 - 2019 Chef de rayon, Carrefour", NOW), 4, "a year alone runs through December");
        assert_eq!(years("Responsable (03/2020 – aujourd'hui)", NOW), 6);
        assert_eq!(years("Directrice — Maison (2024-12 – …)\nStage (2015 – 2015)", NOW), 3);
    }

    #[test]
    fn ignores_what_is_not_a_span() {
        assert_eq!(years("", NOW), 0);
        assert_eq!(years("Windows 2000 knowledge", NOW), 0, "one date and nothing ongoing");
        assert_eq!(years("Phone 0612345678, 20190", NOW), 0);
        assert_eq!(years("Back to the future (2030 – 2040)", NOW), 0);
    }
}
