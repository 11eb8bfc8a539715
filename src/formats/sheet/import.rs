//! From a mapped sheet to plan changes: the areas a 4W's P-code columns name (when the user
//! agrees), then its activities or needs, checked as a whole before anything is stored.
//!
//! Every problem names the row and column of the user's own file, not of the HXL CSV in
//! between. Without `skip_bad_rows` any problem refuses the whole file; with it the rows with
//! problems are set aside and the rest is read again without them, until what is left is
//! clean. Each reading lists every problem (not the HXL reader's first 200), so this takes
//! two or three readings however many rows are bad. The result is a list of [`ImportBatch`]es that the caller applies together (one undo
//! step), so an import never half-applies.

mod checks;
mod problems;
mod stepwise;
mod words;

use super::apply::{map_rows, ApplyErrors, MappedRows};
use super::{ColumnMapping, RawTable, SheetWarning, WarningKind};
use crate::engine::keyed::SetAside;
use crate::formats::hxl::table::HxlTable;
use crate::formats::hxl::{read_parsed_all, recognise, ImportBatch, Preview, TableKind};
use crate::model::sorting;
use crate::model::AnyRecords;
use crate::model::{Plan, Stamp};
use problems::{Found, LineMap};
pub use problems::{RejectReason, RowProblem};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
pub use stepwise::{Preparation, Progress, Step};

/// The user's choices for one import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SheetOptions {
    /// Add the areas named by the `#admN+code` / `#admN+name` columns that the plan lacks.
    pub create_areas: bool,
    /// Import the good rows and set aside the rows with problems.
    pub skip_bad_rows: bool,
}

/// A checked spreadsheet import, ready to apply.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetImport {
    pub file: String,
    /// Data rows in the sheet.
    pub rows_read: usize,
    /// To apply together, in order (new areas first).
    pub batches: Vec<ImportBatch>,
    /// Why rows were set aside (several problems may name one row).
    pub rejected: Vec<RowProblem>,
    /// The rows set aside, by their ids in the id column (`#meta+id`) and how many have
    /// none, for a keyed import that replaces a month (see `engine::keyed::SetAside`).
    pub set_aside: SetAside,
    /// What was changed or is doubtful in the rows imported.
    pub warnings: Vec<SheetWarning>,
}

impl SheetImport {
    /// The areas this import adds to the plan.
    pub fn areas_created(&self) -> usize {
        let before_own = self.batches.split_last().map_or(&[][..], |(_, before)| before);
        before_own.iter().filter(|b| b.kind() == TableKind::Areas).map(|b| b.preview.adds).sum()
    }

    /// What the sheet's own table (activities, needs, …) adds and updates.
    pub fn preview(&self) -> Option<Preview> {
        self.batches.last().map(|b| b.preview)
    }

    /// The rows set aside, each once.
    pub fn rejected_rows(&self) -> BTreeSet<usize> {
        sorting::set_of(self.rejected.iter().map(|p| p.line))
    }

    /// Rows set aside per reason (a row with two reasons counts under both).
    pub fn rejected_by_reason(&self) -> BTreeMap<RejectReason, usize> {
        count_rows_by(&self.rejected)
    }

    pub fn warnings_by_kind(&self) -> BTreeMap<WarningKind, usize> {
        let mut counts = BTreeMap::new();
        for warning in &self.warnings {
            *counts.entry(warning.kind).or_default() += 1;
        }
        counts
    }
}

/// The rows at `lines` by their filled id-column cells (`#meta+id` under the mapping), and
/// how many have none.
fn set_aside_rows(raw: &RawTable, mapping: &ColumnMapping, lines: &BTreeSet<usize>) -> SetAside {
    let columns: Vec<usize> = mapping
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.hashtag.as_deref().is_some_and(crate::formats::keyed::is_id_column))
        .map(|(index, _)| index)
        .collect();
    let mut set_aside = SetAside::default();
    for row in raw.rows.iter().filter(|r| lines.contains(&r.line)) {
        let ids: Vec<&str> =
            columns.iter().filter_map(|&i| row.cells.get(i)).map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
        if ids.is_empty() {
            set_aside.without_id += 1;
        }
        set_aside.ids.extend(ids.into_iter().map(str::to_string));
    }
    set_aside
}

fn count_rows_by(problems: &[RowProblem]) -> BTreeMap<RejectReason, usize> {
    let distinct: BTreeSet<(RejectReason, usize)> = sorting::set_of(problems.iter().map(|p| (p.reason, p.line)));
    let mut counts = BTreeMap::new();
    for (reason, _) in distinct {
        *counts.entry(reason).or_default() += 1;
    }
    counts
}

/// Why nothing was imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetImportErrors {
    pub file: String,
    /// Problems with the whole file or its mapping, which skipping rows cannot cure.
    pub whole_file: Vec<String>,
    /// Problems in rows (all of them when rows are not skipped).
    pub rows: Vec<RowProblem>,
    pub warnings: Vec<SheetWarning>,
}

impl SheetImportErrors {
    /// Rows with problems per reason.
    pub fn rows_by_reason(&self) -> BTreeMap<RejectReason, usize> {
        count_rows_by(&self.rows)
    }
}

impl fmt::Display for SheetImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows: BTreeSet<usize> = sorting::set_of(self.rows.iter().map(|p| p.line));
        write!(f, "{}: nothing was imported", self.file)?;
        if !self.whole_file.is_empty() {
            write!(f, "; {} with the whole file", plural(self.whole_file.len(), "problem", "problems"))?;
        }
        if !rows.is_empty() {
            write!(f, "; {} with problems", plural(rows.len(), "row", "rows"))?;
            if self.whole_file.is_empty() {
                f.write_str(" (correct them, or choose to import the good rows and skip these)")?;
            }
        }
        f.write_str(".")?;
        for line in self.whole_file.iter().chain(self.rows.iter().map(|p| &p.message)) {
            write!(f, "\n- {line}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SheetImportErrors {}

pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Checks a mapped sheet against the plan and says what importing it would do. The same
/// steps as a [`Preparation`], taken all at once.
pub fn prepare(
    raw: &RawTable,
    mapping: &ColumnMapping,
    plan: &Plan,
    options: &SheetOptions,
) -> Result<SheetImport, SheetImportErrors> {
    let long = super::reshape(raw, mapping);
    let (raw, mapping) = long.as_ref().map_or((raw, mapping), |(raw, mapping)| (raw, mapping));
    let mut preparation = Preparation::new(raw, mapping, plan, *options);
    loop {
        if let Step::Done(result) = preparation.step(usize::MAX) {
            return result;
        }
    }
}

type Refusal = (Vec<String>, Vec<RowProblem>, Vec<SheetWarning>);

/// Takes the first application of the mapping; with `skip`, rows whose values cannot be read
/// are set aside (into `rejected`) and the mapping applied again to the rest.
fn apply_skipping(
    raw: &RawTable,
    mapping: &ColumnMapping,
    skip: bool,
    rejected: &mut Vec<RowProblem>,
    first: Result<MappedRows, ApplyErrors>,
) -> Result<MappedRows, Refusal> {
    let mut table: Option<RawTable> = None;
    let mut attempt = first;
    loop {
        let current = table.as_ref().unwrap_or(raw);
        let ApplyErrors { errors, warnings } = match attempt {
            Ok(mapped) => return Ok(mapped),
            Err(e) => e,
        };
        let mut whole = Vec::new();
        let mut rows = Vec::new();
        for error in &errors {
            match problems::from_sheet_error(error, current) {
                Found::Row(problem) => rows.push(problem),
                Found::WholeFile(message) => whole.push(message),
            }
        }
        if !skip || !whole.is_empty() || rows.is_empty() {
            rows.splice(0..0, rejected.drain(..));
            return Err((whole, rows, warnings));
        }
        let bad: BTreeSet<usize> = sorting::set_of(rows.iter().map(|p| p.line));
        let mut smaller = current.clone();
        smaller.rows.retain(|r| !bad.contains(&r.line));
        rejected.extend(rows);
        attempt = map_rows(&smaller, mapping);
        table = Some(smaller);
    }
}

/// The HXL CSV of a mapped sheet as records, to write again without set-aside rows.
struct MappedGrid {
    header: Vec<String>,
    tags: Vec<String>,
    /// Original row number and cells of each data row.
    rows: Vec<(usize, Vec<String>)>,
    /// Whether the ids were made from the rows' contents (the sheet has no id column).
    content_ids: bool,
}

/// Said of two activity rows alike in every mapped column, when the ids come from the contents.
pub(crate) const SAME_CONTENT: &str = "Every mapped column has the same value in both rows. If they are two distributions, map the column that tells them apart (such as a site or camp name, or the reporting month) or add an id column; otherwise delete one of the rows.";
/// Said of two activity rows with one id from the id column.
const SAME_ID: &str = "Each row id must be unique: give this row its own id, or delete one of the rows.";

/// A sheet's row id from all its mapped cells. Partners' 4Ws report one community or camp
/// per row without ids, and the plan's key fields (organisation, sector, area, activity,
/// dates, transfer) would take most of their rows for duplicates; the whole row tells them
/// apart, and importing the same file again still finds the same ids.
fn content_id(cells: &[String]) -> String {
    use sha2::{Digest, Sha256};
    use std::fmt::Write;
    let mut joined = String::with_capacity(cells.iter().map(|c| c.len() + 1).sum());
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            joined.push('\u{1f}');
        }
        joined.extend(crate::model::vocab::folded(cell));
    }
    let digest = Sha256::digest(joined.as_bytes());
    let mut id = String::with_capacity(18);
    id.push_str("s-");
    for byte in digest.iter().take(8) {
        let _ = write!(id, "{byte:02x}");
    }
    id
}

impl MappedGrid {
    /// None when there is no column to write (the CSV in between would have no records).
    fn of(mapped: &mut MappedRows) -> Option<MappedGrid> {
        if mapped.headers.is_empty() || mapped.rows.len() != mapped.row_lines.len() {
            return None;
        }
        let rows = mapped.row_lines.iter().copied().zip(std::mem::take(&mut mapped.rows)).collect();
        let mut grid =
            MappedGrid { header: mapped.headers.clone(), tags: mapped.tags.clone(), rows, content_ids: false };
        let has_id = grid.tags.iter().any(|t| t.split('+').next() == Some("#meta") && t.split('+').any(|a| a == "id"));
        if !has_id {
            grid.content_ids = true;
            grid.header.push("row id (from the mapped cells)".into());
            grid.tags.push("#meta+id".into());
            for (_, cells) in &mut grid.rows {
                let id = if cells.iter().all(|c| c.trim().is_empty()) { String::new() } else { content_id(cells) };
                cells.push(id);
            }
        }
        Some(grid)
    }

    /// The HXL CSV text without the `skipped` rows, and the original row number of each
    /// non-blank data row written (the HXL reader passes over blank ones).
    fn render(&self, skipped: &BTreeSet<usize>) -> (String, Vec<usize>) {
        let mut writer = csv::Writer::from_writer(Vec::with_capacity(self.rows.len() * 96));
        let mut lines = Vec::with_capacity(self.rows.len());
        // Writing to memory cannot fail.
        let _ = writer.write_record(&self.header);
        let _ = writer.write_record(&self.tags);
        for (line, cells) in self.rows.iter().filter(|(line, _)| !skipped.contains(line)) {
            let _ = writer.write_record(cells);
            if cells.iter().any(|c| !c.trim().is_empty()) {
                lines.push(*line);
            }
        }
        let text = String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default();
        (text, lines)
    }
}

/// One reading of the (remaining) rows, half done: the table read back and the new areas
/// found, ready for the 5W checks and the sheet's own table ([`Reading::finish`]).
struct Reading {
    table: HxlTable,
    map: LineMap,
    kind: TableKind,
    /// The plan with the new areas, when there are any.
    working: Option<Plan>,
    batches: Vec<ImportBatch>,
    round: problems::Round,
}

impl Reading {
    /// Reads the mapped rows back and finds the areas they add.
    fn start(
        file: &str,
        text: &str,
        lines: Vec<usize>,
        plan: &Plan,
        options: &SheetOptions,
        content_ids: bool,
    ) -> Result<Reading, problems::Round> {
        let mut round = problems::Round::default();
        let table = match HxlTable::parse(file, text) {
            Ok(table) => table,
            Err(error) => {
                round.whole_file.push(error.to_string());
                return Err(round);
            }
        };
        let map = LineMap::new(&table, lines);
        let Some(kind) = recognise(&table) else {
            round.whole_file.push(format!(
                "{file}: the mapping gives no column that tells what this table is. Map the organisation, sector and P-code columns for a 5W, or the P-code and people in need columns for needs."
            ));
            return Err(round);
        };
        // Other tables keep the reader's own words (a need is one figure per area and sector).
        if kind == TableKind::Activities {
            round.duplicate_advice = Some(if content_ids { SAME_CONTENT } else { SAME_ID });
            round.content_ids = content_ids;
        }
        let mut working = None;
        let mut batches = Vec::new();
        // New areas need their whole chain from admin 1; a sheet of deeper P-codes only (an
        // inter-sector sheet of districts) names areas the plan has, or are unknown areas.
        let has_admin1 = table.find("adm1", &["code"], &[]).is_some();
        if options.create_areas && has_admin1 && matches!(kind, TableKind::Activities | TableKind::Needs) {
            match read_parsed_all(&table, TableKind::Areas, plan) {
                Ok(batch) => {
                    if let Some(batch) = only_new_areas(batch, plan) {
                        let mut with_areas = plan.clone();
                        batch.clone().apply(&mut with_areas, &Stamp { at: String::new(), by: String::new() });
                        working = Some(with_areas);
                        batches.push(batch);
                    }
                }
                Err(errors) => round.add_hxl(&errors.0, file, &map, &table),
            }
        }
        Ok(Reading { table, map, kind, working, batches, round })
    }

    /// The 5W checks, then the sheet's own table against the plan with the new areas.
    fn finish(self, file: &str, plan: &Plan) -> Result<(Vec<ImportBatch>, Vec<SheetWarning>), problems::Round> {
        let Reading { table, map, kind, working, mut batches, mut round } = self;
        // With area problems, every row with a new P-code would also be an unknown area.
        let areas_ok = round.is_empty();
        let mut warnings = Vec::new();
        if kind == TableKind::Activities {
            checks::activities(&table, &map, file, &mut warnings);
        }
        if areas_ok {
            match read_parsed_all(&table, kind, working.as_ref().unwrap_or(plan)) {
                Ok(batch) => {
                    warnings
                        .extend(batch.warnings.iter().filter_map(|w| problems::rule_warning(w, file, &map, &table)));
                    batches.push(batch);
                }
                Err(errors) => round.add_hxl(&errors.0, file, &map, &table),
            }
        }
        if round.is_empty() {
            Ok((batches, warnings))
        } else {
            Err(round)
        }
    }
}

/// The areas of a batch that the plan lacks; None when there are none.
fn only_new_areas(batch: ImportBatch, plan: &Plan) -> Option<ImportBatch> {
    let AnyRecords::Areas(rows) = batch.records else { return None };
    let new: Vec<_> = rows.into_iter().filter(|(id, _)| plan.areas.get(id).is_none()).collect();
    if new.is_empty() {
        return None;
    }
    let preview = Preview { kind: TableKind::Areas, adds: new.len(), updates: 0, unchanged: 0 };
    Some(ImportBatch {
        file: batch.file,
        preview,
        records: AnyRecords::Areas(new),
        warnings: batch.warnings,
        organisations: Vec::new(),
        removed: Vec::new(),
        notes: batch.notes,
    })
}
