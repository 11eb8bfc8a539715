//! `cashplan import`: adds HXL CSV tables (areas, needs, 5W activities, standards, MEBs,
//! exchange rates) to a plan, all files or none; partners' own spreadsheets (xlsx, xlsb, xls,
//! ods, CSV) go through a saved column mapping.

mod keyed;
mod rejected;
mod sheet;

use super::args::Args;
use super::files::{load_plan, read_text, save_plan, Overwrite};
use super::{counted, CliError, Outcome};
use crate::formats::hxl::{read_hxl, HxlError, ImportBatch, ImportNote, Preview, TableKind};
use crate::model::{Plan, Stamp};
use crate::platform;
use std::path::Path;

pub const SUMMARY: &str = "import HXL CSV tables into a plan";
pub const USAGE: &str = "usage: cashplan import PLAN FILE... [--as KIND] [--by ORG]
       cashplan import PLAN FILE --mapping MAPPING.json [--sheet NAME] [--create-areas] [--skip-bad-rows]
       … [--key COLUMNS] [--replace-period YYYY-MM] [--rejected REJECTED.csv|.xlsx]
  Reads each HXL CSV FILE (a header row, then a row of hashtags such as #adm1+code,
  #sector, #inneed) in the order given, so areas.csv then needs.csv works in one call.
  All or nothing: if any file has a problem, every problem is listed and PLAN is left
  as it was. Rows already in the plan are updated, not added twice.
  --as  the table kind of every FILE: areas, needs, activities, standards, meb, rates
        (default: recognised from the hashtags)
  --by  who made the changes, recorded with each record (default: cli)
  --mapping        a column mapping saved from the app (Import, Spreadsheet): reads FILE
                   (.xlsx, .xlsb, .xls, .ods or .csv without hashtags) through it
  --sheet          the workbook sheet to read (default: the first)
  --create-areas   add the areas named by the P-code and name columns that PLAN lacks
  --skip-bad-rows  import the good rows and list the rows set aside (default: any
                   problem refuses the whole file)
  --key            how activity rows are matched to the plan's, so a corrected row updates
                   its activity: `id` (the #meta+id column), fields such as
                   reporting_org,area,sector,description,start_month (names, hashtags or
                   labels), or `whole-row` (every cell; a corrected figure adds a second
                   activity). Default: the mapping's key, else the id column when the file
                   has one, else reporting_org,area,sector,description,start_month.
                   Rows whose key cannot be paired with one activity refuse the import.
  --replace-period YYYY-MM  the file is its partners' full report for that month: their
                   activities of the month that no row matches are removed
  --rejected       write the rows with problems (the file's own columns, the row number
                   and the reasons) to this CSV or .xlsx file, to send back to the partner";

/// Everything wrong with the files of one import.
#[derive(Debug, Default)]
struct Problems {
    lines: Vec<String>,
    /// Problems counted (the "more than N problems" notice is not one).
    count: usize,
    unknown_area: bool,
}

impl Problems {
    fn one(line: String) -> Problems {
        Problems { lines: vec![line], count: 1, unknown_area: false }
    }

    fn extend(&mut self, other: Problems) {
        self.lines.extend(other.lines);
        self.count += other.count;
        self.unknown_area |= other.unknown_area;
    }
}

type FileResult = Result<Vec<ImportBatch>, Problems>;

pub fn run(raw: &[String]) -> Result<Outcome, CliError> {
    let mut args = Args::parse(
        "import",
        USAGE,
        raw,
        &["--as", "--by", "--mapping", "--sheet", "--key", "--replace-period", "--rejected"],
        &["--create-areas", "--skip-bad-rows"],
    )?;
    let path = args.positional("PLAN (the plan file to import into)")?;
    let files = args.rest("FILE (the HXL CSV files to import)")?;
    let kind = match args.value("--as") {
        None => None,
        Some(text) => Some(text.parse::<TableKind>().map_err(|e| args.usage_error(&format!("--as: {e}")))?),
    };
    let by = args.value("--by").unwrap_or("cli").trim().to_string();
    if by.is_empty() {
        return Err(args.usage_error("--by must not be empty"));
    }
    let sheet_options = sheet::Options::from_args(&args, &files)?;
    let key_options = keyed::KeyOptions::from_args(&args)?;
    args.finish()?;

    let original = load_plan(&path)?;
    let stamp = Stamp { at: platform::now_rfc3339(), by };
    let mut plan = original.clone();
    let mut previews: Vec<(String, Preview, Vec<ImportNote>)> = Vec::new();
    let mut problems = Problems::default();
    for file in &files {
        // Later files are checked against the plan as the earlier ones left it.
        match read_file(file, kind, &plan, sheet_options.as_ref(), &key_options) {
            Ok(batches) => {
                for batch in batches {
                    previews.push((file.clone(), batch.preview, batch.notes.clone()));
                    batch.apply(&mut plan, &stamp);
                }
            }
            Err(found) => problems.extend(found),
        }
    }
    if !problems.lines.is_empty() {
        return Err(refusal(&path, files.len(), &problems));
    }
    for (file, p, notes) in &previews {
        println!("{file}: {}, {} added, {} updated, {} unchanged", p.kind, p.adds, p.updates, p.unchanged);
        for note in notes {
            println!("{file}: note: {note}");
        }
    }
    if plan == original {
        println!("Nothing changed; {path} was not rewritten.");
        return Ok(Outcome::Done);
    }
    save_plan(&path, &plan, Overwrite::Allowed)?;
    println!("Imported {} into {path}.", counted(files.len(), "file", "files"));
    Ok(Outcome::Done)
}

/// The file's batches, their activity rows keyed to the plan's.
fn read_file(
    file: &str,
    kind: Option<TableKind>,
    plan: &Plan,
    sheet_options: Option<&sheet::Options>,
    key_options: &keyed::KeyOptions,
) -> FileResult {
    if let Some(options) = sheet_options {
        let has_id = keyed::mapping_has_id(&options.mapping);
        let remembered = options.mapping.key.as_ref();
        return sheet::read(file, plan, options, |batches, set_aside| {
            keyed::key_file(file, batches, plan, key_options, remembered, has_id, set_aside)
        });
    }
    let extension = Path::new(file).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Err(Problems::one(format!(
            "{file}: a spreadsheet is read through a column mapping. Make one in the app (Import, Spreadsheet), save it, and import with --mapping MAPPING.json; or save the sheet as \"CSV UTF-8\" with a row of HXL hashtags under the headers."
        ))),
        _ => read_hxl_file(file, kind, plan)
            .and_then(|(batches, has_id)| {
                keyed::key_file(file, batches, plan, key_options, None, has_id, Default::default())
            }),
    }
}

fn read_hxl_file(file: &str, kind: Option<TableKind>, plan: &Plan) -> Result<(Vec<ImportBatch>, bool), Problems> {
    let text = read_text(file, "an HXL CSV file").map_err(|e| Problems::one(e.to_string()))?;
    let has_id = keyed::hxl_has_id(file, &text);
    read_hxl(file, &text, kind, plan).map(|batch| (vec![batch], has_id)).map_err(|errors| {
        let mut found = Problems::default();
        for error in &errors.0 {
            found.lines.push(match error {
                HxlError::NoHashtagRow { .. } => format!(
                    "{error} (Or import the sheet as it is through a column mapping saved from the app: --mapping MAPPING.json.)"
                ),
                _ => error.to_string(),
            });
            found.count += usize::from(!matches!(error, HxlError::TooMany { .. }));
            found.unknown_area |= matches!(error, HxlError::UnknownArea { .. });
        }
        found
    })
}

/// Every problem of every file, and what to do.
fn refusal(path: &str, file_count: usize, problems: &Problems) -> CliError {
    let mut message = format!(
        "nothing was imported and {path} was not changed: {} to fix.",
        counted(problems.count, "problem", "problems")
    );
    for line in &problems.lines {
        message.push_str("\n- ");
        message.push_str(line);
    }
    if problems.unknown_area && file_count > 1 {
        message.push_str("\nFiles are read in the order given: put the areas file first (cashplan import PLAN areas.csv needs.csv …).");
    }
    CliError::Data(message)
}
