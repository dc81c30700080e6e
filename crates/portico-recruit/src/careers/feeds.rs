//! The career site's job feeds: Indeed's XML (the format most aggregators read) and RSS 2.0.
//! Each lists every open job of the site, with an apply link tagged with the feed's channel.
//! Every value is escaped (CDATA for Indeed, as it asks; entities for RSS).

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use portico_http::site::Site;
use portico_http::state::AppState;
use portico_kernel::AppError;

use super::{SITE, units_of};
use crate::jobs::store::{self, Job, Opening};

async fn jobs(s: &AppState, site: &Site) -> Result<Vec<Job>, AppError> {
    let units = units_of(s, site).await?;
    store::open_jobs(s.db.pool(), site.ctx.workspace, &Opening { units: units.as_deref(), ..Default::default() }).await
}

/// `text` in CDATA: a `]]>` inside is split across two sections, control characters go.
fn cdata(text: &str) -> String {
    let clean: String = text.chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\t')).collect();
    format!("<![CDATA[{}]]>", clean.replace("]]>", "]]]]><![CDATA[>"))
}

fn escape(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn rfc2822(ts: i64) -> String {
    portico_kernel::clock::from_micros(ts).format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// Indeed's `jobtype`.
fn jobtype(contract: &str) -> &'static str {
    match contract {
        "permanent" => "fulltime",
        "fixed_term" | "temporary" => "temporary",
        "internship" | "apprenticeship" => "internship",
        _ => "contract",
    }
}

fn xml(body: String, content_type: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=300")], body).into_response()
}

/// Indeed's XML feed: `<source>` with one `<job>` per open job.
pub(crate) async fn indeed(State(s): State<AppState>, site: Site) -> Response {
    let jobs = match jobs(&s, &site).await {
        Ok(j) => j,
        Err(e) => return site.error(&e),
    };
    let company = &site.ctx.theme.title;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<source>\n");
    out.push_str(&format!("<publisher>{}</publisher>\n", cdata(company)));
    out.push_str(&format!("<publisherurl>{}</publisherurl>\n", cdata(&site.ctx.url(SITE.key, "/"))));
    let newest = jobs.iter().map(|j| j.updated_at).max().unwrap_or(0);
    out.push_str(&format!("<lastBuildDate>{}</lastBuildDate>\n", cdata(&rfc2822(newest))));
    for j in &jobs {
        let url = site.ctx.url(SITE.key, &format!("/jobs/{}?src=indeed", j.id));
        // Said in the ad's language.
        let tr = portico_http::i18n::Tr::new(portico_kernel::locale::Locale::parse(&j.locale).unwrap_or_default());
        let salary = crate::careers::listing::salary(&tr, j);
        out.push_str("<job>\n");
        for (tag, value) in [
            ("title", j.title.as_str()),
            ("date", &rfc2822(j.opened_at.unwrap_or(j.created_at))),
            ("referencenumber", &j.id),
            ("requisitionid", &j.id),
            ("url", &url),
            ("company", company),
            ("sourcename", company),
            ("city", &j.location),
            ("state", ""),
            ("country", ""),
            ("postalcode", ""),
            ("description", &j.description),
            ("salary", &salary),
            ("jobtype", jobtype(&j.contract)),
            ("category", &j.department),
            (
                "remotetype",
                if j.workplace == "remote" {
                    "Fully remote"
                } else if j.workplace == "hybrid" {
                    "Hybrid remote"
                } else {
                    ""
                },
            ),
        ] {
            out.push_str(&format!("<{tag}>{}</{tag}>\n", cdata(value)));
        }
        out.push_str("</job>\n");
    }
    out.push_str("</source>\n");
    xml(out, "application/xml; charset=utf-8")
}

/// RSS 2.0: one item per open job.
pub(crate) async fn rss(State(s): State<AppState>, site: Site) -> Response {
    let jobs = match jobs(&s, &site).await {
        Ok(j) => j,
        Err(e) => return site.error(&e),
    };
    let home = site.ctx.url(SITE.key, "/");
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>\n");
    out.push_str(&format!(
        "<title>{}</title>\n",
        escape(&format!("{} · {}", site.tr.t("careers-title"), site.ctx.theme.title))
    ));
    out.push_str(&format!(
        "<link>{}</link>\n<description>{}</description>\n",
        escape(&home),
        escape(&site.ctx.theme.title)
    ));
    out.push_str(&format!("<language>{}</language>\n", site.tr.code()));
    for j in &jobs {
        let url = site.ctx.url(SITE.key, &format!("/jobs/{}?src=rss", j.id));
        out.push_str(&format!(
            "<item><title>{}</title><link>{}</link><guid isPermaLink=\"false\">{}</guid><pubDate>{}</pubDate><description>{}</description></item>\n",
            escape(&j.title),
            escape(&url),
            escape(&j.id),
            rfc2822(j.opened_at.unwrap_or(j.created_at)),
            escape(&j.description),
        ));
    }
    out.push_str("</channel></rss>\n");
    xml(out, "application/rss+xml; charset=utf-8")
}
