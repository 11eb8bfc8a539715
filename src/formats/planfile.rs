//! The `.cashplan.json` plan file: a versioned, checksummed envelope around a plan.
//!
//! ```json
//! {"type":"cashplan","version":1,"source":"cashplan 0.1.0","exported_at":"…",
//!  "checksum":"sha256:…","plan":{…}}
//! ```
//! The checksum covers the canonical JSON of `plan` (keys sorted), so a file cut off in a
//! download or edited by hand is detected. Files from older versions are migrated one
//! version at a time; a file from a newer version is refused rather than half-read.

use crate::model::Plan;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use thiserror::Error;

pub const FILE_TYPE: &str = "cashplan";
/// The version this build writes. Bump it with a migration step and a fixture in tests/.
pub const CURRENT_VERSION: u64 = 1;
pub const FILE_SUFFIX: &str = ".cashplan.json";

#[derive(Debug, Error, PartialEq)]
pub enum PlanFileError {
    #[error("{file}: not readable as JSON (line {line}, column {column}: {detail}). The file may be cut off or damaged; export it again from the original.")]
    BadJson { file: String, line: usize, column: usize, detail: String },
    #[error("{file}: not a cashplan plan file (type {found}). Choose a file ending in .cashplan.json that cashplan exported.")]
    NotAPlanFile { file: String, found: String },
    #[error("{file}: made by a newer cashplan (file version {version}; this app reads versions 1 to {supported}). Reload the app to update it, then import the file again.")]
    TooNew { file: String, version: u64, supported: u64 },
    #[error("{file}: the file version `{found}` is not valid. The file was damaged; export it again.")]
    BadVersion { file: String, found: String },
    #[error("{file}: the content does not match its checksum, so it was changed or cut off after export. Ask the sender for a fresh export.")]
    ChecksumMismatch { file: String },
    #[error("{file}: the plan inside the file is not valid ({detail}). Nothing was imported; export it again from the original.")]
    InvalidPlan { file: String, detail: String },
}

/// Serialises a plan into a plan file.
pub fn write_plan_file(plan: &Plan, source: &str, exported_at: &str) -> String {
    // A plan is plain data; turning it into a JSON value cannot fail.
    let plan_value = serde_json::to_value(plan).unwrap_or(Value::Null);
    let mut envelope = Map::new();
    envelope.insert("type".into(), FILE_TYPE.into());
    envelope.insert("version".into(), CURRENT_VERSION.into());
    envelope.insert("source".into(), source.into());
    envelope.insert("exported_at".into(), exported_at.into());
    envelope.insert("checksum".into(), checksum(&plan_value).into());
    envelope.insert("plan".into(), plan_value);
    serde_json::to_string(&Value::Object(envelope)).unwrap_or_default()
}

/// Reads a plan file of any released version. `file` names it in error messages.
pub fn read_plan_file(file: &str, text: &str) -> Result<Plan, PlanFileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(|e| PlanFileError::BadJson {
        file: file.into(),
        line: e.line(),
        column: e.column(),
        detail: e.to_string(),
    })?;
    let Value::Object(mut envelope) = value else {
        return Err(PlanFileError::NotAPlanFile { file: file.into(), found: "none".into() });
    };
    match envelope.get("type") {
        Some(Value::String(t)) if t == FILE_TYPE => {}
        other => {
            let found = other.map_or("none".to_string(), |v| v.to_string());
            return Err(PlanFileError::NotAPlanFile { file: file.into(), found });
        }
    }
    let version = match envelope.get("version") {
        Some(Value::Number(n)) if n.as_u64().is_some_and(|v| v >= 1) => n.as_u64().unwrap_or(0),
        other => {
            let found = other.map_or("missing".to_string(), |v| v.to_string());
            return Err(PlanFileError::BadVersion { file: file.into(), found });
        }
    };
    if version > CURRENT_VERSION {
        return Err(PlanFileError::TooNew { file: file.into(), version, supported: CURRENT_VERSION });
    }
    let plan_value = envelope.remove("plan").unwrap_or(Value::Null);
    let expected = envelope.get("checksum").and_then(Value::as_str).unwrap_or("");
    if expected != checksum(&plan_value) {
        return Err(PlanFileError::ChecksumMismatch { file: file.into() });
    }
    let migrated = migrate(plan_value, version);
    // Decoded from bytes rather than from the `Value`: the browser store decodes plans from
    // bytes too, and one decoder per record type in the download instead of two saves
    // about 15 KB. The position serde reports is in this re-encoding, not in the file, so
    // it is left out.
    let bytes = serde_json::to_vec(&migrated).unwrap_or_default();
    serde_json::from_slice(&bytes).map_err(|e| {
        let detail = e.to_string();
        let detail = detail.split(" at line ").next().unwrap_or(&detail).to_string();
        PlanFileError::InvalidPlan { file: file.into(), detail }
    })
}

/// `sha256:` and the hex digest of the canonical JSON (object keys sorted).
fn checksum(plan: &Value) -> String {
    let canonical = serde_json::to_string(plan).unwrap_or_default();
    let digest = Sha256::digest(canonical.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Upgrades a plan value from `version` to [`CURRENT_VERSION`], one step at a time.
/// Each released version adds a step `n => upgrade_from_n(plan)` here and a fixture
/// `tests/fixtures/planfile/v{n}.cashplan.json`.
fn migrate(plan: Value, version: u64) -> Value {
    let mut plan = plan;
    let mut at = version;
    while at < CURRENT_VERSION {
        #[allow(clippy::match_single_binding)] // a step per released version goes here
        let next = match at {
            // No released version before 1 yet.
            _ => plan,
        };
        plan = next;
        at += 1;
    }
    plan
}

/// Lower-case letters and digits joined by single hyphens: `NW Syria 2023!` → `nw-syria-2023`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A file name that says what the file is: `<plan>-<org>-<date>.cashplan.json`.
pub fn file_name(plan_name: &str, organisation: Option<&str>, date: &str) -> String {
    let mut parts = vec![slug(plan_name)];
    if let Some(org) = organisation.map(slug).filter(|s| !s.is_empty()) {
        parts.push(org);
    }
    parts.push(date.to_string());
    let name = parts.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
    format!("{name}{FILE_SUFFIX}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Area, Stamp};

    fn sample() -> Plan {
        let stamp = Stamp { at: "2026-01-02T03:04:05Z".into(), by: "CWG".into() };
        let mut plan = Plan::new("p-1", "Earthquake response", "syr", "usd", &stamp);
        let area = Area {
            names: Default::default(),
            code: "SY02".into(),
            name: "Aleppo".into(),
            level: 1,
            parent: None,
            population: Some(10),
            household_size: Some(5.5),
        };
        plan.areas.upsert("SY02", area, &stamp);
        plan
    }

    #[test]
    fn round_trips() {
        let plan = sample();
        let text = write_plan_file(&plan, "test", "2026-01-02T03:04:05Z");
        assert_eq!(read_plan_file("a.cashplan.json", &text).unwrap(), plan);
    }

    #[test]
    fn refuses_newer_versions_with_a_clear_message() {
        let text = write_plan_file(&sample(), "test", "now").replace("\"version\":1", "\"version\":99");
        let err = read_plan_file("new.cashplan.json", &text).unwrap_err();
        assert!(matches!(err, PlanFileError::TooNew { version: 99, .. }));
        assert!(err.to_string().contains("new.cashplan.json"));
        assert!(err.to_string().contains("newer"));
    }

    #[test]
    fn detects_edits_truncation_and_foreign_files() {
        let text = write_plan_file(&sample(), "test", "now");
        let edited = text.replace("Aleppo", "Idleb");
        assert!(matches!(read_plan_file("f", &edited), Err(PlanFileError::ChecksumMismatch { .. })));
        assert!(matches!(read_plan_file("f", &text[..text.len() / 2]), Err(PlanFileError::BadJson { .. })));
        assert!(matches!(
            read_plan_file("f", r#"{"type":"tldraw","version":1}"#),
            Err(PlanFileError::NotAPlanFile { .. })
        ));
        assert!(matches!(read_plan_file("f", "[1,2]"), Err(PlanFileError::NotAPlanFile { .. })));
        assert!(matches!(
            read_plan_file("f", r#"{"type":"cashplan","version":"x"}"#),
            Err(PlanFileError::BadVersion { .. })
        ));
    }

    #[test]
    fn names_files_after_plan_org_and_date() {
        assert_eq!(
            file_name("NW Syria 2023!", Some("Mercy-USA"), "2026-11-22"),
            "nw-syria-2023-mercy-usa-2026-11-22.cashplan.json"
        );
        assert_eq!(file_name("Plan", None, "2026-11-22"), "plan-2026-11-22.cashplan.json");
    }
}
