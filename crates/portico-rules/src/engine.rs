//! Running rules. A write of a watched kind queues a job in its own transaction (so a rule
//! never makes a person's write fail, and none is lost); the job reads the record as it is,
//! checks each rule's conditions and, for each rule that holds, runs its actions in one
//! transaction that also writes the run to the audit log with the conditions' answers. A
//! time rule is checked once per record and moment by a job that runs every minute. The
//! rules that caused a write travel with it: a rule never fires again on what it (or a rule
//! it set off) wrote, and a chain stops after eight rules.

use std::sync::Arc;

use async_trait::async_trait;
use portico_db::{Db, DbResultExt, Tx};
use portico_jobs::{NewJob, queue};
use portico_kernel::{AppError, Event, WorkspaceId};
use portico_platform::{Consumer, RecordKind, Registry};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::eval::{Evaluation, Facts, evaluate};
use crate::model::{FieldType, RuleDef, Trigger};
use crate::registry::{Rulebook, Run, Subject};
use crate::store::{self, RuleRow};

pub const RUN_JOB: &str = "rules.run";
pub const TICK_JOB: &str = "rules.tick";
/// The longest chain of rules setting each other off.
pub const MAX_CHAIN: usize = 8;
/// How many records a time rule takes per tick, and a dry-run reads.
const BATCH: i64 = 200;
const DRY_RUN_SCAN: i64 = 500;

/// The rules that caused the write a transaction makes.
#[derive(Debug, Clone, Default)]
pub struct Chain(pub Vec<String>);

/// What a write's job carries.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fired {
    pub workspace: WorkspaceId,
    pub kind: String,
    pub record_id: String,
    pub verb: String,
    #[serde(default)]
    pub before: Option<Value>,
    #[serde(default)]
    pub after: Option<Value>,
    #[serde(default)]
    pub deleted: bool,
    #[serde(default)]
    pub chain: Vec<String>,
}

/// Queues a job for every write of a kind some active rule watches.
pub struct Watcher;

#[async_trait]
impl Consumer for Watcher {
    async fn consume(&self, tx: &mut Tx, kind: &dyn RecordKind, e: &Event) -> Result<(), AppError> {
        let chain = tx.context::<Chain>().0.clone();
        // History brought in by an import already happened: rules do not run on it again.
        if chain.len() >= MAX_CHAIN || kind.name() == store::KIND || tx.context::<portico_db::Backfill>().0 {
            return Ok(());
        }
        let watched: Option<(String,)> = sqlx::query_as(
            "SELECT id FROM rules WHERE workspace_id = $1 AND kind = $2 AND active = 1 AND trigger_type = 'event' LIMIT 1",
        )
        .bind(e.workspace.to_db())
        .bind(kind.name())
        .fetch_optional(&mut **tx)
        .await
        .db()?;
        if watched.is_none() {
            return Ok(());
        }
        let verb = e.action.strip_prefix(&format!("{}.", e.kind)).unwrap_or(&e.action).to_string();
        let fired = Fired {
            workspace: e.workspace,
            kind: kind.name().to_string(),
            record_id: e.record_id.clone(),
            verb,
            before: e.before.clone(),
            after: e.after.clone(),
            deleted: e.change == portico_kernel::Change::Delete,
            chain,
        };
        let payload = serde_json::to_value(&fired).map_err(|err| AppError::internal(err.to_string()))?;
        let mut job = NewJob::new(RUN_JOB, payload);
        job.workspace = Some(e.workspace);
        job.max_attempts = 3;
        queue::enqueue(tx, job, e.at).await?;
        Ok(())
    }
}

/// A record as rules read it: its declared fields and custom values, its title for people.
pub struct Record {
    pub fields: Map<String, Value>,
    pub title: String,
}

/// One matching record of a dry-run.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Hit {
    pub record_id: String,
    pub title: String,
    /// Each condition's answer, in order.
    pub held: Vec<bool>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DryRun {
    /// How many records were checked (the most recent ones).
    pub checked: usize,
    pub matches: Vec<Hit>,
}

pub struct Engine {
    pub db: Db,
    pub registry: Arc<Registry>,
    pub book: Arc<Rulebook>,
    pub mail: portico_mail::MailContext,
}

/// A write's fields as rules compare them: custom fields as `custom.<key>`.
fn flat(v: Option<&Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in v.and_then(Value::as_object).into_iter().flatten() {
        match (k.as_str(), v) {
            ("custom_fields", Value::Object(custom)) => {
                out.extend(custom.iter().map(|(k, v)| (format!("custom.{k}"), v.clone())));
            }
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    out
}

/// What a write changed, as it was: the fields whose value differs after it (a field it
/// set for the first time was empty).
fn changed(before: Option<&Value>, after: Option<&Value>) -> Option<Map<String, Value>> {
    before?;
    let (was, is) = (flat(before), flat(after));
    let mut out: Map<String, Value> =
        was.iter().filter(|(k, v)| is.get(*k) != Some(*v)).map(|(k, v)| (k.clone(), v.clone())).collect();
    for k in is.keys().filter(|k| !was.contains_key(*k)) {
        out.insert(k.clone(), Value::Null);
    }
    Some(out)
}

impl Engine {
    fn kind(&self, name: &str) -> Result<(&Arc<dyn RecordKind>, &Subject), AppError> {
        let kind = self.registry.get(name).ok_or_else(|| AppError::internal(format!("no kind {name}")))?;
        let subject =
            self.book.subject(name).ok_or_else(|| AppError::internal(format!("rules do not watch {name}")))?;
        Ok((kind, subject))
    }

    /// Read a record the way rules see it.
    pub async fn load(
        &self,
        conn: &mut sqlx::AnyConnection,
        ws: WorkspaceId,
        kind: &str,
        id: &str,
    ) -> Result<Option<Record>, AppError> {
        let (k, subject) = self.kind(kind)?;
        let table = k.tables().first().ok_or_else(|| AppError::internal("a kind needs a table"))?;
        let title = k.search().map(|s| s.title).unwrap_or("id");
        let cols: Vec<&str> = subject.fields.iter().map(|f| f.name).collect();
        let sql = format!(
            "SELECT {title} AS rule_title, {} FROM {} WHERE {} = $1 AND id = $2",
            cols.join(", "),
            table.name,
            table.workspace_column
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(ws.to_db())
            .bind(id.to_string())
            .fetch_optional(&mut *conn)
            .await
            .db()?;
        let Some(row) = row else { return Ok(None) };
        use sqlx::Row as _;
        let mut fields = Map::new();
        for (i, f) in subject.fields.iter().enumerate() {
            let v = match f.ty {
                FieldType::Number | FieldType::Time | FieldType::Bool => {
                    row.try_get::<Option<i64>, _>(i + 1).db()?.map(Value::from)
                }
                _ => row.try_get::<Option<String>, _>(i + 1).db()?.map(Value::from),
            };
            fields.insert(f.name.to_string(), v.unwrap_or(Value::Null));
        }
        let title: Option<String> = row.try_get(0).db()?;
        let custom: Option<(String,)> = sqlx::query_as(
            "SELECT fields_json FROM custom_values WHERE workspace_id = $1 AND record_type = $2 AND record_id = $3",
        )
        .bind(ws.to_db())
        .bind(kind.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut *conn)
        .await
        .db()?;
        if let Some(Value::Object(values)) = custom.and_then(|(j,)| serde_json::from_str(&j).ok()) {
            for (k, v) in values {
                fields.insert(format!("custom.{k}"), v);
            }
        }
        Ok(Some(Record { fields, title: title.unwrap_or_else(|| id.to_string()) }))
    }

    /// Check the conditions of `def` on a record.
    async fn evaluate(
        &self,
        ws: WorkspaceId,
        def: &RuleDef,
        record: &Map<String, Value>,
        before: Option<&Map<String, Value>>,
        now: i64,
    ) -> Result<Evaluation, AppError> {
        let tree = portico_authz::store::load_tree(self.db.pool(), ws).await?;
        let mut calendars = std::collections::HashMap::new();
        for c in def.conditions.iter().filter(|c| c.field == "now") {
            if let Some(id) = c.value.as_str()
                && let Ok(row) = sqlx::query_as::<_, store::CalendarRow>(
                    "SELECT id, name, time_zone, hours, holidays, created_at, updated_at FROM calendars WHERE workspace_id = $1 AND id = $2",
                )
                .bind(ws.to_db())
                .bind(id.to_string())
                .fetch_one(self.db.pool())
                .await
            {
                calendars.insert(id.to_string(), row.calendar()?);
            }
        }
        let calendar = |id: &str| calendars.get(id).cloned();
        let within = |unit: &str, ancestor: &str| match (unit.parse(), ancestor.parse()) {
            (Ok(u), Ok(a)) => tree.is_within(u, a),
            _ => false,
        };
        let facts = Facts { record, before, now, calendar: &calendar, within: &within };
        Ok(evaluate(def.match_, &def.conditions, &facts))
    }

    /// The rules watching a write: each whose conditions hold runs. Returns how many ran.
    pub async fn on_write(&self, fired: &Fired, now: i64) -> Result<usize, AppError> {
        let rules = store::active(self.db.pool(), fired.workspace, &fired.kind, "event").await?;
        let mut conn = self.db.pool().acquire().await.db()?;
        let record = if fired.deleted {
            None
        } else {
            self.load(&mut conn, fired.workspace, &fired.kind, &fired.record_id).await?
        };
        drop(conn);
        // A deleted record is seen as it was.
        let record = match record {
            Some(r) => r,
            None => {
                Record { fields: flat(fired.before.as_ref().or(fired.after.as_ref())), title: fired.record_id.clone() }
            }
        };
        let changed = if fired.deleted { None } else { changed(fired.before.as_ref(), fired.after.as_ref()) };
        let before = changed.as_ref();
        let mut ran = 0;
        for rule in rules.iter().filter(|r| !fired.chain.contains(&r.id)) {
            let def = rule.def()?;
            let Trigger::Event { verbs } = &def.trigger else { continue };
            if !verbs.is_empty() && !verbs.contains(&fired.verb) {
                continue;
            }
            let ev = self.evaluate(fired.workspace, &def, &record.fields, before, now).await?;
            if ev.matched {
                self.run(fired.workspace, rule, &def, &fired.record_id, &record, &ev, &fired.chain, now, None).await;
                ran += 1;
            }
        }
        Ok(ran)
    }

    /// Run the actions of a rule that held, and write the run to the audit log; a failure
    /// rolls the actions back and is written instead. `mark` is a time rule's moment.
    #[allow(clippy::too_many_arguments)]
    async fn run(
        &self,
        ws: WorkspaceId,
        rule: &RuleRow,
        def: &RuleDef,
        record_id: &str,
        record: &Record,
        ev: &Evaluation,
        chain: &[String],
        now: i64,
        mark: Option<i64>,
    ) {
        let label = format!("rule: {}", rule.name);
        let conditions: Vec<Value> = def
            .conditions
            .iter()
            .zip(&ev.held)
            .map(|(c, h)| json!({"field": c.field, "op": c.op.as_str(), "value": c.value, "held": h}))
            .collect();
        let Ok((kind, _)) = self.kind(&def.kind) else { return };
        let authz = match portico_authz::store::system_authz(self.db.pool(), ws, &label).await {
            Ok(a) => a,
            Err(e) => return tracing::error!(rule = %rule.id, error = %e, "loading the workspace for a rule"),
        };
        let actor = authz.actor().clone();
        let result = async {
            let mut tx = self.db.begin().await?;
            let mut links = chain.to_vec();
            links.push(rule.id.clone());
            tx.context::<Chain>().0 = links;
            if let Some(moment) = mark {
                mark_checked(&mut tx, ws, &rule.id, record_id, moment, now).await?;
            }
            let run = Run {
                workspace: ws,
                rule_id: &rule.id,
                rule_name: &rule.name,
                kind: kind.name(),
                record_id,
                record: &record.fields,
                title: &record.title,
                page: kind.page(record_id),
                now,
                authz: &authz,
                mail: &self.mail,
                registry: &self.registry,
                db: &self.db,
            };
            let mut done = Vec::new();
            for call in &def.actions {
                let action = self
                    .book
                    .action(&call.action)
                    .ok_or_else(|| AppError::internal(format!("no rule action {}", call.action)))?;
                let said = action.run(&mut tx, &run, &call.params).await?;
                done.push(json!({"action": call.action, "did": said}));
            }
            // Named as it is after the actions: one may have renamed or erased it.
            let title =
                self.load(&mut tx, ws, &def.kind, record_id).await?.map_or_else(|| record.title.clone(), |r| r.title);
            let after = json!({"name": rule.name, "record_kind": def.kind, "record_id": record_id, "record": title,
                               "conditions": conditions, "actions": done});
            tx.emit(Event::new(ws, &actor, store::KIND, "run", rule.id.clone(), now).after(after).touch()).await?;
            tx.commit().await.db()
        }
        .await;
        if let Err(e) = result {
            tracing::warn!(rule = %rule.id, error = %e, "a rule's action failed");
            let failed = async {
                let mut tx = self.db.begin().await?;
                if let Some(moment) = mark {
                    mark_checked(&mut tx, ws, &rule.id, record_id, moment, now).await?;
                }
                let after = json!({"name": rule.name, "record_kind": def.kind, "record_id": record_id, "record": record.title,
                                   "conditions": conditions, "error": e.cause.clone().unwrap_or_else(|| e.code.code().into())});
                tx.emit(Event::new(ws, &actor, store::KIND, "fail", rule.id.clone(), now).after(after).touch()).await?;
                tx.commit().await.db()
            }
            .await;
            if let Err(e) = failed {
                tracing::error!(rule = %rule.id, error = %e, "recording a failed rule run");
            }
        }
    }

    /// Time rules: every record whose moment (plus the rule's offset) has come since the rule
    /// was turned on, checked once. Returns how many ran.
    pub async fn tick(&self, now: i64) -> Result<usize, AppError> {
        let rules = store::active_time_rules(self.db.pool()).await?;
        let mut ran = 0;
        for rule in rules {
            let ws: WorkspaceId = portico_kernel::ids::parse_db_id(&rule.workspace_id)?;
            let def = rule.def()?;
            let Trigger::Time { field, offset_hours } = &def.trigger else { continue };
            let Ok((kind, _)) = self.kind(&def.kind) else { continue };
            let Some(table) = kind.tables().first() else { continue };
            let offset = offset_hours.saturating_mul(3_600_000_000);
            let sql = format!(
                "SELECT t.id, t.{field} FROM {table} t WHERE t.{ws_col} = $1 AND t.{field} IS NOT NULL
                   AND t.{field} + $2 <= $3 AND t.{field} + $2 >= $4
                   AND NOT EXISTS (SELECT 1 FROM rule_marks m WHERE m.rule_id = $5 AND m.record_id = t.id AND m.moment = t.{field})
                 ORDER BY t.{field} LIMIT {BATCH}",
                table = table.name,
                ws_col = table.workspace_column
            );
            let due: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(ws.to_db())
                .bind(offset)
                .bind(now)
                .bind(rule.active_since)
                .bind(rule.id.clone())
                .fetch_all(self.db.pool())
                .await
                .db()?;
            for (id, moment) in due {
                let mut conn = self.db.pool().acquire().await.db()?;
                let Some(record) = self.load(&mut conn, ws, &def.kind, &id).await? else { continue };
                drop(conn);
                let ev = self.evaluate(ws, &def, &record.fields, None, now).await?;
                if ev.matched {
                    self.run(ws, &rule, &def, &id, &record, &ev, &[], now, Some(moment)).await;
                    ran += 1;
                } else {
                    let mut tx = self.db.begin().await?;
                    mark_checked(&mut tx, ws, &rule.id, &id, moment, now).await?;
                    tx.commit().await.db()?;
                }
            }
        }
        Ok(ran)
    }

    /// What a rule, saved or not, would act on now: the most recent records of its kind whose
    /// conditions hold (and, for a time rule, whose moment has come).
    pub async fn dry_run(&self, ws: WorkspaceId, def: &RuleDef, now: i64, limit: usize) -> Result<DryRun, AppError> {
        let (kind, _) = self.kind(&def.kind)?;
        let table = kind.tables().first().ok_or_else(|| AppError::internal("a kind needs a table"))?;
        let sql = format!(
            "SELECT id FROM {} WHERE {} = $1 ORDER BY id DESC LIMIT {DRY_RUN_SCAN}",
            table.name, table.workspace_column
        );
        let ids: Vec<(String,)> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(ws.to_db()).fetch_all(self.db.pool()).await.db()?;
        let mut matches = Vec::new();
        let mut conn = self.db.pool().acquire().await.db()?;
        for (id,) in &ids {
            let Some(record) = self.load(&mut conn, ws, &def.kind, id).await? else { continue };
            if let Trigger::Time { field, offset_hours } = &def.trigger {
                let due = record
                    .fields
                    .get(field)
                    .and_then(Value::as_i64)
                    .is_some_and(|at| at + offset_hours.saturating_mul(3_600_000_000) <= now);
                if !due {
                    continue;
                }
            }
            let ev = self.evaluate(ws, def, &record.fields, None, now).await?;
            if ev.matched {
                matches.push(Hit { record_id: id.clone(), title: record.title, held: ev.held });
                if matches.len() >= limit {
                    break;
                }
            }
        }
        Ok(DryRun { checked: ids.len(), matches })
    }
}

async fn mark_checked(
    tx: &mut Tx,
    ws: WorkspaceId,
    rule: &str,
    record: &str,
    moment: i64,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO rule_marks (workspace_id, rule_id, record_id, moment, marked_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (rule_id, record_id, moment) DO NOTHING",
    )
    .bind(ws.to_db())
    .bind(rule.to_string())
    .bind(record.to_string())
    .bind(moment)
    .bind(now)
    .execute(&mut **tx)
    .await
    .db()?;
    Ok(())
}
