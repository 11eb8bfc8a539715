//! `cashplan gaps`: the gap report — coverage, gaps and accountable leads per area and
//! sector — as HXL CSV, JSON or a table for people.

use super::args::Args;
use super::files::load_plan;
use super::report_format::{print_report, small_counts, ReportFormat, PROTECT};
use super::{CliError, Outcome};
use crate::engine::gaps::{analyse, GapQuery, GapReport};
use crate::formats::reports::gaps::gaps_hxl;
use crate::model::Month;

pub const SUMMARY: &str = "coverage, gaps and possible duplication per area and sector";
pub const USAGE: &str =
    "usage: cashplan gaps PLAN [--level N] [--period YYYY-MM] [--format hxl|json|text] [--protect-below N]
  Analyses at admin level N (default: the deepest level that has needs), optionally for one
  month. hxl (default) prints one tagged row per area and sector; json the whole report
  with unallocated records and worst gaps; text a table for reading.
  --protect-below N  (with hxl) for sharing outside the group: counts of 1 to N-1 people
                     written as <N, with the coverage and gap that would reveal them left
                     out, and a Privacy column marking each such row";

pub fn run(raw: &[String]) -> Result<Outcome, CliError> {
    let mut args = Args::parse("gaps", USAGE, raw, &["--level", "--period", "--format", PROTECT], &[])?;
    let path = args.positional("PLAN (the plan file to analyse)")?;
    let level = match args.value("--level") {
        None => None,
        Some(text) => match text.parse::<u8>() {
            Ok(level @ 1..=4) => Some(level),
            _ => return Err(args.usage_error(&format!("--level `{text}` is not an admin level; use 1, 2, 3 or 4."))),
        },
    };
    let period = match args.value("--period") {
        None => None,
        Some(text) => Some(Month::parse(text).ok_or_else(|| {
            args.usage_error(&format!("--period `{text}` is not a month; write it as YYYY-MM, e.g. 2024-03."))
        })?),
    };
    let format = ReportFormat::from_args_or(&args, ReportFormat::Hxl)?;
    let protect = small_counts(&args, format)?;
    args.finish()?;
    let plan = load_plan(&path)?;
    let report = analyse(&plan, &GapQuery { level, period });
    print_report(format, protect, &report, gaps_hxl, text_report)?;
    Ok(Outcome::Done)
}

/// A fixed-width table of the cells, then the worst gaps and what was left out.
fn text_report(report: &GapReport) -> String {
    let mut out = format!("Gap report at admin level {}", report.level);
    if let Some(period) = &report.period {
        out.push_str(&format!(" for {period}"));
    }
    out.push('\n');
    out.push_str(&format!(
        "{:<12} {:<24} {:<6} {:>10} {:>10} {:>10} {:>8} {:>10} {:<8} {}\n",
        "area", "name", "sector", "in need", "targeted", "reached", "cover %", "gap", "band", "lead"
    ));
    let blank = || "-".to_string();
    for c in &report.cells {
        out.push_str(&format!(
            "{:<12} {:<24} {:<6} {:>10} {:>10} {:>10} {:>8} {:>10} {:<8} {}\n",
            c.area,
            c.area_name.chars().take(24).collect::<String>(),
            c.sector,
            c.pin.map_or_else(blank, |n| n.to_string()),
            c.targeted,
            c.reached,
            c.coverage.map_or_else(blank, |p| p.to_string()),
            c.gap.map_or_else(blank, |n| n.to_string()),
            c.band.map_or("-", |b| b.label()),
            c.lead.as_deref().unwrap_or("-"),
        ));
        if let Some(reference) = &c.measured_against {
            out.push_str(&format!(
                "{:<12} {:<24} ({} measured against the {reference} people in need)\n",
                "", "", c.sector
            ));
        }
    }
    let t = &report.totals;
    out.push_str(&format!(
        "Total: {} in need, {} targeted, {} reached, gap {} (summed over sectors: people may count in several)\n",
        t.pin, t.targeted, t.reached, t.gap
    ));
    if let Some(i) = &t.inter_sector {
        out.push_str(&format!(
            "Against the inter-sector people in need ({} areas): {} in need, {} reached (largest sector per area), gap {}, coverage {} %{}\n",
            i.areas,
            i.pin,
            i.reached,
            i.gap,
            i.coverage.map_or_else(|| "-".to_string(), |p| p.to_string()),
            if i.areas_without > 0 { format!("; {} areas have no inter-sector figure", i.areas_without) } else { String::new() }
        ));
    }
    if !report.worst_gaps.is_empty() {
        out.push_str("Worst gaps:\n");
        for (rank, gap) in report.worst_gaps.iter().take(10).enumerate() {
            out.push_str(&format!("  {}. {} {}: {} people\n", rank + 1, gap.area, gap.sector, gap.gap));
        }
    }
    let left = &t.unallocated;
    let unknown = &t.unknown_area;
    if left.activities + left.needs + unknown.activities + unknown.needs > 0 {
        out.push_str(&format!(
            "Not allocated at this level: {} activities ({} reached), {} needs ({} in need); unknown P-codes: {} activities, {} needs.\n",
            left.activities, left.reached, left.needs, left.pin, unknown.activities, unknown.needs
        ));
    }
    out
}
