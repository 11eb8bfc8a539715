//! Applying a column mapping to a sheet: clean HXL-tagged CSV text for the HXL reader, with
//! warnings for what was changed and errors for what cannot be read without a choice.
//!
//! Several columns may share a hashtag (a cash and a voucher delivery mechanism column both
//! give `#channel`): the first filled one wins, and a different value in another is a warning.

use super::cells::{
    day_order_evidence, is_ambiguous_date, is_missing, parse_amount, parse_count, parse_date, parse_month, DayOrder,
};
use super::mapping::{normalise_hashtag, ColumnMapping, ValueChoice};
use super::pii::{scan_pii, PiiReason};
use super::values::{field_kind, propose, FieldKind};
use super::{place, RawTable, SheetWarning, WarningKind};
use crate::model::sorting;
use crate::model::vocab::{fold, folded};
use std::collections::{BTreeMap, HashMap};
use thiserror::Error;

/// A sheet rewritten as HXL CSV: a header row, the hashtag row, then one row per data row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappedTable {
    pub hxl_csv: String,
    pub warnings: Vec<SheetWarning>,
    /// The original row number of each output data row, to name rows in later messages.
    pub row_lines: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SheetError {
    #[error("{file}: the column mapping was made for other headers ({detail}). Review the mapping for this file before importing.")]
    MappingMismatch { file: String, detail: String },
    #[error("{file}, column “{header}”: `{hashtag}` is not a valid HXL hashtag (like #adm1+code). Correct it in the column mapping.")]
    BadHashtag { file: String, header: String, hashtag: String },
    #[error("{file}, column “{header}”: {reason}, so it cannot be imported. A plan holds aggregate figures only: set the column to “ignore”, or mark it as not personal if this is wrong.")]
    PersonalData { file: String, header: String, reason: PiiReason },
    #[error("{file}: no column is mapped yet: choose at least the organisation, sector and P-code columns (for a 5W), or the P-code and people-in-need columns (for needs), then check the rows again.")]
    NothingMapped { file: String },
    #[error("{}: “{value}” is not {expected}. Choose what it means in the value mapping, or correct the sheet.", place(file, Some(*line), Some(column)))]
    UnmappedValue { file: String, line: usize, column: String, hashtag: String, value: String, expected: String },
}

/// Everything that stopped the mapping from being applied, with the warnings so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyErrors {
    pub errors: Vec<SheetError>,
    pub warnings: Vec<SheetWarning>,
}

struct Source<'m> {
    index: usize,
    header: &'m str,
    hashtag: String,
    kind: FieldKind,
    day_order: DayOrder,
    /// The mapping's value choices for this hashtag; without any, cells need no folding.
    choices: Option<&'m BTreeMap<String, ValueChoice>>,
    /// Where `hashtag` goes in an output row.
    slot: usize,
}

/// The output fields by hashtag, numbered in order of first use (the sources' first).
#[derive(Default)]
struct Slots {
    hashtags: Vec<String>,
}

impl Slots {
    fn of(&mut self, hashtag: &str) -> usize {
        self.hashtags.iter().position(|h| h == hashtag).unwrap_or_else(|| {
            self.hashtags.push(hashtag.to_string());
            self.hashtags.len() - 1
        })
    }
}

/// One output row: per slot, the value and the header it came from.
type OutRow<'m> = Vec<Option<(String, &'m str)>>;

/// What a coded cell becomes, the same wherever it appears (so it is worked out once).
#[derive(Clone)]
enum Outcome {
    Missing,
    Values(Vec<(usize, String)>),
}

/// A mapped sheet as rows of cells, before it is written as CSV.
pub(crate) struct MappedRows {
    pub headers: Vec<String>,
    pub tags: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub warnings: Vec<SheetWarning>,
    /// The original row number of each output data row.
    pub row_lines: Vec<usize>,
}

pub fn apply(table: &RawTable, mapping: &ColumnMapping) -> Result<MappedTable, ApplyErrors> {
    let mapped = map_rows(table, mapping)?;
    let mut writer = csv::Writer::from_writer(Vec::with_capacity(mapped.rows.len() * 64));
    // Writing to memory only fails on a broken invariant of the csv crate.
    let _ = writer.write_record(&mapped.headers);
    let _ = writer.write_record(&mapped.tags);
    for row in &mapped.rows {
        let _ = writer.write_record(row);
    }
    let hxl_csv = String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default();
    Ok(MappedTable { hxl_csv, warnings: mapped.warnings, row_lines: mapped.row_lines })
}

/// [`apply`] without writing the CSV text.
pub(crate) fn map_rows(table: &RawTable, mapping: &ColumnMapping) -> Result<MappedRows, ApplyErrors> {
    let mut mapper = RowMapper::new(table, mapping)?;
    mapper.map(table.rows.len());
    mapper.finish()
}

/// [`map_rows`] a slice of rows at a time, so a caller can let the page breathe between.
pub(crate) struct RowMapper<'t> {
    table: &'t RawTable,
    sources: Vec<Source<'t>>,
    slots: Slots,
    /// Per source, what each coded cell became.
    known: Vec<HashMap<&'t str, Outcome>>,
    out_rows: Vec<OutRow<'t>>,
    errors: Vec<SheetError>,
    warnings: Vec<SheetWarning>,
}

impl<'t> RowMapper<'t> {
    /// Checks the mapping against the table; the whole-sheet problems come out here.
    pub fn new(table: &'t RawTable, mapping: &'t ColumnMapping) -> Result<RowMapper<'t>, ApplyErrors> {
        let mut warnings = table.warnings.clone();
        let mut errors = check_mapping(table, mapping);
        let mut slots = Slots::default();
        let sources = sources(table, mapping, &mut slots, &mut errors, &mut warnings);
        if !errors.is_empty() {
            return Err(ApplyErrors { errors, warnings });
        }
        let known = sources.iter().map(|_| HashMap::new()).collect();
        let out_rows = Vec::with_capacity(table.rows.len());
        Ok(RowMapper { table, sources, slots, known, out_rows, errors, warnings })
    }

    /// Rows mapped so far.
    pub fn done(&self) -> usize {
        self.out_rows.len()
    }

    /// Maps up to `count` more rows.
    pub fn map(&mut self, count: usize) {
        let file = self.table.file.as_str();
        let from = self.out_rows.len();
        let rows = self.table.rows.get(from..).unwrap_or_default();
        for row in rows.iter().take(count) {
            let mut out = OutRow::new();
            for (source, known) in self.sources.iter().zip(&mut self.known) {
                let cell = row.cells.get(source.index).map_or("", |c| c.trim());
                let outcome = match known.get(cell) {
                    Some(outcome) => outcome.clone(),
                    None => match outcome(file, row.line, source, cell, &mut self.slots, &mut self.warnings) {
                        Ok(outcome) => {
                            if matches!(source.kind, FieldKind::Coded(_)) {
                                known.insert(cell, outcome.clone());
                            }
                            outcome
                        }
                        Err(e) => {
                            self.errors.push(*e);
                            continue;
                        }
                    },
                };
                let Outcome::Values(values) = outcome else { continue };
                for (slot, value) in values {
                    put(&mut out, slot, value, source.header, &self.slots, file, row.line, &mut self.warnings);
                }
            }
            self.out_rows.push(out);
        }
    }

    /// The mapped sheet once every row is mapped, or everything that stopped it.
    pub fn finish(mut self) -> Result<MappedRows, ApplyErrors> {
        self.map(usize::MAX);
        let RowMapper { table, sources, slots, out_rows, errors, warnings, .. } = self;
        if !errors.is_empty() {
            return Err(ApplyErrors { errors, warnings });
        }
        let (headers, tags, rows) = columns(&sources, &slots, out_rows);
        Ok(MappedRows { headers, tags, rows, warnings, row_lines: table.rows.iter().map(|r| r.line).collect() })
    }
}

/// What one cell gives. A value choice comes first, so a sheet's `NA` can be given a meaning;
/// a coded value without a choice gets its proposal, as the mapping screen shows it.
fn outcome(
    file: &str,
    line: usize,
    source: &Source,
    cell: &str,
    slots: &mut Slots,
    warnings: &mut Vec<SheetWarning>,
) -> Result<Outcome, Box<SheetError>> {
    let stored = source.choices.and_then(|choices| choices.get(&fold(cell))).cloned();
    let choice = stored.or_else(|| match source.kind {
        FieldKind::Coded(field) if !is_missing(cell) => propose(field, &source.hashtag, cell),
        _ => None,
    });
    Ok(match choice.as_ref() {
        Some(ValueChoice::Missing) => Outcome::Missing,
        Some(ValueChoice::Set(set)) => Outcome::Values(set.iter().map(|(t, v)| (slots.of(t), v.clone())).collect()),
        None if is_missing(cell) => Outcome::Missing,
        None => Outcome::Values(vec![(source.slot, read_cell(file, line, source, cell, warnings)?)]),
    })
}

/// Renamed columns listed one by one; past this, their count and the first.
const RENAMED_LISTED: usize = 3;

fn check_mapping(table: &RawTable, mapping: &ColumnMapping) -> Vec<SheetError> {
    let file = table.file.clone();
    if mapping.columns.len() != table.headers.len() {
        let detail = format!("{} columns in the mapping, {} in the sheet", mapping.columns.len(), table.headers.len());
        return vec![SheetError::MappingMismatch { file, detail }];
    }
    if mapping.columns.iter().all(|c| c.hashtag.is_none()) {
        return vec![SheetError::NothingMapped { file }];
    }
    let mut errors = Vec::new();
    let mut renamed = Vec::new();
    for (i, (choice, header)) in mapping.columns.iter().zip(&table.headers).enumerate() {
        if fold(&choice.header) != fold(header) {
            renamed.push(format!("column {} is “{header}” in the sheet but “{}” in the mapping", i + 1, choice.header));
        }
        if let Some(tag) = choice.hashtag.as_deref().filter(|t| normalise_hashtag(t).is_none()) {
            errors.push(SheetError::BadHashtag {
                file: file.clone(),
                header: header.clone(),
                hashtag: tag.to_string(),
            });
        }
    }
    // A few renamed columns are listed; a mapping for another sheet is told by its count.
    if renamed.len() > RENAMED_LISTED {
        let detail = format!("{} columns have other headers, such as {}", renamed.len(), renamed.swap_remove(0));
        errors.insert(0, SheetError::MappingMismatch { file: file.clone(), detail });
    } else {
        let renamed = renamed.into_iter().map(|detail| SheetError::MappingMismatch { file: file.clone(), detail });
        errors.splice(0..0, renamed);
    }
    for finding in scan_pii(table) {
        let choice = mapping.columns.get(finding.column);
        if choice.is_some_and(|c| c.hashtag.is_some() && !c.personal_data_ok) {
            errors.push(SheetError::PersonalData {
                file: file.clone(),
                header: finding.header,
                reason: finding.reason,
            });
        }
    }
    errors
}

/// The mapped columns, with the day order of date columns settled from their contents.
fn sources<'m>(
    table: &RawTable,
    mapping: &'m ColumnMapping,
    slots: &mut Slots,
    errors: &mut Vec<SheetError>,
    warnings: &mut Vec<SheetWarning>,
) -> Vec<Source<'m>> {
    let mut sources = Vec::new();
    for (index, choice) in mapping.columns.iter().enumerate() {
        let Some(hashtag) = choice.hashtag.as_deref().and_then(normalise_hashtag) else { continue };
        let kind = field_kind(&hashtag);
        let mut day_order = DayOrder::DayFirst;
        if matches!(kind, FieldKind::Date | FieldKind::Month) {
            let cells: Vec<(usize, &str)> = table.column(index).collect();
            let evidence: Vec<DayOrder> = cells.iter().filter_map(|(_, c)| day_order_evidence(c)).collect();
            let month_first = evidence.contains(&DayOrder::MonthFirst);
            let day_first = evidence.contains(&DayOrder::DayFirst);
            if month_first && day_first {
                errors.push(SheetError::UnmappedValue {
                    file: table.file.clone(),
                    line: table.header_row,
                    column: choice.header.clone(),
                    hashtag: hashtag.clone(),
                    value: "dates both day first (25/03) and month first (03/25)".into(),
                    expected: "one date order in a column; write the dates as YYYY-MM-DD".into(),
                });
            } else if month_first {
                day_order = DayOrder::MonthFirst;
            } else if !day_first {
                if let Some((line, value)) = cells.iter().find(|(_, c)| is_ambiguous_date(c)) {
                    warnings.push(SheetWarning {
                        kind: WarningKind::AmbiguousDates,
                        file: table.file.clone(),
                        line: Some(*line),
                        column: Some(choice.header.clone()),
                        value: value.to_string(),
                        message: format!(
                            "{}: dates such as “{value}” were read day first (as 1 March for 01/03). If the sheet puts the month first, correct the dates to YYYY-MM-DD.",
                            place(&table.file, Some(*line), Some(&choice.header))
                        ),
                    });
                }
            }
        }
        let choices = mapping.values.get(&hashtag);
        let slot = slots.of(&hashtag);
        sources.push(Source { index, header: &choice.header, hashtag, kind, day_order, choices, slot });
    }
    sources
}

fn read_cell(
    file: &str,
    line: usize,
    source: &Source,
    cell: &str,
    warnings: &mut Vec<SheetWarning>,
) -> Result<String, Box<SheetError>> {
    let refuse = |expected: String| {
        Box::new(SheetError::UnmappedValue {
            file: file.to_string(),
            line,
            column: source.header.to_string(),
            hashtag: source.hashtag.clone(),
            value: cell.to_string(),
            expected,
        })
    };
    match source.kind {
        FieldKind::Coded(field) => {
            field.canonical(cell).ok_or_else(|| refuse(format!("a known value; accepted: {}", field.accepted())))
        }
        FieldKind::Free | FieldKind::Text => Ok(cell.to_string()),
        FieldKind::Count => {
            let (count, rounded) =
                parse_count(cell).ok_or_else(|| refuse("a whole number (of people, households or payments)".into()))?;
            if rounded {
                warnings.push(SheetWarning {
                    kind: WarningKind::RoundedCount,
                    file: file.to_string(),
                    line: Some(line),
                    column: Some(source.header.to_string()),
                    value: cell.to_string(),
                    message: format!(
                        "{}: {cell} was rounded to {count} (counts are whole numbers).",
                        place(file, Some(line), Some(source.header))
                    ),
                });
            }
            Ok(count.to_string())
        }
        FieldKind::Amount => parse_amount(cell)
            .map(|a| a.to_string())
            .ok_or_else(|| refuse("a number such as 150 or 12.5 (at most four decimals)".into())),
        FieldKind::Month => parse_month(cell, source.day_order)
            .map(|m| m.to_string())
            .ok_or_else(|| refuse("a month such as 2023-03, March 2023 or a date in it".into())),
        FieldKind::Date => parse_date(cell, source.day_order)
            .map(|d| d.to_string())
            .ok_or_else(|| refuse("a date such as 2023-03-01 or 01/03/2023, in the years 1990 to 2100".into())),
    }
}

/// Keeps the first value of a field; a different one from another column is a warning.
#[allow(clippy::too_many_arguments)]
fn put<'m>(
    out: &mut OutRow<'m>,
    slot: usize,
    value: String,
    header: &'m str,
    slots: &Slots,
    file: &str,
    line: usize,
    warnings: &mut Vec<SheetWarning>,
) {
    if out.len() <= slot {
        out.resize_with(slot + 1, || None);
    }
    let Some(place_in_row) = out.get_mut(slot) else { return };
    match place_in_row {
        None => *place_in_row = Some((value, header)),
        Some((kept, from)) if !folded(kept).eq(folded(&value)) => {
            let hashtag = slots.hashtags.get(slot).map_or("", String::as_str);
            warnings.push(SheetWarning {
                kind: WarningKind::ConflictingValues,
                file: file.to_string(),
                line: Some(line),
                column: Some(header.to_string()),
                value: value.clone(),
                message: format!(
                    "{}: gives {hashtag} “{value}” but column “{from}” already gave “{kept}”; “{kept}” was kept. Correct the sheet if that is wrong.",
                    place(file, Some(line), Some(header))
                ),
            })
        }
        Some(_) => {}
    }
}

/// The header row, the hashtag row and the cells: columns in the sheet's order (shared
/// hashtags once), then fields that only compound values set.
fn columns(sources: &[Source], slots: &Slots, rows: Vec<OutRow>) -> (Vec<String>, Vec<String>, Vec<Vec<String>>) {
    let mut columns: Vec<(usize, String)> = Vec::new();
    for source in sources {
        match columns.iter_mut().find(|(slot, _)| *slot == source.slot) {
            Some((_, header)) => header.push_str(&format!(" / {}", source.header)),
            None => columns.push((source.slot, source.header.to_string())),
        }
    }
    let hashtag = |slot: usize| slots.hashtags.get(slot).map_or("", String::as_str);
    let mut listed = vec![false; slots.hashtags.len()];
    for (slot, _) in &columns {
        if let Some(seen) = listed.get_mut(*slot) {
            *seen = true;
        }
    }
    for row in &rows {
        let mut extra: Vec<(usize, &str)> = row
            .iter()
            .enumerate()
            .filter(|(slot, value)| value.is_some() && !listed.get(*slot).copied().unwrap_or(true))
            .filter_map(|(slot, value)| value.as_ref().map(|(_, from)| (slot, *from)))
            .collect();
        // In hashtag order within a row, as a row's fields were once kept in a sorted map.
        sorting::sort_by(&mut extra, |a, b| hashtag(a.0).cmp(hashtag(b.0)));
        for (slot, from) in extra {
            if let Some(seen) = listed.get_mut(slot) {
                *seen = true;
            }
            columns.push((slot, format!("{} (from {from})", hashtag(slot).trim_start_matches('#'))));
        }
    }
    let tags = columns.iter().map(|(slot, _)| hashtag(*slot).to_string()).collect();
    let cells = rows
        .into_iter()
        .map(|mut row| {
            columns
                .iter()
                .map(|(slot, _)| row.get_mut(*slot).and_then(Option::take).map(|(v, _)| v).unwrap_or_default())
                .collect()
        })
        .collect();
    (columns.into_iter().map(|(_, header)| header).collect(), tags, cells)
}
