//! Reading typed values out of one data row, recording every problem instead of stopping.
//!
//! A value that cannot be read yields None and an error; since any error discards the whole
//! import, callers may treat None as "leave it out" without tracking which case it was.

use super::errors::{Errors, HxlError};
use super::table::{Column, DataRow, HxlTable};
use super::TableKind;
use crate::model::rules::values::{self, MonthDay};
use crate::model::{Amount, IsoDate, Month, Plan, ValueUnit, Vocabulary};
use std::collections::{BTreeSet, HashMap};

pub(super) const COUNT: &str = "a whole number of 0 or more (e.g. 1250 or 1,250)";
pub(super) const AMOUNT: &str =
    "a number of 0 or more with at most 4 decimals and no separators or currency sign (e.g. 120.50)";
pub(super) const POSITIVE: &str = "a number above 0, with a dot for decimals (e.g. 5.6)";
pub(super) const CURRENCY: &str = "a 3-letter ISO 4217 currency code (e.g. USD, SYP, TRY)";
pub(super) const SEVERITY: &str = "a severity from 1 (minimal) to 5 (catastrophic)";

/// The cells of one row, with the file's error list to report into.
pub(super) struct RowReader<'a> {
    pub row: &'a DataRow,
    pub errors: &'a mut Errors,
}

impl<'a> RowReader<'a> {
    /// The trimmed cell of `column`, None when the column is absent or the cell empty.
    pub fn text(&self, column: Option<&Column>) -> Option<&'a str> {
        column.and_then(|c| self.row.cell(c.index))
    }

    pub fn owned(&self, column: Option<&Column>) -> Option<String> {
        self.text(column).map(str::to_string)
    }

    /// A cell that must be filled (a missing column was reported once for the whole table).
    pub fn required(&mut self, column: Option<&Column>) -> Option<&'a str> {
        let value = self.text(column);
        if let (None, Some(column)) = (value, column) {
            self.errors.push(HxlError::MissingValue {
                file: self.errors.file.clone(),
                row: self.row.number,
                column: column.describe(),
            });
        }
        value
    }

    pub fn bad_value(&mut self, column: &Column, value: &str, expected: &str) {
        self.errors.push(HxlError::BadValue {
            file: self.errors.file.clone(),
            row: self.row.number,
            column: column.describe(),
            value: value.to_string(),
            expected: expected.to_string(),
        });
    }

    /// Parses an optional cell; a value `parse` refuses is an error naming `expected`.
    pub fn parse<T>(
        &mut self,
        column: Option<&Column>,
        expected: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let (column, text) = (column?, self.text(column)?);
        let parsed = parse(text);
        if parsed.is_none() {
            self.bad_value(column, text, expected);
        }
        parsed
    }

    /// Like [`RowReader::parse`], and an empty cell is an error too.
    pub fn parse_required<T>(
        &mut self,
        column: Option<&Column>,
        expected: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        self.required(column)?;
        self.parse(column, expected, parse)
    }

    pub fn count(&mut self, column: Option<&Column>) -> Option<u64> {
        self.parse(column, COUNT, parse_count)
    }

    pub fn amount(&mut self, column: Option<&Column>) -> Option<Amount> {
        self.parse(column, AMOUNT, |t| Amount::parse(t).filter(|a| !a.is_negative()))
    }

    /// A positive decimal such as a household size.
    pub fn positive(&mut self, column: Option<&Column>) -> Option<f64> {
        self.parse(column, POSITIVE, parse_positive)
    }

    /// Degrees of latitude or longitude; the range is the rules' to judge.
    pub fn coordinate(&mut self, column: Option<&Column>) -> Option<f64> {
        self.parse(column, "decimal degrees such as 36.3925 or -1.25", |t| values::coordinate(t).ok())
    }

    pub fn vocab<V: Vocabulary + PartialEq>(&mut self, column: Option<&Column>) -> Option<V> {
        let (column, text) = (column?, self.text(column)?);
        let parsed = V::parse_loose(text);
        if parsed.is_none() {
            // Built only for a refused value: this runs for several columns of every row.
            let expected = format!("a {} — one of: {}", V::NAME, V::accepted());
            self.bad_value(column, text, &expected);
        }
        parsed
    }

    pub fn currency(&mut self, column: Option<&Column>) -> Option<String> {
        self.parse(column, CURRENCY, parse_currency)
    }

    /// A date; a month `YYYY-MM` means its first day, or its last when `end` is true.
    pub fn date(&mut self, column: Option<&Column>, end: bool) -> Option<IsoDate> {
        self.parse(column, "a date YYYY-MM-DD or a month YYYY-MM", |t| parse_date(t, end))
    }

    /// A reporting month: `YYYY-MM`, or a date meaning its month.
    pub fn month(&mut self, column: Option<&Column>) -> Option<Month> {
        self.parse(column, "a month YYYY-MM or a date YYYY-MM-DD", |t| values::month(t).ok())
    }

    /// `;`-separated values, trimmed, empty parts dropped.
    pub fn list(&self, column: Option<&Column>) -> BTreeSet<String> {
        self.text(column).map(values::list).unwrap_or_default()
    }

    /// The sector code for a code or name in the plan; required.
    pub fn sector(&mut self, column: Option<&Column>, plan: &Plan) -> Option<String> {
        let (column, text) = (column?, self.required(column)?);
        if let Some(sector) = plan.find_sector(text) {
            return Some(sector.code.clone());
        }
        let known = plan.sectors.live().map(|r| r.data.code.as_str()).collect::<Vec<_>>().join(", ");
        self.errors.push(HxlError::UnknownSector {
            file: self.errors.file.clone(),
            row: self.row.number,
            column: column.describe(),
            value: text.to_string(),
            known,
        });
        None
    }

    /// The row's area: its deepest non-empty P-code, which must be known. None when the row
    /// gives no code (callers decide whether that is allowed) or the code is unknown.
    pub fn area(&mut self, columns: &AreaColumns, known: &AreaIndex) -> Option<String> {
        let (column, code) = columns.codes_in(self.row).pop()?;
        let found = known.resolve(code);
        if found.is_none() {
            self.errors.push(HxlError::UnknownArea {
                file: self.errors.file.clone(),
                row: self.row.number,
                column: column.describe(),
                code: code.to_string(),
            });
        }
        found
    }

    /// Like [`RowReader::area`], and a row without any code is an error on the first code column.
    pub fn area_required(&mut self, columns: &AreaColumns, known: &AreaIndex) -> Option<String> {
        if columns.codes_in(self.row).is_empty() {
            self.required(columns.first());
            return None;
        }
        self.area(columns, known)
    }
}

// The readers take values as `model::rules::values` reads them, so a cell means the same
// in an HXL file, a spreadsheet and a form.

pub(super) fn parse_count(text: &str) -> Option<u64> {
    values::count(text).ok()
}

fn parse_positive(text: &str) -> Option<f64> {
    values::positive(text).ok()
}

pub(super) fn parse_currency(text: &str) -> Option<String> {
    values::currency(text).ok()
}

/// A date, or a month meaning its first day (its last when `end`).
pub(super) fn parse_date(text: &str, end: bool) -> Option<IsoDate> {
    values::date(text, if end { MonthDay::Last } else { MonthDay::First }).ok()
}

/// The `#admN+code` columns of a table, shallowest first.
pub(super) struct AreaColumns<'t> {
    codes: Vec<(u8, &'t Column)>,
}

impl<'t> AreaColumns<'t> {
    pub fn of(table: &'t HxlTable) -> AreaColumns<'t> {
        let codes = (1..=4_u8)
            .filter_map(|level| table.find(&format!("adm{level}"), &["code"], &[]).map(|c| (level, c)))
            .collect();
        AreaColumns { codes }
    }

    pub fn first(&self) -> Option<&'t Column> {
        self.codes.first().map(|(_, c)| *c)
    }

    pub fn levels(&self) -> impl Iterator<Item = (u8, &'t Column)> + '_ {
        self.codes.iter().copied()
    }

    /// The non-empty codes of a row with their columns, shallowest first.
    pub fn codes_in<'r>(&self, row: &'r DataRow) -> Vec<(&'t Column, &'r str)> {
        self.codes.iter().filter_map(|(_, c)| row.cell(c.index).map(|code| (*c, code))).collect()
    }
}

/// P-codes a file may refer to, matched without regard to case.
pub(super) struct AreaIndex {
    by_folded: HashMap<String, String>,
}

impl AreaIndex {
    pub fn of(plan: &Plan) -> AreaIndex {
        let by_folded = plan.areas.live().map(|r| (r.id.to_uppercase(), r.id.clone())).collect();
        AreaIndex { by_folded }
    }

    /// The plan's spelling of a code.
    pub fn resolve(&self, code: &str) -> Option<String> {
        self.by_folded.get(&code.trim().to_uppercase()).cloned()
    }
}

/// Reports a second row with the id of an earlier one, which would silently replace it.
#[derive(Default)]
pub(super) struct Dedup {
    first_rows: HashMap<String, usize>,
}

impl Dedup {
    /// True when the id is new in this file. `given`: the id is the row's own (`#meta+id`),
    /// so a message may name it; an id made from the row's content is not shown.
    pub fn first(&mut self, id: &str, given: bool, row: usize, errors: &mut Errors, advice: &str) -> bool {
        match self.first_rows.get(id) {
            Some(&first_row) => {
                errors.push(HxlError::Duplicate {
                    file: errors.file.clone(),
                    row,
                    first_row,
                    id: given.then(|| id.to_string()),
                    advice: advice.to_string(),
                });
                false
            }
            None => {
                self.first_rows.insert(id.to_string(), row);
                true
            }
        }
    }
}

/// Reports a required column that the table lacks; returns whether it is there.
pub(super) fn require(
    column: Option<&Column>,
    kind: TableKind,
    hashtag: &str,
    what: &str,
    errors: &mut Errors,
) -> bool {
    if column.is_none() {
        errors.push(HxlError::MissingColumn {
            file: errors.file.clone(),
            kind,
            hashtag: hashtag.to_string(),
            what: what.to_string(),
        });
    }
    column.is_some()
}

/// Value columns such as `#value+transfer+hh`: the unit comes from an attribute (`+hh`,
/// `+ind`, `+day`, …), else `default`.
pub(super) fn value_columns<'t>(
    table: &'t HxlTable,
    attribute: &str,
    default: ValueUnit,
) -> Vec<(ValueUnit, &'t Column)> {
    table
        .find_all("value", &[attribute], &[])
        .into_iter()
        .map(|c| (c.tag.attributes.iter().find_map(|a| ValueUnit::parse_loose(a)).unwrap_or(default), c))
        .collect()
}

impl RowReader<'_> {
    /// The one filled value among `columns` (per household, per person, per day); a second
    /// filled one is an error because the row would mean two things.
    pub fn unit_value(&mut self, columns: &[(ValueUnit, &Column)]) -> Option<(ValueUnit, Amount)> {
        let filled: Vec<&(ValueUnit, &Column)> = columns.iter().filter(|(_, c)| self.text(Some(c)).is_some()).collect();
        if let (Some((_, first)), Some((_, second))) = (filled.first(), filled.get(1)) {
            let value = self.text(Some(second)).unwrap_or_default();
            let expected = format!("an empty cell: this row already has a value in {}", first.describe());
            self.bad_value(second, value, &expected);
            return None;
        }
        let (unit, column) = filled.first()?;
        Some((*unit, self.amount(Some(column))?))
    }

    /// The row's currency; the plan's when the table has no currency column at all. A
    /// currency column left empty is an error: the value's currency is not guessed.
    pub fn currency_or_plan(&mut self, column: Option<&Column>, plan: &Plan) -> Option<String> {
        if column.is_some() {
            return self.currency(column).or_else(|| {
                self.required(column);
                None
            });
        }
        parse_currency(plan.currency.trim())
    }
}

/// A table without a currency column relies on the plan's currency, which must be valid.
pub(super) fn require_currency(column: Option<&Column>, kind: TableKind, plan: &Plan, errors: &mut Errors) {
    if parse_currency(plan.currency.trim()).is_none() {
        require(column, kind, "#currency", "the ISO 4217 currency of the values", errors);
    }
}

impl RowReader<'_> {
    /// Reads a start and an end date (an end before the start is the rules' business).
    pub fn period(&mut self, start: Option<&Column>, end: Option<&Column>) -> (Option<IsoDate>, Option<IsoDate>) {
        (self.date(start, false), self.date(end, true))
    }
}
