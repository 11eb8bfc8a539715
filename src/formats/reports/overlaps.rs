//! Partner overlaps (same area, sector and time, different organisations) as HXL CSV and as
//! text. Both sides of a pair are written on one row: `+first` and `+second` columns. The
//! summary per area and sector has one row per group.

use super::{cell, grouped, level_cells, level_columns, level_headers, period, TextTable};
use crate::engine::harmonise::{Overlap, OverlapGroup, OverlapSide};
use crate::model::Plan;

/// The admin level of an area code, matched like the engine does (trimmed, any case).
fn level_in(plan: &Plan, code: &str) -> Option<u8> {
    let key = code.trim();
    plan.areas
        .get(key)
        .map(|r| r.data.level)
        .or_else(|| plan.areas.live().find(|r| r.data.code.trim().eq_ignore_ascii_case(key)).map(|r| r.data.level))
}

fn side_columns(which: &str, label: &str) -> Vec<(String, String)> {
    [
        ("Activity", "#meta+id"),
        ("Organisation", "#org+prog"),
        ("Modality", "#modality"),
        ("Start", "#date+start"),
        ("End", "#date+end"),
        ("People targeted", "#targeted"),
    ]
    .iter()
    .map(|(header, tag)| (format!("{header} {label}"), format!("{tag}+{which}")))
    .collect()
}

fn side_cells(side: &OverlapSide) -> [String; 6] {
    [
        side.id.clone(),
        side.reporting_org.clone(),
        cell(side.modality),
        cell(side.start),
        cell(side.end),
        cell(side.targeted),
    ]
}

/// One row per overlapping pair, in the engine's order (area, sector, ids). `plan` places
/// each area code in its admin level's `#admN+code` column.
pub fn overlaps_hxl(overlaps: &[Overlap], plan: &Plan) -> String {
    let area_levels: Vec<Option<u8>> = overlaps.iter().map(|o| level_in(plan, &o.area)).collect();
    let levels = level_columns(area_levels.iter().copied());
    let mut columns = level_headers(&levels);
    columns.push(("Sector".into(), "#sector".into()));
    columns.extend(side_columns("first", "A"));
    columns.extend(side_columns("second", "B"));
    columns.extend(
        [
            ("Overlap from", "#date+start+overlap"),
            ("Overlap to", "#date+end+overlap"),
            ("Combined people targeted", "#targeted+combined"),
            ("People in need", "#inneed"),
            ("Combined % of people in need", "#indicator+inneed+pct"),
        ]
        .map(|(h, t)| (h.to_string(), t.to_string())),
    );
    let mut writer = crate::formats::hxl::HxlWriter::new(columns);
    for (overlap, level) in overlaps.iter().zip(area_levels) {
        let mut cells = level_cells(&levels, &overlap.area, level);
        cells.push(overlap.sector.clone());
        cells.extend(side_cells(&overlap.first));
        cells.extend(side_cells(&overlap.second));
        cells.extend([
            cell(overlap.from),
            cell(overlap.to),
            cell(overlap.combined_targeted),
            cell(overlap.people_in_need),
            cell(overlap.combined_pct_of_need),
        ]);
        writer.row(cells);
    }
    writer.finish()
}

/// The overlaps as an aligned table, or a sentence saying there are none.
pub fn overlaps_text(overlaps: &[Overlap]) -> String {
    if overlaps.is_empty() {
        return "No overlaps: no two organisations target the same area and sector at the same time.\n".into();
    }
    let mut table = TextTable::new([
        ("Area", false),
        ("Sector", false),
        ("Activity A", false),
        ("Organisation A", false),
        ("Period A", false),
        ("Activity B", false),
        ("Organisation B", false),
        ("Period B", false),
        ("Targeted together", true),
        ("People in need", true),
        ("% of PIN", true),
    ]);
    for o in overlaps {
        table.row(vec![
            o.area.clone(),
            o.sector.clone(),
            o.first.id.clone(),
            o.first.reporting_org.clone(),
            period(o.first.start, o.first.end),
            o.second.id.clone(),
            o.second.reporting_org.clone(),
            period(o.second.start, o.second.end),
            cell(o.combined_targeted.map(grouped)),
            cell(o.people_in_need.map(grouped)),
            cell(o.combined_pct_of_need.map(|p| format!("{p}%"))),
        ]);
    }
    let noun = if overlaps.len() == 1 { "pair" } else { "pairs" };
    format!(
        "{} {noun} of activities by different organisations in the same area and sector at the same time:\n{}",
        overlaps.len(),
        table.finish()
    )
}

/// The organisations of a group as one cell: "IRC, NRC and WFP".
pub fn organisation_list(organisations: &[String]) -> String {
    match organisations {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// One row per area and sector where organisations overlap: who, how many activities and
/// pairs, when, and the combined target against the people in need.
pub fn overlap_groups_hxl(groups: &[OverlapGroup], plan: &Plan) -> String {
    let area_levels: Vec<Option<u8>> = groups.iter().map(|g| level_in(plan, &g.area)).collect();
    let levels = level_columns(area_levels.iter().copied());
    let mut columns = level_headers(&levels);
    columns.extend(
        [
            ("Sector", "#sector"),
            ("Organisations", "#org+prog+list"),
            ("Overlapping activities", "#activity+num"),
            ("Overlapping pairs", "#indicator+pairs+num"),
            ("First shared day", "#date+start+overlap"),
            ("Last shared day", "#date+end+overlap"),
            ("Combined people targeted", "#targeted+combined"),
            ("People in need", "#inneed"),
            ("Combined % of people in need", "#indicator+inneed+pct"),
        ]
        .map(|(h, t)| (h.to_string(), t.to_string())),
    );
    let mut writer = crate::formats::hxl::HxlWriter::new(columns);
    for (group, level) in groups.iter().zip(area_levels) {
        let mut cells = level_cells(&levels, &group.area, level);
        cells.extend([
            group.sector.clone(),
            organisation_list(&group.organisations),
            group.activities.len().to_string(),
            group.pairs.to_string(),
            cell(group.from),
            cell(group.to),
            cell(group.combined_targeted),
            cell(group.people_in_need),
            cell(group.combined_pct_of_need),
        ]);
        writer.row(cells);
    }
    writer.finish()
}

/// The groups as an aligned table, or a sentence saying there are none.
pub fn overlap_groups_text(groups: &[OverlapGroup]) -> String {
    if groups.is_empty() {
        return "No overlaps: no two organisations target the same area and sector at the same time.\n".into();
    }
    let mut table = TextTable::new([
        ("Area", false),
        ("Sector", false),
        ("Organisations", false),
        ("Activities", true),
        ("Pairs", true),
        ("Shared days", false),
        ("Targeted together", true),
        ("People in need", true),
        ("% of PIN", true),
    ]);
    for g in groups {
        table.row(vec![
            g.area.clone(),
            g.sector.clone(),
            organisation_list(&g.organisations),
            grouped(g.activities.len() as u64),
            grouped(g.pairs),
            period(g.from, g.to),
            cell(g.combined_targeted.map(grouped)),
            cell(g.people_in_need.map(grouped)),
            cell(g.combined_pct_of_need.map(|p| format!("{p}%"))),
        ]);
    }
    let noun = if groups.len() == 1 { "area and sector" } else { "areas and sectors" };
    format!("{} {noun} where different organisations work at the same time:\n{}", groups.len(), table.finish())
}
