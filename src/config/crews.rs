//! The crews' loop settings: deadlines by severity, the duplicate radius, the reopen window,
//! the citizen's follow-up, the daily digest and the time zone people read times in.

use std::time::Duration;

use chrono::NaiveTime;
use chrono_tz::Tz;

use super::{ConfigError, Env, invalid};
use crate::domain::clock;
use crate::domain::work::{self, Deadlines};

#[derive(Debug, Clone)]
pub struct CrewSettings {
    /// `DEADLINE_SEVERE`, `DEADLINE_MODERATE`, `DEADLINE_MINOR`.
    pub deadlines: Deadlines,
    /// `DUPLICATE_RADIUS_M` (0 = off).
    pub duplicate_radius_m: f64,
    /// `REOPEN_WINDOW`.
    pub reopen_window: Duration,
    /// `FOLLOW_UP_AFTER` (`None` = off).
    pub follow_up_after: Option<Duration>,
    /// `DIGEST_AT` (`None` = off).
    pub digest_at: Option<NaiveTime>,
    /// `TIMEZONE`.
    pub timezone: Tz,
}

impl Default for CrewSettings {
    fn default() -> Self {
        CrewSettings::from_lookup(|_| None).expect("the defaults parse")
    }
}

impl CrewSettings {
    /// Reads the crews' settings alone. Blank values count as unset.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<CrewSettings, ConfigError> {
        CrewSettings::read(&Env::new(&lookup))
    }

    pub(crate) fn read(env: &Env<'_>) -> Result<CrewSettings, ConfigError> {
        let duration = |name: &'static str, default: &str, off: bool| {
            work::parse_duration(&env.get_or(name, default)?, off)
                .map_err(|e| invalid(name, e.to_string()))
        };
        let required = |name: &'static str, default: &str| {
            duration(name, default, false).map(|d| d.expect("off is refused"))
        };
        Ok(CrewSettings {
            deadlines: Deadlines {
                severe: required("DEADLINE_SEVERE", "24h")?,
                moderate: required("DEADLINE_MODERATE", "14d")?,
                minor: required("DEADLINE_MINOR", "90d")?,
            },
            // 0 is off; beyond 10 km "the same pothole" means nothing.
            duplicate_radius_m: f64::from(env.whole::<u32>(
                "DUPLICATE_RADIUS_M",
                30,
                0..=10_000,
            )?),
            reopen_window: required("REOPEN_WINDOW", "30d")?,
            follow_up_after: duration("FOLLOW_UP_AFTER", "28d", true)?,
            digest_at: clock::parse_daily_at(&env.get_or("DIGEST_AT", "08:00")?)
                .map_err(|reason| invalid("DIGEST_AT", reason))?,
            timezone: clock::parse_timezone(&env.get_or("TIMEZONE", "UTC")?)
                .map_err(|reason| invalid("TIMEZONE", reason))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(pairs: &[(&str, &str)]) -> Result<CrewSettings, ConfigError> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        CrewSettings::from_lookup(move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn defaults_are_the_documented_ones() {
        let c = CrewSettings::default();
        assert_eq!(c.deadlines, Deadlines::default());
        assert_eq!(c.duplicate_radius_m, 30.0);
        assert_eq!(c.reopen_window, Duration::from_secs(30 * 86_400));
        assert_eq!(c.follow_up_after, Some(Duration::from_secs(28 * 86_400)));
        assert_eq!(c.digest_at, NaiveTime::from_hms_opt(8, 0, 0));
        assert_eq!(c.timezone, chrono_tz::UTC);
    }

    #[test]
    fn off_and_units_parse_and_a_bad_value_names_its_variable() {
        let c = with(&[
            ("FOLLOW_UP_AFTER", "off"),
            ("DIGEST_AT", "off"),
            ("DEADLINE_SEVERE", "90s"),
            ("DUPLICATE_RADIUS_M", "0"),
            ("TIMEZONE", "Europe/Berlin"),
        ])
        .unwrap();
        assert_eq!(c.follow_up_after, None);
        assert_eq!(c.digest_at, None);
        assert_eq!(c.deadlines.severe, Duration::from_secs(90));
        assert_eq!(c.duplicate_radius_m, 0.0);
        for (name, value) in [
            ("DEADLINE_SEVERE", "off"),
            ("DEADLINE_MODERATE", "2 weeks"),
            ("REOPEN_WINDOW", "0d"),
            ("FOLLOW_UP_AFTER", "soon"),
            ("DIGEST_AT", "8am"),
            ("TIMEZONE", "CEST+2"),
            ("DUPLICATE_RADIUS_M", "-5"),
            ("DUPLICATE_RADIUS_M", "NaN"),
        ] {
            let e = with(&[(name, value)]).unwrap_err().to_string();
            assert!(e.starts_with(&format!("{name} is invalid")), "{e}");
            assert!(!e.contains('\n'), "one line: {e}");
        }
    }
}
