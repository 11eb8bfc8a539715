//! The rejected rows sent back to the partner (their own columns, the row number and every
//! reason; CSV and .xlsx, in the app and through `cashplan import --rejected`), and problems
//! told in the mapping screen's words: no hashtag in any message a sheet import gives.

mod cli_helpers;

use cashplan::formats::sheet::*;
use cashplan::formats::xlsx::write_xlsx;
use cashplan::model::{Plan, Stamp};
use cli_helpers::{cashplan, workdir};

fn stamp() -> Stamp {
    Stamp { at: "2024-01-01T00:00:00Z".into(), by: "test".into() }
}

fn new_plan() -> Plan {
    Plan::new("p-test", "NWS", "SYR", "USD", &stamp())
}

const SKIP: SheetOptions = SheetOptions { create_areas: true, skip_bad_rows: true };

const PARTNER: &str = "Partner,Cluster,Admin 1 Pcode,Governorate,Modality,Transfer value,Currency,Families,Notes\n\
    Org A,MPC,SY02,Aleppo,cash,100,USD,10,ok\n\
    Org A,,SY02,Aleppo,cash,100,USD,10,no cluster\n\
    Org B,MPC,SY07,Idleb,cash,,USD,12,no value\n\
    Org B,MPC,SY07,Idleb,cash,100,USD,lots,=HYPERLINK(\"x\")\n\
    Org A,MPC,SY02,Aleppo,cash,100,USD,10,ok\n";

fn partner() -> (RawTable, ColumnMapping) {
    let raw = read_table("partner 4w.csv", PARTNER.as_bytes(), None).unwrap();
    let mapping = propose_mapping(&raw);
    (raw, mapping)
}

/// Every message an import result holds.
fn messages(result: &Result<SheetImport, SheetImportErrors>) -> Vec<String> {
    match result {
        Ok(import) => import
            .rejected
            .iter()
            .map(|p| p.message.clone())
            .chain(import.warnings.iter().map(|w| w.message.clone()))
            .collect(),
        Err(e) => e
            .whole_file
            .iter()
            .cloned()
            .chain(e.rows.iter().map(|p| p.message.clone()))
            .chain(e.warnings.iter().map(|w| w.message.clone()))
            .collect(),
    }
}

/// A hashtag such as `#org+prog` or `#inneed` in a message.
fn hashtag_in(message: &str) -> bool {
    message.match_indices('#').any(|(i, _)| message[i + 1..].starts_with(|c: char| c.is_ascii_lowercase()))
}

#[test]
fn rejected_rows_keep_the_partners_columns_with_row_and_reasons() {
    let (raw, mapping) = partner();
    let import = prepare(&raw, &mapping, &new_plan(), &SKIP).unwrap_or_else(|e| panic!("{e}"));
    let rejected = rejected_rows(&raw, &import.rejected);
    let lines: Vec<usize> = rejected.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [3, 4, 5, 6]);
    assert_eq!(rejected.headers, raw.headers);
    let no_value = &rejected.rows[1];
    assert_eq!(no_value.cells, raw.rows[2].cells);
    assert_eq!(
        no_value.reasons,
        ["column “Transfer value”: cash activity without a transfer value; add the value per payment and its currency. Correct the row."]
    );
    assert!(rejected.rows[3].reasons[0].contains("same record as row 2"), "{:?}", rejected.rows[3]);
    assert_eq!(rejected.file_name("csv"), "partner 4w-rejected-rows.csv");

    let csv = rejected.to_csv();
    let mut lines = csv.lines();
    assert_eq!(lines.next().unwrap(), format!("{ROW_HEADER},{REASON_HEADER},{}", raw.headers.join(",")));
    let second = lines.next().unwrap();
    assert!(second.starts_with("3,") && second.ends_with(",no cluster"), "no hashtag row: {second}");
    assert!(csv.contains(",\"'=HYPERLINK(\"\"x\"\")\""), "formulas are defused: {csv}");

    // The .xlsx reads back as the same table, the partner's columns after row and reason.
    let bytes = write_xlsx(&[rejected.to_sheet()]).unwrap();
    let back = read_table("rejected.xlsx", &bytes, None).unwrap();
    assert_eq!(back.header_row, 1);
    assert_eq!(back.headers[..2], [ROW_HEADER.to_string(), REASON_HEADER.to_string()]);
    assert_eq!(back.headers[2..], raw.headers[..]);
    assert_eq!(back.rows.len(), 4);
    assert_eq!(back.rows[1].cells[0], "4");
    assert_eq!(back.rows[1].cells[2..], raw.rows[2].cells[..]);
}

#[test]
fn no_message_of_a_sheet_import_shows_a_hashtag() {
    let (raw, mut mapping) = partner();
    for options in [SKIP, SheetOptions { create_areas: true, skip_bad_rows: false }] {
        let result = prepare(&raw, &mapping, &new_plan(), &options);
        let found = messages(&result);
        assert!(!found.is_empty());
        assert!(found.iter().all(|m| !hashtag_in(m)), "{found:#?}");
    }
    // A 5W without its organisation column: said as the field to choose on the screen.
    mapping.columns[0].hashtag = None;
    mapping.columns[4].hashtag = Some("#modality+restriction".into());
    let errors = prepare(&raw, &mapping, &new_plan(), &SKIP).unwrap_err();
    let found = messages(&Err(errors.clone()));
    assert!(found.iter().all(|m| !hashtag_in(m)), "{found:#?}");
    assert!(
        errors
            .whole_file
            .iter()
            .any(|m| m.contains("no column is mapped to “Organisation (reporting)”") && m.contains("“Imported as”")),
        "{:#?}",
        errors.whole_file
    );
}

#[test]
fn a_needs_duplicate_speaks_of_needs_not_distributions() {
    let text = "Admin 1 Pcode,Governorate,Sector,People in need\nSY02,Aleppo,FSC,100\nSY02,Aleppo,FSC,100\n";
    let raw = read_table("needs.csv", text.as_bytes(), None).unwrap();
    let errors =
        prepare(&raw, &propose_mapping(&raw), &new_plan(), &SheetOptions { create_areas: true, skip_bad_rows: false })
            .unwrap_err();
    let message = &errors.rows[0].message;
    assert!(message.contains("A need is one figure per area and sector"), "{message}");
    assert!(!message.contains("distributions"), "{message}");
}

#[test]
fn the_cli_writes_the_rejected_rows_as_csv_or_xlsx() {
    let dir = workdir("sheet-rejected");
    std::fs::write(dir.join("partner.csv"), PARTNER).unwrap();
    let (_, mapping) = partner();
    std::fs::write(dir.join("mapping.json"), write_mapping_file(&mapping)).unwrap();
    assert_eq!(
        cashplan(&dir, &["new", "plan.cashplan.json", "--name", "NWS", "--country", "SYR", "--currency", "USD"]).code,
        0
    );
    for (name, skip) in [("rejected.csv", true), ("rejected.xlsx", false)] {
        let mut args =
            vec!["import", "plan.cashplan.json", "partner.csv", "--mapping", "mapping.json", "--create-areas"];
        if skip {
            args.push("--skip-bad-rows");
        }
        args.extend(["--rejected", name]);
        let run = cashplan(&dir, &args);
        assert_eq!(run.code, if skip { 0 } else { 1 }, "{}{}", run.stdout, run.stderr);
        assert!(
            run.stdout.contains(&format!("4 rejected rows with their reasons written to {name}")),
            "{}",
            run.stdout
        );
        let back = read_table(name, &std::fs::read(dir.join(name)).unwrap(), None).unwrap();
        assert_eq!(back.rows.iter().map(|r| r.cells[0].as_str()).collect::<Vec<_>>(), ["3", "4", "5", "6"]);
    }
}
