//! `cashplan gaps` on the HXL fixtures: the golden report was checked by hand against the
//! definitions (e.g. C1426 MPC: 12,000 reached of 30,000 in need = 40.0 %, partial).

mod cli_helpers;

use cli_helpers::{cashplan, workdir};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name).to_string_lossy().into_owned()
}

/// A plan with the fixtures' areas, needs and 5W imported.
fn imported_plan(test: &str) -> (PathBuf, String) {
    let dir = workdir(test);
    assert_eq!(cashplan(&dir, &["new", "plan.cashplan.json", "--name", "Test", "--country", "SYR"]).code, 0);
    let files = ["hxl/areas.csv", "hxl/needs.csv", "hxl/activities.csv"].map(fixture);
    let mut args = vec!["import", "plan.cashplan.json"];
    args.extend(files.iter().map(String::as_str));
    let run = cashplan(&dir, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (dir, "plan.cashplan.json".into())
}

#[test]
fn hxl_report_at_the_deepest_level_with_needs_matches_the_hand_checked_file() {
    let (dir, plan) = imported_plan("gaps-default");
    let run = cashplan(&dir, &["gaps", &plan]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = std::fs::read_to_string(fixture("cli/gaps-admin4.hxl.csv")).unwrap();
    assert_eq!(run.stdout, expected);
}

#[test]
fn needs_below_the_level_sum_up_and_activities_are_allocated_to_their_ancestor() {
    let (dir, plan) = imported_plan("gaps-level3");
    let run = cashplan(&dir, &["gaps", &plan, "--level", "3"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // WFP's vouchers in A'zaz: 42,000 reached of 180,000 = 23.3 %, low; 60,000 targeted.
    assert!(
        run.stdout.contains("SY020300,A'zaz,FSC,180000,60000,42000,23.3,33.3,138000,120000,1,low,WFP / FAO\n"),
        "{}",
        run.stdout
    );
    // The community needs of Mare' (C1426) count at the sub-district.
    assert!(
        run.stdout
            .contains("SY020302,Mare',MPC,30000,18000,12000,40.0,60.0,18000,12000,1,partial,Cash Working Group\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_month_counts_only_activities_running_in_it() {
    let (dir, plan) = imported_plan("gaps-period");
    let run = cashplan(&dir, &["gaps", &plan, "--period", "2024-11"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // IRC's cash ran February to April: in November the need is entirely a gap.
    assert!(
        run.stdout.contains("C1426,Mare',MPC,30000,0,0,0.0,0.0,30000,30000,0,none,Cash Working Group\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("C1431,Um Hosh,SHL,,3000,0,"),
        "Violet's November winterisation counts: {}",
        run.stdout
    );
}

#[test]
fn json_and_text_formats_carry_the_same_figures() {
    let (dir, plan) = imported_plan("gaps-formats");
    let json = cashplan(&dir, &["gaps", &plan, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["level"], 4);
    assert_eq!(report["totals"]["pin"], 132_000);
    assert_eq!(report["totals"]["unallocated"]["needs"], 4, "the needs above admin 4 are listed, not dropped");
    let text = cashplan(&dir, &["gaps", &plan, "--format", "text"]);
    assert!(
        text.stdout.contains("Total: 132000 in need, 54000 targeted, 36000 reached, gap 120000"),
        "{}",
        text.stdout
    );
}

#[test]
fn bad_options_are_usage_errors() {
    let (dir, plan) = imported_plan("gaps-usage");
    for (args, says) in [
        (vec!["gaps", plan.as_str(), "--level", "9"], "admin level"),
        (vec!["gaps", plan.as_str(), "--period", "2024-13"], "YYYY-MM"),
        (vec!["gaps", plan.as_str(), "--format", "xml"], "hxl, json or text"),
        (vec!["gaps"], "PLAN"),
    ] {
        let run = cashplan(&dir, &args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    }
    let missing = cashplan(&dir, &["gaps", "nowhere.cashplan.json"]);
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("nowhere.cashplan.json"));
}

/// `--area` lists one area's cells with their activities, as choosing the area on the Map
/// page does; any case of P-code; `--sector` narrows to one cell; an area without cells
/// and `--sector` alone are refused in words.
#[test]
fn one_area_lists_its_cells_with_their_activities() {
    let (dir, plan) = imported_plan("gaps-area");
    let run = cashplan(&dir, &["gaps", &plan, "--area", "c1426", "--format", "text"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let cells: Vec<&str> = run.stdout.lines().filter(|l| !l.starts_with("  ")).collect();
    assert_eq!(cells.len(), 2, "{}", run.stdout);
    assert!(
        cells[0].starts_with("Mare' (C1426) — ")
            && cells[0].contains("in need 30000, targeted 18000, reached 12000, gap 18000, coverage 40.0 % (partial)"),
        "{}",
        run.stdout
    );
    let activities: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with("  ")).collect();
    assert!(!activities.is_empty() && activities.iter().all(|l| l.contains("C1426")), "{}", run.stdout);

    let hxl = cashplan(&dir, &["gaps", &plan, "--area", "C1426", "--sector", "shl"]);
    assert_eq!(hxl.code, 0, "{}", hxl.stderr);
    let expected = std::fs::read_to_string(fixture("cli/gaps-admin4.hxl.csv")).unwrap();
    let rows: Vec<&str> =
        expected.lines().take(2).chain(expected.lines().filter(|l| l.starts_with("C1426,Mare',SHL"))).collect();
    assert_eq!(hxl.stdout.lines().collect::<Vec<_>>(), rows);

    let json = cashplan(&dir, &["gaps", &plan, "--area", "C1426", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["cells"].as_array().map(Vec::len), Some(2));
    assert!(value.get("totals").is_none(), "the whole plan's totals would read as the area's");

    let unknown = cashplan(&dir, &["gaps", &plan, "--area", "SY9999"]);
    assert_eq!(unknown.code, 1);
    assert!(unknown.stderr.contains("no needs or activities in area `SY9999` at admin level 4"), "{}", unknown.stderr);
    assert_eq!(cashplan(&dir, &["gaps", &plan, "--sector", "MPC"]).code, 2);
}
