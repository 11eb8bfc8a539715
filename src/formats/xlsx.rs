//! Writing tables as an Excel workbook, HXL-tagged: headers, the hashtag row, then data.
//!
//! Coordinators pass tables on by email to people who open them in Excel; the hashtag row
//! lets the same file come back in through the HXL import unchanged.

use crate::model::Amount;
use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Format, Formula, Workbook};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Excel refuses longer sheet names.
const MAX_SHEET_NAME: usize = 31;
const MIN_WIDTH: usize = 8;
const MAX_WIDTH: usize = 50;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    Text(String),
    Integer(i64),
    Decimal(Amount),
    Empty,
}

/// Rows below the data that a drop-down list still covers, for rows a partner adds.
pub const LIST_ROWS_ADDED: usize = 500;

/// One sheet: `columns` are (header, hashtag) pairs; each row has one cell per column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SheetData {
    pub name: String,
    pub columns: Vec<(String, String)>,
    pub rows: Vec<Vec<Cell>>,
    /// Columns whose cells offer a drop-down of accepted values.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lists: Vec<ListColumn>,
}

/// A column (by index) whose cells offer a drop-down of the values in `source`, a range of
/// another sheet such as `Lists!$A$3:$A$40` (Excel's data validation list). A value not in
/// the list is warned about, not refused: the import's checks decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListColumn {
    pub column: usize,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum XlsxError {
    #[error("the workbook could not be written (sheet “{sheet}”: {detail}). Export fewer rows or as CSV instead.")]
    Write { sheet: String, detail: String },
    #[error("a workbook needs at least one sheet; there is nothing to export.")]
    NoSheets,
}

/// The workbook as the bytes of an `.xlsx` file.
pub fn write_xlsx(sheets: &[SheetData]) -> Result<Vec<u8>, XlsxError> {
    if sheets.is_empty() {
        return Err(XlsxError::NoSheets);
    }
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let tag_format = Format::new().set_italic().set_font_color("#555555");
    let mut used_names: Vec<String> = Vec::new();
    for sheet in sheets {
        let name = sheet_name(&sheet.name, &used_names);
        used_names.push(name.clone());
        let failed = |e: rust_xlsxwriter::XlsxError| XlsxError::Write { sheet: name.clone(), detail: e.to_string() };
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(&name).map_err(failed)?;
        // A sheet without hashtags (a partner's own columns sent back) has no hashtag row.
        let tagged = sheet.columns.iter().any(|(_, hashtag)| !hashtag.is_empty());
        let first_data_row = if tagged { 2 } else { 1 };
        for (col, (header, hashtag)) in sheet.columns.iter().enumerate() {
            let col = u16::try_from(col).map_err(|_| too_wide(&name))?;
            worksheet.write_string_with_format(0, col, header, &bold).map_err(failed)?;
            if tagged {
                worksheet.write_string_with_format(1, col, hashtag, &tag_format).map_err(failed)?;
            }
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let excel_row = u32::try_from(r + first_data_row).map_err(|_| too_long(&name))?;
            for (col, cell) in row.iter().enumerate().take(sheet.columns.len()) {
                let col = u16::try_from(col).map_err(|_| too_wide(&name))?;
                match cell {
                    Cell::Text(text) => worksheet.write_string(excel_row, col, text).map(|_| ()),
                    Cell::Integer(n) => worksheet.write_number(excel_row, col, *n as f64).map(|_| ()),
                    Cell::Decimal(a) => worksheet.write_number(excel_row, col, a.to_f64()).map(|_| ()),
                    Cell::Empty => Ok(()),
                }
                .map_err(failed)?;
            }
        }
        let last_row =
            u32::try_from(first_data_row + sheet.rows.len() + LIST_ROWS_ADDED).map_err(|_| too_long(&name))?;
        for list in sheet.lists.iter().filter(|l| l.column < sheet.columns.len()) {
            let col = u16::try_from(list.column).map_err(|_| too_wide(&name))?;
            let rule = DataValidation::new()
                .allow_list_formula(Formula::new(&list.source))
                .set_error_style(DataValidationErrorStyle::Warning);
            let first = u32::try_from(first_data_row).unwrap_or(2);
            worksheet.add_data_validation(first, col, last_row, col, &rule).map_err(failed)?;
        }
        for (col, width) in column_widths(sheet).into_iter().enumerate() {
            let col = u16::try_from(col).map_err(|_| too_wide(&name))?;
            worksheet.set_column_width(col, width as f64).map_err(failed)?;
        }
        worksheet.set_freeze_panes(u32::try_from(first_data_row).unwrap_or(2), 0).map_err(failed)?;
    }
    workbook.save_to_buffer().map_err(|e| XlsxError::Write { sheet: String::new(), detail: e.to_string() })
}

fn too_wide(sheet: &str) -> XlsxError {
    XlsxError::Write { sheet: sheet.to_string(), detail: "more columns than Excel allows".into() }
}

fn too_long(sheet: &str) -> XlsxError {
    XlsxError::Write { sheet: sheet.to_string(), detail: "more rows than Excel allows".into() }
}

fn cell_width(cell: &Cell) -> usize {
    match cell {
        Cell::Text(t) => t.chars().count(),
        Cell::Integer(n) => n.to_string().len(),
        Cell::Decimal(a) => a.to_string().len(),
        Cell::Empty => 0,
    }
}

/// Wide enough for the longest header, hashtag or value, within limits.
fn column_widths(sheet: &SheetData) -> Vec<usize> {
    sheet
        .columns
        .iter()
        .enumerate()
        .map(|(col, (header, hashtag))| {
            let longest_cell = sheet.rows.iter().filter_map(|r| r.get(col)).map(cell_width).max().unwrap_or(0);
            let longest = header.chars().count().max(hashtag.chars().count()).max(longest_cell);
            (longest + 2).clamp(MIN_WIDTH, MAX_WIDTH)
        })
        .collect()
}

/// A name Excel accepts: no `[]:*?/\`, at most 31 characters, not blank, and unique
/// (case-insensitively) in the workbook.
fn sheet_name(wanted: &str, used: &[String]) -> String {
    let cleaned: String =
        wanted.chars().map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') { '-' } else { c }).collect();
    let cleaned = cleaned.trim().trim_matches('\'').to_string();
    let base = if cleaned.is_empty() { "Sheet".to_string() } else { cleaned };
    let truncate = |s: &str, n: usize| s.chars().take(n).collect::<String>();
    let taken = |n: &str| used.iter().any(|u| u.to_lowercase() == n.to_lowercase());
    let mut name = truncate(&base, MAX_SHEET_NAME);
    let mut counter = 2;
    while taken(&name) {
        let suffix = format!(" ({counter})");
        name = format!("{}{suffix}", truncate(&base, MAX_SHEET_NAME - suffix.len()));
        counter += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_made_acceptable_and_unique() {
        assert_eq!(sheet_name("Activities [2023]", &[]), "Activities -2023-");
        assert_eq!(sheet_name("", &[]), "Sheet");
        let long = "A very long sheet name that Excel would refuse";
        assert_eq!(sheet_name(long, &[]).chars().count(), 31);
        assert_eq!(sheet_name("areas", &["Areas".into()]), "areas (2)");
        assert_eq!(sheet_name(long, &[sheet_name(long, &[])]).chars().count(), 31);
    }

    #[test]
    fn widths_fit_the_longest_text_within_limits() {
        let sheet = SheetData {
            name: "s".into(),
            columns: vec![("Org".into(), "#org".into()), ("Note".into(), "#meta+note".into())],
            rows: vec![vec![Cell::Text("x".repeat(80)), Cell::Integer(5)]],
            lists: Vec::new(),
        };
        assert_eq!(column_widths(&sheet), vec![MAX_WIDTH, 12]);
    }

    #[test]
    fn an_empty_workbook_is_refused() {
        assert_eq!(write_xlsx(&[]), Err(XlsxError::NoSheets));
    }
}
