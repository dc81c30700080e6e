//! Recruit, the applicant tracking module: jobs with their own pipeline, the career site
//! where candidates apply, candidates (the recruiting profile of a contact) and their
//! applications moving through each job's stages, the documents they send and the hiring
//! team's comments. It registers with the platform and the web shell like every module.

pub mod applications;
pub mod assessments;
pub mod boards;
pub mod candidates;
pub mod careers;
pub mod cv;
pub mod demo;
pub mod documents;
pub mod drafts;
pub mod hiring;
pub mod import;
pub mod interviews;
pub mod jobs;
pub mod kinds;
pub mod messages;
pub mod offers;
pub mod pipelines;
pub mod pools;
pub mod referrals;
pub mod reports;
pub mod requisitions;
pub mod retention;
pub mod scorecards;
pub mod searches;

use std::sync::Arc;

use axum::routing::{get, post};
use fluent_templates::{StaticLoader, static_loader};
use portico_db::{BoxFuture, Migration, MigrationSet};
use portico_http::{AppState, DemoContext, Module, NavItem, RouteClass, Routes};
use portico_jobs::Worker;
use portico_kernel::perm;
use portico_kernel::{AppError, Permission};
use portico_platform::ModuleSpec;

pub const MODULE: &str = "recruit";
pub const VIEW: Permission = Permission::new(MODULE, perm::VIEW);
pub const CREATE: Permission = Permission::new(MODULE, perm::CREATE);
pub const EDIT: Permission = Permission::new(MODULE, perm::EDIT);
pub const DELETE: Permission = Permission::new(MODULE, perm::DELETE);

static_loader! {
    static STRINGS = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

const MIGRATIONS: MigrationSet = MigrationSet {
    module: MODULE,
    list: &[
        Migration::shared(1, "recruit", include_str!("../migrations/0001_recruit.sql")),
        Migration::shared(2, "rollup", include_str!("../migrations/0002_rollup.sql")),
        Migration::shared(3, "consent_warning", include_str!("../migrations/0003_consent_warning.sql")),
        Migration::shared(4, "questions", include_str!("../migrations/0004_questions.sql")),
        Migration::shared(5, "cv", include_str!("../migrations/0005_cv.sql")),
        Migration::shared(6, "pipeline_templates", include_str!("../migrations/0006_pipeline_templates.sql")),
        Migration::shared(7, "pools", include_str!("../migrations/0007_pools.sql")),
        Migration::shared(8, "tags", include_str!("../migrations/0008_tags.sql")),
        Migration::shared(9, "saved_searches", include_str!("../migrations/0009_saved_searches.sql")),
        Migration::shared(10, "candidate_mail", include_str!("../migrations/0010_candidate_mail.sql")),
        Migration::shared(11, "interviews", include_str!("../migrations/0011_interviews.sql")),
        Migration::shared(12, "offers", include_str!("../migrations/0012_offers.sql")),
        Migration::shared(13, "scorecards", include_str!("../migrations/0013_scorecards.sql")),
        Migration::shared(14, "blind_review", include_str!("../migrations/0014_blind_review.sql")),
        Migration::shared(15, "referrals", include_str!("../migrations/0015_referrals.sql")),
        Migration::shared(16, "requisitions", include_str!("../migrations/0016_requisitions.sql")),
        Migration::shared(17, "assessments", include_str!("../migrations/0017_assessments.sql")),
        Migration::shared(18, "busy_calendars", include_str!("../migrations/0018_busy_calendars.sql")),
        Migration::shared(19, "experience_years", include_str!("../migrations/0019_experience_years.sql")),
        Migration::shared(20, "saved_search_filters", include_str!("../migrations/0020_saved_search_filters.sql")),
    ],
};

pub(crate) use portico_core::parse;

pub(crate) use portico_authz::store::may;

/// An interview planned at a time one of its interviewers is busy.
pub static BUSY: portico_kernel::ModuleCode = portico_kernel::ModuleCode {
    code: "interviewer_busy",
    status: 409,
    english: "An interviewer is busy at this time.",
};

pub struct Recruit;

impl Module for Recruit {
    fn name(&self) -> &'static str {
        MODULE
    }

    fn spec(&self) -> ModuleSpec {
        ModuleSpec {
            name: MODULE,
            kinds: kinds::all(),
            migrations: Some(MIGRATIONS),
            consumers: vec![
                Arc::new(candidates::Reindex),
                Arc::new(reports::Rollup),
                Arc::new(messages::stages::Schedule),
                Arc::new(messages::team::Newsroom),
                Arc::new(messages::mentions::Mentions),
            ],
            internal_tables: vec![reports::ROLLUP, interviews::feed::TABLE, interviews::busy::TABLE],
            error_codes: vec![&BUSY],
            ..Default::default()
        }
    }

    fn routes(&self) -> Routes {
        Routes::new()
            .api(jobs::api::router())
            .api(applications::api::router())
            .api(candidates::api::router())
            .api(documents::router())
            .api(pipelines::api::router())
            .api(pools::api::router())
            .api(searches::router())
            .api(messages::api::router())
            .api(interviews::api::router())
            .api(offers::api::router())
            .api(scorecards::api::router())
            .api(requisitions::router())
            .api(assessments::api::router())
            .api(drafts::router())
            .page("/recruit", get(jobs::pages::overview))
            .page("/recruit/pools", get(pools::pages::list).post(pools::pages::create))
            .page("/recruit/pools/{id}", get(pools::pages::show).post(pools::pages::update))
            .page("/recruit/pools/{id}/delete", post(pools::pages::delete))
            .page("/recruit/pools/{id}/candidates/{candidate}/remove", post(pools::pages::remove))
            .page("/recruit/candidates/{id}/pools", post(pools::pages::add))
            .page("/recruit/candidates/{id}/merge", post(candidates::pages::merge))
            .page("/recruit/searches", post(candidates::pages::save_search))
            .page("/recruit/searches/{id}/delete", post(candidates::pages::delete_search))
            .page("/recruit/pipelines", get(pipelines::pages::list).post(pipelines::pages::create))
            .page("/recruit/pipelines/{id}", get(pipelines::pages::edit).post(pipelines::pages::update))
            .page("/recruit/pipelines/{id}/delete", post(pipelines::pages::delete))
            .page("/recruit/jobs/new", get(jobs::pages::new_job).post(jobs::pages::create))
            .page("/recruit/jobs/draft", post(jobs::pages::draft))
            .page("/recruit/jobs/{id}", get(jobs::pages::board))
            .page("/recruit/jobs/{id}/edit", get(jobs::pages::edit).post(jobs::pages::save))
            .page("/recruit/jobs/{id}/status", post(jobs::pages::set_status))
            .page("/recruit/jobs/{id}/applications", get(applications::list::list))
            .page("/recruit/jobs/{id}/applications/bulk", post(applications::list::bulk))
            .page("/recruit/jobs/{id}/share", post(jobs::pages::share))
            .page("/recruit/jobs/{id}/stages", post(jobs::pages::add_stage))
            .page("/recruit/stages/{id}/{action}", post(jobs::pages::stage_action))
            .page("/recruit/jobs/{id}/links/{link}/revoke", post(jobs::pages::revoke_link))
            .page("/recruit/candidates", get(candidates::pages::list))
            .page("/recruit/candidates/{id}", get(candidates::pages::candidate).post(candidates::pages::save))
            .page("/recruit/applications/{id}", get(applications::pages::application))
            .page("/recruit/applications/{id}/move", post(applications::pages::move_to))
            .page("/recruit/applications/{id}/reject", post(applications::pages::reject))
            .page("/recruit/applications/{id}/transfer", post(applications::pages::transfer))
            .page("/recruit/applications/{id}/comments", post(applications::pages::comment))
            .page("/recruit/applications/{id}/emails", post(messages::pages::write))
            .page("/recruit/applications/{id}/emails/draft", post(messages::pages::draft))
            .page("/recruit/stage-emails", get(messages::pages::to_review))
            .page("/recruit/stage-emails/{id}/{action}", post(messages::pages::decide))
            .page("/recruit/stages/{id}/mail", post(messages::pages::stage_mail))
            .page("/recruit/jobs/{id}/follow", post(messages::pages::follow))
            .page("/recruit/jobs/{id}/blind", post(jobs::pages::set_blind))
            .page("/recruit/jobs/{id}/pipeline-template", post(pipelines::pages::from_job))
            .page("/recruit/applications/{id}/interviews", post(interviews::pages::plan))
            .page("/recruit/interviews", get(interviews::pages::list))
            .page("/recruit/referrals", get(referrals::page).post(referrals::send))
            .page("/recruit/requisitions", get(requisitions::page).post(requisitions::create_page))
            .page("/recruit/requisitions/{id}/{action}", post(requisitions::decide_page))
            .page("/recruit/interviews/feed", post(interviews::pages::renew_feed))
            .page("/recruit/interviews/busy", post(interviews::pages::set_busy_calendar))
            .page("/recruit/interviews/{id}/{action}", post(interviews::pages::act))
            .page("/recruit/applications/{id}/offers", post(offers::pages::create))
            .page("/recruit/offers/{id}/{action}", post(offers::pages::act))
            .page("/recruit/stages/{id}/kit", post(scorecards::pages::kit))
            .page("/recruit/applications/{id}/scorecards", post(scorecards::pages::submit))
            .page("/recruit/documents/{id}/download", get(documents::download_page))
            .page("/recruit/assessments", get(assessments::api::page).post(assessments::api::add))
            .page("/recruit/assessments/{id}/delete", post(assessments::api::remove))
            .site(careers::SITE, careers::router())
            .under(RouteClass::Public, hiring::PREFIX, hiring::router())
            .under(RouteClass::Public, interviews::feed::PREFIX, interviews::feed::router())
            .under(
                RouteClass::Signed,
                "/hooks/recruit/assessments",
                axum::Router::new().route("/{id}", post(assessments::hook::receive)),
            )
            .under(RouteClass::Compat, "/v1/boards", boards::greenhouse())
            .under(RouteClass::Compat, "/v0/postings", boards::lever())
    }

    fn nav(&self) -> Vec<NavItem> {
        let section = Some("nav-recruit");
        let item = |key, label, href, icon| NavItem {
            key,
            label,
            hint: "",
            href,
            icon,
            section,
            needs: Some(VIEW),
            admin_only: false,
        };
        vec![
            item("recruit-jobs", "nav-recruit-jobs", "/recruit", "briefcase"),
            item("recruit-candidates", "nav-recruit-candidates", "/recruit/candidates", "user"),
            item("recruit-interviews", "recruit-interviews", "/recruit/interviews", "clock"),
            item("recruit-pools", "recruit-pools", "/recruit/pools", "users"),
            NavItem {
                needs: None,
                ..item("recruit-referrals", "recruit-referrals", "/recruit/referrals", "handshake")
            },
        ]
    }

    fn settings(&self) -> Vec<NavItem> {
        vec![NavItem {
            key: "recruit-assessments",
            label: "recruit-assessments",
            hint: "hub-recruit-assessments",
            href: "/recruit/assessments",
            icon: "list-checks",
            section: None,
            needs: None,
            admin_only: true,
        }]
    }

    fn strings(&self) -> Option<&'static StaticLoader> {
        Some(&STRINGS)
    }

    fn wording(&self) -> &'static [(&'static str, &'static str)] {
        messages::WORDING
    }

    fn mail_consumers(&self) -> Vec<Arc<dyn portico_mail::inbound::MailConsumer>> {
        vec![Arc::new(messages::write::CandidateMail)]
    }

    fn template_purposes(&self) -> Vec<portico_mail::templates::Purpose> {
        messages::purposes()
    }

    fn importers(&self) -> Vec<Arc<dyn portico_http::imports::Importer>> {
        vec![Arc::new(import::RecruitImport)]
    }

    fn datasets(&self) -> Vec<portico_reports::Dataset> {
        reports::datasets()
    }

    fn jobs(&self, state: &AppState, worker: &mut Worker) -> Result<(), AppError> {
        documents::register(state, worker);
        retention::register(state, worker);
        searches::register(state, worker);
        messages::stages::register(state, worker);
        messages::team::register(state, worker);
        messages::mentions::register(state, worker);
        interviews::schedule::register(state, worker);
        Ok(())
    }

    fn schedules(&self, _settings: &portico_config::Settings) -> Vec<portico_http::Schedule> {
        vec![
            portico_http::Schedule { name: "recruit-retention", job: retention::JOB, every_seconds: 86_400 },
            portico_http::Schedule { name: "recruit-alerts", job: searches::ALERT_JOB, every_seconds: 86_400 },
            portico_http::Schedule { name: "recruit-busy-calendars", job: interviews::busy::JOB, every_seconds: 900 },
        ]
    }

    fn demo<'a>(&'a self, ctx: &'a DemoContext<'a>) -> Option<BoxFuture<'a, Result<Vec<String>, AppError>>> {
        Some(Box::pin(demo::load(ctx)))
    }
}

#[cfg(test)]
mod tests {
    use portico_http::i18n::missing_keys;

    #[test]
    fn every_language_has_every_key() {
        let files = [
            ("en", include_str!("../locales/en/recruit.ftl")),
            ("fr", include_str!("../locales/fr/recruit.ftl")),
            ("hr", include_str!("../locales/hr/recruit.ftl")),
        ];
        assert_eq!(missing_keys(&files), Vec::<String>::new());
    }
}
