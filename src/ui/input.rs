//! Parsing what people type into forms, with messages that say how to fix it.

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
    cleaned
        .parse::<u64>()
        .map(Some)
        .map_err(|_| format!("“{}” is not a whole number of people.", text.trim()))
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
}
