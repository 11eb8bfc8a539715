//! Reading a sheet into a [`RawTable`]: the file format, the header row and the data rows.
//!
//! Partners' templates often have a title, a logo row or instructions above the headers, so
//! the header row is found rather than assumed to be the first.

use super::cells::looks_numeric;
use super::limits::{cells, MAX_CELLS, MAX_CELL_CHARS, MAX_COLUMNS, MAX_EXPANDED_CELLS, MAX_ROWS};
use super::sniff::{self, Content, Kind};
use super::{column_letter, excel, place, text, RawRow, RawTable, SheetWarning, WarningKind};
use crate::formats::numbers::grouped;
use thiserror::Error;

/// Rows searched for the header row.
const HEADER_SEARCH_ROWS: usize = 25;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFormat {
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    /// Comma, semicolon or tab separated text.
    Csv,
}

impl SheetFormat {
    /// From the file's first bytes (a workbook is read as one whatever its name), else the
    /// name's extension decides between text and a workbook calamine will tell is damaged.
    /// Files that are neither (a plan file, a PDF, binary data) are refused as what they are.
    pub fn detect(file: &str, bytes: &[u8]) -> Result<SheetFormat, ReadError> {
        let lower = file.to_lowercase();
        let extension = lower.rsplit_once('.').map_or("", |(_, e)| e);
        let by_name = match extension {
            "xlsx" | "xlsm" => Some(SheetFormat::Xlsx),
            "xlsb" => Some(SheetFormat::Xlsb),
            "xls" => Some(SheetFormat::Xls),
            "ods" => Some(SheetFormat::Ods),
            _ => None,
        };
        Ok(match sniff::content(bytes) {
            Content::Xlsx => SheetFormat::Xlsx,
            Content::Xlsb => SheetFormat::Xlsb,
            Content::Ods => SheetFormat::Ods,
            Content::Xls => SheetFormat::Xls,
            // A workbook that is text, or a zip without a workbook in it, is damaged: calamine
            // says how.
            Content::Text | Content::Other(Kind::Archive) if by_name.is_some() => by_name.unwrap_or(SheetFormat::Csv),
            Content::Text => SheetFormat::Csv,
            Content::Other(kind) => return Err(ReadError::NotATable { file: file.to_string(), advice: kind.advice() }),
        })
    }
}

fn in_sheet(sheet: &Option<String>) -> String {
    sheet.as_ref().map(|s| format!(", sheet “{s}”")).unwrap_or_default()
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ReadError {
    #[error("{file}: could not be read as a spreadsheet ({detail}). Save it again as .xlsx or .csv and retry.")]
    Unreadable { file: String, detail: String },
    #[error("{file}: there is no sheet “{sheet}”. Choose one of: {available}.")]
    NoSuchSheet { file: String, sheet: String, available: String },
    #[error("{file}{}: no header row found in the first {HEADER_SEARCH_ROWS} rows (a row of column names). Add one above the data.", in_sheet(sheet))]
    NoHeaderRow { file: String, sheet: Option<String> },
    #[error("{file} {advice}.")]
    NotATable { file: String, advice: &'static str },
    #[error("{file}{}: row {row} has more than {} columns, the most a spreadsheet has. Delete the columns that are not needed (or save only the sheet with the data), then choose the file again.", in_sheet(sheet), grouped(MAX_COLUMNS as u64))]
    TooManyColumns { file: String, sheet: Option<String>, row: usize },
    #[error("{file}{}: {} data rows × {} columns make {} cells (empty ones included), more than the {} cashplan reads at once. Split the file into several files of fewer rows, or delete the empty columns and rows, then import each part.", in_sheet(sheet), grouped(*rows as u64), grouped(*columns as u64), grouped(cells(*rows, *columns)), grouped(MAX_CELLS as u64))]
    TooManyCells { file: String, sheet: Option<String>, rows: usize, columns: usize },
    #[error("{file}{}: more than {} filled cells, the most cashplan reads at once. Split the file into several files of fewer rows, then import each part.", in_sheet(sheet), grouped(MAX_CELLS as u64))]
    TooManyFilledCells { file: String, sheet: Option<String> },
    #[error("{place}: one cell holds {} characters; a cell holds at most {} (as in Excel).{hint}", grouped(*chars as u64), grouped(MAX_CELL_CHARS as u64))]
    CellTooLong { place: String, chars: usize, hint: &'static str },
    #[error("{file}{}: a cell at row {}, column {} lies beyond the {} rows and {} columns a sheet can have, so the file is damaged. Open it in Excel or LibreOffice, save it again, and choose the new file.", in_sheet(sheet), grouped(*row), grouped(*column), grouped(MAX_ROWS as u64), grouped(MAX_COLUMNS as u64))]
    OutsideTheSheet { file: String, sheet: Option<String>, row: u64, column: u64 },
    #[error("{file}: {what} is {} once unzipped, more than the {} cashplan reads. The file is damaged or was not saved by a spreadsheet program: open it in Excel or LibreOffice, save it again as .xlsx, and choose the new file.", bytes_text(*found), bytes_text(*limit))]
    TooLargeUnzipped { file: String, what: String, found: u64, limit: u64 },
    #[error("{file}{}: the sheet's rows and columns make {} cells once expanded, more than the {} cashplan expands at once. Delete the empty rows and columns below and right of the data (select them, Delete), or save the sheet as .xlsx, and choose the file again.", in_sheet(sheet), grouped(*found), grouped(MAX_EXPANDED_CELLS as u64))]
    RepeatedCells { file: String, sheet: Option<String>, found: u64 },
}

/// "1.5 GB", "300 KB": sizes in limit messages.
fn bytes_text(n: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if n >= 1024 * MB {
        format!("{}.{} GB", n / (1024 * MB), n % (1024 * MB) * 10 / (1024 * MB))
    } else if n >= MB {
        format!("{} MB", grouped(n / MB))
    } else {
        format!("{} KB", grouped(n.div_ceil(1024)))
    }
}

/// A row's filled cells: 0-based column and text, in column order.
pub type Filled = Vec<(usize, String)>;

/// Rows of filled cells with their 1-based row numbers, before the header is known.
#[derive(Debug, Default)]
pub struct Grid {
    pub rows: Vec<(usize, Filled)>,
    /// Excel error cells (`#DIV/0!`): row number, column index, the error.
    pub cell_errors: Vec<(usize, usize, String)>,
    /// Blank rows of a workbook are not listed; they still count in the header search.
    pub sparse: bool,
}

/// The sheet names of a workbook, in order (empty for CSV, which has one table).
pub fn sheet_names(file: &str, bytes: &[u8]) -> Result<Vec<String>, ReadError> {
    excel::sheet_names(file, bytes, SheetFormat::detect(file, bytes)?)
}

/// Reads one sheet (the first when `sheet` is `None`; ignored for CSV).
pub fn read_table(file: &str, bytes: &[u8], sheet: Option<&str>) -> Result<RawTable, ReadError> {
    let format = SheetFormat::detect(file, bytes)?;
    let (sheet, grid) = match format {
        SheetFormat::Csv => (None, text::parse_delimited(file, &text::decode(bytes))?),
        _ => {
            let (name, grid) = excel::read_grid(file, bytes, format, sheet)?;
            (Some(name), grid)
        }
    };
    table_from_grid(file, sheet, grid)
}

/// A row with a cell per column up to `width`, and the filled cells beyond it.
fn spread(cells: Filled, width: usize) -> (Vec<String>, Vec<String>) {
    let mut row = vec![String::new(); width];
    let mut beyond = Vec::new();
    for (column, text) in cells {
        match row.get_mut(column) {
            Some(slot) => *slot = text,
            None => beyond.push(text),
        }
    }
    (row, beyond)
}

/// Among the first rows whose filled cells are mostly text (numbers and dates mean data),
/// the one with the most text cells; the first wins a tie. A hashtag row is the header
/// only when there is no text header.
fn header_index(grid: &Grid) -> Option<usize> {
    let first_line = grid.rows.first().map_or(0, |(line, _)| *line);
    let searched = |(i, (line, _)): &(usize, &(usize, Filled))| {
        if grid.sparse {
            line - first_line < HEADER_SEARCH_ROWS
        } else {
            *i < HEADER_SEARCH_ROWS
        }
    };
    let first_rows = || grid.rows.iter().enumerate().take_while(searched);
    let texts = first_rows().filter(|(_, (_, cells))| !is_hashtag_row(cells));
    best_header(texts).or_else(|| best_header(first_rows()))
}

fn best_header<'g>(rows: impl Iterator<Item = (usize, &'g (usize, Filled))>) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, (_, cells)) in rows {
        let filled = cells.len();
        let textual = cells.iter().filter(|(_, c)| !looks_numeric(c)).count();
        if filled == 0 || textual * 2 <= filled {
            continue;
        }
        // Counting text cells, not all filled ones, keeps a data row with one more
        // number than the header has names from winning.
        if best.is_none_or(|(_, most)| textual > most) {
            best = Some((i, textual));
        }
    }
    best.map(|(i, _)| i)
}

fn is_hashtag_row(cells: &Filled) -> bool {
    !cells.is_empty() && cells.iter().filter(|(_, c)| c.starts_with('#')).count() * 2 > cells.len()
}

fn table_from_grid(file: &str, sheet: Option<String>, grid: Grid) -> Result<RawTable, ReadError> {
    let Some(index) = header_index(&grid) else {
        return Err(ReadError::NoHeaderRow { file: file.to_string(), sheet });
    };
    let Grid { rows, cell_errors, sparse } = grid;
    let mut rows = rows.into_iter().skip(index);
    let Some((header_row, header_cells)) = rows.next() else {
        return Err(ReadError::NoHeaderRow { file: file.to_string(), sheet });
    };
    let width = header_cells.last().map_or(0, |(column, _)| column + 1);
    let (mut headers, _) = spread(header_cells, width);
    for (i, header) in headers.iter_mut().enumerate() {
        if header.is_empty() {
            *header = format!("Column {}", column_letter(i));
        }
    }
    let mut rows = rows.peekable();
    let mut tags = Vec::new();
    if let Some((line, cells)) = rows.peek() {
        // In a workbook the hashtag row is the very next row, not one after blank rows.
        if is_hashtag_row(cells) && (!sparse || *line == header_row + 1) {
            tags = rows.next().map(|(_, cells)| spread(cells, width).0).unwrap_or_default();
        }
    }
    let rows: Vec<(usize, Filled)> = rows.filter(|(_, cells)| !cells.is_empty()).collect();
    // Every row gets a cell per header: count them before they are made.
    if cells(rows.len(), width) > MAX_CELLS as u64 {
        return Err(ReadError::TooManyCells { file: file.to_string(), sheet, rows: rows.len(), columns: width });
    }
    let mut warnings: Vec<SheetWarning> = cell_errors
        .into_iter()
        .filter(|(line, _, _)| *line > header_row)
        .map(|(line, col, error)| {
            let column = headers.get(col).cloned().unwrap_or_else(|| column_letter(col));
            SheetWarning {
                kind: WarningKind::ExcelError,
                file: file.to_string(),
                line: Some(line),
                message: format!(
                    "{}: the cell holds the Excel error {error}; it was read as empty. Fix the formula in the sheet if the value matters.",
                    place(file, Some(line), Some(&column))
                ),
                column: Some(column),
                value: error,
            }
        })
        .collect();
    let mut data = Vec::with_capacity(rows.len());
    for (line, filled) in rows {
        let (cells, beyond) = spread(filled, width);
        let extra = beyond.len();
        if let Some(value) = beyond.into_iter().next() {
            warnings.push(SheetWarning {
                kind: WarningKind::ExtraCells,
                file: file.to_string(),
                line: Some(line),
                column: None,
                value,
                message: format!(
                    "{}: {extra} cell(s) right of the last header were left out. Give them a header if they matter.",
                    place(file, Some(line), None)
                ),
            });
        }
        data.push(RawRow { line, cells });
    }
    Ok(RawTable { file: file.to_string(), sheet, header_row, headers, tags, rows: data, warnings })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str) -> RawTable {
        read_table("f.csv", text.as_bytes(), None).unwrap()
    }

    #[test]
    fn finds_the_header_below_title_rows() {
        let t = csv("4W March 2023,,,\nCash Working Group,,,\n,,,\nOrg,Sector,Families,Date\nGOAL,MPC,12,2023-03-01\nIRC,FSC,5,2023-03-02\n");
        assert_eq!(t.header_row, 4);
        assert_eq!(t.headers, ["Org", "Sector", "Families", "Date"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].line, 5);
    }

    #[test]
    fn keeps_a_hashtag_row_and_names_blank_headers() {
        let t = csv("Org,,Families\n#org,#sector,#targeted+hh\nGOAL,MPC,12\n\nIRC\n");
        assert_eq!(t.headers, ["Org", "Column B", "Families"]);
        assert_eq!(t.tags, ["#org", "#sector", "#targeted+hh"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].cells, ["IRC", "", ""]);
        assert_eq!(t.rows[1].line, 5);
    }

    #[test]
    fn warns_about_cells_beyond_the_headers() {
        let t = csv("a,b\n1,2,3\n");
        assert_eq!(t.warnings.len(), 1);
        assert_eq!(t.warnings[0].kind, WarningKind::ExtraCells);
        assert!(t.warnings[0].message.contains("f.csv, row 2"));
    }

    #[test]
    fn refuses_a_sheet_of_numbers_only() {
        let err = read_table("n.csv", b"1,2\n3,4\n", None).unwrap_err();
        assert!(matches!(err, ReadError::NoHeaderRow { .. }));
        assert!(err.to_string().starts_with("n.csv: no header row"));
    }
}
