//! Rules and calendars through the API (admins): what rules may watch and do, the rules
//! themselves, turning one on or off, a dry-run of a rule as written, its latest runs.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portico_http::api::{ErrorBody, List};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, Caller};
use portico_http::i18n::Tr;
use portico_http::state::AppState;
use portico_kernel::AppError;
use portico_rules::engine::DryRun;
use portico_rules::store::{self, CalendarInput, CalendarRow, RuleRow, RunEntry};
use portico_rules::{FieldType, Op, ParamKind, RuleDef, Rulebook};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(catalogue))
        .routes(routes!(list_rules, create_rule))
        .routes(routes!(dry_run))
        .routes(routes!(get_rule, update_rule, delete_rule))
        .routes(routes!(set_active))
        .routes(routes!(rule_runs))
        .routes(routes!(list_calendars, create_calendar))
        .routes(routes!(get_calendar, update_calendar, delete_calendar))
}

#[derive(Serialize, ToSchema)]
pub struct RuleView {
    pub id: String,
    pub active: bool,
    #[serde(flatten)]
    pub definition: RuleDef,
    /// Since when it is on (a time rule does not catch up on moments before).
    pub active_since: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl TryFrom<RuleRow> for RuleView {
    type Error = AppError;
    fn try_from(r: RuleRow) -> Result<Self, AppError> {
        Ok(RuleView {
            definition: r.def()?,
            id: r.id,
            active: r.active == 1,
            active_since: r.active_since,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(Serialize, ToSchema)]
pub struct FieldView {
    /// As a condition names it (`custom.<key>` for a custom field).
    pub name: String,
    pub label: String,
    #[serde(rename = "type")]
    pub ty: FieldType,
    /// The values a choice may take.
    pub choices: Vec<String>,
    /// The operators it offers.
    pub ops: Vec<Op>,
}

#[derive(Serialize, ToSchema)]
pub struct ParamView {
    pub name: &'static str,
    pub label: String,
    /// text, long_text, emails, user, template, webhook, custom_field, flag, record_email or choice.
    pub kind: &'static str,
    /// For a template: the purpose of the templates it takes.
    pub purpose: Option<&'static str>,
    /// For a choice: the values it takes.
    pub choices: Vec<&'static str>,
    pub required: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ActionView {
    pub name: &'static str,
    pub label: String,
    pub params: Vec<ParamView>,
}

#[derive(Serialize, ToSchema)]
pub struct SubjectView {
    pub kind: &'static str,
    pub label: String,
    /// The writes a rule may answer.
    pub verbs: Vec<&'static str>,
    pub fields: Vec<FieldView>,
    /// The actions a rule on this kind may take.
    pub actions: Vec<ActionView>,
}

pub(crate) fn param_kind(k: ParamKind) -> (&'static str, Option<&'static str>) {
    match k {
        ParamKind::Text => ("text", None),
        ParamKind::LongText => ("long_text", None),
        ParamKind::Emails => ("emails", None),
        ParamKind::User => ("user", None),
        ParamKind::Template(p) => ("template", Some(p)),
        ParamKind::Webhook => ("webhook", None),
        ParamKind::CustomField => ("custom_field", None),
        ParamKind::Flag => ("flag", None),
        ParamKind::RecordEmail => ("record_email", None),
        ParamKind::Choice(_) => ("choice", None),
    }
}

/// The fields of `kind` conditions may read: its declared fields, then its custom fields.
pub(crate) async fn fields_of(
    s: &AppState,
    admin: &portico_authz::WorkspaceAdmin,
    book: &Rulebook,
    kind: &str,
    tr: &Tr,
) -> Result<Vec<FieldView>, AppError> {
    let Some(subject) = book.subject(kind) else { return Ok(Vec::new()) };
    let mut out: Vec<FieldView> = subject
        .fields
        .iter()
        .map(|f| FieldView {
            name: f.name.into(),
            label: tr.t(f.label),
            ty: f.ty,
            choices: f.choices.iter().map(|c| c.to_string()).collect(),
            ops: Op::for_type(f.ty).to_vec(),
        })
        .collect();
    for d in portico_fields::list(s.db.pool(), admin, Some(kind)).await? {
        let ty = store::custom_type(d.field_type);
        out.push(FieldView {
            name: format!("custom.{}", d.key),
            label: d.label,
            ty,
            choices: d.options,
            ops: Op::for_type(ty).to_vec(),
        });
    }
    Ok(out)
}

/// What rules may watch (each kind's fields with their operators, and its writes) and the
/// actions they may take, with their parameters.
#[utoipa::path(get, path = "/api/v1/rule-subjects", tag = "rules",
    responses((status = 200, body = List<SubjectView>), (status = 403, body = ErrorBody)))]
async fn catalogue(State(s): State<AppState>, caller: Caller) -> Result<Json<List<SubjectView>>, ApiError> {
    let admin = caller.authz.admin()?;
    let tr = Tr::new(caller.locale);
    let book = &s.suite.rules;
    let mut items = Vec::new();
    for subject in book.subjects() {
        items.push(SubjectView {
            kind: subject.kind,
            label: tr.t(&format!("record-kind-{}", subject.kind)),
            verbs: subject.verbs.to_vec(),
            fields: fields_of(&s, &admin, book, subject.kind, &tr).await?,
            actions: book
                .actions_for(subject.kind)
                .map(|a| ActionView {
                    name: a.name(),
                    label: tr.t(a.label()),
                    params: a
                        .params()
                        .iter()
                        .map(|p| {
                            let (kind, purpose) = param_kind(p.kind);
                            let choices = match p.kind {
                                portico_rules::ParamKind::Choice(values) => values.to_vec(),
                                _ => Vec::new(),
                            };
                            ParamView {
                                name: p.name,
                                label: tr.t(p.label),
                                kind,
                                purpose,
                                choices,
                                required: p.required,
                            }
                        })
                        .collect(),
                })
                .collect(),
        });
    }
    Ok(Json(List { items, next_cursor: None }))
}

#[utoipa::path(get, path = "/api/v1/rules", tag = "rules",
    responses((status = 200, body = List<RuleView>), (status = 403, body = ErrorBody)))]
async fn list_rules(State(s): State<AppState>, caller: Caller) -> Result<Json<List<RuleView>>, ApiError> {
    let admin = caller.authz.admin()?;
    let items =
        store::list(s.db.pool(), &admin).await?.into_iter().map(RuleView::try_from).collect::<Result<_, _>>()?;
    Ok(Json(List { items, next_cursor: None }))
}

/// Make a rule; it is on at once. Every condition and action is checked, an error naming
/// where it is (`conditions.2.value`, `actions.0.template`).
#[utoipa::path(post, path = "/api/v1/rules", tag = "rules", request_body = RuleDef,
    responses((status = 201, body = RuleView), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_rule(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<RuleDef>,
) -> Result<(StatusCode, Json<RuleView>), ApiError> {
    let admin = caller.authz.admin()?;
    let row = store::save(&s.db, &admin, &s.suite.rules, None, &body, s.clock.now_micros()).await?;
    Ok((StatusCode::CREATED, Json(row.try_into()?)))
}

/// The records a rule as written would act on now (the most recent ones of its kind whose
/// conditions hold), with each condition's answer; nothing is done or stored.
#[utoipa::path(post, path = "/api/v1/rules/dry-run", tag = "rules", request_body = RuleDef,
    responses((status = 200, body = DryRun), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn dry_run(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<RuleDef>,
) -> Result<Json<DryRun>, ApiError> {
    let admin = caller.authz.admin()?;
    let def = store::check(s.db.pool(), &admin, &s.suite.rules, &body).await?;
    Ok(Json(super::engine(&s).dry_run(admin.workspace(), &def, s.clock.now_micros(), 50).await?))
}

#[utoipa::path(get, path = "/api/v1/rules/{id}", tag = "rules",
    responses((status = 200, body = RuleView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_rule(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<RuleView>, ApiError> {
    let admin = caller.authz.admin()?;
    Ok(Json(store::get(s.db.pool(), &admin, &id).await?.try_into()?))
}

/// Rewrite a rule (whether it is on does not change).
#[utoipa::path(put, path = "/api/v1/rules/{id}", tag = "rules", request_body = RuleDef,
    responses((status = 200, body = RuleView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_rule(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RuleDef>,
) -> Result<Json<RuleView>, ApiError> {
    let admin = caller.authz.admin()?;
    Ok(Json(store::save(&s.db, &admin, &s.suite.rules, Some(&id), &body, s.clock.now_micros()).await?.try_into()?))
}

#[utoipa::path(delete, path = "/api/v1/rules/{id}", tag = "rules",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_rule(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let admin = caller.authz.admin()?;
    store::delete(&s.db, &admin, &id, s.clock.now_micros()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Active {
    pub active: bool,
}

/// Turn a rule on or off. A time rule turned on acts on moments from then on only.
#[utoipa::path(post, path = "/api/v1/rules/{id}/active", tag = "rules", request_body = Active,
    responses((status = 200, body = RuleView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn set_active(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Active>,
) -> Result<Json<RuleView>, ApiError> {
    let admin = caller.authz.admin()?;
    store::set_active(&s.db, &admin, &id, body.active, s.clock.now_micros()).await?;
    Ok(Json(store::get(s.db.pool(), &admin, &id).await?.try_into()?))
}

/// The latest runs of a rule (from the audit log): which record, which conditions held, what
/// each action did or why the run failed.
#[utoipa::path(get, path = "/api/v1/rules/{id}/runs", tag = "rules",
    responses((status = 200, body = List<RunEntry>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn rule_runs(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<List<RunEntry>>, ApiError> {
    let admin = caller.authz.admin()?;
    store::get(s.db.pool(), &admin, &id).await?;
    Ok(Json(List { items: store::runs(s.db.pool(), &admin, &id, 50).await?, next_cursor: None }))
}

#[utoipa::path(get, path = "/api/v1/calendars", tag = "rules",
    responses((status = 200, body = List<CalendarRow>), (status = 403, body = ErrorBody)))]
async fn list_calendars(State(s): State<AppState>, caller: Caller) -> Result<Json<List<CalendarRow>>, ApiError> {
    let admin = caller.authz.admin()?;
    Ok(Json(List { items: store::calendars(s.db.pool(), &admin).await?, next_cursor: None }))
}

/// Make a business-hours calendar: opening hours per weekday in a time zone, and holidays.
#[utoipa::path(post, path = "/api/v1/calendars", tag = "rules", request_body = CalendarInput,
    responses((status = 201, body = CalendarRow), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_calendar(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<CalendarInput>,
) -> Result<(StatusCode, Json<CalendarRow>), ApiError> {
    let admin = caller.authz.admin()?;
    Ok((StatusCode::CREATED, Json(store::save_calendar(&s.db, &admin, None, &body, s.clock.now_micros()).await?)))
}

#[utoipa::path(get, path = "/api/v1/calendars/{id}", tag = "rules",
    responses((status = 200, body = CalendarRow), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_calendar(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<CalendarRow>, ApiError> {
    let admin = caller.authz.admin()?;
    Ok(Json(store::calendar(s.db.pool(), &admin, &id).await?))
}

#[utoipa::path(put, path = "/api/v1/calendars/{id}", tag = "rules", request_body = CalendarInput,
    responses((status = 200, body = CalendarRow), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn update_calendar(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<CalendarInput>,
) -> Result<Json<CalendarRow>, ApiError> {
    let admin = caller.authz.admin()?;
    Ok(Json(store::save_calendar(&s.db, &admin, Some(&id), &body, s.clock.now_micros()).await?))
}

/// Remove a calendar no rule uses (409 while one does).
#[utoipa::path(delete, path = "/api/v1/calendars/{id}", tag = "rules",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_calendar(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let admin = caller.authz.admin()?;
    store::delete_calendar(&s.db, &admin, &id, s.clock.now_micros()).await?;
    Ok(StatusCode::NO_CONTENT)
}
