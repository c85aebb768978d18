//! The settings `grade` and `eval` read: the vision model's, and the database for eval's
//! cache. No Telegram token, no staff chat.

use std::path::PathBuf;

use pothole_bot::config::{Config, ConfigError};
use pothole_bot::vision::ClientOptions;
use pothole_bot::vision::provider::{AZURE_DEFAULT_API_VERSION, ProviderSetting};

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
    let get = |name: &str| {
        lookup(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    // Until the vision settings stand alone: the bot's reader, with its Telegram part
    // satisfied by placeholders that are never used.
    let config = Config::from_lookup(|name| match name {
        "TELEGRAM_BOT_TOKEN" => Some("1:unused".to_owned()),
        "STAFF_CHAT_ID" => Some("-1".to_owned()),
        "TELEGRAM_API_URL" => None,
        other => get(other),
    })?;
    let provider = match get("OPENAI_PROVIDER") {
        None => ProviderSetting::Auto,
        Some(v) => v.parse().map_err(|reason| ConfigError::Invalid {
            name: "OPENAI_PROVIDER",
            reason,
        })?,
    };
    let retry = match get("RETRY_UNCLEAR_AT_HIGH").map(|v| v.to_ascii_lowercase()) {
        None => false,
        Some(v) if ["1", "true", "yes", "on"].contains(&v.as_str()) => true,
        Some(v) if ["0", "false", "no", "off"].contains(&v.as_str()) => false,
        Some(v) => {
            return Err(ConfigError::Invalid {
                name: "RETRY_UNCLEAR_AT_HIGH",
                reason: format!("{v:?} is not true or false"),
            });
        }
    };
    Ok(ToolSettings {
        client: ClientOptions {
            base_url: config.openai_base_url.clone(),
            api_key: config.openai_api_key.clone(),
            model: config.openai_model.clone(),
            detail: config.image_detail,
            provider,
            azure_api_version: get("AZURE_OPENAI_API_VERSION")
                .unwrap_or_else(|| AZURE_DEFAULT_API_VERSION.to_owned()),
            prices: Default::default(),
            timeout: config.openai_timeout,
            connect_timeout: config.openai_connect_timeout,
        },
        concurrency: config.openai_concurrency,
        retry_unclear_at_high: retry,
        database_path: config.database_path,
    })
}

pub fn from_env() -> Result<ToolSettings, ConfigError> {
    read(|name| std::env::var(name).ok())
}
