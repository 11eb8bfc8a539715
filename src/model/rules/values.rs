//! Reading typed values out of what people type or files hold: counts, money, decimals,
//! currency codes, dates, canonical values and lists. One parser per kind of value, used by
//! the forms, the HXL and spreadsheet importers and the CLI, so "1,250", "usd" or
//! "2024-03" are read the same way everywhere. Empty text is the caller's business (a
//! field may be optional); these functions are given the trimmed, non-empty text.

use super::problem::ValueError;
use crate::model::vocab::{fold, Vocabulary};
use crate::model::{Amount, IsoDate, Month};
use std::collections::BTreeSet;

/// A whole number of people or households: digits, optionally grouped by thousands with
/// commas, spaces or non-breaking spaces ("1,250", "12 500"), because people copy figures
/// from reports. Groupings that are not thousands ("1,5") are refused rather than guessed.
pub fn count(text: &str) -> Result<u64, ValueError> {
    let text = text.trim();
    if text.starts_with('-') && text.len() > 1 {
        return Err(ValueError::Negative { text: text.to_string() });
    }
    let bad = || ValueError::NotCount { text: text.to_string() };
    let separator = text.chars().find(|c| matches!(c, ',' | ' ' | '\u{a0}' | '\u{202f}'));
    let digits: String = match separator {
        None => text.to_string(),
        Some(sep) => {
            let groups: Vec<&str> = text.split(sep).collect();
            let (first, rest) = groups.split_first().ok_or_else(bad)?;
            let grouped = (1..=3).contains(&first.len()) && rest.iter().all(|g| g.len() == 3);
            if !grouped {
                return Err(bad());
            }
            groups.concat()
        }
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    digits.parse().map_err(|_| ValueError::TooLarge { text: text.to_string() })
}

/// Money or another exact decimal of 0 or more, with at most four decimals and a dot.
pub fn amount(text: &str) -> Result<Amount, ValueError> {
    match Amount::parse(text) {
        Some(a) if a.is_negative() => Err(ValueError::Negative { text: text.trim().to_string() }),
        Some(a) => Ok(a),
        None => Err(ValueError::NotAmount { text: text.trim().to_string() }),
    }
}

/// A decimal above 0 such as a household size (at most four decimals). Never NaN or
/// infinite: the text must be a plain decimal.
pub fn positive(text: &str) -> Result<f64, ValueError> {
    match Amount::parse(text) {
        Some(a) if a.ten_thousandths() > 0 => Ok(a.to_f64()),
        _ => Err(ValueError::NotPositive { text: text.trim().to_string() }),
    }
}

/// Degrees of latitude or longitude: a plain signed decimal (`36.392488`, `-1.5`), never
/// NaN or infinite; the range is the rules' to judge (`rules::coordinates`).
pub fn coordinate(text: &str) -> Result<f64, ValueError> {
    let text = text.trim();
    let bad = || ValueError::NotCoordinate { text: text.to_string() };
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 3 || !digits(whole) || !digits(fraction) || fraction.len() > 20 {
        return Err(bad());
    }
    text.parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(bad)
}

/// An exchange rate: a plain decimal above 0, with as many decimals as needed (1 SYP is
/// 0.000077 USD). Never NaN or infinite.
pub fn rate(text: &str) -> Result<f64, ValueError> {
    let text = text.trim();
    let bad = || ValueError::NotRate { text: text.to_string() };
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
        return Err(bad());
    }
    text.parse::<f64>().ok().filter(|r| r.is_finite() && *r > 0.0).ok_or_else(bad)
}

/// An ISO 4217 currency code, any case: three letters, upper-cased.
pub fn currency(text: &str) -> Result<String, ValueError> {
    let text = text.trim();
    if text.len() == 3 && text.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(text.to_ascii_uppercase())
    } else {
        Err(ValueError::NotCurrency { text: text.to_string() })
    }
}

/// Whether a stored currency code is well formed (three upper-case letters).
pub fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// Which day a month stands for when a date is given as `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthDay {
    First,
    Last,
}

/// `YYYY-MM-DD` (a spreadsheet's trailing time such as ` 00:00:00` is ignored) or a month
/// `YYYY-MM`, which means its first or last day.
pub fn date(text: &str, month_day: MonthDay) -> Result<IsoDate, ValueError> {
    let text = text.trim();
    let day = match text.get(10..) {
        Some(rest) if rest.starts_with([' ', 'T']) => text.get(..10).unwrap_or(text),
        _ => text,
    };
    IsoDate::parse(day)
        .or_else(|| {
            let month = Month::parse(text)?;
            match month_day {
                MonthDay::First => month.first_day(),
                MonthDay::Last => month.last_day(),
            }
        })
        .ok_or_else(|| ValueError::NotDate { text: text.to_string() })
}

/// A month `YYYY-MM`, or the month of a date (a reporting month given as its last day).
pub fn month(text: &str) -> Result<Month, ValueError> {
    Month::parse(text)
        .or_else(|| date(text, MonthDay::First).ok().map(IsoDate::month_of))
        .ok_or_else(|| ValueError::NotDate { text: text.trim().to_string() })
}

/// A value of a canonical list, in any of the spellings it accepts.
pub fn choice<V: Vocabulary + PartialEq>(text: &str) -> Result<V, ValueError> {
    V::parse_loose(text).ok_or_else(|| ValueError::NotInList {
        text: text.trim().to_string(),
        list: V::NAME,
        accepted: V::accepted(),
    })
}

/// An admin level, 1 (e.g. governorate) to 4 (e.g. community).
pub fn level(text: &str) -> Result<u8, ValueError> {
    text.trim()
        .parse::<u8>()
        .ok()
        .filter(|l| (1..=4).contains(l))
        .ok_or_else(|| ValueError::NotLevel { text: text.trim().to_string() })
}

/// A severity from 1 (minimal) to 5 (catastrophic).
pub fn severity(text: &str) -> Result<u8, ValueError> {
    text.trim()
        .parse::<u8>()
        .ok()
        .filter(|s| (1..=5).contains(s))
        .ok_or_else(|| ValueError::NotSeverity { text: text.trim().to_string() })
}

/// `;`-separated values (targeting criteria), trimmed, empty parts dropped. A semicolon
/// inside a value is written `\;` (and a backslash before one `\\`), so a criterion such
/// as "income < 50; or no income" survives a round trip; any other backslash is kept.
pub fn list(text: &str) -> BTreeSet<String> {
    let mut items = BTreeSet::new();
    let mut item = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(&next @ (';' | '\\'))) => {
                item.push(next);
                chars.next();
            }
            (';', _) => {
                push_trimmed(&mut items, &item);
                item.clear();
            }
            _ => item.push(c),
        }
    }
    push_trimmed(&mut items, &item);
    items
}

fn push_trimmed(items: &mut BTreeSet<String>, item: &str) {
    let item = item.trim();
    if !item.is_empty() {
        items.insert(item.to_string());
    }
}

/// The text of a list as [`list`] reads it back: values joined by "; ", a semicolon (or a
/// backslash before one) inside a value escaped.
pub fn list_text<'a>(items: impl IntoIterator<Item = &'a String>) -> String {
    let escape = |item: &String| {
        let mut out = String::with_capacity(item.len());
        let mut chars = item.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                ';' => out.push_str("\\;"),
                '\\' if matches!(chars.peek(), Some(';' | '\\') | None) => out.push_str("\\\\"),
                _ => out.push(c),
            }
        }
        out
    };
    items.into_iter().map(escape).collect::<Vec<_>>().join("; ")
}

/// The one key an organisation is known by, whatever the spelling: "Mercy Corps",
/// "Mercy-Corps" and "mercy corps" are one organisation. Filters, slices, counts of
/// partners and exports all compare organisations through this.
pub fn organisation_key(name: &str) -> String {
    fold(name)
}

/// Whether two spellings name the same organisation (see [`organisation_key`]).
pub fn same_organisation(a: &str, b: &str) -> bool {
    crate::model::vocab::folded(a).eq(crate::model::vocab::folded(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    #[test]
    fn counts_take_thousands_separators_and_refuse_what_they_would_guess() {
        assert_eq!(count("1250"), Ok(1250));
        assert_eq!(count(" 1,250 "), Ok(1250));
        assert_eq!(count("12 500"), Ok(12500));
        assert_eq!(count("1,234,567"), Ok(1_234_567));
        assert_eq!(count("-5"), Err(ValueError::Negative { text: "-5".into() }));
        for bad in ["12.5", "1,5", "1,2345", "many", "1e3", "", ",123"] {
            assert!(matches!(count(bad), Err(ValueError::NotCount { .. })), "{bad}");
        }
        assert!(matches!(count("99999999999999999999999"), Err(ValueError::TooLarge { .. })));
    }

    #[test]
    fn decimals_are_never_nan_or_infinite() {
        for bad in ["NaN", "inf", "-inf", "1e400", "0", "-1", "abc"] {
            assert!(positive(bad).is_err(), "{bad}");
            assert!(rate(bad).is_err(), "{bad}");
        }
        assert_eq!(positive("5.25"), Ok(5.25));
        assert_eq!(rate("0.000077"), Ok(0.000077));
    }

    #[test]
    fn currencies_dates_and_choices() {
        assert_eq!(currency(" usd "), Ok("USD".into()));
        assert!(currency("US$").is_err());
        assert_eq!(date("2024-03", MonthDay::Last).map(|d| d.to_string()), Ok("2024-03-31".into()));
        assert_eq!(date("2024-03-05 00:00:00", MonthDay::First).map(|d| d.to_string()), Ok("2024-03-05".into()));
        assert!(date("31/03/2024", MonthDay::First).is_err());
        assert_eq!(choice::<Status>("Active"), Ok(Status::Ongoing));
        assert!(matches!(choice::<Status>("maybe"), Err(ValueError::NotInList { list: "status", .. })));
    }

    #[test]
    fn lists_keep_semicolons_and_backslashes_inside_their_values() {
        let items: BTreeSet<String> =
            ["income < 50; or no income", "a\\b", "ends with \\", "plain"].map(String::from).into_iter().collect();
        let text = list_text(&items);
        assert_eq!(list(&text), items, "{text}");
        assert_eq!(list(" a ;; b ;"), ["a", "b"].map(String::from).into_iter().collect());
        assert_eq!(
            list("C:\\data"),
            ["C:\\data"].map(String::from).into_iter().collect(),
            "other backslashes are kept"
        );
    }

    #[test]
    fn one_organisation_whatever_the_spelling() {
        assert_eq!(organisation_key("Mercy Corps"), organisation_key("Mercy-Corps"));
        assert_eq!(organisation_key("mercy corps"), organisation_key(" MERCY_CORPS "));
        assert!(same_organisation("Mercy Corps", "mercy-corps"));
        assert!(!same_organisation("Mercy Corps", "Mercy USA"));
    }
}
