//! Reading the harmonisation forms' fields (money, percentages, dates, currencies, rates)
//! with messages that say how to fix what was typed. Plain Rust, tested natively.

use crate::model::rules::values::{self, MonthDay};
use crate::model::rules::ProblemKind;
use crate::model::{Amount, IsoDate};
use crate::ui::input::sentence;

/// An amount of money: a plain decimal with a dot, at most four decimals.
pub fn amount(text: &str) -> Result<Amount, String> {
    match text.trim() {
        "" => Err("Required.".into()),
        t => Amount::parse(t)
            .ok_or_else(|| sentence(values::amount(t).err().map_or_else(String::new, |e| e.to_string()))),
    }
}

/// A required amount above zero (a transfer value, a basket).
pub fn positive_amount(text: &str) -> Result<Amount, String> {
    let value = amount(text)?;
    if value > Amount::ZERO {
        Ok(value)
    } else {
        Err(sentence(ProblemKind::NotAboveZero))
    }
}

/// An amount that may be left empty.
pub fn optional_amount(text: &str) -> Result<Option<Amount>, String> {
    match text.trim() {
        "" => Ok(None),
        t => values::amount(t).map(Some).map_err(sentence),
    }
}

/// A percentage from 0 to 100; empty gives `default`.
pub fn percent(text: &str, default: Amount) -> Result<Amount, String> {
    if text.trim().is_empty() {
        return Ok(default);
    }
    let value = amount(text.trim().trim_end_matches('%'))?;
    if value.is_negative() || value > Amount::from_units(100) {
        return Err(format!("{value} % is out of range: enter a percentage from 0 to 100."));
    }
    Ok(value)
}

/// A date as a date field gives it (YYYY-MM-DD); empty is None.
pub fn optional_date(text: &str) -> Result<Option<IsoDate>, String> {
    match text.trim() {
        "" => Ok(None),
        t => values::date(t, MonthDay::First).map(Some).map_err(sentence),
    }
}

pub fn date(text: &str) -> Result<IsoDate, String> {
    optional_date(text)?.ok_or_else(|| "Required.".into())
}

/// An ISO 4217 currency code, upper-cased.
pub fn currency(text: &str) -> Result<String, String> {
    match text.trim() {
        "" => Err("Required: a 3-letter currency code such as USD.".into()),
        t => values::currency(t).map_err(sentence),
    }
}

/// An exchange rate: a positive decimal, any number of decimals (0.000077 is a real rate).
pub fn rate(text: &str) -> Result<f64, String> {
    match text.trim() {
        "" => Err("Required.".into()),
        t => values::rate(t).map_err(sentence),
    }
}

/// Targeting criteria typed as a list separated by semicolons (as in the HXL files).
pub fn criteria(text: &str) -> std::collections::BTreeSet<String> {
    values::list(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_refuse_commas_and_junk_with_advice() {
        assert_eq!(amount(" 12.5 ").unwrap().to_string(), "12.5");
        assert!(amount("1,200").unwrap_err().contains("thousands separators"));
        assert!(amount("ten").unwrap_err().contains("not an amount"));
        assert_eq!(amount(""), Err("Required.".into()));
        assert_eq!(positive_amount("0"), Err("Must be more than zero.".into()));
        assert_eq!(optional_amount(""), Ok(None));
        assert!(optional_amount("-3").unwrap_err().contains("negative"));
    }

    #[test]
    fn percentages_default_and_stay_in_range() {
        let ten = Amount::from_units(10);
        assert_eq!(percent("", ten), Ok(ten));
        assert_eq!(percent("15 %", ten), Ok(Amount::from_units(15)));
        assert!(percent("120", ten).unwrap_err().contains("from 0 to 100"));
        assert!(percent("-1", ten).is_err());
    }

    #[test]
    fn dates_currencies_rates_and_criteria() {
        assert_eq!(optional_date(""), Ok(None));
        assert_eq!(date("2024-03-01").unwrap().to_string(), "2024-03-01");
        assert!(date("01/03/2024").unwrap_err().contains("YYYY-MM-DD"));
        assert_eq!(date(""), Err("Required.".into()));
        assert_eq!(currency(" usd "), Ok("USD".into()));
        assert!(currency("US$").unwrap_err().contains("3 letters"));
        assert_eq!(rate("0.0307"), Ok(0.0307));
        assert!(rate("0").unwrap_err().contains("above 0"));
        assert!(rate("1e3").unwrap_err().contains("not a rate"));
        assert!(rate("-2").unwrap_err().contains("not a rate"));
        let parsed = criteria(" Displaced households; ;Female-headed households ");
        assert_eq!(parsed.into_iter().collect::<Vec<_>>(), vec!["Displaced households", "Female-headed households"]);
    }
}
