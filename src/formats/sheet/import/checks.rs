//! The 5W checks a coordinator makes before trusting a partner's rows, beyond what each cell
//! must be: figures that contradict each other, and transfers that do not add up.

use super::super::{place, SheetWarning, WarningKind};
use super::problems::{LineMap, RejectReason, RowProblem};
use crate::formats::hxl::table::{Column, DataRow, HxlTable};
use crate::model::{Modality, Vocabulary};

/// Sex and age attributes of the breakdown columns (`#targeted+f+adults`, …).
const SEX_AGE: [(&str, &str); 6] =
    [("f", "adults"), ("m", "adults"), ("f", "children"), ("m", "children"), ("f", "elderly"), ("m", "elderly")];
const NOT_TOTAL: &[&str] = &["hh", "f", "m", "adults", "children", "elderly"];

struct People<'t> {
    total: Option<&'t Column>,
    households: Option<&'t Column>,
    parts: Vec<&'t Column>,
}

impl<'t> People<'t> {
    fn of(table: &'t HxlTable, tag: &str) -> People<'t> {
        People {
            total: table.find(tag, &[], NOT_TOTAL),
            households: table.find(tag, &["hh"], &[]),
            parts: SEX_AGE.iter().filter_map(|(sex, age)| table.find(tag, &[sex, age], &[])).collect(),
        }
    }
}

/// A whole number in a cell; other text is the reader's business.
fn number(row: &DataRow, column: Option<&Column>) -> Option<u64> {
    column.and_then(|c| row.cell(c.index)).and_then(|t| t.parse().ok())
}

pub(super) fn activities(
    table: &HxlTable,
    map: &LineMap,
    file: &str,
    problems: &mut Vec<RowProblem>,
    warnings: &mut Vec<SheetWarning>,
) {
    let targeted = People::of(table, "targeted");
    let reached = People::of(table, "reached");
    let modality = table.find("modality", &[], &["conditionality", "restriction"]);
    let mut values = table.find_all("value", &["transfer"], &[]);
    values.extend(table.find_all("value", &["wage"], &[]));
    let currency = table.find("currency", &[], &[]);
    for row in &table.rows {
        let Some(line) = map.line(row.number) else { continue };
        let mut problem = |column: Option<&Column>, reason: RejectReason, what: String| {
            problems.push(RowProblem::new(file, line, column.map(|c| c.header.as_str()), reason, &what));
        };
        for people in [&targeted, &reached] {
            if let Some(warning) = breakdown_mismatch(row, people, file, line) {
                warnings.push(warning);
            }
        }
        for (total, reached_column, unit) in
            [(targeted.total, reached.total, "people"), (targeted.households, reached.households, "households")]
        {
            if let (Some(t), Some(r)) = (number(row, total), number(row, reached_column)) {
                if r > t {
                    problem(
                        reached_column,
                        RejectReason::ReachedAboveTargeted,
                        format!(
                        "{r} {unit} reached but {t} targeted. Correct the figures (reached people are also targeted)."
                    ),
                    );
                }
            }
        }
        let Some(kind) = modality.and_then(|c| row.cell(c.index)).and_then(Modality::parse_loose) else { continue };
        let filled_value = values.iter().copied().find(|c| row.cell(c.index).is_some());
        if kind.is_transfer() {
            match filled_value {
                None => problem(
                    values.first().copied().or(modality),
                    RejectReason::TransferIncomplete,
                    format!(
                        "a {kind} transfer without a transfer value. Fill in the value per household, person or day."
                    ),
                ),
                Some(_) if currency.is_some_and(|c| row.cell(c.index).is_none()) => problem(
                    currency,
                    RejectReason::TransferIncomplete,
                    format!("a {kind} transfer value without its currency. Fill in the ISO currency code (e.g. USD)."),
                ),
                Some(_) => {}
            }
        } else if let Some(column) = filled_value {
            problem(Some(column), RejectReason::InKindWithValue, format!(
                "a transfer value on a {kind} activity. Only cash and voucher rows have one: empty the cell or correct the modality."
            ));
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
