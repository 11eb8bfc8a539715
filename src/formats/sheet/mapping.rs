//! The column mapping: which hashtag each header gets, and what each raw coded value means.
//!
//! Saved as a small versioned JSON file and remembered per header set, so next month's
//! 4W from the same partner imports without review:
//! ```json
//! {"type":"cashplan-mapping","version":1,"header_key":"h-…",
//!  "columns":[{"header":"cluster","hashtag":"#sector"},{"header":"comments","hashtag":null}],
//!  "values":{"#sector":{"multipurposeonetime":{"#sector":"MPC","#frequency":"one-off"},
//!                      "na":null}}}
//! ```
//! A value choice of `null` means "missing"; value keys are raw values folded by
//! [`crate::model::vocab::fold`].

use super::groups::propose_spread;
use super::headers::{self, known_hashtag};
use super::pii::scan_pii;
use super::values::store_proposals;
use super::RawTable;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use thiserror::Error;

pub const MAPPING_FILE_TYPE: &str = "cashplan-mapping";
/// The version this build writes. Bump it with a migration and a fixture in tests/.
pub const MAPPING_VERSION: u64 = 1;

/// What one column becomes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnChoice {
    pub header: String,
    /// `None`: the column is left out.
    pub hashtag: Option<String>,
    /// Set only by a user who has checked that a column flagged as personal data is not.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub personal_data_ok: bool,
    /// In a wide sheet, the value of another field this column's figures are for (`Food_PIN`
    /// holds people in need for the sector FSC): one row per value is made of each row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per: Option<Spread>,
}

impl ColumnChoice {
    pub fn new(header: String, hashtag: Option<String>) -> ColumnChoice {
        ColumnChoice { header, hashtag, personal_data_ok: false, per: None }
    }
}

/// The field (`#sector`, `#date+reported`) and value a wide sheet's column is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spread {
    pub by: String,
    pub value: String,
}

/// What one raw value means: nothing (missing), or values for one or more hashtags
/// (`Multipurpose - One time` → `#sector` MPC and `#frequency` one-off).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ValueChoice {
    Missing,
    Set(BTreeMap<String, String>),
}

impl ValueChoice {
    pub fn one(hashtag: &str, value: &str) -> ValueChoice {
        ValueChoice::Set(BTreeMap::from([(hashtag.to_string(), value.to_string())]))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// [`header_key`] of the headers this mapping was made for.
    pub header_key: String,
    /// One choice per header, in the sheet's order.
    pub columns: Vec<ColumnChoice>,
    /// Per hashtag, per folded raw value.
    #[serde(default)]
    pub values: BTreeMap<String, BTreeMap<String, ValueChoice>>,
    /// How rows are matched to the plan's activities, when the user chose (see
    /// `engine::keyed`); otherwise the id column, else the proposed key fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<crate::engine::keyed::RowKey>,
    /// Values for the whole file (all sector X, all month Y), by hashtag.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fixed: BTreeMap<String, String>,
}

impl ColumnMapping {
    /// The choice for a raw value of a column with this hashtag.
    pub fn value_choice(&self, hashtag: &str, raw: &str) -> Option<&ValueChoice> {
        self.values.get(hashtag)?.get(&crate::model::vocab::fold(raw))
    }

    /// Records what a raw value means (replacing an earlier choice).
    pub fn set_value(&mut self, hashtag: &str, raw: &str, choice: ValueChoice) {
        let key = crate::model::vocab::fold(raw);
        self.values.entry(hashtag.to_string()).or_default().insert(key, choice);
    }
}

/// A stable key of a header set (order, case, spacing and punctuation ignored within each
/// header), to remember the mapping for the next file with the same headers.
pub fn header_key(headers: &[String]) -> String {
    let folded: Vec<String> = headers.iter().map(|h| headers::header_key(h)).collect();
    let digest = Sha256::digest(folded.join("\u{1f}").as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("h-{hex}")
}

/// `#Adm1 +Code` → `#adm1+code`; `None` when it is not a hashtag.
pub fn normalise_hashtag(text: &str) -> Option<String> {
    let body = text.trim().strip_prefix('#')?;
    let parts: Vec<String> = body.split('+').map(|p| p.trim().to_lowercase()).collect();
    let word_ok = |w: &String| {
        w.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    parts.iter().all(word_ok).then(|| format!("#{}", parts.join("+")))
}

/// The proposed mapping: a file's own hashtag row first, then headers that are hashtags,
/// then the built-in header list; columns with personal data are left out, and each
/// distinct coded value gets its proposed meaning.
pub fn propose_mapping(table: &RawTable) -> ColumnMapping {
    let mut personal = vec![false; table.headers.len()];
    for finding in scan_pii(table) {
        if let Some(flag) = personal.get_mut(finding.column) {
            *flag = true;
        }
    }
    let columns = table
        .headers
        .iter()
        .enumerate()
        .map(|(i, header)| {
            let from_tags = table.tags.get(i).and_then(|t| normalise_hashtag(t));
            let known = from_tags.or_else(|| normalise_hashtag(header));
            // A header the list does not know may be a figure per sector (`Food_PIN`).
            let spread = match (&known, known_hashtag(header)) {
                (None, None) => propose_spread(header),
                _ => None,
            };
            let proposed = known
                .or_else(|| known_hashtag(header).flatten().map(str::to_string))
                .or_else(|| spread.as_ref().and_then(|(tag, _)| tag.clone()));
            let personal = personal.get(i).copied().unwrap_or(false);
            let hashtag = if personal { None } else { proposed };
            let per = spread.filter(|_| !personal).map(|(_, per)| per);
            ColumnChoice { header: header.clone(), hashtag, personal_data_ok: false, per }
        })
        .collect();
    let mut mapping = ColumnMapping {
        header_key: header_key(&table.headers),
        columns,
        values: BTreeMap::new(),
        fixed: BTreeMap::new(),
        key: None,
    };
    super::fx::settle_rates(&mut mapping);
    store_proposals(table, &mut mapping);
    mapping
}

/// A sheet as the spreadsheet module gives it to the app: the table and the proposed mapping,
/// made there so that the header lists and the proposal stay out of the app's first load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenedSheet {
    pub table: RawTable,
    pub proposal: ColumnMapping,
}

impl OpenedSheet {
    pub fn of(table: RawTable) -> OpenedSheet {
        OpenedSheet { proposal: propose_mapping(&table), table }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MappingFileError {
    #[error(
        "{file}: not readable as JSON (line {line}, column {column}: {detail}). Save the mapping again from cashplan."
    )]
    BadJson { file: String, line: usize, column: usize, detail: String },
    #[error("{file}: not a cashplan column mapping (type {found}). Choose a mapping file saved by cashplan.")]
    NotAMapping { file: String, found: String },
    #[error("{file}: made by a newer cashplan (mapping version {version}; this app reads versions 1 to {supported}). Reload the app to update it, then open the mapping again.")]
    TooNew { file: String, version: u64, supported: u64 },
    #[error("{file}: the mapping version `{found}` is not valid. Save the mapping again from cashplan.")]
    BadVersion { file: String, found: String },
    #[error("{file}: the mapping is not valid ({detail}). Save it again from cashplan.")]
    Invalid { file: String, detail: String },
}

/// The file's fields in reading order: what it is first, then the mapping.
#[derive(Serialize)]
struct Envelope<'m> {
    #[serde(rename = "type")]
    file_type: &'static str,
    version: u64,
    #[serde(flatten)]
    mapping: &'m ColumnMapping,
}

pub fn write_mapping_file(mapping: &ColumnMapping) -> String {
    let envelope = Envelope { file_type: MAPPING_FILE_TYPE, version: MAPPING_VERSION, mapping };
    // Plain strings and maps: turning them into JSON cannot fail.
    let mut text = serde_json::to_string_pretty(&envelope).unwrap_or_default();
    text.push('\n');
    text
}

pub fn read_mapping_file(file: &str, text: &str) -> Result<ColumnMapping, MappingFileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(|e| MappingFileError::BadJson {
        file: file.into(),
        line: e.line(),
        column: e.column(),
        detail: e.to_string(),
    })?;
    let found_type = value.get("type");
    if found_type.and_then(Value::as_str) != Some(MAPPING_FILE_TYPE) {
        let found = found_type.map_or("none".to_string(), Value::to_string);
        return Err(MappingFileError::NotAMapping { file: file.into(), found });
    }
    let version = match value.get("version").and_then(Value::as_u64) {
        Some(v) if v >= 1 => v,
        _ => {
            let found = value.get("version").map_or("missing".to_string(), Value::to_string);
            return Err(MappingFileError::BadVersion { file: file.into(), found });
        }
    };
    if version > MAPPING_VERSION {
        return Err(MappingFileError::TooNew { file: file.into(), version, supported: MAPPING_VERSION });
    }
    serde_json::from_value(value).map_err(|e| MappingFileError::Invalid { file: file.into(), detail: e.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashtags_are_normalised_or_refused() {
        assert_eq!(normalise_hashtag("#Adm1 +Code").as_deref(), Some("#adm1+code"));
        assert_eq!(normalise_hashtag("#value+transfer+hh").as_deref(), Some("#value+transfer+hh"));
        for bad in ["adm1", "#", "#1adm", "#adm1+", "#org name"] {
            assert_eq!(normalise_hashtag(bad), None, "{bad}");
        }
    }

    #[test]
    fn header_key_ignores_spelling_but_not_order() {
        let a = header_key(&["Org".into(), "Admin 1 Pcode".into()]);
        assert_eq!(a, header_key(&["ORG".into(), "admin1_pcode".into()]));
        assert_ne!(a, header_key(&["admin1_pcode".into(), "ORG".into()]));
        assert!(a.starts_with("h-") && a.len() == 18);
    }

    #[test]
    fn missing_value_choices_are_null_in_json() {
        let mut m = ColumnMapping::default();
        m.set_value("#sector", "N/A", ValueChoice::Missing);
        m.set_value("#sector", "Food", ValueChoice::one("#sector", "FSC"));
        let text = write_mapping_file(&m);
        assert!(text.contains("\"na\": null"), "{text}");
        assert_eq!(read_mapping_file("m.json", &text).unwrap(), m);
    }

    #[test]
    fn the_chosen_key_is_remembered_with_the_mapping() {
        let m = ColumnMapping { key: Some(crate::engine::keyed::RowKey::WholeRow), ..ColumnMapping::default() };
        let text = write_mapping_file(&m);
        assert!(text.contains("\"by\": \"whole_row\""), "{text}");
        assert_eq!(read_mapping_file("m.json", &text).unwrap(), m);
        assert!(!write_mapping_file(&ColumnMapping::default()).contains("\"key\""));
    }
}
