//! Settings, read once at start-up from the environment (and `.env`, loaded by `main`).
//!
//! Each part of the bot has its own group of settings, read on its own, so a command that only
//! grades photos can build [`VisionSettings`] without a Telegram token:
//!
//! - [`telegram`]: the bot token, the Bot API URL and the staff chat;
//! - [`vision`]: the vision model API (key, URL, model, image detail, prices, timeouts);
//! - [`grading`]: what the grader alerts on, how many at once, retries, the daily budget;
//! - [`intake`]: how citizens' pins pair with photos, and the hourly report limit;
//! - [`courier`]: Telegram's rate limits, the staff topic, showing the reporter;
//! - [`crews`]: the crews' loop — deadlines, duplicate radius, reopen window, follow-up,
//!   digest and time zone;
//! - [`http`]: the public HTTP server (address, public URL, photos, map tiles, limits);
//! - [`webhook`]: webhook mode instead of long polling;
//! - [`languages`]: the default language for citizens and the staff chat's language.
//!
//! Every setting is listed in `.env.example`. A missing or malformed one is a [`ConfigError`]
//! whose `Display` is the single line the operator sees. Secrets live in [`Secret`], whose
//! `Debug` shows `[redacted]`; it has no `Display`, so it cannot be formatted by accident.

pub mod courier;
pub mod crews;
pub mod grading;
pub mod http;
pub mod intake;
pub mod languages;
pub mod telegram;
pub mod vision;
pub mod webhook;

use std::fmt;
use std::ops::RangeInclusive;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

pub use courier::{CourierSettings, RateLimits};
pub use crews::CrewSettings;
pub use grading::GradingSettings;
pub use http::HttpSettings;
pub use intake::IntakeSettings;
pub use languages::LanguageSettings;
pub use telegram::TelegramSettings;
pub use vision::VisionSettings;
pub use webhook::WebhookSettings;

/// A value that must never be printed: `Debug` shows `[redacted]` and there is no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Everything the bot needs to run. Tests build one with [`Config::from_lookup`].
#[derive(Debug, Clone)]
pub struct Config {
    pub telegram: TelegramSettings,
    pub vision: VisionSettings,
    pub grading: GradingSettings,
    pub intake: IntakeSettings,
    pub courier: CourierSettings,
    pub crews: CrewSettings,
    pub http: HttpSettings,
    /// `None`: long polling.
    pub webhook: Option<WebhookSettings>,
    pub languages: LanguageSettings,
    pub database_path: PathBuf,
}

/// A setting that stops the bot from starting. `Display` is one line naming the variable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is not set: {hint}")]
    Missing {
        name: &'static str,
        hint: &'static str,
    },
    #[error("{name} is invalid: {reason}")]
    Invalid { name: &'static str, reason: String },
    /// A well-formed setting that does not work on this machine (found at start-up).
    #[error("{name}: {reason}")]
    Unusable { name: &'static str, reason: String },
}

impl Config {
    /// The crews' loop rules as the store applies them.
    pub fn loop_rules(&self) -> crate::domain::work::LoopRules {
        crate::domain::work::LoopRules {
            deadlines: self.crews.deadlines,
            follow_up_after: self.crews.follow_up_after,
            reopen_window: self.crews.reopen_window,
            duplicate_radius_m: self.crews.duplicate_radius_m,
            alert_threshold: self.grading.alert_min_severity,
        }
    }

    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| {
            std::env::var_os(name).map(|v| v.into_string().unwrap_or_else(|_| NOT_UTF8.to_owned()))
        })
    }

    /// Reads settings through `lookup` (the environment, or a map in tests). Blank values
    /// count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let env = Env::new(&lookup);
        let telegram = TelegramSettings::read(&env)?;
        let http = HttpSettings::from_lookup(&lookup)?;
        let webhook = WebhookSettings::from_lookup(&lookup, &telegram.api_url)?;
        if webhook.is_some() && http.addr.is_none() {
            return Err(invalid(
                "TELEGRAM_WEBHOOK_URL",
                "webhook mode takes updates on the HTTP server: set HTTP_ADDR (not off)",
            ));
        }
        Ok(Config {
            telegram,
            vision: VisionSettings::read(&env)?,
            grading: GradingSettings::read(&env)?,
            intake: IntakeSettings::read(&env)?,
            courier: CourierSettings::read(&env)?,
            crews: CrewSettings::read(&env)?,
            http,
            webhook,
            languages: LanguageSettings::read(&env)?,
            database_path: env.get_or("DATABASE_PATH", "potholes.db")?.into(),
        })
    }
}

/// Settings looked up by name; blank values count as unset. The parsing helpers each part
/// shares live here. Every number has a range: a value outside it, or one that is not a number
/// at all (`NaN`, `inf`, `1e-30` for a whole number), is refused in one line rather than
/// overflowing or truncating later.
pub(crate) struct Env<'a> {
    lookup: &'a dyn Fn(&str) -> Option<String>,
}

/// What [`Config::from_env`] passes on for a value that is not UTF-8; no real setting holds it.
const NOT_UTF8: &str = "\u{FFFD}";

impl<'a> Env<'a> {
    pub(crate) fn new(lookup: &'a dyn Fn(&str) -> Option<String>) -> Env<'a> {
        Env { lookup }
    }

    /// The trimmed value, or `None` when unset or blank.
    pub(crate) fn get(&self, name: &'static str) -> Result<Option<String>, ConfigError> {
        let value = (self.lookup)(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty());
        match value {
            Some(v) if v.contains(NOT_UTF8) => Err(invalid(name, "not UTF-8 text")),
            other => Ok(other),
        }
    }

    /// The value, or `default` when unset.
    pub(crate) fn get_or(&self, name: &'static str, default: &str) -> Result<String, ConfigError> {
        Ok(self.get(name)?.unwrap_or_else(|| default.to_owned()))
    }

    pub(crate) fn required(
        &self,
        name: &'static str,
        hint: &'static str,
    ) -> Result<String, ConfigError> {
        self.get(name)?.ok_or(ConfigError::Missing { name, hint })
    }

    pub(crate) fn parsed<T: FromStr>(
        &self,
        name: &'static str,
        default: T,
    ) -> Result<T, ConfigError>
    where
        T::Err: fmt::Display,
    {
        match self.get(name)? {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|e| invalid(name, format!("{}: {e}", shown(&v)))),
        }
    }

    pub(crate) fn flag(&self, name: &'static str, default: bool) -> Result<bool, ConfigError> {
        match self.get(name)?.map(|v| v.to_ascii_lowercase()) {
            None => Ok(default),
            Some(v) if ["1", "true", "yes", "on"].contains(&v.as_str()) => Ok(true),
            Some(v) if ["0", "false", "no", "off"].contains(&v.as_str()) => Ok(false),
            Some(v) => Err(invalid(name, format!("{} is not true or false", shown(&v)))),
        }
    }

    /// A whole number within `range`.
    pub(crate) fn whole<T>(
        &self,
        name: &'static str,
        default: T,
        range: RangeInclusive<T>,
    ) -> Result<T, ConfigError>
    where
        T: FromStr + PartialOrd + fmt::Display,
    {
        match self.get(name)? {
            None => Ok(default),
            Some(v) => match v.parse::<T>() {
                Ok(n) if range.contains(&n) => Ok(n),
                _ => Err(invalid(
                    name,
                    format!(
                        "{} is not a whole number from {} to {}",
                        shown(&v),
                        range.start(),
                        range.end()
                    ),
                )),
            },
        }
    }

    /// A finite number within `range`.
    pub(crate) fn number(
        &self,
        name: &'static str,
        default: f64,
        range: RangeInclusive<f64>,
    ) -> Result<f64, ConfigError> {
        match self.get(name)? {
            None => Ok(default),
            Some(v) => match v.parse::<f64>() {
                Ok(n) if range.contains(&n) => Ok(n),
                _ => Err(invalid(
                    name,
                    format!(
                        "{} is not a number from {} to {}",
                        shown(&v),
                        range.start(),
                        range.end()
                    ),
                )),
            },
        }
    }

    /// Whole seconds within `range`.
    pub(crate) fn secs(
        &self,
        name: &'static str,
        default: u64,
        range: RangeInclusive<u64>,
    ) -> Result<Duration, ConfigError> {
        self.whole(name, default, range).map(Duration::from_secs)
    }

    /// Whole minutes within `range`.
    pub(crate) fn minutes(
        &self,
        name: &'static str,
        default: u64,
        range: RangeInclusive<u64>,
    ) -> Result<Duration, ConfigError> {
        assert!(*range.end() <= u64::MAX / 60);
        self.whole(name, default, range)
            .map(|m| Duration::from_secs(m * 60))
    }
}

/// A value as the operator typed it, quoted, and cut short if long (one line, always).
pub(crate) fn shown(value: &str) -> String {
    const MAX: usize = 40;
    match value.char_indices().nth(MAX) {
        None => format!("{value:?}"),
        Some((end, _)) => format!("{:?}…", &value[..end]),
    }
}

pub(crate) fn invalid(name: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        name,
        reason: reason.into(),
    }
}

pub(crate) fn parse_http_url(name: &'static str, value: &str) -> Result<reqwest::Url, ConfigError> {
    let url = reqwest::Url::parse(value)
        .map_err(|e| invalid(name, format!("{} is not a URL ({e})", shown(value))))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(invalid(
            name,
            format!("{} is not an http(s) URL", shown(value)),
        ));
    }
    Ok(url)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::{ImageDetail, Severity};
    use std::collections::HashMap;

    pub(crate) const TOKEN: &str = "123456:ABC-def_ghi";

    pub(crate) fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    fn from(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_lookup(lookup(pairs))
    }

    fn required() -> Vec<(&'static str, &'static str)> {
        vec![
            ("TELEGRAM_BOT_TOKEN", TOKEN),
            ("STAFF_CHAT_ID", "-100123"),
            ("OPENAI_API_KEY", "sk-secret-key"),
        ]
    }

    #[test]
    fn the_three_required_settings_are_enough_and_defaults_follow_the_spec() {
        let c = from(&required()).unwrap();
        assert_eq!(c.telegram.api_url.as_str(), "https://api.telegram.org/");
        assert_eq!(c.vision.base_url, "https://api.openai.com/v1");
        assert_eq!(c.vision.model, "gpt-4o-mini");
        assert_eq!(c.database_path, PathBuf::from("potholes.db"));
        assert_eq!(c.grading.alert_min_severity, Severity::Severe);
        assert_eq!(c.vision.image_detail, ImageDetail::Low);
        assert_eq!(c.intake.location_after_photo, Duration::from_secs(600));
        assert_eq!(c.courier.rate_limits, RateLimits::default());
        assert_eq!(c.grading.daily_budget_usd, None);
        assert!(!c.courier.show_reporter);
    }

    #[test]
    fn each_missing_required_setting_is_named() {
        for name in ["TELEGRAM_BOT_TOKEN", "STAFF_CHAT_ID", "OPENAI_API_KEY"] {
            let pairs: Vec<_> = required().into_iter().filter(|(k, _)| *k != name).collect();
            let err = from(&pairs).unwrap_err().to_string();
            assert!(err.starts_with(name), "{err}");
            assert!(!err.contains('\n'));
        }
    }

    #[test]
    fn malformed_settings_are_named_in_one_line() {
        for (name, value) in [
            ("STAFF_CHAT_ID", "staff"),
            ("ALERT_MIN_SEVERITY", "catastrophic"),
            ("ALERT_MIN_SEVERITY", "unclear"),
            ("OPENAI_IMAGE_DETAIL", "medium"),
            ("TELEGRAM_API_URL", "not a url"),
            ("OPENAI_BASE_URL", "ftp://x"),
            ("OPENAI_CONCURRENCY", "0"),
            ("DAILY_BUDGET_USD", "-1"),
            ("ALERT_SHOW_REPORTER", "maybe"),
            ("TELEGRAM_BOT_TOKEN", "no-colon"),
            ("STAFF_THREAD_ID", "-4"),
        ] {
            let mut pairs = required();
            pairs.retain(|(k, _)| *k != name);
            pairs.push((name, value));
            let err = from(&pairs).unwrap_err().to_string();
            assert!(err.starts_with(&format!("{name} is invalid")), "{err}");
            assert!(!err.contains('\n'), "{err}");
        }
    }

    #[test]
    fn secrets_never_show_in_debug_output_or_errors() {
        let c = from(&required()).unwrap();
        let dump = format!("{c:?}");
        assert!(
            !dump.contains("sk-secret-key") && !dump.contains(TOKEN),
            "{dump}"
        );
        let mut pairs = required();
        pairs.retain(|(k, _)| *k != "TELEGRAM_BOT_TOKEN");
        pairs.push(("TELEGRAM_BOT_TOKEN", "secret without colon"));
        assert!(
            !from(&pairs)
                .unwrap_err()
                .to_string()
                .contains("secret without colon")
        );
    }
}
