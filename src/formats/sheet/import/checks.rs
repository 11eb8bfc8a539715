//! The spreadsheet's own check of a partner's 5W rows, beyond the rules every path applies:
//! sex and age breakdowns that do not add up to their totals.

use super::super::{place, SheetWarning, WarningKind};
use super::problems::LineMap;
use crate::formats::hxl::table::{Column, DataRow, HxlTable};

/// Sex and age attributes of the breakdown columns (`#targeted+f+adults`, …).
const SEX_AGE: [(&str, &str); 6] =
    [("f", "adults"), ("m", "adults"), ("f", "children"), ("m", "children"), ("f", "elderly"), ("m", "elderly")];
const NOT_TOTAL: &[&str] = &["hh", "f", "m", "adults", "children", "elderly"];

struct People<'t> {
    total: Option<&'t Column>,
    parts: Vec<&'t Column>,
}

impl<'t> People<'t> {
    fn of(table: &'t HxlTable, tag: &str) -> People<'t> {
        People {
            total: table.find(tag, &[], NOT_TOTAL),
            parts: SEX_AGE.iter().filter_map(|(sex, age)| table.find(tag, &[sex, age], &[])).collect(),
        }
    }
}

/// A whole number in a cell; other text is the reader's business.
fn number(row: &DataRow, column: Option<&Column>) -> Option<u64> {
    column.and_then(|c| row.cell(c.index)).and_then(|t| t.parse().ok())
}

/// The breakdown checks of a 5W sheet: a row's sex and age parts that do not add up to its
/// total are imported with a warning. (What refuses a row — reached above targeted, a cash
/// row without its value — is the rules' business, applied by the HXL reader to every path.)
pub(super) fn activities(table: &HxlTable, map: &LineMap, file: &str, warnings: &mut Vec<SheetWarning>) {
    let targeted = People::of(table, "targeted");
    let reached = People::of(table, "reached");
    for row in &table.rows {
        let Some(line) = map.line(row.number) else { continue };
        for people in [&targeted, &reached] {
            if let Some(warning) = breakdown_mismatch(row, people, file, line) {
                warnings.push(warning);
            }
        }
    }
}

/// The sex and age parts of a row that add up to something other than its total.
fn breakdown_mismatch(row: &DataRow, people: &People, file: &str, line: usize) -> Option<SheetWarning> {
    let total_column = people.total?;
    let total = number(row, Some(total_column))?;
    let parts: Vec<u64> = people.parts.iter().filter_map(|c| number(row, Some(c))).collect();
    let sum = parts.iter().try_fold(0u64, |a, b| a.checked_add(*b))?;
    if parts.is_empty() || sum == total {
        return None;
    }
    let header = total_column.header.as_str();
    Some(SheetWarning {
        kind: WarningKind::BreakdownMismatch,
        file: file.to_string(),
        line: Some(line),
        column: Some(header.to_string()),
        value: total.to_string(),
        message: format!(
            "{}: the sex and age breakdown adds up to {sum}, not the total {total}. The total was kept; correct the breakdown if it is wrong.",
            place(file, Some(line), Some(header))
        ),
    })
}
