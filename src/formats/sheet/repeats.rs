//! OpenDocument sheets say "this row 1,000,000 times" and "this cell 16,384 times" in a few
//! bytes, and calamine expands every sheet into a full grid of cells when the file is opened.
//! Here the cells each sheet expands to are counted first, the way calamine counts them:
//! empty cells after the last filled one and empty rows after the last filled row cost
//! nothing (LibreOffice writes a million of those in every file), the rest are cells.

use super::limits::{MAX_COLUMNS, MAX_EXPANDED_CELLS, MAX_ROWS};
use super::read::ReadError;
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor, Read};

/// The cells one sheet expands to, counted row by row.
#[derive(Default)]
struct Sheet {
    name: String,
    /// Rows from the first filled row to the last filled one so far, repeats included.
    span: u64,
    /// Empty rows (repeats included) since the last filled row: counted once a filled row
    /// follows, since calamine keeps the empty rows between filled ones.
    empty_run: u64,
    started: bool,
    /// The widest filled row: columns up to its last filled cell.
    width: u64,
    /// Cells calamine keeps before expanding: each row element's cells up to its last
    /// filled one, repeated cells included.
    kept: u64,
}

impl Sheet {
    fn row(&mut self, repeats: u64, width: u64) {
        self.kept = self.kept.saturating_add(width);
        if width == 0 {
            self.empty_run = self.empty_run.saturating_add(repeats);
            return;
        }
        if self.started {
            self.span = self.span.saturating_add(self.empty_run);
        }
        self.started = true;
        self.empty_run = 0;
        self.span = self.span.saturating_add(repeats).min(MAX_ROWS as u64);
        self.width = self.width.max(width);
    }

    fn cells(&self) -> u64 {
        self.span.saturating_mul(self.width).max(self.kept)
    }
}

fn attribute(element: &BytesStart, name: &[u8]) -> Option<String> {
    let found = element.attributes().flatten().find(|a| a.key.as_ref() == name)?;
    Some(String::from_utf8_lossy(&found.value).into_owned())
}

fn repeats(element: &BytesStart, name: &[u8]) -> u64 {
    attribute(element, name).and_then(|v| v.trim().parse::<u64>().ok()).unwrap_or(1)
}

/// A cell that calamine reads as something: a value, a formula, or content.
fn filled(element: &BytesStart, has_content: bool) -> bool {
    has_content
        || element
            .attributes()
            .flatten()
            .any(|a| matches!(a.key.as_ref(), b"office:value-type" | b"table:formula" | b"calcext:value-type"))
}

/// Refuses an .ods whose sheets expand to more cells than the limit, before calamine opens it.
pub fn check(file: &str, bytes: &[u8]) -> Result<(), ReadError> {
    let unreadable = |detail: String| ReadError::Unreadable { file: file.to_string(), detail };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let Ok(content) = archive.by_name("content.xml") else { return Ok(()) };
    let sheets = count(BufReader::new(content)).map_err(unreadable)?;
    let total = sheets.iter().map(Sheet::cells).fold(0_u64, u64::saturating_add);
    if total <= MAX_EXPANDED_CELLS as u64 {
        return Ok(());
    }
    let largest = sheets.iter().max_by_key(|s| s.cells());
    Err(ReadError::RepeatedCells { file: file.to_string(), sheet: largest.map(|s| s.name.clone()), found: total })
}

fn count<R: Read>(content: BufReader<R>) -> Result<Vec<Sheet>, String> {
    let mut reader = quick_xml::Reader::from_reader(content);
    let mut buffer = Vec::new();
    let mut sheets: Vec<Sheet> = Vec::new();
    // The current row: its repeats, the columns so far, and the columns up to its last
    // filled cell (capped as calamine caps them).
    let mut row: Option<(u64, u64, u64)> = None;
    let mut open_cell: Option<(u64, bool)> = None;
    loop {
        let event = reader.read_event_into(&mut buffer).map_err(|e| format!("content.xml: {e}"))?;
        match event {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == b"table:table" => {
                let name = attribute(&e, b"table:name").unwrap_or_default();
                sheets.push(Sheet { name, ..Sheet::default() });
            }
            Event::Start(e) if e.name().as_ref() == b"table:table-row" => {
                row = Some((repeats(&e, b"table:number-rows-repeated"), 0, 0));
            }
            Event::End(e) if e.name().as_ref() == b"table:table-row" => {
                if let (Some((repeated, _, width)), Some(sheet)) = (row.take(), sheets.last_mut()) {
                    sheet.row(repeated, width);
                }
            }
            Event::Empty(e) if is_cell(&e) => add_cell(&mut row, repeats(&e, COLUMNS), filled(&e, false)),
            Event::Start(e) if is_cell(&e) => open_cell = Some((repeats(&e, COLUMNS), filled(&e, false))),
            Event::End(e) if is_cell_name(e.name().as_ref()) => {
                if let Some((repeated, filled)) = open_cell.take() {
                    add_cell(&mut row, repeated, filled);
                }
            }
            // Any content inside a cell (a paragraph, a text) makes it filled.
            Event::Start(_) | Event::Empty(_) | Event::Text(_) => {
                if let Some((_, filled)) = open_cell.as_mut() {
                    *filled = true;
                }
            }
            _ => {}
        }
        buffer.clear();
    }
    Ok(sheets)
}

const COLUMNS: &[u8] = b"table:number-columns-repeated";

fn is_cell_name(name: &[u8]) -> bool {
    name == b"table:table-cell" || name == b"table:covered-table-cell"
}

fn is_cell(element: &BytesStart) -> bool {
    is_cell_name(element.name().as_ref())
}

fn add_cell(row: &mut Option<(u64, u64, u64)>, repeated: u64, filled: bool) {
    let Some((_, columns, width)) = row.as_mut() else { return };
    *columns = columns.saturating_add(repeated).min(MAX_COLUMNS as u64);
    if filled {
        *width = *columns;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(xml: &str) -> u64 {
        count(BufReader::new(xml.as_bytes())).unwrap().iter().map(Sheet::cells).sum()
    }

    #[test]
    fn trailing_empty_rows_and_cells_cost_nothing() {
        let libreoffice = r#"<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p>Org</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1023"/></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#;
        assert_eq!(cells(libreoffice), 1);
    }

    #[test]
    fn repeated_filled_rows_and_cells_are_counted_expanded() {
        let hostile = r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        assert_eq!(cells(hostile), 1_000_000 * 16_384);
        let gap = r#"<table:table table:name="S"><table:table-row><table:table-cell><text:p>a</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="99"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="3"/><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row></table:table>"#;
        assert_eq!(cells(gap), 101 * 4, "empty rows between filled ones are kept");
    }
}
