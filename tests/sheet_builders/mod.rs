//! Test-only builders of small workbooks (xlsx, xlsb, ods) from their parts, so tests can
//! make both ordinary files and hostile ones (far cells, huge repeats, long strings, broken
//! XML) without committing binaries or depending on an office suite.
#![allow(dead_code)]

use std::io::Write;

/// A zip of the given parts, deflated (the first stored, as OpenDocument wants its mimetype).
pub fn zip_of(parts: &[(&str, Vec<u8>)], first_stored: bool) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (i, (name, bytes)) in parts.iter().enumerate() {
        let method =
            if i == 0 && first_stored { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// 0-based column → letters.
pub fn letters(mut column: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

/// An xlsx of one sheet named `name` whose `<sheetData>` (and any elements before it) is
/// `sheet_xml`, with an optional shared-strings part.
pub fn xlsx_raw(name: &str, sheet_xml: &str, shared_strings: Option<&str>) -> Vec<u8> {
    let mut parts = vec![
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_vec(),
        ),
        (
            "_rels/.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec(),
        ),
        (
            "xl/workbook.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{}" sheetId="1" r:id="rId1"/></sheets></workbook>"#, escape(name)).into_bytes(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#.to_vec(),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{sheet_xml}</worksheet>"#).into_bytes(),
        ),
    ];
    if let Some(strings) = shared_strings {
        parts.push(("xl/sharedStrings.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{strings}</sst>"#).into_bytes()));
    }
    zip_of(&parts, false)
}

/// The `<sheetData>` of cells given as (0-based row, 0-based column, text), inline strings.
pub fn sheet_data(cells: &[(usize, usize, &str)]) -> String {
    let mut xml = String::from("<sheetData>");
    let mut row = None;
    for (r, c, text) in cells {
        if row != Some(*r) {
            if row.is_some() {
                xml.push_str("</row>");
            }
            xml.push_str(&format!(r#"<row r="{}">"#, r + 1));
            row = Some(*r);
        }
        xml.push_str(&format!(r#"<c r="{}{}" t="inlineStr"><is><t>{}</t></is></c>"#, letters(*c), r + 1, escape(text)));
    }
    if row.is_some() {
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData>");
    xml
}

/// An OpenDocument spreadsheet of one sheet whose `<table:table>` body is `rows_xml`.
pub fn ods_raw(name: &str, rows_xml: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="{}">{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>"#,
        escape(name)
    );
    let manifest = br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_of(
        &[
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet".to_vec()),
            ("content.xml", content.into_bytes()),
            ("META-INF/manifest.xml", manifest.to_vec()),
        ],
        true,
    )
}

/// Rows of text cells as OpenDocument table rows.
pub fn ods_rows(rows: &[Vec<&str>]) -> String {
    rows.iter()
        .map(|row| {
            let cells: String = row
                .iter()
                .map(|text| {
                    if text.is_empty() {
                        "<table:table-cell/>".to_string()
                    } else {
                        format!(
                            r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
                            escape(text)
                        )
                    }
                })
                .collect();
            format!("<table:table-row>{cells}</table:table-row>")
        })
        .collect()
}

/// An xlsb record: a type and a size as variable-length integers, then the data.
fn record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    if kind < 0x80 {
        out.push(kind as u8);
    } else {
        out.push((kind & 0x7F) as u8 | 0x80);
        out.push((kind >> 7) as u8);
    }
    let mut size = data.len();
    loop {
        let byte = (size & 0x7F) as u8;
        size >>= 7;
        if size == 0 {
            out.push(byte);
            break;
        }
        out.push(byte | 0x80);
    }
    out.extend_from_slice(data);
    out
}

fn wide(text: &str) -> Vec<u8> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut out = (units.len() as u32).to_le_bytes().to_vec();
    for unit in units {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

/// An Excel binary workbook (xlsb) of one sheet of text cells.
pub fn xlsb(name: &str, rows: &[Vec<&str>]) -> Vec<u8> {
    let (book, sheet) = xlsb_parts(name, rows);
    xlsb_raw(book, sheet)
}

/// An xlsb from its workbook and sheet records, as they are (to break them on purpose).
pub fn xlsb_raw(book: Vec<u8>, sheet: Vec<u8>) -> Vec<u8> {
    let rels = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>"#;
    zip_of(
        &[
            ("xl/workbook.bin", book),
            ("xl/_rels/workbook.bin.rels", rels.to_vec()),
            ("xl/worksheets/sheet1.bin", sheet),
        ],
        false,
    )
}

/// The workbook and sheet records of an xlsb of one sheet of text cells.
pub fn xlsb_parts(name: &str, rows: &[Vec<&str>]) -> (Vec<u8>, Vec<u8>) {
    let mut book = record(0x0083, &[]);
    book.extend(record(0x008F, &[]));
    let mut sheet = 0_u32.to_le_bytes().to_vec();
    sheet.extend(1_u32.to_le_bytes());
    sheet.extend(wide("rId1"));
    sheet.extend(wide(name));
    book.extend(record(0x009C, &sheet));
    book.extend(record(0x0090, &[]));
    book.extend(record(0x0084, &[]));
    let width = rows.iter().map(Vec::len).max().unwrap_or(1) as u32;
    let mut cells = record(0x0081, &[]);
    let mut dimension = 0_u32.to_le_bytes().to_vec();
    for value in [rows.len() as u32 - 1, 0, width - 1] {
        dimension.extend(value.to_le_bytes());
    }
    cells.extend(record(0x0094, &dimension));
    cells.extend(record(0x0091, &[]));
    for (r, row) in rows.iter().enumerate() {
        let mut header = (r as u32).to_le_bytes().to_vec();
        header.extend([0_u8; 13]);
        cells.extend(record(0x0000, &header));
        for (c, text) in row.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
            let mut cell = (c as u32).to_le_bytes().to_vec();
            cell.extend(0_u32.to_le_bytes());
            cell.extend(wide(text));
            cells.extend(record(0x0006, &cell));
        }
    }
    cells.extend(record(0x0092, &[]));
    cells.extend(record(0x0082, &[]));
    (book, cells)
}

/// The partner 5W of tests/fixtures/sheets/partner-5w.xls, as rows of text.
pub fn partner_rows() -> Vec<Vec<&'static str>> {
    vec![
        vec!["Partner 5W — March 2023"],
        vec![],
        vec![
            "Partner",
            "Cluster",
            "Admin1 Pcode",
            "Governorate",
            "Admin2 Pcode",
            "District",
            "Beneficiaries",
            "Persons served",
            "Status",
            "Start date",
        ],
        vec![
            "NGO A",
            "Food Security",
            "SY02",
            "Aleppo",
            "SY0200",
            "Jebel Saman",
            "600",
            "300",
            "Ongoing",
            "2023-03-01",
        ],
        vec![
            "NGO B",
            "Food Security",
            "SY02",
            "Aleppo",
            "SY0200",
            "Jebel Saman",
            "400",
            "200",
            "Completed",
            "2023-03-15",
        ],
        vec!["NGO A", "Multipurpose cash", "SY07", "Idleb", "SY0700", "Idleb", "150", "0", "Planned", "2023-04-01"],
    ]
}

/// The partner 5W as an xlsx, xlsb or ods, by extension; csv as text.
pub fn partner(extension: &str) -> Vec<u8> {
    let rows = partner_rows();
    match extension {
        "xlsx" => {
            let cells: Vec<(usize, usize, &str)> = rows
                .iter()
                .enumerate()
                .flat_map(|(r, row)| {
                    row.iter().enumerate().filter(|(_, t)| !t.is_empty()).map(move |(c, t)| (r, c, *t))
                })
                .collect();
            xlsx_raw("5W March", &sheet_data(&cells), None)
        }
        "xlsb" => xlsb("5W March", &rows),
        "ods" => ods_raw("5W March", &ods_rows(&rows)),
        _ => rows.iter().map(|r| r.join(",") + "\n").collect::<String>().into_bytes(),
    }
}
