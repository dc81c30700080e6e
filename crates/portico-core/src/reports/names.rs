//! Answering a report for a reader: within their reach, in their time zone, every key named
//! in their language (days, units by path, people by name, actions as the audit log says
//! them), numbers as they write them.

use std::collections::HashMap;

use chrono::NaiveDate;
use portico_authz::Authz;
use portico_db::DbResultExt;
use portico_http::i18n::Tr;
use portico_http::state::AppState;
use portico_kernel::{AppError, ErrorCode};
use portico_reports::query::{Answer, OTHER};
use portico_reports::{Dataset, DimKind, MetricFormat, ReportDef};

/// The dataset a report reads, if the reader may read it.
pub fn dataset<'a>(s: &'a AppState, authz: &Authz, name: &str) -> Result<&'a Dataset, AppError> {
    let ds = s.suite.reports.get(name).ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "dataset"))?;
    match ds.unit_column {
        Some(_) => authz.scope(ds.needs).map(|_| ds),
        None => authz.require_workspace(ds.needs).map(|_| ds),
    }
}

/// Answer `def` for `authz`, in `tr`'s language and time zone.
pub async fn answer(s: &AppState, authz: &Authz, def: &ReportDef, tr: &Tr) -> Result<Answer, AppError> {
    let ds = dataset(s, authz, &def.dataset)?;
    let scope = authz.scope(ds.needs)?;
    let mut a = portico_reports::query::run(
        s.db.pool(),
        ds,
        def,
        authz.workspace(),
        &scope,
        authz.tree(),
        s.clock.now_micros(),
        tr.tz,
    )
    .await?;
    // The names of the people the answer mentions.
    let mut people: HashMap<String, String> = HashMap::new();
    for (i, g) in a.groups.iter().enumerate() {
        if ds.dimension(g).is_some_and(|d| d.kind == DimKind::User) {
            let ids: Vec<String> =
                a.lines.iter().map(|l| l.keys[i].clone()).filter(|k| uuid::Uuid::parse_str(k).is_ok()).collect();
            if !ids.is_empty() {
                let list = ids.iter().map(|id| format!("'{id}'")).collect::<Vec<_>>().join(", ");
                let rows: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT id, name FROM users WHERE workspace_id = $1 AND id IN ({list})"
                )))
                .bind(authz.workspace().to_db())
                .fetch_all(s.db.pool())
                .await
                .db()?;
                people.extend(rows);
            }
        }
    }
    let tree = authz.tree();
    a.group_labels = a.groups.iter().map(|g| group_label(tr, ds, g)).collect();
    for m in &mut a.metrics {
        m.label = tr.t(&m.label);
    }
    a.name(|group, key| {
        if key == OTHER {
            return tr.t("report-other");
        }
        let date = |k: &str| NaiveDate::parse_from_str(k, "%Y-%m-%d").ok();
        match group {
            "day" => date(key).map(|d| tr.locale.format_day(d)).unwrap_or_else(|| key.into()),
            "week" => date(key)
                .map(|d| tr.t1("report-week-of", "date", tr.locale.format_day(d)))
                .unwrap_or_else(|| key.into()),
            "month" => date(&format!("{key}-01")).map(|d| tr.locale.format_month(d)).unwrap_or_else(|| key.into()),
            _ => match ds.dimension(group).map(|d| d.kind) {
                Some(DimKind::User) if key.is_empty() => tr.t("actor-system"),
                _ if key.is_empty() => tr.t("report-none"),
                Some(DimKind::Unit) => key
                    .parse()
                    .ok()
                    .filter(|u| tree.contains(*u))
                    .map(|u| tree.path_name(u))
                    .unwrap_or_else(|| key.into()),
                Some(DimKind::User) => people.get(key).cloned().unwrap_or_else(|| tr.t("report-someone")),
                Some(DimKind::Keyed(prefix)) => tr.try_t(&format!("{prefix}{key}")).unwrap_or_else(|| key.into()),
                Some(DimKind::Action) => {
                    crate::audit::words::action_label(tr, key, key.split('.').next().unwrap_or_default())
                }
                _ => key.to_string(),
            },
        }
    });
    Ok(a)
}

/// What people call a grouping.
pub fn group_label(tr: &Tr, ds: &Dataset, g: &str) -> String {
    match ds.dimension(g) {
        Some(d) => tr.t(d.label),
        None => tr.t(&format!("report-grain-{g}")),
    }
}

/// A number as the reader writes it.
pub fn number(tr: &Tr, v: i64, f: MetricFormat) -> String {
    match f {
        MetricFormat::Count => tr.number(&v),
        MetricFormat::Bytes => tr.size(v),
        MetricFormat::Days => tr.count("report-days", v),
    }
}

/// The period of an answer as people read it: "7 nov. 2026 → 6 déc. 2026".
pub fn period(tr: &Tr, a: &Answer) -> String {
    let day = |d: &str| {
        NaiveDate::parse_from_str(d, "%Y-%m-%d").map(|d| tr.locale.format_date(d)).unwrap_or_else(|_| d.to_string())
    };
    format!("{} → {}", day(&a.from), day(&a.to))
}

/// The lines a page or message shows: with two groupings, the combinations that counted
/// nothing are left out (the CSV keeps them all).
pub fn shown(a: &Answer) -> Vec<&portico_reports::Line> {
    a.lines.iter().filter(|l| a.groups.len() < 2 || l.values.iter().any(|v| *v != 0)).collect()
}
