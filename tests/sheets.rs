//! Partners' spreadsheets in, clean HXL CSV out: reading, mapping, the personal-data guard,
//! and the real Northwest Syria CWG 4W.

use calamine::{Data, Reader, Xlsx};
use cashplan::formats::sheet::{
    apply, distinct_values, propose_mapping, read_mapping_file, read_table, scan_pii, sheet_names, write_mapping_file,
    ColumnMapping, MappingFileError, PiiReason, RawTable, SheetError, ValueChoice, WarningKind,
};
use cashplan::formats::xlsx::{write_xlsx, Cell, SheetData};
use cashplan::model::Amount;
use std::collections::BTreeMap;
use std::io::Cursor;

fn csv(file: &str, text: &str) -> RawTable {
    read_table(file, text.as_bytes(), None).unwrap()
}

fn hashtags(mapping: &ColumnMapping) -> Vec<Option<&str>> {
    mapping.columns.iter().map(|c| c.hashtag.as_deref()).collect()
}

/// The output rows of a mapped table, skipping the header and hashtag rows.
fn output(table: &RawTable, mapping: &ColumnMapping) -> (Vec<String>, Vec<Vec<String>>) {
    let mapped = apply(table, mapping).unwrap();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(mapped.hxl_csv.as_bytes());
    let mut rows: Vec<Vec<String>> =
        reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    let tags = rows.remove(1);
    rows.remove(0);
    (tags, rows)
}

#[test]
fn headers_match_ignoring_case_spacing_punctuation_and_language() {
    let table = csv(
        "partner.csv",
        "Organisation,SECTEUR,Admin 2 Pcode,#Targeted +HH,Ménages,Montant,Devise,Fréquence,Date de début,Value (USD),People reached,Beneficiary name,Comments,Favourite colour\n\
         GOAL,Food,SY0203,10,10,100,USD,monthly,2023-03-01,100,50,Jane Doe,ok,blue\n",
    );
    let mapping = propose_mapping(&table);
    assert_eq!(
        hashtags(&mapping),
        [
            Some("#org+prog"),
            Some("#sector"),
            Some("#adm2+code"),
            Some("#targeted+hh"),
            Some("#targeted+hh"),
            Some("#value+transfer+hh"),
            Some("#currency"),
            Some("#frequency"),
            Some("#date+start"),
            Some("#value+transfer+hh"),
            Some("#reached"),
            None,
            None,
            None,
        ]
    );
}

#[test]
fn a_files_own_hashtag_row_is_kept() {
    let table = csv("hxl.csv", "Org,Zone\n#org+prog,#adm1+code\nGOAL,SY02\n");
    assert_eq!(hashtags(&propose_mapping(&table)), [Some("#org+prog"), Some("#adm1+code")]);
    assert_eq!(table.rows.len(), 1);
}

#[test]
fn compound_values_and_missing_forms_are_normalised() {
    let table = csv(
        "4w.csv",
        "org,cluster,restrictions,conditionality,project_status,currency,transfer_value\n\
         GOAL,Multipurpose - One time,Cash - Unrestricted,Unconditional,Completed,USD,150\n\
         IRC,Multipurpose - Repeated,Voucher - Unrestricted,Conditional - Cash For Work,Planned,N/A,\"1,200\"\n\
         PIN,NA,n.a.,-,,TL,\"2,850\"\n",
    );
    let mapping = propose_mapping(&table);
    let (tags, rows) = output(&table, &mapping);
    assert_eq!(
        tags,
        [
            "#org+prog",
            "#sector",
            "#modality+restriction",
            "#modality+conditionality",
            "#status",
            "#currency",
            "#value+transfer+hh",
            "#frequency",
            "#modality"
        ]
    );
    assert_eq!(rows[0], ["GOAL", "MPC", "unrestricted", "unconditional", "completed", "USD", "150", "one-off", "cash"]);
    assert_eq!(rows[1], ["IRC", "MPC", "unrestricted", "cash-for-work", "planned", "", "1200", "monthly", "voucher"]);
    assert_eq!(rows[2], ["PIN", "", "", "", "", "TRY", "2850", "", ""]);

    // A partner whose blank cluster means multipurpose cash can say so.
    let mut mapping = mapping;
    mapping.set_value("#sector", "NA", ValueChoice::one("#sector", "MPC"));
    assert_eq!(output(&table, &mapping).1[2], ["PIN", "MPC", "", "", "", "TRY", "2850", "", ""]);
}

#[test]
fn distinct_values_are_listed_with_counts_and_proposals() {
    let table = csv("4w.csv", "cluster\nFood\nfood\nShelter\nNA\nAstrology\n");
    let listed = distinct_values(&table, &propose_mapping(&table));
    let summary: Vec<(&str, usize, Option<ValueChoice>)> =
        listed.iter().map(|v| (v.raw.as_str(), v.count, v.proposal.clone())).collect();
    assert_eq!(
        summary,
        [
            ("Food", 2, Some(ValueChoice::one("#sector", "FSC"))),
            ("Astrology", 1, None),
            ("Shelter", 1, Some(ValueChoice::one("#sector", "SHL"))),
        ]
    );
}

#[test]
fn unmapped_values_are_errors_naming_file_row_column_value_and_accepted_values() {
    let table = csv("4w.csv", "title of the 4W\norg,status,families\nGOAL,maybe,12\nIRC,ongoing,many\n");
    let errors = apply(&table, &propose_mapping(&table)).unwrap_err().errors;
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 2);
    assert!(messages[0].starts_with("4w.csv, row 3, column “status”: “maybe” is not a known value; accepted: planned, ongoing, completed, suspended, cancelled."), "{}", messages[0]);
    assert!(
        messages[1].starts_with("4w.csv, row 4, column “families”: “many” is not a whole number"),
        "{}",
        messages[1]
    );

    let mut mapping = propose_mapping(&table);
    mapping.set_value("#status", "Maybe", ValueChoice::one("#status", "planned"));
    mapping.set_value("#targeted+hh", "many", ValueChoice::Missing);
    let (_, rows) = output(&table, &mapping);
    assert_eq!(rows, [["GOAL", "planned", "12"], ["IRC", "ongoing", ""]]);
}

#[test]
fn decimal_counts_are_rounded_half_up_with_a_warning() {
    let table = csv(
        "shares.csv",
        "org,families,women_18_60,num_payments\nGOAL,12,11.880000000000003,1\nIRC,7.5,2.49,0.6666667\n",
    );
    let mapped = apply(&table, &propose_mapping(&table)).unwrap();
    assert!(mapped.hxl_csv.ends_with("GOAL,12,12,1\nIRC,8,2,1\n"), "{}", mapped.hxl_csv);
    assert_eq!(mapped.row_lines, [2, 3]);
    let messages: Vec<&str> = mapped.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "shares.csv, row 2, column “women_18_60”: 11.880000000000003 was rounded to 12 (counts are whole numbers).",
            "shares.csv, row 3, column “families”: 7.5 was rounded to 8 (counts are whole numbers).",
            "shares.csv, row 3, column “women_18_60”: 2.49 was rounded to 2 (counts are whole numbers).",
            "shares.csv, row 3, column “num_payments”: 0.6666667 was rounded to 1 (counts are whole numbers).",
        ]
    );
    assert!(mapped.warnings.iter().all(|w| w.kind == WarningKind::RoundedCount));
}

#[test]
fn dates_follow_the_order_a_column_shows() {
    let table = csv("d.csv", "org,start date,end date\nA,25/03/2023,03/25/2023\nB,01/04/2023,04/01/2023\n");
    let mapped = apply(&table, &propose_mapping(&table)).unwrap();
    assert!(mapped.hxl_csv.ends_with("A,2023-03-25,2023-03-25\nB,2023-04-01,2023-04-01\n"), "{}", mapped.hxl_csv);
    assert!(mapped.warnings.is_empty());
    let unclear = csv("d.csv", "org,start\nA,01/04/2023\n");
    let mapped = apply(&unclear, &propose_mapping(&unclear)).unwrap();
    assert!(mapped.hxl_csv.ends_with("A,2023-04-01\n"));
    assert_eq!(mapped.warnings.len(), 1);
    assert_eq!(mapped.warnings[0].kind, WarningKind::AmbiguousDates);
}

#[test]
fn the_three_separators_read_alike() {
    let expected = csv("a.csv", "Org,Families,Value\nGOAL,12,\"150,5\"\n");
    for text in ["Org;Families;Value\nGOAL;12;150,5\n", "Org\tFamilies\tValue\nGOAL\t12\t150,5\n"] {
        let table = csv("a.csv", text);
        assert_eq!(table.headers, expected.headers);
        assert_eq!(table.rows, expected.rows);
    }
}

#[test]
fn utf8_bom_and_windows_1252_are_decoded() {
    let bom = read_table("bom.csv", b"\xEF\xBB\xBFcountry,families\nC\xC3\xB4te d'Ivoire,3\n", None).unwrap();
    assert_eq!(bom.headers, ["country", "families"]);
    assert_eq!(bom.rows[0].cells, ["Côte d'Ivoire", "3"]);
    let legacy = read_table("1252.csv", b"pays;m\xE9nages\nC\xF4te d'Ivoire;3\n", None).unwrap();
    assert_eq!(legacy.headers, ["pays", "ménages"]);
    assert_eq!(legacy.rows[0].cells, ["Côte d'Ivoire", "3"]);
}

fn partner_workbook() -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let notes = book.add_worksheet();
    notes.set_name("Read me").unwrap();
    notes.write_string(0, 0, "Fill in the 4W sheet").unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("4W March").unwrap();
    sheet.write_string(0, 0, "Cash 4W — March 2023").unwrap();
    sheet.write_string(1, 0, "Partner: GOAL").unwrap();
    for (col, header) in
        ["Partner", "Admin 2 Pcode", "Families", "Women", "Start", "Active", "Status"].iter().enumerate()
    {
        sheet.write_string(3, col as u16, *header).unwrap();
    }
    sheet.write_string(4, 0, "GOAL").unwrap();
    sheet.write_string(4, 1, "SY0203").unwrap();
    sheet.write_number(4, 2, 12.0).unwrap();
    sheet.write_number(4, 3, 11.880000000000003).unwrap();
    sheet.write_datetime_with_format(4, 4, ExcelDateTime::from_ymd(2023, 3, 1).unwrap(), &date).unwrap();
    sheet.write_boolean(4, 5, true).unwrap();
    sheet.write_formula(4, 6, rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!")).unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn xlsx_sheets_are_listed_and_read_below_their_title_rows() {
    let bytes = partner_workbook();
    assert_eq!(sheet_names("4w.xlsx", &bytes).unwrap(), ["Read me", "4W March"]);
    let table = read_table("4w.xlsx", &bytes, Some("4W March")).unwrap();
    assert_eq!(table.sheet.as_deref(), Some("4W March"));
    assert_eq!(table.header_row, 4);
    assert_eq!(table.headers, ["Partner", "Admin 2 Pcode", "Families", "Women", "Start", "Active", "Status"]);
    assert_eq!(table.rows.len(), 1);
    assert_eq!(table.rows[0].line, 5);
    assert_eq!(table.rows[0].cells, ["GOAL", "SY0203", "12", "11.88", "2023-03-01", "TRUE", ""]);
    let warnings: Vec<String> = table.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings, ["4w.xlsx, row 5, column “Status”: the cell holds the Excel error #DIV/0!; it was read as empty. Fix the formula in the sheet if the value matters."]);
    let missing = read_table("4w.xlsx", &bytes, Some("April")).unwrap_err();
    assert_eq!(missing.to_string(), "4w.xlsx: there is no sheet “April”. Choose one of: Read me, 4W March.");
    let garbage = read_table("4w.xlsx", b"PK\x03\x04 not really", None).unwrap_err();
    assert!(garbage.to_string().starts_with("4w.xlsx: could not be read as a spreadsheet"));
}

#[test]
fn written_xlsx_reads_back_with_headers_hashtags_and_typed_cells() {
    let sheets = [SheetData {
        name: "Activities".into(),
        columns: vec![
            ("Organisation".into(), "#org+prog".into()),
            ("Families".into(), "#targeted+hh".into()),
            ("Value".into(), "#value+transfer+hh".into()),
        ],
        rows: vec![
            vec![Cell::Text("GOAL".into()), Cell::Integer(12), Cell::Decimal(Amount::parse("117.5").unwrap())],
            vec![Cell::Text("Mercy-USA".into()), Cell::Empty, Cell::Decimal(Amount::parse("150").unwrap())],
        ],
        lists: Vec::new(),
    }];
    let bytes = write_xlsx(&sheets).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).unwrap();
    let range = book.worksheet_range("Activities").unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let text = |s: &str| Data::String(s.into());
    assert_eq!(rows[0], [text("Organisation"), text("Families"), text("Value")]);
    assert_eq!(rows[1], [text("#org+prog"), text("#targeted+hh"), text("#value+transfer+hh")]);
    assert_eq!(rows[2], [text("GOAL"), Data::Float(12.0), Data::Float(117.5)]);
    assert_eq!(rows[3], [text("Mercy-USA"), Data::Empty, Data::Float(150.0)]);
    // And the workbook goes back through the import with its hashtag row.
    let table = read_table("export.xlsx", &bytes, None).unwrap();
    assert_eq!(table.tags, ["#org+prog", "#targeted+hh", "#value+transfer+hh"]);
    assert_eq!(table.rows[0].cells, ["GOAL", "12", "117.5"]);
}

#[test]
fn personal_data_is_found_and_refused_unless_cleared() {
    let table = csv(
        "list.csv",
        "community,latitude_y,longitude_x,Beneficiary name,Contact,HH GPS latitude,reporting_organisation,families\n\
         Kelly,36.013896,36.641227,Amina A.,+963 944 111 222,36.0138961,Shafak Organization (SO),4\n\
         Toum,35.929008,36.789733,Omar B.,0944 111 223,35.9290082,Mercy-USA,5\n\
         Kelly,36.013896,36.641227,Sara C.,0944-111-224,36.0138963,Shafak Organization (SO),6\n",
    );
    let found = scan_pii(&table);
    let findings: Vec<(&str, PiiReason, usize)> =
        found.iter().map(|f| (f.header.as_str(), f.reason, f.sample_count)).collect();
    assert_eq!(
        findings,
        [
            ("Beneficiary name", PiiReason::PersonName, 3),
            ("Contact", PiiReason::PhoneNumber, 3),
            ("HH GPS latitude", PiiReason::HouseholdLocation, 3),
        ]
    );
    let mut mapping = propose_mapping(&table);
    assert_eq!(
        hashtags(&mapping),
        [
            Some("#adm4+name"),
            Some("#geo+lat"),
            Some("#geo+lon"),
            None,
            None,
            None,
            Some("#org+prog"),
            Some("#targeted+hh")
        ]
    );
    assert!(apply(&table, &mapping).is_ok());
    mapping.columns[3].hashtag = Some("#meta+name".into());
    let errors = apply(&table, &mapping).unwrap_err().errors;
    assert_eq!(errors.len(), 1);
    assert!(
        matches!(&errors[0], SheetError::PersonalData { header, reason: PiiReason::PersonName, .. } if header == "Beneficiary name")
    );
    assert!(errors[0].to_string().starts_with("list.csv, column “Beneficiary name”: it holds people's names"));
    mapping.columns[3].personal_data_ok = true;
    assert!(apply(&table, &mapping).is_ok());
}

#[test]
fn mapping_files_round_trip_and_refuse_what_they_cannot_read() {
    let table = csv("4w.csv", "cluster,restrictions\nMultipurpose - One time,Voucher - Unrestricted\n");
    let mut mapping = propose_mapping(&table);
    mapping.set_value("#sector", "n/a", ValueChoice::Missing);
    let text = write_mapping_file(&mapping);
    assert!(text.contains("\"type\": \"cashplan-mapping\""));
    assert_eq!(read_mapping_file("4w.mapping.json", &text).unwrap(), mapping);

    let newer = text.replace("\"version\": 1", "\"version\": 2");
    let err = read_mapping_file("new.mapping.json", &newer).unwrap_err();
    assert!(matches!(err, MappingFileError::TooNew { version: 2, supported: 1, .. }));
    assert!(err.to_string().starts_with("new.mapping.json: made by a newer cashplan"));
    assert!(matches!(
        read_mapping_file("p.json", r#"{"type":"cashplan","version":1}"#),
        Err(MappingFileError::NotAMapping { .. })
    ));
    assert!(matches!(read_mapping_file("p.json", &text[..text.len() / 2]), Err(MappingFileError::BadJson { .. })));
    assert!(matches!(
        read_mapping_file("p.json", r#"{"type":"cashplan-mapping","version":"one"}"#),
        Err(MappingFileError::BadVersion { .. })
    ));
}

#[test]
fn a_mapping_for_other_headers_is_refused() {
    let march = csv("march.csv", "org,families\nGOAL,1\n");
    let april = csv("april.csv", "org,households\nGOAL,1\n");
    let mapping = propose_mapping(&march);
    assert_ne!(mapping.header_key, propose_mapping(&april).header_key);
    let errors = apply(&april, &mapping).unwrap_err().errors;
    assert_eq!(errors[0].to_string(), "april.csv: the column mapping was made for other headers (column 2 is “households” in the sheet but “families” in the mapping). Review the mapping for this file before importing.");
}

// --- The real Northwest Syria Cash Working Group 4W (2023) ---------------------------------

const REAL_FILE: &str = "nws-cwg-4w-2023.csv";

/// `../shared` beside the project; a worktree one level deeper finds it at `../../shared`.
fn real_4w() -> Option<RawTable> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates =
        [root.join("../shared/data/real").join(REAL_FILE), root.join("../../shared/data/real").join(REAL_FILE)];
    let Some(path) = candidates.iter().find(|p| p.exists()) else {
        eprintln!("\n!!! SKIPPED: {REAL_FILE} not found at ../shared/data/real beside the project !!!\n");
        return None;
    };
    Some(read_table(REAL_FILE, &std::fs::read(path).unwrap(), None).unwrap())
}

fn shipped_mapping() -> ColumnMapping {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sheets/nws-cwg-4w.mapping.json"))
            .unwrap();
    read_mapping_file("nws-cwg-4w.mapping.json", &text).unwrap()
}

#[test]
fn real_4w_shipped_mapping_is_the_proposal_plus_reviewed_choices() {
    let Some(table) = real_4w() else { return };
    assert_eq!((table.rows.len(), table.headers.len(), table.header_row), (565, 56, 1));
    assert!(scan_pii(&table).is_empty(), "community coordinates and organisation names are not personal");
    let mut proposed = propose_mapping(&table);
    // Reviewed: reporting_organisation is NA on 249 rows; the organisation's abbreviation
    // fills it. The 8 start dates 0016-01-20 are 16/01/(20)23 mistyped (activity month 2023-01).
    proposed.columns[52].hashtag = Some("#org+prog".into());
    proposed.set_value("#date+start", "0016-01-20", ValueChoice::one("#date+start", "2023-01-16"));
    // The shipped mapping predates the reporting month field (tests/sheet_sites.rs maps it).
    assert_eq!(proposed.columns[51].header, "month_of_activity");
    proposed.columns[51].hashtag = None;
    assert_eq!(proposed, shipped_mapping());
}

#[test]
fn real_4w_proposal_leaves_exactly_the_mistyped_dates_unmapped() {
    let Some(table) = real_4w() else { return };
    let errors = apply(&table, &propose_mapping(&table)).unwrap_err().errors;
    let unmapped: Vec<(usize, &str, &str)> = errors
        .iter()
        .map(|e| match e {
            SheetError::UnmappedValue { line, column, value, .. } => (*line, column.as_str(), value.as_str()),
            other => panic!("unexpected {other}"),
        })
        .collect();
    let expected: Vec<(usize, &str, &str)> = (544..=551).map(|line| (line, "start_date", "0016-01-20")).collect();
    assert_eq!(unmapped, expected);
}

#[test]
fn real_4w_applies_with_exact_counts() {
    let Some(table) = real_4w() else { return };
    let mapped = apply(&table, &shipped_mapping()).unwrap();
    let mut by_kind: BTreeMap<WarningKind, usize> = BTreeMap::new();
    for w in &mapped.warnings {
        *by_kind.entry(w.kind).or_default() += 1;
    }
    // Independently counted: decimal cells in men (67), women (69), boys (68), girls (57),
    // elderly women (1) and num_payments (3); cash and voucher mechanisms both filled and
    // different on 63 rows; reporting organisation and abbreviation differing on 12 rows.
    assert_eq!(by_kind, BTreeMap::from([(WarningKind::RoundedCount, 265), (WarningKind::ConflictingValues, 75)]));
    assert_eq!(mapped.row_lines.len(), 565);
    assert_eq!(mapped.row_lines.first(), Some(&2));
    assert_eq!(mapped.row_lines.last(), Some(&566));

    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(mapped.hxl_csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let tags = &rows[1];
    let data = &rows[2..];
    assert_eq!(data.len(), 565);
    let column = |tag: &str| tags.iter().position(|t| t == tag).unwrap_or_else(|| panic!("no {tag}"));
    let total = |tag: &str| data.iter().map(|r| r[column(tag)].parse::<u64>().unwrap_or(0)).sum::<u64>();
    let filled = |tag: &str| data.iter().filter(|r| !r[column(tag)].is_empty()).count();
    let count_of = |tag: &str, value: &str| data.iter().filter(|r| &r[column(tag)] == value).count();
    // Totals after half-up rounding, computed independently from the decimal text.
    assert_eq!(total("#targeted"), 348_959);
    assert_eq!(total("#targeted+m+adults"), 58_505);
    assert_eq!(filled("#org+prog"), 565);
    assert_eq!(filled("#sector"), 565 - 51);
    assert_eq!((count_of("#frequency", "one-off"), count_of("#frequency", "monthly")), (495, 19));
    assert_eq!((count_of("#modality", "cash"), count_of("#modality", "voucher")), (472, 68));
    assert_eq!((count_of("#currency", "USD"), count_of("#currency", "TRY"), filled("#currency")), (532, 8, 540));
    assert_eq!(count_of("#date+start", "2023-01-16"), 8);
    assert_eq!(filled("#adm4+code"), 563);
    assert!(data.iter().all(|r| r[column("#adm1+code")].starts_with("SY0")));
}
