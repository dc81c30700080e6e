//! What modules bring to rules: the record kinds rules may watch (their fields with types and
//! the verbs of their writes) and the actions rules may take.

use std::sync::Arc;

use async_trait::async_trait;
use portico_authz::{Authz, WorkspaceAdmin};
use portico_db::Tx;
use portico_kernel::{AppError, WorkspaceId};
use portico_mail::MailContext;
use serde_json::{Map, Value};
use sqlx::AnyPool;

use crate::model::FieldType;

/// A field of a record kind a condition may read: a column of the kind's first table.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    /// Translation key of what people call it.
    pub label: &'static str,
    pub ty: FieldType,
    /// The values a choice may take.
    pub choices: &'static [&'static str],
}

/// A record kind rules may watch.
#[derive(Debug, Clone, Copy)]
pub struct Subject {
    pub kind: &'static str,
    pub fields: &'static [Field],
    /// The verbs of its writes a rule may answer (`create`, `update`, `upload`…).
    pub verbs: &'static [&'static str],
}

/// What kind of value an action's parameter takes (the builder draws the input from it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    Text,
    LongText,
    /// One or more e-mail addresses, comma-separated.
    Emails,
    /// A person of the workspace.
    User,
    /// A template of this purpose.
    Template(&'static str),
    Webhook,
    /// A custom field of the rule's kind.
    CustomField,
    /// Yes or no.
    Flag,
    /// Whether to write to the record itself: offered on kinds with an `email` field.
    RecordEmail,
    /// One of these values (labelled `choice-<param>-<value>`).
    Choice(&'static [&'static str]),
}

#[derive(Debug, Clone, Copy)]
pub struct Param {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: ParamKind,
    pub required: bool,
}

/// One run of a rule on one record, as its actions see it.
pub struct Run<'a> {
    pub workspace: WorkspaceId,
    pub rule_id: &'a str,
    pub rule_name: &'a str,
    pub kind: &'static str,
    pub record_id: &'a str,
    pub record: &'a Map<String, Value>,
    /// What people call the record, and its page.
    pub title: &'a str,
    pub page: Option<String>,
    pub now: i64,
    /// Portico acting for the rule, with full rights in the workspace (the audit log names
    /// the rule).
    pub authz: &'a Authz,
    /// Where links point and who sends e-mail.
    pub mail: &'a MailContext,
    /// Every kind, for actions that reach beyond the record (an erasure).
    pub registry: &'a portico_platform::Registry,
    /// To read what the run's transaction did not write (who may work where).
    pub db: &'a portico_db::Db,
}

#[async_trait]
pub trait Action: Send + Sync + 'static {
    /// `<module>.<what>`: `core.email`, `desk.assign`.
    fn name(&self) -> &'static str;
    /// Translation key of what it does.
    fn label(&self) -> &'static str;
    fn params(&self) -> &'static [Param];
    /// The kinds it can act on (none: every kind).
    fn kinds(&self) -> &'static [&'static str] {
        &[]
    }
    /// Check its parameters when a rule is saved (`field` is where they are, for errors:
    /// `actions.1`); returns them cleaned.
    async fn check(
        &self,
        pool: &AnyPool,
        admin: &WorkspaceAdmin,
        kind: &str,
        params: &Value,
        field: &str,
    ) -> Result<Value, AppError>;
    /// Do it, in the run's transaction; says what it did, for the run's audit entry.
    async fn run(&self, tx: &mut Tx, run: &Run<'_>, params: &Value) -> Result<Value, AppError>;
}

/// Every module's subjects and actions.
#[derive(Default, Clone)]
pub struct Rulebook {
    subjects: Vec<Subject>,
    actions: Vec<Arc<dyn Action>>,
}

impl Rulebook {
    pub fn new(subjects: Vec<Subject>, actions: Vec<Arc<dyn Action>>) -> Result<Rulebook, AppError> {
        for (i, s) in subjects.iter().enumerate() {
            if subjects[..i].iter().any(|o| o.kind == s.kind) {
                return Err(AppError::internal(format!("rule subject {} is registered twice", s.kind)));
            }
        }
        for (i, a) in actions.iter().enumerate() {
            if actions[..i].iter().any(|o| o.name() == a.name()) {
                return Err(AppError::internal(format!("rule action {} is registered twice", a.name())));
            }
        }
        Ok(Rulebook { subjects, actions })
    }

    pub fn subject(&self, kind: &str) -> Option<&Subject> {
        self.subjects.iter().find(|s| s.kind == kind)
    }

    pub fn subjects(&self) -> &[Subject] {
        &self.subjects
    }

    pub fn action(&self, name: &str) -> Option<&Arc<dyn Action>> {
        self.actions.iter().find(|a| a.name() == name)
    }

    /// The actions a rule on `kind` may call.
    pub fn actions_for(&self, kind: &str) -> impl Iterator<Item = &Arc<dyn Action>> {
        self.actions.iter().filter(move |a| a.kinds().is_empty() || a.kinds().contains(&kind))
    }
}
