//! Workbooks (xlsx, xlsb, xls, ods) through calamine: sheet names, and cells as the user sees
//! them. Each file is measured before calamine opens it (see `zipped`, `repeats`, `ole`),
//! and xlsx and xlsb sheets are read one cell at a time, so a cell far from A1 costs one
//! cell, not the grid up to it.

use super::limits::{MAX_CELLS, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS};
use super::read::{Grid, ReadError, SheetFormat};
use super::{column_letter, ole, place, repeats, xlsb, zipped};
use crate::model::sorting;
use calamine::{Data, Ods, Range, Reader, Xls, Xlsb, Xlsx};
use std::io::Cursor;

/// Excel shows at most 15 significant digits; more is binary floating-point noise.
const SIGNIFICANT_DIGITS: i32 = 15;

fn unreadable(file: &str, detail: impl std::fmt::Display) -> ReadError {
    ReadError::Unreadable { file: file.to_string(), detail: detail.to_string() }
}

/// Measures the file, then opens it with calamine (an .xlsb is opened by [`open_xlsb`]).
fn open<'b, R>(file: &str, bytes: &'b [u8], format: SheetFormat) -> Result<R, ReadError>
where
    R: Reader<Cursor<&'b [u8]>>,
    R::Error: std::fmt::Display,
{
    match format {
        SheetFormat::Xlsx | SheetFormat::Xlsb => zipped::check(file, bytes)?,
        SheetFormat::Ods => {
            zipped::check(file, bytes)?;
            repeats::check(file, bytes)?;
        }
        SheetFormat::Xls => ole::check(file, bytes)?,
        SheetFormat::Csv => {}
    }
    calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e: R::Error| unreadable(file, e))
}

/// An .xlsb measured, its records checked and its workbook part rewritten (see `xlsb`): the
/// bytes to open.
fn checked_xlsb(file: &str, bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
    zipped::check(file, bytes)?;
    xlsb::clean(file, bytes)
}

fn open_xlsb<'b>(file: &str, cleaned: &'b [u8]) -> Result<Xlsb<Cursor<&'b [u8]>>, ReadError> {
    calamine::open_workbook_from_rs(Cursor::new(cleaned)).map_err(|e: calamine::XlsbError| unreadable(file, e))
}

fn pick_sheet(file: &str, names: &[String], wanted: Option<&str>) -> Result<String, ReadError> {
    let found = match wanted {
        Some(w) => names
            .iter()
            .find(|n| n.as_str() == w)
            .or_else(|| names.iter().find(|n| n.trim().eq_ignore_ascii_case(w.trim()))),
        None => names.first(),
    };
    found.cloned().ok_or_else(|| ReadError::NoSuchSheet {
        file: file.to_string(),
        sheet: wanted.unwrap_or_default().to_string(),
        available: names.join(", "),
    })
}

pub fn sheet_names(file: &str, bytes: &[u8], format: SheetFormat) -> Result<Vec<String>, ReadError> {
    Ok(match format {
        SheetFormat::Xlsx => open::<Xlsx<_>>(file, bytes, format)?.sheet_names(),
        SheetFormat::Xlsb => open_xlsb(file, &checked_xlsb(file, bytes)?)?.sheet_names(),
        SheetFormat::Xls => open::<Xls<_>>(file, bytes, format)?.sheet_names(),
        SheetFormat::Ods => open::<Ods<_>>(file, bytes, format)?.sheet_names(),
        SheetFormat::Csv => Vec::new(),
    })
}

/// The filled cells of a sheet, as they come: 0-based row and column, and the value.
struct Cells {
    file: String,
    sheet: String,
    found: Vec<(u32, u32, String)>,
    cell_errors: Vec<(usize, usize, String)>,
}

impl Cells {
    fn new(file: &str, sheet: &str) -> Cells {
        Cells { file: file.to_string(), sheet: sheet.to_string(), found: Vec::new(), cell_errors: Vec::new() }
    }

    fn add(&mut self, (row, column): (u32, u32), value: &Data) -> Result<(), ReadError> {
        let (line, index) = (row as usize + 1, column as usize);
        if row as usize >= MAX_ROWS || index >= MAX_COLUMNS {
            return Err(ReadError::OutsideTheSheet {
                file: self.file.clone(),
                sheet: Some(self.sheet.clone()),
                row: u64::from(row) + 1,
                column: u64::from(column) + 1,
            });
        }
        let text = match value {
            Data::Empty => return Ok(()),
            Data::Error(e) => {
                self.cell_errors.push((line, index, e.to_string()));
                return Ok(());
            }
            other => cell_text(other),
        };
        if text.is_empty() {
            return Ok(());
        }
        let chars = text.chars().count();
        if chars > MAX_CELL_CHARS {
            let place = place(&self.file, Some(line), Some(&column_letter(index)));
            return Err(ReadError::CellTooLong { place, chars, hint: " Shorten the text in the sheet." });
        }
        if self.found.len() >= MAX_CELLS {
            return Err(ReadError::TooManyFilledCells { file: self.file.clone(), sheet: Some(self.sheet.clone()) });
        }
        self.found.push((row, column, text));
        Ok(())
    }

    /// Rows in order, each with its filled cells in order; a cell given twice keeps the
    /// later value, as in calamine's own grid.
    fn into_grid(self) -> Grid {
        let mut found = self.found;
        sorting::sort_by_key(&mut found, |(row, column, _)| (*row, *column));
        let mut grid = Grid { rows: Vec::new(), cell_errors: self.cell_errors, sparse: true };
        for (row, column, text) in found {
            let line = row as usize + 1;
            if grid.rows.last().is_none_or(|(last, _)| *last != line) {
                grid.rows.push((line, Vec::new()));
            }
            let Some((_, cells)) = grid.rows.last_mut() else { continue };
            match cells.last_mut() {
                Some((last, value)) if *last == column as usize => *value = text,
                _ => cells.push((column as usize, text)),
            }
        }
        grid
    }

    fn read_range(mut self, range: &Range<Data>) -> Result<Grid, ReadError> {
        let (first_row, first_column) = range.start().unwrap_or((0, 0));
        for (row, column, value) in range.used_cells() {
            let at = (first_row.saturating_add(row as u32), first_column.saturating_add(column as u32));
            self.add(at, value)?;
        }
        Ok(self.into_grid())
    }
}

/// The sheet's filled cells, rows numbered as in the spreadsheet; error cells are listed.
pub fn read_grid(
    file: &str,
    bytes: &[u8],
    format: SheetFormat,
    sheet: Option<&str>,
) -> Result<(String, Grid), ReadError> {
    match format {
        SheetFormat::Xlsx => {
            let mut book: Xlsx<_> = open(file, bytes, format)?;
            let name = pick_sheet(file, &book.sheet_names(), sheet)?;
            let mut cells = Cells::new(file, &name);
            let mut reader = book.worksheet_cells_reader(&name).map_err(|e| unreadable(file, e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| unreadable(file, e))? {
                cells.add(cell.get_position(), &Data::from(cell.get_value().clone()))?;
            }
            Ok((name, cells.into_grid()))
        }
        SheetFormat::Xlsb => {
            let cleaned = checked_xlsb(file, bytes)?;
            let mut book = open_xlsb(file, &cleaned)?;
            let name = pick_sheet(file, &book.sheet_names(), sheet)?;
            let mut cells = Cells::new(file, &name);
            let mut reader = book.worksheet_cells_reader(&name).map_err(|e| unreadable(file, e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| unreadable(file, e))? {
                cells.add(cell.get_position(), &Data::from(cell.get_value().clone()))?;
            }
            Ok((name, cells.into_grid()))
        }
        SheetFormat::Xls => dense::<Xls<_>>(file, bytes, format, sheet),
        SheetFormat::Ods => dense::<Ods<_>>(file, bytes, format, sheet),
        SheetFormat::Csv => Err(unreadable(file, "not a workbook")),
    }
}

/// Workbooks calamine reads whole when it opens them (measured first, so the grid is bounded).
fn dense<'b, R>(
    file: &str,
    bytes: &'b [u8],
    format: SheetFormat,
    sheet: Option<&str>,
) -> Result<(String, Grid), ReadError>
where
    R: Reader<Cursor<&'b [u8]>>,
    R::Error: std::fmt::Display,
{
    let mut book: R = open(file, bytes, format)?;
    let name = pick_sheet(file, &book.sheet_names(), sheet)?;
    let range = book.worksheet_range(&name).map_err(|e| unreadable(file, e))?;
    let grid = Cells::new(file, &name).read_range(&range)?;
    Ok((name, grid))
}

/// A cell as Excel would show it in a plain cell: integers without `.0`, no float noise,
/// dates as `YYYY-MM-DD`.
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::String(s) => s.trim().to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
            if (h, min, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}")
            }
        }
        Data::DateTime(d) => number_text(d.as_f64()),
        Data::DateTimeIso(s) => s.strip_suffix("T00:00:00").unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// `12` for 12.0, `11.88` for 11.880000000000003, the shortest exact form otherwise.
pub fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let magnitude = if f == 0.0 { 0 } else { f.abs().log10().floor() as i32 + 1 };
    let decimals = SIGNIFICANT_DIGITS - magnitude;
    if !(0..=SIGNIFICANT_DIGITS + 10).contains(&decimals) {
        return format!("{f}");
    }
    let rounded = format!("{f:.prec$}", prec = decimals as usize);
    match rounded.parse::<f64>() {
        Ok(clean) if clean.fract() == 0.0 && clean.abs() < 1e15 => format!("{}", clean as i64),
        Ok(clean) => format!("{clean}"),
        Err(_) => format!("{f}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_lose_float_noise_but_not_precision() {
        assert_eq!(number_text(12.0), "12");
        assert_eq!(number_text(11.880000000000003), "11.88");
        assert_eq!(number_text(82.35000000000001), "82.35");
        assert_eq!(number_text(0.6666667), "0.6666667");
        assert_eq!(number_text(-2.5), "-2.5");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(1234567.125), "1234567.125");
        assert_eq!(number_text(f64::NAN), "");
    }

    #[test]
    fn cells_read_as_shown() {
        assert_eq!(cell_text(&Data::Int(7)), "7");
        assert_eq!(cell_text(&Data::Bool(true)), "TRUE");
        assert_eq!(cell_text(&Data::String("  Idleb ".into())), "Idleb");
        assert_eq!(cell_text(&Data::DateTimeIso("2023-03-01T00:00:00".into())), "2023-03-01");
        let date = calamine::ExcelDateTime::new(44986.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(date)), "2023-03-01");
    }
}
