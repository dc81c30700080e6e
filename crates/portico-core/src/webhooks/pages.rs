//! The webhooks pages: subscriptions and their delivery log.

use crate::audit::words;
use crate::parse;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use portico_http::form::FormState;
use portico_http::list::{Bulk, Cell, Column, ListQuery, ListView, Row};
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, page, render};
use portico_kernel::{AppError, ErrorCode, Page, PageRequest};
use portico_webhooks::{Delivery, Webhook};
use serde::{Deserialize, Serialize};

#[derive(Template)]
#[template(path = "webhooks.html")]
pub(crate) struct WebhooksPage {
    c: Shell,
    list: ListView,
    form: FormState,
}

/// The events a webhook listens to, as people read them.
fn events(tr: &portico_http::i18n::Tr, json: &str) -> String {
    let names: Vec<String> = serde_json::from_str(json).unwrap_or_default();
    if names.iter().any(|n| n == "*") {
        return tr.t("webhook-all-events");
    }
    names
        .iter()
        .map(|n| words::action_label(tr, n, n.split('.').next().unwrap_or_default()))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn webhooks_page(
    s: &AppState,
    staff: &Staff,
    q: &ListQuery,
    f: &FlashQuery,
    form: FormState,
) -> Result<Response, PageError> {
    let admin = staff.caller.authz.admin().or_page(staff)?;
    let hooks = portico_webhooks::list(s.db.pool(), &admin).await.or_page(staff)?;
    let tr = staff.tr();
    let columns = vec![
        Column::new("url", "URL".into()).fixed(),
        Column::new("events", tr.t("field-events")),
        Column::new("status", tr.t("col-status")),
        Column::new("created", tr.t("col-created")),
    ];
    let rows = hooks
        .iter()
        .map(|h| {
            let status =
                if h.active == 1 { Cell::badge(tr.t("active"), "ok") } else { Cell::badge(tr.t("inactive"), "") };
            Row {
                id: h.id.clone(),
                cells: vec![
                    Cell::link(h.url.clone(), format!("/settings/webhooks/{}", h.id)),
                    Cell::text(events(&tr, &h.events)),
                    status,
                    Cell::text(tr.date(h.created_at)),
                ],
            }
        })
        .collect();
    let all = Page { items: hooks, next_cursor: None, sort: "", desc: false };
    let list = ListView::new("webhooks", "/settings/webhooks", columns, &all, q, None, &tr)
        .rows(rows)
        .bulk(Bulk {
            action: "/settings/webhooks/bulk".into(),
            choices: vec![("deactivate", tr.t("deactivate"), Some(tr.t("webhook-deactivate-confirm")))],
            ..Default::default()
        })
        .empty(tr.t("webhooks-empty"));
    let p = WebhooksPage { c: staff.shell("webhooks", f), list, form };
    Ok(render(p.form.status(), &p))
}

#[derive(Deserialize)]
pub(crate) struct WebhooksQuery {
    #[serde(flatten)]
    list: ListQuery,
    #[serde(flatten)]
    flash: FlashQuery,
}

pub(crate) async fn webhook_list(
    State(s): State<AppState>,
    staff: Staff,
    Query(q): Query<WebhooksQuery>,
) -> Result<Response, PageError> {
    webhooks_page(&s, &staff, &q.list, &q.flash, FormState::fresh()).await
}

#[derive(Deserialize, Serialize)]
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
        portico_webhooks::create(&s.db, &admin, s.webhook_policy(), &f.url, &events, s.registry(), s.clock.now_micros())
            .await
    }
    .await;
    match result {
        Ok(_) => after("/settings/webhooks", Ok("webhook-created")).into_response(),
        Err(e) => {
            let form = FormState::failed("webhook", &f, &e, &staff.tr());
            let none = (ListQuery::default(), FlashQuery::default());
            webhooks_page(&s, &staff, &none.0, &none.1, form).await.unwrap_or_else(IntoResponse::into_response)
        }
    }
}

/// Deactivate the selected webhooks (their queued deliveries are cancelled).
pub(crate) async fn webhooks_bulk(
    State(s): State<AppState>,
    staff: Staff,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let result = async {
        let admin = staff.caller.authz.admin()?;
        if !f.iter().any(|(k, v)| k == "action" && v == "deactivate") {
            return Err(AppError::field(ErrorCode::InvalidValue, "action"));
        }
        for (_, id) in f.iter().filter(|(k, _)| k == "id") {
            portico_webhooks::deactivate(&s.db, &admin, parse(id)?, s.clock.now_micros()).await?;
        }
        Ok(())
    }
    .await;
    after("/settings/webhooks", result.map(|_| "saved")).into_response()
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
