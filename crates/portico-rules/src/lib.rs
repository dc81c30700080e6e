//! Rules: "when this happens and that holds, do this". A rule watches a record kind, runs on
//! a write of one of its records or at a time relative to one of its dates, checks
//! conditions over the record's fields (custom fields included) and the write that fired it,
//! and calls actions the modules register. Desk's triggers, automations and SLA escalations,
//! Recruit's stage e-mails and reminders and Partners' fraud rules and alerts are rules; so
//! is, in the core, "a file uploaded to unit X notifies Y". Business-hours calendars live
//! here too: SLAs, interview slots and alerts count time in them.

pub mod calendar;
pub mod engine;
pub mod eval;
pub mod model;
pub mod params;
pub mod registry;
pub mod store;

pub use calendar::Calendar;
pub use model::{ActionCall, Condition, FieldType, Match, Op, RuleDef, Trigger};
pub use registry::{Action, Field, Param, ParamKind, Rulebook, Run, Subject};
