//! `cashplan gaps`: the gap report — coverage, gaps and accountable leads per area and
//! sector — as HXL CSV, JSON or a table for people.

use super::args::Args;
use super::files::load_plan;
use super::report_format::{print_report, small_counts, ReportFormat, PROTECT};
use super::{CliError, Outcome};
use crate::engine::areas::code_key;
use crate::engine::gaps::{analyse, GapCell, GapQuery, GapReport};
use crate::engine::map::{area_cells, MapFilter};
use crate::formats::reports::gaps::gaps_hxl;
use crate::model::{Month, Plan};
use serde::Serialize;

pub const SUMMARY: &str = "coverage, gaps and possible duplication per area and sector";
pub const USAGE: &str =
    "usage: cashplan gaps PLAN [--level N] [--period YYYY-MM] [--format hxl|json|text] [--protect-below N]
                      [--area PCODE [--sector S]]
  Analyses at admin level N (default: the deepest level that has needs), optionally for one
  month. hxl (default) prints one tagged row per area and sector; json the whole report
  with unallocated records and worst gaps; text a table for reading.
  --area PCODE  only that area's cells (in one sector with --sector), as choosing the area
                on the Map page shows them; with text, each cell's activities under it
  --protect-below N  (with hxl) for sharing outside the group: counts of 1 to N-1 people
                     written as <N, with the coverage and gap that would reveal them left
                     out, and a Privacy column marking each such row";

pub fn run(raw: &[String]) -> Result<Outcome, CliError> {
    let options = ["--level", "--period", "--format", "--area", "--sector", PROTECT];
    let mut args = Args::parse("gaps", USAGE, raw, &options, &[])?;
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
    let area = args.value("--area").map(str::to_string);
    let sector = args.value("--sector").map(str::to_string);
    if sector.is_some() && area.is_none() {
        return Err(args.usage_error("--sector chooses the cells of one area: give --area PCODE too"));
    }
    args.finish()?;
    let plan = load_plan(&path)?;
    let report = analyse(&plan, &GapQuery { level, period });
    if let Some(area) = area {
        // The same cells the Map page lists for a chosen area (engine::map::area_cells).
        let filter = MapFilter { sector, ..MapFilter::default() };
        let cells: Vec<GapCell> = area_cells(&report, &filter, &area).into_iter().cloned().collect();
        if !report.cells.iter().any(|c| code_key(&c.area) == code_key(&area)) {
            return Err(CliError::Data(format!(
                "{path}: no needs or activities in area `{area}` at admin level {} (give its P-code at that level, or another --level)",
                report.level
            )));
        }
        let chosen = AreaCells { level: report.level, period: report.period.clone(), area, cells };
        // HXL: the report's rows of these cells; JSON and text: the cells alone (the whole
        // plan's totals and lists would read as the area's).
        let hxl = |a: &AreaCells| gaps_hxl(&GapReport { cells: a.cells.clone(), ..report.clone() });
        return print_report(format, protect, &chosen, hxl, |a| area_text(a, &plan)).map(|()| Outcome::Done);
    }
    print_report(format, protect, &report, gaps_hxl, text_report)?;
    Ok(Outcome::Done)
}

/// One area's cells of the gap report, as `--area` writes them.
#[derive(Serialize)]
struct AreaCells {
    level: u8,
    period: Option<String>,
    area: String,
    cells: Vec<GapCell>,
}

/// The chosen area's cells, each with its activities (organisation, area, what, status,
/// targeted, reached), as the Map page lists them under the map.
fn area_text(report: &AreaCells, plan: &Plan) -> String {
    let mut out = String::new();
    for c in &report.cells {
        let sector = c.sector_name.as_deref().unwrap_or(&c.sector);
        let optional = |n: Option<u64>| n.map_or_else(|| "-".to_string(), |n| n.to_string());
        out.push_str(&format!(
            "{} ({}) — {sector}: in need {}, targeted {}, reached {}, gap {}, coverage {} ({}), {} organisations, lead {}\n",
            c.area_name,
            c.area,
            optional(c.pin),
            c.targeted,
            c.reached,
            optional(c.gap),
            c.coverage.map_or_else(|| "-".to_string(), |p| format!("{p} %")),
            c.band.map_or("no data", |b| b.label()),
            c.organisations,
            c.lead.as_deref().unwrap_or("not set"),
        ));
        for a in c.activities.iter().filter_map(|id| plan.activities.get(id)).map(|r| &r.data) {
            out.push_str(&format!(
                "  {} · {} · {} · {} · targeted {} · reached {}\n",
                a.reporting_org,
                a.area,
                if a.description.is_empty() { "-" } else { &a.description },
                a.status,
                optional(a.targeted),
                optional(a.reached)
            ));
        }
    }
    out
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
