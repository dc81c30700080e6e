//! `portico desk ingest FILE.eml…`: messages into the workspace's Desk mailbox, as if they had
//! just arrived (a new message opens a ticket, an answer joins its ticket), for scripts.

use std::path::PathBuf;

use clap::{Arg, ArgAction, ArgMatches, Command};
use portico_http::CommandContext;
use portico_kernel::{AppError, ErrorCode};
use portico_mail::inbound::Ingest;
use portico_mail::inbound::files::ingest_files;

use crate::CONSUMER;

pub fn command() -> Command {
    Command::new("desk").about("Desk's commands").subcommand_required(true).subcommand(
        Command::new("ingest")
            .about("Take raw messages (.eml files, or stdin) into the Desk mailbox: new messages open tickets, answers join theirs")
            .arg(Arg::new("workspace").long("workspace").help("The workspace (its address or id), when several have a Desk mailbox"))
            .arg(Arg::new("files").action(ArgAction::Append).value_parser(clap::value_parser!(PathBuf)).help("Message files; none, or -, reads one message from stdin")),
    )
}

pub async fn run(ctx: &CommandContext<'_>, args: &ArgMatches) -> Result<Vec<String>, AppError> {
    let Some(("ingest", a)) = args.subcommand() else { return Err(AppError::not_found()) };
    let workspace = match a.get_one::<String>("workspace") {
        Some(w) => Some(
            portico_authz::store::find_workspace(ctx.db.pool(), w)
                .await?
                .ok_or_else(|| AppError::field(ErrorCode::NotFound, "workspace"))?
                .id,
        ),
        None => None,
    };
    // The Desk mailboxes (of the workspace given): one, or the first of one workspace.
    let found: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, workspace_id FROM mailboxes WHERE consumer = $1 AND active = 1 AND ($2 IS NULL OR workspace_id = $2)
         ORDER BY created_at, id",
    )
    .bind(CONSUMER)
    .bind(workspace)
    .fetch_all(ctx.db.pool())
    .await
    .map_err(portico_db::db_error)?;
    let Some((id, ws)) = found.first() else {
        return Err(AppError::field(ErrorCode::NotFound, "mailbox")
            .with_cause("no active Desk mailbox: add one in Settings › Mailboxes"));
    };
    if found.iter().any(|(_, w)| w != ws) {
        return Err(AppError::field(ErrorCode::InvalidValue, "workspace")
            .with_cause("several workspaces have a Desk mailbox: name one with --workspace"));
    }
    let mailbox = portico_mail::inbound::mailboxes::load(ctx.db.pool(), id).await?;
    let files: Vec<PathBuf> = a.get_many::<PathBuf>("files").map(|f| f.cloned().collect()).unwrap_or_default();
    let ingest = Ingest { db: ctx.db, blobs: ctx.blobs, consumers: ctx.mail, clock: ctx.clock };
    let progress = (ctx.progress)("messages");
    ingest_files(&ingest, &mailbox, &files, progress.as_ref()).await
}
