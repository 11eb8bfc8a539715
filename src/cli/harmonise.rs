//! `cashplan harmonise`: every cash and voucher activity against the transfer value standard
//! the Cash Working Group agreed, as a table, HXL CSV or JSON.

use super::args::Args;
use super::files::load_plan;
use super::report_format::{print_report, small_counts, ReportFormat, PROTECT};
use super::{CliError, Outcome};
use crate::engine::harmonise::{harmonise, HarmoniseQuery};
use crate::formats::reports::{harmonise_hxl, harmonise_text};
use crate::model::IsoDate;
use crate::platform;

pub const SUMMARY: &str = "compare transfer values with the agreed standards";
pub const USAGE: &str = "usage: cashplan harmonise PLAN [--level N] [--today YYYY-MM-DD] [--format hxl|json|text]
  Compares each cash and voucher activity with its sector's standard (converted to the
  standard's unit, period and currency), its area's MEB and the agreed targeting criteria,
  one row per activity by id, then the spread of values per area and sector.
  --level   admin level 1-4 to group the spread at (default: deepest with activities)
  --today   the date for activities without a start date (default: today)
  --format  text (default), hxl (CSV with hashtags; one #admN+code column per admin level
            present, each activity's area code in its own level's column) or json
  --protect-below N  (with --format hxl) for sharing outside the group: counts of 1 to N-1
            people written as <N, with the figures that would reveal them left out";

pub fn run(raw: &[String]) -> Result<Outcome, CliError> {
    let mut args = Args::parse("harmonise", USAGE, raw, &["--level", "--today", "--format", PROTECT], &[])?;
    let path = args.positional("PLAN (the plan file to analyse)")?;
    let level = match args.value("--level") {
        None => None,
        Some(text) => match text.trim().parse::<u8>() {
            Ok(level) if (1..=4).contains(&level) => Some(level),
            _ => return Err(args.usage_error(&format!("--level must be an admin level from 1 to 4 (got `{text}`)"))),
        },
    };
    let today = match args.value("--today") {
        None => platform::today(),
        Some(text) => IsoDate::parse(text)
            .ok_or_else(|| args.usage_error(&format!("--today must be a date like 2024-03-31 (got `{text}`)")))?,
    };
    let format = ReportFormat::from_args(&args)?;
    let protect = small_counts(&args, format)?;
    args.finish()?;

    let plan = load_plan(&path)?;
    let report = harmonise(&plan, &HarmoniseQuery { level, today });
    print_report(format, protect, &report, harmonise_hxl, harmonise_text)?;
    Ok(Outcome::Done)
}
