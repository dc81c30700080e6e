//! Scheduled reports: when one is due, each recipient gets it as they would see it on the
//! page (their units, their language and time zone): the chart, the table of the same
//! numbers and a link in the message, the CSV attached. Someone who no longer sees the
//! report's unit is skipped.

use portico_db::DbResultExt;
use portico_http::i18n::Tr;
use portico_http::state::AppState;
use portico_kernel::locale::Locale;
use portico_kernel::{Actor, AppError, UserId, WorkspaceId};
use portico_mail::outbox::{self, OutAttachment, OutgoingEmail};
use portico_reports::query::Answer;
use portico_reports::store::{self, Report};

use super::VIEW;

pub const SEND_JOB: &str = "reports.send";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The message's body: the chart, then the table, with inline styles mail clients keep.
fn html(tr: &Tr, r: &Report, a: &Answer, svg: Option<&str>, link: &str) -> String {
    let cell = "padding:4px 8px;border-bottom:1px solid #d0d5dd;";
    let mut out = format!("<p>{}</p>", esc(&super::names::period(tr, a)));
    if let Some(svg) = svg {
        out.push_str(&format!("<div style=\"max-width:720px;color:#1f2328\">{svg}</div>"));
    }
    out.push_str("<table style=\"border-collapse:collapse;font-size:14px\"><thead><tr>");
    for g in &a.group_labels {
        out.push_str(&format!("<th style=\"{cell}text-align:left\">{}</th>", esc(g)));
    }
    for m in &a.metrics {
        out.push_str(&format!("<th style=\"{cell}text-align:right\">{}</th>", esc(&m.label)));
    }
    out.push_str("</tr></thead><tbody>");
    for l in super::names::shown(a) {
        out.push_str("<tr>");
        for label in &l.labels {
            out.push_str(&format!("<td style=\"{cell}\">{}</td>", esc(label)));
        }
        for (v, m) in l.values.iter().zip(&a.metrics) {
            out.push_str(&format!(
                "<td style=\"{cell}text-align:right\">{}</td>",
                esc(&super::names::number(tr, *v, m.format))
            ));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    out.push_str(&format!("<p><a href=\"{}\">{}</a></p>", esc(link), esc(&tr.t1("report-open", "name", &r.name))));
    out
}

/// Send one report to its recipients; says how many got it.
pub async fn send(s: &AppState, ws: &str, r: &Report) -> Result<usize, AppError> {
    let ws: WorkspaceId = portico_kernel::ids::parse_db_id(ws)?;
    let def = r.def()?;
    let mut sent = 0;
    for id in r.recipient_ids() {
        let row: Option<(String, String, Option<String>, String)> = sqlx::query_as(
            "SELECT name, email, locale, time_zone FROM users WHERE workspace_id = $1 AND id = $2 AND status = 'active'",
        )
        .bind(ws.to_db())
        .bind(id.clone())
        .fetch_optional(s.db.pool())
        .await
        .db()?;
        let Some((name, email, locale, tz)) = row else { continue };
        let user: UserId = portico_kernel::ids::parse_db_id(&id)?;
        let authz = portico_authz::store::load_authz(s.db.pool(), ws, Actor::User { id: user, label: name }).await?;
        let unit = portico_kernel::ids::parse_db_id(&r.unit_id)?;
        if !authz.scope(VIEW).is_ok_and(|sc| sc.contains(unit)) {
            continue;
        }
        let tr = Tr::in_zone(
            locale.as_deref().and_then(Locale::parse).unwrap_or_default(),
            tz.parse().unwrap_or(chrono_tz::UTC),
        );
        let Ok(a) = super::names::answer(s, &authz, &def, &tr).await else { continue };
        let svg = super::api::chart(&tr, &a, &def, &r.name);
        let subject = format!("{} · {}", r.name, super::names::period(&tr, &a));
        let body = html(&tr, r, &a, svg.as_deref(), &s.mail.link(&format!("/reports/{}", r.id)));
        let csv = a.csv();
        let sha256 = s.blobs.put(csv.as_bytes())?;
        let mail = OutgoingEmail {
            workspace: Some(ws),
            to: email,
            from: s.mail.from.clone(),
            subject: subject.clone(),
            text: format!("{}\n\n{}", subject, csv),
            html: Some(portico_mail::templates::builtin::framed(&subject, &body)?),
            attachments: vec![OutAttachment {
                filename: format!("{}.csv", portico_kernel::validate::slugify(&r.name)),
                content_type: "text/csv".into(),
                size_bytes: i64::try_from(csv.len()).unwrap_or(i64::MAX),
                sha256,
            }],
            automatic: true,
            ..Default::default()
        };
        let mut tx = s.db.begin().await?;
        outbox::queue(&mut tx, mail, s.clock.now_micros()).await?;
        tx.commit().await.db()?;
        sent += 1;
    }
    store::sent(&s.db, r, s.clock.now_micros()).await?;
    Ok(sent)
}

/// The job: every report whose time has come.
pub async fn send_due(s: &AppState) -> Result<usize, AppError> {
    let mut n = 0;
    for (ws, r) in store::due(s.db.pool(), s.clock.now_micros()).await? {
        match send(s, &ws, &r).await {
            Ok(k) => n += k,
            Err(e) => tracing::warn!(report = %r.id, error = %e, "a scheduled report could not be sent"),
        }
    }
    Ok(n)
}
