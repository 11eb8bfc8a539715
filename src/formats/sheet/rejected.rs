//! The rejected rows to send back to the partner: their own columns as they were, with the
//! row number and every reason in front, as CSV or as an `.xlsx` sheet.

use super::import::RowProblem;
use super::{place, RawTable};
use crate::formats::hxl::HxlWriter;
use crate::formats::xlsx::{Cell, SheetData};
use std::collections::BTreeMap;

/// The headers of the two columns put in front of the partner's own.
pub const ROW_HEADER: &str = "Row in your file";
pub const REASON_HEADER: &str = "Why it was not imported";

/// The rows set aside, each once, in the order of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRows {
    pub file: String,
    /// The partner's headers, as in the file.
    pub headers: Vec<String>,
    pub rows: Vec<RejectedRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    pub line: usize,
    /// Every reason for the row, each naming its column.
    pub reasons: Vec<String>,
    pub cells: Vec<String>,
}

/// The rows of `raw` that `problems` name, with their reasons (the message without the file
/// and row, which the partner's sheet already shows).
pub fn rejected_rows(raw: &RawTable, problems: &[RowProblem]) -> RejectedRows {
    let mut reasons: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for problem in problems {
        let at = place(&raw.file, Some(problem.line), None);
        let message = problem.message.as_str();
        let text = message
            .strip_prefix(&format!("{at}, "))
            .or_else(|| message.strip_prefix(&format!("{at}: ")))
            .unwrap_or(message);
        let list = reasons.entry(problem.line).or_default();
        if !list.iter().any(|r| r == text) {
            list.push(text.to_string());
        }
    }
    let rows = raw
        .rows
        .iter()
        .filter_map(|row| {
            let reasons = reasons.remove(&row.line)?;
            Some(RejectedRow { line: row.line, reasons, cells: row.cells.clone() })
        })
        .collect();
    RejectedRows { file: raw.file.clone(), headers: raw.headers.clone(), rows }
}

impl RejectedRows {
    fn columns(&self) -> Vec<(String, String)> {
        let own = self.headers.iter().map(|h| (h.clone(), String::new()));
        [ROW_HEADER, REASON_HEADER].into_iter().map(|h| (h.to_string(), String::new())).chain(own).collect()
    }

    fn reasons(row: &RejectedRow) -> String {
        row.reasons.join(" | ")
    }

    /// As CSV (no hashtag row: these are the partner's own columns), formulas defused.
    pub fn to_csv(&self) -> String {
        let mut writer = HxlWriter::new(self.columns());
        for row in &self.rows {
            let mut cells = vec![row.line.to_string(), Self::reasons(row)];
            cells.extend(row.cells.iter().cloned());
            writer.row(cells);
        }
        writer.finish()
    }

    /// As one workbook sheet for [`crate::formats::xlsx::write_xlsx`].
    pub fn to_sheet(&self) -> SheetData {
        let rows = self
            .rows
            .iter()
            .map(|row| {
                let own = row.cells.iter().map(|c| if c.is_empty() { Cell::Empty } else { Cell::Text(c.clone()) });
                let line = i64::try_from(row.line).map_or(Cell::Text(row.line.to_string()), Cell::Integer);
                [line, Cell::Text(Self::reasons(row))].into_iter().chain(own).collect()
            })
            .collect();
        SheetData { name: "Rejected rows".into(), columns: self.columns(), rows, lists: Vec::new() }
    }

    /// `4w.xlsx` → `4w-rejected-rows.csv` (or `.xlsx`).
    pub fn file_name(&self, extension: &str) -> String {
        let stem = self.file.rsplit_once('.').map_or(self.file.as_str(), |(stem, _)| stem);
        format!("{stem}-rejected-rows.{extension}")
    }
}
