//! The settings `grade` and `eval` read: the vision model's, how many at once, and the
//! database for eval's cache. No Telegram token, no staff chat.

use std::path::PathBuf;
use std::process::ExitCode;

use pothole_bot::config::{ConfigError, GradingSettings, VisionSettings};
use pothole_bot::vision::grade::GradeOptions;
use pothole_bot::vision::{ClientOptions, VisionClient};

pub struct ToolSettings {
    pub client: ClientOptions,
    /// `OPENAI_CONCURRENCY`: calls in flight at once.
    pub concurrency: usize,
    /// `RETRY_UNCLEAR_AT_HIGH`.
    pub retry_unclear_at_high: bool,
    /// `DATABASE_PATH`: where eval keeps what it already paid for.
    pub database_path: PathBuf,
}

/// What `grade` and `eval` both start from: the client, how many calls at once (`--concurrency`
/// over `OPENAI_CONCURRENCY`), and the grading options.
pub struct Grading {
    pub client: VisionClient,
    pub concurrency: usize,
    pub options: GradeOptions,
}

impl ToolSettings {
    /// Builds the client; a failure is exit code 1 with the reason printed.
    pub fn grading(&self, concurrency: Option<u16>) -> Result<Grading, ExitCode> {
        let client = VisionClient::with_options(self.client.clone()).map_err(|e| {
            eprintln!("pothole-bot: cannot set up the HTTP client: {e}");
            ExitCode::FAILURE
        })?;
        Ok(Grading {
            client,
            concurrency: concurrency.map_or(self.concurrency, usize::from).max(1),
            options: GradeOptions {
                // The command line shows the reason as the model gives it, in the staff
                // language only.
                langs: Default::default(),
                retry_unclear_at_high: self.retry_unclear_at_high,
            },
        })
    }
}

/// Reads the settings through `lookup`.
pub fn read(lookup: impl Fn(&str) -> Option<String>) -> Result<ToolSettings, ConfigError> {
    let vision = VisionSettings::from_lookup(&lookup)?;
    let grading = GradingSettings::from_lookup(&lookup)?;
    let database_path = lookup("DATABASE_PATH")
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "potholes.db".to_owned())
        .into();
    Ok(ToolSettings {
        client: ClientOptions::from(&vision),
        concurrency: grading.concurrency,
        retry_unclear_at_high: grading.retry_unclear_at_high,
        database_path,
    })
}

pub fn from_env() -> Result<ToolSettings, ConfigError> {
    read(|name| std::env::var(name).ok())
}
