//! Workbooks (xlsx, xls, ods) through calamine: sheet names, and cells as the user sees them.

use super::read::{Grid, ReadError, SheetFormat};
use calamine::{Data, Ods, Range, Reader, Xls, Xlsx};
use std::io::Cursor;

/// Excel shows at most 15 significant digits; more is binary floating-point noise.
const SIGNIFICANT_DIGITS: i32 = 15;

fn open<'b, R>(file: &str, bytes: &'b [u8]) -> Result<R, ReadError>
where
    R: Reader<Cursor<&'b [u8]>>,
    R::Error: std::fmt::Display,
{
    calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: R::Error| ReadError::Unreadable { file: file.to_string(), detail: e.to_string() })
}

fn named_range<'b, R>(file: &str, bytes: &'b [u8], sheet: Option<&str>) -> Result<(String, Range<Data>), ReadError>
where
    R: Reader<Cursor<&'b [u8]>>,
    R::Error: std::fmt::Display,
{
    let mut book: R = open(file, bytes)?;
    let name = pick_sheet(file, &book.sheet_names(), sheet)?;
    let range = book
        .worksheet_range(&name)
        .map_err(|e| ReadError::Unreadable { file: file.to_string(), detail: e.to_string() })?;
    Ok((name, range))
}

fn range_of(
    file: &str,
    bytes: &[u8],
    format: SheetFormat,
    sheet: Option<&str>,
) -> Result<(String, Range<Data>), ReadError> {
    match format {
        SheetFormat::Xlsx => named_range::<Xlsx<_>>(file, bytes, sheet),
        SheetFormat::Xls => named_range::<Xls<_>>(file, bytes, sheet),
        SheetFormat::Ods => named_range::<Ods<_>>(file, bytes, sheet),
        SheetFormat::Csv => Err(ReadError::Unreadable { file: file.to_string(), detail: "not a workbook".into() }),
    }
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
        SheetFormat::Xlsx => open::<Xlsx<_>>(file, bytes)?.sheet_names(),
        SheetFormat::Xls => open::<Xls<_>>(file, bytes)?.sheet_names(),
        SheetFormat::Ods => open::<Ods<_>>(file, bytes)?.sheet_names(),
        SheetFormat::Csv => Vec::new(),
    })
}

/// The sheet's cells as text, rows numbered as in the spreadsheet; error cells are empty
/// and listed.
pub fn read_grid(
    file: &str,
    bytes: &[u8],
    format: SheetFormat,
    sheet: Option<&str>,
) -> Result<(String, Grid), ReadError> {
    let (name, range) = range_of(file, bytes, format, sheet)?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut grid = Grid::default();
    for (offset, row) in range.rows().enumerate() {
        let line = first_row as usize + offset + 1;
        let mut cells = vec![String::new(); first_col as usize];
        for (i, cell) in row.iter().enumerate() {
            let text = match cell {
                Data::Error(e) => {
                    grid.cell_errors.push((line, first_col as usize + i, e.to_string()));
                    String::new()
                }
                other => cell_text(other),
            };
            cells.push(text);
        }
        grid.rows.push((line, cells));
    }
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
