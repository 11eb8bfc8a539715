//! Data-driven harmonisation tests: every `tests/fixtures/harmonise/*.json` file holds a
//! compact plan and the report rows expected from it. Adding a case is adding a file.
//!
//! A fixture is `{ "today", "level"?, "plan": {…}, "expect": {…} }`:
//! - `plan.areas`: a list of areas (`name` defaults to the code);
//! - `plan.standards`, `plan.mebs`, `plan.activities`: objects keyed by record id, in the
//!   model's own field names, except that an activity may give `org` for `reporting_org`
//!   and `value`, `unit`, `currency` for its transfer;
//! - `plan.rates`, `plan.needs`: lists in the model's field names;
//! - `plan.default_household_size`: optional.
//!
//! `expect.activities` lists every compared activity (ids must match exactly) with only the
//! fields worth checking, named as in the serialised report row (`targeting.similarity`
//! for nested ones). `expect.not_compared`,
//! `expect.groups`, `expect.overlaps` (the pairs) and `expect.overlap_groups` (per area and
//! sector, whole plan), when given, list every entry the same way.

use cashplan::engine::harmonise::{harmonise, overlap_groups, overlaps, HarmoniseQuery, OverlapScope};
use cashplan::model::{Activity, Area, ExchangeRate, IsoDate, Meb, Need, Plan, Stamp, Standard};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

fn fail(fixture: &Path, message: String) -> ! {
    panic!("{}: {message}", fixture.display())
}

/// Parses a record and checks that every field given survived (catches misspelt keys,
/// which serde would otherwise ignore).
fn record<T: DeserializeOwned + Serialize>(fixture: &Path, what: &str, object: Value) -> T {
    let parsed: T = serde_json::from_value(object.clone()).unwrap_or_else(|e| fail(fixture, format!("{what}: {e}")));
    let back = serde_json::to_value(&parsed).unwrap_or_default();
    for (key, value) in object.as_object().into_iter().flatten() {
        let is_default =
            matches!(value, Value::Null | Value::Bool(false)) || value.as_array().is_some_and(Vec::is_empty);
        if back.get(key).is_none() && !is_default {
            fail(fixture, format!("{what}: unknown field `{key}`"));
        }
    }
    parsed
}

fn entries(plan: &Value, table: &str) -> Vec<(String, Value)> {
    match plan.get(table) {
        Some(Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        Some(Value::Array(list)) => list.iter().enumerate().map(|(i, v)| (format!("{table}-{i}"), v.clone())).collect(),
        _ => Vec::new(),
    }
}

/// Moves the compact activity keys into the model's shape.
fn expand_activity(mut object: Map<String, Value>) -> Value {
    if let Some(org) = object.remove("org") {
        object.insert("reporting_org".into(), org);
    }
    let mut transfer = Map::new();
    for key in ["value", "unit", "currency"] {
        if let Some(v) = object.remove(key) {
            transfer.insert(key.into(), v);
        }
    }
    if !transfer.is_empty() {
        object.insert("transfer".into(), Value::Object(transfer));
    }
    Value::Object(object)
}

fn build_plan(fixture: &Path, input: &Value) -> Plan {
    let stamp = Stamp { at: "2024-01-01T00:00:00Z".into(), by: "fixture".into() };
    let mut plan = Plan::new("fixture", "Fixture", "XXX", "USD", &stamp);
    if let Some(size) = input.get("default_household_size").and_then(Value::as_f64) {
        plan.default_household_size = size;
    }
    for (_, mut area) in entries(input, "areas") {
        if let Some(object) = area.as_object_mut() {
            let code = object.get("code").cloned().unwrap_or_default();
            object.entry("name").or_insert(code);
        }
        let area: Area = record(fixture, "area", area);
        let code = area.code.clone();
        plan.areas.upsert(&code, area, &stamp);
    }
    for (id, value) in entries(input, "standards") {
        plan.standards.upsert(&id, record::<Standard>(fixture, &format!("standard {id}"), value), &stamp);
    }
    for (id, value) in entries(input, "mebs") {
        plan.mebs.upsert(&id, record::<Meb>(fixture, &format!("MEB {id}"), value), &stamp);
    }
    for (id, value) in entries(input, "rates") {
        plan.exchange_rates.upsert(&id, record::<ExchangeRate>(fixture, "rate", value), &stamp);
    }
    for (_, value) in entries(input, "needs") {
        let need: Need = record(fixture, "need", value);
        plan.needs.upsert(&Need::id_for(&need.area, &need.sector), need, &stamp);
    }
    for (id, value) in entries(input, "activities") {
        let expanded = expand_activity(value.as_object().cloned().unwrap_or_default());
        plan.activities.upsert(&id, record::<Activity>(fixture, &format!("activity {id}"), expanded), &stamp);
    }
    plan
}

/// Numbers compare by value (so `50` matches `50.0`); everything else exactly.
fn same(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Number(e), Value::Number(a)) => e.as_f64() == a.as_f64(),
        (Value::Array(e), Value::Array(a)) => e.len() == a.len() && e.iter().zip(a).all(|(e, a)| same(e, a)),
        (Value::Object(e), Value::Object(a)) => {
            e.len() == a.len() && e.iter().all(|(k, v)| a.get(k).is_some_and(|a| same(v, a)))
        }
        _ => expected == actual,
    }
}

/// Checks the listed entries one by one, only on the fields each expected entry names
/// (`first.id` reaches into a nested object).
fn check_list(fixture: &Path, what: &str, expected: &Value, actual: &Value) {
    let (Some(expected), Some(actual)) = (expected.as_array(), actual.as_array()) else {
        fail(fixture, format!("expect.{what} must be a list"));
    };
    for (i, (want, got)) in expected.iter().zip(actual).enumerate() {
        for (field, value) in want.as_object().into_iter().flatten() {
            let got_value = field.split('.').try_fold(got, |v, key| v.get(key)).unwrap_or(&Value::Null);
            if !same(value, got_value) {
                fail(
                    fixture,
                    format!(
                        "{what}[{i}] (id {}) field `{field}`: expected {value}, got {got_value}\nwhole entry: {got}",
                        got.get("id").unwrap_or(&Value::Null)
                    ),
                );
            }
        }
    }
    if expected.len() != actual.len() {
        fail(
            fixture,
            format!(
                "expected {} {what}, got {}:\n{}",
                expected.len(),
                actual.len(),
                serde_json::to_string_pretty(actual).unwrap_or_default()
            ),
        );
    }
}

fn run_fixture(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| fail(path, e.to_string()));
    let fixture: Value = serde_json::from_str(&text).unwrap_or_else(|e| fail(path, e.to_string()));
    let today = fixture.get("today").and_then(Value::as_str).and_then(IsoDate::parse);
    let today = today.unwrap_or_else(|| fail(path, "`today` (YYYY-MM-DD) is required".into()));
    let level = fixture.get("level").and_then(Value::as_u64).and_then(|l| u8::try_from(l).ok());
    let plan = build_plan(path, fixture.get("plan").unwrap_or(&Value::Null));
    let mut report = serde_json::to_value(harmonise(&plan, &HarmoniseQuery { level, today })).unwrap_or_default();
    report["overlaps"] = serde_json::to_value(overlaps(&plan)).unwrap_or_default();
    report["overlap_groups"] =
        serde_json::to_value(overlap_groups(&plan, &OverlapScope::default())).unwrap_or_default();
    let expect = fixture.get("expect").unwrap_or_else(|| fail(path, "`expect` is required".into()));
    for part in ["activities", "not_compared", "groups", "overlaps", "overlap_groups"] {
        if let Some(expected) = expect.get(part) {
            check_list(path, part, expected, report.get(part).unwrap_or(&Value::Null));
        } else if part == "activities" {
            fail(path, "`expect.activities` is required".into());
        }
    }
}

#[test]
fn harmonisation_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/harmonise");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| fail(&dir, e.to_string()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 3, "expected the harmonisation fixtures in {}", dir.display());
    for path in &paths {
        run_fixture(path);
    }
}
