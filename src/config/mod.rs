//! Settings, read once at start-up from the environment (and `.env`, loaded by `main`).
//!
//! Each part of the bot has its own group of settings, read on its own, so a command that only
//! grades photos can build [`VisionSettings`] without a Telegram token:
//!
//! - [`telegram`]: the bot token, the Bot API URL and the staff chat;
//! - [`vision`]: the vision model API (key, URL, model, image detail, prices, timeouts);
//! - [`grading`]: what the grader alerts on, how many at once, retries, the daily budget;
//! - [`intake`]: how citizens' pins pair with photos, and the hourly report limit;
//! - [`courier`]: Telegram's rate limits, the staff topic, showing the reporter.
//!
//! Every setting is listed in `.env.example`. A missing or malformed one is a [`ConfigError`]
//! whose `Display` is the single line the operator sees. Secrets live in [`Secret`], whose
//! `Debug` shows `[redacted]`; it has no `Display`, so it cannot be formatted by accident.

pub mod courier;
pub mod grading;
pub mod intake;
pub mod telegram;
pub mod vision;

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

pub use courier::{CourierSettings, RateLimits};
pub use grading::GradingSettings;
pub use intake::IntakeSettings;
pub use telegram::TelegramSettings;
pub use vision::VisionSettings;

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
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup` (the environment, or a map in tests). Blank values
    /// count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let env = Env::new(&lookup);
        Ok(Config {
            telegram: TelegramSettings::read(&env)?,
            vision: VisionSettings::read(&env)?,
            grading: GradingSettings::read(&env)?,
            intake: IntakeSettings::read(&env)?,
            courier: CourierSettings::read(&env)?,
            database_path: env
                .get("DATABASE_PATH")
                .unwrap_or_else(|| "potholes.db".to_owned())
                .into(),
        })
    }
}

/// Settings looked up by name; blank values count as unset. The parsing helpers each part
/// shares live here.
pub(crate) struct Env<'a> {
    lookup: &'a dyn Fn(&str) -> Option<String>,
}

impl<'a> Env<'a> {
    pub(crate) fn new(lookup: &'a dyn Fn(&str) -> Option<String>) -> Env<'a> {
        Env { lookup }
    }

    /// The trimmed value, or `None` when unset or blank.
    pub(crate) fn get(&self, name: &str) -> Option<String> {
        (self.lookup)(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    pub(crate) fn required(
        &self,
        name: &'static str,
        hint: &'static str,
    ) -> Result<String, ConfigError> {
        self.get(name).ok_or(ConfigError::Missing { name, hint })
    }

    pub(crate) fn parsed<T: FromStr>(
        &self,
        name: &'static str,
        default: T,
    ) -> Result<T, ConfigError>
    where
        T::Err: fmt::Display,
    {
        match self.get(name) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|e| invalid(name, format!("{v:?}: {e}"))),
        }
    }

    pub(crate) fn flag(&self, name: &'static str, default: bool) -> Result<bool, ConfigError> {
        match self.get(name).map(|v| v.to_ascii_lowercase()) {
            None => Ok(default),
            Some(v) if ["1", "true", "yes", "on"].contains(&v.as_str()) => Ok(true),
            Some(v) if ["0", "false", "no", "off"].contains(&v.as_str()) => Ok(false),
            Some(v) => Err(invalid(name, format!("{v:?} is not true or false"))),
        }
    }

    pub(crate) fn positive(&self, name: &'static str, default: u64) -> Result<u64, ConfigError> {
        let v: u64 = self.parsed(name, default)?;
        if v == 0 {
            return Err(invalid(name, "must be at least 1"));
        }
        Ok(v)
    }

    pub(crate) fn positive_f64(
        &self,
        name: &'static str,
        default: f64,
    ) -> Result<f64, ConfigError> {
        let v: f64 = self.parsed(name, default)?;
        if !(v.is_finite() && v > 0.0) {
            return Err(invalid(name, "must be a number above 0"));
        }
        Ok(v)
    }

    pub(crate) fn non_negative(
        &self,
        name: &'static str,
        default: f64,
    ) -> Result<f64, ConfigError> {
        let v: f64 = self.parsed(name, default)?;
        if !(v.is_finite() && v >= 0.0) {
            return Err(invalid(name, "must be a number, 0 or more"));
        }
        Ok(v)
    }

    pub(crate) fn secs(&self, name: &'static str, default: u64) -> Result<Duration, ConfigError> {
        self.positive(name, default).map(Duration::from_secs)
    }

    pub(crate) fn minutes(
        &self,
        name: &'static str,
        default: u64,
    ) -> Result<Duration, ConfigError> {
        self.positive(name, default)
            .map(|m| Duration::from_secs(m * 60))
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
        .map_err(|e| invalid(name, format!("{value:?} is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(invalid(name, format!("{value:?} is not an http(s) URL")));
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
