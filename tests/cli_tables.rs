//! The table and report commands on real files: `import` (all or nothing, re-imports),
//! `harmonise` and `overlaps` (checked against hand-reviewed golden files) and `export`
//! (round trip through a fresh plan).

mod cli_helpers;

use cashplan::model::{Plan, Table};
use cli_helpers::{cashplan, load, workdir, Run};
use serde::Serialize;
use std::path::Path;

const SIX_TABLES: [&str; 6] = ["areas.csv", "needs.csv", "activities.csv", "standards.csv", "meb.csv", "rates.csv"];

fn hxl_fixture(name: &str) -> String {
    format!("{}/tests/fixtures/hxl/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn cli_fixture(name: &str) -> String {
    format!("{}/tests/fixtures/cli/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn ok(run: Run) -> Run {
    assert_eq!(run.code, 0, "stdout:\n{}\nstderr:\n{}", run.stdout, run.stderr);
    run
}

fn new_plan(dir: &Path, file: &str) {
    ok(cashplan(dir, &["new", file, "--name", "NW Syria", "--country", "SYR"]));
}

/// `cashplan import PLAN FILE...` with the files given by path.
fn import(dir: &Path, plan: &str, files: &[String]) -> Run {
    let mut args = vec!["import", plan];
    args.extend(files.iter().map(String::as_str));
    cashplan(dir, &args)
}

/// A plan with all six HXL fixtures imported.
fn full_plan(dir: &Path) {
    new_plan(dir, "p.json");
    ok(import(dir, "p.json", &SIX_TABLES.map(hxl_fixture)));
}

#[test]
fn import_reads_all_six_tables_in_one_call_and_the_plan_checks_clean() {
    let dir = workdir("import-six");
    new_plan(&dir, "p.json");
    let run = ok(import(&dir, "p.json", &SIX_TABLES.map(hxl_fixture)));
    let previews: Vec<String> = run.stdout.lines().map(|l| l.rsplit('/').next().unwrap().to_string()).collect();
    assert_eq!(
        previews,
        [
            "areas.csv: areas, 12 added, 0 updated, 0 unchanged",
            "needs.csv: needs, 7 added, 0 updated, 0 unchanged",
            "activities.csv: activities, 6 added, 0 updated, 0 unchanged",
            "standards.csv: standards, 4 added, 0 updated, 0 unchanged",
            "meb.csv: meb, 3 added, 0 updated, 0 unchanged",
            "rates.csv: rates, 4 added, 0 updated, 0 unchanged",
            "Imported 6 files into p.json.",
        ]
    );
    let plan = load(&dir.join("p.json"));
    assert_eq!(plan.activities.live().next().unwrap().modified_by, "cli");
    let check = ok(cashplan(&dir, &["check", "p.json"]));
    assert!(check.stdout.ends_with("No problems found.\n"), "{}", check.stdout);

    let by_org = ok(import(&dir, "p.json", &[hxl_fixture("rates.csv"), "--by".into(), "CWG Gaziantep".into()]));
    assert!(by_org.stdout.contains("0 added, 0 updated, 4 unchanged"), "{}", by_org.stdout);
}

#[test]
fn import_is_all_or_nothing_across_files() {
    let dir = workdir("import-atomic");
    new_plan(&dir, "p.json");
    ok(import(&dir, "p.json", &[hxl_fixture("areas.csv")]));
    let before = std::fs::read(dir.join("p.json")).unwrap();
    let bad = "Bad needs\nGovernorate P-code,Sector,People in need\n#adm1+code,#sector,#inneed\nSY99,MPC,100\nSY01,MPC,lots\n";
    std::fs::write(dir.join("bad_needs.csv"), bad).unwrap();
    std::fs::write(dir.join("plain.csv"), "Governorate,People\nSY01,100\n").unwrap();

    let files = [
        hxl_fixture("needs.csv"),
        "bad_needs.csv".into(),
        hxl_fixture("activities.csv"),
        "plain.csv".into(),
        "missing.csv".into(),
    ];
    let run = import(&dir, "p.json", &files);
    assert_eq!((run.code, run.stdout.as_str()), (1, ""), "{}", run.stderr);
    assert_eq!(std::fs::read(dir.join("p.json")).unwrap(), before, "a failed import changed the plan");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines[0], "cashplan: nothing was imported and p.json was not changed: 4 problems to fix.");
    assert!(
        lines[1].starts_with("- bad_needs.csv, row 4, column A") && lines[1].contains("unknown P-code `SY99`"),
        "{}",
        run.stderr
    );
    assert!(
        lines[2].starts_with("- bad_needs.csv, row 5, column C") && lines[2].contains("`lots` is not understood"),
        "{}",
        run.stderr
    );
    assert!(
        lines[3].starts_with("- plain.csv: no HXL hashtag row") && lines[3].contains("--mapping"),
        "{}",
        run.stderr
    );
    assert!(lines[4].starts_with("- missing.csv: no such file"), "{}", run.stderr);
    assert!(!dir.join("p.json.tmp").exists());

    // Needs before areas: every need is refused, with the advice to reorder.
    new_plan(&dir, "q.json");
    let reversed = import(&dir, "q.json", &[hxl_fixture("needs.csv"), hxl_fixture("areas.csv")]);
    assert_eq!(reversed.code, 1);
    assert!(reversed.stderr.contains("unknown P-code"), "{}", reversed.stderr);
    assert!(
        reversed.stderr.ends_with("put the areas file first (cashplan import PLAN areas.csv needs.csv …).\n"),
        "{}",
        reversed.stderr
    );
    assert_eq!(load(&dir.join("q.json")).areas.len_live(), 0);
}

#[test]
fn importing_the_same_activities_again_updates_instead_of_duplicating() {
    let dir = workdir("import-again");
    new_plan(&dir, "p.json");
    let activities = hxl_fixture("activities.csv");
    ok(import(&dir, "p.json", &[hxl_fixture("areas.csv"), activities.clone()]));
    let before = std::fs::read(dir.join("p.json")).unwrap();

    let again = ok(import(&dir, "p.json", std::slice::from_ref(&activities)));
    assert!(again.stdout.contains("activities.csv: activities, 0 added, 0 updated, 6 unchanged"), "{}", again.stdout);
    assert!(again.stdout.ends_with("Nothing changed; p.json was not rewritten.\n"), "{}", again.stdout);
    assert_eq!(std::fs::read(dir.join("p.json")).unwrap(), before);

    // A partner corrects one figure: the same activity gets a new revision.
    let corrected = std::fs::read_to_string(&activities).unwrap().replace(",60000,10000,", ",65000,10000,");
    std::fs::write(dir.join("corrected.csv"), corrected).unwrap();
    let update = ok(import(&dir, "p.json", &["corrected.csv".into()]));
    assert!(update.stdout.contains("corrected.csv: activities, 0 added, 1 updated, 5 unchanged"), "{}", update.stdout);
    let plan = load(&dir.join("p.json"));
    assert_eq!(plan.activities.len_live(), 6);
    assert_eq!(plan.activities.live().filter(|r| r.data.targeted == Some(65_000)).count(), 1);
}

/// Golden file, reviewed by hand against the rules (engine/harmonise/normalise.rs):
/// - Violet SHL: 250 USD one-off per household against the one-off SHL standard of 250 in
///   force on 2024-11-01: 0.0 %, ok; one-off, so no MEB share; no agreed criteria.
/// - WFP FSC in SY020300: the only FSC standard is for SY07, not an ancestor: no_standard;
///   100 USD monthly against the SY02 MEB of 192: 52.1 %.
/// - WFP MPC in C4164: 3900 TRY monthly; on 2024-01-01 only USD→TRY 31.9 is in force, so
///   3900 / 31.9 = 122.257… → 122.26 USD against 120: +1.9 %, within 10 %: ok; against the
///   SY07 MEB of 4100 TRY: 95.1 %; no criteria against two agreed: 0.00.
/// - IRC MPC in C1426: 120 USD monthly = the standard: ok; 120 / 192 = 62.5 %; one of two
///   agreed criteria and nothing else: 0.50.
/// - Mercy Corps ERL cash for work: 10 USD a day = the wage standard: ok, but above the
///   market wage of 8: above_market. Daily wages have no MEB share.
/// - The Syria Relief hygiene kits are in-kind: not in the per-activity rows.
///
/// Areas are at levels 3 and 4, so there are exactly those two #admN+code columns.
#[test]
fn harmonise_hxl_matches_the_reviewed_golden_file() {
    let dir = workdir("harmonise");
    full_plan(&dir);
    let run = ok(cashplan(&dir, &["harmonise", "p.json", "--today", "2024-06-01", "--format", "hxl"]));
    assert_eq!(run.stdout, std::fs::read_to_string(cli_fixture("harmonise.hxl.csv")).unwrap());

    let json = ok(cashplan(&dir, &["harmonise", "p.json", "--today=2024-06-01", "--format", "json", "--level", "1"]));
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["level"], 1);
    assert_eq!(report["activities"].as_array().unwrap().len(), 5);
    assert_eq!(report["not_compared"][0]["reason"], "in_kind");

    let text = ok(cashplan(&dir, &["harmonise", "p.json", "--today", "2024-06-01"]));
    assert!(text
        .stdout
        .starts_with("Transfer values against the agreed standards (4 of 5 cash and voucher activities compared):\n"));
    let wfp_mpc = text.stdout.lines().find(|l| l.starts_with("a-5868254326bef5fb")).unwrap();
    assert_eq!(
        wfp_mpc.split_whitespace().collect::<Vec<_>>(),
        [
            "a-5868254326bef5fb",
            "WFP",
            "C4164",
            "MPC",
            "cash",
            "122.26",
            "120.00",
            "USD/household/month",
            "+1.9%",
            "ok",
            "95.1%",
            "0.00"
        ]
    );
    assert!(text.stdout.contains("\nSpread of values per area (admin level 4) and sector:\n"), "{}", text.stdout);
    assert!(text.stdout.contains("\nNot compared with a standard:\n"), "{}", text.stdout);
}

/// C1426 MPC (30 000 in need): IRC Feb–Apr and NRC Apr–Jul overlap in April; IRC's second
/// activity overlaps only IRC (same organisation), DRC starts after NRC ends, SARC is
/// cancelled and WFP is another sector. SY020302 MPC: CARE (open end, no target) and Mercy
/// Corps overlap in June; there is no PIN for that cell, so no share.
#[test]
fn overlaps_lists_the_known_pairs() {
    let dir = workdir("overlaps");
    new_plan(&dir, "p.json");
    ok(import(
        &dir,
        "p.json",
        &[hxl_fixture("areas.csv"), hxl_fixture("needs.csv"), cli_fixture("overlap_activities.csv")],
    ));
    let hxl = ok(cashplan(&dir, &["overlaps", "p.json", "--format", "hxl"]));
    assert_eq!(hxl.stdout, std::fs::read_to_string(cli_fixture("overlaps.hxl.csv")).unwrap());

    let text = ok(cashplan(&dir, &["overlaps", "p.json"]));
    let rows: Vec<Vec<&str>> = text.stdout.lines().skip(3).map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(
        rows,
        [
            vec![
                "C1426",
                "MPC",
                "a-irc",
                "IRC",
                "2024-02-01..2024-04-30",
                "a-nrc",
                "NRC",
                "2024-04-01..2024-07-31",
                "27,000",
                "30,000",
                "90.0%"
            ],
            vec![
                "SY020302",
                "MPC",
                "a-care",
                "CARE",
                "2024-06-01..open",
                "a-msf",
                "Mercy",
                "Corps",
                "2024-01-01..2024-06-30",
                "1,500"
            ],
        ]
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(cashplan(&dir, &["overlaps", "p.json", "--format=json"])).stdout).unwrap();
    assert_eq!(json[0]["combined_pct_of_need"], 90.0);

    // The same two overlaps, one line per area and sector.
    let by_area = ok(cashplan(&dir, &["overlaps", "p.json", "--by-area", "--format", "hxl"]));
    let lines: Vec<&str> = by_area.stdout.lines().skip(2).collect();
    assert_eq!(
        lines,
        [
            ",C1426,MPC,IRC and NRC,2,1,2024-04-01,2024-04-30,27000,30000,90.0",
            "SY020302,,MPC,CARE and Mercy Corps,2,1,2024-06-01,2024-06-30,1500,,"
        ]
    );
    let text = ok(cashplan(&dir, &["overlaps", "p.json", "--by-area"]));
    assert!(
        text.stdout.starts_with("2 areas and sectors where different organisations work at the same time:"),
        "{}",
        text.stdout
    );

    new_plan(&dir, "empty.json");
    let none = ok(cashplan(&dir, &["overlaps", "empty.json"]));
    assert!(none.stdout.starts_with("No overlaps"), "{}", none.stdout);
}

fn records<T: Serialize + Clone + PartialEq>(table: &Table<T>) -> Vec<(String, T)> {
    table.live().map(|r| (r.id.clone(), r.data.clone())).collect()
}

fn assert_same_records(a: &Plan, b: &Plan) {
    assert_eq!(records(&a.areas), records(&b.areas));
    assert_eq!(records(&a.needs), records(&b.needs));
    assert_eq!(records(&a.activities), records(&b.activities));
    assert_eq!(records(&a.standards), records(&b.standards));
    assert_eq!(records(&a.mebs), records(&b.mebs));
    assert_eq!(records(&a.exchange_rates), records(&b.exchange_rates));
}

#[test]
fn export_hxl_reads_back_into_a_fresh_plan_as_the_same_records() {
    let dir = workdir("export");
    full_plan(&dir);
    let run = ok(cashplan(&dir, &["export", "p.json", "--format", "hxl", "out/tables"]));
    assert!(
        run.stdout.starts_with("Exported 6 tables to out/tables: areas.csv (12 rows), needs.csv (7 rows)"),
        "{}",
        run.stdout
    );

    new_plan(&dir, "fresh.json");
    let exported = SIX_TABLES.map(|name| format!("out/tables/{name}"));
    ok(import(&dir, "fresh.json", &exported));
    assert_same_records(&load(&dir.join("p.json")), &load(&dir.join("fresh.json")));

    let again = cashplan(&dir, &["export", "p.json", "--format", "hxl", "out/tables"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("out/tables/areas.csv, out/tables/needs.csv"), "{}", again.stderr);
    assert!(again.stderr.contains("nothing was written") && again.stderr.contains("--force"), "{}", again.stderr);
    ok(cashplan(&dir, &["export", "p.json", "--format", "hxl", "out/tables", "--force"]));

    ok(cashplan(&dir, &["export", "p.json", "--format", "csv", "plain"]));
    for name in SIX_TABLES {
        let hxl = std::fs::read_to_string(dir.join("out/tables").join(name)).unwrap();
        let plain = std::fs::read_to_string(dir.join("plain").join(name)).unwrap();
        let without_hashtags: Vec<&str> = hxl.lines().enumerate().filter(|(i, _)| *i != 1).map(|(_, l)| l).collect();
        assert_eq!(plain.lines().collect::<Vec<_>>(), without_hashtags, "{name}");
        assert!(!plain.contains("#adm") && !plain.contains("#meta"), "{name}");
    }

    new_plan(&dir, "empty.json");
    let nothing = cashplan(&dir, &["export", "empty.json", "--format", "hxl", "empty"]);
    assert_eq!(nothing.code, 1);
    assert!(nothing.stderr.contains("nothing was written"), "{}", nothing.stderr);
    assert!(!dir.join("empty").exists());
}
