//! `portico core …`: the core's own maintenance commands, registered like any module's.

use clap::{Arg, ArgMatches, Command};
use portico_http::CommandContext;
use portico_kernel::{AppError, ErrorCode, WorkspaceId};

pub fn command() -> Command {
    Command::new("core").about("The core's maintenance commands").subcommand_required(true).subcommand(
        Command::new("reindex")
            .about("Rebuild the search index of a workspace, every searchable kind")
            .arg(Arg::new("workspace").long("workspace").required(true).help("The workspace's address (slug) or id")),
    )
}

pub async fn run(ctx: &CommandContext<'_>, args: &ArgMatches) -> Result<Vec<String>, AppError> {
    match args.subcommand() {
        Some(("reindex", a)) => {
            let name = a.get_one::<String>("workspace").map(String::as_str).unwrap_or_default();
            let ws = portico_authz::store::find_workspace(ctx.db.pool(), name)
                .await?
                .ok_or_else(|| AppError::field(ErrorCode::NotFound, "workspace"))?;
            let id: WorkspaceId = ws.id.parse().map_err(|_| AppError::internal("workspace id"))?;
            let progress = (ctx.progress)("reindex");
            let n = portico_search::reindex_workspace(ctx.db, &ctx.platform.registry, id, progress.as_ref()).await?;
            Ok(vec![format!("re-indexed {n} records of {}", ws.slug)])
        }
        _ => Err(AppError::not_found()),
    }
}
