//! Exact decimal amounts of money (and other values that are summed and shown as totals).
//!
//! Stored as an integer number of ten-thousandths, so `0.1 + 0.2` is exactly `0.3` and
//! totals never drift. Four decimals cover every ISO 4217 minor unit (at most 3).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::ops::{Add, Sub};

const SCALE: i64 = 10_000;
const DECIMALS: usize = 4;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(i64);

impl Amount {
    pub const ZERO: Amount = Amount(0);

    pub fn from_units(units: i64) -> Amount {
        Amount(units.saturating_mul(SCALE))
    }
    pub fn from_ten_thousandths(raw: i64) -> Amount {
        Amount(raw)
    }
    pub fn ten_thousandths(self) -> i64 {
        self.0
    }
    pub fn is_negative(self) -> bool {
        self.0 < 0
    }
    /// For ratios and comparisons only; never sum these to show a total.
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / SCALE as f64
    }
    /// Rounds a computed value (a conversion, a normalisation) half away from zero.
    pub fn from_f64_rounded(value: f64) -> Option<Amount> {
        let scaled = (value * SCALE as f64).round();
        (scaled.is_finite() && scaled.abs() < i64::MAX as f64).then_some(Amount(scaled as i64))
    }

    /// Parses a plain decimal such as `150`, `-2.5` or `1234.5678`. Thousands separators,
    /// currency signs and more than four decimals are refused so that nothing is guessed.
    pub fn parse(text: &str) -> Option<Amount> {
        let text = text.trim();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (whole.is_empty() && fraction.is_empty())
            || !all_digits(whole)
            || !all_digits(fraction)
            || fraction.len() > DECIMALS
        {
            return None;
        }
        let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
        let padded = format!("{fraction:0<width$}", width = DECIMALS);
        let fraction: i64 = padded.parse().ok()?;
        // In i128 so that the most negative amount, whose magnitude is not an i64, reads back.
        let raw = i128::from(whole) * i128::from(SCALE) + i128::from(fraction);
        i64::try_from(if negative { -raw } else { raw }).ok().map(Amount)
    }

    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        self.0.checked_add(other.0).map(Amount)
    }

    /// Formats with exactly `decimals` places (rounded half away from zero).
    pub fn format_fixed(self, decimals: usize) -> String {
        let decimals = decimals.min(DECIMALS);
        // Unsigned, so the extremes that saturating sums reach cannot overflow.
        let drop = 10_u64.pow((DECIMALS - decimals) as u32);
        let rounded = (self.0.unsigned_abs() + drop / 2) / drop;
        let unit = 10_u64.pow(decimals as u32);
        let sign = if self.0 < 0 && rounded != 0 { "-" } else { "" };
        if decimals == 0 {
            format!("{sign}{rounded}")
        } else {
            format!("{sign}{}.{:0width$}", rounded / unit, rounded % unit, width = decimals)
        }
    }
}

impl Add for Amount {
    type Output = Amount;
    fn add(self, other: Amount) -> Amount {
        Amount(self.0.saturating_add(other.0))
    }
}

impl Sub for Amount {
    type Output = Amount;
    fn sub(self, other: Amount) -> Amount {
        Amount(self.0.saturating_sub(other.0))
    }
}

impl std::iter::Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        iter.fold(Amount::ZERO, Add::add)
    }
}

/// The shortest exact form: `150`, `0.3`, `-2.25`.
impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let full = self.format_fixed(DECIMALS);
        let trimmed = full.trim_end_matches('0').trim_end_matches('.');
        f.write_str(trimmed)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Amount::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a decimal amount")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_exactly() {
        let total: Amount = ["0.1", "0.2"].iter().map(|s| Amount::parse(s).unwrap()).sum();
        assert_eq!(total, Amount::parse("0.3").unwrap());
        assert_eq!(total.to_string(), "0.3");
    }

    #[test]
    fn parses_and_refuses() {
        assert_eq!(Amount::parse("150").unwrap().to_string(), "150");
        assert_eq!(Amount::parse("-2.25").unwrap().to_string(), "-2.25");
        assert_eq!(Amount::parse(".5").unwrap().to_string(), "0.5");
        for bad in ["", "-", "1,000", "$5", "1.23456", "1e3", "NA"] {
            assert_eq!(Amount::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn extremes_format_and_parse_back() {
        for raw in [i64::MIN, i64::MAX, i64::MIN + 1] {
            let amount = Amount::from_ten_thousandths(raw);
            assert_eq!(Amount::parse(&amount.to_string()), Some(amount));
            assert!(!amount.format_fixed(0).is_empty());
        }
        assert_eq!(Amount::parse("922337203685477.5808"), None);
    }

    #[test]
    fn fixed_formatting_rounds_half_away_from_zero() {
        let a = Amount::parse("2.345").unwrap();
        assert_eq!(a.format_fixed(2), "2.35");
        assert_eq!(Amount::parse("-2.345").unwrap().format_fixed(2), "-2.35");
        assert_eq!(Amount::parse("-0.001").unwrap().format_fixed(2), "0.00");
        assert_eq!(Amount::from_units(7).format_fixed(0), "7");
    }
}
