//! What a rule is made of: when it runs (a write of a record, or a time relative to one of its
//! dates), which conditions must hold (all or any), and what it then does. Plain data, kept as
//! JSON with the rule.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The type of a field a condition reads, which decides its operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = RuleFieldType)]
pub enum FieldType {
    Text,
    Number,
    /// A moment, in microseconds.
    Time,
    /// One of a list of values.
    Choice,
    Bool,
    /// A unit: matched with the units under it.
    Unit,
    User,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Is,
    IsNot,
    Contains,
    NotContains,
    StartsWith,
    IsSet,
    IsEmpty,
    Gt,
    Gte,
    Lt,
    Lte,
    /// The write changed the field (to anything, to a value, from a value).
    Changed,
    ChangedTo,
    ChangedFrom,
    /// The moment is more (or less) than `value` hours ago.
    OlderThanHours,
    NewerThanHours,
    /// The unit is the one given or under it.
    Within,
    /// The moment the rule runs is (or is not) in the opening hours of calendar `value`.
    InBusinessHours,
    OutsideBusinessHours,
}

impl Op {
    pub const ALL: [Op; 19] = [
        Op::Is,
        Op::IsNot,
        Op::Contains,
        Op::NotContains,
        Op::StartsWith,
        Op::IsSet,
        Op::IsEmpty,
        Op::Gt,
        Op::Gte,
        Op::Lt,
        Op::Lte,
        Op::Changed,
        Op::ChangedTo,
        Op::ChangedFrom,
        Op::OlderThanHours,
        Op::NewerThanHours,
        Op::Within,
        Op::InBusinessHours,
        Op::OutsideBusinessHours,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Op::Is => "is",
            Op::IsNot => "is_not",
            Op::Contains => "contains",
            Op::NotContains => "not_contains",
            Op::StartsWith => "starts_with",
            Op::IsSet => "is_set",
            Op::IsEmpty => "is_empty",
            Op::Gt => "gt",
            Op::Gte => "gte",
            Op::Lt => "lt",
            Op::Lte => "lte",
            Op::Changed => "changed",
            Op::ChangedTo => "changed_to",
            Op::ChangedFrom => "changed_from",
            Op::OlderThanHours => "older_than_hours",
            Op::NewerThanHours => "newer_than_hours",
            Op::Within => "within",
            Op::InBusinessHours => "in_business_hours",
            Op::OutsideBusinessHours => "outside_business_hours",
        }
    }

    pub fn parse(s: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// The operators a field of type `t` offers.
    pub fn for_type(t: FieldType) -> &'static [Op] {
        use Op::*;
        match t {
            FieldType::Text => {
                &[Is, IsNot, Contains, NotContains, StartsWith, IsSet, IsEmpty, Changed, ChangedTo, ChangedFrom]
            }
            FieldType::Number => &[Is, IsNot, Gt, Gte, Lt, Lte, IsSet, IsEmpty, Changed],
            FieldType::Time => &[OlderThanHours, NewerThanHours, IsSet, IsEmpty, Changed],
            FieldType::Choice => &[Is, IsNot, IsSet, IsEmpty, Changed, ChangedTo, ChangedFrom],
            FieldType::Bool => &[Is, Changed],
            FieldType::Unit => &[Within, Is, IsNot, Changed],
            FieldType::User => &[Is, IsNot, IsSet, IsEmpty, Changed],
        }
    }

    /// Whether the operator needs a value.
    pub fn takes_value(self) -> bool {
        !matches!(self, Op::IsSet | Op::IsEmpty | Op::Changed)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Condition {
    /// A field of the record (`filename`, `custom.region`), or `now` for the moment the rule runs.
    pub field: String,
    pub op: Op,
    /// A string, number, boolean or list, as the operator needs; absent for `is_set`.
    #[serde(default)]
    pub value: Value,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Match {
    All,
    Any,
}

/// When a rule runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Trigger {
    /// On a write of a record of the rule's kind: the verbs it answers (`create`, `update`,
    /// `upload`…); none means every write.
    Event {
        #[serde(default)]
        verbs: Vec<String>,
    },
    /// When a moment of the record, moved by `offset_hours` (negative: before it), has come:
    /// "4 days after updated_at", "24 hours before starts_at". Once per record and moment.
    Time { field: String, offset_hours: i64 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ActionCall {
    /// An action a module registered (`core.email`, `desk.assign`…).
    pub action: String,
    #[serde(default = "no_params")]
    #[schema(value_type = Object)]
    pub params: Value,
}

fn no_params() -> Value {
    Value::Object(Default::default())
}

/// A rule as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RuleDef {
    pub name: String,
    /// The record kind it watches.
    pub kind: String,
    pub trigger: Trigger,
    #[serde(rename = "match")]
    pub match_: Match,
    #[serde(default)]
    pub conditions: Vec<Condition>,
    #[serde(default)]
    pub actions: Vec<ActionCall>,
}
