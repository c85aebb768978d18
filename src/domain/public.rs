//! What the outside world may see of a report: the one view every public output (the map,
//! GeoJSON, Open311, exports, metrics) is built from. It has no field for a chat id, a user id,
//! a name, a username or the citizen's caption, so no endpoint can leak one by accident.

use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, Utc};

use super::{GeoPoint, Severity};

pub use super::work::WorkState;

/// How the public sees a work state. (The states themselves are the crews' loop's.)
impl WorkState {
    /// Open311's two-valued status: open while the crews still have something to do.
    pub fn public_status(self) -> PublicStatus {
        match self {
            WorkState::Open | WorkState::Acknowledged | WorkState::MadeSafe => PublicStatus::Open,
            WorkState::Fixed | WorkState::Rejected | WorkState::Duplicate => PublicStatus::Closed,
        }
    }

    /// Open311's `status_notes`: which of the open or closed states it is, in words.
    pub fn status_notes(self, duplicate_of: Option<i64>) -> String {
        match (self, duplicate_of) {
            (WorkState::Open, _) => "Reported, waiting for a crew.".to_owned(),
            (WorkState::Acknowledged, _) => "A crew has taken it.".to_owned(),
            (WorkState::MadeSafe, _) => "Made safe, not yet repaired.".to_owned(),
            (WorkState::Fixed, _) => "Repaired.".to_owned(),
            (WorkState::Rejected, _) => "No action will be taken.".to_owned(),
            (WorkState::Duplicate, Some(id)) => format!("Duplicate of #{id}."),
            (WorkState::Duplicate, None) => "Duplicate request.".to_owned(),
        }
    }
}

/// Open311's `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PublicStatus {
    Open,
    Closed,
}

impl PublicStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PublicStatus::Open => "open",
            PublicStatus::Closed => "closed",
        }
    }

    /// The work states that have this status.
    pub fn work_states(self) -> impl Iterator<Item = WorkState> {
        WorkState::ALL
            .into_iter()
            .filter(move |w| w.public_status() == self)
    }
}

impl FromStr for PublicStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "open" => Ok(PublicStatus::Open),
            "closed" => Ok(PublicStatus::Closed),
            _ => Err(format!("{s:?} is not open or closed")),
        }
    }
}

/// A date-time as every public output writes it: the w3c profile of ISO 8601, in UTC, to
/// the second (`2026-01-01T08:30:00Z`).
pub fn w3c(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A graded pothole as the public sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicReport {
    /// The report number people see (#42), Open311's `service_request_id`.
    pub id: i64,
    pub severity: Severity,
    pub work_state: WorkState,
    pub duplicate_of: Option<i64>,
    pub location: Option<GeoPoint>,
    /// The model's one-line reason for its grade (never the citizen's caption).
    pub reason: Option<String>,
    pub requested_at: DateTime<Utc>,
    /// The last change: the newest event, or the time it was reported.
    pub updated_at: DateTime<Utc>,
}

impl PublicReport {
    pub fn status(&self) -> PublicStatus {
        self.work_state.public_status()
    }

    pub fn status_notes(&self) -> String {
        self.work_state.status_notes(self.duplicate_of)
    }

    /// Whether its photo may be shown (when photos are public at all): not once the crews
    /// rejected the report.
    pub fn photo_is_public(&self) -> bool {
        self.work_state != WorkState::Rejected
    }

    /// A one-line public description: the grade and the model's reason.
    pub fn description(&self) -> String {
        match &self.reason {
            Some(reason) if !reason.trim().is_empty() => {
                format!("{} pothole: {}", self.severity, reason.trim())
            }
            _ => format!("{} pothole", self.severity),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_acknowledged_and_made_safe_are_open_the_rest_closed() {
        use WorkState::*;
        for w in [Open, Acknowledged, MadeSafe] {
            assert_eq!(w.public_status(), PublicStatus::Open, "{w}");
        }
        for w in [Fixed, Rejected, Duplicate] {
            assert_eq!(w.public_status(), PublicStatus::Closed, "{w}");
        }
        assert_eq!(PublicStatus::Open.work_states().count(), 3);
    }

    #[test]
    fn work_states_round_trip_through_their_words() {
        for w in WorkState::ALL {
            assert_eq!(w.as_str().parse::<WorkState>(), Ok(w));
        }
        assert!("closed".parse::<WorkState>().is_err());
    }

    #[test]
    fn a_duplicate_names_its_original_in_the_notes() {
        assert_eq!(
            WorkState::Duplicate.status_notes(Some(12)),
            "Duplicate of #12."
        );
    }
}
