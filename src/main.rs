//! The `pothole-bot` binary: `.env`, logging, then the subcommand (see [`cli`]).

mod cli;

use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    // A missing .env is fine: the environment may carry everything.
    let _ = dotenvy::dotenv();
    let cli = cli::Cli::parse();
    // The bot logs its work; a one-shot tool prints results and logs only what went wrong.
    let default = if cli.runs_the_bot() {
        "info,teloxide=warn,reqwest=warn,hyper=warn"
    } else {
        "warn"
    };
    let filter = match log_filter(default) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("pothole-bot: RUST_LOG is invalid: {e}");
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    cli::run(cli)
}

/// `RUST_LOG`, or `default` when unset or blank. A filter that does not parse is refused
/// rather than silently replaced.
fn log_filter(default: &str) -> Result<EnvFilter, String> {
    match std::env::var_os("RUST_LOG").map(|v| v.into_string()) {
        Some(Ok(v)) if !v.trim().is_empty() => {
            EnvFilter::try_new(v.trim()).map_err(|e| e.to_string().replace('\n', " "))
        }
        Some(Err(_)) => Err("not UTF-8 text".to_owned()),
        _ => Ok(EnvFilter::new(default)),
    }
}
