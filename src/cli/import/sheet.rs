//! `cashplan import … --mapping`: a partner's spreadsheet read through a saved column
//! mapping, headless, with the same checks and counts the app's preview shows.

use super::{CliError, FileResult, Problems};
use crate::cli::args::Args;
use crate::cli::files::read_text;
use crate::formats::hxl::ImportBatch;
use crate::formats::sheet::{prepare, read_mapping_file, read_table, ColumnMapping, RowProblem, SheetOptions};
use crate::model::Plan;
use std::collections::BTreeMap;

/// Rows listed one by one; past this, only the counts by reason.
const LISTED_ROWS: usize = 30;

pub(super) struct Options {
    pub mapping: ColumnMapping,
    sheet: Option<String>,
    choices: SheetOptions,
    /// Where to write the rows with problems.
    rejected: Option<String>,
}

impl Options {
    /// The spreadsheet options, when `--mapping` is given.
    pub fn from_args(args: &Args, files: &[String]) -> Result<Option<Options>, CliError> {
        let choices =
            SheetOptions { create_areas: args.flag("--create-areas"), skip_bad_rows: args.flag("--skip-bad-rows") };
        let Some(path) = args.value("--mapping") else {
            let needs_mapping = ["--sheet", "--rejected"].iter().any(|o| args.value(o).is_some())
                || choices.create_areas
                || choices.skip_bad_rows;
            if needs_mapping {
                return Err(args.usage_error(
                    "--sheet, --rejected, --create-areas and --skip-bad-rows go with --mapping MAPPING.json",
                ));
            }
            return Ok(None);
        };
        if args.value("--as").is_some() {
            return Err(args.usage_error("--as does not go with --mapping: the mapping's hashtags tell the table"));
        }
        if files.len() > 1 {
            return Err(args.usage_error("--mapping reads one FILE at a time"));
        }
        let text = read_text(path, "a column mapping (.json)")?;
        let mapping = read_mapping_file(path, &text).map_err(|e| CliError::Data(e.to_string()))?;
        let rejected = args.value("--rejected").map(str::to_string);
        Ok(Some(Options { mapping, sheet: args.value("--sheet").map(str::to_string), choices, rejected }))
    }
}

/// Reads the sheet and `key`s its batches (see `import::keyed`) before saying what it does.
pub(super) fn read(
    file: &str,
    plan: &Plan,
    options: &Options,
    key: impl FnOnce(Vec<ImportBatch>, crate::engine::keyed::SetAside) -> FileResult,
) -> FileResult {
    let bytes = std::fs::read(file).map_err(|e| {
        Problems::one(format!("{file}: cannot be read ({e}). Check the path and that the file is not open elsewhere."))
    })?;
    let raw = read_table(file, &bytes, options.sheet.as_deref()).map_err(|e| Problems::one(e.to_string()))?;
    let warnings_of = |warnings: &[crate::formats::sheet::SheetWarning]| {
        let mut counts: BTreeMap<_, usize> = BTreeMap::new();
        for w in warnings {
            *counts.entry(w.kind).or_default() += 1;
        }
        counts.into_iter().map(|(k, n)| format!("{} {n}", k.label())).collect::<Vec<_>>().join(", ")
    };
    let prepared = prepare(&raw, &options.mapping, plan, &options.choices);
    if let Some(path) = &options.rejected {
        let problems = match &prepared {
            Ok(import) => &import.rejected,
            Err(errors) => &errors.rows,
        };
        match super::rejected::write(path, &raw, problems) {
            Ok(line) => println!("{line}"),
            Err(message) => return Err(Problems::one(message)),
        }
    }
    match prepared {
        Ok(mut import) => {
            import.batches = key(std::mem::take(&mut import.batches), std::mem::take(&mut import.set_aside))?;
            let mut line = format!("{file}: {} rows read", import.rows_read);
            if import.areas_created() > 0 {
                line.push_str(&format!(", {} new areas", import.areas_created()));
            }
            if let Some(p) = import.preview() {
                line.push_str(&format!(
                    "; {}: {} to add, {} to update, {} unchanged",
                    p.kind, p.adds, p.updates, p.unchanged
                ));
            }
            line.push_str(&format!("; {} rows rejected", import.rejected_rows().len()));
            println!("{line}");
            if !import.rejected.is_empty() {
                println!("  rejected by reason: {}", by_reason(&import.rejected));
                print_rows(&import.rejected);
            }
            if !import.warnings.is_empty() {
                println!("  warnings: {}", warnings_of(&import.warnings));
            }
            Ok(import.batches)
        }
        Err(errors) => {
            let mut found = Problems::default();
            found.lines.extend(errors.whole_file.iter().cloned());
            found.count = errors.whole_file.len() + errors.rows.len();
            if !errors.rows.is_empty() {
                found.lines.push(format!(
                    "{file}: rows with problems by reason: {}{}",
                    by_reason(&errors.rows),
                    if errors.whole_file.is_empty() { ". Add --skip-bad-rows to import the other rows." } else { "" }
                ));
                found.lines.extend(errors.rows.iter().take(LISTED_ROWS).map(|p| p.message.clone()));
                if errors.rows.len() > LISTED_ROWS {
                    found.lines.push(format!("… and {} more", errors.rows.len() - LISTED_ROWS));
                }
            }
            if !errors.warnings.is_empty() {
                found.lines.push(format!("{file}: warnings: {}", warnings_of(&errors.warnings)));
            }
            Err(found)
        }
    }
}

fn by_reason(problems: &[RowProblem]) -> String {
    let mut rows: BTreeMap<_, std::collections::BTreeSet<usize>> = BTreeMap::new();
    for p in problems {
        rows.entry(p.reason).or_default().insert(p.line);
    }
    rows.into_iter().map(|(reason, lines)| format!("{} {}", reason.label(), lines.len())).collect::<Vec<_>>().join(", ")
}

fn print_rows(problems: &[RowProblem]) {
    for problem in problems.iter().take(LISTED_ROWS) {
        println!("  - {}", problem.message);
    }
    if problems.len() > LISTED_ROWS {
        println!("  … and {} more", problems.len() - LISTED_ROWS);
    }
}
