//! Problems of a spreadsheet import, told in the user's own file: the HXL reader's errors
//! (about rows of the HXL CSV in between) are moved back to the sheet's rows and headers.

use super::super::apply::SheetError;
use super::super::{place, RawTable, SheetWarning, WarningKind};
use crate::formats::hxl::table::HxlTable;
use crate::formats::hxl::{HxlError, HxlWarning};
use crate::model::rules::{ProblemKind, ValueError};
use serde::Serialize;
use std::collections::HashMap;

/// Why a row cannot be imported, to count and group them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum RejectReason {
    /// A required cell (organisation, sector, P-code, …) is empty.
    MissingValue,
    /// A value the mapping or the reader does not understand.
    BadValue,
    NegativeNumber,
    EndBeforeStart,
    UnknownArea,
    UnknownSector,
    /// The same id (or the same key fields) as an earlier row.
    Duplicate,
    /// Two rows give one area different names or parents.
    AreaConflict,
    ReachedAboveTargeted,
    /// A cash or voucher row without its transfer value or currency.
    TransferIncomplete,
    /// An in-kind or service row with a transfer value.
    InKindWithValue,
    /// Figures that contradict each other (more households than people).
    Inconsistent,
    /// A figure no record can hold (a billion people, a household of 50).
    Implausible,
    /// An area whose parent is unknown, itself, or not above it.
    BadParent,
}

impl RejectReason {
    /// A short label for summaries ("12 rows: unknown P-code").
    pub fn label(self) -> &'static str {
        match self {
            RejectReason::MissingValue => "required value missing",
            RejectReason::BadValue => "value not understood",
            RejectReason::NegativeNumber => "negative number",
            RejectReason::EndBeforeStart => "end before start",
            RejectReason::UnknownArea => "unknown P-code",
            RejectReason::UnknownSector => "unknown sector",
            RejectReason::Duplicate => "duplicate row",
            RejectReason::AreaConflict => "area named differently",
            RejectReason::ReachedAboveTargeted => "reached more than targeted",
            RejectReason::TransferIncomplete => "cash or voucher without value or currency",
            RejectReason::InKindWithValue => "in-kind with a transfer value",
            RejectReason::Inconsistent => "figures contradicting each other",
            RejectReason::Implausible => "figure not plausible",
            RejectReason::BadParent => "parent area not valid",
        }
    }
}

/// One problem in one row of the user's file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    /// The row number in the user's sheet (1-based).
    pub line: usize,
    /// The header of the column, when the problem is about one.
    pub column: Option<String>,
    pub reason: RejectReason,
    /// The whole message, naming file, row and column and what to do.
    pub message: String,
}

impl RowProblem {
    pub fn new(file: &str, line: usize, column: Option<&str>, reason: RejectReason, what: &str) -> RowProblem {
        RowProblem {
            line,
            column: column.map(str::to_string),
            reason,
            message: format!("{}: {what}", place(file, Some(line), column)),
        }
    }
}

pub(super) enum Found {
    Row(RowProblem),
    WholeFile(String),
}

/// A value refused while the mapping was applied.
pub(super) fn from_sheet_error(error: &SheetError, table: &RawTable) -> Found {
    match error {
        SheetError::UnmappedValue { line, value, .. } if *line != table.header_row => {
            let reason = if is_negative(value) { RejectReason::NegativeNumber } else { RejectReason::BadValue };
            Found::Row(RowProblem { line: *line, column: column_of(error), reason, message: error.to_string() })
        }
        other => Found::WholeFile(other.to_string()),
    }
}

fn column_of(error: &SheetError) -> Option<String> {
    match error {
        SheetError::UnmappedValue { column, .. } => Some(column.clone()),
        _ => None,
    }
}

fn is_negative(value: &str) -> bool {
    let Some(rest) = value.trim().strip_prefix('-').map(str::trim) else { return false };
    rest.starts_with(|c: char| c.is_ascii_digit()) && rest.chars().all(|c| c.is_ascii_digit() || ".,' ".contains(c))
}

/// HXL CSV row numbers → the sheet's row numbers.
pub(super) struct LineMap {
    lines: HashMap<usize, usize>,
}

impl LineMap {
    /// `lines` are the original row numbers of the non-blank data rows, in order, as the
    /// reader keeps them.
    pub fn new(table: &HxlTable, lines: Vec<usize>) -> LineMap {
        LineMap { lines: table.rows.iter().map(|r| r.number).zip(lines).collect() }
    }

    pub fn line(&self, hxl_row: usize) -> Option<usize> {
        self.lines.get(&hxl_row).copied()
    }
}

/// The problems found in one round of checks.
#[derive(Debug, Default)]
pub(super) struct Round {
    pub whole_file: Vec<String>,
    pub rows: Vec<RowProblem>,
    /// What to say of duplicates instead of the reader's advice.
    pub duplicate_advice: Option<&'static str>,
    /// The rows' ids were made from their content (no id column was mapped): a duplicate's
    /// message does not show them.
    pub content_ids: bool,
}

impl Round {
    pub fn is_empty(&self) -> bool {
        self.whole_file.is_empty() && self.rows.is_empty()
    }

    /// Adds the HXL reader's errors, moved to the sheet's rows and headers.
    pub fn add_hxl(&mut self, errors: &[HxlError], file: &str, map: &LineMap, table: &HxlTable) {
        let headers: HashMap<String, &str> = table.columns.iter().map(|c| (c.describe(), c.header.as_str())).collect();
        for error in errors {
            let Some(line) = map.line(error.row()) else {
                // The "more than N problems" notice only says another round is needed.
                if let HxlError::MissingColumn { kind, hashtag, what, .. } = error {
                    let field = hashtag.split(' ').next().unwrap_or(hashtag);
                    self.whole_file.push(format!(
                        "{file}: no column is mapped to {field} ({what}); a table of {kind} needs one. Choose that column's field under “Imported as”, then check the rows again."
                    ));
                } else if !matches!(error, HxlError::TooMany { .. }) {
                    self.whole_file.push(error.to_string().replace("the file", "the mapped sheet"));
                }
                continue;
            };
            let column = error.column().map(|c| headers.get(c).map_or_else(|| c.to_string(), |h| h.to_string()));
            let first_line =
                |row: usize| map.line(row).map_or_else(|| "an earlier row".to_string(), |l| format!("row {l}"));
            let (reason, what) = match error {
                HxlError::MissingValue { .. } => (RejectReason::MissingValue, "empty, but a value is required here. Fill it in, or skip the row.".to_string()),
                HxlError::BadValue { value, expected, .. } => {
                    let reason = if expected.starts_with("a date on or after") {
                        RejectReason::EndBeforeStart
                    } else if is_negative(value) {
                        RejectReason::NegativeNumber
                    } else {
                        RejectReason::BadValue
                    };
                    (reason, format!("“{value}” is not understood; expected {expected}. Correct the cell."))
                }
                HxlError::UnknownArea { code, .. } => (
                    RejectReason::UnknownArea,
                    format!("unknown P-code “{code}”. Import the areas first, choose to create missing areas from the P-code columns, or correct the code."),
                ),
                HxlError::UnknownSector { value, known, .. } => (
                    RejectReason::UnknownSector,
                    format!("unknown sector “{value}”; the plan knows {known}. Map it to one of these in the value mapping, or add the sector to the plan."),
                ),
                HxlError::Duplicate { first_row, id, advice, .. } => {
                    let id = if self.content_ids { None } else { id.as_deref() };
                    (
                        RejectReason::Duplicate,
                        format!(
                            "the same record as {}{}. {}",
                            first_line(*first_row),
                            crate::formats::hxl::id_note(id),
                            self.duplicate_advice.unwrap_or(advice)
                        ),
                    )
                }
                HxlError::AreaConflict { code, field, value, earlier, first_row, .. } => (
                    RejectReason::AreaConflict,
                    format!("the {field} of area {code} is “{value}” here but “{earlier}” in {}. Make the rows agree.", first_line(*first_row)),
                ),
                HxlError::Rule { problem, .. } => (rule_reason(&problem.kind), format!("{}. Correct the row.", problem.kind)),
                other => (RejectReason::BadValue, other.to_string()),
            };
            self.rows.push(RowProblem::new(file, line, column.as_deref(), reason, &what));
        }
    }
}

/// Why a row the rules refuse is set aside, to count rows by reason.
fn rule_reason(kind: &ProblemKind) -> RejectReason {
    match kind {
        ProblemKind::Missing => RejectReason::MissingValue,
        ProblemKind::Invalid { error: ValueError::Negative { .. } } | ProblemKind::NegativeValue { .. } => {
            RejectReason::NegativeNumber
        }
        ProblemKind::Invalid { .. }
        | ProblemKind::BadCurrency { .. }
        | ProblemKind::RateNotPositive { .. }
        | ProblemKind::NotAboveZero
        | ProblemKind::NoShape
        | ProblemKind::CoordinateOutOfRange { .. }
        | ProblemKind::UnitNotAllowed { .. } => RejectReason::BadValue,
        ProblemKind::UnknownArea { .. } => RejectReason::UnknownArea,
        ProblemKind::UnknownSector { .. }
        | ProblemKind::ReferenceNotFinal { .. }
        | ProblemKind::ActivityInCaseload { .. } => RejectReason::UnknownSector,
        ProblemKind::UnknownParent { .. }
        | ProblemKind::OwnParent
        | ProblemKind::NoParent { .. }
        | ProblemKind::ParentNotAbove { .. }
        | ProblemKind::LevelOutOfRange { .. } => RejectReason::BadParent,
        ProblemKind::EndBeforeStart { .. } => RejectReason::EndBeforeStart,
        ProblemKind::ReachedAboveTargeted { .. } => RejectReason::ReachedAboveTargeted,
        ProblemKind::TransferWithoutValue { .. } | ProblemKind::ValueWithoutCurrency => {
            RejectReason::TransferIncomplete
        }
        ProblemKind::ValueWithoutTransfer { .. } => RejectReason::InKindWithValue,
        ProblemKind::HouseholdsAbovePeople { .. }
        | ProblemKind::SameCurrency { .. }
        | ProblemKind::CoordinateAlone { .. }
        | ProblemKind::ReachedNotCounted { .. } => RejectReason::Inconsistent,
        ProblemKind::ImplausiblePeople { .. }
        | ProblemKind::ImplausibleHouseholdSize { .. }
        | ProblemKind::SeverityOutOfRange { .. }
        | ProblemKind::ZeroTransferValue => RejectReason::Implausible,
    }
}

/// A rule's warning on a row of the HXL in between, told at the sheet's own row and header.
pub(super) fn rule_warning(warning: &HxlWarning, file: &str, map: &LineMap, table: &HxlTable) -> Option<SheetWarning> {
    let line = map.line(warning.row)?;
    let header = table.columns.iter().find(|c| c.describe() == warning.column).map(|c| c.header.clone());
    let kind = match warning.problem.kind {
        ProblemKind::ReachedAboveTargeted { .. } => WarningKind::ReachedAboveTargeted,
        ProblemKind::ReachedNotCounted { .. } => WarningKind::ReachNotCounted,
        _ => WarningKind::Doubtful,
    };
    Some(SheetWarning {
        kind,
        file: file.to_string(),
        line: Some(line),
        message: format!(
            "{}: {}. Imported all the same; check the figures.",
            place(file, Some(line), header.as_deref()),
            warning.problem.kind
        ),
        column: header,
        value: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_numbers_are_told_apart_from_other_bad_values() {
        assert!(is_negative("-5"));
        assert!(is_negative(" -1,250.5"));
        assert!(!is_negative("-"));
        assert!(!is_negative("n/a"));
        assert!(!is_negative("-abc"));
    }
}
