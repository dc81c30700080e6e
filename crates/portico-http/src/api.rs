//! The shell of the REST API under `/api/v1`: token (or session) auth, cursor pagination,
//! one error shape, and the OpenAPI document, generated from every module's handlers.

use axum::Json;
use axum::extract::State;
use portico_kernel::{AppError, Page, PageRequest};
use serde::{Deserialize, Serialize};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Portico API", description = "The API of Portico: the core (units, users, roles, tokens, audit, tasks, files, search, webhooks, custom fields) and every module of this installation.", license(name = "AGPL-3.0-or-later")),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    components(schemas(ErrorBody, ErrorDetail, Order))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(c) = openapi.components.as_mut() {
            c.add_security_scheme(
                "bearer",
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .description(Some("A personal API token (pt_…)"))
                        .build(),
                ),
            );
        }
    }
}

/// Every operation can fail in the one error shape: document the statuses the shell itself
/// answers (malformed request, no or wrong credentials, unknown id, invalid input, too large,
/// rate limited, server error) on every operation that does not describe them itself.
struct ErrorResponses;

impl Modify for ErrorResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{RefOr, ResponseBuilder, content::ContentBuilder};
        let error = |description: &str| {
            let content =
                ContentBuilder::new().schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name("ErrorBody"))));
            RefOr::T(
                ResponseBuilder::new().description(description).content("application/json", content.build()).build(),
            )
        };
        let common = [
            ("400", "The request is malformed (bad JSON, bad cursor, bad path)."),
            ("401", "No valid API token or session."),
            ("403", "The caller may not do this."),
            ("404", "Not found, or not visible to the caller."),
            ("409", "It conflicts with what is stored (taken, already done, not finished)."),
            ("413", "The request body is too large."),
            ("414", "The address is too long."),
            ("415", "The body is not of an accepted type."),
            ("422", "A field is invalid; `field` names it."),
            ("429", "Too many requests."),
            ("500", "A server error; it has been logged."),
        ];
        for item in openapi.paths.paths.values_mut() {
            for op in
                [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete].into_iter().flatten()
            {
                for (status, description) in common {
                    op.responses.responses.entry(status.to_string()).or_insert_with(|| error(description));
                }
            }
        }
    }
}

/// The document every module's API routes are merged into.
pub fn base() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
}

/// Complete the merged document: the error responses every operation can give.
pub fn finish(doc: &mut utoipa::openapi::OpenApi) {
    ErrorResponses.modify(doc);
}

/// The OpenAPI document, served at `/api/v1/openapi.json` (and committed as `openapi.json`).
pub async fn openapi_json(State(s): State<AppState>) -> Json<serde_json::Value> {
    Json(s.openapi.clone())
}

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code, e.g. `required`, `not_found`.
    pub code: String,
    /// Human message in the caller's language.
    pub message: String,
    /// The field the error is about, if any.
    pub field: Option<String>,
}

/// `?cursor=&limit=&sort=&order=` on every list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// A column the list can be sorted by (each list documents its own); default: newest first.
    pub sort: Option<String>,
    pub order: Option<Order>,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    Asc,
    Desc,
}

impl PageQuery {
    pub fn request(&self) -> Result<PageRequest, AppError> {
        page_request(&self.cursor, self.limit, &self.sort, self.order)
    }
}

/// A page request from the list parameters of a query string.
pub fn page_request(
    cursor: &Option<String>,
    limit: Option<u32>,
    sort: &Option<String>,
    order: Option<Order>,
) -> Result<PageRequest, AppError> {
    let desc = order.map(|o| matches!(o, Order::Desc));
    Ok(PageRequest::new(cursor.clone(), limit)?.sorted(sort.clone(), desc))
}

#[derive(Serialize, ToSchema)]
pub struct List<T: ToSchema> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T: ToSchema> From<Page<T>> for List<T> {
    fn from(p: Page<T>) -> Self {
        List { items: p.items, next_cursor: p.next_cursor }
    }
}

/// Parse an id from the path; a malformed one is simply not found.
pub fn path_id<T: std::str::FromStr>(s: &str) -> Result<T, AppError> {
    s.parse().map_err(|_| AppError::not_found())
}
