//! The settings `grade` and `eval` read: the vision model's, how many at once, and the
//! database for eval's cache. No Telegram token, no staff chat.

use std::path::PathBuf;

use pothole_bot::config::{ConfigError, GradingSettings, VisionSettings};
use pothole_bot::vision::ClientOptions;

pub struct ToolSettings {
    pub client: ClientOptions,
    /// `OPENAI_CONCURRENCY`: calls in flight at once.
    pub concurrency: usize,
    /// `RETRY_UNCLEAR_AT_HIGH`.
    pub retry_unclear_at_high: bool,
    /// `DATABASE_PATH`: where eval keeps what it already paid for.
    pub database_path: PathBuf,
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
