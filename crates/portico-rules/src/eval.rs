//! Whether a rule's conditions hold for a record, and which did: pure, no I/O, the same for
//! a write, a time rule and a dry-run. Texts compare without case; a missing field is empty.

use serde_json::{Map, Value};

use crate::calendar::Calendar;
use crate::model::{Condition, Match, Op};

/// What the conditions are checked against.
pub struct Facts<'a> {
    /// The record's fields as they are now.
    pub record: &'a Map<String, Value>,
    /// The fields the write that fired the rule changed, as they were (none for a new record
    /// or a time rule).
    pub before: Option<&'a Map<String, Value>>,
    /// The moment the rule runs, in microseconds.
    pub now: i64,
    /// A business-hours calendar by id.
    pub calendar: &'a dyn Fn(&str) -> Option<Calendar>,
    /// Whether unit `unit` is `ancestor` or under it.
    pub within: &'a dyn Fn(&str, &str) -> bool,
}

/// The outcome of a rule's conditions: whether the rule applies, and each condition's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub matched: bool,
    pub held: Vec<bool>,
}

pub fn evaluate(match_: Match, conditions: &[Condition], f: &Facts<'_>) -> Evaluation {
    let held: Vec<bool> = conditions.iter().map(|c| holds(c, f)).collect();
    let matched = match match_ {
        Match::All => held.iter().all(|h| *h),
        // "Any" of nothing would match nothing: a rule without conditions applies to all.
        Match::Any => held.is_empty() || held.iter().any(|h| *h),
    };
    Evaluation { matched, held }
}

const HOUR: f64 = 3_600_000_000.0;

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::String(s) => Some(s.to_lowercase()),
        Value::Array(a) if a.is_empty() => None,
        Value::Array(a) => Some(a.iter().filter_map(text).collect::<Vec<_>>().join(", ")),
        other => Some(other.to_string().to_lowercase()),
    }
}

/// A value as a number, if it reads as one.
pub fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
        _ => None,
    }
}

/// Whether one condition holds.
pub fn holds(c: &Condition, f: &Facts<'_>) -> bool {
    if c.field == "now" {
        let cal = c.value.as_str().and_then(|id| (f.calendar)(id));
        let open = cal.map(|cal| cal.is_open(f.now));
        return match c.op {
            Op::InBusinessHours => open == Some(true),
            Op::OutsideBusinessHours => open == Some(false),
            _ => false,
        };
    }
    let field = f.record.get(&c.field).unwrap_or(&Value::Null);
    // A field the write's "before" does not mention did not change.
    let before = f.before.and_then(|b| b.get(&c.field));
    let (have, want) = (text(field), text(&c.value));
    // Several values in the condition (a list): any of them.
    let one_of = |v: &Option<String>| match &c.value {
        Value::Array(options) => options.iter().any(|o| text(o) == *v),
        _ => want == *v,
    };
    match c.op {
        Op::Is => have.is_some() && one_of(&have),
        Op::IsNot => !(have.is_some() && one_of(&have)),
        Op::Contains => matches!((&have, &want), (Some(h), Some(w)) if h.contains(w.as_str())),
        Op::NotContains => !matches!((&have, &want), (Some(h), Some(w)) if h.contains(w.as_str())),
        Op::StartsWith => matches!((&have, &want), (Some(h), Some(w)) if h.starts_with(w.as_str())),
        Op::IsSet => have.is_some(),
        Op::IsEmpty => have.is_none(),
        Op::Gt | Op::Gte | Op::Lt | Op::Lte => match (as_number(field), as_number(&c.value)) {
            (Some(a), Some(b)) => match c.op {
                Op::Gt => a > b,
                Op::Gte => a >= b,
                Op::Lt => a < b,
                _ => a <= b,
            },
            _ => false,
        },
        Op::Changed => before.is_some_and(|b| text(b) != have),
        Op::ChangedTo => before.is_some_and(|b| text(b) != have) && have.is_some() && one_of(&have),
        Op::ChangedFrom => before.is_some_and(|b| {
            let was = text(b);
            was != have && was.is_some() && one_of(&was)
        }),
        Op::OlderThanHours | Op::NewerThanHours => match (as_number(field), as_number(&c.value)) {
            (Some(at), Some(hours)) => {
                let age = (f.now as f64 - at) / HOUR;
                if c.op == Op::OlderThanHours { age > hours } else { age <= hours }
            }
            _ => false,
        },
        Op::Within => match (field.as_str(), c.value.as_str()) {
            (Some(unit), Some(ancestor)) => (f.within)(unit, ancestor),
            _ => false,
        },
        Op::InBusinessHours | Op::OutsideBusinessHours => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn facts<'a>(record: &'a Map<String, Value>, before: Option<&'a Map<String, Value>>) -> Facts<'a> {
        Facts { record, before, now: 1_000 * 3_600_000_000, calendar: &|_| None, within: &|u, a| u.starts_with(a) }
    }

    fn cond(field: &str, op: Op, value: Value) -> Condition {
        Condition { field: field.into(), op, value }
    }

    fn map(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn operators_on_texts_numbers_times_units_and_changes() {
        let r = map(
            json!({"name": "Devis Lyon.pdf", "size": 2048, "at": 990u64 * 3_600_000_000, "unit": "north/lille", "status": "open", "tags": ["vip", "b2b"]}),
        );
        let b = map(json!({"status": "pending"}));
        let f = facts(&r, Some(&b));
        let yes = [
            cond("name", Op::Contains, json!("lyon")),
            cond("name", Op::StartsWith, json!("DEVIS")),
            cond("size", Op::Gt, json!(1000)),
            cond("size", Op::Lte, json!("2048")),
            cond("at", Op::OlderThanHours, json!(8)),
            cond("at", Op::NewerThanHours, json!(12)),
            cond("unit", Op::Within, json!("north")),
            cond("status", Op::ChangedTo, json!("open")),
            cond("status", Op::ChangedFrom, json!(["pending", "new"])),
            cond("status", Op::Is, json!(["open", "solved"])),
            cond("missing", Op::IsEmpty, Value::Null),
            cond("tags", Op::Contains, json!("VIP")),
        ];
        for c in &yes {
            assert!(holds(c, &f), "{c:?}");
        }
        let no = [
            cond("name", Op::Is, json!("devis")),
            cond("size", Op::Gt, json!("lots")),
            cond("unit", Op::Within, json!("south")),
            cond("name", Op::Changed, Value::Null),
            cond("now", Op::InBusinessHours, json!("nowhere")),
        ];
        for c in &no {
            assert!(!holds(c, &f), "{c:?}");
        }
        assert!(
            !holds(&cond("status", Op::Changed, Value::Null), &facts(&r, None)),
            "nothing changes without a before"
        );
    }

    fn value() -> impl Strategy<Value = Value> {
        prop_oneof![Just(Value::Null), "[a-c]{0,3}".prop_map(Value::String), (-5i64..5).prop_map(|n| json!(n)),]
    }

    fn condition() -> impl Strategy<Value = Condition> {
        (prop::sample::select(vec!["a", "b", "c"]), prop::sample::select(Op::ALL.to_vec()), value())
            .prop_map(|(f, op, v)| cond(f, op, v))
    }

    fn record() -> impl Strategy<Value = Map<String, Value>> {
        (value(), value(), value()).prop_map(|(a, b, c)| map(json!({"a": a, "b": b, "c": c})))
    }

    proptest! {
        /// Is and IsNot, Contains and NotContains, IsSet and IsEmpty answer opposite ways.
        #[test]
        fn negations_are_complements(r in record(), c in condition()) {
            let f = facts(&r, None);
            let pairs = [(Op::Is, Op::IsNot), (Op::Contains, Op::NotContains), (Op::IsSet, Op::IsEmpty)];
            for (yes, no) in pairs {
                let a = holds(&cond(&c.field, yes, c.value.clone()), &f);
                let b = holds(&cond(&c.field, no, c.value.clone()), &f);
                prop_assert_ne!(a, b);
            }
        }

        /// All holds exactly when no condition fails; Any when one holds; the answers given are
        /// each condition's own.
        #[test]
        fn all_and_any_follow_their_conditions(r in record(), cs in prop::collection::vec(condition(), 0..6)) {
            let f = facts(&r, None);
            let all = evaluate(Match::All, &cs, &f);
            let any = evaluate(Match::Any, &cs, &f);
            let each: Vec<bool> = cs.iter().map(|c| holds(c, &f)).collect();
            prop_assert_eq!(&all.held, &each);
            prop_assert_eq!(all.matched, each.iter().all(|h| *h));
            prop_assert_eq!(any.matched, each.is_empty() || each.iter().any(|h| *h));
            prop_assert!(!all.matched || any.matched);
        }

        /// Nothing changes when the record is as it was.
        #[test]
        fn an_unchanged_record_changed_nothing(r in record(), c in condition()) {
            let f = facts(&r, Some(&r));
            for op in [Op::Changed, Op::ChangedTo, Op::ChangedFrom] {
                prop_assert!(!holds(&cond(&c.field, op, c.value.clone()), &f));
            }
        }
    }
}
