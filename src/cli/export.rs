//! `cashplan export`: the plan's tables as files other tools open: HXL CSV, or plain CSV
//! for people who do not use HXL, or one Excel workbook.

use super::args::Args;
use super::files::{load_plan, write_atomically};
use super::report_format::{protect_below, protected, PROTECT};
use super::{counted, CliError, Outcome};
use crate::formats::hxl::{write_table, TableKind};
use crate::formats::sheet::plan_workbook;
use crate::formats::xlsx::write_xlsx;
use crate::model::disclosure::SmallCounts;
use crate::model::Plan;
use crate::platform;
use std::fs;
use std::path::{Path, PathBuf};

pub const SUMMARY: &str = "write the plan's tables as HXL or plain CSV files";
pub const USAGE: &str = "usage: cashplan export PLAN --format hxl|csv|xlsx OUT [--force] [--protect-below N]
  Writes each table that has records into the folder OUT (created if needed): areas.csv,
  needs.csv, activities.csv, standards.csv, meb.csv, rates.csv.
  --format hxl  CSV with a row of HXL hashtags under the headers; `cashplan import` and the
                app read these files back
  --format csv  the same without the hashtag row, for spreadsheets and people who do not
                use HXL
  --format xlsx one Excel workbook OUT (a file): a sheet per table, the gap report and
                the transfer value report, each with the hashtag row under the headers
  --force       replace files already in OUT (by default nothing is written if one exists)
  --protect-below N  for sharing outside the group: counts of 1 to N-1 people written as
                <N (with their breakdowns, and the coverage and gap they would reveal),
                and a Privacy column marking each such row";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExportFormat {
    Hxl,
    PlainCsv,
}

pub fn run(raw: &[String]) -> Result<Outcome, CliError> {
    let mut args = Args::parse("export", USAGE, raw, &["--format", PROTECT], &["--force"])?;
    let path = args.positional("PLAN (the plan file to export)")?;
    let protect = protect_below(&args)?;
    let format = match args.required("--format", "(hxl or csv)")?.trim().to_ascii_lowercase().as_str() {
        "hxl" => ExportFormat::Hxl,
        "csv" => ExportFormat::PlainCsv,
        "xlsx" => return export_workbook(args, &path, protect),
        other => return Err(args.usage_error(&format!("--format must be hxl, csv or xlsx (got `{other}`)"))),
    };
    let out = args.positional("OUT (the folder to write the files into)")?;
    let force = args.flag("--force");
    args.finish()?;

    let plan = load_plan(&path)?;
    let tables: Vec<(PathBuf, String)> = TableKind::ALL
        .iter()
        .filter(|&&kind| live_count(&plan, kind) > 0)
        .map(|&kind| {
            let hxl = protected(write_table(&plan, kind), protect);
            let text = if format == ExportFormat::Hxl { hxl } else { without_hashtag_row(&hxl) };
            (Path::new(&out).join(kind.file_name()), text)
        })
        .collect();
    if tables.is_empty() {
        return Err(CliError::Data(format!(
            "{path}: no areas, needs, activities, standards, MEBs or exchange rates to export; nothing was written. Import some with `cashplan import`."
        )));
    }
    if !force {
        let existing: Vec<String> =
            tables.iter().filter(|(file, _)| file.exists()).map(|(file, _)| file.display().to_string()).collect();
        if !existing.is_empty() {
            return Err(CliError::Data(format!(
                "{} already exist{}; nothing was written. Choose another folder, or add --force to replace them.",
                existing.join(", "),
                if existing.len() == 1 { "s" } else { "" }
            )));
        }
    }
    fs::create_dir_all(&out).map_err(|e| {
        CliError::Data(format!("{out}: cannot create the folder ({e}). Check the path and your permissions."))
    })?;
    for (file, text) in &tables {
        write_atomically(file, text.as_bytes()).map_err(|e| {
            CliError::Data(format!(
                "{}: cannot write the file ({e}). Check that you can write to {out}.",
                file.display()
            ))
        })?;
    }
    let written: Vec<String> = TableKind::ALL
        .iter()
        .filter_map(|&kind| {
            let n = live_count(&plan, kind);
            (n > 0).then(|| format!("{} ({})", kind.file_name(), counted(n, "row", "rows")))
        })
        .collect();
    println!("Exported {} to {out}: {}.", counted(tables.len(), "table", "tables"), written.join(", "));
    Ok(Outcome::Done)
}

/// `--format xlsx`: OUT is one workbook file.
fn export_workbook(mut args: Args, path: &str, protect: Option<SmallCounts>) -> Result<Outcome, CliError> {
    let out = args.positional("OUT (the .xlsx file to write)")?;
    let force = args.flag("--force");
    args.finish()?;
    let plan = load_plan(path)?;
    if !force && Path::new(&out).exists() {
        return Err(CliError::Data(format!(
            "{out} already exists; nothing was written. Choose another name, or add --force to replace it."
        )));
    }
    let sheets = plan_workbook(&plan, platform::today(), protect);
    let bytes = write_xlsx(&sheets).map_err(|e| CliError::Data(format!("{out}: {e}")))?;
    write_atomically(Path::new(&out), &bytes).map_err(|e| {
        CliError::Data(format!(
            "{out}: cannot write the file ({e}). Check the folder exists and that you can write to it."
        ))
    })?;
    let names: Vec<String> =
        sheets.iter().map(|s| format!("{} ({})", s.name, counted(s.rows.len(), "row", "rows"))).collect();
    println!("Exported {} to {out}: {}.", counted(sheets.len(), "sheet", "sheets"), names.join(", "));
    Ok(Outcome::Done)
}

fn live_count(plan: &Plan, kind: TableKind) -> usize {
    match kind {
        TableKind::Areas => plan.areas.len_live(),
        TableKind::Needs => plan.needs.len_live(),
        TableKind::Activities => plan.activities.len_live(),
        TableKind::Standards => plan.standards.len_live(),
        TableKind::Mebs => plan.mebs.len_live(),
        TableKind::ExchangeRates => plan.exchange_rates.len_live(),
    }
}

/// Drops the hashtag row, the second line: `write_table` writes no title lines, and its
/// header and hashtag cells are fixed names without line breaks.
fn without_hashtag_row(hxl: &str) -> String {
    hxl.split_inclusive('\n')
        .enumerate()
        .filter(|(i, line)| !(*i == 1 && line.starts_with('#')))
        .map(|(_, l)| l)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_csv_keeps_headers_and_data() {
        let hxl = "ID,Note\n#meta+id,#description\na-1,\"two\nlines\"\n";
        assert_eq!(without_hashtag_row(hxl), "ID,Note\na-1,\"two\nlines\"\n");
    }
}
