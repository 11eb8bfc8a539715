//! Reading a sheet into a [`RawTable`]: the file format, the header row and the data rows.
//!
//! Partners' templates often have a title, a logo row or instructions above the headers, so
//! the header row is found rather than assumed to be the first.

use super::cells::looks_numeric;
use super::{column_letter, excel, place, text, RawRow, RawTable, SheetWarning, WarningKind};
use thiserror::Error;

/// Rows searched for the header row.
const HEADER_SEARCH_ROWS: usize = 25;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFormat {
    Xlsx,
    Xls,
    Ods,
    /// Comma, semicolon or tab separated text.
    Csv,
}

impl SheetFormat {
    /// From the file name's extension, else from the first bytes.
    pub fn detect(file: &str, bytes: &[u8]) -> SheetFormat {
        let lower = file.to_lowercase();
        let extension = lower.rsplit_once('.').map_or("", |(_, e)| e);
        match extension {
            "xlsx" | "xlsm" => SheetFormat::Xlsx,
            "xls" => SheetFormat::Xls,
            "ods" => SheetFormat::Ods,
            "csv" | "tsv" | "txt" => SheetFormat::Csv,
            _ if bytes.starts_with(b"\xD0\xCF\x11\xE0") => SheetFormat::Xls,
            _ if bytes.starts_with(b"PK\x03\x04") => SheetFormat::Xlsx,
            _ => SheetFormat::Csv,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ReadError {
    #[error("{file}: could not be read as a spreadsheet ({detail}). Save it again as .xlsx or .csv and retry.")]
    Unreadable { file: String, detail: String },
    #[error("{file}: there is no sheet “{sheet}”. Choose one of: {available}.")]
    NoSuchSheet { file: String, sheet: String, available: String },
    #[error("{file}{}: no header row found in the first {HEADER_SEARCH_ROWS} rows (a row of column names). Add one above the data.", sheet.as_ref().map(|s| format!(", sheet “{s}”")).unwrap_or_default())]
    NoHeaderRow { file: String, sheet: Option<String> },
}

/// Rows of text cells with their 1-based row numbers, before the header is known.
#[derive(Debug, Default)]
pub struct Grid {
    pub rows: Vec<(usize, Vec<String>)>,
    /// Excel error cells (`#DIV/0!`): row number, column index, the error.
    pub cell_errors: Vec<(usize, usize, String)>,
}

/// The sheet names of a workbook, in order (empty for CSV, which has one table).
pub fn sheet_names(file: &str, bytes: &[u8]) -> Result<Vec<String>, ReadError> {
    excel::sheet_names(file, bytes, SheetFormat::detect(file, bytes))
}

/// Reads one sheet (the first when `sheet` is `None`; ignored for CSV).
pub fn read_table(file: &str, bytes: &[u8], sheet: Option<&str>) -> Result<RawTable, ReadError> {
    let format = SheetFormat::detect(file, bytes);
    let (sheet, grid) = match format {
        SheetFormat::Csv => (None, text::parse_delimited(file, &text::decode(bytes))?),
        _ => {
            let (name, grid) = excel::read_grid(file, bytes, format, sheet)?;
            (Some(name), grid)
        }
    };
    table_from_grid(file, sheet, grid)
}

fn non_empty(cells: &[String]) -> usize {
    cells.iter().filter(|c| !c.is_empty()).count()
}

/// Among the first rows whose filled cells are mostly text (numbers and dates mean data),
/// the one with the most text cells; the first wins a tie. A hashtag row is the header
/// only when there is no text header.
fn header_index(grid: &Grid) -> Option<usize> {
    let first_rows = || grid.rows.iter().take(HEADER_SEARCH_ROWS).enumerate();
    let texts = first_rows().filter(|(_, (_, cells))| !is_hashtag_row(cells));
    best_header(texts).or_else(|| best_header(first_rows()))
}

fn best_header<'g>(rows: impl Iterator<Item = (usize, &'g (usize, Vec<String>))>) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, (_, cells)) in rows {
        let filled = non_empty(cells);
        let textual = cells.iter().filter(|c| !c.is_empty() && !looks_numeric(c)).count();
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

fn is_hashtag_row(cells: &[String]) -> bool {
    let filled = non_empty(cells);
    filled > 0 && cells.iter().filter(|c| c.starts_with('#')).count() * 2 > filled
}

fn table_from_grid(file: &str, sheet: Option<String>, grid: Grid) -> Result<RawTable, ReadError> {
    let Some(index) = header_index(&grid) else {
        return Err(ReadError::NoHeaderRow { file: file.to_string(), sheet });
    };
    let Grid { rows, cell_errors } = grid;
    let mut rows = rows.into_iter().skip(index);
    let Some((header_row, mut headers)) = rows.next() else {
        return Err(ReadError::NoHeaderRow { file: file.to_string(), sheet });
    };
    while headers.last().is_some_and(String::is_empty) {
        headers.pop();
    }
    for (i, header) in headers.iter_mut().enumerate() {
        if header.is_empty() {
            *header = format!("Column {}", column_letter(i));
        }
    }
    let mut rows = rows.peekable();
    let mut tags = Vec::new();
    if let Some((_, cells)) = rows.peek() {
        if is_hashtag_row(cells) {
            tags = cells.clone();
            tags.resize(headers.len(), String::new());
            rows.next();
        }
    }
    let width = headers.len();
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
    let mut data = Vec::new();
    for (line, mut cells) in rows {
        if non_empty(&cells) == 0 {
            continue;
        }
        let extra = cells.iter().skip(width).filter(|c| !c.is_empty()).count();
        if extra > 0 {
            let value = cells.iter().skip(width).find(|c| !c.is_empty()).cloned().unwrap_or_default();
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
        cells.resize(width, String::new());
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
