//! A report's life cycle as stored in the `reports.status` column.

use std::fmt;
use std::str::FromStr;

/// Where a report is in the pipeline.
///
/// `received` → `graded` → (`alerted` when the staff alert went out); `failed` when it can
/// never be graded (unreadable image, or the vision API refused the request for good). What
/// the crews do is the work state (`domain::work`), kept apart from this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Received,
    Graded,
    Alerted,
    Failed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Graded => "graded",
            Status::Alerted => "alerted",
            Status::Failed => "failed",
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
            other => Err(format!("unknown report status {other:?}")),
        }
    }
}

/// A point on the map, checked to be on Earth.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
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
        ] {
            assert_eq!(s.as_str().parse(), Ok(s));
        }
        assert!("lost".parse::<Status>().is_err());
    }

    #[test]
    fn points_off_the_globe_are_refused() {
        assert!(GeoPoint::parse(52.5, 13.4).is_some());
        assert!(GeoPoint::parse(91.0, 0.0).is_none());
        assert!(GeoPoint::parse(0.0, -180.5).is_none());
        assert!(GeoPoint::parse(f64::NAN, 0.0).is_none());
    }
}
