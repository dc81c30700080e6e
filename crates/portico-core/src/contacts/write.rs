//! Writing to a contact: an e-mail from one of the workspace's mailboxes, started from a
//! template of the library if one fits, opening a conversation filed with the contact, so
//! their answer comes back to their page.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use portico_authz::Authz;
use portico_http::form::FormState;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, render};
use portico_kernel::locale::Locale;
use portico_kernel::validate::required_text;
use portico_kernel::{AppError, ContactId, ErrorCode, Event};
use portico_mail::conversation::{self, Place, ThreadMessage};
use portico_mail::inbound::mailboxes::{self, Mailbox};
use portico_mail::templates::store as templates;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::store::{self, Contact, EDIT, KIND, VIEW};
use crate::parse;
use crate::wording::CONTACT_EMAIL;

#[derive(Template)]
#[template(path = "contact_write.html")]
pub(crate) struct WritePage {
    c: Shell,
    contact: Contact,
    mailboxes: Vec<Mailbox>,
    /// The library's e-mails: (key, name).
    templates: Vec<(String, String)>,
    chosen: String,
    form: FormState,
}

/// The mailboxes someone may write from: active ones of the units they see.
async fn usable(s: &AppState, authz: &Authz) -> Result<Vec<Mailbox>, AppError> {
    let scope = authz.scope(VIEW)?;
    let all = mailboxes::in_workspace(s.db.pool(), authz).await?;
    Ok(all.into_iter().filter(|m| m.active == 1 && m.unit().is_ok_and(|u| scope.contains(u))).collect())
}

#[derive(Deserialize, Serialize, Default)]
pub(crate) struct Draft {
    #[serde(default)]
    mailbox_id: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    body: String,
}

#[derive(Deserialize, Default)]
pub(crate) struct WriteQuery {
    template: Option<String>,
    #[serde(flatten)]
    flash: FlashQuery,
}

async fn write_page(
    s: &AppState,
    staff: &Staff,
    id: ContactId,
    q: &WriteQuery,
    form: Option<FormState>,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let contact = store::get(s.db.pool(), &authz.scope(VIEW).or_page(staff)?, id).await.or_page(staff)?;
    let mailboxes = usable(s, authz).await.or_page(staff)?;
    let all = templates::list(s.db.pool(), authz.as_ref()).await.or_page(staff)?;
    let mut library: Vec<(String, String)> =
        all.iter().filter(|t| t.purpose == CONTACT_EMAIL).map(|t| (t.template_key.clone(), t.name.clone())).collect();
    library.dedup_by(|a, b| a.0 == b.0);
    let chosen = q.template.clone().unwrap_or_default();
    let form = match form {
        Some(f) => f,
        None => {
            // A template, in the contact's language if it is written in it, filled for them.
            let locale = Locale::parse(&contact.locale).unwrap_or_default();
            let pick = all
                .iter()
                .filter(|t| t.purpose == CONTACT_EMAIL && t.template_key == chosen)
                .min_by_key(|t| t.locale != locale.code());
            let draft = match pick {
                Some(t) => {
                    let values = json!({
                        "contact": {"name": contact.name, "email": contact.email, "company": contact.company},
                        "sender": {"name": staff.caller.name}, "workspace": workspace_name(s, authz).await.or_page(staff)?,
                    });
                    let subject =
                        portico_mail::templates::sandbox::render("subject", &t.subject, &values).or_page(staff)?;
                    let body = portico_mail::templates::sandbox::render("body", &t.body, &values).or_page(staff)?;
                    Draft { mailbox_id: mailboxes.first().map(|m| m.id.clone()).unwrap_or_default(), subject, body }
                }
                None => Draft {
                    mailbox_id: mailboxes.first().map(|m| m.id.clone()).unwrap_or_default(),
                    ..Default::default()
                },
            };
            FormState::editing(&draft)
        }
    };
    let p = WritePage { c: staff.shell("contacts", &q.flash), contact, mailboxes, templates: library, chosen, form };
    Ok(render(p.form.status(), &p))
}

async fn workspace_name(s: &AppState, authz: &Authz) -> Result<String, AppError> {
    Ok(portico_authz::store::workspace(s.db.pool(), authz.workspace()).await?.name)
}

pub(crate) async fn page(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(q): Query<WriteQuery>,
) -> Result<Response, PageError> {
    write_page(&s, &staff, parse(&id).or_page(&staff)?, &q, None).await
}

/// Send: a new conversation in the chosen mailbox, filed with the contact, and the e-mail
/// queued in it; audited on the contact.
pub(crate) async fn send(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(d): Form<Draft>,
) -> Response {
    let Ok(id) = parse::<ContactId>(&id) else {
        return portico_http::ui::after("/contacts", Err(AppError::not_found())).into_response();
    };
    let result = async {
        let authz = &staff.caller.authz;
        let contact = store::get(s.db.pool(), &authz.scope(VIEW)?, id).await?;
        let unit = portico_kernel::ids::parse_db_id(&contact.unit_id)?;
        let cap = authz.unit_cap(EDIT, unit)?;
        let to = contact.email.clone().ok_or_else(|| AppError::field(ErrorCode::Required, "email"))?;
        let mailbox = usable(&s, authz)
            .await?
            .into_iter()
            .find(|m| m.id == d.mailbox_id)
            .ok_or_else(|| AppError::field(ErrorCode::InvalidValue, "mailbox_id"))?;
        let subject = required_text("subject", &d.subject, 300)?;
        let body = portico_html::sanitize(&d.body);
        if portico_html::to_text(&body).trim().is_empty() {
            return Err(AppError::field(ErrorCode::Required, "body"));
        }
        let now = s.clock.now_micros();
        let ws = cap.workspace();
        let mut tx = s.db.begin().await?;
        let (thread, token) = conversation::start(&mut tx, ws, &mailbox, &subject, (KIND, &contact.id), now).await?;
        let m = ThreadMessage {
            to,
            subject: subject.clone(),
            text: portico_html::to_text(&body),
            html: Some(portico_mail::templates::builtin::framed(&subject, &body)?),
            locale: Locale::parse(&contact.locale),
            ..Default::default()
        };
        let at = Place { mailbox: &mailbox, thread: &thread, token: &token, history: Vec::new() };
        conversation::send_in(&mut tx, ws, at, m, now).await?;
        let after = json!({"subject": subject, "mailbox": mailbox.address});
        tx.emit(Event::new(ws, cap.actor(), KIND, "email", contact.id.clone(), now).unit(unit).after(after).touch())
            .await?;
        tx.commit().await.map_err(portico_db::db_error)?;
        Ok(())
    }
    .await;
    match result {
        Ok(()) => Redirect::to(&format!("/contacts/{id}?notice=contact-email-sent")).into_response(),
        Err(e) => {
            let form = FormState::failed("contact_email", &d, &e, &staff.tr());
            write_page(&s, &staff, id, &WriteQuery::default(), Some(form)).await.into_response()
        }
    }
}
