//! Calendar dates (ISO 8601 `YYYY-MM-DD`) and months, without a time zone.
//!
//! Plans only need whole days: activity periods, validity of standards and exchange rates.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A valid proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoDate {
    year: i32,
    month: u8,
    day: u8,
}

/// A calendar month `YYYY-MM`, used for period filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u8,
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl IsoDate {
    /// 1970-01-01, a date that is always valid (a placeholder where a date is not known).
    pub const EPOCH: IsoDate = IsoDate { year: 1970, month: 1, day: 1 };

    pub fn new(year: i32, month: u8, day: u8) -> Option<IsoDate> {
        let valid =
            (1..=9999).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(IsoDate { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }
    pub fn month_of(self) -> Month {
        Month { year: self.year, month: self.month }
    }

    /// Parses `YYYY-MM-DD` strictly.
    pub fn parse(text: &str) -> Option<IsoDate> {
        let text = text.trim();
        let mut parts = text.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        IsoDate::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Days since 1970-01-01 (negative before), by Howard Hinnant's civil algorithm.
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The inverse of [`IsoDate::days_since_epoch`].
    pub fn from_days_since_epoch(days: i64) -> Option<IsoDate> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        IsoDate::new(i32::try_from(year).ok()?, month as u8, day as u8)
    }
}

impl Month {
    /// Parses `YYYY-MM`.
    pub fn parse(text: &str) -> Option<Month> {
        let text = text.trim();
        let (y, m) = text.split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let month = Month { year: y.parse().ok()?, month: m.parse().ok()? };
        month.first_day().map(|_| month)
    }
    pub fn first_day(self) -> Option<IsoDate> {
        IsoDate::new(self.year, self.month, 1)
    }
    pub fn last_day(self) -> Option<IsoDate> {
        IsoDate::new(self.year, self.month, days_in_month(self.year, self.month))
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for IsoDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for IsoDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        IsoDate::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a date (YYYY-MM-DD)")))
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Month::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a month (YYYY-MM)")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_valid_and_rejects_invalid_dates() {
        assert_eq!(IsoDate::parse("2024-02-29").map(|d| d.to_string()), Some("2024-02-29".into()));
        assert_eq!(IsoDate::parse("2023-02-29"), None);
        assert_eq!(IsoDate::parse("2023-13-01"), None);
        assert_eq!(IsoDate::parse("23-01-01"), None);
        assert_eq!(IsoDate::parse("2023-01-01x"), None);
    }

    #[test]
    fn epoch_days_round_trip() {
        for days in [-700_000_i64, -1, 0, 1, 19_000, 2_000_000] {
            let date = IsoDate::from_days_since_epoch(days).unwrap();
            assert_eq!(date.days_since_epoch(), days);
        }
        assert_eq!(IsoDate::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(IsoDate::parse("2000-03-01").unwrap().days_since_epoch(), 11_017);
    }

    #[test]
    fn month_bounds() {
        let feb = Month::parse("2024-02").unwrap();
        assert_eq!(feb.first_day().unwrap().to_string(), "2024-02-01");
        assert_eq!(feb.last_day().unwrap().to_string(), "2024-02-29");
        assert!(Month::parse("2024-2").is_none());
    }
}
