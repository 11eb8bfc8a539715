//! Parsing what people type into forms, with messages that say how to fix it.

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

/// A whole number of people or households. Empty means "not given". Spaces and commas as
/// thousands separators are accepted because people copy numbers from reports.
pub fn parse_count(text: &str) -> Result<Option<u64>, String> {
    let cleaned: String = text.trim().chars().filter(|c| !matches!(c, ',' | ' ' | '\u{a0}' | '_')).collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    if cleaned.starts_with('-') {
        return Err("Must not be negative.".into());
    }
    cleaned.parse::<u64>().map(Some).map_err(|_| format!("“{}” is not a whole number of people.", text.trim()))
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
