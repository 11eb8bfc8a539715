//! CSV and tab-separated text: the encoding (UTF-8, UTF-16, Windows-1252) and the separator.
//!
//! Excel saves CSV in the computer's local code page and with `;` where the decimal mark is
//! a comma, so neither can be assumed.

use super::limits::{MAX_CELLS, MAX_CELL_CHARS, MAX_COLUMNS};
use super::read::{Grid, ReadError};
use super::sniff::is_utf16;
use super::{column_letter, place};

/// Text from bytes: UTF-8 (with or without BOM), UTF-16 (with BOM, or told by its zero high
/// bytes), else Windows-1252, which also covers Latin-1 for every printable character.
pub fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    match is_utf16(bytes) {
        Some(true) => return encoding_rs::UTF_16LE.decode_with_bom_removal(bytes).0.into_owned(),
        Some(false) => return encoding_rs::UTF_16BE.decode_with_bom_removal(bytes).0.into_owned(),
        None => {}
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

const SEPARATORS: [u8; 3] = [b',', b';', b'\t'];
const SNIFF_LINES: usize = 30;

/// The separator that splits the first lines most consistently: the one whose most common
/// count per line is shared by the most lines (title rows and decimal commas vary, a real
/// separator does not). Ties go to the larger count, then to `,`.
pub fn sniff_separator(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(SNIFF_LINES).collect();
    let mut best = (b',', 0_usize, 0_usize);
    for sep in SEPARATORS {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, sep)).collect();
        let Some((modal, lines_agreeing)) = modal_count(&counts) else { continue };
        if (lines_agreeing, modal) > (best.1, best.2) {
            best = (sep, lines_agreeing, modal);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, sep: u8) -> usize {
    let mut quoted = false;
    let mut count = 0;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == sep && !quoted {
            count += 1;
        }
    }
    count
}

/// The most common non-zero count and how many lines have it.
fn modal_count(counts: &[usize]) -> Option<(usize, usize)> {
    let mut tally: Vec<(usize, usize)> = Vec::new();
    for &c in counts.iter().filter(|&&c| c > 0) {
        match tally.iter_mut().find(|(value, _)| *value == c) {
            Some((_, n)) => *n += 1,
            None => tally.push((c, 1)),
        }
    }
    tally.into_iter().max_by_key(|&(value, n)| (n, value))
}

fn too_long(file: &str, line: usize, column: usize, chars: usize) -> ReadError {
    ReadError::CellTooLong {
        place: place(file, Some(line), Some(&column_letter(column))),
        chars,
        hint: " An unclosed quotation mark (\") makes the rest of the file one cell: close it, or save the sheet again as CSV.",
    }
}

/// Whether the text may hold more cells than the limit: every cell but a line's last ends
/// at a separator, so separators and line ends bound the cells (quoted ones count too, so
/// this only decides whether to count exactly).
fn may_be_too_large(text: &str, separator: u8) -> bool {
    let ends = text.bytes().filter(|&b| b == separator || b == b'\n').count();
    ends >= MAX_CELLS
}

/// Counts the cells of delimited text without keeping them, so that a file with too many
/// columns or cells, or one cell swallowing the rest of the file, is refused before its
/// cells take any memory.
fn measure(file: &str, text: &str, separator: u8) -> Result<(), ReadError> {
    let mut reader = csv_core::ReaderBuilder::new().delimiter(separator).build();
    let mut input = text.as_bytes();
    let mut output = [0_u8; 4096];
    let (mut line, mut record_line) = (1_usize, 1_usize);
    let (mut chars, mut in_record, mut total) = (0_usize, 0_usize, 0_usize);
    loop {
        let (result, read, written) = reader.read_field(input, &mut output);
        let consumed = input.get(..read).unwrap_or_default();
        line += consumed.iter().filter(|&&b| b == b'\n').count();
        input = input.get(read..).unwrap_or_default();
        // Characters, not bytes: continuation bytes of UTF-8 do not start one.
        chars += output.get(..written).unwrap_or_default().iter().filter(|&&b| b & 0xC0 != 0x80).count();
        match result {
            csv_core::ReadFieldResult::InputEmpty | csv_core::ReadFieldResult::OutputFull => {}
            csv_core::ReadFieldResult::Field { record_end } => {
                if chars > MAX_CELL_CHARS {
                    return Err(too_long(file, record_line, in_record, chars));
                }
                chars = 0;
                in_record += 1;
                total += 1;
                if in_record > MAX_COLUMNS {
                    return Err(ReadError::TooManyColumns { file: file.to_string(), sheet: None, row: record_line });
                }
                if total > MAX_CELLS {
                    return Err(ReadError::TooManyFilledCells { file: file.to_string(), sheet: None });
                }
                if record_end {
                    in_record = 0;
                    record_line = line;
                }
            }
            csv_core::ReadFieldResult::End => return Ok(()),
        }
    }
}

/// Splits delimited text into rows of filled cells (with their column) and the line each
/// row starts on; rows get a cell per header later.
pub fn parse_delimited(file: &str, text: &str) -> Result<Grid, ReadError> {
    let separator = sniff_separator(text);
    // Counting exactly takes a second pass; only a file that may be too large needs it,
    // and the columns and long cells of the others are checked as they are read.
    if may_be_too_large(text, separator) {
        measure(file, text, separator)?;
    }
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(separator).from_reader(text.as_bytes());
    let mut grid = Grid::default();
    // The csv crate's positions point before the blank lines it skips, so count newlines
    // up to each record's first byte instead.
    let mut counted = (0_usize, 1_usize);
    for record in reader.records() {
        let record = record.map_err(|e| ReadError::Unreadable {
            file: file.to_string(),
            detail: match e.position() {
                Some(p) => format!("line {}: {e}", p.line()),
                None => e.to_string(),
            },
        })?;
        let mut offset = record.position().map_or(counted.0, |p| p.byte() as usize);
        while text.as_bytes().get(offset).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            offset += 1;
        }
        let newlines = text.as_bytes().get(counted.0..offset).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
        counted = (offset, counted.1 + newlines);
        let line = counted.1;
        if record.len() > MAX_COLUMNS {
            return Err(ReadError::TooManyColumns { file: file.to_string(), sheet: None, row: line });
        }
        let mut cells = Vec::with_capacity(record.len());
        for (i, cell) in record.iter().map(str::trim).enumerate().filter(|(_, c)| !c.is_empty()) {
            if cell.len() > MAX_CELL_CHARS && cell.chars().count() > MAX_CELL_CHARS {
                return Err(too_long(file, line, i, cell.chars().count()));
            }
            cells.push((i, cell.to_string()));
        }
        grid.rows.push((line, cells));
    }
    Ok(grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_each_separator() {
        assert_eq!(sniff_separator("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_separator("a;b;c\n1;2,5;3\n4;5,5;6\n"), b';');
        assert_eq!(sniff_separator("a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(sniff_separator("\"x, y\";b\n\"1,2,3\";4\n"), b';');
    }

    #[test]
    fn decodes_utf8_bom_utf16_and_windows_1252() {
        assert_eq!(decode(b"\xEF\xBB\xBFa,b"), "a,b");
        assert_eq!(decode(b"C\xF4te d'Ivoire"), "Côte d'Ivoire");
        assert_eq!(decode(b"\x80 5"), "€ 5");
        assert_eq!(decode(b"\xFF\xFEa\x00\t\x00b\x00"), "a\tb");
        assert_eq!(decode("Côte".as_bytes()), "Côte");
    }

    #[test]
    fn rows_keep_the_line_they_start_on() {
        let grid = parse_delimited("f.csv", "a,b\n\"two\nlines\",x\n1,2\n\n\r\n3,4\r\n").unwrap();
        let lines: Vec<usize> = grid.rows.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, vec![1, 2, 4, 7]);
    }
}
