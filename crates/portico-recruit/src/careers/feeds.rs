//! The career site's job feeds: Indeed's XML (the format most aggregators read), LinkedIn's
//! Basic Jobs XML, a JSON feed of France Travail's offer shape, and RSS 2.0. Each lists every
//! open job of the site, with an apply link tagged with the feed's channel. Every value is
//! escaped (CDATA in the XML feeds, as Indeed and LinkedIn ask; entities for RSS).

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

/// LinkedIn's `jobtype`.
fn linkedin_jobtype(contract: &str) -> &'static str {
    match contract {
        "permanent" => "FULL_TIME",
        "fixed_term" | "temporary" => "TEMPORARY",
        "internship" | "apprenticeship" => "INTERNSHIP",
        "freelance" => "CONTRACT",
        _ => "OTHER",
    }
}

/// LinkedIn's Basic Jobs XML feed: `<source>` with one `<job>` per open job, the fields its
/// development guide lists (`docs/job-boards.md` maps them).
pub(crate) async fn linkedin(State(s): State<AppState>, site: Site) -> Response {
    let jobs = match jobs(&s, &site).await {
        Ok(j) => j,
        Err(e) => return site.error(&e),
    };
    let company = &site.ctx.theme.title;
    let newest = jobs.iter().map(|j| j.updated_at).max().unwrap_or(0);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<source>\n");
    out.push_str(&format!("<lastBuildDate>{}</lastBuildDate>\n", cdata(&rfc2822(newest))));
    out.push_str(&format!("<publisherURL>{}</publisherURL>\n", cdata(&site.ctx.url(SITE.key, "/"))));
    out.push_str(&format!("<publisher>{}</publisher>\n", cdata(company)));
    out.push_str(&format!("<expectedJobCount>{}</expectedJobCount>\n", jobs.len()));
    for j in &jobs {
        out.push_str("<job>\n");
        let workplace = match j.workplace.as_str() {
            "remote" => "Remote",
            "hybrid" => "Hybrid",
            _ => "On-site",
        };
        for (tag, value) in [
            ("partnerJobId", j.id.as_str()),
            ("company", company),
            ("title", &j.title),
            ("description", &j.description),
            ("applyUrl", &site.ctx.url(SITE.key, &format!("/jobs/{}/apply?src=linkedin", j.id))),
            ("location", &j.location),
            ("city", &j.location),
            ("jobtype", linkedin_jobtype(&j.contract)),
            ("workplaceTypes", workplace),
        ] {
            out.push_str(&format!("<{tag}>{}</{tag}>\n", cdata(value)));
        }
        let theme = &site.ctx.theme;
        if !theme.linkedin_company.is_empty() {
            out.push_str(&format!("<companyId>{}</companyId>\n", cdata(&theme.linkedin_company)));
        }
        if !theme.contact_email.is_empty() {
            out.push_str(&format!("<poster><email>{}</email></poster>\n", cdata(&theme.contact_email)));
        }
        if let (Some(low), Some(high)) = (j.salary_min.or(j.salary_max), j.salary_max.or(j.salary_min)) {
            let period = match j.salary_period.as_str() {
                "hour" => "HOURLY",
                "month" => "MONTHLY",
                _ => "YEARLY",
            };
            let amount = |tag: &str, v: i64| {
                format!(
                    "<{tag}><amount>{v}</amount><currencyCode>{}</currencyCode></{tag}>",
                    escape(&j.salary_currency)
                )
            };
            out.push_str(&format!(
                "<salaries><salary>{}{}<period>{period}</period><type>BASE_SALARY</type></salary></salaries>\n",
                amount("highEnd", high),
                amount("lowEnd", low)
            ));
        }
        out.push_str("</job>\n");
    }
    out.push_str("</source>\n");
    xml(out, "application/xml; charset=utf-8")
}

/// France Travail's contract code and the nature of the contract.
fn france_travail_contract(contract: &str) -> (&'static str, &'static str, &'static str) {
    match contract {
        "permanent" => ("CDI", "Contrat à durée indéterminée", "Contrat travail"),
        "fixed_term" => ("CDD", "Contrat à durée déterminée", "Contrat travail"),
        "temporary" => ("MIS", "Mission intérimaire", "Contrat travail"),
        "apprenticeship" => ("CDD", "Contrat à durée déterminée", "Contrat apprentissage"),
        "internship" => ("CDD", "Stage", "Convention de stage"),
        _ => ("LIB", "Profession libérale", "Contrat travail"),
    }
}

/// Open jobs in the shape of France Travail's job offers (the "Offres d'emploi" API's
/// `resultats`), for partners and multiposting tools that read it.
pub(crate) async fn france_travail(State(s): State<AppState>, site: Site) -> Response {
    let jobs = match jobs(&s, &site).await {
        Ok(j) => j,
        Err(e) => return site.error(&e),
    };
    let iso = |ts: i64| portico_kernel::clock::from_micros(ts).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let offers: Vec<serde_json::Value> = jobs
        .iter()
        .map(|j| {
            let (code, label, nature) = france_travail_contract(&j.contract);
            let tr = portico_http::i18n::Tr::new(portico_kernel::locale::Locale::parse(&j.locale).unwrap_or_default());
            let apply = site.ctx.url(SITE.key, &format!("/jobs/{}/apply?src=france_travail", j.id));
            serde_json::json!({
                "id": j.id,
                "intitule": j.title,
                "description": portico_html::to_text(&j.description),
                "dateCreation": iso(j.opened_at.unwrap_or(j.created_at)),
                "dateActualisation": iso(j.updated_at),
                "lieuTravail": {"libelle": j.location, "commune": null, "codePostal": null},
                "entreprise": {"nom": site.ctx.theme.title, "url": site.ctx.url(SITE.key, "/")},
                "typeContrat": code,
                "typeContratLibelle": label,
                "natureContrat": nature,
                "alternance": j.contract == "apprenticeship",
                "salaire": {"libelle": crate::careers::listing::salary(&tr, j)},
                "secteurActiviteLibelle": j.department,
                "nombrePostes": 1,
                "contact": {"nom": site.ctx.theme.title, "urlPostulation": apply},
                "origineOffre": {"origine": "2", "urlOrigine": site.ctx.url(SITE.key, &format!("/jobs/{}?src=france_travail", j.id))},
            })
        })
        .collect();
    let body = serde_json::json!({"resultats": offers});
    ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "public, max-age=300")], body.to_string())
        .into_response()
}
