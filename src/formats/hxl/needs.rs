//! The needs table: people in need per area (deepest P-code of the row) and sector.

use super::cells::{require, AreaColumns, AreaIndex, Dedup, RowReader, SEVERITY};
use super::errors::Errors;
use super::rules::check_row;
use super::table::HxlTable;
use super::TableKind;
use crate::model::{Need, Plan};

const DUPLICATE: &str = "A need is one figure per area and sector; keep one of the rows.";

pub(super) fn read(table: &HxlTable, plan: &Plan, errors: &mut Errors) -> Vec<(String, Need)> {
    let areas = AreaColumns::of(table);
    let sector_column = table.find("sector", &[], &[]);
    let people = table.find("inneed", &[], &["hh"]);
    let households = table.find("inneed", &["hh"], &[]);
    let severity_column = table.find("severity", &[], &[]);
    let kind = TableKind::Needs;
    let present = [
        require(areas.first(), kind, "#adm1+code (or a deeper #admN+code)", "the area P-code", errors),
        require(sector_column, kind, "#sector", "the sector code or name", errors),
        require(people, kind, "#inneed", "the number of people in need", errors),
    ];
    if present.contains(&false) {
        return Vec::new();
    }
    let known = AreaIndex::of(plan);
    let mut seen = Dedup::default();
    let mut needs = Vec::new();
    for row in &table.rows {
        let mut reader = RowReader { row, errors };
        let area = reader.area_required(&areas, &known);
        let sector = reader.sector(sector_column, plan);
        let people_in_need = reader.parse_required(people, super::cells::COUNT, super::cells::parse_count);
        let households_in_need = reader.count(households);
        let severity =
            reader.parse(severity_column, SEVERITY, |t| t.parse::<u8>().ok().filter(|s| (1..=5).contains(s)));
        let (Some(area), Some(sector), Some(people_in_need)) = (area, sector, people_in_need) else { continue };
        let need = Need { area, sector, people_in_need, households_in_need, severity };
        let column = |field: &str| match field {
            "area" => areas.first(),
            "sector" => sector_column,
            "people_in_need" => people,
            "households_in_need" => households,
            "severity" => severity_column,
            _ => None,
        };
        if !check_row(&need, plan, row.number, column, reader.errors) {
            continue;
        }
        let id = Need::id_for(&need.area, &need.sector);
        if seen.first(&id, false, row.number, reader.errors, DUPLICATE) {
            needs.push((id, need));
        }
    }
    needs
}
