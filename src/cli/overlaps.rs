//! `cashplan overlaps`: activities of different organisations in the same area and sector
//! at the same time, with their combined targets against the people in need.

use super::args::Args;
use super::files::load_plan;
use super::report_format::{print_report, ReportFormat};
use super::{CliError, Outcome};
use crate::engine::harmonise::overlaps;
use crate::formats::reports::{overlaps_hxl, overlaps_text};

pub const SUMMARY: &str = "list partners working in the same area, sector and time";
pub const USAGE: &str = "usage: cashplan overlaps PLAN [--format hxl|json|text]
  Lists pairs of planned, ongoing or completed activities by different organisations with
  the same area code and sector whose dates overlap (a missing date is open), with both
  activities, the people they target together, the people in need and the share of them.
  --format  text (default), hxl (CSV with hashtags) or json";

pub fn run(raw: &[String]) -> Result<Outcome, CliError> {
    let mut args = Args::parse("overlaps", USAGE, raw, &["--format"], &[])?;
    let path = args.positional("PLAN (the plan file to analyse)")?;
    let format = ReportFormat::from_args(&args)?;
    args.finish()?;

    let plan = load_plan(&path)?;
    let found = overlaps(&plan);
    print_report(format, &found, |o| overlaps_hxl(o, &plan), |o| overlaps_text(o))?;
    Ok(Outcome::Done)
}
