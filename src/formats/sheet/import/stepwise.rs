//! [`prepare`](super::prepare) in steps of a bounded number of rows, so the browser can paint
//! a progress message and answer the user between them. The engine stays synchronous: the
//! caller decides when to take the next step, and `prepare` is these steps taken at once.

use super::super::apply::{ApplyErrors, MappedRows, RowMapper};
use super::{apply_skipping, MappedGrid, Reading, RowProblem, SheetImport, SheetImportErrors, SheetOptions};
use crate::formats::sheet::{ColumnMapping, RawTable, SheetWarning};
use crate::model::sorting;
use crate::model::Plan;
use std::collections::BTreeSet;
use std::fmt;

/// How far a preparation has come, to show while the next step runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Applying the column and value mapping, row by row.
    Mapping { done: usize, total: usize },
    /// Reading the mapped rows and running the 5W checks; `round` counts the readings (a
    /// reading again after rows with problems were set aside).
    Checking { rows: usize, round: usize },
}

impl fmt::Display for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Progress::Mapping { done, total } => {
                write!(f, "Checking rows {} of {}…", thousands(done), thousands(total))
            }
            Progress::Checking { rows, round: 1 } => {
                write!(f, "Checking {} rows against the plan (5W checks)…", thousands(rows))
            }
            Progress::Checking { rows, round } => {
                write!(
                    f,
                    "Checking {} rows against the plan again, without the rows set aside (round {round})…",
                    thousands(rows)
                )
            }
        }
    }
}

fn thousands(n: usize) -> String {
    crate::formats::numbers::grouped(n as u64)
}

/// What one step left.
#[derive(Debug)]
pub enum Step {
    Working(Progress),
    Done(Result<SheetImport, SheetImportErrors>),
}

/// A spreadsheet import being checked, one step at a time.
pub struct Preparation<'a> {
    raw: &'a RawTable,
    mapping: &'a ColumnMapping,
    plan: &'a Plan,
    options: SheetOptions,
    stage: Stage<'a>,
}

enum Stage<'a> {
    Mapping(Result<RowMapper<'a>, ApplyErrors>),
    Checking(Box<Checking>),
    Finished,
}

struct Checking {
    grid: MappedGrid,
    warnings: Vec<SheetWarning>,
    rejected: Vec<RowProblem>,
    round: usize,
    /// The round's reading, between its two halves.
    reading: Option<Reading>,
}

impl<'a> Preparation<'a> {
    pub fn new(
        raw: &'a RawTable,
        mapping: &'a ColumnMapping,
        plan: &'a Plan,
        options: SheetOptions,
    ) -> Preparation<'a> {
        Preparation { raw, mapping, plan, options, stage: Stage::Mapping(RowMapper::new(raw, mapping)) }
    }

    /// Takes the next step: maps at most `rows` rows, or reads and checks the mapped rows
    /// once. Taking a step after `Done` says so as an error. What it finds is told in the
    /// mapping screen's words.
    pub fn step(&mut self, rows: usize) -> Step {
        match self.take_step(rows) {
            Step::Done(result) => Step::Done(super::words::told(result)),
            working => working,
        }
    }

    fn take_step(&mut self, rows: usize) -> Step {
        // A step of no rows would never finish.
        let rows = rows.max(1);
        match std::mem::replace(&mut self.stage, Stage::Finished) {
            Stage::Mapping(Ok(mut mapper)) if mapper.done() < self.raw.rows.len() => {
                mapper.map(rows);
                let done = mapper.done();
                self.stage = Stage::Mapping(Ok(mapper));
                Step::Working(Progress::Mapping { done, total: self.raw.rows.len() })
            }
            Stage::Mapping(mapper) => self.mapped(mapper.and_then(RowMapper::finish)),
            Stage::Checking(checking) => self.check(*checking),
            Stage::Finished => Step::Done(Err(self.refuse(
                vec![format!(
                    "{}: this check has already finished (an internal error). Please report it.",
                    self.raw.file
                )],
                Vec::new(),
                Vec::new(),
            ))),
        }
    }

    fn refuse(&self, whole_file: Vec<String>, rows: Vec<RowProblem>, warnings: Vec<SheetWarning>) -> SheetImportErrors {
        SheetImportErrors { file: self.raw.file.clone(), whole_file, rows, warnings }
    }

    /// Every row is mapped: set aside the rows whose values cannot be read, then get ready to
    /// read the rest — also when rows are not to be skipped, so that one check lists every
    /// problem (the import is refused at the end).
    fn mapped(&mut self, first: Result<MappedRows, ApplyErrors>) -> Step {
        let mut rejected = Vec::new();
        let mut mapped = match apply_skipping(self.raw, self.mapping, true, &mut rejected, first) {
            Ok(mapped) => mapped,
            Err((whole, rows, warnings)) => return Step::Done(Err(self.refuse(whole, rows, warnings))),
        };
        let Some(grid) = MappedGrid::of(&mut mapped) else {
            let message = format!(
                "{}: the mapped table could not be read back (an internal error). Please report it with the file.",
                self.raw.file
            );
            return Step::Done(Err(self.refuse(vec![message], Vec::new(), Vec::new())));
        };
        let rows = grid.rows.len();
        self.stage =
            Stage::Checking(Box::new(Checking { grid, warnings: mapped.warnings, rejected, round: 1, reading: None }));
        Step::Working(Progress::Checking { rows, round: 1 })
    }

    /// Half a reading of the rows not set aside (reading them back and finding new areas,
    /// then the 5W checks and the sheet's own table). Each reading lists every problem, so a
    /// second reading finds the rest clean (a third when new areas had problems); the bound
    /// on rounds only guards against a reading that keeps finding new ones.
    fn check(&mut self, mut checking: Checking) -> Step {
        let file = self.raw.file.clone();
        if checking.round > self.raw.rows.len() + 1 {
            let message =
                format!("{file}: too many rounds of rows set aside. Correct the rows listed and import again.");
            return Step::Done(Err(self.refuse(vec![message], checking.rejected, Vec::new())));
        }
        let set_aside: BTreeSet<usize> = sorting::set_of(checking.rejected.iter().map(|p| p.line));
        let kept = |w: &&SheetWarning| w.line.is_none_or(|l| !set_aside.contains(&l));
        let progress = Progress::Checking { rows: checking.grid.rows.len(), round: checking.round };
        let finished = match checking.reading.take() {
            None => {
                let (text, lines) = checking.grid.render(&set_aside);
                match Reading::start(&file, &text, lines, self.plan, &self.options, checking.grid.content_ids) {
                    Ok(reading) => {
                        checking.reading = Some(reading);
                        self.stage = Stage::Checking(Box::new(checking));
                        return Step::Working(progress);
                    }
                    Err(found) => Err(found),
                }
            }
            Some(reading) => reading.finish(&file, self.plan),
        };
        let found = match finished {
            Ok((batches, extra)) => {
                let warnings: Vec<SheetWarning> = checking.warnings.iter().filter(kept).cloned().chain(extra).collect();
                let mut rejected = checking.rejected;
                sorting::sort_by_key(&mut rejected, |p| p.line);
                if !self.options.skip_bad_rows && !rejected.is_empty() {
                    return Step::Done(Err(self.refuse(Vec::new(), rejected, warnings)));
                }
                let lines = sorting::set_of(rejected.iter().map(|p| p.line));
                return Step::Done(Ok(SheetImport {
                    file,
                    rows_read: self.raw.rows.len(),
                    batches,
                    set_aside: super::set_aside_rows(self.raw, self.mapping, &lines),
                    rejected,
                    warnings,
                }));
            }
            Err(found) => found,
        };
        let new_rows = found.rows.iter().any(|p| !set_aside.contains(&p.line));
        if !self.options.skip_bad_rows || !found.whole_file.is_empty() || !new_rows {
            let warnings = checking.warnings.iter().filter(kept).cloned().collect();
            let mut rows = checking.rejected;
            rows.extend(found.rows);
            sorting::sort_by_key(&mut rows, |p| p.line);
            return Step::Done(Err(self.refuse(found.whole_file, rows, warnings)));
        }
        checking.rejected.extend(found.rows.into_iter().filter(|p| !set_aside.contains(&p.line)));
        checking.round += 1;
        let progress = Progress::Checking { rows: checking.grid.rows.len(), round: checking.round };
        self.stage = Stage::Checking(Box::new(checking));
        Step::Working(progress)
    }
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(40_000), "40,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
