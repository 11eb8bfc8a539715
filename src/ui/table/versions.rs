//! The competing versions of a record after a merge, as field lists the user can compare
//! before keeping one. Works for every record type through its serialised form.

use crate::model::sorting;
use crate::model::{Entry, Record};
use serde::Serialize;
use std::collections::BTreeMap;

/// One version of a record: who saved it, when, and its fields as text.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    pub rev: String,
    pub by: String,
    pub at: String,
    pub deleted: bool,
    pub current: bool,
    pub fields: BTreeMap<String, String>,
}

fn text_of(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        serde_json::Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

/// The fields of a serialised record as text. Not generic, so compiled once for every kind.
fn fields_of(value: Result<serde_json::Value, serde_json::Error>) -> BTreeMap<String, String> {
    let mut fields = BTreeMap::new();
    match value {
        Ok(serde_json::Value::Object(map)) => fields.extend(map.iter().map(|(k, v)| (k.clone(), text_of(v)))),
        Ok(other) => {
            fields.insert("value".to_string(), text_of(&other));
        }
        Err(_) => {}
    }
    fields
}

fn version_of<T: Serialize>(record: &Record<T>, current: bool) -> Version {
    let fields = fields_of(serde_json::to_value(&record.data));
    Version {
        rev: record.rev.clone(),
        by: record.modified_by.clone(),
        at: record.modified_at.clone(),
        deleted: record.deleted,
        current,
        fields,
    }
}

/// The winning version first, then those that lost the merge.
pub fn versions_of<T: Serialize>(entry: &Entry<T>) -> Vec<Version> {
    std::iter::once(version_of(&entry.current, true))
        .chain(entry.conflicts.iter().map(|r| version_of(r, false)))
        .collect()
}

/// The fields whose values are not the same in every version (a field missing in one
/// version counts as empty there).
pub fn differing_fields(versions: &[Version]) -> Vec<String> {
    let names: std::collections::BTreeSet<&String> = sorting::set_of(versions.iter().flat_map(|v| v.fields.keys()));
    names
        .into_iter()
        .filter(|name| {
            let mut values = versions.iter().map(|v| v.fields.get(*name).map_or("", String::as_str));
            let first = values.next().unwrap_or("");
            values.any(|v| v != first)
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Sector, Stamp, Table};

    fn stamp(by: &str) -> Stamp {
        Stamp { at: "2026-01-01T00:00:00Z".into(), by: by.into() }
    }

    #[test]
    fn a_conflict_lists_both_versions_with_their_authors_and_only_the_changed_field() {
        let sector = |lead: &str| Sector {
            code: "MPC".into(),
            name: "Multipurpose Cash".into(),
            lead: Some(lead.into()),
            measured_against: None,
            caseload: false,
        };
        let mut base: Table<Sector> = Table::default();
        base.upsert("MPC", sector("CWG"), &stamp("CWG"));
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        ours.upsert("MPC", sector("UNHCR"), &stamp("UNHCR"));
        theirs.upsert("MPC", sector("WFP"), &stamp("WFP"));
        let merged = ours.merged(&theirs);
        let versions = versions_of(merged.entry("MPC").unwrap());
        assert_eq!(versions.len(), 2);
        assert!(versions[0].current && !versions[1].current);
        let authors: Vec<&str> = versions.iter().map(|v| v.by.as_str()).collect();
        assert!(authors.contains(&"UNHCR") && authors.contains(&"WFP"));
        assert_eq!(differing_fields(&versions), vec!["lead"]);
    }
}
