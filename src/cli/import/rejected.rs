//! `--rejected FILE`: the rows a spreadsheet import set aside, with the partner's own columns,
//! the row number and the reasons, written as CSV or (for a `.xlsx` name) as a workbook.

use crate::cli::files::write_atomically;
use crate::formats::sheet::{rejected_rows, RawTable, RowProblem};
use crate::formats::xlsx::write_xlsx;
use std::path::Path;

/// Writes the rejected rows to `path`; the line to print, or what went wrong.
pub(super) fn write(path: &str, raw: &RawTable, problems: &[RowProblem]) -> Result<String, String> {
    let rejected = rejected_rows(raw, problems);
    let xlsx = Path::new(path).extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let bytes = if xlsx {
        write_xlsx(&[rejected.to_sheet()]).map_err(|e| format!("{path}: {e}"))?
    } else {
        rejected.to_csv().into_bytes()
    };
    write_atomically(Path::new(path), &bytes).map_err(|e| {
        format!("{path}: the rejected rows could not be written ({e}). Check the folder exists and is writable.")
    })?;
    Ok(format!("  {} rejected rows with their reasons written to {path}", rejected.rows.len()))
}
