//! Grading settings: what is alerted on, how many reports are graded at once, how soon a
//! failed grading is tried again, and the daily spending cap.

use std::time::Duration;

use super::{ConfigError, Env, invalid};
use crate::domain::Severity;

#[derive(Debug, Clone)]
pub struct GradingSettings {
    /// `ALERT_MIN_SEVERITY`: always a pothole grade (minor, moderate or severe).
    pub alert_min_severity: Severity,
    /// `OPENAI_CONCURRENCY`: reports graded at the same time.
    pub concurrency: usize,
    /// `OPENAI_RETRY_MIN_SECS`: first pause after a failed attempt; doubles up to 5 minutes.
    pub retry_min: Duration,
    /// `DAILY_BUDGET_USD`; `None` when 0 (no cap).
    pub daily_budget_usd: Option<f64>,
    /// `REVIEW_BELOW_CONFIDENCE`: a pothole graded with less confidence than this (or none)
    /// is flagged "needs a look" for the crews.
    pub review_below_confidence: f64,
    /// `RETRY_UNCLEAR_AT_HIGH`: an `unclear` verdict at `low` detail is asked once more at
    /// `high` detail, while the day's spend is under `DAILY_BUDGET_USD`.
    pub retry_unclear_at_high: bool,
}

impl GradingSettings {
    /// Reads the grading settings alone. Blank values count as unset.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<GradingSettings, ConfigError> {
        GradingSettings::read(&Env::new(&lookup))
    }

    pub(crate) fn read(env: &Env<'_>) -> Result<GradingSettings, ConfigError> {
        let alert_min_severity: Severity = env.parsed("ALERT_MIN_SEVERITY", Severity::Severe)?;
        if !alert_min_severity.is_pothole() {
            return Err(invalid(
                "ALERT_MIN_SEVERITY",
                "must be minor, moderate or severe",
            ));
        }
        // 0 is no cap. A tiny cap is allowed: it stops grading after the first report.
        let budget = env.number("DAILY_BUDGET_USD", 0.0, 0.0..=1_000_000.0)?;
        Ok(GradingSettings {
            alert_min_severity,
            concurrency: env.whole("OPENAI_CONCURRENCY", 16, 1..=1000)?,
            // The pause doubles up to 5 minutes; a first pause above that would never be used.
            retry_min: env.secs("OPENAI_RETRY_MIN_SECS", 10, 1..=300)?,
            daily_budget_usd: (budget > 0.0).then_some(budget),
            review_below_confidence: env.number("REVIEW_BELOW_CONFIDENCE", 0.5, 0.0..=1.0)?,
            retry_unclear_at_high: env.flag("RETRY_UNCLEAR_AT_HIGH", false)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tests::lookup;

    #[test]
    fn confidence_review_and_the_high_detail_retry_have_safe_defaults() {
        let g = GradingSettings::from_lookup(lookup(&[])).unwrap();
        assert_eq!(g.review_below_confidence, 0.5);
        assert!(!g.retry_unclear_at_high);
        for (name, value) in [
            ("REVIEW_BELOW_CONFIDENCE", "1.5"),
            ("REVIEW_BELOW_CONFIDENCE", "half"),
            ("RETRY_UNCLEAR_AT_HIGH", "sometimes"),
        ] {
            let e = GradingSettings::from_lookup(lookup(&[(name, value)]))
                .unwrap_err()
                .to_string();
            assert!(e.starts_with(&format!("{name} is invalid")), "{e}");
        }
    }

    #[test]
    fn a_zero_budget_means_no_cap() {
        let read = |v| GradingSettings::from_lookup(lookup(&[("DAILY_BUDGET_USD", v)])).unwrap();
        assert_eq!(read("0").daily_budget_usd, None);
        assert_eq!(read("1.5").daily_budget_usd, Some(1.5));
    }
}
