//! Recruit's analytics on the shared reports service: applications, the funnel (how many
//! reached each kind of stage), hires and time to hire, rejections by reason — per unit,
//! source and period. Each application counts in the period it was received (its cohort),
//! so a funnel compares like with like. A consumer keeps the roll-up in each write's
//! transaction; an import makes it again from the records, to the same numbers.

use async_trait::async_trait;
use portico_db::{DbResultExt, Tx};
use portico_kernel::{AppError, Event};
use portico_platform::{Consumer, InternalTable, RecordKind};
use portico_reports::rollup::{Key, bump, hour};
use portico_reports::{Dataset, DimKind, Dimension, Metric, MetricFormat};

use crate::kinds::APPLICATION;

const DAY: i64 = 86_400_000_000;
/// An insert into the roll-up from `$select`, adding to the counts of groups already there.
macro_rules! merged {
    ($select:literal) => {
        concat!(
            "INSERT INTO rollup_recruit (workspace_id, at_hour, unit_id, source, category, reason, applications, reached, hires, hire_days, rejections) ",
            $select,
            " ON CONFLICT (workspace_id, at_hour, unit_id, source, category, reason) DO UPDATE SET
              applications = rollup_recruit.applications + excluded.applications, reached = rollup_recruit.reached + excluded.reached,
              hires = rollup_recruit.hires + excluded.hires, hire_days = rollup_recruit.hire_days + excluded.hire_days,
              rejections = rollup_recruit.rejections + excluded.rejections"
        )
    };
}

pub const ROLLUP: InternalTable = InternalTable {
    name: "rollup_recruit",
    why: "counts of the applications, made again from them",
    rebuild: &[
        "DELETE FROM rollup_recruit WHERE workspace_id = $1",
        // Received: the stage each application was filed in.
        merged!(
            "SELECT a.workspace_id, a.created_at / 3600000000, a.unit_id, a.source, s.category, '', COUNT(*), COUNT(*), 0, 0, 0
             FROM recruit_moves m JOIN recruit_applications a ON a.id = m.application_id JOIN recruit_stages s ON s.id = m.to_stage_id
             WHERE m.workspace_id = $1 AND m.from_stage_id IS NULL
             GROUP BY a.workspace_id, a.created_at / 3600000000, a.unit_id, a.source, s.category"
        ),
        // Each kind of stage reached later, the first time; reaching `hired` is a hire.
        merged!(
            "SELECT a.workspace_id, a.created_at / 3600000000, a.unit_id, a.source, s.category, '', 0, COUNT(*),
                    SUM(CASE WHEN s.category = 'hired' THEN 1 ELSE 0 END),
                    SUM(CASE WHEN s.category = 'hired' THEN (m.at - a.created_at) / 86400000000 ELSE 0 END), 0
             FROM recruit_moves m JOIN recruit_applications a ON a.id = m.application_id JOIN recruit_stages s ON s.id = m.to_stage_id
             WHERE m.workspace_id = $1 AND m.from_stage_id IS NOT NULL AND NOT EXISTS (
                 SELECT 1 FROM recruit_moves p JOIN recruit_stages ps ON ps.id = p.to_stage_id
                 WHERE p.application_id = m.application_id AND ps.category = s.category AND (p.at < m.at OR (p.at = m.at AND p.id < m.id)))
             GROUP BY a.workspace_id, a.created_at / 3600000000, a.unit_id, a.source, s.category"
        ),
        // Rejected, by reason.
        merged!(
            "SELECT workspace_id, created_at / 3600000000, unit_id, source, '', reject_reason, 0, 0, 0, 0, COUNT(*)
             FROM recruit_applications WHERE workspace_id = $1 AND status = 'rejected'
             GROUP BY workspace_id, created_at / 3600000000, unit_id, source, reject_reason"
        ),
    ],
    personal_data: &[],
};

const fn dim(name: &'static str, label: &'static str, column: &'static str, kind: DimKind) -> Dimension {
    Dimension { name, label, column, kind }
}

const DIMENSIONS: &[Dimension] = &[
    dim("unit", "field-unit", "unit_id", DimKind::Unit),
    dim("source", "field-source", "source", DimKind::Keyed("value-source-")),
    dim("category", "field-category", "category", DimKind::Keyed("value-category-")),
    dim("reason", "field-reject-reason", "reason", DimKind::Keyed("value-reject-reason-")),
];

const METRICS: &[Metric] = &[
    Metric::sum("applications", "metric-applications", "applications", MetricFormat::Count),
    Metric::sum("reached", "metric-reached", "reached", MetricFormat::Count),
    Metric::sum("hires", "metric-hires", "hires", MetricFormat::Count),
    Metric {
        name: "time_to_hire",
        label: "metric-time-to-hire",
        column: "hire_days",
        format: MetricFormat::Days,
        per: Some("hires"),
    },
    Metric::sum("rejections", "metric-rejections", "rejections", MetricFormat::Count),
];

pub fn datasets() -> Vec<Dataset> {
    vec![Dataset {
        name: "recruit.pipeline",
        label: "dataset-recruit",
        hint: "dataset-recruit-hint",
        table: "rollup_recruit",
        hour_column: "at_hour",
        unit_column: Some("unit_id"),
        needs: crate::VIEW,
        dimensions: DIMENSIONS,
        metrics: METRICS,
    }]
}

/// What an application is counted under: its cohort hour, unit and source.
async fn cohort(tx: &mut Tx, id: &str) -> Result<Option<(i64, String, String)>, AppError> {
    sqlx::query_as("SELECT created_at, unit_id, source FROM recruit_applications WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(&mut **tx)
        .await
        .db()
}

/// Keeps the roll-up current, in the transaction of each write to an application.
pub struct Rollup;

#[async_trait]
impl Consumer for Rollup {
    async fn consume(&self, tx: &mut Tx, kind: &dyn RecordKind, e: &Event) -> Result<(), AppError> {
        if kind.name() != APPLICATION {
            return Ok(());
        }
        let Some((created, unit, source)) = cohort(tx, &e.record_id).await? else { return Ok(()) };
        let count = |category: &str, reason: &str, deltas: &[(&'static str, i64)]| {
            let keys = [
                ("workspace_id", Key::Text(e.workspace.to_db())),
                ("at_hour", Key::Int(hour(created))),
                ("unit_id", Key::Text(unit.clone())),
                ("source", Key::Text(source.clone())),
                ("category", Key::Text(category.to_string())),
                ("reason", Key::Text(reason.to_string())),
            ];
            (keys, deltas.to_vec())
        };
        let before = |k: &str| e.before.as_ref().and_then(|b| b[k].as_str()).unwrap_or_default().to_string();
        let mut bumps = Vec::new();
        match e.action.rsplit('.').next().unwrap_or_default() {
            "create" => {
                if let Some(category) = first_reach(tx, &e.record_id, e.at).await? {
                    bumps.push(count(&category, "", &[("applications", 1), ("reached", 1)]));
                }
                // Turned down on arrival (a knockout answer).
                let after = |k: &str| e.after.as_ref().and_then(|a| a[k].as_str()).unwrap_or_default().to_string();
                if after("status") == "rejected" {
                    bumps.push(count("", &after("reject_reason"), &[("rejections", 1)]));
                }
            }
            "move" | "hire" => {
                if let Some(category) = first_reach(tx, &e.record_id, e.at).await? {
                    let hired = category == "hired";
                    let days = if hired { (e.at - created) / DAY } else { 0 };
                    bumps.push(count(
                        &category,
                        "",
                        &[("reached", 1), ("hires", i64::from(hired)), ("hire_days", days)],
                    ));
                }
                if before("status") == "rejected" {
                    bumps.push(count("", &before("reject_reason"), &[("rejections", -1)]));
                }
            }
            "reject" => {
                let reason = e.after.as_ref().and_then(|a| a["reject_reason"].as_str()).unwrap_or_default().to_string();
                if before("status") == "rejected" {
                    bumps.push(count("", &before("reject_reason"), &[("rejections", -1)]));
                }
                bumps.push(count("", &reason, &[("rejections", 1)]));
            }
            "transfer" => {
                // Its counts leave the unit it was in for the one it joins (as a rebuild
                // from the records would count them), and a rejection it had is lifted.
                let from = before("unit_id");
                for (category, deltas) in counted_before(tx, &e.record_id, e.at, created).await? {
                    let (mut out, into) = (count(&category, "", &[]), count(&category, "", &deltas));
                    out.0[2] = ("unit_id", Key::Text(from.clone()));
                    out.1 = deltas.iter().map(|(c, d)| (*c, -d)).collect();
                    bumps.push(out);
                    bumps.push(into);
                }
                if before("status") == "rejected" {
                    let mut out = count("", &before("reject_reason"), &[("rejections", -1)]);
                    out.0[2] = ("unit_id", Key::Text(from));
                    bumps.push(out);
                }
            }
            "merge" => {
                // Folded into the same person's application to the job: it no longer counts
                // (its moves are still there, as a rebuild before the fold would see them).
                for (category, deltas) in counted_before(tx, &e.record_id, i64::MAX, created).await? {
                    bumps.push(count(&category, "", &deltas.iter().map(|(c, d)| (*c, -d)).collect::<Vec<_>>()));
                }
                if before("status") == "rejected" {
                    bumps.push(count("", &before("reject_reason"), &[("rejections", -1)]));
                }
            }
            _ => {}
        }
        for (keys, deltas) in bumps {
            bump(tx, "rollup_recruit", &keys, &deltas).await?;
        }
        Ok(())
    }
}

/// The kind of stage this write (at `at`) moved the application to, if it moved it and it is
/// the first time the application reached that kind (the move is already recorded).
async fn first_reach(tx: &mut Tx, application: &str, at: i64) -> Result<Option<String>, AppError> {
    let latest: Option<(String, i64)> = sqlx::query_as(
        "SELECT s.category, m.at FROM recruit_moves m JOIN recruit_stages s ON s.id = m.to_stage_id
         WHERE m.application_id = $1 ORDER BY m.at DESC, m.id DESC LIMIT 1",
    )
    .bind(application.to_string())
    .fetch_optional(&mut **tx)
    .await
    .db()?;
    let Some((category, _)) = latest.filter(|(_, moved)| *moved == at) else { return Ok(None) };
    let (times,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM recruit_moves m JOIN recruit_stages s ON s.id = m.to_stage_id WHERE m.application_id = $1 AND s.category = $2",
    )
    .bind(application.to_string())
    .bind(category.clone())
    .fetch_one(&mut **tx)
    .await
    .db()?;
    Ok((times == 1).then_some(category))
}

/// What an application counted for before the move made at `at` (its transfer; `i64::MAX`:
/// all it counts for): per kind of stage, received (the first), reached (each kind once),
/// hired with its days.
async fn counted_before(
    tx: &mut Tx,
    application: &str,
    at: i64,
    created: i64,
) -> Result<Vec<(String, Vec<(&'static str, i64)>)>, AppError> {
    let moves: Vec<(String, i64, Option<String>)> = sqlx::query_as(
        "SELECT s.category, m.at, m.from_stage_id FROM recruit_moves m JOIN recruit_stages s ON s.id = m.to_stage_id
         WHERE m.application_id = $1 AND m.at < $2 ORDER BY m.at, m.id",
    )
    .bind(application.to_string())
    .bind(at)
    .fetch_all(&mut **tx)
    .await
    .db()?;
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (category, moved, from) in moves {
        if seen.contains(&category) {
            continue;
        }
        seen.push(category.clone());
        let hired = category == "hired" && from.is_some();
        let mut deltas = vec![
            ("reached", 1),
            ("hires", i64::from(hired)),
            ("hire_days", if hired { (moved - created) / DAY } else { 0 }),
        ];
        if from.is_none() {
            deltas.push(("applications", 1));
        }
        out.push((category, deltas));
    }
    Ok(out)
}
