//! `cashplan overlaps`: activities of different organisations in the same area and sector
//! at the same time, with their combined targets against the people in need.

use super::args::Args;
use super::files::load_plan;
use super::report_format::{print_report, small_counts, ReportFormat, PROTECT};
use super::{CliError, Outcome};
use crate::engine::harmonise::{overlap_groups, overlaps, OverlapScope};
use crate::formats::reports::{overlap_groups_hxl, overlap_groups_text, overlaps_hxl, overlaps_text};

pub const SUMMARY: &str = "list partners working in the same area, sector and time";
pub const USAGE: &str = "usage: cashplan overlaps PLAN [--by-area] [--format hxl|json|text]
  Lists pairs of planned, ongoing or completed activities by different organisations with
  the same area code and sector whose dates overlap (a missing date is open), with both
  activities, the people they target together, the people in need and the share of them.
  --by-area  one line per area and sector instead: the organisations, how many activities
             and pairs, the first and last shared day and the combined target (a busy plan
             has millions of pairs)
  --format   text (default), hxl (CSV with hashtags) or json
  --protect-below N  (with --format hxl) for sharing outside the group: counts of 1 to N-1
             people written as <N, with the figures that would reveal them left out";

pub fn run(raw: &[String]) -> Result<Outcome, CliError> {
    let mut args = Args::parse("overlaps", USAGE, raw, &["--format", PROTECT], &["--by-area"])?;
    let path = args.positional("PLAN (the plan file to analyse)")?;
    let format = ReportFormat::from_args(&args)?;
    let protect = small_counts(&args, format)?;
    let by_area = args.flag("--by-area");
    args.finish()?;

    let plan = load_plan(&path)?;
    if by_area {
        let groups = overlap_groups(&plan, &OverlapScope::default());
        print_report(format, protect, &groups, |g| overlap_groups_hxl(g, &plan), |g| overlap_groups_text(g))?;
    } else {
        let found = overlaps(&plan);
        print_report(format, protect, &found, |o| overlaps_hxl(o, &plan), |o| overlaps_text(o))?;
    }
    Ok(Outcome::Done)
}
