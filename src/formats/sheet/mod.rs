//! Partners' own spreadsheets (xlsx, xlsb, xls, ods, CSV) turned into clean HXL-tagged CSV.
//!
//! The path is: [`read_table`] finds the header row and gives a [`RawTable`];
//! [`propose_mapping`] suggests a hashtag for each header and a canonical value for each
//! coded value (the user reviews and edits it, and it is saved per header set);
//! [`scan_pii`] finds columns with personal data; [`apply`] rewrites the table as HXL CSV
//! text that the HXL reader imports; [`prepare`] checks it against the plan (5W checks,
//! new areas from the P-code columns) and gives the batches to apply.

mod apply;
mod cells;
mod excel;
mod fields;
mod fx;
mod groups;
mod headers;
mod import;
mod limits;
mod mapping;
mod ole;
mod pii;
mod read;
mod rejected;
mod repeats;
mod reshape;
mod sniff;
mod text;
mod values;
mod workbook;
mod xlsb;
mod zipped;

pub use apply::{apply, ApplyErrors, MappedTable, SheetError};
pub use fields::{canonical_values, field_label, TARGET_FIELDS};
pub use groups::{
    has_breakdown, is_figure, propose_spread, sex_age_groups, BY_MONTH, BY_SECTOR, BY_SEX_AGE, SPREAD_BY,
};
pub use import::{
    prepare, Preparation, Progress, RejectReason, RowProblem, SheetImport, SheetImportErrors, SheetOptions, Step,
};
pub use limits::{MAX_CELLS, MAX_CELL_CHARS, MAX_COLUMNS};
pub use mapping::{
    header_key, normalise_hashtag, propose_mapping, read_mapping_file, write_mapping_file, ColumnChoice, ColumnMapping,
    MappingFileError, OpenedSheet, Spread, ValueChoice, MAPPING_FILE_TYPE, MAPPING_VERSION,
};
pub use pii::{scan_pii, PiiFinding, PiiReason};
pub use read::{read_table, sheet_names, ReadError, SheetFormat};
pub use rejected::{rejected_rows, RejectedRow, RejectedRows, REASON_HEADER, ROW_HEADER};
pub use reshape::reshape;
pub use values::{distinct_values, field_kind, meaning, propose, store_proposals, Coded, FieldKind, ValueCount};
pub use workbook::{hxl_sheet, plan_workbook};

use serde::{Deserialize, Serialize};
use std::fmt;

/// One data row as it was in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawRow {
    /// The row number the user sees in their spreadsheet (1-based).
    pub line: usize,
    /// One cell per header, as text; empty when blank.
    pub cells: Vec<String>,
}

/// A sheet as read: headers and text cells, before any mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawTable {
    pub file: String,
    pub sheet: Option<String>,
    /// The row number of the header row (1-based).
    pub header_row: usize,
    pub headers: Vec<String>,
    /// The HXL hashtag row under the headers, when the file already has one (else empty).
    pub tags: Vec<String>,
    pub rows: Vec<RawRow>,
    /// Cells that could not be read as they are (Excel errors, extra cells, …).
    pub warnings: Vec<SheetWarning>,
}

impl RawTable {
    /// The cells of column `index`, with their row numbers.
    pub fn column(&self, index: usize) -> impl Iterator<Item = (usize, &str)> + '_ {
        self.rows.iter().map(move |r| (r.line, r.cells.get(index).map_or("", String::as_str)))
    }
}

/// What a warning is about, so callers can count and group them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum WarningKind {
    /// A decimal count (a computed share) was rounded to whole people.
    RoundedCount,
    /// An Excel error cell (`#DIV/0!`, `#N/A`, …) was read as empty.
    ExcelError,
    /// Cells to the right of the last header were left out.
    ExtraCells,
    /// Dates such as 03/04/2023 were read day first for want of evidence either way.
    AmbiguousDates,
    /// Two columns (or a compound value) gave one field different values; the first was kept.
    ConflictingValues,
    /// A row's sex and age breakdown does not add up to its total.
    BreakdownMismatch,
    /// More people (or households) reached than targeted: imported, to be checked.
    ReachedAboveTargeted,
    /// Another figure the rules flag but accept (a transfer value of 0, …).
    Doubtful,
    /// Totals rows (no P-code, a cell saying total) left out.
    TotalsRow,
    /// Columns per sex and age group of a figure with no breakdown (people in need) left out.
    NoBreakdown,
    /// People reached on planned or cancelled activities, which count no one reached.
    ReachNotCounted,
}

impl WarningKind {
    /// A short label for summaries ("265 × counts rounded").
    pub fn label(self) -> &'static str {
        match self {
            WarningKind::RoundedCount => "decimal counts rounded",
            WarningKind::ExcelError => "Excel error cells read as empty",
            WarningKind::ExtraCells => "cells beyond the last header left out",
            WarningKind::AmbiguousDates => "dates read day first",
            WarningKind::ConflictingValues => "columns giving different values",
            WarningKind::BreakdownMismatch => "sex and age breakdown not adding up",
            WarningKind::ReachedAboveTargeted => "more reached than targeted",
            WarningKind::Doubtful => "figures to check",
            WarningKind::TotalsRow => "totals rows left out",
            WarningKind::NoBreakdown => "columns per sex and age group left out",
            WarningKind::ReachNotCounted => "people reached on planned activities (not counted)",
        }
    }
}

/// Something changed or dropped on the way in, that the user should know about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetWarning {
    pub kind: WarningKind,
    pub file: String,
    /// The row number (1-based) when the warning is about one row.
    pub line: Option<usize>,
    pub column: Option<String>,
    /// The value as it was in the file.
    pub value: String,
    /// The whole message, naming file, row and column.
    pub message: String,
}

impl fmt::Display for SheetWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// "file.xlsx, row 12, column “families”" — the place part of messages.
pub(crate) fn place(file: &str, line: Option<usize>, column: Option<&str>) -> String {
    let mut out = file.to_string();
    if let Some(line) = line {
        out.push_str(&format!(", row {line}"));
    }
    if let Some(column) = column {
        out.push_str(&format!(", column “{column}”"));
    }
    out
}

/// The spreadsheet letter of a 0-based column index: 0 → A, 26 → AA.
pub(crate) use crate::formats::hxl::table::column_letter;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_spreadsheets() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }
}
