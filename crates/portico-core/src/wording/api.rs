//! Templates through the API: what each purpose offers, the templates written, writing one
//! (admins), and previews with sample values.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use portico_http::api::{ErrorBody, List};
use portico_http::error::ApiError;
use portico_http::extract::{ApiJson, Caller};
use portico_http::state::AppState;
use portico_mail::templates::store::{self, Template, TemplateInput};
use portico_mail::templates::{Kind, Purpose};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_purposes))
        .routes(routes!(list_templates, save_template))
        .routes(routes!(get_template, delete_template))
        .routes(routes!(preview))
}

#[derive(Serialize, ToSchema)]
pub struct PlaceholderView {
    /// As written in a template: `{{ contact.name }}`.
    pub path: &'static str,
    pub sample: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct PurposeView {
    pub name: &'static str,
    /// message (one of Portico's messages, one template per language) or library.
    pub kind: &'static str,
    /// Whether its templates have a subject (e-mails) or not (canned texts).
    pub subject: bool,
    pub placeholders: Vec<PlaceholderView>,
}

impl From<&Purpose> for PurposeView {
    fn from(p: &Purpose) -> Self {
        PurposeView {
            name: p.name,
            kind: if p.kind == Kind::Message { "message" } else { "library" },
            subject: p.subject,
            placeholders: p
                .placeholders
                .iter()
                .map(|ph| PlaceholderView { path: ph.path, sample: ph.sample })
                .collect(),
        }
    }
}

/// What templates are for, and the placeholders each may use.
#[utoipa::path(get, path = "/api/v1/template-purposes", tag = "templates", responses((status = 200, body = List<PurposeView>)))]
async fn list_purposes(State(s): State<AppState>, _caller: Caller) -> Json<List<PurposeView>> {
    Json(List { items: s.suite.templates.all().iter().map(PurposeView::from).collect(), next_cursor: None })
}

/// The templates the workspace wrote (Portico's messages it rewrote, and its libraries).
#[utoipa::path(get, path = "/api/v1/templates", tag = "templates", responses((status = 200, body = List<Template>)))]
async fn list_templates(State(s): State<AppState>, caller: Caller) -> Result<Json<List<Template>>, ApiError> {
    Ok(Json(List { items: store::list(s.db.pool(), caller.authz.as_ref()).await?, next_cursor: None }))
}

/// Write a template in one language: a new one, or a new wording of one (admins). The body is
/// HTML (sanitized) with `{{ placeholders }}` of its purpose; an unknown placeholder or a
/// template error is refused with the field it is in.
#[utoipa::path(post, path = "/api/v1/templates", tag = "templates", request_body = TemplateInput,
    responses((status = 200, body = Template), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn save_template(
    State(s): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<TemplateInput>,
) -> Result<Json<Template>, ApiError> {
    let admin = caller.authz.admin()?;
    Ok(Json(store::save(&s.db, &admin, &s.suite.templates, &body, s.clock.now_micros()).await?))
}

/// One template in one language (admins; everyone reads the list).
#[utoipa::path(get, path = "/api/v1/templates/{id}", tag = "templates",
    responses((status = 200, body = Template), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_template(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Template>, ApiError> {
    let admin = caller.authz.admin()?;
    Ok(Json(store::get(s.db.pool(), &admin, &id).await?))
}

/// Forget one language of a template (Portico's messages go back to Portico's wording).
#[utoipa::path(delete, path = "/api/v1/templates/{id}", tag = "templates",
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_template(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let admin = caller.authz.admin()?;
    store::remove(&s.db, &admin, &id, s.clock.now_micros()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct Preview {
    pub subject: String,
    pub html: String,
    pub text: String,
}

/// A template rendered with its purpose's sample values, without storing it.
#[utoipa::path(post, path = "/api/v1/templates/preview", tag = "templates", request_body = TemplateInput,
    responses((status = 200, body = Preview), (status = 422, body = ErrorBody)))]
async fn preview(
    State(s): State<AppState>,
    _caller: Caller,
    ApiJson(body): ApiJson<TemplateInput>,
) -> Result<Json<Preview>, ApiError> {
    let c = store::check(&s.suite.templates, &body)?;
    let purpose = s.suite.templates.get(&c.purpose)?;
    let r = portico_mail::templates::wrap(&c.subject, &c.body, &purpose.sample())?;
    Ok(Json(Preview { subject: r.subject, html: r.html, text: r.text }))
}
