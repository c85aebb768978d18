//! The `reports`, `events` and `pending_locations` tables: a report's whole life, each change
//! in one transaction together with the messages it implies.
//!
//! `intake` writes what a citizen sends (a photo, a pin); `grading` is the grader's queue and
//! what it stores; `views` is what the courier, `/report` and `/status` read. This file holds
//! what they share: how the photo reached us.

mod grading;
mod intake;
mod views;

#[cfg(test)]
pub(super) use grading::DUE_TO_GRADE;
pub use grading::{GradeOutcome, Grading, ReportToGrade, Waiting};
pub use intake::{IntakeRules, LocationOutcome, NewReport, SubmitOutcome};
pub use views::ReportView;

/// How the photo reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    /// A compressed Telegram photo.
    Photo,
    /// An image sent as a file.
    Document,
}

impl MediaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Photo => "photo",
            MediaKind::Document => "document",
        }
    }
}

fn media_kind(s: &str) -> MediaKind {
    if s == "document" {
        MediaKind::Document
    } else {
        MediaKind::Photo
    }
}
