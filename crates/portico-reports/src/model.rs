//! What can be reported (datasets a module registers) and what a report asks.

use portico_kernel::Permission;
use serde::{Deserialize, Serialize};

/// How a dimension's values are named for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DimKind {
    /// A unit id: named by its path; filters take the unit and those under it.
    Unit,
    /// A person's id: named by their name (empty: Portico itself).
    User,
    /// A value named by the translation `<prefix><value>` when there is one.
    Keyed(&'static str),
    /// A write's action (`contact.create`), named as the audit log names it.
    Action,
    /// A value shown as it is.
    Plain,
}

#[derive(Debug, Clone, Copy)]
pub struct Dimension {
    pub name: &'static str,
    /// Translation key of what people call it.
    pub label: &'static str,
    pub column: &'static str,
    pub kind: DimKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MetricFormat {
    Count,
    Bytes,
    /// A number of days (an average, rounded).
    Days,
}

/// A number summed over the roll-up's rows, or an average: the sum of `column` divided by the
/// sum of `per` (days to hire per hire), so groups and totals average what they count.
#[derive(Debug, Clone, Copy)]
pub struct Metric {
    pub name: &'static str,
    pub label: &'static str,
    pub column: &'static str,
    pub format: MetricFormat,
    pub per: Option<&'static str>,
}

impl Metric {
    pub const fn sum(name: &'static str, label: &'static str, column: &'static str, format: MetricFormat) -> Metric {
        Metric { name, label, column, format, per: None }
    }
}

/// What a module lets people report on: a roll-up table with a column of hours.
#[derive(Debug, Clone, Copy)]
pub struct Dataset {
    /// `<module>.<what>`: `core.activity`.
    pub name: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub table: &'static str,
    /// The hour (microseconds / 3,600,000,000, UTC) each row counts.
    pub hour_column: &'static str,
    /// The unit each row belongs to: a reader sees the rows of the units `needs` reaches.
    /// None: rows belong to the workspace, and `needs` must be held across it.
    pub unit_column: Option<&'static str>,
    pub needs: Permission,
    pub dimensions: &'static [Dimension],
    pub metrics: &'static [Metric],
}

impl Dataset {
    pub fn dimension(&self, name: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.name == name)
    }
    pub fn metric(&self, name: &str) -> Option<&Metric> {
        self.metrics.iter().find(|m| m.name == name)
    }
}

/// Every module's datasets.
#[derive(Debug, Default, Clone)]
pub struct Datasets(Vec<Dataset>);

impl Datasets {
    pub fn new(all: Vec<Dataset>) -> Result<Datasets, portico_kernel::AppError> {
        for (i, d) in all.iter().enumerate() {
            if all[..i].iter().any(|o| o.name == d.name) {
                return Err(portico_kernel::AppError::internal(format!("dataset {} is registered twice", d.name)));
            }
        }
        Ok(Datasets(all))
    }
    pub fn get(&self, name: &str) -> Option<&Dataset> {
        self.0.iter().find(|d| d.name == name)
    }
    pub fn all(&self) -> &[Dataset] {
        &self.0
    }
}

/// The time groupings a report may use.
pub const GRAINS: [&str; 3] = ["day", "week", "month"];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Chart {
    #[default]
    Line,
    Bar,
    Stacked,
    Funnel,
    /// Numbers only.
    Table,
}

impl Chart {
    pub const ALL: [Chart; 5] = [Chart::Line, Chart::Bar, Chart::Stacked, Chart::Funnel, Chart::Table];
    pub fn as_str(self) -> &'static str {
        match self {
            Chart::Line => "line",
            Chart::Bar => "bar",
            Chart::Stacked => "stacked",
            Chart::Funnel => "funnel",
            Chart::Table => "table",
        }
    }
}

/// Keep only rows whose `dimension` is one of `values` (a unit: or under it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Filter {
    pub dimension: String,
    pub values: Vec<String>,
}

/// A report as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReportDef {
    pub dataset: String,
    pub metrics: Vec<String>,
    /// At most two: a time grain (`day`, `week`, `month`) and/or dimensions, in order: the
    /// first along the chart's axis, the second as its series.
    #[serde(default)]
    pub group_by: Vec<String>,
    #[serde(default)]
    pub filters: Vec<Filter>,
    /// The last days, today included.
    pub days: i64,
    #[serde(default)]
    pub chart: Chart,
}

/// The longest period a report covers.
pub const MAX_DAYS: i64 = 731;
