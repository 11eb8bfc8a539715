//! Every reader on random and broken input: random bytes under every name, random CSV shapes
//! (ragged rows, wide headers, quotes, NULs, BOMs, mixed encodings), and workbooks with broken
//! or hostile parts (far cells, huge dimensions, overflowing row numbers, repeated rows,
//! long strings, bytes flipped in real files). Each must give a table or an error, never a
//! panic, and never take more memory than the limits allow: this test binary counts what
//! each thread allocates, and a reading may not hold more than 1 GB at once nor ask for
//! more than 512 MB in one piece.

mod sheet_builders;

use cashplan::formats::sheet::{read_table, sheet_names, MAX_CELLS, MAX_CELL_CHARS};
use proptest::prelude::*;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static HELD: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is passed to the system allocator unchanged; the counters are plain
// thread-local cells without destructors, so they never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note_alloc(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let _ = HELD.try_with(|h| h.set(h.get().saturating_sub(layout.size())));
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = HELD.try_with(|h| h.set(h.get().saturating_sub(layout.size())));
        note_alloc(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

fn note_alloc(size: usize) {
    let _ = LARGEST.try_with(|l| l.set(l.get().max(size)));
    let _ = HELD.try_with(|h| {
        h.set(h.get().saturating_add(size));
        let _ = PEAK.try_with(|p| p.set(p.get().max(h.get())));
    });
}

#[global_allocator]
static COUNTING: Counting = Counting;

const MAX_HELD: usize = 1 << 30;
const MAX_PIECE: usize = 512 << 20;

/// Reads the bytes under a name with every reader entry point, checking the result's bounds
/// and the memory taken.
fn read_within_bounds(name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let base = HELD.with(Cell::get);
    PEAK.with(|p| p.set(base));
    LARGEST.with(|l| l.set(0));
    let _ = sheet_names(name, bytes);
    if let Ok(table) = read_table(name, bytes, None) {
        prop_assert!(table.rows.len().saturating_mul(table.headers.len()) <= MAX_CELLS);
        for row in &table.rows {
            prop_assert_eq!(row.cells.len(), table.headers.len());
            prop_assert!(row.cells.iter().all(|c| c.chars().count() <= MAX_CELL_CHARS));
        }
    }
    let (peak, largest) = (PEAK.with(Cell::get) - base, LARGEST.with(Cell::get));
    prop_assert!(peak <= MAX_HELD, "{name}: held {peak} bytes at once");
    prop_assert!(largest <= MAX_PIECE, "{name}: asked for {largest} bytes in one piece");
    Ok(())
}

const NAMES: [&str; 6] = ["f.csv", "f.xlsx", "f.xlsb", "f.xls", "f.ods", "f.txt"];

fn csv_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,8}",
        Just(String::new()),
        Just("\"".to_string()),
        Just("\"a,b\"".to_string()),
        Just("\u{0}".to_string()),
        Just("\u{feff}".to_string()),
        Just("Côte d'Ivoire".to_string()),
        Just("حلب".to_string()),
        Just("#adm1+code".to_string()),
        Just("12.5".to_string()),
    ]
}

/// A CSV of ragged rows, sometimes under a very wide header, in one of several encodings.
fn csv_shape() -> impl Strategy<Value = Vec<u8>> {
    let rows = prop::collection::vec(prop::collection::vec(csv_cell(), 0..12), 0..40);
    (rows, 0_usize..3, prop_oneof![Just(","), Just(";"), Just("\t")], 0_usize..4).prop_map(
        |(rows, wide, separator, encoding)| {
            let mut text = String::new();
            if wide > 0 {
                let header: Vec<String> = (0..wide * 9_000).map(|i| format!("h{i}")).collect();
                text.push_str(&header.join(separator));
                text.push('\n');
            }
            for row in rows {
                text.push_str(&row.join(separator));
                text.push_str(if encoding == 3 { "\r\n" } else { "\n" });
            }
            match encoding {
                0 => text.into_bytes(),
                1 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
                2 => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
                _ => text.chars().map(|c| if c.is_ascii() { c as u8 } else { 0xE9 }).collect(),
            }
        },
    )
}

/// Sheet XML pieces, ordinary and hostile.
fn sheet_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        (0_u64..30, 0_usize..30, "[a-z]{0,5}").prop_map(|(r, c, t)| format!(
            r#"<row r="{}"><c r="{}{}" t="inlineStr"><is><t>{t}</t></is></c></row>"#,
            r + 1,
            sheet_builders::letters(c),
            r + 1
        )),
        Just(r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#.to_string()),
        Just(r#"<row r="4294967296"><c r="A4294967297"><v>1</v></c></row>"#.to_string()),
        Just(r#"<row r="99999999999999999999"><c r="ZZZZZZZZ1"><v>1</v></c></row>"#.to_string()),
        Just(r#"<row><c><v>2</v></c><c t="s"><v>99</v></c><c t="b"><v>1</v></c></row>"#.to_string()),
        Just(r#"<row r="0"><c r="A0"><v>1</v></c></row>"#.to_string()),
        Just("<row r=\"2\"><c r=\"B2\" t=\"e\"><v>#DIV/0!</v></c>".to_string()),
        Just("<![CDATA[<<<>>>]]><!-- <row> -->".to_string()),
        Just("</sheetData><sheetData>".to_string()),
        Just("<dimension ref=\"A1:XFD1048576\"/>".to_string()),
        Just("<c r=\"A1\"><v>1e309</v></c>".to_string()),
    ]
}

/// OpenDocument rows, ordinary and hostile.
fn ods_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,6}".prop_map(|t| format!(r#"<table:table-row><table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell></table:table-row>"#)),
        (1_u64..5_000_000, 1_u64..20_000).prop_map(|(rows, columns)| format!(r#"<table:table-row table:number-rows-repeated="{rows}"><table:table-cell table:number-columns-repeated="{columns}" office:value-type="float" office:value="1"/></table:table-row>"#)),
        (1_u64..2_000_000).prop_map(|rows| format!(r#"<table:table-row table:number-rows-repeated="{rows}"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#)),
        Just(r#"<table:table-row table:number-rows-repeated="-1"><table:table-cell/></table:table-row>"#.to_string()),
        Just(r#"<table:table-row><table:table-cell table:number-columns-repeated="99999999999999999999"><text:p>x</text:p></table:table-cell></table:table-row>"#.to_string()),
        Just("<table:table-row><table:table-cell>".to_string()),
    ]
}

/// A real file with some bytes changed.
fn flipped(original: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = original.len();
    prop::collection::vec((0..len, any::<u8>()), 1..8).prop_map(move |flips| {
        let mut bytes = original.clone();
        for (at, value) in flips {
            bytes[at] = value;
        }
        bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_under_any_name(bytes in prop::collection::vec(any::<u8>(), 0..2048), name in 0..NAMES.len()) {
        read_within_bounds(NAMES[name], &bytes)?;
        let mut zipped = b"PK\x03\x04".to_vec();
        zipped.extend(&bytes);
        read_within_bounds(NAMES[name], &zipped)?;
        let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
        ole.extend(&bytes);
        read_within_bounds("f.xls", &ole)?;
    }

    #[test]
    fn random_csv_shapes(bytes in csv_shape()) {
        read_within_bounds("f.csv", &bytes)?;
    }

    #[test]
    fn xlsx_with_broken_or_hostile_sheets(pieces in prop::collection::vec(sheet_piece(), 0..8), strings in "[a-z<>&]{0,40}") {
        let sheet = format!("<sheetData>{}</sheetData>", pieces.concat());
        let shared = format!("<si><t>{strings}</t></si>");
        read_within_bounds("f.xlsx", &sheet_builders::xlsx_raw("S", &sheet, Some(&shared)))?;
        read_within_bounds("f.xlsx", &sheet_builders::xlsx_raw("S", &pieces.concat(), None))?;
    }

    #[test]
    fn ods_with_broken_or_hostile_rows(pieces in prop::collection::vec(ods_piece(), 0..6)) {
        read_within_bounds("f.ods", &sheet_builders::ods_raw("S", &pieces.concat()))?;
    }

    #[test]
    fn real_workbooks_with_bytes_changed(bytes in flipped(sheet_builders::partner("xlsx")), ods in flipped(sheet_builders::partner("ods"))) {
        read_within_bounds("f.xlsx", &bytes)?;
        read_within_bounds("f.ods", &ods)?;
    }

    #[test]
    fn xlsb_with_its_records_changed(
        book in flipped(sheet_builders::xlsb_parts("S", &sheet_builders::partner_rows()).0),
        sheet in flipped(sheet_builders::xlsb_parts("S", &sheet_builders::partner_rows()).1),
    ) {
        let (good_book, good_sheet) = sheet_builders::xlsb_parts("S", &sheet_builders::partner_rows());
        read_within_bounds("f.xlsb", &sheet_builders::xlsb_raw(book, good_sheet))?;
        read_within_bounds("f.xlsb", &sheet_builders::xlsb_raw(good_book, sheet))?;
    }

    #[test]
    fn xls_with_its_tables_changed(bytes in flipped(std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sheets/partner-5w.xls")).unwrap())) {
        read_within_bounds("f.xls", &bytes)?;
    }
}
