//! The webhooks pages: subscriptions and their delivery log.

use crate::parse;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, page};
use portico_kernel::PageRequest;
use portico_webhooks::{Delivery, Webhook};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "webhooks.html")]
pub(crate) struct WebhooksPage {
    c: Shell,
    hooks: Vec<Webhook>,
}

pub(crate) async fn webhook_list(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(&staff)?;
    let hooks = portico_webhooks::list(s.db.pool(), &admin).await.or_page(&staff)?;
    Ok(page(&WebhooksPage { c: staff.shell("webhooks", &f), hooks }))
}

#[derive(Deserialize)]
pub(crate) struct WebhookForm {
    url: String,
    #[serde(default)]
    events: String,
}

pub(crate) async fn webhook_create(State(s): State<AppState>, staff: Staff, Form(f): Form<WebhookForm>) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        let events: Vec<String> =
            f.events.split([',', ' ', '\n']).map(str::trim).filter(|e| !e.is_empty()).map(str::to_string).collect();
        portico_webhooks::create(&s.db, &admin, s.webhook_policy(), &f.url, &events, s.clock.now_micros()).await
    }
    .await;
    after("/settings/webhooks", result.map(|_| "webhook-created")).into_response()
}

#[derive(Template)]
#[template(path = "webhook.html")]
pub(crate) struct WebhookPage {
    c: Shell,
    hook: Webhook,
    deliveries: Vec<Delivery>,
}

pub(crate) async fn webhook_page(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(&staff)?;
    let id = parse(&id).or_page(&staff)?;
    let hook = portico_webhooks::get(s.db.pool(), &admin, id).await.or_page(&staff)?;
    let deliveries =
        portico_webhooks::deliveries(s.db.pool(), &admin, id, &PageRequest::first(50)).await.or_page(&staff)?.items;
    Ok(page(&WebhookPage { c: staff.shell("webhooks", &f), hook, deliveries }))
}

pub(crate) async fn webhook_delete(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        portico_webhooks::deactivate(&s.db, &admin, parse(&id)?, s.clock.now_micros()).await
    }
    .await;
    after("/settings/webhooks", result.map(|_| "saved")).into_response()
}
