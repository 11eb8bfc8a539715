//! `cashplan boundaries`: what a boundary file holds (layers, levels, areas, vertices
//! before and after simplification), the proposed attribute mapping, and — against a
//! plan — which P-codes match and which areas the boundaries would create or complete.

use super::args::Args;
use super::files::load_plan;
use super::{boundary_file, counted, CliError, Outcome};
use crate::engine::boundaries::{match_areas, propose_areas};
use crate::formats::boundaries::{import, propose_mapping, AttributeMapping, ImportOptions};
use crate::formats::map::grouped;

pub const SUMMARY: &str = "read a COD-AB boundary file (zipped shapefile or GeoJSON) and match it with a plan";
pub const USAGE: &str = "usage: cashplan boundaries FILE [--level N] [--plan PLAN]
  Reads administrative boundaries as OCHA publishes them on HDX (the zipped shapefile, one
  layer per admin level, or GeoJSON; WGS 84 only) and prints each layer: its admin level,
  areas and vertices before and after simplification for the screen, and the fields
  proposed for the P-code, the names (every language) and the parent's P-code.
  --level N    only the layer at admin level N
  --plan PLAN  also match the P-codes with the plan's areas: how many match, which areas
               have no shape and which shapes no area, and how many areas the boundaries
               would create or complete (code, name, level, parent)";

pub fn run(raw: &[String]) -> Result<Outcome, CliError> {
    let mut args = Args::parse("boundaries", USAGE, raw, &["--level", "--plan"], &[])?;
    let path = args.positional("FILE (the boundary file: .zip or .geojson)")?;
    let level = boundary_file::level(&args)?;
    let plan_path = args.value("--plan").map(str::to_string);
    args.finish()?;

    let file = boundary_file::read(&path)?;
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
    let Some(plan_path) = plan_path else { return Ok(Outcome::Done) };
    let plan = load_plan(&plan_path)?;
    for level in set.levels().into_iter().filter(|l| *l >= 1) {
        let found = match_areas(&plan, &set.features, level);
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
    let proposal = propose_areas(&plan, &set.features);
    println!(
        "The boundaries would create {} and complete {} (name or parent) in the plan.",
        counted(proposal.new.len(), "area", "areas"),
        counted(proposal.completed.len(), "area", "areas")
    );
    Ok(Outcome::Done)
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
