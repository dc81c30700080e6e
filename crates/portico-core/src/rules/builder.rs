//! The rule builder's form: read into a rule as written (with its rows added or removed),
//! and drawn back with, for each condition, the operators of its field's type and the
//! control its value needs (a list of units, of choices, of calendars, a number, a text).

use portico_http::i18n::Tr;
use portico_kernel::locale::Locale;
use portico_rules::model::Condition;
use portico_rules::{ActionCall, FieldType, Match, Op, ParamKind, RuleDef, Rulebook, Trigger};
use serde_json::{Map, Value};

/// What the builder's form sent: its fields as pairs, some names several times.
pub struct Sent(pub Vec<(String, String)>);

impl Sent {
    fn one(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    fn text(&self, name: &str) -> String {
        self.one(name).unwrap_or("").trim().to_string()
    }
    fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(k, v)| k == name && !v.is_empty()).map(|(_, v)| v.clone()).collect()
    }
    /// Which button was pressed: save, refresh, dry_run, add_condition, remove_condition:2…
    pub fn step(&self) -> &str {
        self.one("step").unwrap_or("save")
    }
}

/// The rule as the form has it, after the button's edit of its rows.
pub fn read(sent: &Sent, book: &Rulebook) -> RuleDef {
    let kind = sent
        .one("kind")
        .filter(|k| book.subject(k).is_some())
        .map(str::to_string)
        .unwrap_or_else(|| book.subjects().first().map(|s| s.kind.to_string()).unwrap_or_default());
    let trigger = if sent.one("trigger") == Some("time") {
        let hours = sent.text("offset_hours").parse::<i64>().unwrap_or(0).abs();
        let sign = if sent.one("offset_dir") == Some("before") { -1 } else { 1 };
        Trigger::Time { field: sent.text("time_field"), offset_hours: sign * hours }
    } else {
        Trigger::Event { verbs: sent.all("verbs") }
    };
    let mut conditions = Vec::new();
    for i in 0.. {
        let Some(field) = sent.one(&format!("c{i}.field")) else { break };
        let op = sent.one(&format!("c{i}.op")).and_then(Op::parse).unwrap_or(Op::Is);
        let value = sent.text(&format!("c{i}.value"));
        conditions.push(Condition { field: field.to_string(), op, value: Value::String(value) });
    }
    let mut actions = Vec::new();
    for i in 0.. {
        let Some(name) = sent.one(&format!("a{i}.action")) else { break };
        let mut params = Map::new();
        if let Some(action) = book.action(name) {
            for p in action.params() {
                let key = format!("a{i}.{}", p.name);
                let v = match p.kind {
                    ParamKind::User => Value::from(sent.all(&key)),
                    ParamKind::Flag | ParamKind::RecordEmail => Value::Bool(sent.one(&key).is_some()),
                    _ => Value::String(sent.text(&key)),
                };
                params.insert(p.name.to_string(), v);
            }
        }
        actions.push(ActionCall { action: name.to_string(), params: Value::Object(params) });
    }
    let step = sent.step();
    if step == "add_condition" {
        conditions.push(Condition { field: String::new(), op: Op::Is, value: Value::String(String::new()) });
    }
    if let Some(i) = step.strip_prefix("remove_condition:").and_then(|i| i.parse::<usize>().ok())
        && i < conditions.len()
    {
        conditions.remove(i);
    }
    if step == "add_action" {
        let first = book.actions_for(&kind).next().map(|a| a.name().to_string()).unwrap_or_default();
        actions.push(ActionCall { action: first, params: Value::Object(Map::new()) });
    }
    if let Some(i) = step.strip_prefix("remove_action:").and_then(|i| i.parse::<usize>().ok())
        && i < actions.len()
    {
        actions.remove(i);
    }
    let match_ = if sent.one("match") == Some("any") { Match::Any } else { Match::All };
    RuleDef { name: sent.text("name"), kind, trigger, match_, conditions, actions }
}

/// A choice of a select: value, label, chosen.
pub type Choice = (String, String, bool);

fn choices(options: &[(String, String)], current: &str) -> Vec<Choice> {
    options.iter().map(|(v, l)| (v.clone(), l.clone(), v == current)).collect()
}

/// How a value is typed.
pub enum Control {
    None,
    Text,
    Number,
    Select(Vec<Choice>),
}

pub struct ConditionRow {
    pub i: usize,
    /// Fields in groups: (group label, choices).
    pub fields: Vec<(String, Vec<Choice>)>,
    pub ops: Vec<Choice>,
    pub control: Control,
    pub value: String,
    /// For hours: a word after the number.
    pub unit_word: String,
}

pub struct ParamRow {
    /// The form's name for it: `a0.template`.
    pub name: String,
    pub label: String,
    pub required: bool,
    pub control: ParamControl,
    /// The error's key: `actions.0.template`.
    pub error_key: String,
}

pub enum ParamControl {
    Text(String),
    LongText(String),
    Select(Vec<Choice>),
    /// Several may be ticked.
    Checks(Vec<Choice>),
    Flag(bool),
}

pub struct ActionRow {
    pub i: usize,
    pub actions: Vec<Choice>,
    pub params: Vec<ParamRow>,
}

/// What the builder offers to choose from, read once per page.
pub struct Options {
    /// Units as (id, path).
    pub units: Vec<(String, String)>,
    /// People as (id, name and address).
    pub users: Vec<(String, String)>,
    pub calendars: Vec<(String, String)>,
    pub webhooks: Vec<(String, String)>,
    /// Templates by purpose: (purpose, key, name).
    pub templates: Vec<(String, String, String)>,
    /// The custom fields of the rule's kind (named by their key).
    pub custom: Vec<Known>,
}

/// A field a condition may read: its name, label, type and the values it may take.
pub struct Known {
    pub name: String,
    pub label: String,
    pub ty: FieldType,
    /// (value, label)
    pub choices: Vec<(String, String)>,
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// What people call a value of a field or parameter: `choice-<kind>-<field>-<value>` (the
/// same word means different things in different kinds), else `choice-<field>-<value>`.
fn choice_label(tr: &Tr, kind: &str, field: &str, value: &str) -> String {
    if field == "locale"
        && let Some(l) = Locale::parse(value)
    {
        return l.native_name().to_string();
    }
    let (kind, field) = (kind.replace('_', "-"), field.replace('_', "-"));
    tr.try_t(&format!("choice-{kind}-{field}-{value}"))
        .or_else(|| tr.try_t(&format!("choice-{field}-{value}")))
        .unwrap_or_else(|| value.to_string())
}

/// The rows of the builder for a rule as written.
pub fn conditions(def: &RuleDef, book: &Rulebook, o: &Options, tr: &Tr) -> Vec<ConditionRow> {
    let Some(subject) = book.subject(&def.kind) else { return Vec::new() };
    // Every field with its type and choices.
    let mut known: Vec<Known> = subject
        .fields
        .iter()
        .map(|f| Known {
            name: f.name.to_string(),
            label: tr.t(f.label),
            ty: f.ty,
            choices: f.choices.iter().map(|c| (c.to_string(), choice_label(tr, &def.kind, f.name, c))).collect(),
        })
        .collect();
    let custom_from = known.len();
    known.extend(o.custom.iter().map(|c| Known {
        name: format!("custom.{}", c.name),
        label: c.label.clone(),
        ty: c.ty,
        choices: c.choices.clone(),
    }));
    def.conditions
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let field = if c.field.is_empty() {
                known.first().map(|k| k.name.clone()).unwrap_or_default()
            } else {
                c.field.clone()
            };
            let pick = |range: &[Known]| {
                range.iter().map(|k| (k.name.clone(), k.label.clone(), k.name == field)).collect::<Vec<_>>()
            };
            let mut fields = vec![(tr.t("rule-fields"), pick(&known[..custom_from]))];
            if known.len() > custom_from {
                fields.push((tr.t("rule-custom-fields"), pick(&known[custom_from..])));
            }
            fields.push((tr.t("rule-moment"), vec![("now".into(), tr.t("rule-field-now"), field == "now")]));
            let (ops, ty, opts): (Vec<Op>, Option<FieldType>, Vec<(String, String)>) = if field == "now" {
                (vec![Op::InBusinessHours, Op::OutsideBusinessHours], None, o.calendars.clone())
            } else {
                match known.iter().find(|k| k.name == field) {
                    Some(k) => (Op::for_type(k.ty).to_vec(), Some(k.ty), k.choices.clone()),
                    None => (Vec::new(), None, Vec::new()),
                }
            };
            let op = if ops.contains(&c.op) { c.op } else { ops.first().copied().unwrap_or(Op::Is) };
            let value = value_text(&c.value);
            let control = if !op.takes_value() {
                Control::None
            } else if field == "now" {
                Control::Select(choices(&opts, &value))
            } else {
                match (ty, op) {
                    (_, Op::OlderThanHours | Op::NewerThanHours) => Control::Number,
                    (Some(FieldType::Number), _) => Control::Number,
                    (Some(FieldType::Unit), _) => Control::Select(choices(&o.units, &value)),
                    (Some(FieldType::User), _) => Control::Select(choices(&o.users, &value)),
                    (Some(FieldType::Bool), _) => {
                        Control::Select(choices(&[("true".into(), tr.t("yes")), ("false".into(), tr.t("no"))], &value))
                    }
                    (Some(FieldType::Choice), _) if !opts.is_empty() => Control::Select(choices(&opts, &value)),
                    _ => Control::Text,
                }
            };
            let unit_word =
                if matches!(op, Op::OlderThanHours | Op::NewerThanHours) { tr.t("rule-hours") } else { String::new() };
            ConditionRow {
                i,
                fields,
                ops: ops
                    .iter()
                    .map(|x| {
                        (x.as_str().to_string(), tr.t(&format!("rule-op-{}", x.as_str().replace('_', "-"))), *x == op)
                    })
                    .collect(),
                control,
                value,
                unit_word,
            }
        })
        .collect()
}

pub fn actions(def: &RuleDef, book: &Rulebook, o: &Options, tr: &Tr) -> Vec<ActionRow> {
    let offered: Vec<(String, String)> =
        book.actions_for(&def.kind).map(|a| (a.name().to_string(), tr.t(a.label()))).collect();
    let has_email = book.subject(&def.kind).is_some_and(|s| s.fields.iter().any(|f| f.name == "email"));
    def.actions
        .iter()
        .enumerate()
        .map(|(i, call)| {
            let params = book
                .action(&call.action)
                .map(|a| {
                    a.params()
                        .iter()
                        .filter(|p| p.kind != ParamKind::RecordEmail || has_email)
                        .map(|p| {
                            let v = call.params.get(p.name).cloned().unwrap_or(Value::Null);
                            let text = value_text(&v);
                            let control = match p.kind {
                                ParamKind::Text | ParamKind::Emails => ParamControl::Text(text),
                                ParamKind::LongText => ParamControl::LongText(text),
                                ParamKind::Flag | ParamKind::RecordEmail => ParamControl::Flag(v == Value::Bool(true)),
                                ParamKind::User => {
                                    let ticked: Vec<String> = match &v {
                                        Value::Array(a) => a.iter().map(value_text).collect(),
                                        _ => Vec::new(),
                                    };
                                    ParamControl::Checks(
                                        o.users
                                            .iter()
                                            .map(|(id, l)| (id.clone(), l.clone(), ticked.contains(id)))
                                            .collect(),
                                    )
                                }
                                ParamKind::Template(purpose) => {
                                    let mut seen = Vec::new();
                                    let opts: Vec<(String, String)> = o
                                        .templates
                                        .iter()
                                        .filter(|t| {
                                            t.0 == purpose && !seen.contains(&t.1) && {
                                                seen.push(t.1.clone());
                                                true
                                            }
                                        })
                                        .map(|t| (t.1.clone(), t.2.clone()))
                                        .collect();
                                    ParamControl::Select(choices(&opts, &text))
                                }
                                ParamKind::Webhook => ParamControl::Select(choices(&o.webhooks, &text)),
                                ParamKind::Choice(values) => {
                                    let opts: Vec<(String, String)> = values
                                        .iter()
                                        .map(|v| (v.to_string(), choice_label(tr, &def.kind, p.name, v)))
                                        .collect();
                                    ParamControl::Select(choices(&opts, &text))
                                }
                                ParamKind::CustomField => {
                                    let opts: Vec<(String, String)> =
                                        o.custom.iter().map(|c| (c.name.clone(), c.label.clone())).collect();
                                    ParamControl::Select(choices(&opts, &text))
                                }
                            };
                            ParamRow {
                                name: format!("a{i}.{}", p.name),
                                label: tr.t(p.label),
                                required: p.required,
                                control,
                                error_key: format!("actions.{i}.{}", p.name),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            ActionRow { i, actions: choices(&offered, &call.action), params }
        })
        .collect()
}

/// A new rule's starting point: on uploads of files (or the first kind), one empty
/// condition, one e-mail.
pub fn blank(book: &Rulebook) -> RuleDef {
    let kind = book.subjects().first().map(|s| s.kind.to_string()).unwrap_or_default();
    let action = book.actions_for(&kind).next().map(|a| a.name().to_string()).unwrap_or_default();
    RuleDef {
        name: String::new(),
        kind,
        trigger: Trigger::Event { verbs: Vec::new() },
        match_: Match::All,
        conditions: vec![Condition { field: String::new(), op: Op::Is, value: Value::String(String::new()) }],
        actions: vec![ActionCall { action, params: Value::Object(Map::new()) }],
    }
}
