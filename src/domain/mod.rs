//! The domain: severities, verdicts, the alert rule, photo-size choice, cost and every text
//! people read. Pure code — no I/O, no clocks, no Telegram types — and unit-tested here.

pub mod cost;
pub mod intake_rules;
pub mod metrics;
pub mod notice;
pub mod photo;
pub mod public;
pub mod report;
pub mod severity;
pub mod texts;
pub mod verdict;

pub use cost::{ImageDetail, Prices};
pub use notice::{DelayCause, Notice, OperatorWarning};
pub use report::{GeoPoint, StaffAction, Status};
pub use severity::Severity;
pub use verdict::{Verdict, needs_review, should_alert};
