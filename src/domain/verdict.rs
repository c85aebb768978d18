//! A checked verdict from the vision model, and the rule that decides whether it alerts the
//! road crews.

use super::Severity;

/// Longest reason kept, in characters; the model is asked for one line.
pub const MAX_REASON_CHARS: usize = 200;

/// The model's answer after it has been checked: the severity is one of the five, the
/// confidence is within 0..=1, sizes are plausible and the reason is one short line.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Verdict {
    pub severity: Severity,
    pub confidence: Option<f64>,
    pub depth_mm: Option<u32>,
    pub width_mm: Option<u32>,
    /// The model's reason in the staff language: what is stored and what the crews read.
    pub reason: String,
    /// The same reason in the citizen's language, when that differs from the staff's. Only
    /// the citizen's verdict uses it; it is not stored with the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citizen_reason: Option<LocalReason>,
}

/// A reason in one language (`lang` is the catalogue's code, such as `pt`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LocalReason {
    pub lang: String,
    pub text: String,
}

impl Verdict {
    /// Builds a verdict from loosely typed model output. Out-of-range numbers are dropped
    /// (not clamped), so an absurd estimate never reaches a crew as a fact.
    pub fn new(
        severity: Severity,
        confidence: Option<f64>,
        depth_mm: Option<f64>,
        width_mm: Option<f64>,
        reason: &str,
    ) -> Verdict {
        let confidence = confidence.filter(|c| (0.0..=1.0).contains(c));
        let size = |v: Option<f64>, max: f64| {
            v.filter(|v| v.is_finite() && *v >= 0.0 && *v <= max)
                .map(|v| v.round() as u32)
        };
        Verdict {
            severity,
            confidence,
            depth_mm: size(depth_mm, 2_000.0),
            width_mm: size(width_mm, 20_000.0),
            reason: one_line(reason, MAX_REASON_CHARS),
            citizen_reason: None,
        }
    }

    /// Adds the reason in the citizen's language `lang` (a blank one is dropped).
    pub fn with_citizen_reason(mut self, lang: &str, text: &str) -> Verdict {
        let text = one_line(text, MAX_REASON_CHARS);
        self.citizen_reason = (!text.is_empty()).then(|| LocalReason {
            lang: lang.to_owned(),
            text,
        });
        self
    }
}

/// Whether crews should look at a pothole's photo rather than trust its grade: the model was
/// less sure than `below` (`REVIEW_BELOW_CONFIDENCE`), or gave no usable confidence.
pub fn needs_review(verdict: &Verdict, below: f64) -> bool {
    verdict.severity.is_pothole() && verdict.confidence.is_none_or(|c| c < below)
}

/// Whether a grade goes to the staff chat: real potholes at or above the threshold.
pub fn should_alert(severity: Severity, threshold: Severity) -> bool {
    severity.is_pothole() && severity >= threshold
}

/// Collapses whitespace to single spaces and cuts to `max` characters with an ellipsis.
pub fn one_line(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    truncate(&flat, max)
}

/// Cuts `text` to at most `max` characters, ending with `…` when it was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use Severity::*;

    #[test]
    fn the_default_threshold_alerts_only_severe() {
        assert!(should_alert(Severe, Severe));
        assert!(!should_alert(Moderate, Severe));
        assert!(!should_alert(Minor, Severe));
    }

    #[test]
    fn a_lower_threshold_alerts_everything_at_or_above_it() {
        assert!(should_alert(Severe, Moderate));
        assert!(should_alert(Moderate, Moderate));
        assert!(!should_alert(Minor, Moderate));
        assert!(should_alert(Minor, Minor));
    }

    #[test]
    fn non_verdicts_never_alert_whatever_the_threshold() {
        for threshold in Severity::ALL {
            assert!(!should_alert(NotPothole, threshold));
            assert!(!should_alert(Unclear, threshold));
        }
    }

    #[test]
    fn reasons_become_one_short_line() {
        let v = Verdict::new(Minor, None, None, None, "  small\ncrack \t here ");
        assert_eq!(v.reason, "small crack here");
        let long = "x".repeat(500);
        let v = Verdict::new(Minor, None, None, None, &long);
        assert_eq!(v.reason.chars().count(), MAX_REASON_CHARS);
        assert!(v.reason.ends_with('…'));
    }

    #[test]
    fn absurd_numbers_are_dropped_not_clamped() {
        let v = Verdict::new(Severe, Some(1.7), Some(-3.0), Some(f64::NAN), "r");
        assert_eq!((v.confidence, v.depth_mm, v.width_mm), (None, None, None));
        let v = Verdict::new(Severe, Some(0.8), Some(62.4), Some(450.0), "r");
        assert_eq!(
            (v.confidence, v.depth_mm, v.width_mm),
            (Some(0.8), Some(62), Some(450))
        );
    }

    #[test]
    fn unsure_or_unknown_confidence_needs_a_look_but_only_for_potholes() {
        let v = |sev, c| Verdict::new(sev, c, None, None, "r");
        assert!(needs_review(&v(Severe, Some(0.3)), 0.5));
        assert!(!needs_review(&v(Severe, Some(0.5)), 0.5));
        assert!(needs_review(&v(Minor, None), 0.5));
        assert!(!needs_review(&v(NotPothole, Some(0.1)), 0.5));
        assert!(!needs_review(&v(Unclear, None), 0.5));
        // 0 turns the flag off for every stated confidence.
        assert!(!needs_review(&v(Severe, Some(0.0)), 0.0));
    }

    #[test]
    fn truncation_counts_characters_not_bytes() {
        assert_eq!(truncate("ääää", 3), "ää…");
        assert_eq!(truncate("ää", 3), "ää");
    }
}
