//! Reports: a module registers datasets (metrics and dimensions over a roll-up table it
//! keeps); a report picks metrics, at most two groupings (a time grain, a dimension), filters
//! and a period; the answer is a table, its CSV and a chart drawn as SVG on the server, the
//! same numbers everywhere. Reports are saved, shared with a unit, and e-mailed on a
//! schedule. Roll-up tables count per hour and per key, so a report reads as many rows as
//! there are groups in its period, not as many as there were events.

pub mod chart;
pub mod model;
pub mod query;
pub mod rollup;
pub mod store;

pub use model::{Chart, Dataset, Datasets, DimKind, Dimension, Filter, Metric, MetricFormat, ReportDef};
pub use query::{Answer, Line};
