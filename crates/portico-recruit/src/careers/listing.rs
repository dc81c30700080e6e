//! The career site's job list (searchable and filtered without JavaScript) and each job's
//! page: the ad, schema.org `JobPosting` data for search engines, Open Graph and Twitter
//! card tags for previews, and share links that each count as their own source.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use portico_http::i18n::Tr;
use portico_http::site::{Site, SiteView};
use portico_http::state::AppState;
use portico_kernel::AppError;
use serde::Deserialize;
use serde_json::json;

use super::{SITE, units_of};
use crate::jobs::pages::location;
use crate::jobs::store::{self, CONTRACTS, Job, Opening, WORKPLACES};

#[derive(Template)]
#[template(path = "careers_jobs.html")]
struct JobsPage {
    s: SiteView,
    tr: Tr,
    jobs: Vec<Job>,
    /// The locations of the open jobs, for the filter.
    locations: Vec<String>,
    q: ListingQuery,
    base: String,
}

impl JobsPage {
    fn contracts(&self) -> &'static [&'static str] {
        &CONTRACTS
    }
    fn workplaces(&self) -> &'static [&'static str] {
        &WORKPLACES
    }
    fn place(&self, j: &Job) -> String {
        location(&self.tr, j)
    }
    fn found(&self) -> String {
        self.tr.count("careers-count", i64::try_from(self.jobs.len()).unwrap_or(i64::MAX))
    }
    fn filtered(&self) -> bool {
        [&self.q.q, &self.q.contract, &self.q.workplace, &self.q.location].iter().any(|v| !v.is_empty())
    }
}

#[derive(Deserialize, Default, Clone)]
pub(crate) struct ListingQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    contract: String,
    #[serde(default)]
    workplace: String,
    #[serde(default)]
    location: String,
}

pub(crate) async fn jobs(State(s): State<AppState>, site: Site, Query(q): Query<ListingQuery>) -> Response {
    let result = async {
        let units = units_of(&s, &site).await?;
        let locations = store::open_locations(s.db.pool(), site.ctx.workspace, units.as_deref()).await?;
        let wanted = Opening {
            units: units.as_deref(),
            q: Some(q.q.as_str()),
            contract: Some(q.contract.as_str()),
            workplace: Some(q.workplace.as_str()),
            location: Some(q.location.as_str()),
        };
        let jobs = store::open_jobs(s.db.pool(), site.ctx.workspace, &wanted).await?;
        Ok::<_, AppError>((jobs, locations))
    }
    .await;
    match result {
        Ok((jobs, locations)) => {
            let base = site.ctx.href(SITE.key, "");
            portico_http::ui::page(&JobsPage { s: site.view(), tr: site.tr, jobs, locations, q, base })
        }
        Err(e) => site.error(&e),
    }
}

#[derive(Template)]
#[template(path = "careers_job.html")]
struct JobPage {
    s: SiteView,
    tr: Tr,
    job: Job,
    base: String,
    /// The apply form's address, carrying where the visitor came from.
    apply: String,
    url: String,
    /// (network, address) of each share link.
    shares: Vec<(&'static str, String)>,
    json_ld: String,
    summary: String,
    image: Option<String>,
}

impl JobPage {
    fn place(&self) -> String {
        location(&self.tr, &self.job)
    }
    fn salary(&self) -> String {
        salary(&self.tr, &self.job)
    }
}

/// A job's salary as people read it: "45 000 – 55 000 EUR / year".
pub(crate) fn salary(tr: &Tr, j: &Job) -> String {
    salary_range(tr, j.salary_min, j.salary_max, &j.salary_currency, &j.salary_period)
}

/// A salary range as people read it, in `tr`'s language; empty without either end.
pub(crate) fn salary_range(tr: &Tr, min: Option<i64>, max: Option<i64>, currency: &str, period: &str) -> String {
    let n = |v: i64| tr.number(&v);
    let range = match (min, max) {
        (Some(a), Some(b)) if a == b => n(a),
        (Some(a), Some(b)) => format!("{} – {}", n(a), n(b)),
        (Some(a), None) => format!("≥ {}", n(a)),
        (None, Some(b)) => format!("≤ {}", n(b)),
        (None, None) => return String::new(),
    };
    format!("{range} {currency} {}", tr.t(&format!("value-salary-period-{period}")))
}

/// Where a visitor came from, as the job page received it: carried to the apply form.
#[derive(Deserialize, Default, Clone)]
pub(crate) struct Came {
    pub src: Option<String>,
    pub utm_source: Option<String>,
    pub utm_medium: Option<String>,
    pub utm_campaign: Option<String>,
    /// Who referred them (an employee's name or address), from a referral link.
    #[serde(rename = "ref")]
    pub referrer: Option<String>,
}

impl Came {
    /// The query string that carries it on (empty when there is nothing to carry).
    pub fn query(&self, referer: Option<&str>) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (k, v) in [
            ("src", &self.src),
            ("utm_source", &self.utm_source),
            ("utm_medium", &self.utm_medium),
            ("utm_campaign", &self.utm_campaign),
            ("ref", &self.referrer),
        ] {
            if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                pairs.push((k, v.chars().take(120).collect()));
            }
        }
        if let Some(r) = referer {
            pairs.push(("from", r.to_string()));
        }
        if pairs.is_empty() {
            return String::new();
        }
        let q: String = form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
        format!("?{q}")
    }
}

/// The host of another site that sent the visitor (a job board, a search engine).
fn external_referer(headers: &HeaderMap, own: &str) -> Option<String> {
    let r = headers.get(axum::http::header::REFERER)?.to_str().ok()?;
    let rest = r.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    let own_host = own.split_once("://").map(|(_, h)| h).unwrap_or(own).split('/').next().unwrap_or("");
    (!host.is_empty() && host != own_host && host.len() <= 120).then_some(host)
}

pub(crate) async fn job(
    State(s): State<AppState>,
    site: Site,
    Path(id): Path<String>,
    Query(came): Query<Came>,
    headers: HeaderMap,
) -> Response {
    let result = async {
        let id: uuid::Uuid = crate::parse(&id)?;
        let job = store::get_open(s.db.pool(), site.ctx.workspace, &id.to_string()).await?;
        // A brand's site shows its own jobs only.
        if let Some(units) = units_of(&s, &site).await?
            && !units.contains(&job.unit()?)
        {
            return Err(AppError::not_found());
        }
        Ok(job)
    }
    .await;
    let job = match result {
        Ok(j) => j,
        Err(e) => return site.error(&e),
    };
    let path = format!("/jobs/{}", job.id);
    let url = site.ctx.url(SITE.key, &path);
    let referer = external_referer(&headers, &site.ctx.origin);
    let apply = format!("{}{}", site.ctx.href(SITE.key, &format!("{path}/apply")), came.query(referer.as_deref()));
    let urlencode = portico_http::site::urlencode;
    let tagged = |net: &str| urlencode(&format!("{url}?src={net}"));
    let title = urlencode(&job.title);
    let shares = vec![
        ("linkedin", format!("https://www.linkedin.com/sharing/share-offsite/?url={}", tagged("linkedin"))),
        ("facebook", format!("https://www.facebook.com/sharer/sharer.php?u={}", tagged("facebook"))),
        ("x", format!("https://twitter.com/intent/tweet?text={title}&url={}", tagged("x"))),
        ("email", format!("mailto:?subject={title}&body={}", tagged("email"))),
    ];
    let image = site.view().logo.map(|l| format!("{}{l}", site.ctx.origin));
    let summary: String = portico_html::to_text(&job.description).split_whitespace().collect::<Vec<_>>().join(" ");
    let summary = if summary.chars().count() > 200 {
        format!("{}…", summary.chars().take(199).collect::<String>())
    } else {
        summary
    };
    let json_ld = json_ld(&job, &site.ctx.theme.title, &url, image.as_deref());
    let page = JobPage {
        s: site.view(),
        tr: site.tr,
        base: site.ctx.href(SITE.key, ""),
        job,
        apply,
        url,
        shares,
        json_ld,
        summary,
        image,
    };
    portico_http::ui::page(&page)
}

/// schema.org's `employmentType` for a contract.
fn employment_type(contract: &str) -> &'static str {
    match contract {
        "permanent" => "FULL_TIME",
        "fixed_term" | "temporary" => "TEMPORARY",
        "internship" => "INTERN",
        "freelance" => "CONTRACTOR",
        _ => "OTHER",
    }
}

/// The job as a schema.org `JobPosting`, ready to sit in a `<script>` element: `<` is
/// escaped, so no text of the ad can close the element.
pub(crate) fn json_ld(job: &Job, organization: &str, url: &str, logo: Option<&str>) -> String {
    let posted =
        portico_kernel::clock::from_micros(job.opened_at.unwrap_or(job.created_at)).format("%Y-%m-%d").to_string();
    let mut org = json!({"@type": "Organization", "name": organization});
    if let Some(l) = logo {
        org["logo"] = json!(l);
    }
    let mut v = json!({
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": job.description,
        "datePosted": posted,
        "employmentType": employment_type(&job.contract),
        "hiringOrganization": org,
        "identifier": {"@type": "PropertyValue", "name": organization, "value": job.id},
        "directApply": true,
        "url": url,
        "inLanguage": job.locale,
    });
    if !job.location.is_empty() {
        v["jobLocation"] =
            json!({"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": job.location}});
    }
    if job.workplace == "remote" {
        v["jobLocationType"] = json!("TELECOMMUTE");
    }
    if job.salary_min.is_some() || job.salary_max.is_some() {
        let mut value = json!({"@type": "QuantitativeValue", "unitText": job.salary_period.to_uppercase()});
        if let Some(m) = job.salary_min {
            value["minValue"] = json!(m);
        }
        if let Some(m) = job.salary_max {
            value["maxValue"] = json!(m);
        }
        v["baseSalary"] = json!({"@type": "MonetaryAmount", "currency": job.salary_currency, "value": value});
    }
    v.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}
