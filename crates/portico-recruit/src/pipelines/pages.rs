//! The pipeline templates page: the workspace's templates, and one form to write a new one
//! or change one (a row per stage, its name and what it counts as), without script.

use std::collections::BTreeMap;

use askama::Template as Askama;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use portico_http::form::FormState;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, render};

use super::{MAX_STAGES, PipelineInput, PipelineStage, PipelineTemplate};
use crate::jobs::store::CATEGORIES;
use crate::messages::stages::StageMail;
use crate::scorecards::Kit;
use crate::{VIEW, parse};

#[derive(Askama)]
#[template(path = "recruit_pipelines.html")]
pub(crate) struct PipelinesPage {
    c: Shell,
    templates: Vec<PipelineTemplate>,
    /// The template being changed, if one is.
    editing: Option<PipelineTemplate>,
    can_edit: bool,
    form: FormState,
    /// The candidate e-mail templates a stage may send (key, name).
    library: Vec<(String, String)>,
}

impl PipelinesPage {
    fn rows(&self) -> std::ops::Range<usize> {
        0..MAX_STAGES
    }
    fn categories(&self) -> &'static [&'static str] {
        &CATEGORIES
    }
    /// What row `i`'s stage sends and its kit, said in a line each.
    fn settings(&self, i: &usize) -> [String; 2] {
        let Settings { mail, kit } = Settings::read(self.form.value(&format!("stages.{i}.settings")));
        [mail.said(&self.library, &self.c.tr), kit.said(&self.c.tr)]
    }
    fn action(&self) -> String {
        match &self.editing {
            Some(t) => format!("/recruit/pipelines/{}", t.id),
            None => "/recruit/pipelines".into(),
        }
    }
}

/// What a template's stage sends and its kit, set on a job whose pipeline was saved as the
/// template: the form carries them along, unchanged, with the row's name and category.
#[derive(Default, serde::Serialize, serde::Deserialize)]
struct Settings {
    mail: StageMail,
    kit: Kit,
}

impl Settings {
    fn read(form_value: &str) -> Settings {
        serde_json::from_str(form_value).unwrap_or_default()
    }
}

/// A template's form values: `name`, `stages.{i}.name`, `stages.{i}.category`,
/// `stages.{i}.settings`.
fn values(name: &str, stages: &[PipelineStage]) -> BTreeMap<String, String> {
    let mut v = BTreeMap::from([("name".to_string(), name.to_string())]);
    for (i, s) in stages.iter().enumerate() {
        v.insert(format!("stages.{i}.name"), s.name.clone());
        v.insert(format!("stages.{i}.category"), s.category.clone());
        let settings = Settings { mail: s.mail.clone(), kit: s.kit.clone() };
        v.insert(format!("stages.{i}.settings"), serde_json::to_string(&settings).unwrap_or_default());
    }
    v
}

async fn show(
    s: &AppState,
    staff: &Staff,
    editing: Option<&str>,
    f: &FlashQuery,
    form: Option<FormState>,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let scope = authz.scope(VIEW).or_page(staff)?;
    let templates = super::list(s.db.pool(), authz).await.or_page(staff)?;
    let editing = match editing {
        Some(id) => {
            let t = super::get(s.db.pool(), scope.workspace(), id).await.or_page(staff)?;
            authz.admin().or_page(staff)?;
            Some(t)
        }
        None => None,
    };
    let form = form.unwrap_or_else(|| match &editing {
        Some(t) => FormState::editing(&values(&t.name, &t.stages)),
        None => {
            let start: Vec<PipelineStage> = crate::jobs::default_pipeline(staff.tr().code())
                .into_iter()
                .map(|s| PipelineStage { name: s.name, category: s.category.into(), mail: s.mail, kit: s.kit })
                .collect();
            FormState::editing(&values("", &start))
        }
    });
    let library = crate::messages::write::library(s.db.pool(), scope.workspace()).await.or_page(staff)?;
    let p = PipelinesPage {
        c: staff.shell("recruit-pipelines", f),
        templates,
        editing,
        can_edit: authz.admin().is_ok(),
        form,
        library,
    };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn list(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    show(&s, &staff, None, &f, None).await
}

pub(crate) async fn edit(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let id: uuid::Uuid = parse(&id).or_page(&staff)?;
    show(&s, &staff, Some(&id.to_string()), &f, None).await
}

/// The form's rows as a template: rows left empty are skipped.
fn typed(form: &[(String, String)]) -> PipelineInput {
    let get = |k: &str| portico_http::form::sent(form, k).to_string();
    let stages = (0..MAX_STAGES)
        .map(|i| {
            let Settings { mail, kit } = Settings::read(&get(&format!("stages.{i}.settings")));
            PipelineStage {
                name: get(&format!("stages.{i}.name")),
                category: get(&format!("stages.{i}.category")),
                mail,
                kit,
            }
        })
        .collect();
    PipelineInput { name: get("name"), stages }
}

async fn write(s: &AppState, staff: &Staff, id: Option<String>, form: Vec<(String, String)>) -> Response {
    let input = typed(&form);
    let result = async {
        let admin = staff.caller.authz.admin()?;
        super::save(&s.db, s.clock.as_ref(), &admin, id.as_deref(), &input).await
    }
    .await;
    match result {
        Ok(_) => after("/recruit/pipelines", Ok("saved")).into_response(),
        Err(e) => {
            let values: BTreeMap<String, String> = form.into_iter().collect();
            let state = FormState::failed("pipeline", &values, &e, &staff.tr());
            show(s, staff, id.as_deref(), &FlashQuery::default(), Some(state)).await.into_response()
        }
    }
}

pub(crate) async fn create(
    State(s): State<AppState>,
    staff: Staff,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    write(&s, &staff, None, form).await
}

pub(crate) async fn update(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    match parse::<uuid::Uuid>(&id) {
        Ok(id) => write(&s, &staff, Some(id.to_string()), form).await,
        Err(e) => after("/recruit/pipelines", Err(e)).into_response(),
    }
}

pub(crate) async fn delete(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result = async {
        let id: uuid::Uuid = parse(&id)?;
        let admin = staff.caller.authz.admin()?;
        super::delete(&s.db, s.clock.as_ref(), &admin, &id.to_string()).await
    }
    .await;
    after("/recruit/pipelines", result.map(|()| "deleted")).into_response()
}

#[derive(serde::Deserialize)]
pub(crate) struct FromJobForm {
    #[serde(default)]
    name: String,
}

/// Save a job's pipeline as a template, from the job's page.
pub(crate) async fn from_job(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(f): Form<FromJobForm>,
) -> Response {
    let result = async {
        let id: uuid::Uuid = parse(&id)?;
        super::from_job(&s.db, s.clock.as_ref(), &staff.caller.authz, &id.to_string(), &f.name).await
    }
    .await;
    match result {
        Ok(template) => after(&format!("/recruit/pipelines/{template}"), Ok("recruit-pipeline-saved")).into_response(),
        Err(e) => after(&format!("/recruit/jobs/{id}/edit#pipeline"), Err(e)).into_response(),
    }
}
