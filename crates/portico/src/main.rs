//! The `portico` binary: command-line wiring only. Everything it runs lives in the library crates.

mod cli;
mod data;
mod imports;
mod mail;
mod progress;
mod serve;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = cli::parse();
    // The extractor child must stay small and quiet: no runtime, no logging.
    if let cli::Parsed::Builtin(cli::Cli { command: cli::Command::ExtractText { mime }, .. }) = &cli {
        return std::process::ExitCode::from(u8::try_from(portico_files::sandbox::child_main(mime)).unwrap_or(1));
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("portico: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("portico: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
