//! Reading the harmonisation forms' fields (money, percentages, dates, currencies, rates)
//! with messages that say how to fix what was typed. Plain Rust, tested natively.

use crate::model::{Amount, IsoDate};

/// An amount of money: a plain decimal with a dot, at most four decimals.
pub fn amount(text: &str) -> Result<Amount, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Required.".into());
    }
    Amount::parse(text).ok_or_else(|| {
        if text.contains(',') {
            format!(
                "“{text}” is not an amount: leave out thousands separators and use a dot for decimals, e.g. 1200.50."
            )
        } else {
            format!("“{text}” is not an amount: type digits with at most four decimals, e.g. 120 or 12.50.")
        }
    })
}

/// A required amount above zero (a transfer value, a basket).
pub fn positive_amount(text: &str) -> Result<Amount, String> {
    let value = amount(text)?;
    if value > Amount::ZERO {
        Ok(value)
    } else {
        Err("Must be more than zero.".into())
    }
}

/// An amount that may be left empty.
pub fn optional_amount(text: &str) -> Result<Option<Amount>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let value = amount(text)?;
    if value.is_negative() {
        return Err("Must not be negative.".into());
    }
    Ok(Some(value))
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
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    IsoDate::parse(text).map(Some).ok_or_else(|| format!("“{text}” is not a date: use YYYY-MM-DD, e.g. 2024-01-31."))
}

pub fn date(text: &str) -> Result<IsoDate, String> {
    optional_date(text)?.ok_or_else(|| "Required.".into())
}

/// An ISO 4217 currency code, upper-cased.
pub fn currency(text: &str) -> Result<String, String> {
    let code = text.trim().to_uppercase();
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(code)
    } else if code.is_empty() {
        Err("Required: a 3-letter currency code such as USD.".into())
    } else {
        Err(format!("“{}” is not a currency code: use 3 letters such as USD, TRY or SYP.", text.trim()))
    }
}

/// An exchange rate: a positive decimal, any number of decimals (0.000077 is a real rate).
pub fn rate(text: &str) -> Result<f64, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Required.".into());
    }
    let plain = text.bytes().all(|b| b.is_ascii_digit() || b == b'.') && text.matches('.').count() <= 1;
    match text.parse::<f64>() {
        Ok(value) if plain && value.is_finite() && value > 0.0 => Ok(value),
        Ok(_) if plain => Err("Must be more than zero.".into()),
        _ => Err(format!("“{text}” is not a rate: type a number with a dot for decimals, e.g. 32.5 or 0.0307.")),
    }
}

/// Targeting criteria typed as a list separated by semicolons (as in the HXL files).
pub fn criteria(text: &str) -> std::collections::BTreeSet<String> {
    text.split(';').map(str::trim).filter(|c| !c.is_empty()).map(String::from).collect()
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
        assert_eq!(rate("0"), Err("Must be more than zero.".into()));
        assert!(rate("1e3").unwrap_err().contains("not a rate"));
        assert!(rate("-2").unwrap_err().contains("not a rate"));
        let parsed = criteria(" Displaced households; ;Female-headed households ");
        assert_eq!(parsed.into_iter().collect::<Vec<_>>(), vec!["Displaced households", "Female-headed households"]);
    }
}
