//! Facets as words of their own. A document carries one word per facet value (a date or a
//! number carries one per leading run of its digits), so a filter is one more term of the
//! full-text match on both engines (see `performance-notes.md`: filtering after the match
//! costs per match), kept on PostgreSQL in a small vector of their own as well (ADR 19). A
//! range becomes the few digit prefixes that cover it exactly, or, when those are many and the
//! values outside it few (at least 2 years: 134 words for 2 to 10^15, 2 for 0 and 1), having
//! the facet and none of the words of the values outside.

use portico_platform::{Facet, FacetKind, SearchSpec};

use crate::Query;

/// The facet words of a document: its unit's, and those of the kind's facets, whose values
/// `value` gives by position in `spec.facets`.
pub fn of_document(spec: &SearchSpec, unit: Option<&str>, value: impl Fn(usize) -> Option<String>) -> Vec<String> {
    let mut words: Vec<String> = unit.map(unit_token).into_iter().collect();
    for (i, f) in spec.facets.iter().enumerate() {
        if let Some(v) = value(i) {
            words.extend(tokens(f.name, f.kind, &v));
        }
    }
    words
}

/// Digits of a number facet (values up to 10^15) and of a date (`yyyymmdd`).
const NUMBER_WIDTH: usize = 15;
const DATE_WIDTH: usize = 8;
const NUMBER_MAX: u64 = 10u64.pow(NUMBER_WIDTH as u32) - 1;
const DATE_MAX: u64 = 99_999_999;

/// `f<len><name>`: the length keeps `ab` + `c…` apart from `a` + `bc…`.
fn head(name: &str) -> String {
    format!("f{}{name}", name.len())
}

/// The word of a unit (its id as one word, where [`FacetKind::Words`] would split it).
pub fn unit_token(unit: &str) -> String {
    format!(
        "{}{}",
        head(crate::UNIT_FACET),
        unit.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase()
    )
}

/// The words a document carries for one value of a facet (none for a value it cannot read).
pub fn tokens(name: &str, kind: FacetKind, value: &str) -> Vec<String> {
    let head = head(name);
    match kind {
        FacetKind::Words => crate::query::terms_all(value).into_iter().map(|w| format!("{head}{w}")).collect(),
        FacetKind::Number => match value.trim().parse::<u64>() {
            Ok(n) if n <= NUMBER_MAX => prefixes(&head, n, NUMBER_WIDTH),
            _ => Vec::new(),
        },
        FacetKind::Date => match value.trim().parse::<i64>().ok().and_then(day_of_micros) {
            Some(day) => prefixes(&head, day, DATE_WIDTH),
            None => Vec::new(),
        },
    }
}

fn day_of_micros(micros: i64) -> Option<u64> {
    let d = chrono::DateTime::from_timestamp_micros(micros)?.date_naive();
    u64::try_from(d.format("%Y%m%d").to_string().parse::<i64>().ok()?).ok()
}

fn prefixes(head: &str, n: u64, width: usize) -> Vec<String> {
    let digits = format!("{n:0width$}");
    (1..=width).map(|len| format!("{head}d{}", &digits[..len])).collect()
}

/// What a filter asks of a document: one word of each group, and none of `excluded`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub groups: Vec<Vec<String>>,
    pub excluded: Vec<String>,
}

/// What a filter `name:value` asks of a facet. `None` when the value does not read as the
/// facet's kind.
pub fn filter(name: &str, kind: FacetKind, value: &str) -> Option<Filter> {
    let head = head(name);
    match kind {
        // Every word of the value: one group each.
        FacetKind::Words => {
            let words = crate::query::terms_all(value);
            let groups = words.into_iter().map(|w| vec![format!("{head}{w}")]).collect::<Vec<_>>();
            (!groups.is_empty()).then_some(Filter { groups, excluded: Vec::new() })
        }
        FacetKind::Number => {
            let (lo, hi) = range(value, |v| v.trim().parse::<u64>().ok().map(|n| (n, n)), NUMBER_MAX)?;
            Some(within(&head, lo, hi, NUMBER_MAX, NUMBER_WIDTH))
        }
        FacetKind::Date => {
            let (lo, hi) = range(value, days, DATE_MAX)?;
            Some(within(&head, lo, hi, DATE_MAX, DATE_WIDTH))
        }
    }
}

/// Values `lo..=hi` of a number or date facet: the words covering them, or, when the words
/// covering the values outside are under a quarter as many, having the facet (a first digit)
/// and none of those. Fewer words are fewer lists for GIN to merge and less to check in each
/// document read; a narrow range (a month, 3 to 5 years) keeps its own few.
fn within(head: &str, lo: u64, hi: u64, max: u64, width: usize) -> Filter {
    let inside = cover(head, lo, hi, width);
    let mut outside = if lo > 0 { cover(head, 0, lo - 1, width) } else { Vec::new() };
    if hi < max {
        outside.extend(cover(head, hi + 1, max, width));
    }
    if outside.len() * 4 < inside.len() {
        Filter { groups: vec![(0..10).map(|d| format!("{head}d{d}")).collect()], excluded: outside }
    } else {
        Filter { groups: vec![inside], excluded: Vec::new() }
    }
}

/// A `name:value` typed into a search, read against `facet` (the facet of that name, if
/// any): its filter, or, for a name no facet has or a value it cannot read, the words.
pub fn read_field(q: &mut Query, facet: Option<&Facet>, name: &str, value: &str) {
    match facet.and_then(|f| filter(f.name, f.kind, value)) {
        Some(f) => q.narrow(f),
        None => q.as_words(name, value),
    }
}

/// `v`, `a..b`, `a..`, `..b`, `>v`, `>=v`, `<v`, `<=v`, each end read by `one` as the
/// first and last value it stands for (a month stands for its first and last day), up to
/// `max` (a range wholly above it is no range: its value is searched as words).
fn range(value: &str, one: impl Fn(&str) -> Option<(u64, u64)>, max: u64) -> Option<(u64, u64)> {
    let v = value.trim();
    let (lo, hi) = if let Some((a, b)) = v.split_once("..") {
        let lo = if a.is_empty() { 0 } else { one(a)?.0 };
        let hi = if b.is_empty() { max } else { one(b)?.1 };
        (lo, hi)
    } else if let Some(a) = v.strip_prefix(">=") {
        (one(a)?.0, max)
    } else if let Some(a) = v.strip_prefix('>') {
        (one(a)?.1.checked_add(1)?, max)
    } else if let Some(b) = v.strip_prefix("<=") {
        (0, one(b)?.1)
    } else if let Some(b) = v.strip_prefix('<') {
        (0, one(b)?.0.checked_sub(1)?)
    } else {
        one(v)?
    };
    let hi = hi.min(max);
    (lo <= hi).then_some((lo, hi))
}

/// A day, month or year (`2026-12-06`, `2026-12`, `2026`) as its first and last `yyyymmdd`,
/// a month or year widened to its `00` and `99` ends: no date lies there, and the range is
/// then one prefix (`2026` rather than 33 words for 20260101–20261231).
fn days(v: &str) -> Option<(u64, u64)> {
    let parts: Vec<&str> = v.trim().split('-').collect();
    let num = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u64>().ok()).flatten()
    };
    match parts.as_slice() {
        [y] => num(y, 4).map(|y| (y * 10_000, y * 10_000 + 9_999)),
        [y, m] => {
            let (y, m) = (num(y, 4)?, num(m, 2)?);
            (1..=12).contains(&m).then_some((y * 10_000 + m * 100, y * 10_000 + m * 100 + 99))
        }
        [y, m, d] => {
            let date = chrono::NaiveDate::from_ymd_opt(
                i32::try_from(num(y, 4)?).ok()?,
                u32::try_from(num(m, 2)?).ok()?,
                u32::try_from(num(d, 2)?).ok()?,
            )?;
            let n = date.format("%Y%m%d").to_string().parse::<u64>().ok()?;
            Some((n, n))
        }
        _ => None,
    }
}

/// The fewest digit prefixes whose values are exactly `lo..=hi` (at most 18 a digit).
fn cover(head: &str, lo: u64, hi: u64, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = lo;
    while at <= hi {
        // The widest block of 10^k values starting at `at` that stays within the range.
        let mut k = 0u32;
        while (k as usize) + 1 < width {
            let block = 10u64.pow(k + 1);
            if !at.is_multiple_of(block) || at + block - 1 > hi {
                break;
            }
            k += 1;
        }
        let digits = format!("{at:0width$}");
        out.push(format!("{head}d{}", &digits[..width - k as usize]));
        match at.checked_add(10u64.pow(k)) {
            Some(next) => at = next,
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dates_read_as_days_months_years_and_ranges() {
        assert_eq!(days("2026"), Some((20260000, 20269999)));
        assert_eq!(days("2026-02"), Some((20260200, 20260299)));
        assert_eq!(days("2026-02-30"), None);
        assert_eq!(range("2026-01..2026-03", days, DATE_MAX), Some((20260100, 20260399)));
        // From the day after (no date lies between 20260630 and 20260701).
        assert_eq!(range(">2026-06-30", days, DATE_MAX), Some((20260631, DATE_MAX)));
        assert_eq!(range("2027..2026", days, DATE_MAX), None);
        assert_eq!(cover("f", 20260000, 20269999, 8), ["fd2026"]);
        assert_eq!(cover("f", 20260100, 20260399, 8), ["fd202601", "fd202602", "fd202603"]);
        assert_eq!(cover("f", 20260105, 20260211, 8).len(), 5 + 9 + 1 + 2, "0105–0109, 011·–019·, 020·, 0210, 0211");
    }

    proptest! {
        /// A value is inside a range exactly when one of its words is among the range's.
        #[test]
        fn a_cover_holds_exactly_the_range(lo in 0u64..5_000_000, len in 0u64..3_000_000, n in 0u64..9_000_000) {
            let hi = lo + len;
            let words = cover("f4size", lo, hi, NUMBER_WIDTH);
            prop_assert!(words.len() <= 18 * NUMBER_WIDTH);
            let has = prefixes("f4size", n, NUMBER_WIDTH).iter().any(|w| words.contains(w));
            prop_assert_eq!(has, (lo..=hi).contains(&n));
        }

        /// A range admits a value exactly when the value lies in it, whether its filter names
        /// the words inside or those outside.
        #[test]
        fn a_range_admits_exactly_its_values(lo in 0u64..3_000, len in 0u64..3_000, n in 0u64..9_000, open in any::<bool>(), dated in any::<bool>()) {
            let (max, width, base) = if dated { (DATE_MAX, DATE_WIDTH, 20_200_101) } else { (NUMBER_MAX, NUMBER_WIDTH, 0) };
            let (from, to) = (base + lo, if open { max } else { base + lo + len });
            let f = within("f", from, to, max, width);
            let words = prefixes("f", base + n, width);
            let admitted = f.groups.iter().all(|g| g.iter().any(|w| words.contains(w)))
                && !f.excluded.iter().any(|w| words.contains(w));
            prop_assert_eq!(admitted, (from..=to).contains(&(base + n)));
            prop_assert!(f.groups.iter().map(Vec::len).sum::<usize>() + f.excluded.len() <= 18 * width + 10);
        }
    }

    #[test]
    fn at_least_some_years_names_the_few_values_below() {
        let f = filter("experience", FacetKind::Number, ">=8").unwrap();
        assert_eq!(f.groups, [(0..10).map(|d| format!("f10experienced{d}")).collect::<Vec<_>>()]);
        assert_eq!(f.excluded.len(), 8, "0 to 7: {:?}", f.excluded);
        let narrow = filter("experience", FacetKind::Number, "3..5").unwrap();
        assert!(narrow.excluded.is_empty());
        assert_eq!(narrow.groups[0].len(), 3);
        // Past the largest value a document carries: read as words, not as a range.
        assert_eq!(filter("size", FacetKind::Number, "18446744073709551615"), None);
        assert_eq!(filter("size", FacetKind::Number, "1000000000000000.."), None);
        assert_eq!(filter("size", FacetKind::Number, "5..18446744073709551615").unwrap().excluded.len(), 5);
    }
}
