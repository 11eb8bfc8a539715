//! What can be wrong with an HXL file, said so that the user can fix the file in one go.

use super::TableKind;
use crate::model::rules::Problem;
use crate::model::sorting;
use std::fmt;
use thiserror::Error;

/// At most this many problems are listed; past it the user is told to fix these first.
pub const ERROR_CAP: usize = 200;

/// One problem in an HXL file. `row` is the spreadsheet row number the user sees (1-based);
/// `column` reads like `column C "Governorate P-code" (#adm1+code)`.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum HxlError {
    #[error("{file}: the file is empty. Export the sheet as CSV (UTF-8) and import it again.")]
    Empty { file: String },
    #[error("{file}, row {row}: not readable as CSV ({detail}). Save the sheet as \"CSV UTF-8\" and import it again.")]
    NotCsv { file: String, row: usize, detail: String },
    #[error("{file}: no HXL hashtag row in the first {searched} rows. Add a row of hashtags (such as #adm1+code, #sector, #inneed) under the column headers; see hxlstandard.org.")]
    NoHashtagRow { file: String, searched: usize },
    #[error("{file}: cannot tell which table this is from its hashtags ({found}). Areas need #adm1+code; needs #inneed; 5W activities #org, #activity, #targeted or #reached; transfer value standards #value+recommended; MEB #value+meb; exchange rates #value+fx. Add the identifying hashtag or choose the table kind explicitly.")]
    Unrecognised { file: String, found: String },
    #[error("{file}: this {kind} table has no column tagged {hashtag} ({what}). Add the column, or its hashtag to the hashtag row.")]
    MissingColumn { file: String, kind: TableKind, hashtag: String, what: String },
    #[error("{file}, row {row}, {column}: empty, but a value is required here. Fill it in or delete the row.")]
    MissingValue { file: String, row: usize, column: String },
    #[error("{file}, row {row}, {column}: `{value}` is not understood; expected {expected}. Correct the cell and import again.")]
    BadValue { file: String, row: usize, column: String, value: String, expected: String },
    #[error(
        "{file}, row {row}, {column}: unknown P-code `{code}`. Import the areas table first, or correct the code."
    )]
    UnknownArea { file: String, row: usize, column: String, code: String },
    #[error("{file}, row {row}, {column}: unknown sector `{value}`; the plan knows {known}. Use one of these codes (or names), or add the sector to the plan first.")]
    UnknownSector { file: String, row: usize, column: String, value: String, known: String },
    /// `id` is the row's own id (its `#meta+id` cell); None when the reader made it from the
    /// row's content, which would mean nothing to the person who wrote the file.
    #[error("{file}, row {row}: the same record as row {first_row}{}. {advice}", id_note(.id.as_deref()))]
    Duplicate { file: String, row: usize, first_row: usize, id: Option<String>, advice: String },
    #[error("{file}, row {row}, {column}: the {field} of area `{code}` is `{value}` here but `{earlier}` in row {first_row}. Make the rows agree.")]
    AreaConflict {
        file: String,
        row: usize,
        column: String,
        code: String,
        field: String,
        value: String,
        earlier: String,
        first_row: usize,
    },
    /// A record the rules refuse (`model::rules`): the same rule a form or `cashplan check`
    /// applies, told at the row and column it came from.
    #[error("{file}, row {row}, {column}: {problem}. Correct the row and import again.")]
    Rule { file: String, row: usize, column: String, problem: Problem },
    #[error("{file}: more than {cap} problems; only the first {cap} are listed. Fix these and import again to see the rest.")]
    TooMany { file: String, cap: usize },
}

impl HxlError {
    /// The column a problem is in, when it is about one cell.
    pub fn column(&self) -> Option<&str> {
        match self {
            HxlError::MissingValue { column, .. }
            | HxlError::BadValue { column, .. }
            | HxlError::UnknownArea { column, .. }
            | HxlError::UnknownSector { column, .. }
            | HxlError::AreaConflict { column, .. }
            | HxlError::Rule { column, .. } => Some(column),
            _ => None,
        }
    }

    /// The spreadsheet row the problem is on, 0 for problems with the whole file.
    pub fn row(&self) -> usize {
        match self {
            HxlError::NotCsv { row, .. }
            | HxlError::MissingValue { row, .. }
            | HxlError::BadValue { row, .. }
            | HxlError::UnknownArea { row, .. }
            | HxlError::UnknownSector { row, .. }
            | HxlError::Duplicate { row, .. }
            | HxlError::AreaConflict { row, .. }
            | HxlError::Rule { row, .. } => *row,
            HxlError::Empty { .. }
            | HxlError::NoHashtagRow { .. }
            | HxlError::Unrecognised { .. }
            | HxlError::MissingColumn { .. }
            | HxlError::TooMany { .. } => 0,
        }
    }
}

/// What the rules flag in a row that is imported all the same (reached above targeted…),
/// shown in the preview so that it is never accepted silently.
#[derive(Debug, Clone, PartialEq)]
pub struct HxlWarning {
    pub file: String,
    pub row: usize,
    pub column: String,
    pub problem: Problem,
}

impl fmt::Display for HxlWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, row {}, {}: {}", self.file, self.row, self.column, self.problem.kind)
    }
}

/// Every problem found in one import; nothing was imported.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportErrors(pub Vec<HxlError>);

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.iter().filter(|e| !matches!(e, HxlError::TooMany { .. })).count();
        let noun = if count == 1 { "problem" } else { "problems" };
        write!(f, "Nothing was imported: {count} {noun} to fix.")?;
        for error in &self.0 {
            write!(f, "\n- {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportErrors {}

impl From<HxlError> for ImportErrors {
    fn from(error: HxlError) -> Self {
        ImportErrors(vec![error])
    }
}

/// Collects problems up to [`ERROR_CAP`] while a whole file is checked.
#[derive(Debug)]
pub(super) struct Errors {
    pub file: String,
    list: Vec<HxlError>,
    overflowed: bool,
    /// What the rules flag in rows that are imported all the same.
    pub warnings: Vec<HxlWarning>,
    cap: usize,
}

impl Errors {
    pub fn new(file: &str) -> Errors {
        Errors { file: file.to_string(), list: Vec::new(), overflowed: false, warnings: Vec::new(), cap: ERROR_CAP }
    }

    /// Every problem, for a caller that sets the rows with problems aside in one pass.
    pub fn all(file: &str) -> Errors {
        Errors { cap: usize::MAX, ..Errors::new(file) }
    }

    pub fn push(&mut self, error: HxlError) {
        if self.list.len() < self.cap {
            self.list.push(error);
        } else {
            self.overflowed = true;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// How many problems are listed so far: a mark to find those a row added.
    pub fn mark(&self) -> usize {
        self.list.len()
    }

    /// The columns of the problems listed since `mark`.
    pub fn columns_since(&self, mark: usize) -> Vec<String> {
        self.list.get(mark..).unwrap_or_default().iter().filter_map(|e| e.column().map(str::to_string)).collect()
    }

    /// The warnings, or every error found.
    pub fn into_result(self) -> Result<Vec<HxlWarning>, ImportErrors> {
        if self.list.is_empty() {
            return Ok(self.warnings);
        }
        let mut list = self.list;
        // Table-level problems first, then row by row as the user works through the file.
        sorting::sort_by_key(&mut list, HxlError::row);
        if self.overflowed {
            list.push(HxlError::TooMany { file: self.file, cap: ERROR_CAP });
        }
        Err(ImportErrors(list))
    }
}

/// " (id `r2`)" for an id the file gave, nothing for one made from the row's content.
pub fn id_note(id: Option<&str>) -> String {
    id.map(|id| format!(" (id `{id}`)")).unwrap_or_default()
}
