//! Intake settings: how long a citizen's pin waits for a photo (and a photo for a pin), and
//! how many reports one citizen may send an hour.

use std::time::Duration;

use super::{ConfigError, Env};

#[derive(Debug, Clone)]
pub struct IntakeSettings {
    /// `LOCATION_BEFORE_PHOTO_MINUTES`: a pin sent first is held this long for the next photo.
    pub location_before_photo: Duration,
    /// `LOCATION_AFTER_PHOTO_MINUTES`: a pin sent after attaches to a report at most this old.
    pub location_after_photo: Duration,
    /// `REPORT_LIMIT_PER_HOUR`.
    pub reports_per_hour: u32,
}

impl IntakeSettings {
    /// Reads the intake settings alone. Blank values count as unset.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<IntakeSettings, ConfigError> {
        IntakeSettings::read(&Env::new(&lookup))
    }

    pub(crate) fn read(env: &Env<'_>) -> Result<IntakeSettings, ConfigError> {
        Ok(IntakeSettings {
            // Up to a day: a pin and a photo further apart are not about the same pothole.
            location_before_photo: env.minutes("LOCATION_BEFORE_PHOTO_MINUTES", 10, 1..=1440)?,
            location_after_photo: env.minutes("LOCATION_AFTER_PHOTO_MINUTES", 10, 1..=1440)?,
            reports_per_hour: env.whole("REPORT_LIMIT_PER_HOUR", 10, 1..=1_000_000)?,
        })
    }
}
