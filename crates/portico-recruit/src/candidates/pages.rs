//! The candidates pages: every candidate the caller sees (the CV library), and one
//! candidate's profile with their documents and applications.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use portico_authz::units;
use portico_http::form::FormState;
use portico_http::list::{self, Cell, Column, Filter, ListQuery, ListView, Row};
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, render};
use portico_kernel::{AppError, Page};
use serde::Deserialize;

use super::store::{self, Candidate, ProfileInput};
use crate::applications::store::{self as applications, ApplicationFilter, Card};
use crate::documents::{self, Document};
use crate::kinds::CANDIDATE;
use crate::searches::Criteria;
use crate::{EDIT, VIEW, parse};

#[derive(Template)]
#[template(path = "recruit_candidates.html")]
pub(crate) struct CandidatesPage {
    c: Shell,
    list: ListView,
    /// The reader's saved searches, and the search shown (its words and filters, to save it).
    searches: Vec<crate::searches::SavedSearch>,
    shown: Vec<(&'static str, String)>,
}

#[derive(Deserialize, Default)]
pub(crate) struct CandidatesQuery {
    #[serde(flatten)]
    list: ListQuery,
    #[serde(flatten)]
    flash: FlashQuery,
    /// The list's filters ([`Criteria::read`] names them), and whatever else the address holds.
    #[serde(flatten)]
    filters: std::collections::BTreeMap<String, String>,
}

/// The periods the list narrows to (days).
const PERIODS: [&str; 4] = ["7", "30", "90", "365"];
/// The least years of experience the list narrows to.
const YEARS: [i64; 5] = [1, 2, 3, 5, 10];

impl CandidatesPage {
    /// Whether the list shows the matches of words (best first).
    fn searching(&self) -> bool {
        self.shown.iter().any(|(k, _)| *k == "q")
    }
}

impl CandidatesQuery {
    /// The words and filters of the list shown.
    fn criteria(&self) -> Criteria {
        Criteria::read(|k| match k {
            "q" => self.list.search().unwrap_or_default().to_string(),
            k => self.filters.get(k).cloned().unwrap_or_default(),
        })
    }
}

fn view(
    staff: &Staff,
    q: &CandidatesQuery,
    shown: &Criteria,
    tags: &[String],
    languages: &[String],
    page: Page<Candidate>,
    chosen: Option<&str>,
) -> Result<ListView, AppError> {
    let (authz, tr) = (&staff.caller.authz, staff.tr());
    let visible = units::list(authz, &authz.scope(VIEW)?);
    let path = |id: &str| visible.iter().find(|u| u.id.to_db() == id).map(|u| u.path.clone()).unwrap_or_default();
    let columns = vec![
        Column::new("name", tr.t("field-name")).sorted("name").fixed(),
        Column::new("email", tr.t("field-email")).nowrap(),
        Column::new("location", tr.t("field-location")),
        Column::new("skills", tr.t("field-skills")),
        Column::new("tags", tr.t("field-tags")),
        Column::new("unit", tr.t("field-unit")),
        Column::new("updated", tr.t("col-updated")).sorted("updated").nowrap(),
    ];
    let rows = page
        .items
        .iter()
        .map(|k| Row {
            id: k.id.clone(),
            cells: vec![
                Cell::link(k.name.clone(), format!("/recruit/candidates/{}", k.id)).with_sub(k.headline.clone()),
                Cell::text(k.email.clone().unwrap_or_default()),
                Cell::text(k.location.clone()),
                Cell::text(k.skills.clone()),
                Cell::text(k.tags.clone()),
                Cell::text(path(&k.unit_id)),
                Cell::text(tr.date(k.updated_at)),
            ],
        })
        .collect();
    let mut options = vec![(String::new(), tr.t("filter-all"))];
    options.extend(visible.iter().map(|u| (u.id.to_db(), u.path.clone())));
    let unit =
        Filter { name: "unit", label: tr.t("field-unit"), options, value: shown.unit_id.clone().unwrap_or_default() };
    let mut tag_options = vec![(String::new(), tr.t("filter-all"))];
    tag_options.extend(tags.iter().map(|t| (t.clone(), t.clone())));
    let tag = Filter { name: "tag", label: tr.t("field-tags"), options: tag_options, value: shown.tag.clone() };
    let pick = |name: &'static str, label: String, options: Vec<(String, String)>, value: String| {
        let mut all = vec![(String::new(), tr.t("filter-all"))];
        all.extend(options);
        Filter { name, label, options: all, value }
    };
    let number = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    let language = pick(
        "language",
        tr.t("field-languages"),
        languages.iter().map(|l| (l.clone(), l.clone())).collect(),
        shown.language.clone(),
    );
    let sources =
        crate::applications::store::SOURCES.iter().map(|s| (s.to_string(), tr.tk("value-source-", s))).collect();
    let source = pick("source", tr.t("field-source"), sources, shown.source.clone());
    let stages = crate::jobs::store::CATEGORIES.iter().map(|c| (c.to_string(), tr.tk("value-category-", c))).collect();
    let stage = pick("stage", tr.t("field-stage"), stages, shown.stage.clone());
    let days = PERIODS.iter().map(|d| (d.to_string(), tr.t(&format!("recruit-added-within-{d}")))).collect();
    let days = pick("days", tr.t("recruit-added"), days, number(shown.days));
    let years = YEARS.iter().map(|y| (y.to_string(), tr.count("recruit-experience-at-least", *y))).collect();
    let experience = pick("experience", tr.t("recruit-experience-years"), years, number(shown.experience));
    Ok(ListView::new("recruit-candidates", "/recruit/candidates", columns, &page, &q.list, chosen, &tr)
        .rows(rows)
        .filter(unit)
        .filter(tag)
        .filter(language)
        .filter(source)
        .filter(stage)
        .filter(days)
        .filter(experience)
        .empty(tr.t("recruit-candidates-empty")))
}

pub(crate) async fn list(
    State(s): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Query(q): Query<CandidatesQuery>,
) -> Result<Response, PageError> {
    let chosen = list::chosen(&headers, "recruit-candidates");
    let scope = staff.caller.authz.scope(VIEW).or_page(&staff)?;
    let shown = q.criteria();
    if q.list.wants_csv() {
        let (db, scope, f) = (&s.db, &scope, shown.filter(s.clock.now_micros()));
        let all = list::all_rows(&q.list, |req| async move { store::list(db, scope, &req, f).await })
            .await
            .or_page(&staff)?;
        return Ok(list::csv_response(
            "candidates",
            view(&staff, &q, &shown, &[], &[], all, chosen.as_deref()).or_page(&staff)?.csv(),
        ));
    }
    let rows = store::list(&s.db, &scope, &q.list.request(50).or_page(&staff)?, shown.filter(s.clock.now_micros()))
        .await
        .or_page(&staff)?;
    let tags = store::tags_in_use(s.db.pool(), &scope).await.or_page(&staff)?;
    let languages = store::languages_in_use(s.db.pool(), &scope).await.or_page(&staff)?;
    let list = view(&staff, &q, &shown, &tags, &languages, rows, chosen.as_deref()).or_page(&staff)?;
    let searches = crate::searches::mine(s.db.pool(), &staff.caller.authz).await.or_page(&staff)?;
    Ok(portico_http::ui::page(&CandidatesPage {
        c: staff.shell("recruit-candidates", &q.flash),
        list,
        searches,
        shown: shown.pairs(),
    }))
}

#[derive(Template)]
#[template(path = "recruit_candidate.html")]
pub(crate) struct CandidatePage {
    c: Shell,
    candidate: Candidate,
    documents: Vec<Document>,
    cv: Option<crate::cv::Parsed>,
    /// The pools they are in, and the others they may be added to.
    pools: Vec<crate::pools::Pool>,
    other_pools: Vec<crate::pools::Pool>,
    applications: Vec<Card>,
    fields: Vec<portico_http::custom::FormField>,
    /// Others who may be the same person.
    duplicates: Vec<store::Duplicate>,
    can_edit: bool,
    form: FormState,
}

impl CandidatePage {
    /// What the CV says of the person that the contact and the profile do not (the rest is on
    /// the page already): label key and value.
    fn cv_news(&self) -> Vec<(&'static str, String)> {
        let Some(cv) = &self.cv else { return Vec::new() };
        let k = &self.candidate;
        [
            ("field-name", &cv.name, k.name.as_str()),
            ("field-email", &cv.email, k.email.as_deref().unwrap_or("")),
            ("field-phone", &cv.phone, k.phone.as_str()),
            ("field-location", &cv.location, k.location.as_str()),
        ]
        .into_iter()
        .filter_map(|(key, said, known)| {
            said.as_ref().filter(|v| !v.eq_ignore_ascii_case(known)).map(|v| (key, v.clone()))
        })
        .collect()
    }
}

async fn candidate_page(
    s: &AppState,
    staff: &Staff,
    id: &str,
    f: &FlashQuery,
    form: Option<FormState>,
) -> Result<Response, PageError> {
    let authz = &staff.caller.authz;
    let scope = authz.scope(VIEW).or_page(staff)?;
    let candidate = store::get(s.db.pool(), &scope, id).await.or_page(staff)?;
    let documents = documents::of_candidate(s.db.pool(), scope.workspace(), id).await.or_page(staff)?;
    let cv = documents::parsed_of(s.db.pool(), scope.workspace(), id).await.or_page(staff)?;
    let pools = crate::pools::of_candidate(s.db.pool(), &scope, id).await.or_page(staff)?;
    let other_pools: Vec<crate::pools::Pool> = crate::pools::list(s.db.pool(), &scope)
        .await
        .or_page(staff)?
        .into_iter()
        .filter(|p| !pools.iter().any(|m| m.id == p.id))
        .filter(|p| p.unit().is_ok_and(|u| authz.unit_cap(EDIT, u).is_ok()))
        .collect();
    let page = portico_kernel::PageRequest::new(None, Some(100)).or_page(staff)?;
    let filter = ApplicationFilter { candidate: Some(id), ..Default::default() };
    let applications = applications::list(s.db.pool(), &scope, &page, filter).await.or_page(staff)?.items;
    let mut fields = portico_http::custom::form_fields(s, authz.as_ref(), CANDIDATE, id).await.or_page(staff)?;
    let form = form.unwrap_or_else(|| FormState::editing(&candidate));
    portico_http::custom::refill(&mut fields, &form, "candidate", &staff.tr());
    let can_edit = authz.unit_cap(EDIT, candidate.unit().or_page(staff)?).is_ok();
    let duplicates = store::duplicates(s.db.pool(), &scope, &candidate).await.or_page(staff)?;
    let p = CandidatePage {
        c: staff.shell("recruit-candidates", f),
        candidate,
        documents,
        cv,
        pools,
        other_pools,
        applications,
        fields,
        duplicates,
        can_edit,
        form,
    };
    Ok(render(p.form.status(), &p))
}

pub(crate) async fn candidate(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    let id: uuid::Uuid = parse(&id).or_page(&staff)?;
    candidate_page(&s, &staff, &id.to_string(), &f, None).await
}

pub(crate) async fn save(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let Ok(id) = parse::<uuid::Uuid>(&id).map(|i| i.to_string()) else {
        return after("/recruit/candidates", Err(AppError::not_found())).into_response();
    };
    let get = |k: &str| portico_http::form::sent(&form, k).to_string();
    let input = ProfileInput {
        headline: get("headline"),
        location: get("location"),
        links: get("links"),
        skills: get("skills"),
        languages: get("languages"),
        experience: get("experience"),
        education: get("education"),
        tags: get("tags"),
    };
    let result = async {
        let defs = portico_fields::list(s.db.pool(), staff.caller.authz.as_ref(), Some(CANDIDATE)).await?;
        let custom = portico_http::custom::from_form(&defs, &form);
        store::update(&s.db, s.clock.as_ref(), &staff.caller.authz, &id, &input, &custom).await
    }
    .await;
    match result {
        Ok(()) => after(&format!("/recruit/candidates/{id}"), Ok("saved")).into_response(),
        Err(e) => {
            let state = FormState::failed("candidate", &form, &e, &staff.tr());
            candidate_page(&s, &staff, &id, &FlashQuery::default(), Some(state)).await.into_response()
        }
    }
}

/// Merge a duplicate shown on the page into the candidate of the page.
pub(crate) async fn merge(
    State(s): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let Ok(id) = parse::<uuid::Uuid>(&id).map(|i| i.to_string()) else {
        return after("/recruit/candidates", Err(AppError::not_found())).into_response();
    };
    let result = async {
        let other = parse::<uuid::Uuid>(portico_http::form::sent(&form, "duplicate_id"))?.to_string();
        let (authz, tr) = (&staff.caller.authz, staff.tr());
        super::merge::merge(&s.db, s.registry(), s.clock.as_ref(), authz, &tr, &id, &other).await
    }
    .await;
    after(&format!("/recruit/candidates/{id}"), result.map(|()| "recruit-merged")).into_response()
}

/// Save the search shown on the candidates list.
pub(crate) async fn save_search(
    State(s): State<AppState>,
    staff: Staff,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let get = |k: &str| portico_http::form::sent(&form, k).to_string();
    let input = crate::searches::SearchInput {
        name: get("name"),
        criteria: Criteria::read(get),
        alert: get("alert").trim() == "yes",
    };
    let result = crate::searches::save(&s.db, s.clock.as_ref(), &staff.caller.authz, &input).await;
    after(&input.criteria.href(), result.map(|_| "recruit-search-saved")).into_response()
}

pub(crate) async fn delete_search(State(s): State<AppState>, staff: Staff, Path(id): Path<String>) -> Response {
    let result = async {
        let id: uuid::Uuid = parse(&id)?;
        crate::searches::delete(&s.db, s.clock.as_ref(), &staff.caller.authz, &id.to_string()).await
    }
    .await;
    after("/recruit/candidates", result.map(|()| "deleted")).into_response()
}
