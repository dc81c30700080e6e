//! Reports on the core's data: activity (every write, per person, kind, action and unit,
//! from the audit log's roll-up) and files (per unit and type). The roll-ups are kept by a
//! consumer of write events; the pages draw the chart, the table and the CSV of a report;
//! saved reports are e-mailed on their schedule.

pub mod api;
pub mod names;
pub mod pages;
pub mod send;

use async_trait::async_trait;
use axum::routing::{get, post};
use portico_db::{DbResultExt, Tx};
use portico_http::Routes;
use portico_kernel::{AppError, Event, Permission, perm};
use portico_platform::{Consumer, InternalTable, RecordKind};
use portico_reports::rollup::{Key, bump, hour};
use portico_reports::{Dataset, DimKind, Dimension, Metric, MetricFormat};

pub(crate) const VIEW: Permission = Permission::new(perm::CORE, perm::VIEW);
pub(crate) const EDIT: Permission = Permission::new(perm::CORE, perm::EDIT);

pub const ACTIVITY_ROLLUP: InternalTable = InternalTable {
    name: "rollup_activity",
    why: "counts of the audit log, made again from it",
    rebuild: &[
        "DELETE FROM rollup_activity WHERE workspace_id = $1",
        "INSERT INTO rollup_activity (workspace_id, at_hour, unit_id, actor_id, record_type, action, events)
         SELECT workspace_id, created_at / 3600000000, COALESCE(unit_id, ''), COALESCE(actor_id, ''), record_type, action, COUNT(*)
         FROM audit_log WHERE workspace_id = $1
         GROUP BY workspace_id, created_at / 3600000000, COALESCE(unit_id, ''), COALESCE(actor_id, ''), record_type, action",
    ], personal_data: &[],
};

pub const FILES_ROLLUP: InternalTable = InternalTable {
    name: "rollup_files",
    why: "counts of the files, made again from them",
    rebuild: &[
        "DELETE FROM rollup_files WHERE workspace_id = $1",
        "INSERT INTO rollup_files (workspace_id, at_hour, unit_id, content_type, files, bytes)
         SELECT workspace_id, created_at / 3600000000, unit_id, content_type, COUNT(*), SUM(size_bytes)
         FROM files WHERE workspace_id = $1 GROUP BY workspace_id, created_at / 3600000000, unit_id, content_type",
    ],
    personal_data: &[],
};

const fn dim(name: &'static str, label: &'static str, column: &'static str, kind: DimKind) -> Dimension {
    Dimension { name, label, column, kind }
}

const ACTIVITY_DIMENSIONS: &[Dimension] = &[
    dim("actor", "report-by-actor", "actor_id", DimKind::User),
    dim("kind", "report-by-kind", "record_type", DimKind::Keyed("record-kind-")),
    dim("action", "report-by-action", "action", DimKind::Action),
    dim("unit", "field-unit", "unit_id", DimKind::Unit),
];

const FILE_DIMENSIONS: &[Dimension] = &[
    dim("unit", "field-unit", "unit_id", DimKind::Unit),
    dim("type", "field-content-type", "content_type", DimKind::Plain),
];

const ACTIVITY_METRICS: &[Metric] = &[Metric::sum("events", "metric-events", "events", MetricFormat::Count)];

const FILE_METRICS: &[Metric] = &[
    Metric::sum("files", "metric-files", "files", MetricFormat::Count),
    Metric::sum("bytes", "metric-bytes", "bytes", MetricFormat::Bytes),
];

/// What the core lets people report on.
pub fn datasets() -> Vec<Dataset> {
    vec![
        Dataset {
            name: "core.activity",
            label: "dataset-activity",
            hint: "dataset-activity-hint",
            table: "rollup_activity",
            hour_column: "at_hour",
            unit_column: None,
            needs: crate::ADMIN,
            dimensions: ACTIVITY_DIMENSIONS,
            metrics: ACTIVITY_METRICS,
        },
        Dataset {
            name: "core.files",
            label: "dataset-files",
            hint: "dataset-files-hint",
            table: "rollup_files",
            hour_column: "at_hour",
            unit_column: Some("unit_id"),
            needs: VIEW,
            dimensions: FILE_DIMENSIONS,
            metrics: FILE_METRICS,
        },
    ]
}

/// Keeps the core's roll-ups current, in the transaction of each write.
pub struct Rollups;

#[async_trait]
impl Consumer for Rollups {
    async fn consume(&self, tx: &mut Tx, _: &dyn RecordKind, e: &Event) -> Result<(), AppError> {
        let text = |s: String| Key::Text(s);
        bump(
            tx,
            "rollup_activity",
            &[
                ("workspace_id", text(e.workspace.to_db())),
                ("at_hour", Key::Int(hour(e.at))),
                ("unit_id", text(e.unit.map(|u| u.to_db()).unwrap_or_default())),
                ("actor_id", text(e.actor.id().unwrap_or_default())),
                ("record_type", text(e.kind.to_string())),
                ("action", text(e.action.clone())),
            ],
            &[("events", 1)],
        )
        .await?;
        if e.kind == portico_files::store::RECORD_TYPE {
            files(tx, e).await?;
        }
        Ok(())
    }
}

/// A file counts in the hour it was uploaded, in its unit, under its type.
async fn files(tx: &mut Tx, e: &Event) -> Result<(), AppError> {
    let verb = e.action.rsplit('.').next().unwrap_or_default();
    let mut changes: Vec<(String, String, i64, i64, i64)> = Vec::new(); // unit, type, size, created, sign
    match verb {
        "upload" => {
            if let Some((unit, ct, size, at)) = stored(tx, &e.record_id).await? {
                changes.push((unit, ct, size, at, 1));
            }
        }
        "move" => {
            let was = e.before.as_ref().and_then(|b| b["unit_id"].as_str()).map(str::to_string);
            if let (Some(was), Some((unit, ct, size, at))) = (was, stored(tx, &e.record_id).await?) {
                changes.push((was, ct.clone(), size, at, -1));
                changes.push((unit, ct, size, at, 1));
            }
        }
        "delete" => {
            let b = e.before.clone().unwrap_or_default();
            let unit = e.unit.map(|u| u.to_db()).unwrap_or_default();
            let ct = b["content_type"].as_str().unwrap_or_default().to_string();
            changes.push((
                unit,
                ct,
                b["size_bytes"].as_i64().unwrap_or(0),
                b["created_at"].as_i64().unwrap_or(e.at),
                -1,
            ));
        }
        _ => {}
    }
    for (unit, ct, size, at, sign) in changes {
        bump(
            tx,
            "rollup_files",
            &[
                ("workspace_id", Key::Text(e.workspace.to_db())),
                ("at_hour", Key::Int(hour(at))),
                ("unit_id", Key::Text(unit)),
                ("content_type", Key::Text(ct)),
            ],
            &[("files", sign), ("bytes", sign * size)],
        )
        .await?;
    }
    Ok(())
}

/// A file as it is stored: its unit, type, size and when it was uploaded.
async fn stored(tx: &mut Tx, id: &str) -> Result<Option<(String, String, i64, i64)>, AppError> {
    sqlx::query_as("SELECT unit_id, content_type, size_bytes, created_at FROM files WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(&mut **tx)
        .await
        .db()
}

pub fn routes(r: Routes) -> Routes {
    r.api(api::router())
        .page("/reports", get(pages::list))
        .page("/reports/{id}", get(pages::report).post(pages::submit))
        .page("/reports/{id}/delete", post(pages::delete))
}
