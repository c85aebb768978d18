//! Starts the bot: `.env`, logging, settings, then [`pothole_bot::app::run`] until SIGINT or
//! SIGTERM.

use std::process::ExitCode;

use pothole_bot::app;
use pothole_bot::config::{Config, ConfigError};
use tokio_util::sync::CancellationToken;
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    // A missing .env is fine: the environment may carry everything.
    let _ = dotenvy::dotenv();
    let filter = match log_filter() {
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
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("pothole-bot: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("pothole-bot: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        let shutdown = CancellationToken::new();
        tokio::spawn(stop_on_signal(shutdown.clone()));
        app::run(config, shutdown).await
    });
    // Background tasks (an abandoned HTTP call) must not hold the exit up.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pothole-bot: {e:#}");
            // A setting that proved unusable at start-up (DATABASE_PATH) is a settings error.
            match e.downcast_ref::<ConfigError>() {
                Some(_) => ExitCode::from(2),
                None => ExitCode::FAILURE,
            }
        }
    }
}

/// `RUST_LOG`, or the default when unset or blank. A filter that does not parse is refused
/// rather than silently replaced.
fn log_filter() -> Result<EnvFilter, String> {
    match std::env::var_os("RUST_LOG").map(|v| v.into_string()) {
        Some(Ok(v)) if !v.trim().is_empty() => {
            EnvFilter::try_new(v.trim()).map_err(|e| e.to_string().replace('\n', " "))
        }
        Some(Err(_)) => Err("not UTF-8 text".to_owned()),
        _ => Ok(EnvFilter::new("info,teloxide=warn,reqwest=warn,hyper=warn")),
    }
}

async fn stop_on_signal(shutdown: CancellationToken) {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).expect("installing the SIGTERM handler");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => tracing::info!("SIGINT: shutting down"),
        _ = term.recv() => tracing::info!("SIGTERM: shutting down"),
    }
    shutdown.cancel();
}
