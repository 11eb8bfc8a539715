//! Files that used to crash the tab, each kept under tests/fixtures/sheets/hostile/ and read by
//! name with the exact message it gets now; files that are not tables; and a partner's 5W in
//! every format calamine reads, through the command line.

mod cli_helpers;
mod sheet_builders;

use cashplan::formats::sheet::{propose_mapping, read_table, sheet_names, write_mapping_file, ReadError};
use cli_helpers::{cashplan, load, workdir};
use std::path::PathBuf;

fn hostile(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sheets/hostile").join(name)
}

fn refusal(name: &str) -> String {
    let bytes = std::fs::read(hostile(name)).unwrap();
    read_table(name, &bytes, None).unwrap_err().to_string()
}

/// Writes the hostile fixtures (committed; run once with `--ignored` after changing one).
#[test]
#[ignore]
fn generate_hostile_fixtures() {
    use sheet_builders::*;
    std::fs::create_dir_all(hostile("")).unwrap();
    // A 13,500-column header and 13,500 one-cell rows: 54 KB that padded took 4 GB.
    let mut wide = (0..13_500).map(|i| format!("c{i}")).collect::<Vec<_>>().join(",");
    wide.push('\n');
    for i in 0..13_500 {
        wide.push_str(&format!("{}\n", i % 10));
    }
    std::fs::write(hostile("wide-header.csv"), wide).unwrap();
    // Cells in A1 and XFD1048576: calamine's grid of them is 512 GB.
    let far = sheet_data(&[(0, 0, "Org"), (1_048_575, 16_383, "far away")]);
    std::fs::write(hostile("far-cell.xlsx"), xlsx_raw("Data", &far, None)).unwrap();
    // A row number past the last row a sheet has.
    let beyond = r#"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Org</t></is></c></row><row r="1048577"><c r="A1048577" t="inlineStr"><is><t>GOAL</t></is></c></row></sheetData>"#;
    std::fs::write(hostile("row-beyond.xlsx"), xlsx_raw("Data", beyond, None)).unwrap();
    // One shared string of 10 MB in a 10 KB file (the same shape holds 1 GB in 1 MB).
    let strings = format!("<si><t>{}</t></si>", "a".repeat(10 * 1024 * 1024));
    let data = r#"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>"#;
    std::fs::write(hostile("big-string.xlsx"), xlsx_raw("Data", data, Some(&strings))).unwrap();
    // A million rows of 16,384 filled cells, said in two repeat attributes.
    let repeated = r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row>"#;
    std::fs::write(hostile("repeated.ods"), ods_raw("Sheet1", repeated)).unwrap();
    // Binary data named .csv, and a plan file chosen by mistake.
    let binary: Vec<u8> = (0..4096_u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    std::fs::write(hostile("binary.csv"), binary).unwrap();
    std::fs::write(hostile("unclosed-quote.csv"), format!("Org,Notes\nGOAL,\"{}\n", "x,".repeat(20_000))).unwrap();
}

#[test]
fn a_wide_header_over_many_rows_is_refused_by_its_cells() {
    assert_eq!(
        refusal("wide-header.csv"),
        "wide-header.csv: 13,500 data rows × 13,500 columns make 182,250,000 cells (empty ones included), more than the 20,000,000 cashplan reads at once. Split the file into several files of fewer rows, or delete the empty columns and rows, then import each part."
    );
}

#[test]
fn a_cell_far_from_a1_costs_one_cell() {
    let bytes = std::fs::read(hostile("far-cell.xlsx")).unwrap();
    let table = read_table("far-cell.xlsx", &bytes, None).unwrap();
    assert_eq!(table.headers, ["Org"]);
    assert_eq!(table.rows.len(), 1);
    assert_eq!((table.rows[0].line, table.rows[0].cells.as_slice()), (1_048_576, &[String::new()][..]));
    assert_eq!(
        table.warnings[0].message,
        "far-cell.xlsx, row 1048576: 1 cell(s) right of the last header were left out. Give them a header if they matter."
    );
}

#[test]
fn a_row_past_the_last_row_means_a_damaged_file() {
    assert_eq!(
        refusal("row-beyond.xlsx"),
        "row-beyond.xlsx, sheet “Data”: a cell at row 1,048,577, column 1 lies beyond the 1,048,576 rows and 16,384 columns a sheet can have, so the file is damaged. Open it in Excel or LibreOffice, save it again, and choose the new file."
    );
}

#[test]
fn a_huge_shared_string_is_refused_before_it_is_read() {
    assert_eq!(
        refusal("big-string.xlsx"),
        "big-string.xlsx: one tag, text or record in xl/sharedStrings.xml is 320 KB once unzipped, more than the 256 KB cashplan reads. The file is damaged or was not saved by a spreadsheet program: open it in Excel or LibreOffice, save it again as .xlsx, and choose the new file."
    );
}

#[test]
fn repeated_rows_and_columns_are_counted_before_they_are_expanded() {
    assert_eq!(
        refusal("repeated.ods"),
        "repeated.ods, sheet “Sheet1”: the sheet's rows and columns make 16,384,000,000 cells once expanded, more than the 8,000,000 cashplan expands at once. Delete the empty rows and columns below and right of the data (select them, Delete), or save the sheet as .xlsx, and choose the file again."
    );
    let bytes = std::fs::read(hostile("repeated.ods")).unwrap();
    assert!(
        matches!(sheet_names("repeated.ods", &bytes), Err(ReadError::RepeatedCells { .. })),
        "opening is refused too"
    );
}

#[test]
fn an_unclosed_quote_is_named_as_the_likely_cause() {
    assert_eq!(
        refusal("unclosed-quote.csv"),
        "unclosed-quote.csv, row 2, column “B”: one cell holds 40,000 characters; a cell holds at most 32,767 (as in Excel). An unclosed quotation mark (\") makes the rest of the file one cell: close it, or save the sheet again as CSV."
    );
}

#[test]
fn files_that_are_not_tables_are_refused_as_what_they_are() {
    assert_eq!(
        refusal("binary.csv"),
        "binary.csv is not text and not a workbook (it holds binary data). Choose an .xlsx, .xls, .xlsb, .ods or .csv file."
    );
    let plan =
        std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/planfile/v1.cashplan.json"))
            .unwrap();
    let refused = read_table("partners.csv", &plan, None).unwrap_err().to_string();
    assert!(
        refused.starts_with("partners.csv is a cashplan plan file (JSON), not a table. Open it as a plan"),
        "{refused}"
    );
    assert!(
        matches!(sheet_names("partners.csv", &plan), Err(ReadError::NotATable { .. })),
        "refused before anything is read"
    );
}

#[test]
fn a_workbook_named_csv_is_read_as_a_workbook() {
    let bytes = sheet_builders::partner("xlsx");
    let table = read_table("partner.csv", &bytes, None).unwrap();
    assert_eq!((table.sheet.as_deref(), table.header_row, table.rows.len()), (Some("5W March"), 3, 3));
}

#[test]
fn a_partner_5w_imports_alike_from_every_format_through_the_cli() {
    let dir = workdir("sheet-formats");
    let xls =
        std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sheets/partner-5w.xls")).unwrap();
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("xlsx", sheet_builders::partner("xlsx")),
        ("xlsb", sheet_builders::partner("xlsb")),
        ("xls", xls),
        ("ods", sheet_builders::partner("ods")),
        ("csv", sheet_builders::partner("csv")),
    ];
    let csv = read_table("partner-5w.csv", &files[4].1, None).unwrap();
    let mut mapping = propose_mapping(&csv);
    mapping.columns[7].hashtag = Some("#reached".into());
    std::fs::write(dir.join("partner.mapping.json"), write_mapping_file(&mapping)).unwrap();
    for (extension, bytes) in files {
        let name = format!("partner-5w.{extension}");
        std::fs::write(dir.join(&name), &bytes).unwrap();
        let table = read_table(&name, &bytes, Some("5W March")).unwrap();
        assert_eq!((table.header_row, &table.headers, table.rows.len()), (3, &csv.headers, 3), "{extension}");
        assert_eq!(table.rows, csv.rows, "{extension}: the same cells");
        let plan = format!("{extension}.cashplan.json");
        assert_eq!(cashplan(&dir, &["new", &plan, "--name", "P", "--country", "SYR"]).code, 0);
        let mut args =
            vec!["import", plan.as_str(), name.as_str(), "--mapping", "partner.mapping.json", "--create-areas"];
        if extension != "csv" {
            args.extend(["--sheet", "5W March"]);
        }
        let run = cashplan(&dir, &args);
        assert_eq!(run.code, 0, "{extension}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stdout
                .contains("3 rows read, 4 new areas; activities: 3 to add, 0 to update, 0 unchanged; 0 rows rejected"),
            "{extension}: {}",
            run.stdout
        );
        assert_eq!(load(&dir.join(&plan)).activities.len_live(), 3, "{extension}");
    }
}

// --- Mappings of wide sheets, empty mappings, and many bad rows ------------------------------

use cashplan::formats::sheet::{apply, prepare, Preparation, Progress, SheetOptions, Step};
use cashplan::model::{Area, Plan, Stamp};

fn plan_with_aleppo() -> Plan {
    let stamp = Stamp { at: "2024-01-01T00:00:00Z".into(), by: "test".into() };
    let mut plan = Plan::new("p", "NWS", "SYR", "USD", &stamp);
    let area = Area {
        code: "SY02".into(),
        name: "Aleppo".into(),
        level: 1,
        parent: None,
        population: None,
        household_size: None,
        names: Default::default(),
    };
    plan.areas.upsert("SY02", area, &stamp);
    plan
}

#[test]
fn a_mapping_with_no_column_mapped_says_so() {
    let raw = read_table("f.csv", b"Partner,Cluster\nGOAL,FSC\n", None).unwrap();
    let mut mapping = propose_mapping(&raw);
    for column in &mut mapping.columns {
        column.hashtag = None;
    }
    let refused = prepare(&raw, &mapping, &plan_with_aleppo(), &SheetOptions::default()).unwrap_err();
    assert_eq!(
        refused.whole_file,
        ["f.csv: no column is mapped yet: choose at least the organisation, sector and P-code columns (for a 5W), or the P-code and people-in-need columns (for needs), then check the rows again."]
    );
}

#[test]
fn a_mapping_for_another_wide_sheet_is_told_by_a_count() {
    let header = |prefix: &str| (0..5_000).map(|i| format!("{prefix} {i}")).collect::<Vec<_>>().join(",");
    let march = read_table("march.csv", format!("{}\n1\n", header("March")).as_bytes(), None).unwrap();
    let april = read_table("april.csv", format!("{}\n1\n", header("April")).as_bytes(), None).unwrap();
    let mut mapping = propose_mapping(&march);
    assert_eq!(mapping.columns.len(), 5_000);
    mapping.columns[0].hashtag = Some("#org+prog".into());
    let errors = apply(&april, &mapping).unwrap_err().errors;
    assert_eq!(errors.len(), 1, "one message, not 5,000");
    assert_eq!(errors[0].to_string(), "april.csv: the column mapping was made for other headers (5000 columns have other headers, such as column 1 is “April 0” in the sheet but “March 0” in the mapping). Review the mapping for this file before importing.");
}

#[test]
fn many_bad_rows_are_set_aside_in_two_readings() {
    let mut text = String::from("Partner,Cluster,Admin1 Pcode,Beneficiaries\n");
    for i in 0..1_000 {
        let area = if i % 4 == 0 { "SY02" } else { "XX99" };
        text.push_str(&format!("NGO {i},Food Security,{area},{}\n", 10 + i));
    }
    let raw = read_table("partner.csv", text.as_bytes(), None).unwrap();
    let mapping = propose_mapping(&raw);
    let plan = plan_with_aleppo();
    let options = SheetOptions { create_areas: false, skip_bad_rows: true };
    let mut preparation = Preparation::new(&raw, &mapping, &plan, options);
    let mut rounds = 0;
    let import = loop {
        match preparation.step(usize::MAX) {
            Step::Working(Progress::Checking { round, .. }) => rounds = rounds.max(round),
            Step::Working(_) => {}
            Step::Done(result) => break result.unwrap(),
        }
    };
    assert_eq!(import.rejected_rows().len(), 750, "every row in the unknown area, not the first 200");
    assert_eq!(import.preview().map(|p| p.adds), Some(250));
    assert_eq!(rounds, 2, "one reading finds all 750, a second reads the rest clean");
}
