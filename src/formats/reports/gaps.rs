//! The gap report as HXL-tagged CSV: one row per (area at the level, sector).

use crate::engine::gaps::GapReport;
use crate::formats::hxl::HxlWriter;

/// Columns in the order the CLI and the app export them; `{L}` is the analysis level. When a
/// cell's PIN is another figure (multipurpose cash against the inter-sector PiN), a last
/// column "People in need of" says which.
pub fn gaps_hxl(report: &GapReport) -> String {
    let level = report.level;
    let code_tag = format!("#adm{level}+code");
    let name_tag = format!("#adm{level}+name");
    let columns = [
        ("Area code", code_tag.as_str()),
        ("Area", name_tag.as_str()),
        ("Sector", "#sector"),
        ("People in need", "#inneed"),
        ("Targeted", "#targeted"),
        ("Reached", "#reached"),
        ("Coverage %", "#indicator+coverage+pct"),
        ("Planned coverage %", "#indicator+coverage+planned+pct"),
        ("Gap", "#indicator+gap"),
        ("Planned gap", "#indicator+gap+planned"),
        ("Organisations", "#org+num"),
        ("Band", "#indicator+band"),
        ("Sector lead", "#org+lead"),
    ];
    let referenced = report.cells.iter().any(|c| c.measured_against.is_some());
    let reference_column = referenced.then_some(("People in need of", "#inneed+sector"));
    let mut writer = HxlWriter::new(columns.into_iter().chain(reference_column));
    let text = |v: Option<String>| v.unwrap_or_default();
    for cell in &report.cells {
        let mut row = vec![
            cell.area.clone(),
            cell.area_name.clone(),
            cell.sector.clone(),
            text(cell.pin.map(|n| n.to_string())),
            cell.targeted.to_string(),
            cell.reached.to_string(),
            text(cell.coverage.map(|p| p.to_string())),
            text(cell.planned_coverage.map(|p| p.to_string())),
            text(cell.gap.map(|n| n.to_string())),
            text(cell.planned_gap.map(|n| n.to_string())),
            cell.organisations.to_string(),
            text(cell.band.map(|b| b.label().to_string())),
            text(cell.lead.clone()),
        ];
        if referenced {
            row.push(cell.measured_against.clone().unwrap_or_else(|| cell.sector.clone()));
        }
        writer.row(row);
    }
    writer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::gaps::{analyse, GapQuery};
    use crate::model::{Activity, Area, Need, Plan, Stamp, Status};

    #[test]
    fn one_tagged_row_per_cell_with_exact_figures() {
        let stamp = Stamp { at: "t".into(), by: "me".into() };
        let mut plan = Plan::new("p", "P", "SYR", "USD", &stamp);
        let area = Area {
            names: Default::default(),
            code: "SY02".into(),
            name: "Aleppo".into(),
            level: 1,
            parent: None,
            population: None,
            household_size: None,
        };
        plan.areas.upsert("SY02", area, &stamp);
        plan.needs.upsert(
            "n",
            Need {
                area: "SY02".into(),
                sector: "MPC".into(),
                people_in_need: 3,
                households_in_need: None,
                severity: None,
            },
            &stamp,
        );
        let activity = Activity {
            reporting_org: "A".into(),
            sector: "MPC".into(),
            area: "SY02".into(),
            targeted: Some(2),
            reached: Some(1),
            status: Status::Ongoing,
            ..Activity::default()
        };
        plan.activities.upsert("a", activity, &stamp);
        let csv = gaps_hxl(&analyse(&plan, &GapQuery::default()));
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[1], "#adm1+code,#adm1+name,#sector,#inneed,#targeted,#reached,#indicator+coverage+pct,#indicator+coverage+planned+pct,#indicator+gap,#indicator+gap+planned,#org+num,#indicator+band,#org+lead");
        assert_eq!(lines[2], "SY02,Aleppo,MPC,3,2,1,33.3,66.7,2,1,1,partial,Cash Working Group");
        assert_eq!(lines.len(), 3);
    }
}
