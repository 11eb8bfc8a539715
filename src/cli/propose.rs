//! `cashplan propose`: the column mapping the app's mapping screen would propose for a
//! spreadsheet, as the JSON of a saved mapping (one column per sector and value choices
//! included), and the columns it refuses as personal data, with the reason.

use super::args::Args;
use super::{CliError, Outcome};
use crate::formats::sheet::{propose_mapping, read_table, scan_pii, store_proposals, write_mapping_file};

pub const SUMMARY: &str = "propose a column mapping for a spreadsheet";
pub const USAGE: &str = "usage: cashplan propose FILE [--sheet NAME]
  Prints the column mapping the app would propose for FILE (.xlsx, .xlsb, .xls, .ods or
  .csv) as a saved mapping's JSON: save it, check or edit it, and import with
  `cashplan import PLAN FILE --mapping MAPPING.json`. The columns refused as personal data
  are listed on standard error with the reason.
  --sheet  the workbook sheet to read (default: the first)";

pub fn run(raw: &[String]) -> Result<Outcome, CliError> {
    let mut args = Args::parse("propose", USAGE, raw, &["--sheet"], &[])?;
    let file = args.positional("FILE (the spreadsheet to propose a mapping for)")?;
    let sheet = args.value("--sheet").map(str::to_string);
    args.finish()?;
    let bytes = std::fs::read(&file).map_err(|e| {
        CliError::Data(format!("{file}: cannot be read ({e}). Check the path and that the file is not open elsewhere."))
    })?;
    let table = read_table(&file, &bytes, sheet.as_deref()).map_err(|e| CliError::Data(e.to_string()))?;
    let mut mapping = propose_mapping(&table);
    store_proposals(&table, &mut mapping);
    print!("{}", write_mapping_file(&mapping));
    for finding in scan_pii(&table) {
        eprintln!("{file}, column “{}”: refused as personal data: {}.", finding.header, finding.reason);
    }
    Ok(Outcome::Done)
}
