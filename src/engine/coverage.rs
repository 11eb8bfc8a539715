//! Percentages with one decimal computed exactly from integer counts, and coverage bands.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A non-negative percentage in tenths (`123` is 12.3 %), rounded half up from exact counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(u64);

impl Percent {
    /// `part / whole × 100`, or None when `whole` is 0 (a share of nothing is unknown).
    pub fn of(part: u64, whole: u64) -> Option<Percent> {
        if whole == 0 {
            return None;
        }
        let (part, whole) = (u128::from(part), u128::from(whole));
        let tenths = (part * 2000 + whole) / (2 * whole);
        Some(Percent(u64::try_from(tenths).unwrap_or(u64::MAX)))
    }
    pub fn tenths(self) -> u64 {
        self.0
    }
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / 10.0
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0 / 10, self.0 % 10)
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.to_f64())
    }
}

/// Read back from its value in percent (the boundaries module gets figures as JSON); a
/// negative or non-finite value is refused.
impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Percent, D::Error> {
        let value = f64::deserialize(d)?;
        if !(value.is_finite() && value >= 0.0) {
            return Err(serde::de::Error::custom(format!("{value} is not a percentage")));
        }
        Ok(Percent((value * 10.0).round() as u64))
    }
}

/// How well a cell is covered. `Over` (above 100 %) usually means people counted twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    None,
    Low,
    Partial,
    Full,
    Over,
}

impl Band {
    /// `none` = 0 %, `low` < 30 %, `partial` < 100 %, `full` = 100 %, `over` > 100 %,
    /// judged on exact counts so 99.96 % is partial even though it displays as 100.0.
    pub fn of(reached: u64, people_in_need: u64) -> Option<Band> {
        if people_in_need == 0 {
            return None;
        }
        let (r, p) = (u128::from(reached), u128::from(people_in_need));
        Some(if r == 0 {
            Band::None
        } else if r * 10 < p * 3 {
            Band::Low
        } else if r < p {
            Band::Partial
        } else if r == p {
            Band::Full
        } else {
            Band::Over
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Band::None => "none",
            Band::Low => "low",
            Band::Partial => "partial",
            Band::Full => "full",
            Band::Over => "over",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_half_up_to_one_decimal() {
        assert_eq!(Percent::of(1, 3).unwrap().to_string(), "33.3");
        assert_eq!(Percent::of(2, 3).unwrap().to_string(), "66.7");
        assert_eq!(Percent::of(1, 8).unwrap().to_string(), "12.5");
        assert_eq!(Percent::of(3, 2).unwrap().to_string(), "150.0");
        assert_eq!(Percent::of(5, 0), None);
        assert_eq!(Percent::of(u64::MAX, 1).unwrap().tenths(), u64::MAX);
    }

    #[test]
    fn bands_follow_the_definitions() {
        assert_eq!(Band::of(0, 10), Some(Band::None));
        assert_eq!(Band::of(2, 10), Some(Band::Low));
        assert_eq!(Band::of(3, 10), Some(Band::Partial));
        assert_eq!(Band::of(9_999, 10_000), Some(Band::Partial));
        assert_eq!(Band::of(10, 10), Some(Band::Full));
        assert_eq!(Band::of(11, 10), Some(Band::Over));
        assert_eq!(Band::of(11, 0), None);
    }
}
