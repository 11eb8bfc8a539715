//! The small numeric types the harmonisation reports show: signed one-decimal percentages,
//! two-decimal ratios, money rounded to cents and an exact median of amounts.

use crate::model::sorting;
use crate::model::Amount;
use serde::{Serialize, Serializer};
use std::fmt;

/// A signed percentage in tenths (`-123` is −12.3 %), e.g. a deviation from a standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SignedPercent(i64);

impl SignedPercent {
    /// Rounds a computed percentage half away from zero; None when it is not finite.
    pub fn from_f64(percent: f64) -> Option<SignedPercent> {
        let tenths = (percent * 10.0).round();
        (tenths.is_finite() && tenths.abs() < 1e15).then_some(SignedPercent(tenths as i64))
    }
    pub fn tenths(self) -> i64 {
        self.0
    }
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / 10.0
    }
    /// Whether the percentage as shown (one decimal) lies beyond `limit` percent, which is
    /// an exact amount: compared in integers, so 10.0 against a tolerance of 10 is inside.
    pub fn exceeds(self, limit: Amount) -> bool {
        i128::from(self.0) * 1000 > i128::from(limit.ten_thousandths())
    }
    pub fn below(self, limit: Amount) -> bool {
        i128::from(self.0) * 1000 < i128::from(limit.ten_thousandths())
    }
}

impl fmt::Display for SignedPercent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(f, "{sign}{}.{}", self.0.unsigned_abs() / 10, self.0.unsigned_abs() % 10)
    }
}

impl Serialize for SignedPercent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.to_f64())
    }
}

/// A non-negative ratio in hundredths (`67` is 0.67): a similarity or a coefficient of
/// variation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ratio(u64);

impl Ratio {
    /// `part / whole`, rounded half up from exact counts; None when `whole` is 0.
    pub fn of(part: u64, whole: u64) -> Option<Ratio> {
        if whole == 0 {
            return None;
        }
        let (part, whole) = (u128::from(part), u128::from(whole));
        Some(Ratio(u64::try_from((part * 200 + whole) / (2 * whole)).unwrap_or(u64::MAX)))
    }
    /// Rounds a computed non-negative ratio; None when negative or not finite.
    pub fn from_f64(ratio: f64) -> Option<Ratio> {
        let hundredths = (ratio * 100.0).round();
        (hundredths.is_finite() && (0.0..1e15).contains(&hundredths)).then_some(Ratio(hundredths as u64))
    }
    pub fn hundredths(self) -> u64 {
        self.0
    }
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

impl Serialize for Ratio {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.to_f64())
    }
}

/// A computed money value rounded half away from zero to whole cents, so what is stored is
/// exactly what is shown.
pub fn cents_from_f64(value: f64) -> Option<Amount> {
    Amount::from_f64_rounded(value).map(round_to_cents)
}

pub fn round_to_cents(amount: Amount) -> Amount {
    let raw = amount.ten_thousandths();
    let cents = (raw.unsigned_abs() + 50) / 100;
    let rounded = i64::try_from(cents.saturating_mul(100)).unwrap_or(i64::MAX);
    Amount::from_ten_thousandths(if raw < 0 { -rounded } else { rounded })
}

/// Serialises money with exactly two decimals (`"150.00"`).
pub fn serialize_cents<S: Serializer>(amount: &Amount, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&amount.format_fixed(2))
}

pub fn serialize_opt_cents<S: Serializer>(amount: &Option<Amount>, s: S) -> Result<S::Ok, S::Error> {
    match amount {
        Some(amount) => serialize_cents(amount, s),
        None => s.serialize_none(),
    }
}

/// The median of exact amounts: the middle one, or the exact mean of the two middle ones.
pub fn median(values: &[Amount]) -> Option<Amount> {
    let mut sorted = values.to_vec();
    sorting::sort(&mut sorted);
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => sorted.get(middle).copied(),
        _ => {
            let low = i128::from(sorted.get(middle - 1)?.ten_thousandths());
            let high = i128::from(sorted.get(middle)?.ten_thousandths());
            i64::try_from((low + high) / 2).ok().map(Amount::from_ten_thousandths)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(text: &str) -> Amount {
        Amount::parse(text).unwrap()
    }

    #[test]
    fn signed_percent_rounds_and_compares_as_shown() {
        assert_eq!(SignedPercent::from_f64(10.04).unwrap().to_string(), "10.0");
        assert_eq!(SignedPercent::from_f64(-12.35).unwrap().to_string(), "-12.4");
        assert_eq!(SignedPercent::from_f64(-0.04).unwrap().to_string(), "0.0");
        assert_eq!(SignedPercent::from_f64(f64::NAN), None);
        // 110 / 100 in floating point is 10.000000000000009 %: still within a 10 % tolerance.
        let float_noise = SignedPercent::from_f64((110.0 - 100.0) / 100.0 * 100.0).unwrap();
        assert!(!float_noise.exceeds(amount("10")));
        assert!(SignedPercent::from_f64(10.1).unwrap().exceeds(amount("10")));
        assert!(SignedPercent::from_f64(-10.1).unwrap().below(amount("-10")));
        assert!(!SignedPercent::from_f64(-10.0).unwrap().below(amount("-10")));
    }

    #[test]
    fn ratio_rounds_half_up() {
        assert_eq!(Ratio::of(2, 3).unwrap().to_string(), "0.67");
        assert_eq!(Ratio::of(1, 8).unwrap().to_string(), "0.13");
        assert_eq!(Ratio::of(3, 3).unwrap().to_string(), "1.00");
        assert_eq!(Ratio::of(1, 0), None);
        assert_eq!(Ratio::from_f64(0.125).unwrap().to_string(), "0.13");
        assert_eq!(Ratio::from_f64(-0.5), None);
    }

    #[test]
    fn cents_round_half_away_from_zero() {
        assert_eq!(cents_from_f64(2.345).unwrap().to_string(), "2.35");
        assert_eq!(round_to_cents(amount("-2.345")).to_string(), "-2.35");
        assert_eq!(cents_from_f64(f64::INFINITY), None);
    }

    #[test]
    fn median_is_exact() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[amount("3"), amount("1"), amount("2")]), Some(amount("2")));
        assert_eq!(median(&[amount("0.01"), amount("0.02")]), Some(amount("0.015")));
    }
}
