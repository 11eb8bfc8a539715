//! `cashplan map`: the map the app draws — a measure per area on the boundaries, with the
//! shared filters — written as SVG or as GeoJSON with the figures in the properties.

use super::args::Args;
use super::files::{load_plan, write_atomically};
use super::report_format::{protect_below, PROTECT};
use super::{boundary_file, CliError, Outcome};
use crate::engine::map::{map_figures, shown_points, MapFilter, Measure};
use crate::formats::boundaries::{import, ImportOptions};
use crate::formats::map::{render_geojson, render_svg, MapDocument};
use crate::model::boundary::{stored_at_level, stored_levels, BoundaryFeature, BoundarySet};
use crate::model::{Modality, Month, Plan, Vocabulary};
use crate::platform;
use std::path::Path;

pub const SUMMARY: &str = "draw a map of coverage, gaps or partners per area (SVG or GeoJSON)";
pub const USAGE: &str = "usage: cashplan map PLAN --out FILE [--boundaries FILE] [--level N] [--measure M] [--sector S]
                    [--period YYYY-MM] [--organisation O] [--modality M] [--format svg|geojson] [--title T]
                    [--points]
  Shades each area of the plan's stored boundaries (see `cashplan boundaries PLAN FILE`), or of
  the boundary file given with --boundaries (COD-AB .zip or .geojson), at admin level N (default: the deepest level that has needs) by a measure, exactly as the
  app draws it, with the legend, filters, date, data source and the UN disclaimer.
  --measure  coverage (default: band and % of people in need reached), coverage-percent
             (the % in classes of 25 points, above 100 % apart), gap, reached,
             targeted, partners (organisations present), overlaps (overlapping pairs),
             outside-standard (share of cash activities outside the agreed transfer value)
  --sector, --period, --organisation, --modality  the filters of the app (default: all)
  --format   svg (default) or geojson (the map layer with every figure in the properties,
             for QGIS)
  --points   also draw the activities that carry coordinates (#geo+lat, #geo+lon) as dots, one
             per place, its area in proportion to its people (reached, else targeted), under the
             same filters; in GeoJSON, the same activities as Point features (layer \"activities\",
             with id, organisation, sector, modality, pcode, site, status, month, start, end,
             targeted, reached and people).
             Not with --protect-below, since a dot's size tells people
  --protect-below N  for sharing outside the group: counts of 1 to N-1 people are not shown
             (\"<N\" in the GeoJSON) nor the coverage and gap beside them; the map says so";

pub fn run(raw: &[String]) -> Result<Outcome, CliError> {
    let options = [
        "--boundaries",
        "--out",
        "--level",
        "--measure",
        "--sector",
        "--period",
        "--organisation",
        "--modality",
        "--format",
        "--title",
        PROTECT,
    ];
    let mut args = Args::parse("map", USAGE, raw, &options, &["--points"])?;
    let plan_path = args.positional("PLAN (the plan file to map)")?;
    let boundaries = args.value("--boundaries").map(str::to_string);
    let out = args.required("--out", "FILE (where to write the map)")?.to_string();
    let level = boundary_file::level(&args)?;
    let measure = match args.value("--measure") {
        None => Measure::Coverage,
        Some(text) => Measure::parse(text).ok_or_else(|| {
            let known: Vec<&str> = Measure::ALL.iter().map(|m| m.code()).collect();
            args.usage_error(&format!("--measure `{text}` is not known; use one of {}", known.join(", ")))
        })?,
    };
    let period = match args.value("--period") {
        None => None,
        Some(text) => Some(Month::parse(text).ok_or_else(|| {
            args.usage_error(&format!("--period `{text}` is not a month; write it as YYYY-MM, e.g. 2024-03"))
        })?),
    };
    let modality = match args.value("--modality") {
        None => None,
        Some(text) => Some(Modality::parse_loose(text).ok_or_else(|| {
            args.usage_error(&format!("--modality `{text}` is not known; use one of {}", Modality::accepted()))
        })?),
    };
    let geojson = match args.value("--format").map(|f| f.trim().to_ascii_lowercase()) {
        None => false,
        Some(f) if f == "svg" => false,
        Some(f) if f == "geojson" || f == "json" => true,
        Some(other) => return Err(args.usage_error(&format!("--format must be svg or geojson (got `{other}`)"))),
    };
    let filter = MapFilter {
        level,
        period,
        sector: args.value("--sector").map(|s| s.trim().to_string()),
        organisation: args.value("--organisation").map(|s| s.trim().to_string()),
        modality,
    };
    let title = args.value("--title").map(str::to_string);
    let with_points = args.flag("--points");
    let protect = protect_below(&args)?;
    if with_points && protect.is_some() {
        return Err(args.usage_error("--points shows people per place; leave it out with --protect-below"));
    }
    args.finish()?;

    let plan = load_plan(&plan_path)?;
    if let Some(sector) = &filter.sector {
        if plan.find_sector(sector).is_none() {
            return Err(CliError::Data(format!("{plan_path}: no sector `{sector}` in the plan. Check --sector.")));
        }
    }
    let figures = map_figures(&plan, &filter, platform::today());
    let points = shown_points(&plan, &filter, with_points, protect, geojson);
    let figures = match protect {
        Some(rule) => figures.protected(rule),
        None => figures,
    };
    let (set, source) = match &boundaries {
        Some(path) => {
            let file = boundary_file::read(path)?;
            let only = ImportOptions { level: Some(figures.level), ..ImportOptions::default() };
            let (set, _) = import(&file, &only).map_err(|e| CliError::Data(e.to_string()))?;
            (set, file_name(path).to_string())
        }
        None => stored(&plan, &plan_path, figures.level)?,
    };
    let document = MapDocument {
        title: title.unwrap_or_else(|| format!("{} — {}", figures_title(measure, &filter), plan.name)),
        measure,
        figures: &figures,
        features: set.at_level(figures.level).collect(),
        date: platform::today().to_string(),
        source: format!("plan \"{}\" (cashplan); boundaries {source}", plan.name),
        points: &points,
    };
    let text = if geojson { render_geojson(&document) } else { render_svg(&document) };
    write_atomically(Path::new(&out), text.as_bytes()).map_err(|e| {
        CliError::Data(format!(
            "{out}: cannot write the map ({e}). Check that the folder exists and that you can write to it."
        ))
    })?;
    let matched = figures
        .areas
        .iter()
        .filter(|a| set.at_level(figures.level).any(|f| f.pcode.eq_ignore_ascii_case(&a.area)))
        .count();
    let activities: usize = points.iter().map(|p| p.activities.len()).sum();
    let dots = match (with_points, geojson) {
        (false, _) => String::new(),
        (true, false) => format!(", {} places with coordinates as dots", points.len()),
        (true, true) => format!(", {activities} activities with coordinates as points ({} places)", points.len()),
    };
    println!(
        "Wrote {out}: {} at admin level {}, {} areas drawn, {matched} of the plan's {} areas with a shape{dots}.",
        measure.title(),
        figures.level,
        document.features.len(),
        figures.areas.len()
    );
    Ok(Outcome::Done)
}

/// The plan's stored boundaries at `level`, and the files they came from.
fn stored(plan: &Plan, plan_path: &str, level: u8) -> Result<(BoundarySet, String), CliError> {
    let features: Vec<BoundaryFeature> = stored_at_level(plan, level).into_iter().cloned().collect();
    if features.is_empty() {
        let levels: Vec<String> = stored_levels(plan).iter().map(u8::to_string).collect();
        let has = if levels.is_empty() { "none".to_string() } else { format!("admin level {}", levels.join(", ")) };
        return Err(CliError::Data(format!(
            "{plan_path}: no boundaries stored at admin level {level} (stored: {has}). Store them with `cashplan \
             boundaries {plan_path} FILE`, choose another --level, or give --boundaries FILE."
        )));
    }
    let mut sources: Vec<&str> = features.iter().map(|f| f.source.split(':').next().unwrap_or_default()).collect();
    sources.sort_unstable();
    sources.dedup();
    let source = sources.into_iter().filter(|s| !s.is_empty()).map(file_name).collect::<Vec<_>>().join(", ");
    Ok((BoundarySet { source: source.clone(), features }, source))
}

fn figures_title(measure: Measure, filter: &MapFilter) -> String {
    match &filter.sector {
        Some(sector) => format!("{}, {sector}", measure.title()),
        None => measure.title().to_string(),
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}
