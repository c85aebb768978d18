//! A report's life cycle as stored in the `reports.status` column.

use std::fmt;
use std::str::FromStr;

/// Where a report is in the pipeline.
///
/// `received` → `graded` → (`alerted` when the staff alert went out); `failed` when it can
/// never be graded (unreadable image, or the vision API refused the request for good). The
/// crews close a report from its alert's buttons: `fixed`, or `rejected` (not a pothole).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Received,
    Graded,
    Alerted,
    Failed,
    Fixed,
    Rejected,
}

impl Status {
    /// Closed by the crews: no more buttons, no more changes.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Fixed | Status::Rejected)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Graded => "graded",
            Status::Alerted => "alerted",
            Status::Failed => "failed",
            Status::Fixed => "fixed",
            Status::Rejected => "rejected",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "received" => Ok(Status::Received),
            "graded" => Ok(Status::Graded),
            "alerted" => Ok(Status::Alerted),
            "failed" => Ok(Status::Failed),
            "fixed" => Ok(Status::Fixed),
            "rejected" => Ok(Status::Rejected),
            other => Err(format!("unknown report status {other:?}")),
        }
    }
}

/// What a crew member can do with a report from the buttons under its alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffAction {
    /// ✅ Fixed: the crew repaired it.
    Fixed,
    /// ❌ Not a pothole: the crew closed it without a repair.
    Rejected,
}

impl StaffAction {
    /// The button's `callback_data` for report `id` (`fixed:42`, `reject:42`; far below
    /// Telegram's 64-byte limit).
    pub fn callback_data(self, id: i64) -> String {
        match self {
            StaffAction::Fixed => format!("fixed:{id}"),
            StaffAction::Rejected => format!("reject:{id}"),
        }
    }

    /// Reads `callback_data` back; `None` for anything we did not write.
    pub fn parse_callback(data: &str) -> Option<(StaffAction, i64)> {
        let (action, id) = data.split_once(':')?;
        let action = match action {
            "fixed" => StaffAction::Fixed,
            "reject" => StaffAction::Rejected,
            _ => return None,
        };
        let id: i64 = id.parse().ok().filter(|id| *id > 0)?;
        Some((action, id))
    }

    /// The status the report gets.
    pub fn status(self) -> Status {
        match self {
            StaffAction::Fixed => Status::Fixed,
            StaffAction::Rejected => Status::Rejected,
        }
    }
}

/// A point on the map, checked to be on Earth.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoPoint {
    lat: f64,
    lon: f64,
}

impl GeoPoint {
    /// `None` for coordinates outside ±90/±180 or not finite.
    pub fn parse(lat: f64, lon: f64) -> Option<GeoPoint> {
        let ok = lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0;
        ok.then_some(GeoPoint { lat, lon })
    }

    pub fn lat(self) -> f64 {
        self.lat
    }

    pub fn lon(self) -> f64 {
        self.lon
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_their_column_words() {
        for s in [
            Status::Received,
            Status::Graded,
            Status::Alerted,
            Status::Failed,
            Status::Fixed,
            Status::Rejected,
        ] {
            assert_eq!(s.as_str().parse(), Ok(s));
        }
        assert!("lost".parse::<Status>().is_err());
    }

    #[test]
    fn staff_button_data_round_trips_and_fits_telegrams_limit() {
        for action in [StaffAction::Fixed, StaffAction::Rejected] {
            let data = action.callback_data(i64::MAX);
            assert!(data.len() <= 64);
            assert_eq!(StaffAction::parse_callback(&data), Some((action, i64::MAX)));
        }
        assert_eq!(StaffAction::Fixed.callback_data(42), "fixed:42");
        assert_eq!(StaffAction::Rejected.callback_data(42), "reject:42");
        for junk in [
            "", "fixed", "fixed:", "fixed:-1", "fixed:0", "fixed:4x", "delete:4", "done:4",
        ] {
            assert_eq!(StaffAction::parse_callback(junk), None, "{junk}");
        }
    }

    #[test]
    fn points_off_the_globe_are_refused() {
        assert!(GeoPoint::parse(52.5, 13.4).is_some());
        assert!(GeoPoint::parse(91.0, 0.0).is_none());
        assert!(GeoPoint::parse(0.0, -180.5).is_none());
        assert!(GeoPoint::parse(f64::NAN, 0.0).is_none());
    }
}
