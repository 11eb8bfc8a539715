//! `cashplan boundaries`: what a boundary file holds (layers, levels, areas, vertices
//! before and after simplification), the proposed attribute mapping, and — against a
//! plan — which P-codes match and which areas the boundaries would create or complete.

use super::args::Args;
use super::files::{load_plan, save_plan, write_atomically, Overwrite};
use super::{boundary_file, counted, CliError, Outcome};
use crate::engine::boundaries::{match_areas, propose_areas, store_boundaries};
use crate::formats::boundaries::{import, propose_mapping, AttributeMapping, ImportOptions};
use crate::formats::map::{boundaries_geojson, grouped};
use crate::model::boundary::{stored_at_level, stored_levels, BoundaryFeature, BoundarySet};
use crate::model::{change, Plan, Stamp};
use crate::platform;
use std::path::Path;

pub const SUMMARY: &str =
    "read COD-AB boundaries (zipped shapefile or GeoJSON), match them with a plan and store them in it";
pub const USAGE: &str = "usage: cashplan boundaries [PLAN] FILE [--level N] [--plan PLAN] [--create-areas] [--by NAME]
       cashplan boundaries PLAN [--level N] [--out FILE]
  Reads administrative boundaries as OCHA publishes them on HDX (the zipped shapefile, one
  layer per admin level, or GeoJSON; WGS 84 only) and prints each layer: its admin level,
  areas and vertices before and after simplification for the screen, and the fields
  proposed for the P-code, the names (every language) and the parent's P-code.
  With PLAN before FILE the boundaries are stored in the plan file (simplified; a level
  imported again replaces that level's shapes), after the match below. FILE may also be
  another plan file (.cashplan.json): its stored boundaries are reused.
  --level N       only the layer at admin level N
  --plan PLAN     only match the P-codes with the plan's areas, storing nothing: how many
                  match, which areas have no shape and which shapes no area, and how many
                  areas the boundaries would create or complete (code, name, level, parent)
  --create-areas  when storing, also create and complete the plan's areas from the
                  boundary attributes (code, name, level, parent)
  --by NAME       who stores them (default: cli)
  With a plan file alone it lists the boundaries the plan stores; --out FILE writes those of
  one level (--level, default the deepest) as GeoJSON with COD-AB field names (ADM2_PCODE,
  ADM2_EN, ADM1_PCODE…): the boundaries export, for QGIS or another plan.";

pub fn run(raw: &[String]) -> Result<Outcome, CliError> {
    let mut args = Args::parse("boundaries", USAGE, raw, &["--level", "--plan", "--by", "--out"], &["--create-areas"])?;
    let mut words = args.rest("FILE (the boundary file: .zip or .geojson)")?;
    if words.len() > 2 {
        return Err(args.usage_error(&format!("unexpected argument `{}`", words[2])));
    }
    let path = words.pop().unwrap_or_default();
    let target = words.pop();
    let level = boundary_file::level(&args)?;
    let plan_path = args.value("--plan").map(str::to_string);
    let create_areas = args.flag("--create-areas");
    let by = args.value("--by").unwrap_or("cli").trim().to_string();
    if target.is_some() && plan_path.is_some() {
        return Err(args.usage_error("give either PLAN FILE (store) or FILE --plan PLAN (match only), not both"));
    }
    if target.is_none() && create_areas {
        return Err(args.usage_error("--create-areas needs the plan to store in: cashplan boundaries PLAN FILE"));
    }
    if by.is_empty() {
        return Err(args.usage_error("--by must not be empty"));
    }
    let out = args.value("--out").map(str::to_string);
    if out.is_some() && (target.is_some() || !is_plan_file(&path)) {
        return Err(args.usage_error("--out exports a plan's boundaries: cashplan boundaries PLAN --out FILE"));
    }
    args.finish()?;
    if target.is_none() && plan_path.is_none() && is_plan_file(&path) {
        return stored(&path, level, out.as_deref());
    }

    let set = if is_plan_file(&path) { from_plan(&path, level)? } else { from_boundary_file(&path, level)? };
    let Some(plan_path) = target.clone().or(plan_path) else { return Ok(Outcome::Done) };
    let mut plan = load_plan(&plan_path)?;
    print_match(&plan, &plan_path, &set.features);
    let Some(target) = target else { return Ok(Outcome::Done) };
    let stored =
        store_boundaries(&plan, &set.features, create_areas).map_err(|e| CliError::Data(format!("{path}: {e}")))?;
    let stamp = Stamp { at: platform::now_rfc3339(), by };
    change::apply(&mut plan, stored.change, &stamp);
    save_plan(&target, &plan, Overwrite::Allowed)?;
    let levels: Vec<String> = stored_levels(&plan).iter().map(u8::to_string).collect();
    println!(
        "Stored {} in {target} ({} no longer in the file removed); it now has boundaries at admin level {}.",
        counted(stored.stored, "boundary", "boundaries"),
        stored.removed,
        levels.join(", ")
    );
    if create_areas {
        println!("Areas: {} created, {} completed.", stored.created, stored.completed);
    }
    Ok(Outcome::Done)
}

/// What a plan stores, per level; with `out`, one level written as GeoJSON.
fn stored(path: &str, level: Option<u8>, out: Option<&str>) -> Result<Outcome, CliError> {
    let plan = load_plan(path)?;
    let levels = stored_levels(&plan);
    for &at in &levels {
        let features = stored_at_level(&plan, at);
        let vertices: usize = features.iter().map(|f| f.shape.vertex_count()).sum();
        println!(
            "{path}: admin level {at}, {}, {} vertices",
            counted(features.len(), "boundary", "boundaries"),
            grouped(vertices as u64)
        );
    }
    let Some(out) = out else {
        if levels.is_empty() {
            println!("{path}: no boundaries stored. Store some with `cashplan boundaries {path} FILE`.");
        }
        return Ok(Outcome::Done);
    };
    let Some(level) = level.or(levels.last().copied()).filter(|l| levels.contains(l)) else {
        let has: Vec<String> = levels.iter().map(u8::to_string).collect();
        return Err(CliError::Data(format!(
            "{path}: no boundaries stored at admin level {}; stored: {}. Nothing was written.",
            level.unwrap_or(0),
            if has.is_empty() { "none".to_string() } else { has.join(", ") }
        )));
    };
    let text = boundaries_geojson(&stored_at_level(&plan, level), level);
    write_atomically(Path::new(out), text.as_bytes()).map_err(|e| {
        CliError::Data(format!(
            "{out}: cannot write the boundaries ({e}). Check that the folder exists and that you can write to it."
        ))
    })?;
    println!("Wrote {out}: the boundaries at admin level {level} as GeoJSON.");
    Ok(Outcome::Done)
}

/// A `.cashplan.json` file: boundaries reused from another plan.
fn is_plan_file(path: &str) -> bool {
    path.to_ascii_lowercase().ends_with(crate::formats::planfile::FILE_SUFFIX)
}

/// The boundaries another plan stores (at `level`, or all).
fn from_plan(path: &str, level: Option<u8>) -> Result<BoundarySet, CliError> {
    let other: Plan = load_plan(path)?;
    let features = crate::model::boundary::stored_features(&other, level);
    if features.is_empty() {
        let levels: Vec<String> = stored_levels(&other).iter().map(u8::to_string).collect();
        return Err(CliError::Data(match levels.is_empty() {
            true => format!(
                "{path}: the plan has no boundaries to reuse. Store some with `cashplan boundaries {path} FILE`."
            ),
            false => format!(
                "{path}: no boundaries at admin level {}; it has levels {}.",
                level.unwrap_or(0),
                levels.join(", ")
            ),
        }));
    }
    println!("{path}: {} reused from the plan \"{}\"", counted(features.len(), "boundary", "boundaries"), other.name);
    Ok(BoundarySet { source: path.to_string(), features })
}

/// Reads, maps and simplifies a boundary file, printing what each layer holds.
fn from_boundary_file(path: &str, level: Option<u8>) -> Result<BoundarySet, CliError> {
    let file = boundary_file::read(path)?;
    let (set, stats) = import(&file, &ImportOptions { level, ..ImportOptions::default() })
        .map_err(|e| CliError::Data(e.to_string()))?;
    println!("{path}: {}", counted(file.layers.len(), "layer", "layers"));
    for layer in &file.layers {
        let Some(mapping) = propose_mapping(&layer.fields) else { continue };
        let Some(stat) = stats.iter().find(|s| s.layer == layer.name) else { continue };
        println!(
            "  {}: admin level {}, {}, {} vertices, {} after simplification",
            layer.name,
            stat.level,
            counted(stat.features, "area", "areas"),
            grouped(stat.vertices_read as u64),
            grouped(stat.vertices_kept as u64)
        );
        println!("{}", mapping_lines(&mapping));
    }
    Ok(set)
}

/// How each level's P-codes match the plan's areas, and what the attributes would add.
fn print_match(plan: &Plan, plan_path: &str, features: &[BoundaryFeature]) {
    let mut levels: Vec<u8> = features.iter().map(|f| f.level).filter(|l| *l >= 1).collect();
    levels.sort_unstable();
    levels.dedup();
    for level in levels {
        let found = match_areas(plan, features, level);
        println!(
            "Admin level {level} against {plan_path}: {} of {} match the plan's {}.",
            found.matched,
            counted(found.shapes, "shape", "shapes"),
            counted(found.areas, "area", "areas")
        );
        print_list("Areas of the plan without a shape", &found.areas_without_shape);
        print_list("Shapes without an area in the plan", &found.shapes_without_area);
        let elsewhere: Vec<String> = found.other_level.iter().map(|(code, l)| format!("{code} (level {l})")).collect();
        print_list("P-codes that are plan areas at another level", &elsewhere);
    }
    let proposal = propose_areas(plan, features);
    println!(
        "The boundaries would create {} and complete {} (name or parent) in the plan.",
        counted(proposal.new.len(), "area", "areas"),
        counted(proposal.completed.len(), "area", "areas")
    );
}

fn mapping_lines(mapping: &AttributeMapping) -> String {
    let names: Vec<String> = mapping.names.iter().map(|n| format!("{} ({})", n.field, n.language)).collect();
    format!(
        "    P-code: {}; names: {}; parent P-code: {}",
        mapping.pcode,
        if names.is_empty() { "none".to_string() } else { names.join(", ") },
        mapping.parent.as_deref().unwrap_or("none")
    )
}

/// A list of codes, at most 20 shown.
fn print_list(title: &str, codes: &[String]) {
    if codes.is_empty() {
        return;
    }
    let shown: Vec<&str> = codes.iter().take(20).map(String::as_str).collect();
    let more = codes.len().saturating_sub(shown.len());
    let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
    println!("  {title} ({}): {}{tail}", codes.len(), shown.join(", "));
}
