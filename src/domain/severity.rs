//! The grade a report gets: the three pothole severities, ordered, plus the two
//! non-verdicts (`not_pothole`, `unclear`).

use std::fmt;
use std::str::FromStr;

/// What the vision model decided about a photo.
///
/// The derived order is the alert order: `NotPothole` and `Unclear` sort below `Minor`, so
/// "at or above the alert threshold" is a plain comparison and can never pick them up.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    NotPothole,
    Unclear,
    Minor,
    Moderate,
    Severe,
}

impl Severity {
    /// Every value, in the order the model's JSON schema lists them.
    pub const ALL: [Severity; 5] = [
        Severity::Minor,
        Severity::Moderate,
        Severity::Severe,
        Severity::NotPothole,
        Severity::Unclear,
    ];

    /// The word stored in SQLite and shown to people.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Minor => "minor",
            Severity::Moderate => "moderate",
            Severity::Severe => "severe",
            Severity::NotPothole => "not_pothole",
            Severity::Unclear => "unclear",
        }
    }

    /// True for `minor`, `moderate` and `severe`.
    pub fn is_pothole(self) -> bool {
        matches!(
            self,
            Severity::Minor | Severity::Moderate | Severity::Severe
        )
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A severity word that is not one of the five.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown severity {0:?} (expected minor, moderate, severe, not_pothole or unclear)")]
pub struct UnknownSeverity(pub String);

impl FromStr for Severity {
    type Err = UnknownSeverity;

    /// Accepts the stored words, case-insensitively and with surrounding blanks, because
    /// OpenAI-compatible servers that ignore the schema are not always tidy.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let word = s.trim().to_ascii_lowercase().replace([' ', '-'], "_");
        Severity::ALL
            .into_iter()
            .find(|sev| sev.as_str() == word)
            .ok_or_else(|| UnknownSeverity(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_are_ordered_from_not_pothole_to_severe() {
        assert!(Severity::Severe > Severity::Moderate);
        assert!(Severity::Moderate > Severity::Minor);
        assert!(Severity::Minor > Severity::Unclear);
        assert!(Severity::Unclear > Severity::NotPothole);
    }

    #[test]
    fn every_word_round_trips() {
        for sev in Severity::ALL {
            assert_eq!(sev.as_str().parse::<Severity>(), Ok(sev));
        }
    }

    #[test]
    fn parsing_tolerates_case_blanks_and_spaces() {
        assert_eq!(" Severe\n".parse::<Severity>(), Ok(Severity::Severe));
        assert_eq!("not pothole".parse::<Severity>(), Ok(Severity::NotPothole));
    }

    #[test]
    fn words_outside_the_scale_are_rejected() {
        assert!("catastrophic".parse::<Severity>().is_err());
        assert!("".parse::<Severity>().is_err());
    }

    #[test]
    fn only_the_three_grades_are_potholes() {
        let potholes: Vec<_> = Severity::ALL
            .into_iter()
            .filter(|s| s.is_pothole())
            .collect();
        assert_eq!(
            potholes,
            [Severity::Minor, Severity::Moderate, Severity::Severe]
        );
    }
}
