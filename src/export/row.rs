//! CSV of the public view, one row per graded pothole (located or not), with the `csv`
//! crate doing the quoting.

use serde::Serialize;

use crate::domain::public::{PublicReport, w3c};

/// One CSV row; the field names are the header.
#[derive(Debug, Serialize)]
pub struct Row {
    pub id: i64,
    pub severity: &'static str,
    pub work_state: &'static str,
    pub status: &'static str,
    pub status_notes: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub requested_at: String,
    pub updated_at: String,
    pub description: String,
    /// The report this one is the same pothole as (work state `duplicate`).
    pub duplicate_of: Option<i64>,
}

/// The header line, for a document without rows (the `csv` crate writes it with the first).
pub const HEADER: [&str; 11] = [
    "id",
    "severity",
    "work_state",
    "status",
    "status_notes",
    "latitude",
    "longitude",
    "requested_at",
    "updated_at",
    "description",
    "duplicate_of",
];

impl From<&PublicReport> for Row {
    fn from(r: &PublicReport) -> Row {
        Row {
            id: r.id,
            severity: r.severity.as_str(),
            work_state: r.work_state.as_str(),
            status: r.status().as_str(),
            status_notes: r.status_notes(),
            latitude: r.location.map(|p| p.lat()),
            longitude: r.location.map(|p| p.lon()),
            requested_at: w3c(r.requested_at),
            updated_at: w3c(r.updated_at),
            description: r.description(),
            duplicate_of: r.duplicate_of,
        }
    }
}
