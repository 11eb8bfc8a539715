//! The `cashplan` binary on real files: what a coordinator types and what they get back
//! (exit code, report, files written or left alone).

mod cli_helpers;

use cashplan::formats::planfile::write_plan_file;
use cashplan::model::*;
use cli_helpers::{cashplan, load, workdir};
use std::path::Path;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/planfile/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn save(path: &Path, plan: &Plan) {
    std::fs::write(path, write_plan_file(plan, "test", "2026-05-01T00:00:00Z").unwrap()).unwrap();
}

fn stamp(by: &str, day: u8) -> Stamp {
    Stamp { at: format!("2026-05-{day:02}T09:00:00Z"), by: by.into() }
}

#[test]
fn new_creates_a_plan_that_checks_clean() {
    let dir = workdir("new");
    let run = cashplan(&dir, &["new", "flood.cashplan.json", "--name", " Flood response ", "--country", "syr"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert!(run.stdout.contains("Created flood.cashplan.json"), "{}", run.stdout);
    let plan = load(&dir.join("flood.cashplan.json"));
    assert_eq!((plan.name.as_str(), plan.country.as_str(), plan.currency.as_str()), ("Flood response", "SYR", "USD"));
    assert!(plan.id.starts_with("p-"));
    assert_eq!(plan.sectors.get("FSC").unwrap().modified_by, "cli");
    assert!(!dir.join("flood.cashplan.json.tmp").exists());

    let check = cashplan(&dir, &["check", "flood.cashplan.json"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    // The twelve clusters and the inter-sector people in need (a figure, not a cluster).
    assert!(check.stdout.lines().any(|l| l.split_whitespace().eq(["sectors", "13"])), "{}", check.stdout);
    assert!(check.stdout.ends_with("No problems found.\n"), "{}", check.stdout);

    let euro = cashplan(&dir, &["new", "eu.cashplan.json", "--name=Winter", "--country=UKR", "--currency=eur"]);
    assert_eq!(euro.code, 0, "{}", euro.stderr);
    assert_eq!(load(&dir.join("eu.cashplan.json")).currency, "EUR");
}

#[test]
fn new_refuses_to_overwrite_unless_forced() {
    let dir = workdir("overwrite");
    assert_eq!(cashplan(&dir, &["new", "p.cashplan.json", "--name", "A", "--country", "SYR"]).code, 0);
    let before = std::fs::read(dir.join("p.cashplan.json")).unwrap();
    let again = cashplan(&dir, &["new", "p.cashplan.json", "--name", "B", "--country", "SYR"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("p.cashplan.json: already exists"), "{}", again.stderr);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    assert_eq!(std::fs::read(dir.join("p.cashplan.json")).unwrap(), before);

    let forced = cashplan(&dir, &["new", "p.cashplan.json", "--name", "B", "--country", "SYR", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_eq!(load(&dir.join("p.cashplan.json")).name, "B");
}

#[test]
fn bad_arguments_are_usage_errors_that_say_what_is_wrong() {
    let dir = workdir("usage");
    let cases: &[(&[&str], &str)] = &[
        (&["new"], "cashplan new: missing PLAN"),
        (&["new", "p.json", "--country", "SYR"], "missing --name"),
        (&["new", "p.json", "--name", "X"], "missing --country"),
        (
            &["new", "p.json", "--name", "X", "--country", "Syria"],
            "--country must be a 3-letter ISO 3166 alpha-3 country code such as SYR (got `Syria`)",
        ),
        (&["new", "p.json", "--name", "X", "--country", "SYR", "--currency", "$"], "--currency must be a 3-letter"),
        (&["new", "p.json", "--name", "", "--country", "SYR"], "--name must not be empty"),
        (&["new", "p.json", "--name"], "--name needs a value"),
        (&["new", "p.json", "extra.json", "--name", "X", "--country", "SYR"], "unexpected argument `extra.json`"),
        (&["new", "p.json", "--nmae", "X"], "unknown option `--nmae`"),
        (&["merge", "out.json"], "cashplan merge: missing IN"),
        (&["check"], "cashplan check: missing PLAN"),
        (&["frobnicate"], "unknown command `frobnicate`"),
        (&["import", "p.json"], "cashplan import: missing FILE"),
        (
            &["import", "p.json", "a.csv", "--as", "people"],
            "--as: unknown table kind `people`; use one of: areas, needs",
        ),
        (&["import", "p.json", "a.csv", "--by", " "], "--by must not be empty"),
        (&["harmonise"], "cashplan harmonise: missing PLAN"),
        (&["harmonise", "p.json", "--level", "5"], "--level must be an admin level from 1 to 4 (got `5`)"),
        (
            &["harmonise", "p.json", "--today", "2024-13-01"],
            "--today must be a date like 2024-03-31 (got `2024-13-01`)",
        ),
        (&["harmonise", "p.json", "--format", "xml"], "--format must be hxl, json or text (got `xml`)"),
        (&["overlaps", "p.json", "q.json"], "cashplan overlaps: unexpected argument `q.json`"),
        (&["export", "p.json", "out"], "cashplan export: missing --format"),
        (&["export", "p.json", "--format", "xlsx"], "missing OUT (the .xlsx file to write)"),
        (
            &["import", "p.json", "f.xlsx", "--skip-bad-rows"],
            "--sheet, --rejected, --create-areas and --skip-bad-rows go with --mapping MAPPING.json",
        ),
        (&["export", "p.json", "--format", "tsv", "out"], "--format must be hxl, csv or xlsx (got `tsv`)"),
        (&["export", "p.json", "--format", "hxl"], "missing OUT"),
    ];
    for (args, expected) in cases {
        let run = cashplan(&dir, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{args:?}: expected `{expected}` in:\n{}", run.stderr);
        assert!(run.stderr.contains("usage: cashplan") || run.stderr.contains("Commands:"), "{args:?}: {}", run.stderr);
    }
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "a usage error wrote a file");
}

/// A coordinator's plan, and two partners who each worked offline on a copy of it.
fn diverged_copies() -> (Plan, Plan) {
    let cwg = stamp("CWG", 1);
    let mut base = Plan::new("p-flood", "Flood response", "PAK", "PKR", &cwg);
    for (code, name) in [("PK2", "Sindh"), ("PK3", "Punjab")] {
        let area = Area {
            names: Default::default(),
            code: code.into(),
            name: name.into(),
            level: 1,
            parent: None,
            population: None,
            household_size: None,
        };
        base.areas.upsert(code, area, &cwg);
    }
    let need = |pin| Need {
        area: "PK2".into(),
        sector: "FSC".into(),
        people_in_need: pin,
        households_in_need: None,
        severity: Some(4),
    };
    base.needs.upsert("PK2|FSC", need(100_000), &cwg);

    let mut first = base.clone();
    let activity = Activity {
        reporting_org: "WFP".into(),
        sector: "FSC".into(),
        area: "PK2".into(),
        targeted: Some(5_000),
        ..Activity::default()
    };
    first.activities.upsert("a-wfp-1", activity, &stamp("WFP", 2));
    first.needs.upsert("PK2|FSC", need(120_000), &stamp("WFP", 2));

    let mut second = base;
    let org = Organisation { name: "Muslim Hands".into(), acronym: None, kind: Some(OrgType::Ingo) };
    second.organisations.upsert("o-mh", org, &stamp("MH", 3));
    second.needs.upsert("PK2|FSC", need(90_000), &stamp("MH", 3));
    second.areas.delete("PK3", &stamp("MH", 3));
    (first, second)
}

#[test]
fn merge_combines_diverged_copies_and_reports_conflicts() {
    let dir = workdir("merge");
    let (first, second) = diverged_copies();
    save(&dir.join("wfp.cashplan.json"), &first);
    save(&dir.join("mh.cashplan.json"), &second);

    let run = cashplan(&dir, &["merge", "all.cashplan.json", "wfp.cashplan.json", "mh.cashplan.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Against the first file: the organisation is new; the need (now in conflict) and the
    // deleted area changed.
    assert!(run.stdout.contains("Merged 2 files into all.cashplan.json: 1 record added, 2 updated"), "{}", run.stdout);
    assert!(run.stdout.contains("1 record has conflicting edits"), "{}", run.stdout);
    let merged = load(&dir.join("all.cashplan.json"));
    let expected = first.merged(&second);
    assert_eq!(merged, expected);
    assert_eq!((merged.name.as_str(), merged.currency.as_str()), ("Flood response", "PKR"));
    assert!(merged.areas.get("PK3").is_none() && merged.activities.get("a-wfp-1").is_some());

    let reversed = cashplan(&dir, &["merge", "rev.cashplan.json", "mh.cashplan.json", "wfp.cashplan.json"]);
    assert_eq!(reversed.code, 0, "{}", reversed.stderr);
    assert_eq!(load(&dir.join("rev.cashplan.json")), expected, "merge order changed the result");

    let check = cashplan(&dir, &["check", "all.cashplan.json"]);
    assert_eq!(check.code, 1);
    let problems: Vec<&str> =
        check.stdout.lines().skip_while(|l| !l.contains("problem")).skip(1).map(str::trim).collect();
    assert_eq!(
        problems,
        ["needs/PK2|FSC (record): unresolved conflict between 2 versions (by MH, WFP); choose one in the app"]
    );
}

#[test]
fn merge_refuses_another_plan_and_writes_nothing() {
    let dir = workdir("other-plan");
    let (first, _) = diverged_copies();
    save(&dir.join("flood.cashplan.json"), &first);
    let run = cashplan(&dir, &["merge", "out.cashplan.json", "flood.cashplan.json", &fixture("v1.cashplan.json")]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("v1.cashplan.json: holds plan \"NW Syria cash response\""), "{}", run.stderr);
    assert!(run.stderr.contains("--any-plan"), "{}", run.stderr);
    assert!(!dir.join("out.cashplan.json").exists());
    let forced = cashplan(
        &dir,
        &["merge", "out.cashplan.json", "flood.cashplan.json", &fixture("v1.cashplan.json"), "--any-plan"],
    );
    assert_eq!(forced.code, 0, "{}", forced.stderr);
}

#[test]
fn a_file_from_a_newer_cashplan_is_refused_on_stderr() {
    let dir = workdir("too-new");
    let too_new = fixture("too-new.cashplan.json");
    for args in [vec!["check", too_new.as_str()], vec!["merge", "out.cashplan.json", too_new.as_str()]] {
        let run = cashplan(&dir, &args);
        assert_eq!((run.code, run.stdout.as_str()), (1, ""), "{args:?}");
        assert!(
            run.stderr.contains("too-new.cashplan.json: made by a newer cashplan (file version 999"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("install cashplan newer than"), "{}", run.stderr);
    }
    assert!(!dir.join("out.cashplan.json").exists());
    for (name, expected) in
        [("truncated.cashplan.json", "not readable as JSON"), ("tampered.cashplan.json", "does not match its checksum")]
    {
        let run = cashplan(&dir, &["check", &fixture(name)]);
        assert_eq!(run.code, 1);
        assert!(run.stderr.contains(name) && run.stderr.contains(expected), "{}", run.stderr);
    }
    let missing = cashplan(&dir, &["check", "nowhere.cashplan.json"]);
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("nowhere.cashplan.json: no such file"), "{}", missing.stderr);
}

#[test]
fn a_failed_write_leaves_no_file_behind() {
    let dir = workdir("failed-write");
    std::fs::create_dir(dir.join("taken.cashplan.json")).unwrap();
    let run = cashplan(&dir, &["merge", "taken.cashplan.json", &fixture("v1.cashplan.json")]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("taken.cashplan.json: cannot write the plan"), "{}", run.stderr);
    assert!(dir.join("taken.cashplan.json").is_dir());
    assert!(!dir.join("taken.cashplan.json.tmp").exists());
    let nowhere = cashplan(&dir, &["new", "no/such/dir/p.cashplan.json", "--name", "X", "--country", "SYR"]);
    assert_eq!(nowhere.code, 1);
    assert!(nowhere.stderr.contains("Check that the folder exists"), "{}", nowhere.stderr);
}

/// Each kind of problem `check` knows, on one plan: the expected report lines, in order.
#[test]
fn check_names_record_and_field_for_each_problem() {
    let dir = workdir("check");
    let s = stamp("CWG", 1);
    let mut plan = Plan::new("p-check", "Check", "SYR", "USD", &s);
    let area = Area {
        names: Default::default(),
        code: "SY02".into(),
        name: "Aleppo".into(),
        level: 1,
        parent: None,
        population: Some(4_000_000),
        household_size: Some(0.0),
    };
    plan.areas.upsert("SY02", area, &s);
    let need = Need {
        area: "SY99".into(),
        sector: "XYZ".into(),
        people_in_need: 10,
        households_in_need: Some(20),
        severity: Some(7),
    };
    plan.needs.upsert("SY99|XYZ", need, &s);
    let usd = |value: &str, currency: &str| Transfer {
        value: Amount::parse(value).unwrap(),
        unit: ValueUnit::Household,
        currency: currency.into(),
    };
    let cash = Activity {
        reporting_org: "WFP".into(),
        sector: "MPC".into(),
        area: "SY02".into(),
        modality: Some(Modality::Cash),
        ..Activity::default()
    };
    let activities = [
        (
            "a-clean",
            Activity {
                transfer: Some(usd("100", "USD")),
                targeted: Some(10),
                reached: Some(10),
                status: Status::Ongoing,
                ..cash.clone()
            },
        ),
        ("a-no-transfer", cash.clone()),
        (
            "a-over",
            Activity { targeted: Some(100), reached: Some(150), transfer: Some(usd("-5", "usd$")), ..cash.clone() },
        ),
        (
            "a-dates",
            Activity {
                start: IsoDate::parse("2026-03-01"),
                end: IsoDate::parse("2026-02-01"),
                modality: None,
                ..cash.clone()
            },
        ),
        ("a-huge", Activity { targeted: Some(5_000_000_000), area: "C1007".into(), modality: None, ..cash }),
    ];
    for (id, activity) in activities {
        plan.activities.upsert(id, activity, &s);
    }
    let rate =
        ExchangeRate { from: "USD".into(), to: "SYP".into(), rate: 0.0, date: IsoDate::parse("2026-01-01").unwrap() };
    plan.exchange_rates.upsert("r-1", rate, &s);
    save(&dir.join("dirty.cashplan.json"), &plan);

    let run = cashplan(&dir, &["check", "dirty.cashplan.json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let problems: Vec<&str> =
        run.stdout.lines().skip_while(|l| !l.ends_with("problems found:")).skip(1).map(str::trim).collect();
    assert_eq!(
        problems,
        [
            "areas/SY02 household_size: 0 is not a plausible household size",
            "needs/SY99|XYZ area: unknown area `SY99`; add it or correct the code",
            "needs/SY99|XYZ sector: unknown sector `XYZ`; add it or correct the code",
            "needs/SY99|XYZ households_in_need: more households than people in need",
            "needs/SY99|XYZ severity: 7 is not a severity from 1 to 5",
            "activities/a-dates end: 2026-02-01 is before start 2026-03-01",
            "activities/a-huge area: unknown area `C1007`; add it or correct the code",
            "activities/a-huge targeted: 5000000000 people is not plausible for one record; check for a typo or a total row",
            "activities/a-no-transfer transfer.value: cash activity without a transfer value; add the value per payment and its currency",
            "activities/a-over reached: 150 is more than targeted (100); check both figures (warning)",
            "activities/a-over transfer.value: -5 is negative",
            "activities/a-over transfer.currency: `usd$` is not a 3-letter currency code such as USD",
            "activities/a-over status: 150 people reached, but the status is planned: only ongoing and completed activities count as reached; check the status (a file without a status column reads every row as planned) (warning)",
            "exchange_rates/r-1 rate: 0 is not a positive exchange rate",
        ]
    );
}
