//! The core, as a module: its record kinds, its pages and API (one folder per resource),
//! its strings, jobs and demo, and the consumers of write events every module relies on
//! (the audit log, webhooks, search indexing). It registers with the platform and the web
//! shell exactly as Recruit, Desk and Partners do.

pub mod account;
pub mod assistant;
pub mod audit;
pub mod commands;
pub mod contacts;
pub mod dashboard;
pub mod data;
pub mod demo;
pub mod email;
pub mod fields;
pub mod files;
pub mod imports;
pub mod jobs;
pub mod kinds;
pub mod live;
pub mod mailboxes;
pub mod notifications;
pub mod reports;
pub mod roles;
pub mod rules;
pub mod search;
pub mod sites;
pub mod tasks;
pub mod tokens;
pub mod units;
pub mod users;
pub mod webhooks;
pub mod wording;

use std::sync::Arc;

use axum::routing::get;
use fluent_templates::{StaticLoader, static_loader};
use portico_db::BoxFuture;
use portico_http::{AppState, CommandContext, DemoContext, Module, NavItem, Routes, Schedule};
use portico_jobs::Worker;
use portico_kernel::perm;
use portico_kernel::{AppError, Permission};
use portico_platform::{InternalTable, ModuleSpec};

pub const ADMIN: Permission = Permission::new(perm::CORE, perm::ADMIN);
const VIEW: Permission = Permission::new(perm::CORE, perm::VIEW);

static_loader! {
    static STRINGS = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// Parse an id from a path; a malformed one names nothing, so it is not found.
pub fn parse<T: std::str::FromStr>(s: &str) -> Result<T, AppError> {
    s.parse().map_err(|_| AppError::not_found())
}

pub struct Core;

const fn item(key: &'static str, label: &'static str, href: &'static str, icon: &'static str) -> NavItem {
    NavItem { key, label, hint: "", href, icon, section: None, needs: None, admin_only: false }
}

/// A settings page: shown to admins, in the hub and the settings tabs.
fn setting(
    key: &'static str,
    label: &'static str,
    hint: &'static str,
    href: &'static str,
    icon: &'static str,
) -> NavItem {
    NavItem { hint, admin_only: true, ..item(key, label, href, icon) }
}

impl Module for Core {
    fn name(&self) -> &'static str {
        kinds::MODULE
    }

    fn spec(&self) -> ModuleSpec {
        ModuleSpec {
            name: kinds::MODULE,
            kinds: kinds::all(),
            internal_tables: vec![
                InternalTable {
                    name: "sessions",
                    why: "sign-ins end when data moves to another install",
                    rebuild: &[],
                    personal_data: &[],
                },
                InternalTable {
                    name: "jobs",
                    why: "queued work belongs to the install that queued it",
                    rebuild: &[],
                    personal_data: &["payload", "last_error"],
                },
                InternalTable {
                    name: "search_docs",
                    why: "rebuilt from the records after an import",
                    rebuild: &[],
                    personal_data: &[],
                },
                InternalTable {
                    name: "access_versions",
                    why: "counters for caches, meaningless elsewhere",
                    rebuild: &[],
                    personal_data: &[],
                },
                InternalTable {
                    name: "mailbox_state",
                    why: "where this install's poller stands in each IMAP folder",
                    rebuild: &[],
                    personal_data: &[],
                },
                InternalTable {
                    name: "presence",
                    why: "who is on which record at this moment",
                    rebuild: &[],
                    personal_data: &[],
                },
                InternalTable {
                    name: "portal_sign_ins",
                    why: "sign-in links end when data moves to another install",
                    rebuild: &[],
                    personal_data: &[],
                },
                InternalTable {
                    name: "portal_sessions",
                    why: "portal sign-ins end when data moves to another install",
                    rebuild: &[],
                    personal_data: &[],
                },
                InternalTable {
                    name: "portal_passwords",
                    why: "a credential never travels: contacts sign in by link and choose again",
                    rebuild: &[],
                    personal_data: &[],
                },
                InternalTable {
                    name: "import_ids",
                    why: "which record each row of earlier CSV imports became, for the next run on this install",
                    rebuild: &[],
                    personal_data: &[],
                },
                reports::ACTIVITY_ROLLUP,
                reports::FILES_ROLLUP,
            ],
            consumers: vec![
                Arc::new(portico_audit::AuditLog),
                Arc::new(portico_webhooks::Outgoing),
                Arc::new(portico_search::Indexer),
                Arc::new(portico_rules::engine::Watcher),
                Arc::new(reports::Rollups),
            ],
            migrations: Some(portico_db::CORE_MIGRATIONS),
            actions: Vec::new(),
            error_codes: Vec::new(),
        }
    }

    fn routes(&self) -> Routes {
        let r = Routes::new().page("/", get(dashboard::dashboard));
        let r = account::routes(r);
        let r = files::routes(r);
        let r = contacts::routes(r);
        let r = search::routes(r);
        let r = tasks::routes(r);
        let r = units::routes(r);
        let r = users::routes(r);
        let r = roles::routes(r);
        let r = fields::routes(r);
        let r = webhooks::routes(r);
        let r = mailboxes::routes(r);
        let r = wording::routes(r);
        let r = rules::routes(r);
        let r = reports::routes(r);
        let r = notifications::routes(r)
            .page("/live", get(live::stream))
            .page("/live/typing", axum::routing::post(live::typing_page));
        let r = email::routes(r);
        let r = audit::routes(r);
        let r = data::routes(r);
        let r = imports::routes(r);
        let r = sites::routes(r);
        tokens::routes(r)
    }

    fn nav(&self) -> Vec<NavItem> {
        let workspace = Some("nav-workspace");
        vec![
            item("home", "nav-home", "/", "house"),
            NavItem { needs: Some(VIEW), ..item("contacts", "nav-contacts", "/contacts", "contact") },
            NavItem { needs: Some(VIEW), ..item("files", "nav-files", "/files", "file") },
            NavItem { needs: Some(VIEW), ..item("reports", "nav-reports", "/reports", "chart-column") },
            item("tasks", "nav-tasks", "/tasks", "list-checks"),
            NavItem {
                section: workspace,
                needs: Some(VIEW),
                ..item("units", "nav-units", "/settings/units", "building-2")
            },
            NavItem { section: workspace, ..item("users", "nav-users", "/settings/users", "users") },
            NavItem { section: workspace, ..item("tokens", "nav-tokens", "/settings/tokens", "key-round") },
        ]
    }

    fn settings(&self) -> Vec<NavItem> {
        vec![
            setting("units", "nav-units", "hub-units", "/settings/units", "building-2"),
            setting("users", "nav-users", "hub-users", "/settings/users", "users"),
            setting("roles", "nav-roles", "hub-roles", "/settings/roles", "shield"),
            setting("fields", "nav-fields", "hub-fields", "/settings/fields", "sliders-horizontal"),
            setting("webhooks", "nav-webhooks", "hub-webhooks", "/settings/webhooks", "webhook"),
            setting("mailboxes", "nav-mailboxes", "hub-mailboxes", "/settings/mailboxes", "inbox"),
            setting("templates", "nav-templates", "hub-templates", "/settings/templates", "layout-template"),
            setting("rules", "nav-rules", "hub-rules", "/settings/rules", "workflow"),
            setting("email", "nav-email", "hub-email", "/settings/email", "mail"),
            setting("site", "nav-site", "hub-site", "/settings/site", "globe"),
            setting("inbound", "nav-inbound", "hub-inbound", "/settings/inbound", "shield-check"),
            setting("audit", "nav-audit", "hub-audit", "/settings/audit", "scroll-text"),
            setting("data", "nav-data", "hub-data", "/settings/data", "download"),
            setting("import", "nav-import", "hub-import", "/settings/import", "upload"),
        ]
    }

    fn strings(&self) -> Option<&'static StaticLoader> {
        Some(&STRINGS)
    }

    fn template_purposes(&self) -> Vec<portico_mail::templates::Purpose> {
        let mut all = wording::purposes();
        all.push(wording::notification_purpose());
        all.push(rules::purpose());
        all
    }

    fn datasets(&self) -> Vec<portico_reports::Dataset> {
        reports::datasets()
    }

    fn rule_subjects(&self) -> Vec<portico_rules::Subject> {
        rules::subjects()
    }

    fn rule_actions(&self) -> Vec<Arc<dyn portico_rules::Action>> {
        rules::actions::all()
    }

    fn mail_consumers(&self) -> Vec<Arc<dyn portico_mail::inbound::MailConsumer>> {
        vec![Arc::new(contacts::mail::ContactMail)]
    }

    fn jobs(&self, state: &AppState, worker: &mut Worker) -> Result<(), AppError> {
        data::jobs::register(state, worker);
        imports::run::register(state, worker);
        rules::register_jobs(state, worker);
        let mail = state.mail.clone();
        worker.register(notifications::DIGEST_JOB, move |ctx| {
            let mail = mail.clone();
            async move {
                notifications::digest(&ctx.db, &mail, ctx.clock.now_micros())
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }
        });
        let s = state.clone();
        worker.register(reports::send::SEND_JOB, move |_| {
            let s = s.clone();
            async move { reports::send::send_due(&s).await.map(|_| ()).map_err(|e| e.to_string()) }
        });
        jobs::register(state, worker)
    }

    fn schedules(&self, settings: &portico_config::Settings) -> Vec<Schedule> {
        let mut all = vec![
            Schedule { name: "purge-sessions", job: jobs::PURGE_SESSIONS, every_seconds: 3600 },
            Schedule { name: "purge-inbound-requests", job: jobs::PURGE_INBOUND, every_seconds: 86_400 },
            Schedule { name: "purge-imports", job: jobs::PURGE_IMPORTS, every_seconds: 86_400 },
            Schedule { name: "statistics", job: jobs::ANALYZE, every_seconds: 86_400 },
            Schedule { name: "rules-tick", job: portico_rules::engine::TICK_JOB, every_seconds: 60 },
            Schedule { name: "reports-send", job: reports::send::SEND_JOB, every_seconds: 300 },
            Schedule { name: "notifications-digest", job: notifications::DIGEST_JOB, every_seconds: 86_400 },
        ];
        if settings.backup.every_hours > 0 {
            let every_seconds = i64::from(settings.backup.every_hours) * 3600;
            all.push(Schedule { name: "backup", job: data::jobs::BACKUP_JOB, every_seconds });
        }
        all
    }

    fn command(&self) -> Option<clap::Command> {
        Some(commands::command())
    }

    fn run_command<'a>(
        &'a self,
        ctx: &'a CommandContext<'a>,
        args: &'a clap::ArgMatches,
    ) -> BoxFuture<'a, Result<Vec<String>, AppError>> {
        Box::pin(commands::run(ctx, args))
    }

    fn demo<'a>(&'a self, ctx: &'a DemoContext<'a>) -> Option<BoxFuture<'a, Result<Vec<String>, AppError>>> {
        Some(Box::pin(async move {
            demo::load(ctx.db, ctx.settings, ctx.registry).await.map_err(|e| AppError::internal(format!("{e:#}")))
        }))
    }
}

#[cfg(test)]
mod tests {
    use portico_http::i18n::{Tr, missing_keys};
    use portico_kernel::locale::Locale;
    use portico_kernel::{AppError, ErrorCode};

    #[test]
    fn every_language_has_every_key() {
        for files in [
            [
                ("en", include_str!("../locales/en/core.ftl")),
                ("fr", include_str!("../locales/fr/core.ftl")),
                ("hr", include_str!("../locales/hr/core.ftl")),
            ],
            [
                ("en", include_str!("../locales/en/mail.ftl")),
                ("fr", include_str!("../locales/fr/mail.ftl")),
                ("hr", include_str!("../locales/hr/mail.ftl")),
            ],
            [
                ("en", include_str!("../locales/en/live.ftl")),
                ("fr", include_str!("../locales/fr/live.ftl")),
                ("hr", include_str!("../locales/hr/live.ftl")),
            ],
            [
                ("en", include_str!("../locales/en/reports.ftl")),
                ("fr", include_str!("../locales/fr/reports.ftl")),
                ("hr", include_str!("../locales/hr/reports.ftl")),
            ],
            [
                ("en", include_str!("../locales/en/rules.ftl")),
                ("fr", include_str!("../locales/fr/rules.ftl")),
                ("hr", include_str!("../locales/hr/rules.ftl")),
            ],
            [
                ("en", include_str!("../locales/en/wording.ftl")),
                ("fr", include_str!("../locales/fr/wording.ftl")),
                ("hr", include_str!("../locales/hr/wording.ftl")),
            ],
        ] {
            assert_eq!(missing_keys(&files), Vec::<String>::new());
        }
    }

    #[test]
    fn messages_name_the_field_in_the_language() {
        portico_http::i18n::register([&*super::STRINGS].into_iter());
        let e = AppError::field(ErrorCode::Required, "email");
        assert_eq!(Tr::new(Locale::En).error(&e), "E-mail: This field is required.");
        assert_eq!(Tr::new(Locale::Fr).error(&e), "Adresse e-mail : Ce champ est obligatoire.");
        assert_eq!(Tr::new(Locale::Hr).error(&e), "E-pošta: Ovo polje je obavezno.");
        let custom = AppError::field(ErrorCode::InvalidDate, "custom.opened_on");
        assert_eq!(Tr::new(Locale::Fr).error(&custom), "opened on : Cette date n’est pas valide (AAAA-MM-JJ).");
        assert_eq!(Tr::new(Locale::Fr).count("count-users", 1), "1 utilisateur");
        assert_eq!(Tr::new(Locale::Hr).count("count-users", 5), "5 korisnika");
        // 2026-07-01 10:30 UTC is 12:30 in Zagreb (summer time).
        let ts = 1_782_901_800_000_000;
        assert_eq!(Tr::in_zone(Locale::Hr, chrono_tz::Europe::Zagreb).datetime(ts), "1. 7. 2026. 12:30");
        assert_eq!(Tr::new(Locale::En).datetime(ts), "Jul 1, 2026 10:30");
    }
}
