//! The domain: severities, verdicts, the alert rule, photo-size choice, cost and every text
//! people read. Pure code — no I/O, no clocks, no Telegram types — and unit-tested here.

pub mod callback;
pub mod clock;
pub mod cost;
pub mod intake_rules;
pub mod lang;
pub mod metrics;
pub mod notice;
pub mod photo;
pub mod public;
pub mod report;
pub mod severity;
pub mod texts;
pub mod verdict;
pub mod work;

pub use cost::{ImageDetail, Prices};
pub use lang::{Lang, Locale};
pub use notice::{DelayCause, Notice, OperatorWarning};
pub use report::{GeoPoint, Status};
pub use severity::Severity;
pub use verdict::{Verdict, needs_review, should_alert};

/// The crews' loop's texts (`texts::crew`), by the name the rest of the crate knows them by.
pub use texts::crew as crew_texts;
