//! The command line: a contract scripts and operators rely on.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use portico_auth::setup::{OwnerInput, create_workspace_with_owner};
use portico_config::{Overrides, Settings};
use portico_db::{Db, DbOptions};
use portico_http::{CommandContext, Module, Suite};
use portico_kernel::locale::Locale;
use portico_kernel::{Actor, Clock, PermSet, SystemClock};

#[derive(Parser)]
#[command(name = "portico", version, about = "Portico: Recruit, Desk and Partners on one self-hosted core")]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// A command line as parsed: one of the built-in commands, or a module's own
/// (`portico <module> …`).
pub enum Parsed {
    Builtin(Cli),
    Module { global: Global, module: Arc<dyn Module>, args: ArgMatches },
}

/// Parse the command line with every module's commands added under the module's name
/// (clap refuses, in debug builds, a module named like a built-in command).
pub fn parse() -> Parsed {
    let modules = portico::modules();
    let mut cmd = Cli::command();
    for m in &modules {
        if let Some(c) = m.command() {
            cmd = cmd.subcommand(c.name(m.name()));
        }
    }
    let matches = cmd.get_matches();
    if let Some((name, args)) = matches.subcommand()
        && let Some(module) = modules.iter().find(|m| m.name() == name && m.command().is_some())
    {
        let global = Global::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
        return Parsed::Module { global, module: module.clone(), args: args.clone() };
    }
    Parsed::Builtin(Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit()))
}

#[derive(Args, Clone)]
pub struct Global {
    /// Directory for the SQLite file, uploaded files and the secret key.
    #[arg(long, global = true, env = "PORTICO_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// postgres://… to use PostgreSQL instead of the embedded SQLite file.
    #[arg(long, global = true, env = "PORTICO_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Configuration file (default: ./portico.toml when present).
    #[arg(long, global = true, env = "PORTICO_CONFIG")]
    pub config: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve the web app and API, and run the job workers.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "PORTICO_LISTEN")]
        listen: Option<String>,
        /// Address of the Prometheus /metrics listener.
        #[arg(long, env = "PORTICO_METRICS_LISTEN")]
        metrics_listen: Option<String>,
    },
    /// Run job workers only (scale them out on PostgreSQL).
    Worker,
    /// Apply database migrations and exit.
    Migrate,
    /// Administration tasks.
    #[command(subcommand)]
    Admin(Admin),
    /// Load a realistic demo workspace.
    Demo,
    /// Print the OpenAPI document.
    Openapi,
    /// Write one workspace to an archive: its records, its files, a manifest.
    Export {
        /// The workspace's address (slug) or id.
        #[arg(long)]
        workspace: String,
        file: PathBuf,
    },
    /// Import an archive: as it is into an install without it, or as a copy under a new address.
    Import {
        file: PathBuf,
        /// Import the workspace as a copy beside the original, under this address.
        #[arg(long)]
        as_slug: Option<String>,
    },
    /// Import another product's CSV export (a CSV, or a ZIP of CSVs with the files they name)
    /// into a workspace, as one of its admins would from Settings › Import: columns are
    /// matched by their names, a run again updates what it made, failed rows are written
    /// beside the file (FILE.failed.csv or .zip) with the reason of each.
    ImportCsv {
        /// The admin it is imported as (their e-mail): their workspace, rights and language.
        #[arg(long = "as")]
        as_user: String,
        /// Whose import: recruit (jobs, candidates with their CVs, applications).
        #[arg(long)]
        importer: String,
        /// The sheet a lone CSV is (default: its file name, e.g. candidates.csv).
        #[arg(long)]
        sheet: Option<String>,
        /// Check every row and write nothing.
        #[arg(long)]
        dry_run: bool,
        file: PathBuf,
    },
    /// Write every workspace and its files to an archive, while Portico keeps serving.
    Backup { file: PathBuf },
    /// Restore a backup into an install without workspaces.
    Restore { file: PathBuf },
    /// Copy this install into an empty PostgreSQL database, then check every kind's rows.
    CopyTo {
        /// postgres://… of the target.
        url: String,
    },
    /// Inbound mail.
    #[command(subcommand)]
    Mail(MailCmd),
    /// Show settings.
    #[command(subcommand)]
    Config(ConfigCmd),
    /// Internal: extract text from a document on stdin (runs sandboxed).
    #[command(hide = true)]
    ExtractText {
        #[arg(long)]
        mime: String,
    },
}

#[derive(Subcommand)]
pub enum Admin {
    /// Create a workspace and its owner. The password is read from stdin unless --password is given.
    CreateOwner {
        #[arg(long)]
        workspace: String,
        #[arg(long)]
        email: String,
        /// Display name (defaults to the part of the e-mail before @).
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        password: Option<String>,
        /// en, fr or hr.
        #[arg(long, default_value = "en")]
        locale: String,
    },
    /// Create a personal API token for a user and print it.
    CreateToken {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Limit to these permissions (e.g. core.view); repeatable.
        #[arg(long = "scope")]
        scopes: Vec<String>,
        /// The workspace (its address), when the person has an account in several.
        #[arg(long)]
        workspace: Option<String>,
    },
    /// List workspaces, one per line: slug, then name and id.
    ListWorkspaces,
}

#[derive(Subcommand)]
pub enum MailCmd {
    /// Take raw messages (.eml files, or stdin) into a mailbox as if they had just arrived:
    /// parsed, threaded and filed like mail fetched over IMAP.
    Ingest {
        /// The mailbox: its id, or its address (with --workspace when several workspaces have it).
        #[arg(long)]
        mailbox: String,
        /// The workspace (its address or id) the mailbox address belongs to.
        #[arg(long)]
        workspace: Option<String>,
        /// Message files; none, or `-`, reads one message from stdin.
        files: Vec<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum ConfigCmd {
    /// Print the effective settings with secrets redacted.
    Show,
}

pub fn settings(global: &Global, listen: Option<String>, metrics_listen: Option<String>) -> anyhow::Result<Settings> {
    let overrides = Overrides {
        listen,
        metrics_listen,
        data_dir: global.data_dir.clone(),
        database_url: global.database_url.clone(),
    };
    Ok(Settings::load(global.config.as_deref(), &overrides)?)
}

/// Open and migrate the database, with the platform of this binary's modules installed.
pub async fn connect(s: &Settings) -> anyhow::Result<(Db, Arc<Suite>)> {
    let opts = match s.database_url() {
        Some(url) => DbOptions { max_connections: s.database_max_connections, ..DbOptions::new(url) },
        None => DbOptions::sqlite_in(&s.data_dir),
    };
    let db = Db::connect(&opts).await.map_err(|e| anyhow::anyhow!("cannot open the database: {e}"))?;
    let suite = portico::suite().map_err(|e| anyhow::anyhow!("{e}"))?;
    suite.platform.migrate(&db).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    suite.platform.install(&db).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok((db, suite))
}

pub fn init_logging(s: &Settings) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("PORTICO_LOG")
        .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into());
    // Colours only for a person at a terminal: a log file or collector gets plain text.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(ansi);
    let _ = if s.log_format == "json" { builder.json().try_init() } else { builder.try_init() };
}

pub async fn run(parsed: Parsed) -> anyhow::Result<()> {
    let cli = match parsed {
        Parsed::Builtin(cli) => cli,
        Parsed::Module { global, module, args } => return module_command(&global, module.as_ref(), &args).await,
    };
    let g = &cli.global;
    match cli.command {
        Command::Serve { listen, metrics_listen } => {
            let s = settings(g, listen, metrics_listen)?;
            init_logging(&s);
            crate::serve::serve(s, true).await
        }
        Command::Worker => {
            let s = settings(g, None, None)?;
            init_logging(&s);
            crate::serve::serve(s, false).await
        }
        Command::Migrate => {
            let s = settings(g, None, None)?;
            let (db, suite) = connect(&s).await?;
            let versions = db.schema_versions(&suite.platform.migrations).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            for (module, version) in versions {
                println!("{module}\tschema version {version}");
            }
            Ok(())
        }
        Command::Admin(a) => admin(g, a).await,
        Command::Demo => {
            let s = settings(g, None, None)?;
            let (db, suite) = connect(&s).await?;
            for line in suite.seed_demos(&db, &s).await.map_err(|e| anyhow::anyhow!("{e}"))? {
                println!("{line}");
            }
            Ok(())
        }
        Command::Export { workspace, file } => crate::data::export(g, &workspace, &file).await,
        Command::Import { file, as_slug } => crate::data::import(g, &file, as_slug).await,
        Command::Backup { file } => crate::data::backup(g, &file).await,
        Command::Restore { file } => crate::data::restore(g, &file).await,
        Command::CopyTo { url } => crate::data::copy_to(g, &url).await,
        Command::Openapi => {
            println!("{}", portico::suite().and_then(|s| s.openapi_pretty()).map_err(|e| anyhow::anyhow!("{e}"))?);
            Ok(())
        }
        Command::ImportCsv { as_user, importer, sheet, dry_run, file } => {
            let args = crate::imports::Args {
                as_user: &as_user,
                importer: &importer,
                sheet: sheet.as_deref(),
                dry_run,
                file: &file,
            };
            crate::imports::import_csv(g, args).await
        }
        Command::Mail(MailCmd::Ingest { mailbox, workspace, files }) => {
            crate::mail::ingest(g, &mailbox, workspace.as_deref(), &files).await
        }
        Command::Config(ConfigCmd::Show) => {
            print!("{}", settings(g, None, None)?.redacted());
            Ok(())
        }
        Command::ExtractText { .. } => Ok(()),
    }
}

/// A module's own command, with the database open and progress shown on the terminal.
async fn module_command(g: &Global, module: &dyn Module, args: &ArgMatches) -> anyhow::Result<()> {
    let s = settings(g, None, None)?;
    let (db, suite) = connect(&s).await?;
    let progress = |label: &str| -> Box<dyn portico_db::Progress> { Box::new(crate::progress::Shown::new(label)) };
    let (blobs, clock) = (portico_db::BlobStore::new(&s.data_dir), clock());
    let ctx = CommandContext {
        db: &db,
        settings: &s,
        platform: &suite.platform,
        mail: &suite.mail,
        blobs: &blobs,
        clock: clock.as_ref(),
        progress: &progress,
    };
    for line in module.run_command(&ctx, args).await.map_err(crate::data::err)? {
        println!("{line}");
    }
    Ok(())
}

async fn admin(g: &Global, cmd: Admin) -> anyhow::Result<()> {
    let s = settings(g, None, None)?;
    let (db, _) = connect(&s).await?;
    let clock = SystemClock;
    match cmd {
        Admin::CreateOwner { workspace, email, name, password, locale } => {
            let password = match password {
                Some(p) => p,
                None => {
                    let mut p = String::new();
                    std::io::stdin().read_to_string(&mut p).context("reading the password from stdin")?;
                    p.trim_end_matches(['\n', '\r']).to_string()
                }
            };
            let locale = Locale::parse(&locale).context("--locale must be en, fr or hr")?;
            let name = name.unwrap_or_else(|| email.split('@').next().unwrap_or("Owner").to_string());
            let input =
                OwnerInput { workspace_name: &workspace, email: &email, name: &name, password: &password, locale };
            let created = create_workspace_with_owner(&db, &clock, input).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            let ws = portico_authz::store::workspace(db.pool(), created.workspace)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("created workspace {} ({}) with owner {}", ws.slug, ws.id, email);
        }
        Admin::CreateToken { email, name, scopes, workspace } => {
            let accounts =
                portico_auth::users::accounts(db.pool(), &email).await.map_err(|e| anyhow::anyhow!("{e}"))?;
            let mut accounts: Vec<_> =
                accounts.into_iter().filter(|c| workspace.as_deref().is_none_or(|w| w == c.workspace_slug)).collect();
            let c = match accounts.len() {
                0 => bail!("no user with e-mail {email}"),
                1 => accounts.remove(0),
                _ => {
                    let slugs: Vec<&str> = accounts.iter().map(|c| c.workspace_slug.as_str()).collect();
                    bail!(
                        "{email} has an account in several workspaces ({}): say which with --workspace",
                        slugs.join(", ")
                    )
                }
            };
            let scopes: PermSet = if scopes.is_empty() {
                PermSet::new()
            } else {
                portico_authz::role_admin::parse_permissions(&scopes).map_err(|e| anyhow::anyhow!("{e}"))?
            };
            let mut tx = db.begin().await.map_err(|e| anyhow::anyhow!("{e}"))?;
            let actor = Actor::System { label: "portico admin create-token".into() };
            let new = portico_auth::api_tokens::NewToken {
                workspace: c.workspace_id.parse().context("workspace id")?,
                user: c.id.parse().context("user id")?,
                name: &name,
                scopes: &scopes,
                expires_at: None,
            };
            let (_, token) = portico_auth::api_tokens::insert(&mut tx, &actor, new, clock.now_micros())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            tx.commit().await?;
            println!("{token}");
        }
        Admin::ListWorkspaces => {
            for w in portico_authz::store::list_workspaces(db.pool()).await.map_err(|e| anyhow::anyhow!("{e}"))? {
                println!("{}\t{}\t{}", w.slug, w.name, w.id);
            }
        }
    }
    Ok(())
}

/// The clock for the running process.
pub fn clock() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}
