//! Reading one cell's text: missing markers, numbers with local separators, counts, dates.
//!
//! Everything works on the decimal text, never through `f64`, so rounding a count or
//! reading an amount is exact.

use crate::model::{vocab::folded, Amount, IsoDate, Month};

/// Markers partners use for "no value" (folded).
const MISSING: &[&str] = &["", "na", "#na", "nan", "null", "nil", "—", "–"];

/// `NA`, `N/A`, `n.a.`, `-`, `—`, an empty cell…
pub fn is_missing(text: &str) -> bool {
    // Called for every cell of a sheet several times over: fold once, and stop as soon as the
    // text is longer than any marker (most cells are).
    let mut buffer = ['\0'; MISSING_MAX_CHARS];
    let mut length = 0;
    for c in folded(text) {
        let Some(slot) = buffer.get_mut(length) else { return false };
        *slot = c;
        length += 1;
    }
    let key = buffer.get(..length).unwrap_or_default();
    MISSING.iter().any(|marker| marker.chars().eq(key.iter().copied()))
}

/// The longest marker of [`MISSING`], in characters.
const MISSING_MAX_CHARS: usize = 4;

/// A plain decimal text (`12`, `-0.5`, `1 234,5`), so a row of numbers is not a header.
pub fn looks_numeric(text: &str) -> bool {
    plain_decimal(text).is_some() || parse_date(text, DayOrder::DayFirst).is_some()
}

/// A decimal in the usual local forms, as plain `[-]digits[.digits]` text: thousands
/// grouped with `,` (`1,200`), `'` or spaces, and a decimal comma (`11,5`).
pub fn plain_decimal(text: &str) -> Option<String> {
    let text: String = text.trim().chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'')).collect();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.strip_prefix('+').unwrap_or(&text)),
    };
    let valid = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (whole, fraction) = match (digits.matches(',').count(), digits.matches('.').count()) {
        (0, 0) => (digits.to_string(), String::new()),
        (0, 1) => split(digits, '.'),
        (1, 0) if !thousands_grouped(digits, ',') => split(digits, ','),
        (_, 0) if thousands_grouped(digits, ',') => (digits.replace(',', ""), String::new()),
        (_, 1) if thousands_grouped(digits.split('.').next().unwrap_or(""), ',') => {
            let (w, f) = split(digits, '.');
            (w.replace(',', ""), f)
        }
        (1, _) if thousands_grouped(digits.split(',').next().unwrap_or(""), '.') => {
            let (w, f) = split(digits, ',');
            (w.replace('.', ""), f)
        }
        _ => return None,
    };
    let whole = if whole.is_empty() && !fraction.is_empty() { "0".to_string() } else { whole };
    if !valid(&whole) || !(fraction.is_empty() || valid(&fraction)) {
        return None;
    }
    Some(if fraction.is_empty() { format!("{sign}{whole}") } else { format!("{sign}{whole}.{fraction}") })
}

fn split(text: &str, mark: char) -> (String, String) {
    let (w, f) = text.split_once(mark).unwrap_or((text, ""));
    (w.to_string(), f.to_string())
}

/// `1,200,300`: groups of three after a first group of one to three digits.
fn thousands_grouped(text: &str, mark: char) -> bool {
    let mut groups = text.split(mark);
    let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
    let rest: Vec<&str> = groups.collect();
    first_ok && !rest.is_empty() && rest.iter().all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// A count of people or households: the whole number, and whether it was rounded (half up)
/// from a decimal. Negative numbers are refused.
pub fn parse_count(text: &str) -> Option<(u64, bool)> {
    if let Some(count) = plain_count(text) {
        return count;
    }
    let plain = plain_decimal(text)?;
    if plain.starts_with('-') && plain.trim_start_matches(['-', '0', '.']).is_empty() {
        return Some((0, false));
    }
    if plain.starts_with('-') {
        return None;
    }
    let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
    let whole: u64 = whole.parse().ok()?;
    let rounded = fraction.bytes().any(|b| b != b'0');
    let round_up = fraction.bytes().next().is_some_and(|b| b >= b'5');
    Some((if round_up { whole.checked_add(1)? } else { whole }, rounded))
}

/// [`parse_count`] of `123` or `12.5` (most cells) without building strings; None when the
/// text needs the general reading.
fn plain_count(text: &str) -> Option<Option<(u64, bool)>> {
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) {
        return None;
    }
    let Ok(whole) = whole.parse::<u64>() else { return Some(None) };
    let rounded = fraction.bytes().any(|b| b != b'0');
    let round_up = fraction.bytes().next().is_some_and(|b| b >= b'5');
    Some(if round_up { whole.checked_add(1).map(|n| (n, rounded)) } else { Some((whole, rounded)) })
}

/// A money amount, exact to four decimals.
pub fn parse_amount(text: &str) -> Option<Amount> {
    let plain = plain_decimal(text)?;
    let trimmed = match plain.split_once('.') {
        Some((w, f)) => {
            let f = f.trim_end_matches('0');
            if f.is_empty() {
                w.to_string()
            } else {
                format!("{w}.{f}")
            }
        }
        None => plain,
    };
    Amount::parse(&trimmed)
}

/// Which way round `03/04/2023` is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOrder {
    DayFirst,
    MonthFirst,
}

const MONTHS: [&[&str]; 12] = [
    &["jan", "january", "janv", "janvier"],
    &["feb", "february", "fev", "fevr", "fevrier", "février", "févr"],
    &["mar", "march", "mars"],
    &["apr", "april", "avr", "avril"],
    &["may", "mai"],
    &["jun", "june", "juin"],
    &["jul", "july", "juil", "juillet"],
    &["aug", "august", "aout", "août"],
    &["sep", "sept", "september", "septembre"],
    &["oct", "october", "octobre"],
    &["nov", "november", "novembre"],
    &["dec", "december", "decembre", "décembre", "déc"],
];

/// Plausible years for a response plan; `0016-01-20` is a typing slip, not a date.
const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// The numbers of a date in the order written, whether the year comes first (`2023-03-01`,
/// `0016-01-20`), and the month when written as a word.
struct DateParts {
    numbers: Vec<(u32, usize)>,
    year_first: bool,
    month_name: Option<u8>,
}

fn date_parts(text: &str) -> Option<DateParts> {
    let text = text.trim();
    let date = text.split([' ', 'T']).next().unwrap_or(text);
    // A time after the date is dropped; a month written out (`January 2023`) is no date part.
    let date = if date.len() < 6 || !date.bytes().any(|b| b.is_ascii_digit()) { text } else { date };
    let mut numbers = Vec::new();
    let mut month_name = None;
    for part in date.split(['-', '/', '.', ' ', ',']).filter(|p| !p.is_empty()) {
        if let Ok(n) = part.parse::<u32>() {
            numbers.push((n, part.len()));
        } else {
            let word = part.to_lowercase();
            let month = MONTHS.iter().position(|names| names.contains(&word.as_str()))?;
            month_name = Some(month as u8 + 1);
        }
    }
    let year_first = numbers.first().is_some_and(|(n, len)| *n > 31 || *len >= 3);
    Some(DateParts { numbers, year_first, month_name })
}

/// The day/month pair of a `d/m/y` or `m/d/y` date, when that is its form.
fn unordered_pair(text: &str) -> Option<(u32, u32)> {
    let parts = date_parts(text)?;
    match parts.numbers.as_slice() {
        [(a, _), (b, _), _] if !parts.year_first && parts.month_name.is_none() => Some((*a, *b)),
        _ => None,
    }
}

/// Whether a date text shows its order: `25/03/2023` is day first, `03/25/2023` month first.
pub fn day_order_evidence(text: &str) -> Option<DayOrder> {
    match unordered_pair(text)? {
        (a, b) if a > 12 && b <= 12 => Some(DayOrder::DayFirst),
        (a, b) if b > 12 && a <= 12 => Some(DayOrder::MonthFirst),
        _ => None,
    }
}

/// Whether the day/month order of this text cannot be told from it alone.
pub fn is_ambiguous_date(text: &str) -> bool {
    unordered_pair(text).is_some_and(|(a, b)| a <= 12 && b <= 12 && a != b)
}

/// A date in the usual forms (ISO, `d/m/y` or `m/d/y`, `1-Mar-2023`, `1 mars 2023`, an
/// Excel serial number), when its year is plausible.
pub fn parse_date(text: &str, order: DayOrder) -> Option<IsoDate> {
    let trimmed = text.trim();
    if let Ok(serial) = trimmed.parse::<u32>() {
        return excel_serial_date(serial);
    }
    let DateParts { numbers, year_first, month_name } = date_parts(trimmed)?;
    let ((year, year_len), month, day) = match (month_name, numbers.as_slice()) {
        (Some(m), [(d, _), y]) if *d <= 31 => (*y, u32::from(m), *d),
        (Some(m), [y, (d, _)]) if year_first => (*y, u32::from(m), *d),
        (None, [y, (m, _), (d, _)]) if year_first => (*y, *m, *d),
        (None, [(a, _), (b, _), y]) => match order {
            DayOrder::DayFirst => (*y, *b, *a),
            DayOrder::MonthFirst => (*y, *a, *b),
        },
        _ => return None,
    };
    let year = if year_len <= 2 { year + 2000 } else { year };
    let date = IsoDate::new(i32::try_from(year).ok()?, u8::try_from(month).ok()?, u8::try_from(day).ok()?)?;
    YEARS.contains(&date.year()).then_some(date)
}

/// A reporting month: a date (its month), `2023-03`, `03/2023`, `March 2023` or `Mar-23`.
pub fn parse_month(text: &str, order: DayOrder) -> Option<Month> {
    if let Some(date) = parse_date(text, order) {
        return Some(date.month_of());
    }
    let DateParts { numbers, year_first, month_name } = date_parts(text.trim())?;
    let ((year, year_len), month) = match (month_name, numbers.as_slice()) {
        (Some(m), [y]) => (*y, u32::from(m)),
        (None, [y, (m, _)]) if year_first => (*y, *m),
        (None, [(m, _), y]) if y.1 == 4 => (*y, *m),
        _ => return None,
    };
    let year = if year_len <= 2 { year + 2000 } else { year };
    let month = Month { year: i32::try_from(year).ok()?, month: u8::try_from(month).ok()? };
    (YEARS.contains(&month.year) && month.first_day().is_some()).then_some(month)
}

/// Excel's day count (1900 system); only a plausible range, so a count is not taken for a date.
fn excel_serial_date(serial: u32) -> Option<IsoDate> {
    if !(32_874..=73_415).contains(&serial) {
        return None;
    }
    // Days from 1899-12-30 (Excel's day 0, after its 1900 leap-year slip).
    let days_since_epoch = i64::from(serial) - 25_569;
    let (y, m, d) = civil_from_days(days_since_epoch);
    IsoDate::new(y, m, d)
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_markers() {
        for na in ["", " ", "NA", "N/A", "n.a.", "-", "—", "#N/A", "null"] {
            assert!(is_missing(na), "{na:?}");
        }
        assert_eq!(
            MISSING.iter().map(|m| m.chars().count()).max(),
            Some(MISSING_MAX_CHARS),
            "the fast path must see every marker whole"
        );
        for value in ["0", "None of the above", "Idleb", "no", "nulls", "n/a/n/a"] {
            assert!(!is_missing(value), "{value:?}");
        }
    }

    #[test]
    fn local_number_forms() {
        assert_eq!(plain_decimal("1,200").as_deref(), Some("1200"));
        assert_eq!(plain_decimal("1 200,5").as_deref(), Some("1200.5"));
        assert_eq!(plain_decimal("1.200,5").as_deref(), Some("1200.5"));
        assert_eq!(plain_decimal("1,200.25").as_deref(), Some("1200.25"));
        assert_eq!(plain_decimal("11,88").as_deref(), Some("11.88"));
        assert_eq!(plain_decimal(".5").as_deref(), Some("0.5"));
        for bad in ["", "1e3", "12 USD", "1,2,3", "SY02", "1.2.3"] {
            assert_eq!(plain_decimal(bad), None, "{bad}");
        }
    }

    #[test]
    fn counts_round_half_up() {
        assert_eq!(parse_count("12"), Some((12, false)));
        assert_eq!(parse_count("12.0"), Some((12, false)));
        assert_eq!(parse_count("11.880000000000003"), Some((12, true)));
        assert_eq!(parse_count("239.5"), Some((240, true)));
        assert_eq!(parse_count("239.49"), Some((239, true)));
        assert_eq!(parse_count("0.6666667"), Some((1, true)));
        assert_eq!(parse_count("-3"), None);
        assert_eq!(parse_count("many"), None);
    }

    #[test]
    fn amounts_are_exact() {
        assert_eq!(parse_amount("349.99995"), None);
        assert_eq!(parse_amount("2,850").map(|a| a.to_string()).as_deref(), Some("2850"));
        assert_eq!(parse_amount("117.50").map(|a| a.to_string()).as_deref(), Some("117.5"));
    }

    #[test]
    fn dates_in_many_forms() {
        let iso = |t: &str, o| parse_date(t, o).map(|d| d.to_string());
        assert_eq!(iso("2023-03-01", DayOrder::DayFirst).as_deref(), Some("2023-03-01"));
        assert_eq!(iso("2023-03-01 00:00:00", DayOrder::DayFirst).as_deref(), Some("2023-03-01"));
        assert_eq!(iso("01/03/2023", DayOrder::DayFirst).as_deref(), Some("2023-03-01"));
        assert_eq!(iso("01/03/2023", DayOrder::MonthFirst).as_deref(), Some("2023-01-03"));
        assert_eq!(iso("1.3.23", DayOrder::DayFirst).as_deref(), Some("2023-03-01"));
        assert_eq!(iso("1-Mar-2023", DayOrder::MonthFirst).as_deref(), Some("2023-03-01"));
        assert_eq!(iso("1 mars 2023", DayOrder::DayFirst).as_deref(), Some("2023-03-01"));
        assert_eq!(iso("44986", DayOrder::DayFirst).as_deref(), Some("2023-03-01"));
        assert_eq!(iso("0016-01-20", DayOrder::DayFirst), None);
        assert_eq!(iso("31/02/2023", DayOrder::DayFirst), None);
        assert_eq!(iso("soon", DayOrder::DayFirst), None);
        assert_eq!(day_order_evidence("25/03/2023"), Some(DayOrder::DayFirst));
        assert_eq!(day_order_evidence("03/25/2023"), Some(DayOrder::MonthFirst));
        assert_eq!(day_order_evidence("03/04/2023"), None);
        assert!(is_ambiguous_date("03/04/2023"));
        assert!(!is_ambiguous_date("2023-03-04"));
    }
}
