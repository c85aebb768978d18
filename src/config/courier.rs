//! Courier settings: Telegram's rate limits, the staff topic, and whether alerts name the
//! reporter.

use super::{ConfigError, Env};

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

#[derive(Debug, Clone)]
pub struct CourierSettings {
    /// `TELEGRAM_RATE_OVERALL_PER_SEC`, `TELEGRAM_RATE_CHAT_PER_SEC`,
    /// `TELEGRAM_RATE_GROUP_PER_MIN`.
    pub rate_limits: RateLimits,
    /// `STAFF_THREAD_ID`: the forum topic inside the staff group, if any.
    pub staff_thread_id: Option<i32>,
    /// `ALERT_SHOW_REPORTER`.
    pub show_reporter: bool,
}

impl CourierSettings {
    /// Reads the courier settings alone. Blank values count as unset.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<CourierSettings, ConfigError> {
        CourierSettings::read(&Env::new(&lookup))
    }

    pub(crate) fn read(env: &Env<'_>) -> Result<CourierSettings, ConfigError> {
        let staff_thread_id = match env.get("STAFF_THREAD_ID")? {
            None => None,
            Some(_) => Some(env.whole("STAFF_THREAD_ID", 1, 1..=i32::MAX)?),
        };
        // From one message in 100 s (the limiter's gaps stay small) to a million a second
        // (a lifted limit for a local Bot API server or a load test).
        Ok(CourierSettings {
            rate_limits: RateLimits {
                overall_per_sec: env.number("TELEGRAM_RATE_OVERALL_PER_SEC", 30.0, 0.01..=1e6)?,
                chat_per_sec: env.number("TELEGRAM_RATE_CHAT_PER_SEC", 1.0, 0.01..=1e6)?,
                group_per_min: env.number("TELEGRAM_RATE_GROUP_PER_MIN", 20.0, 0.01..=1e8)?,
            },
            staff_thread_id,
            show_reporter: env.flag("ALERT_SHOW_REPORTER", false)?,
        })
    }
}
