//! Answering a report: one grouped query over the dataset's roll-up for the period, in the
//! reader's units, then hours folded into the reader's days, weeks or months, the biggest
//! groups kept and the rest summed as "other".

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Duration, NaiveDate, TimeZone};
use portico_authz::{Scope, UnitTree};
use portico_db::DbResultExt;
use portico_kernel::{AppError, ErrorCode, UnitId, WorkspaceId};
use serde::Serialize;
use sqlx::{AnyPool, Row};

use crate::model::{Dataset, DimKind, GRAINS, MAX_DAYS, MetricFormat, ReportDef};

const HOUR: i64 = 3_600_000_000;
/// The key of the group that sums the smaller ones.
pub const OTHER: &str = "\u{1}other";
/// How many values of a dimension a report keeps along its axis, and as series.
const AXIS_MAX: usize = 25;
const SERIES_MAX: usize = 8;

/// One row of the answer: a key per grouping, a value per metric.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Line {
    pub keys: Vec<String>,
    /// The keys as people read them (filled by [`Answer::name`]).
    pub labels: Vec<String>,
    pub values: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MetricView {
    pub name: &'static str,
    pub label: String,
    pub format: MetricFormat,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Answer {
    /// The groupings, in order (a grain or a dimension), and what people call them.
    pub groups: Vec<String>,
    pub group_labels: Vec<String>,
    pub metrics: Vec<MetricView>,
    pub lines: Vec<Line>,
    pub totals: Vec<i64>,
    /// The first and last day of the period.
    pub from: String,
    pub to: String,
    /// How many roll-up groups were read: the report's cost.
    pub groups_read: usize,
}

/// Check a report against its dataset; `field` names what is wrong.
pub fn check(ds: &Dataset, def: &ReportDef) -> Result<(), AppError> {
    let bad = |f: &str| AppError::field(ErrorCode::InvalidValue, f);
    if def.metrics.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "metrics"));
    }
    if let Some(i) = def.metrics.iter().position(|m| ds.metric(m).is_none()) {
        return Err(bad(&format!("metrics.{i}")));
    }
    if def.group_by.len() > 2 {
        return Err(AppError::field(ErrorCode::TooLong, "group_by"));
    }
    let is_grain = |g: &String| GRAINS.contains(&g.as_str());
    for (i, g) in def.group_by.iter().enumerate() {
        let known = is_grain(g) || ds.dimension(g).is_some();
        let second_grain = is_grain(g) && def.group_by[..i].iter().any(is_grain);
        if !known || second_grain || def.group_by[..i].contains(g) {
            return Err(bad(&format!("group_by.{i}")));
        }
    }
    for (i, f) in def.filters.iter().enumerate() {
        if ds.dimension(&f.dimension).is_none() {
            return Err(bad(&format!("filters.{i}.dimension")));
        }
        if f.values.is_empty() || f.values.len() > 100 {
            return Err(bad(&format!("filters.{i}.values")));
        }
    }
    if !(1..=MAX_DAYS).contains(&def.days) {
        return Err(AppError::field(ErrorCode::InvalidNumber, "days"));
    }
    Ok(())
}

/// The time bucket of an hour, in a time zone.
fn bucket(hour: i64, grain: &str, tz: chrono_tz::Tz) -> String {
    let at = tz.timestamp_micros(hour * HOUR).single().map(|t| t.date_naive()).unwrap_or_default();
    date_bucket(at, grain)
}

fn date_bucket(d: NaiveDate, grain: &str) -> String {
    match grain {
        "week" => (d - Duration::days(i64::from(d.weekday().num_days_from_monday()))).format("%Y-%m-%d").to_string(),
        "month" => d.format("%Y-%m").to_string(),
        _ => d.format("%Y-%m-%d").to_string(),
    }
}

/// Answer `def` (checked) for a reader whose reach is `scope`, at `now` in `tz`.
#[allow(clippy::too_many_arguments)]
pub async fn run(
    pool: &AnyPool,
    ds: &Dataset,
    def: &ReportDef,
    ws: WorkspaceId,
    scope: &Scope,
    tree: &UnitTree,
    now: i64,
    tz: chrono_tz::Tz,
) -> Result<Answer, AppError> {
    check(ds, def)?;
    let today = tz.timestamp_micros(now).single().map(|t| t.date_naive()).unwrap_or_default();
    let first = today - Duration::days(def.days - 1);
    let start = tz
        .from_local_datetime(&first.and_hms_opt(0, 0, 0).unwrap_or_default())
        .earliest()
        .map(|t| t.timestamp_micros())
        .unwrap_or(now);
    let (from_hour, to_hour) = (start.div_euclid(HOUR), now.div_euclid(HOUR));

    let grain = def.group_by.iter().find(|g| GRAINS.contains(&g.as_str())).cloned();
    let mut select = vec![if grain.is_some() { ds.hour_column.to_string() } else { "0".into() }];
    for g in def.group_by.iter().filter(|g| !GRAINS.contains(&g.as_str())) {
        select.push(ds.dimension(g).map(|d| d.column).unwrap_or("''").to_string());
    }
    let keys = select.len();
    // Each metric's sum, and for an average the sum it is divided by, kept apart until the end
    // so that folding hours, merging "other" and totals add sums, never averages.
    let chosen: Vec<&crate::Metric> = def.metrics.iter().filter_map(|m| ds.metric(m)).collect();
    let sums: Vec<String> = chosen
        .iter()
        .flat_map(|m| std::iter::once(m.column).chain(m.per))
        .map(|c| format!("CAST(SUM({c}) AS BIGINT)"))
        .collect();
    let mut sql = format!(
        "SELECT {}, {} FROM {} WHERE workspace_id = $1 AND {h} >= $2 AND {h} <= $3",
        select.join(", "),
        sums.join(", "),
        ds.table,
        h = ds.hour_column
    );
    if let Some(col) = ds.unit_column {
        sql.push_str(&format!(" AND {}", scope.unit_sql(col)));
    }
    let mut binds: Vec<String> = Vec::new();
    for f in &def.filters {
        let Some(d) = ds.dimension(&f.dimension) else { continue };
        let values: Vec<String> = if d.kind == DimKind::Unit {
            let mut all = Vec::new();
            for v in &f.values {
                if let Ok(u) = v.parse::<UnitId>() {
                    all.extend(tree.subtree(u).iter().map(UnitId::to_db));
                }
            }
            if all.is_empty() { vec![String::new()] } else { all }
        } else {
            f.values.clone()
        };
        let marks: Vec<String> = values.iter().enumerate().map(|(i, _)| format!("${}", 4 + binds.len() + i)).collect();
        sql.push_str(&format!(" AND {} IN ({})", d.column, marks.join(", ")));
        binds.extend(values);
    }
    let positions: Vec<String> = (1..=keys).map(|i| i.to_string()).collect();
    sql.push_str(&format!(" GROUP BY {}", positions.join(", ")));
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(ws.to_db()).bind(from_hour).bind(to_hour);
    for b in binds {
        q = q.bind(b);
    }
    let rows = q.fetch_all(pool).await.db()?;

    // Fold hours into buckets, and sum by key.
    let mut folded: HashMap<Vec<String>, Vec<i64>> = HashMap::new();
    for row in &rows {
        let mut key = Vec::new();
        if let Some(g) = &grain {
            key.push(bucket(row.try_get::<i64, _>(0).db()?, g, tz));
        }
        for i in 1..keys {
            key.push(row.try_get::<Option<String>, _>(i).db()?.unwrap_or_default());
        }
        let entry = folded.entry(key).or_insert_with(|| vec![0; sums.len()]);
        for (m, v) in entry.iter_mut().enumerate() {
            *v += row.try_get::<Option<i64>, _>(keys + m).db()?.unwrap_or(0);
        }
    }
    // The groupings in the order asked: the grain may come first or second.
    let order: Vec<usize> = {
        let dims: Vec<usize> = (0..def.group_by.len()).collect();
        match grain.as_ref().and_then(|g| def.group_by.iter().position(|x| x == g)) {
            // Keys are [time, dims...]: put time where it was asked.
            Some(at) => {
                let mut o: Vec<usize> = (1..def.group_by.len()).collect();
                o.insert(at, 0);
                o
            }
            None => dims,
        }
    };
    // A group whose counts came back to zero (its files moved or deleted) is not shown.
    let mut lines: Vec<Line> = folded
        .into_iter()
        .filter(|(_, values)| values.iter().any(|v| *v != 0))
        .map(|(k, values)| {
            let keys: Vec<String> = order.iter().map(|&i| k[i].clone()).collect();
            Line { labels: keys.clone(), keys, values }
        })
        .collect();
    // Fill the period's empty days (weeks, months) along the axis: a line chart has no gaps.
    if let Some(g) = &grain {
        let at = def.group_by.iter().position(|x| x == g).unwrap_or(0);
        let mut d = first;
        let mut buckets = Vec::new();
        while d <= today {
            let b = date_bucket(d, g);
            if buckets.last() != Some(&b) {
                buckets.push(b);
            }
            d += Duration::days(1);
        }
        let others: Vec<Vec<String>> = if def.group_by.len() == 2 {
            let mut seen: Vec<Vec<String>> = Vec::new();
            for l in &lines {
                let mut rest = l.keys.clone();
                rest.remove(at);
                if !seen.contains(&rest) {
                    seen.push(rest);
                }
            }
            seen
        } else {
            vec![Vec::new()]
        };
        for b in &buckets {
            for rest in &others {
                let mut keys = rest.clone();
                keys.insert(at, b.clone());
                if !lines.iter().any(|l| l.keys == keys) {
                    lines.push(Line { labels: keys.clone(), keys, values: vec![0; sums.len()] });
                }
            }
        }
    }
    let lines =
        keep_biggest(lines, def.group_by.len(), grain.as_ref().and_then(|g| def.group_by.iter().position(|x| x == g)));
    let mut totals = vec![0; sums.len()];
    for l in &lines {
        for (t, v) in totals.iter_mut().zip(&l.values) {
            *t += v;
        }
    }
    let lines: Vec<Line> = lines.into_iter().map(|l| Line { values: averaged(&chosen, &l.values), ..l }).collect();
    let totals = averaged(&chosen, &totals);
    Ok(Answer {
        groups: def.group_by.clone(),
        group_labels: def.group_by.clone(),
        metrics: def
            .metrics
            .iter()
            .filter_map(|m| ds.metric(m))
            .map(|m| MetricView { name: m.name, label: m.label.to_string(), format: m.format })
            .collect(),
        lines,
        totals,
        from: first.format("%Y-%m-%d").to_string(),
        to: today.format("%Y-%m-%d").to_string(),
        groups_read: rows.len(),
    })
}

/// The metrics' values from their sums: an average divides its sum by the next one (rounded).
fn averaged(metrics: &[&crate::Metric], sums: &[i64]) -> Vec<i64> {
    let mut out = Vec::with_capacity(metrics.len());
    let mut at = 0;
    for m in metrics {
        let v = sums.get(at).copied().unwrap_or(0);
        at += 1;
        out.push(match m.per {
            Some(_) => {
                let n = sums.get(at).copied().unwrap_or(0);
                at += 1;
                if n == 0 { 0 } else { (v + n / 2) / n }
            }
            None => v,
        });
    }
    out
}

/// Sort the lines (time in order, the rest biggest first) and fold the smallest values of
/// each dimension into "other".
fn keep_biggest(lines: Vec<Line>, groups: usize, time_at: Option<usize>) -> Vec<Line> {
    let mut lines = lines;
    for g in 0..groups {
        if Some(g) == time_at {
            continue;
        }
        let max = if g == 0 { AXIS_MAX } else { SERIES_MAX };
        let mut totals: BTreeMap<String, i64> = BTreeMap::new();
        for l in &lines {
            *totals.entry(l.keys[g].clone()).or_default() += l.values.first().copied().unwrap_or(0);
        }
        let mut ranked: Vec<(String, i64)> = totals.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        if ranked.len() > max {
            let kept: Vec<String> = ranked.iter().take(max - 1).map(|r| r.0.clone()).collect();
            let mut merged: Vec<Line> = Vec::new();
            for mut l in lines {
                if !kept.contains(&l.keys[g]) {
                    l.keys[g] = OTHER.to_string();
                    l.labels[g] = OTHER.to_string();
                }
                match merged.iter_mut().find(|m| m.keys == l.keys) {
                    Some(m) => m.values.iter_mut().zip(&l.values).for_each(|(a, b)| *a += b),
                    None => merged.push(l),
                }
            }
            lines = merged;
        }
    }
    // Time in order; other values biggest first, "other" last.
    let rank = |lines: &[Line], g: usize| -> HashMap<String, i64> {
        let mut t: HashMap<String, i64> = HashMap::new();
        for l in lines {
            *t.entry(l.keys[g].clone()).or_default() += l.values.first().copied().unwrap_or(0);
        }
        t
    };
    let ranks: Vec<HashMap<String, i64>> = (0..groups).map(|g| rank(&lines, g)).collect();
    lines.sort_by(|a, b| {
        for (g, rank) in ranks.iter().enumerate() {
            let (ka, kb) = (&a.keys[g], &b.keys[g]);
            let ord = if Some(g) == time_at {
                ka.cmp(kb)
            } else {
                (ka == OTHER).cmp(&(kb == OTHER)).then_with(|| rank[kb].cmp(&rank[ka])).then_with(|| ka.cmp(kb))
            };
            if ord != std::cmp::Ordering::Equal {
                return ord;
            }
        }
        std::cmp::Ordering::Equal
    });
    lines
}

impl Answer {
    /// Name the keys for people: `label(grouping, key)`.
    pub fn name(&mut self, label: impl Fn(&str, &str) -> String) {
        for l in &mut self.lines {
            for (i, k) in l.keys.iter().enumerate() {
                l.labels[i] = label(&self.groups[i], k);
            }
        }
    }

    /// The same numbers as CSV: a column per grouping, then per metric.
    pub fn csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let header = self.group_labels.iter().cloned().chain(self.metrics.iter().map(|m| m.label.clone()));
        let _ = w.write_record(header);
        for l in &self.lines {
            let _ = w.write_record(l.labels.iter().cloned().chain(l.values.iter().map(i64::to_string)));
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday_and_months_are_calendar_months() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap(); // a Sunday
        assert_eq!(date_bucket(d, "week"), "2026-11-30");
        assert_eq!(date_bucket(d, "month"), "2026-12");
        assert_eq!(date_bucket(d, "day"), "2026-12-06");
        // 23:30 UTC on Dec 5 is already Dec 6 in Zagreb.
        let hour = chrono::Utc.with_ymd_and_hms(2026, 12, 5, 23, 30, 0).unwrap().timestamp_micros() / HOUR;
        assert_eq!(bucket(hour, "day", chrono_tz::Europe::Zagreb), "2026-12-06");
        assert_eq!(bucket(hour, "day", chrono_tz::UTC), "2026-12-05");
    }

    #[test]
    fn the_smallest_groups_are_summed_as_other() {
        let lines: Vec<Line> = (0..30)
            .map(|i| Line { keys: vec![format!("k{i:02}")], labels: vec![String::new()], values: vec![i] })
            .collect();
        let kept = keep_biggest(lines, 1, None);
        assert_eq!(kept.len(), AXIS_MAX);
        assert_eq!(kept[0].keys[0], "k29");
        let other = kept.last().unwrap();
        assert_eq!(other.keys[0], OTHER);
        assert_eq!(other.values[0], (0..=5).sum::<i64>(), "k00..k05 folded");
        assert_eq!(kept.iter().map(|l| l.values[0]).sum::<i64>(), (0..30).sum::<i64>(), "nothing lost");
    }
}
