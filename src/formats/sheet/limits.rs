//! Hard limits on what a sheet may hold, checked before the memory is taken, so a hostile or
//! damaged file is refused with a message instead of running the browser tab out of memory.
//!
//! The limits are on what the file becomes once read (cells, characters, unzipped bytes),
//! never on its size on disk: a 2 KB workbook can describe billions of cells. A real 4W of
//! 100,000 rows × 60 columns (6 million cells) is well inside every one of them.

/// Columns in a sheet: as many as Excel has (A to XFD).
pub const MAX_COLUMNS: usize = 16_384;

/// Rows in a workbook (Excel's last row); a row number past it means a damaged file.
pub const MAX_ROWS: usize = 1_048_576;

/// Cells of the table as read: data rows × columns, empty cells included (every row gets a
/// cell per header). 20 million is three times a 100,000 × 60 4W and about 250 MB in the
/// browser, which leaves room for the mapping and the checks under wasm's 4 GB.
pub const MAX_CELLS: usize = 20_000_000;

/// Cells of the full grids calamine builds when it opens an .ods or .xls (every sheet, empty
/// cells inside the used range included, at about 60 bytes a cell with its formula grid).
/// A 100,000 × 60 sheet fits; so does any .xls of 65,536 rows × 60 columns.
pub const MAX_EXPANDED_CELLS: usize = 8_000_000;

/// Characters in one cell: Excel's own limit.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Bytes of one unzipped XML or binary record (a tag, a text, a shared string): a cell's
/// 32,767 characters take at most about 200 KB even fully escaped.
pub const MAX_RECORD_BYTES: u64 = 256 * 1024;

/// Bytes of a workbook part read whole into memory (shared strings, styles, the workbook).
pub const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// Bytes of a whole workbook once unzipped. A 100,000-row sheet is 50 to 600 MB of XML.
pub const MAX_UNZIPPED_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Cells of `rows` × `columns`, saturating rather than overflowing on 32-bit wasm.
pub fn cells(rows: usize, columns: usize) -> u64 {
    (rows as u64).saturating_mul(columns as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_4w_fits_three_times_over() {
        assert!(cells(100_000, 60) * 3 <= MAX_CELLS as u64);
        assert_eq!(cells(usize::MAX, 2), u64::MAX, "saturates instead of overflowing");
    }
}
