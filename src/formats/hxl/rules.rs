//! The domain rules applied to each record an HXL file gives: the same `model::rules` a form
//! or `cashplan check` applies, with each problem told at the row and column it came from.

use super::errors::{Errors, HxlError, HxlWarning};
use super::table::Column;
use crate::model::rules::{self, field, ProblemKind};
use crate::model::{Kind, Plan};

/// Checks `record` (read from `row`) against `plan`; errors refuse it, warnings go with the
/// import. `column` names the file's column for a field key, when the file has one.
/// Returns whether the record is accepted.
pub(super) fn check_row<'t, K: Kind>(
    record: &K,
    plan: &Plan,
    row: usize,
    column: impl Fn(&str) -> Option<&'t Column>,
    errors: &mut Errors,
) -> bool {
    check_read_row(record, plan, row, column, errors, None)
}

/// Like [`check_row`] for a row whose cells the reader already found problems in (from
/// `mark` on): the rules still run, so every problem of the row is listed at once, but
/// not again what follows from a cell already reported (an empty required cell, an
/// unreadable value). `complete` is false when a required field could not be read.
pub(super) fn check_read_row<'t, K: Kind>(
    record: &K,
    plan: &Plan,
    row: usize,
    column: impl Fn(&str) -> Option<&'t Column>,
    errors: &mut Errors,
    reported: Option<(usize, bool)>,
) -> bool {
    let already: Vec<String> = reported.map(|(mark, _)| errors.columns_since(mark)).unwrap_or_default();
    let complete = reported.is_none_or(|(_, complete)| complete);
    let mut accepted = already.is_empty() && complete;
    for problem in rules::check(record, plan) {
        let follows_from_reader = !complete
            && matches!(
                problem.kind,
                ProblemKind::Missing | ProblemKind::UnknownArea { .. } | ProblemKind::UnknownSector { .. }
            );
        let column = column(problem.field).map(Column::describe);
        if follows_from_reader || column.as_ref().is_some_and(|c| already.contains(c)) {
            continue;
        }
        let column = column.unwrap_or_else(|| {
            let label = field(K::FIELDS, problem.field).map_or(problem.field, |f| f.label);
            format!("“{label}”")
        });
        let file = errors.file.clone();
        if problem.is_error() {
            accepted = false;
            errors.push(HxlError::Rule { file, row, column, problem });
        } else {
            errors.warnings.push(HxlWarning { file, row, column, problem });
        }
    }
    accepted
}
