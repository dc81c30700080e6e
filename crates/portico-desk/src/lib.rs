//! Desk, the help desk module: tickets from every channel in one queue (e-mail first: a
//! Desk mailbox's mail opens tickets and answers join them), worked by agents in groups,
//! answered by e-mail in the ticket's own conversation. It registers with the platform and
//! the web shell like every module.

pub mod demo;
pub mod groups;
pub mod ingest;
pub mod kinds;
pub mod macros;
pub mod rules;
pub mod suspended;
pub mod tickets;
pub mod time;
pub mod zendesk;

use std::sync::Arc;

use axum::routing::{get, post};
use fluent_templates::{StaticLoader, static_loader};
use portico_db::{BoxFuture, Migration, MigrationSet};
use portico_http::{CommandContext, DemoContext, Module, NavItem, RouteClass, Routes};
use portico_kernel::{AppError, ModuleCode, Permission, perm};
use portico_platform::ModuleSpec;

pub const MODULE: &str = "desk";
pub const VIEW: Permission = Permission::new(MODULE, perm::VIEW);
pub const CREATE: Permission = Permission::new(MODULE, perm::CREATE);
pub const EDIT: Permission = Permission::new(MODULE, perm::EDIT);
pub const DELETE: Permission = Permission::new(MODULE, perm::DELETE);

/// The mail consumer of Desk mailboxes.
pub const CONSUMER: &str = "desk.tickets";

/// A change made on an older version of a ticket than the one stored.
pub static CHANGED: ModuleCode = ModuleCode {
    code: "ticket_changed",
    status: 409,
    english: "This ticket changed since you opened it. Look at what changed, then send again.",
};

/// A public reply with no Desk mailbox to send it from.
pub static NO_MAILBOX: ModuleCode = ModuleCode {
    code: "desk_no_mailbox",
    status: 409,
    english: "A public reply is sent by e-mail from a Desk mailbox, and there is none. Add one in Settings › Mailboxes, or add an internal note.",
};

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
        Migration::shared(1, "desk", include_str!("../migrations/0001_desk.sql")),
        Migration::shared(2, "time", include_str!("../migrations/0002_time.sql")),
        Migration::shared(3, "api_ids", include_str!("../migrations/0003_api_ids.sql")),
        Migration::shared(4, "attachments", include_str!("../migrations/0004_attachments.sql")),
    ],
};

pub(crate) use portico_core::parse;

pub struct Desk;

impl Module for Desk {
    fn name(&self) -> &'static str {
        MODULE
    }

    fn spec(&self) -> ModuleSpec {
        ModuleSpec {
            name: MODULE,
            kinds: kinds::all(),
            migrations: Some(MIGRATIONS),
            internal_tables: vec![tickets::write::COUNTERS, zendesk::ids::TABLE],
            error_codes: vec![&CHANGED, &NO_MAILBOX],
            ..Default::default()
        }
    }

    fn routes(&self) -> Routes {
        Routes::new()
            .api(tickets::api::router())
            .api(groups::router())
            .api(time::router())
            .api(tickets::attachments::router())
            .api(suspended::router())
            .under(RouteClass::Compat, zendesk::PREFIX, zendesk::router())
            .page("/desk", get(tickets::pages::inbox))
            .page("/desk/tickets/new", get(tickets::pages::new_ticket).post(tickets::pages::create))
            .page("/desk/tickets/bulk", post(tickets::pages::bulk_change))
            .page("/desk/tickets/{id}", get(tickets::pages::ticket).post(tickets::pages::save))
            .page("/desk/tickets/{id}/comments", post(tickets::pages::reply))
            .page("/desk/tickets/{id}/macro", post(tickets::pages::insert_macro))
            .page("/desk/tickets/{id}/merge", post(tickets::pages::merge))
            .page("/desk/tickets/{id}/custom", post(tickets::pages::save_custom))
            .page("/desk/tickets/{id}/time", post(time::log_page))
            .page("/desk/tickets/{id}/timer", post(time::timer_page))
            .page("/desk/time-entries/{id}/delete", post(time::delete_page))
            .page("/desk/suspended", get(suspended::page))
            .page("/desk/suspended/{id}/recover", post(suspended::recover))
            .page("/desk/suspended/{id}/delete", post(suspended::delete))
            .page("/desk/suspended/{id}/block", post(suspended::block))
            .page("/desk/groups", get(groups::page).post(groups::create_page))
            .page("/desk/groups/{id}/delete", post(groups::delete_page))
    }

    fn nav(&self) -> Vec<NavItem> {
        let item = |key, label, href, icon| NavItem {
            key,
            label,
            hint: "",
            href,
            icon,
            section: Some("nav-desk"),
            needs: Some(VIEW),
            admin_only: false,
        };
        vec![
            item("desk-inbox", "nav-desk-inbox", "/desk", "inbox"),
            item("desk-suspended", "desk-suspended", "/desk/suspended", "shield"),
            item("desk-groups", "desk-groups", "/desk/groups", "users"),
        ]
    }

    fn strings(&self) -> Option<&'static StaticLoader> {
        Some(&STRINGS)
    }

    fn mail_consumers(&self) -> Vec<Arc<dyn portico_mail::inbound::MailConsumer>> {
        vec![Arc::new(tickets::mail::TicketMail)]
    }

    fn template_purposes(&self) -> Vec<portico_mail::templates::Purpose> {
        vec![macros::purpose()]
    }

    fn rule_subjects(&self) -> Vec<portico_rules::Subject> {
        rules::subjects()
    }

    fn rule_actions(&self) -> Vec<Arc<dyn portico_rules::Action>> {
        rules::actions()
    }

    fn jobs(&self, state: &portico_http::AppState, worker: &mut portico_jobs::Worker) -> Result<(), AppError> {
        tickets::attachments::register(state, worker);
        Ok(())
    }

    fn schedules(&self, _settings: &portico_config::Settings) -> Vec<portico_http::Schedule> {
        let job = tickets::attachments::SWEEP_JOB;
        vec![portico_http::Schedule { name: "desk-unsent-uploads", job, every_seconds: 3600 }]
    }

    fn command(&self) -> Option<clap::Command> {
        Some(ingest::command())
    }

    fn run_command<'a>(
        &'a self,
        ctx: &'a CommandContext<'a>,
        args: &'a clap::ArgMatches,
    ) -> BoxFuture<'a, Result<Vec<String>, AppError>> {
        Box::pin(ingest::run(ctx, args))
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
            ("en", include_str!("../locales/en/desk.ftl")),
            ("fr", include_str!("../locales/fr/desk.ftl")),
            ("hr", include_str!("../locales/hr/desk.ftl")),
        ];
        assert_eq!(missing_keys(&files), Vec::<String>::new());
    }
}
