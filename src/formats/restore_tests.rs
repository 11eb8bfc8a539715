//! Tests of the restore path with migration steps of their own: a made-up version 2 that
//! renamed the plan's `name` to `title` and an activity's `reporting_org` to `org`.

use super::*;
use crate::model::{Activity, Stamp};

fn plan() -> Plan {
    let stamp = Stamp { at: "2026-01-01T00:00:00Z".into(), by: "test".into() };
    let mut plan = Plan::new("p-1", "Restore", "SYR", "USD", &stamp);
    for n in 0..5 {
        let activity = Activity { reporting_org: format!("Org {n}"), sector: "FSC".into(), ..Activity::default() };
        plan.activities.upsert(&format!("a-{n}"), activity, &stamp);
    }
    plan
}

fn rename(object: &mut Map<String, Value>, from: &str, to: &str) {
    if let Some(value) = object.remove(from) {
        object.insert(to.into(), value);
    }
}

/// What the made-up version 1 → 2 step undoes: the plan as an older version wrote it.
fn as_version_one(plan: &Plan) -> Value {
    let mut value = serde_json::to_value(plan).unwrap();
    let object = value.as_object_mut().unwrap();
    rename(object, "name", "title");
    for entry in object["activities"].as_object_mut().unwrap().values_mut() {
        rename(entry["current"]["data"].as_object_mut().unwrap(), "reporting_org", "org");
    }
    value
}

const STEPS_TO_TWO: &[Step] = &[Step {
    from: 1,
    plan: |plan| rename(plan, "title", "name"),
    entry: |table, entry| {
        assert_eq!(table, TableName::Activities, "only the tables a step names are rewritten");
        if let Some(data) = entry.pointer_mut("/current/data").and_then(Value::as_object_mut) {
            rename(data, "org", "reporting_org");
        }
    },
    tables: &[TableName::Activities],
}];

#[test]
fn an_older_plan_is_migrated_one_step_at_a_time() {
    let original = plan();
    let old = serde_json::to_string(&as_version_one(&original)).unwrap();
    let restored = Restore::with_steps(1, 2, STEPS_TO_TWO).unwrap().plan(&old).unwrap();
    assert_eq!(restored, original);
    // A plan already at version 2 runs no step.
    let current = serde_json::to_string(&original).unwrap();
    assert_eq!(Restore::with_steps(2, 2, STEPS_TO_TWO).unwrap().plan(&current).unwrap(), original);
}

#[test]
fn stored_chunks_are_migrated_entry_by_entry() {
    let original = plan();
    let mut old = as_version_one(&original);
    let activities = old.as_object_mut().unwrap().remove("activities").unwrap();
    let entries: Vec<&Value> = activities.as_object().unwrap().values().collect();
    let head = serde_json::to_string(&old).unwrap();
    let restore = Restore::with_steps(1, 2, STEPS_TO_TWO).unwrap();
    let mut restored = restore.plan(&head).unwrap();
    for chunk in entries.chunks(2) {
        restore.add(&mut restored, TableName::Activities, &serde_json::to_vec(chunk).unwrap()).unwrap();
    }
    assert_eq!(restored, original);
}

#[test]
fn newer_and_impossible_versions_are_refused() {
    assert_eq!(
        Restore::from_version(SCHEMA_VERSION + 1).err(),
        Some(RestoreError::TooNew { version: SCHEMA_VERSION + 1, supported: SCHEMA_VERSION })
    );
    assert_eq!(Restore::from_version(0).err(), Some(RestoreError::BadVersion { found: 0 }));
}

#[test]
fn a_damaged_table_is_named() {
    let restore = Restore::from_version(SCHEMA_VERSION).unwrap();
    let error = restore.plan(r#"{"id":"p","name":"n","country":"SYR","currency":"USD","created_at":"t","needs":[1]}"#);
    assert!(matches!(&error, Err(RestoreError::Invalid { detail }) if detail.starts_with("needs:")), "{error:?}");
    let mut plan = plan();
    let error = restore.add(&mut plan, TableName::Activities, b"[{\"current\":");
    assert!(matches!(&error, Err(RestoreError::Invalid { detail }) if detail.starts_with("activities:")), "{error:?}");
}

#[test]
fn a_plan_file_body_reads_the_same_as_the_plan_decoder() {
    let original = plan();
    let text = serde_json::to_string(&original).unwrap();
    assert_eq!(Restore::from_version(SCHEMA_VERSION).unwrap().plan(&text).unwrap(), original);
}
