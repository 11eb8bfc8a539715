//! Spreadsheet import from mapping to plan: the 5W checks on small sheets, and the real
//! Northwest Syria CWG 4W (2023) imported with new areas and the bad rows set aside, through
//! the library and through `cashplan import --mapping`, then exported as a workbook.

mod cli_helpers;
mod real_files;

use calamine::{open_workbook_auto, Data, DataType, Reader};
use cashplan::engine::gaps::{analyse, GapQuery};
use cashplan::formats::sheet::*;
use cashplan::model::{Plan, Stamp};
use cli_helpers::{cashplan, load, workdir};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn stamp() -> Stamp {
    Stamp { at: "2024-01-01T00:00:00Z".into(), by: "test".into() }
}

fn new_plan() -> Plan {
    Plan::new("p-test", "NWS", "SYR", "USD", &stamp())
}

const BOTH: SheetOptions = SheetOptions { create_areas: true, skip_bad_rows: true };

/// A CSV sheet with a hashtag row, mapped by the proposal.
fn small(text: &str) -> (RawTable, ColumnMapping) {
    let raw = read_table("partner.csv", text.as_bytes(), None).unwrap();
    let mapping = propose_mapping(&raw);
    (raw, mapping)
}

const HEADER: &str = "Partner,Cluster,Pcode,Governorate,People,Reached,Women,Men,Modality,Value,Currency,Start,End\n#org+prog,#sector,#adm1+code,#adm1+name,#targeted,#reached,#targeted+f+adults,#targeted+m+adults,#modality,#value+transfer+hh,#currency,#date+start,#date+end\n";

/// The rows of the sheet below with problems, with their column and reason.
fn every_problem() -> Vec<(usize, Option<&'static str>, RejectReason)> {
    vec![
        (5, Some("Value"), RejectReason::InKindWithValue),
        (6, Some("Value"), RejectReason::TransferIncomplete),
        (7, Some("People"), RejectReason::NegativeNumber),
        (8, Some("End"), RejectReason::EndBeforeStart),
        (10, None, RejectReason::Duplicate),
    ]
}

#[test]
fn each_5w_check_names_the_row_and_column_of_the_sheet() {
    let rows = [
        "WFP,FSC,SY02,Aleppo,100,50,60,40,cash,150,USD,2023-01-01,2023-02-01", // row 3: good
        "IRC,FSC,SY02,Aleppo,100,120,,,cash,150,USD,,",                        // 4: reached > targeted (warning)
        "NRC,FSC,SY02,Aleppo,10,,,,in-kind,40,USD,,",                          // 5: in-kind with a value
        "DRC,FSC,SY02,Aleppo,10,,,,voucher,,,,",                               // 6: voucher without value
        "SC,FSC,SY02,Aleppo,-5,,,,,,,,",                                       // 7: negative
        "CARE,FSC,SY07,Idleb,10,,,,,,,2023-03-01,2023-02-01",                  // 8: end before start
        "MC,FSC,SY07,Idleb,90,,50,30,,,,,",                                    // 9: breakdown 80 ≠ 90 (warning)
        "WFP,FSC,SY02,Aleppo,100,50,60,40,cash,150,USD,2023-01-01,2023-02-01", // 10: same as row 3
    ];
    let (raw, mapping) = small(&format!("{HEADER}{}\n", rows.join("\n")));
    let refused =
        prepare(&raw, &mapping, &new_plan(), &SheetOptions { create_areas: true, skip_bad_rows: false }).unwrap_err();
    assert!(refused.whole_file.is_empty(), "{refused}");
    let found: Vec<(usize, Option<&str>, RejectReason)> =
        refused.rows.iter().map(|p| (p.line, p.column.as_deref(), p.reason)).collect();
    // One check lists every problem, those of the mapping and those of the 5W checks.
    assert_eq!(found, every_problem());
    assert_eq!(refused.rows[2].message, "partner.csv, row 7, column “People”: “-5” is not a whole number (of people, households or payments). Choose what it means in the value mapping, or correct the sheet.");

    let import = prepare(&raw, &mapping, &new_plan(), &BOTH).unwrap();
    let found: Vec<(usize, Option<&str>, RejectReason)> =
        import.rejected.iter().map(|p| (p.line, p.column.as_deref(), p.reason)).collect();
    assert_eq!(found, every_problem());
    let duplicate = &import.rejected[4].message;
    assert!(
        // The id the reader made from the row's content means nothing to the partner: not shown.
        duplicate.starts_with("partner.csv, row 10: the same record as row 3. Every mapped column")
            && duplicate.contains("Every mapped column has the same value in both rows."),
        "{duplicate}"
    );
    // Reached above targeted is imported with a warning, the same on every path (model::rules).
    assert_eq!((import.rows_read, import.areas_created(), import.preview().map(|p| p.adds)), (8, 2, Some(3)));
    let warnings: Vec<(WarningKind, Option<usize>)> = import.warnings.iter().map(|w| (w.kind, w.line)).collect();
    // The sheet has no status column, so every row is planned: the people reached on rows 3
    // and 4 would count nowhere, and each row says so.
    assert_eq!(
        warnings,
        vec![
            (WarningKind::BreakdownMismatch, Some(9)),
            (WarningKind::ReachNotCounted, Some(3)),
            (WarningKind::ReachedAboveTargeted, Some(4)),
            (WarningKind::ReachNotCounted, Some(4)),
        ]
    );
    assert!(import.warnings[0].message.contains("adds up to 80, not the total 90"), "{}", import.warnings[0].message);
    assert!(
        import.warnings[1].message.starts_with("partner.csv, row 3: 50 people reached, but the status is planned"),
        "{}",
        import.warnings[1].message
    );
    assert!(
        import.warnings[2].message.starts_with("partner.csv, row 4, column “Reached”: 120 is more than targeted (100)"),
        "{}",
        import.warnings[2].message
    );

    let mut plan = new_plan();
    for batch in import.batches {
        batch.apply(&mut plan, &stamp());
    }
    assert_eq!((plan.areas.len_live(), plan.activities.len_live()), (2, 3));
}

#[test]
fn without_create_areas_unknown_p_codes_are_rejected_and_known_areas_are_not_added_again() {
    let (raw, mapping) = small(&format!("{HEADER}WFP,FSC,SY02,Aleppo,100,,,,,,,,\nIRC,FSC,SY07,Idleb,10,,,,,,,,\n"));
    let mut plan = new_plan();
    let first = prepare(&raw, &mapping, &plan, &SheetOptions { create_areas: false, skip_bad_rows: true }).unwrap();
    assert_eq!(first.rejected_by_reason(), BTreeMap::from([(RejectReason::UnknownArea, 2)]));
    assert_eq!(first.preview().map(|p| p.adds), Some(0), "every row set aside: nothing to add");
    assert!(
        first.rejected[0].message.starts_with("partner.csv, row 3, column “Pcode”: unknown P-code “SY02”."),
        "{}",
        first.rejected[0].message
    );

    let (areas_only, areas_mapping) = small("Pcode,Name\n#adm1+code,#adm1+name\nSY02,Aleppo\n");
    for batch in prepare(&areas_only, &areas_mapping, &plan, &BOTH).unwrap().batches {
        batch.apply(&mut plan, &stamp());
    }
    let import = prepare(&raw, &mapping, &plan, &BOTH).unwrap();
    assert_eq!(import.areas_created(), 1, "only Idleb is new");
    assert_eq!(import.batches.len(), 2);
}

// --- The real Northwest Syria CWG 4W ---------------------------------------------------------

const REAL_FILE: &str = real_files::REAL_4W;

fn real_path() -> Option<PathBuf> {
    real_files::real_4w_path()
}

fn mapping_path() -> String {
    real_files::real_4w_mapping_path()
}

fn real_4w() -> Option<(RawTable, ColumnMapping)> {
    let raw = read_table(REAL_FILE, &std::fs::read(real_path()?).unwrap(), None).unwrap();
    let mapping =
        read_mapping_file("nws-cwg-4w.mapping.json", &std::fs::read_to_string(mapping_path()).unwrap()).unwrap();
    Some((raw, mapping))
}

// Computed independently from the CSV (python, not committed): rows without a cluster (51);
// the cash row 78 without a transfer value; 13 rows equal to an earlier row in every mapped
// column; 200 distinct P-codes (2 + 8 + 26 + 164) in the rows kept; in those rows, 250
// decimal counts, 74 rows where two columns give one field different values, 13 rows whose
// rounded sex and age parts do not add up to the beneficiaries.
#[test]
fn real_4w_imports_with_new_areas_and_the_bad_rows_set_aside() {
    let Some((raw, mapping)) = real_4w() else { return };
    let import = prepare(&raw, &mapping, &new_plan(), &BOTH).unwrap();
    assert_eq!(import.rows_read, 565);
    assert_eq!(import.areas_created(), 200);
    let preview = import.preview().unwrap();
    assert_eq!((preview.adds, preview.updates, preview.unchanged), (501, 0, 0));
    assert_eq!(import.rejected_rows().len(), 64);
    assert_eq!(
        import.rejected_by_reason(),
        BTreeMap::from([
            (RejectReason::MissingValue, 51),
            (RejectReason::Duplicate, 13),
            (RejectReason::TransferIncomplete, 1),
        ])
    );
    assert_eq!(
        import.warnings_by_kind(),
        BTreeMap::from([
            (WarningKind::RoundedCount, 250),
            (WarningKind::ConflictingValues, 74),
            (WarningKind::BreakdownMismatch, 13),
        ])
    );
    assert!(import.rejected.iter().any(|p| p.message == "nws-cwg-4w-2023.csv, row 78, column “transfer_value”: cash activity without a transfer value; add the value per payment and its currency. Correct the row."));

    let mut plan = new_plan();
    for batch in import.batches {
        batch.apply(&mut plan, &stamp());
    }
    assert_eq!((plan.areas.len_live(), plan.activities.len_live()), (200, 501));
    let report = analyse(&plan, &GapQuery { level: Some(2), period: None });
    let cell = |area: &str| report.cells.iter().find(|c| c.area == area && c.sector == "MPC").unwrap();
    // Independently: beneficiaries rounded half up, of completed and planned rows, by
    // admin2pcode; organisations by reporting_organisation (else abbreviation).
    assert_eq!(
        (cell("SY0203").targeted, cell("SY0203").organisations, cell("SY0203").activities.len()),
        (67_320, 8, 231)
    );
    assert_eq!(
        (cell("SY0703").targeted, cell("SY0703").organisations, cell("SY0703").activities.len()),
        (159_199, 8, 143)
    );
    assert_eq!(cell("SY0208").targeted, 920);
    assert_eq!(report.cells.len(), 8);
    assert_eq!(report.totals.targeted, 338_676);
    assert_eq!(cell("SY0203").pin, None, "no people in need imported");
}

#[test]
fn real_4w_without_skipping_is_refused_whole() {
    let Some((raw, mapping)) = real_4w() else { return };
    let refused =
        prepare(&raw, &mapping, &new_plan(), &SheetOptions { create_areas: true, skip_bad_rows: false }).unwrap_err();
    assert!(refused.whole_file.is_empty());
    assert_eq!(
        refused.rows_by_reason(),
        BTreeMap::from([
            (RejectReason::MissingValue, 51),
            (RejectReason::Duplicate, 13),
            (RejectReason::TransferIncomplete, 1),
        ])
    );
    assert!(
        refused.to_string().starts_with("nws-cwg-4w-2023.csv: nothing was imported; 64 rows with problems"),
        "{refused}"
    );
}

#[test]
fn real_4w_through_the_cli_then_exported_as_a_workbook() {
    let Some(real) = real_path() else { return };
    let dir = workdir("sheet-import");
    assert_eq!(cashplan(&dir, &["new", "nws.cashplan.json", "--name", "NWS", "--country", "SYR"]).code, 0);
    let real = real.to_string_lossy().to_string();
    let mapping = mapping_path();
    let refused = cashplan(&dir, &["import", "nws.cashplan.json", &real, "--mapping", &mapping, "--create-areas"]);
    assert_eq!(refused.code, 1, "{}", refused.stdout);
    assert!(refused.stderr.contains("rows with problems by reason: required value missing 51, duplicate row 13, cash or voucher without value or currency 1. Add --skip-bad-rows"), "{}", refused.stderr);
    assert_eq!(load(&dir.join("nws.cashplan.json")).activities.len_live(), 0);

    let run = cashplan(
        &dir,
        &["import", "nws.cashplan.json", &real, "--mapping", &mapping, "--create-areas", "--skip-bad-rows"],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let first = run.stdout.lines().next().unwrap();
    assert!(
        first.ends_with(
            "565 rows read, 200 new areas; activities: 501 to add, 0 to update, 0 unchanged; 64 rows rejected"
        ),
        "{first}"
    );
    assert!(run.stdout.contains("  rejected by reason: required value missing 51, duplicate row 13, cash or voucher without value or currency 1\n"), "{}", run.stdout);
    assert!(run.stdout.contains("  warnings: decimal counts rounded 250, columns giving different values 74, sex and age breakdown not adding up 13\n"), "{}", run.stdout);
    let plan = load(&dir.join("nws.cashplan.json"));
    assert_eq!((plan.areas.len_live(), plan.activities.len_live()), (200, 501));

    let again = cashplan(
        &dir,
        &["import", "nws.cashplan.json", &real, "--mapping", &mapping, "--create-areas", "--skip-bad-rows"],
    );
    assert!(again.stdout.contains("activities: 0 to add, 0 to update, 501 unchanged"), "{}", again.stdout);
    assert!(again.stdout.contains("Nothing changed"), "the same file again changes nothing: {}", again.stdout);

    let export = cashplan(&dir, &["export", "nws.cashplan.json", "--format", "xlsx", "nws.xlsx"]);
    assert_eq!(export.code, 0, "{}", export.stderr);
    let mut book = open_workbook_auto(dir.join("nws.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), vec!["Areas", "Activities (5W)", "Gaps admin 4", "Transfer values"]);
    let activities = book.worksheet_range("Activities (5W)").unwrap();
    let rows: Vec<&[Data]> = activities.rows().collect();
    assert_eq!(rows.len(), 2 + 501, "header, hashtags, data");
    let tags: Vec<String> = rows[1].iter().map(|c| c.to_string()).collect();
    assert!(tags.contains(&"#org+prog".to_string()) && tags.contains(&"#targeted".to_string()), "{tags:?}");
    let targeted = tags.iter().position(|t| t == "#targeted").unwrap();
    let total: f64 = rows[2..].iter().filter_map(|r| r[targeted].as_f64()).sum();
    assert_eq!(total, 338_676.0, "the 501 rows kept (none suspended), as in the gap report");
    let areas = book.worksheet_range("Areas").unwrap();
    assert_eq!(areas.rows().count(), 2 + 200);
    let again = cashplan(&dir, &["export", "nws.cashplan.json", "--format", "xlsx", "nws.xlsx"]);
    assert!(again.stderr.contains("nws.xlsx already exists; nothing was written"), "{}", again.stderr);
}

// --- The browser test's partner workbook -----------------------------------------------------

const PARTNER_5W: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sheets/partner-5w.xlsx");

/// Writes tests/fixtures/sheets/partner-5w.xlsx (committed; run once with `--ignored`): a
/// title row above a non-standard header row, as partners send them.
#[test]
#[ignore]
fn generate_partner_5w_fixture() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("Read me").unwrap();
    notes.write_string(0, 0, "Fill in one row per distribution.").unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("5W March").unwrap();
    sheet.write_string(0, 0, "Partner 5W — March 2023").unwrap();
    let headers = [
        "Partner",
        "Cluster",
        "Admin1 Pcode",
        "Governorate",
        "Admin2 Pcode",
        "District",
        "Beneficiaries",
        "Persons served",
        "Status",
    ];
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    let rows = [
        ("NGO A", "Food Security", "SY02", "Aleppo", "SY0200", "Jebel Saman", 600.0, 300.0, "Ongoing"),
        ("NGO B", "Food Security", "SY02", "Aleppo", "SY0200", "Jebel Saman", 400.0, 200.0, "Completed"),
        ("NGO A", "Multipurpose cash", "SY07", "Idleb", "SY0700", "Idleb", 150.0, 0.0, "Planned"),
    ];
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 3;
        for (c, text) in [row.0, row.1, row.2, row.3, row.4, row.5].iter().enumerate() {
            sheet.write_string(r, c as u16, *text).unwrap();
        }
        sheet.write_number(r, 6, row.6).unwrap();
        sheet.write_number(r, 7, row.7).unwrap();
        sheet.write_string(r, 8, row.8).unwrap();
    }
    book.save(PARTNER_5W).unwrap();
}

#[test]
fn partner_workbook_needs_one_column_mapped_by_hand() {
    let bytes = std::fs::read(PARTNER_5W).unwrap();
    assert_eq!(sheet_names("partner-5w.xlsx", &bytes).unwrap(), ["Read me", "5W March"]);
    let raw = read_table("partner-5w.xlsx", &bytes, Some("5W March")).unwrap();
    assert_eq!((raw.header_row, raw.rows.len()), (3, 3));
    let mut mapping = propose_mapping(&raw);
    let hashtags: Vec<Option<String>> = mapping.columns.iter().map(|c| c.hashtag.clone()).collect();
    assert_eq!(hashtags[7], None, "the proposal does not know “Persons served”; the browser test maps it");
    mapping.columns[7].hashtag = Some("#reached".into());
    let import =
        prepare(&raw, &mapping, &new_plan(), &SheetOptions { create_areas: true, skip_bad_rows: false }).unwrap();
    assert_eq!((import.areas_created(), import.preview().unwrap().adds), (4, 3));
    assert_eq!(
        hashtags[..3],
        [Some("#org+prog".to_string()), Some("#sector".to_string()), Some("#adm1+code".to_string())]
    );
}

/// A table exported as CSV (formula-like text defused with an apostrophe) and brought back
/// through the spreadsheet import, as a coordinator does after editing it, comes back as it
/// was: the mapped rows pass through the HXL reader, which takes the apostrophe off.
#[test]
fn an_exported_csv_comes_back_through_the_spreadsheet_import_unchanged() {
    use cashplan::formats::hxl::{write_table, TableKind};
    use cashplan::model::{Activity, Status};
    let mut plan = new_plan();
    let sneaky = Activity {
        reporting_org: "@IRC".into(),
        sector: "MPC".into(),
        area: "SY02".into(),
        status: Status::Ongoing,
        description: "=HYPERLINK(\"http://example.org\",\"click\")".into(),
        delivery_mechanism: Some("-5 e-vouchers".into()),
        targeted: Some(5),
        ..Activity::default()
    };
    plan.activities.upsert("a-1", sneaky.clone(), &stamp());
    let exported = write_table(&plan, TableKind::Activities);
    assert!(exported.contains("'@IRC"), "{exported}");

    let (raw, mapping) = small(&exported);
    let mut fresh = new_plan();
    for batch in prepare(&raw, &mapping, &fresh, &BOTH).unwrap().batches {
        batch.apply(&mut fresh, &stamp());
    }
    let back: Vec<&Activity> = fresh.activities.live().map(|r| &r.data).collect();
    assert_eq!(back.len(), 1);
    assert_eq!(
        (back[0].reporting_org.as_str(), back[0].description.as_str(), back[0].delivery_mechanism.as_deref()),
        ("@IRC", sneaky.description.as_str(), Some("-5 e-vouchers"))
    );
}
