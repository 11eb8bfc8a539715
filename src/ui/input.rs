//! What people type into forms, read with the rules' own value parsers
//! (`model::rules::values`) and told back as sentences beside the field.

use crate::model::rules::values;

/// The largest file the app reads at once. A plan of 100,000 activities is about 50 MB; a
/// file far larger would take the browser tab past its memory while it is decoded (the
/// text, then the records, then the analyses), and the tab would crash instead of saying why.
pub const MAX_FILE_BYTES: f64 = 200.0 * MIB;
const MIB: f64 = 1024.0 * 1024.0;

/// Why a chosen file of `bytes` is not read, or None when it can be.
pub fn file_too_large(bytes: f64) -> Option<String> {
    (bytes > MAX_FILE_BYTES).then(|| {
        format!(
            "it is {} MB, more than the {} MB the app reads at once: split it (for example one file per governorate or per month) and import the parts one after the other",
            (bytes / MIB).ceil(),
            MAX_FILE_BYTES / MIB
        )
    })
}

/// A rule's words as a sentence beside a field: “x” is not… → “x” is not… .
pub fn sentence(words: impl std::fmt::Display) -> String {
    let words = words.to_string();
    let mut chars = words.chars();
    let capitalised: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
    if capitalised.ends_with('.') {
        capitalised
    } else {
        format!("{capitalised}.")
    }
}

/// A whole number of people or households, read as every path reads counts
/// (`model::rules::values::count`: thousands may be grouped, "1,250" or "12 500"). Empty
/// means "not given".
pub fn parse_count(text: &str) -> Result<Option<u64>, String> {
    match text.trim() {
        "" => Ok(None),
        t => values::count(t).map(Some).map_err(sentence),
    }
}

/// Like [`parse_count`] but required.
pub fn parse_required_count(text: &str) -> Result<u64, String> {
    parse_count(text)?.ok_or_else(|| "Required.".to_string())
}

pub fn required(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        Err("Required.".into())
    } else {
        Ok(text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_accept_thousands_separators_and_refuse_junk() {
        assert_eq!(parse_count(" 1,234 "), Ok(Some(1234)));
        assert_eq!(parse_count("12 500"), Ok(Some(12500)));
        assert_eq!(parse_count(""), Ok(None));
        assert!(parse_count("-5").unwrap_err().contains("negative"));
        assert!(parse_count("12.5").unwrap_err().contains("whole number"));
        assert!(parse_count("1,5").is_err(), "not grouped by thousands: not guessed");
        assert!(parse_count("many").is_err());
        assert_eq!(parse_required_count(""), Err("Required.".into()));
    }

    #[test]
    fn a_file_over_the_limit_is_refused_with_its_size_and_what_to_do() {
        assert_eq!(file_too_large(0.0), None);
        assert_eq!(file_too_large(MAX_FILE_BYTES), None, "the limit itself is read");
        let why = file_too_large(312.4 * 1024.0 * 1024.0).expect("refused");
        assert!(why.starts_with("it is 313 MB, more than the 200 MB the app reads at once"), "{why}");
        assert!(why.contains("split it"), "{why}");
    }
}
