//! What a module registers with the web shell: its routes, each in a class that decides
//! what the shell puts in front of it; its entries in the sidebar and in settings; its
//! strings; its background jobs and schedules. The binary lists the modules; the shell
//! assembles them and refuses, at start-up, two routes that overlap.

use std::collections::BTreeMap;

use axum::Router;
use axum::routing::MethodRouter;
use fluent_templates::StaticLoader;
use portico_jobs::Worker;
use portico_kernel::{AppError, Permission};
use portico_platform::ModuleSpec;
use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// The class of a route decides what runs before its handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteClass {
    /// Staff pages: session, CSRF token bound to it, Origin check; errors as pages.
    Staff,
    /// `/api/v1`: token or session; errors in the JSON error shape.
    Api,
    /// Public pages (career site, help center, portal) under their module's prefix: no
    /// session, per-address rate limits, a pre-session CSRF token on their forms.
    Public,
    /// Signed inbound endpoints (postbacks, raw MIME, partner webhooks): the handler checks a
    /// signature instead of a CSRF token.
    Signed,
    /// Another product's API kept on its own paths, auth and error bodies (`/api/v2`).
    Compat,
    /// A public site's pages (see [`crate::site`]): public, and only reached through the
    /// site layer, which gives them their workspace and theme.
    Site,
}

/// A recurring job a module wants run.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub name: &'static str,
    pub job: &'static str,
    pub every_seconds: i64,
}

/// The routes of one module.
#[derive(Default)]
pub struct Routes {
    pages: Vec<(String, MethodRouter<AppState>)>,
    api: Option<OpenApiRouter<AppState>>,
    prefixed: Vec<(RouteClass, String, Router<AppState>)>,
    sites: Vec<crate::site::SiteSpec>,
}

impl Routes {
    pub fn new() -> Routes {
        Routes::default()
    }
    /// A staff page (or form target).
    pub fn page(mut self, path: &str, route: MethodRouter<AppState>) -> Self {
        self.pages.push((path.to_string(), route));
        self
    }
    /// API routes, documented in the OpenAPI document.
    pub fn api(mut self, router: OpenApiRouter<AppState>) -> Self {
        self.api = Some(match self.api.take() {
            Some(r) => r.merge(router),
            None => router,
        });
        self
    }
    /// A public site (the career site, the help center, a portal): its pages are at
    /// `/p/{workspace}/{key}/…` on the main host and on the custom domains that serve it.
    pub fn site(mut self, spec: crate::site::SiteSpec, router: Router<AppState>) -> Self {
        self.sites.push(spec);
        self.prefixed.push((RouteClass::Site, format!("{}/{}", crate::site::INTERNAL, spec.key), router));
        self
    }
    /// Everything under `prefix`, in one of the prefixed classes (public, signed, compat).
    pub fn under(mut self, class: RouteClass, prefix: &str, router: Router<AppState>) -> Self {
        self.prefixed.push((class, prefix.trim_end_matches('/').to_string(), router));
        self
    }
}

/// An entry of the sidebar or of the settings hub.
#[derive(Debug, Clone, Copy)]
pub struct NavItem {
    /// Marks the entry current when a page says it is active.
    pub key: &'static str,
    /// Translation key of the label.
    pub label: &'static str,
    /// Translation key of a one-line description (settings hub).
    pub hint: &'static str,
    pub href: &'static str,
    /// An icon of the sprite (`i-<name>`).
    pub icon: &'static str,
    /// Translation key of the sidebar section the entry opens or belongs to.
    pub section: Option<&'static str>,
    /// Shown to whoever holds this somewhere; `None`: to everyone signed in.
    pub needs: Option<Permission>,
    /// Shown only to workspace admins.
    pub admin_only: bool,
}

/// What a module's demo seeder works with.
pub struct DemoContext<'a> {
    pub db: &'a portico_db::Db,
    pub settings: &'a portico_config::Settings,
    pub registry: &'a portico_platform::Registry,
}

/// What a module's own command (`portico <module> …`) works with.
pub struct CommandContext<'a> {
    pub db: &'a portico_db::Db,
    pub settings: &'a portico_config::Settings,
    pub platform: &'a portico_platform::Platform,
    /// Every module's mail consumers (to take mail in as a mailbox would).
    pub mail: &'a portico_mail::inbound::Consumers,
    pub blobs: &'a portico_db::BlobStore,
    pub clock: &'a dyn portico_kernel::Clock,
    /// Shows the progress of long work, named by its label: a bar on a terminal, plain
    /// lines otherwise.
    pub progress: &'a (dyn Fn(&str) -> Box<dyn portico_db::Progress> + Sync),
}

/// A module of the suite, as the web shell sees it.
pub trait Module: Send + Sync + 'static {
    fn name(&self) -> &'static str;
    /// What the module registers with the platform (record kinds, consumers, tables).
    fn spec(&self) -> ModuleSpec;
    fn routes(&self) -> Routes;
    /// Sidebar entries.
    fn nav(&self) -> Vec<NavItem> {
        Vec::new()
    }
    /// Entries of the settings hub (and its tabs).
    fn settings(&self) -> Vec<NavItem> {
        Vec::new()
    }
    /// The module's translations.
    fn strings(&self) -> Option<&'static StaticLoader> {
        None
    }
    /// Where the module files mail that arrives in a mailbox (Desk: tickets; Recruit: the
    /// candidate's timeline). Each mailbox names one consumer.
    fn mail_consumers(&self) -> Vec<std::sync::Arc<dyn portico_mail::inbound::MailConsumer>> {
        Vec::new()
    }
    /// What the module's templates are for: its own messages people may rewrite, and the
    /// libraries of e-mails and canned texts it uses.
    fn template_purposes(&self) -> Vec<portico_mail::templates::Purpose> {
        Vec::new()
    }
    /// Portico's own wording of the module's messages (the defaults of its `Message`
    /// purposes): `(file name, minijinja source)`, named `<message>.<lang>.txt|html`.
    fn wording(&self) -> &'static [(&'static str, &'static str)] {
        &[]
    }
    /// The record kinds the module's rules may watch.
    fn rule_subjects(&self) -> Vec<portico_rules::Subject> {
        Vec::new()
    }
    /// The actions rules may take (Desk: assign, add a tag; Partners: hold for review).
    fn rule_actions(&self) -> Vec<std::sync::Arc<dyn portico_rules::Action>> {
        Vec::new()
    }
    /// What the module lets people report on.
    fn datasets(&self) -> Vec<portico_reports::Dataset> {
        Vec::new()
    }
    /// What the module imports from another product's CSV exports.
    fn importers(&self) -> Vec<std::sync::Arc<dyn crate::imports::Importer>> {
        Vec::new()
    }
    /// Register the module's job handlers on a worker.
    fn jobs(&self, _state: &AppState, _worker: &mut Worker) -> Result<(), AppError> {
        Ok(())
    }
    /// Recurring jobs, which may depend on the settings (a schedule no module declares any
    /// more is removed at start).
    fn schedules(&self, _settings: &portico_config::Settings) -> Vec<Schedule> {
        Vec::new()
    }
    /// The module's subcommands, run as `portico <module name> …` (their name is set by the
    /// binary).
    fn command(&self) -> Option<clap::Command> {
        None
    }
    /// Run one of them, given what was parsed below the module's name; says what it did,
    /// in lines for the terminal.
    fn run_command<'a>(
        &'a self,
        _ctx: &'a CommandContext<'a>,
        _args: &'a clap::ArgMatches,
    ) -> portico_db::BoxFuture<'a, Result<Vec<String>, AppError>> {
        Box::pin(async { Err(AppError::not_found()) })
    }
    /// Seed the module's part of the demo (`portico demo`), once per data directory; says
    /// what it made, in lines for the terminal.
    fn demo<'a>(
        &'a self,
        _ctx: &'a DemoContext<'a>,
    ) -> Option<portico_db::BoxFuture<'a, Result<Vec<String>, AppError>>> {
        None
    }
}

/// The modules of a binary with the platform built from them.
pub struct Suite {
    pub modules: Vec<std::sync::Arc<dyn Module>>,
    pub platform: std::sync::Arc<portico_platform::Platform>,
    /// Every module's mail consumers.
    pub mail: std::sync::Arc<portico_mail::inbound::Consumers>,
    /// Every module's template purposes.
    pub templates: std::sync::Arc<portico_mail::templates::Purposes>,
    /// Every module's rule subjects and actions.
    pub rules: std::sync::Arc<portico_rules::Rulebook>,
    /// Every module's report datasets.
    pub reports: std::sync::Arc<portico_reports::Datasets>,
    /// Every module's public sites.
    pub sites: Vec<crate::site::SiteSpec>,
    /// Every module's imports.
    pub importers: Vec<std::sync::Arc<dyn crate::imports::Importer>>,
}

impl Suite {
    /// Build the platform from the modules' specs and check their routes: two modules
    /// claiming one record kind, table or route are refused here, at start-up.
    pub fn new(modules: Vec<std::sync::Arc<dyn Module>>) -> Result<Suite, AppError> {
        let platform = portico_platform::Platform::new(modules.iter().map(|m| m.spec()).collect())?;
        let sites = assemble(&modules)?.sites;
        crate::i18n::register(modules.iter().filter_map(|m| m.strings()));
        let mail = portico_mail::inbound::Consumers::new(modules.iter().flat_map(|m| m.mail_consumers()).collect())?;
        for m in &modules {
            portico_mail::templates::builtin::register(m.wording());
        }
        let templates =
            portico_mail::templates::Purposes::new(modules.iter().flat_map(|m| m.template_purposes()).collect())?;
        let rules = portico_rules::Rulebook::new(
            modules.iter().flat_map(|m| m.rule_subjects()).collect(),
            modules.iter().flat_map(|m| m.rule_actions()).collect(),
        )?;
        for s in rules.subjects() {
            if platform.registry.get(s.kind).is_none() {
                return Err(AppError::internal(format!("rules watch {}, which no module registers", s.kind)));
            }
        }
        let reports = portico_reports::Datasets::new(modules.iter().flat_map(|m| m.datasets()).collect())?;
        Ok(Suite {
            sites,
            importers: modules.iter().flat_map(|m| m.importers()).collect(),
            reports: std::sync::Arc::new(reports),
            rules: std::sync::Arc::new(rules),
            modules,
            platform: std::sync::Arc::new(platform),
            mail: std::sync::Arc::new(mail),
            templates: std::sync::Arc::new(templates),
        })
    }

    /// The OpenAPI document of every module's API.
    pub fn openapi(&self) -> Result<utoipa::openapi::OpenApi, AppError> {
        let mut doc = assemble(&self.modules)?.api.into_openapi();
        crate::api::finish(&mut doc);
        Ok(doc)
    }

    pub fn openapi_pretty(&self) -> Result<String, AppError> {
        self.openapi()?.to_pretty_json().map_err(|e| AppError::internal(e.to_string()))
    }

    /// Seed the demo of every module not seeded yet in this database, in module order.
    pub async fn seed_demos(
        &self,
        db: &portico_db::Db,
        settings: &portico_config::Settings,
    ) -> Result<Vec<String>, AppError> {
        use portico_db::DbResultExt;
        let ctx = &DemoContext { db, settings, registry: &self.platform.registry };
        let mut said = Vec::new();
        for m in &self.modules {
            let Some(seed) = m.demo(ctx) else { continue };
            let done: Option<(String,)> = sqlx::query_as("SELECT module FROM portico_demo WHERE module = $1")
                .bind(m.name())
                .fetch_optional(ctx.db.pool())
                .await
                .db()?;
            if done.is_some() {
                said.push(format!("{}: the demo is already loaded.", m.name()));
                continue;
            }
            said.extend(seed.await?);
            let mut tx = ctx.db.begin().await?;
            sqlx::query("INSERT INTO portico_demo (module, seeded_at) VALUES ($1, $2)")
                .bind(m.name())
                .bind(portico_kernel::Clock::now_micros(&portico_kernel::SystemClock))
                .execute(&mut *tx)
                .await
                .db()?;
            tx.commit().await.db()?;
        }
        Ok(said)
    }

    /// The path segments of every site.
    pub fn site_keys(&self) -> Vec<&'static str> {
        self.sites.iter().map(|s| s.key).collect()
    }

    /// Sidebar entries of every module, in module order.
    pub fn nav(&self) -> Vec<NavItem> {
        self.modules.iter().flat_map(|m| m.nav()).collect()
    }

    /// Settings entries of every module, in module order.
    pub fn settings(&self) -> Vec<NavItem> {
        self.modules.iter().flat_map(|m| m.settings()).collect()
    }
}

/// Every route of every module, checked for overlaps and split by class.
pub(crate) struct Assembled {
    pub pages: Router<AppState>,
    pub api: OpenApiRouter<AppState>,
    pub prefixed: Vec<(RouteClass, String, Router<AppState>)>,
    pub sites: Vec<crate::site::SiteSpec>,
}

/// Whether `path` is `prefix` or lies below it.
fn under(path: &str, prefix: &str) -> bool {
    path == prefix || path.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/'))
}

pub(crate) fn assemble(modules: &[std::sync::Arc<dyn Module>]) -> Result<Assembled, AppError> {
    let mut owner: BTreeMap<String, (&'static str, RouteClass)> = BTreeMap::new();
    let mut claim = |path: String, module: &'static str, class: RouteClass| match owner.get(&path) {
        Some((other, _)) => Err(AppError::internal(format!("route {path} is declared by {other} and {module}"))),
        None => {
            owner.insert(path, (module, class));
            Ok(())
        }
    };
    let mut pages = Router::new();
    let mut api = crate::api::base();
    let mut prefixed = Vec::new();
    let mut sites = Vec::new();
    for m in modules {
        let routes = m.routes();
        for (path, route) in routes.pages {
            claim(path.clone(), m.name(), RouteClass::Staff)?;
            pages = pages.route(&path, route);
        }
        if let Some(r) = routes.api {
            for path in r.get_openapi().paths.paths.keys() {
                claim(path.clone(), m.name(), RouteClass::Api)?;
            }
            api = api.merge(r);
        }
        sites.extend(routes.sites);
        for (class, prefix, router) in routes.prefixed {
            claim(prefix.clone(), m.name(), class)?;
            prefixed.push((class, prefix, router));
        }
    }
    // A prefixed class owns everything below its prefix: nothing else may live there.
    for (class, prefix, _) in &prefixed {
        if let Some((path, (module, _))) = owner.iter().find(|(p, _)| *p != prefix && under(p, prefix)) {
            return Err(AppError::internal(format!("{path} of {module} lies under the {class:?} prefix {prefix}")));
        }
    }
    Ok(Assembled { pages, api, prefixed, sites })
}
