//! Settings, read once at start-up from the environment (and `.env`, loaded by `main`).
//!
//! Every setting has its public name in SPEC.md or `.env.example`. A missing or malformed one
//! is a `ConfigError` whose `Display` is the single line the operator sees. Secrets live in
//! [`Secret`], whose `Debug` never shows them.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use crate::domain::{ImageDetail, Prices, Severity};

/// A value that must never be printed: `Debug` and `Display` show `[redacted]`.
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

/// Telegram's own message limits, which the courier keeps within. Settings so a local Bot API
/// server or a load test can lift them; the defaults are Telegram's published limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateLimits {
    /// Messages per second across all chats.
    pub overall_per_sec: f64,
    /// Messages per second into one chat.
    pub chat_per_sec: f64,
    /// Messages per minute into one group.
    pub group_per_min: f64,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            overall_per_sec: 30.0,
            chat_per_sec: 1.0,
            group_per_min: 20.0,
        }
    }
}

/// Everything the bot needs to run. Tests build one with [`Config::from_lookup`].
#[derive(Debug, Clone)]
pub struct Config {
    pub telegram_token: Secret,
    pub staff_chat_id: i64,
    pub staff_thread_id: Option<i32>,
    pub openai_api_key: Secret,
    pub telegram_api_url: reqwest::Url,
    pub openai_base_url: String,
    pub openai_model: String,
    pub image_detail: ImageDetail,
    pub database_path: PathBuf,
    pub alert_min_severity: Severity,
    pub alert_show_reporter: bool,
    pub prices: Prices,
    pub openai_timeout: Duration,
    pub openai_connect_timeout: Duration,
    pub openai_concurrency: usize,
    pub openai_retry_min: Duration,
    pub location_before_photo: Duration,
    pub location_after_photo: Duration,
    pub reports_per_hour: u32,
    pub daily_budget_usd: Option<f64>,
    pub rate_limits: RateLimits,
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
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };

        let telegram_token = get("TELEGRAM_BOT_TOKEN").ok_or(ConfigError::Missing {
            name: "TELEGRAM_BOT_TOKEN",
            hint: "create a bot with @BotFather and put its token in .env",
        })?;
        if !looks_like_bot_token(&telegram_token) {
            return Err(invalid(
                "TELEGRAM_BOT_TOKEN",
                "expected the form 123456789:AA… that @BotFather gives",
            ));
        }
        let staff_chat_id = get("STAFF_CHAT_ID").ok_or(ConfigError::Missing {
            name: "STAFF_CHAT_ID",
            hint: "add the bot to the crews' group, send /chatid there, and put the number in .env",
        })?;
        let staff_chat_id: i64 = staff_chat_id.parse().map_err(|_| {
            invalid(
                "STAFF_CHAT_ID",
                format!("{staff_chat_id:?} is not a chat id (a whole number like -1001234567890)"),
            )
        })?;
        if staff_chat_id == 0 {
            return Err(invalid("STAFF_CHAT_ID", "0 is not a chat id"));
        }
        let openai_api_key = get("OPENAI_API_KEY").ok_or(ConfigError::Missing {
            name: "OPENAI_API_KEY",
            hint: "create a key at platform.openai.com (any string for a local server) and put it in .env",
        })?;

        let telegram_api_url =
            get("TELEGRAM_API_URL").unwrap_or_else(|| "https://api.telegram.org".to_owned());
        let telegram_api_url = parse_http_url("TELEGRAM_API_URL", &telegram_api_url)?;
        let openai_base_url =
            get("OPENAI_BASE_URL").unwrap_or_else(|| "https://api.openai.com/v1".to_owned());
        parse_http_url("OPENAI_BASE_URL", &openai_base_url)?;
        let openai_base_url = openai_base_url.trim_end_matches('/').to_owned();

        let alert_min_severity: Severity = parsed(&get, "ALERT_MIN_SEVERITY", Severity::Severe)?;
        if !alert_min_severity.is_pothole() {
            return Err(invalid(
                "ALERT_MIN_SEVERITY",
                "must be minor, moderate or severe",
            ));
        }

        let prices = Prices {
            input_per_mtok: non_negative(&get, "OPENAI_PRICE_INPUT_PER_MTOK", 0.15)?,
            output_per_mtok: non_negative(&get, "OPENAI_PRICE_OUTPUT_PER_MTOK", 0.60)?,
        };
        let budget = non_negative(&get, "DAILY_BUDGET_USD", 0.0)?;

        Ok(Config {
            telegram_token: Secret::new(telegram_token),
            staff_chat_id,
            staff_thread_id: match get("STAFF_THREAD_ID") {
                None => None,
                Some(v) => Some(v.parse().ok().filter(|t: &i32| *t > 0).ok_or_else(|| {
                    invalid(
                        "STAFF_THREAD_ID",
                        format!("{v:?} is not a topic id (a positive whole number)"),
                    )
                })?),
            },
            openai_api_key: Secret::new(openai_api_key),
            telegram_api_url,
            openai_base_url,
            openai_model: get("OPENAI_MODEL").unwrap_or_else(|| "gpt-4o-mini".to_owned()),
            image_detail: parsed(&get, "OPENAI_IMAGE_DETAIL", ImageDetail::Low)?,
            database_path: get("DATABASE_PATH")
                .unwrap_or_else(|| "potholes.db".to_owned())
                .into(),
            alert_min_severity,
            alert_show_reporter: flag(&get, "ALERT_SHOW_REPORTER", false)?,
            prices,
            openai_timeout: secs(&get, "OPENAI_TIMEOUT_SECS", 60)?,
            openai_connect_timeout: secs(&get, "OPENAI_CONNECT_TIMEOUT_SECS", 10)?,
            openai_concurrency: positive(&get, "OPENAI_CONCURRENCY", 16)? as usize,
            openai_retry_min: secs(&get, "OPENAI_RETRY_MIN_SECS", 10)?,
            location_before_photo: minutes(&get, "LOCATION_BEFORE_PHOTO_MINUTES", 10)?,
            location_after_photo: minutes(&get, "LOCATION_AFTER_PHOTO_MINUTES", 10)?,
            reports_per_hour: positive(&get, "REPORT_LIMIT_PER_HOUR", 10)? as u32,
            daily_budget_usd: (budget > 0.0).then_some(budget),
            rate_limits: RateLimits {
                overall_per_sec: positive_f64(&get, "TELEGRAM_RATE_OVERALL_PER_SEC", 30.0)?,
                chat_per_sec: positive_f64(&get, "TELEGRAM_RATE_CHAT_PER_SEC", 1.0)?,
                group_per_min: positive_f64(&get, "TELEGRAM_RATE_GROUP_PER_MIN", 20.0)?,
            },
        })
    }
}

fn invalid(name: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        name,
        reason: reason.into(),
    }
}

fn looks_like_bot_token(token: &str) -> bool {
    match token.split_once(':') {
        Some((id, rest)) => {
            !id.is_empty()
                && id.bytes().all(|b| b.is_ascii_digit())
                && !rest.is_empty()
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        }
        None => false,
    }
}

fn parse_http_url(name: &'static str, value: &str) -> Result<reqwest::Url, ConfigError> {
    let url = reqwest::Url::parse(value)
        .map_err(|e| invalid(name, format!("{value:?} is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(invalid(name, format!("{value:?} is not an http(s) URL")));
    }
    Ok(url)
}

type Get<'a> = dyn Fn(&str) -> Option<String> + 'a;

fn parsed<T: FromStr>(get: &Get<'_>, name: &'static str, default: T) -> Result<T, ConfigError>
where
    T::Err: fmt::Display,
{
    match get(name) {
        None => Ok(default),
        Some(v) => v.parse().map_err(|e| invalid(name, format!("{v:?}: {e}"))),
    }
}

fn flag(get: &Get<'_>, name: &'static str, default: bool) -> Result<bool, ConfigError> {
    match get(name).map(|v| v.to_ascii_lowercase()) {
        None => Ok(default),
        Some(v) if ["1", "true", "yes", "on"].contains(&v.as_str()) => Ok(true),
        Some(v) if ["0", "false", "no", "off"].contains(&v.as_str()) => Ok(false),
        Some(v) => Err(invalid(name, format!("{v:?} is not true or false"))),
    }
}

fn positive(get: &Get<'_>, name: &'static str, default: u64) -> Result<u64, ConfigError> {
    let v: u64 = parsed(get, name, default)?;
    if v == 0 {
        return Err(invalid(name, "must be at least 1"));
    }
    Ok(v)
}

fn positive_f64(get: &Get<'_>, name: &'static str, default: f64) -> Result<f64, ConfigError> {
    let v: f64 = parsed(get, name, default)?;
    if !(v.is_finite() && v > 0.0) {
        return Err(invalid(name, "must be a number above 0"));
    }
    Ok(v)
}

fn non_negative(get: &Get<'_>, name: &'static str, default: f64) -> Result<f64, ConfigError> {
    let v: f64 = parsed(get, name, default)?;
    if !(v.is_finite() && v >= 0.0) {
        return Err(invalid(name, "must be a number, 0 or more"));
    }
    Ok(v)
}

fn secs(get: &Get<'_>, name: &'static str, default: u64) -> Result<Duration, ConfigError> {
    positive(get, name, default).map(Duration::from_secs)
}

fn minutes(get: &Get<'_>, name: &'static str, default: u64) -> Result<Duration, ConfigError> {
    positive(get, name, default).map(|m| Duration::from_secs(m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const TOKEN: &str = "123456:ABC-def_ghi";

    fn from(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
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
        assert_eq!(c.telegram_api_url.as_str(), "https://api.telegram.org/");
        assert_eq!(c.openai_base_url, "https://api.openai.com/v1");
        assert_eq!(c.openai_model, "gpt-4o-mini");
        assert_eq!(c.database_path, PathBuf::from("potholes.db"));
        assert_eq!(c.alert_min_severity, Severity::Severe);
        assert_eq!(c.image_detail, ImageDetail::Low);
        assert_eq!(c.location_after_photo, Duration::from_secs(600));
        assert_eq!(c.rate_limits, RateLimits::default());
        assert_eq!(c.daily_budget_usd, None);
        assert!(!c.alert_show_reporter);
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

    #[test]
    fn a_trailing_slash_on_the_openai_url_is_dropped() {
        let mut pairs = required();
        pairs.push(("OPENAI_BASE_URL", "http://127.0.0.1:9/v1/"));
        assert_eq!(
            from(&pairs).unwrap().openai_base_url,
            "http://127.0.0.1:9/v1"
        );
    }

    #[test]
    fn a_zero_budget_means_no_cap() {
        let mut pairs = required();
        pairs.push(("DAILY_BUDGET_USD", "0"));
        assert_eq!(from(&pairs).unwrap().daily_budget_usd, None);
        pairs.pop();
        pairs.push(("DAILY_BUDGET_USD", "1.5"));
        assert_eq!(from(&pairs).unwrap().daily_budget_usd, Some(1.5));
    }
}
