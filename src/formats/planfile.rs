//! The `.cashplan.json` plan file: a versioned, checksummed envelope around a plan.
//!
//! ```json
//! {"type":"cashplan","version":1,"source":"cashplan 0.1.0","exported_at":"…",
//!  "checksum":"sha256:…","plan":{…}}
//! ```
//! The checksum covers the canonical JSON of `plan` (keys sorted), so a file cut off in a
//! download or edited by hand is detected. Files from older versions are migrated one
//! version at a time and a file from a newer version is refused rather than half-read, by
//! the restore path storage uses too ([`super::restore`]).

use super::restore::{Fields, Restore, RestoreError, SCHEMA_VERSION};
use crate::model::{Kind, Plan, Table, TableName, TableVisitor, TableVisitorMut};
use serde_json::Value;
use sha2::{Digest, Sha256};
use thiserror::Error;

pub const FILE_TYPE: &str = "cashplan";
/// The version this build writes: the schema version, shared with storage
/// (see [`super::restore`]).
pub const CURRENT_VERSION: u64 = SCHEMA_VERSION;
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
    #[error("The plan could not be written as a file ({detail}). Nothing was saved; try again, and report this if it happens again.")]
    Encode { detail: String },
}

/// Serialises a plan into a plan file.
///
/// The plan is written in its canonical form (object keys sorted, no spaces) entry by entry,
/// never as one `serde_json::Value`, and the checksum is taken over exactly those bytes.
pub fn write_plan_file(plan: &Plan, source: &str, exported_at: &str) -> Result<String, PlanFileError> {
    let encode = |e: serde_json::Error| PlanFileError::Encode { detail: e.to_string() };
    let body = canonical(plan).map_err(encode)?;
    let checksum = checksum_of(body.as_bytes());
    // The envelope's keys in sorted order too, as every earlier version wrote them.
    let mut out = String::with_capacity(body.len() + 256);
    out.push_str("{\"checksum\":");
    out.push_str(&serde_json::to_string(&checksum).map_err(encode)?);
    out.push_str(",\"exported_at\":");
    out.push_str(&serde_json::to_string(exported_at).map_err(encode)?);
    out.push_str(",\"plan\":");
    out.push_str(&body);
    out.push_str(",\"source\":");
    out.push_str(&serde_json::to_string(source).map_err(encode)?);
    out.push_str(&format!(",\"type\":\"{FILE_TYPE}\",\"version\":{CURRENT_VERSION}}}"));
    Ok(out)
}

/// The canonical JSON of `plan`: what `serde_json::to_string(&serde_json::to_value(plan))`
/// gives (keys sorted), built one entry at a time.
fn canonical(plan: &Plan) -> Result<String, serde_json::Error> {
    let mut own = plan.clone();
    own.visit_mut(&mut Emptied);
    let Value::Object(fields) = serde_json::to_value(&own)? else {
        return Err(serde::ser::Error::custom("a plan is not a JSON object"));
    };
    let mut out = Vec::new();
    out.push(b'{');
    for (n, (key, value)) in fields.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut out, key)?;
        out.push(b':');
        match TableName::from_code(key) {
            Some(table) => {
                let mut writer = Canonical { out: &mut out, result: Ok(()) };
                plan.visit_table(table, &mut writer);
                writer.result?;
            }
            None => serde_json::to_writer(&mut out, value)?,
        }
    }
    out.push(b'}');
    String::from_utf8(out).map_err(serde::ser::Error::custom)
}

struct Emptied;

impl TableVisitorMut for Emptied {
    fn visit<K: Kind>(&mut self, table: &mut Table<K>) {
        *table = Table::default();
    }
}

/// Writes one table as its canonical JSON object, entry by entry, in id order.
struct Canonical<'a> {
    out: &'a mut Vec<u8>,
    result: Result<(), serde_json::Error>,
}

impl TableVisitor for Canonical<'_> {
    fn visit<K: Kind>(&mut self, table: &Table<K>) {
        self.out.push(b'{');
        for (n, entry) in table.entries().enumerate() {
            if n > 0 {
                self.out.push(b',');
            }
            let written = serde_json::to_writer(&mut *self.out, &entry.current.id)
                .and_then(|()| serde_json::to_value(entry))
                .and_then(|value| {
                    self.out.push(b':');
                    serde_json::to_writer(&mut *self.out, &value)
                });
            if let Err(error) = written {
                self.result = Err(error);
                return;
            }
        }
        self.out.push(b'}');
    }
}

/// Reads a plan file of any released version. `file` names it in error messages.
///
/// The envelope is read with the plan left unparsed; the checksum is taken over the plan's
/// bytes as they are in the file (a file as cashplan wrote it is canonical already, and only
/// a file re-formatted by hand is canonicalised as a whole to check it); then
/// [`super::restore`] checks the version, migrates and decodes each table.
pub fn read_plan_file(file: &str, text: &str) -> Result<Plan, PlanFileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let envelope = Fields::parse(text).map_err(|e| {
        if e.classify() == serde_json::error::Category::Data {
            PlanFileError::NotAPlanFile { file: file.into(), found: "none".into() }
        } else {
            PlanFileError::BadJson { file: file.into(), line: e.line(), column: e.column(), detail: e.to_string() }
        }
    })?;
    let small =
        |key: &str| envelope.get(key).and_then(|raw| serde_json::from_slice::<Value>(raw.get().as_bytes()).ok());
    match small("type") {
        Some(Value::String(t)) if t == FILE_TYPE => {}
        other => {
            let found = other.map_or("none".to_string(), |v| v.to_string());
            return Err(PlanFileError::NotAPlanFile { file: file.into(), found });
        }
    }
    let version = match small("version") {
        Some(Value::Number(n)) if n.as_u64().is_some_and(|v| v >= 1) => n.as_u64().unwrap_or(0),
        other => {
            let found = other.map_or("missing".to_string(), |v| v.to_string());
            return Err(PlanFileError::BadVersion { file: file.into(), found });
        }
    };
    let restore = Restore::from_version(version).map_err(|e| restore_error(file, e))?;
    let plan = envelope.get("plan").map_or("null", |raw| raw.get());
    let expected = match small("checksum") {
        Some(Value::String(expected)) => expected,
        _ => String::new(),
    };
    if expected != checksum_of(plan.as_bytes()) && !canonical_matches(plan, &expected) {
        return Err(PlanFileError::ChecksumMismatch { file: file.into() });
    }
    restore.plan(plan).map_err(|e| restore_error(file, e))
}

fn restore_error(file: &str, error: RestoreError) -> PlanFileError {
    match error {
        RestoreError::TooNew { version, supported } => PlanFileError::TooNew { file: file.into(), version, supported },
        RestoreError::BadVersion { found } => PlanFileError::BadVersion { file: file.into(), found: found.to_string() },
        // The position serde reports is inside one table, not in the file, so it is left out.
        RestoreError::Invalid { detail } => {
            let detail = detail.split(" at line ").next().unwrap_or(&detail).to_string();
            PlanFileError::InvalidPlan { file: file.into(), detail }
        }
    }
}

/// The slow check, for a plan whose bytes are not canonical (a file re-formatted by hand):
/// its canonical JSON (object keys sorted) against the checksum.
fn canonical_matches(plan: &str, expected: &str) -> bool {
    serde_json::from_slice::<Value>(plan.as_bytes())
        .and_then(|value| serde_json::to_vec(&value))
        .is_ok_and(|canonical| checksum_of(&canonical) == expected)
}

/// `sha256:` and the hex digest of `bytes`.
fn checksum_of(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
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
        let text = write_plan_file(&plan, "test", "2026-01-02T03:04:05Z").unwrap();
        assert_eq!(read_plan_file("a.cashplan.json", &text).unwrap(), plan);
    }

    #[test]
    fn refuses_newer_versions_with_a_clear_message() {
        let text = write_plan_file(&sample(), "test", "now").unwrap().replace("\"version\":1", "\"version\":99");
        let err = read_plan_file("new.cashplan.json", &text).unwrap_err();
        assert!(matches!(err, PlanFileError::TooNew { version: 99, .. }));
        assert!(err.to_string().contains("new.cashplan.json"));
        assert!(err.to_string().contains("newer"));
    }

    #[test]
    fn detects_edits_truncation_and_foreign_files() {
        let text = write_plan_file(&sample(), "test", "now").unwrap();
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
    fn writes_what_earlier_versions_wrote_and_reads_a_reformatted_file() {
        let mut plan = sample();
        let stamp = Stamp { at: "2026-01-03T00:00:00Z".into(), by: "CWG".into() };
        plan.activities.upsert("a-1", crate::model::Activity::default(), &stamp);
        let text = write_plan_file(&plan, "test", "now").unwrap();
        // Earlier versions built the whole envelope as one `Value` (keys sorted).
        let mut envelope = serde_json::Map::new();
        let body = serde_json::to_value(&plan).unwrap();
        envelope.insert("checksum".into(), checksum_of(&serde_json::to_vec(&body).unwrap()).into());
        envelope.insert("exported_at".into(), "now".into());
        envelope.insert("plan".into(), body);
        envelope.insert("source".into(), "test".into());
        envelope.insert("type".into(), FILE_TYPE.into());
        envelope.insert("version".into(), CURRENT_VERSION.into());
        assert_eq!(text, serde_json::to_string(&Value::Object(envelope)).unwrap());
        // Indented by hand: the same content, so the same checksum.
        let pretty = serde_json::to_string_pretty(&serde_json::from_str::<Value>(&text).unwrap()).unwrap();
        assert_eq!(read_plan_file("pretty.cashplan.json", &pretty).unwrap(), plan);
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
