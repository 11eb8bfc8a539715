//! The group's rule for files shared outside it: counts of fewer than N people are not
//! shown, so that nobody can pick out a handful of households in a village from a 5W or a
//! gap report. One rule, applied by every export that asks for it (`formats::protect`).

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The smallest threshold: below 2 nothing would be hidden but single persons.
pub const MIN_THRESHOLD: u64 = 2;
/// The largest threshold: above it whole villages disappear from a report.
pub const MAX_THRESHOLD: u64 = 1_000;
/// What statistical offices and the humanitarian data guidelines commonly use.
pub const DEFAULT_THRESHOLD: u64 = 10;

/// Counts of 1 to `below − 1` people are hidden; 0 is shown (it picks out nobody).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmallCounts {
    below: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SmallCountsError {
    #[error("“{0}” is not a number of people; type a whole number from {MIN_THRESHOLD} to {MAX_THRESHOLD}, e.g. 10")]
    NotANumber(String),
    #[error("{0} is outside {MIN_THRESHOLD} to {MAX_THRESHOLD}: below {MIN_THRESHOLD} nothing is hidden, above {MAX_THRESHOLD} whole areas disappear")]
    OutOfRange(u64),
}

impl SmallCounts {
    pub fn below(below: u64) -> Result<SmallCounts, SmallCountsError> {
        if (MIN_THRESHOLD..=MAX_THRESHOLD).contains(&below) {
            Ok(SmallCounts { below })
        } else {
            Err(SmallCountsError::OutOfRange(below))
        }
    }

    /// The threshold as people type it ("10", " 5 ").
    pub fn parse(text: &str) -> Result<SmallCounts, SmallCountsError> {
        let trimmed = text.trim();
        let below = trimmed.parse::<u64>().map_err(|_| SmallCountsError::NotANumber(trimmed.to_string()))?;
        SmallCounts::below(below)
    }

    pub fn threshold(self) -> u64 {
        self.below
    }

    /// Whether a count of `people` is hidden.
    pub fn hides(self, people: u64) -> bool {
        people > 0 && people < self.below
    }

    /// What a hidden count is written as: "<10".
    pub fn hidden_text(self) -> String {
        format!("<{}", self.below)
    }

    /// The note a protected file carries on each row where something was hidden.
    pub fn note(self) -> String {
        format!(
            "counts under {} people shown as {}; figures that would reveal them left out",
            self.below,
            self.hidden_text()
        )
    }
}

impl Default for SmallCounts {
    fn default() -> SmallCounts {
        SmallCounts { below: DEFAULT_THRESHOLD }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_from_one_to_below_the_threshold_are_hidden_and_zero_is_not() {
        let rule = SmallCounts::below(10).unwrap();
        assert!(!rule.hides(0));
        assert!(rule.hides(1));
        assert!(rule.hides(9));
        assert!(!rule.hides(10));
        assert_eq!(rule.hidden_text(), "<10");
    }

    #[test]
    fn thresholds_are_read_as_typed_and_bounded() {
        assert_eq!(SmallCounts::parse(" 5 ").unwrap().threshold(), 5);
        assert_eq!(SmallCounts::parse("ten"), Err(SmallCountsError::NotANumber("ten".into())));
        assert_eq!(SmallCounts::parse("1"), Err(SmallCountsError::OutOfRange(1)));
        assert!(SmallCounts::parse("1001").is_err());
        assert!(SmallCounts::parse("-3").is_err());
    }
}
