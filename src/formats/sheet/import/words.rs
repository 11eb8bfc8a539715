//! Problems told in the mapping screen's words: the user maps columns to fields and never
//! sees a hashtag, so the HXL names the reader in between speaks of become the fields' labels.

use super::super::fields::TARGET_FIELDS;
use super::{SheetImport, SheetImportErrors};

/// HXL hashtag names a message may carry; other `#words` (a cell's `#N/A`) are left alone.
const HASHTAGS: &[&str] = &[
    "org",
    "sector",
    "adm1",
    "adm2",
    "adm3",
    "adm4",
    "adm5",
    "admn",
    "loc",
    "activity",
    "modality",
    "channel",
    "targeted",
    "reached",
    "inneed",
    "value",
    "currency",
    "frequency",
    "indicator",
    "date",
    "status",
    "beneficiary",
    "meta",
    "population",
    "severity",
    "geo",
    "affected",
];

/// The field a hashtag stands for, in the mapping screen's words.
fn label(hashtag: &str) -> String {
    if let Some((_, label)) = TARGET_FIELDS.iter().find(|(tag, _)| *tag == hashtag) {
        return (*label).to_string();
    }
    let words: Vec<&str> = hashtag.trim_start_matches('#').split('+').collect();
    match words.as_slice() {
        ["org"] => "Organisation".into(),
        ["meta", "id"] => "Row id".into(),
        ["admN" | "admn", "code"] => "P-code at a deeper level".into(),
        ["severity", ..] => "Severity".into(),
        _ => words.join(" "),
    }
}

/// `text` with each hashtag replaced by its field's label in quotes.
pub(super) fn plain(text: &str) -> String {
    if !text.contains('#') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('#') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '_')).unwrap_or(after.len());
        let token = after[..end].trim_end_matches('+');
        let name = token.split('+').next().unwrap_or_default();
        if HASHTAGS.contains(&name) || name == "admN" {
            out.push_str(&format!("“{}”", label(&format!("#{token}"))));
            rest = &after[token.len()..];
        } else {
            out.push('#');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Every message of a finished check, in the mapping screen's words.
pub(super) fn told(result: Result<SheetImport, SheetImportErrors>) -> Result<SheetImport, SheetImportErrors> {
    fn warnings(list: &mut [crate::formats::sheet::SheetWarning]) {
        for warning in list {
            warning.message = plain(&warning.message);
        }
    }
    fn rows(list: &mut [super::RowProblem]) {
        for problem in list {
            problem.message = plain(&problem.message);
        }
    }
    match result {
        Ok(mut import) => {
            rows(&mut import.rejected);
            warnings(&mut import.warnings);
            Ok(import)
        }
        Err(mut errors) => {
            errors.whole_file.iter_mut().for_each(|m| *m = plain(m));
            rows(&mut errors.rows);
            warnings(&mut errors.warnings);
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn hashtags_become_field_labels_and_other_hashes_stay() {
        assert_eq!(
            plain("no column tagged #org+prog (or #org)."),
            "no column tagged “Organisation (reporting)” (or “Organisation”)."
        );
        assert_eq!(plain("#adm1+code (or #admN+code)"), "“Admin 1 P-code” (or “P-code at a deeper level”)");
        assert_eq!(plain("“#N/A” is not a number; # of people"), "“#N/A” is not a number; # of people");
        assert_eq!(plain("gives #modality+restriction “x”"), "gives “Restriction” “x”");
    }
}
