//! A partner's reporting pack for a round: a workbook pre-filled with the partner's
//! activities of the month (or, when it has none yet, last month's rolled forward), in the
//! group's template columns with the HXL row and each activity's id, so the partner edits
//! rather than retypes and the file comes back through the keyed import by its id column;
//! and a sheet of the values the plan accepts (sectors, modalities, statuses, areas).

use super::hxl::{write_table, TableKind};
use super::sheet::hxl_sheet;
use super::xlsx::{Cell, ListColumn, SheetData};
use crate::engine::keyed::in_month;
use crate::engine::rounds::roll_forward;
use crate::model::rules::values::organisation_key;
use crate::model::vocab::{Modality, Status, Vocabulary};
use crate::model::{Month, Plan, Table};

/// The month before `month`.
pub fn previous_month(month: Month) -> Month {
    if month.month <= 1 {
        Month { year: month.year - 1, month: 12 }
    } else {
        Month { year: month.year, month: month.month - 1 }
    }
}

/// The month after `month`.
pub fn next_month(month: Month) -> Month {
    if month.month >= 12 {
        Month { year: month.year + 1, month: 1 }
    } else {
        Month { year: month.year, month: month.month + 1 }
    }
}

/// The pack's sheets: the partner's report, then the lists of accepted values.
pub fn reporting_pack(plan: &Plan, period: Month, organisation: &str) -> Vec<SheetData> {
    let key = organisation_key(organisation);
    let mut own: Vec<_> = plan
        .activities
        .live()
        .filter(|r| organisation_key(&r.data.reporting_org) == key && in_month(&r.data, period))
        .map(|r| (r.id.clone(), r.data.clone()))
        .collect();
    if own.is_empty() {
        own = roll_forward(plan, previous_month(period), period, Some(organisation));
    }
    let mut slice = Plan { activities: Table::default(), ..plan.clone() };
    for (id, activity) in own {
        slice.activities.insert_entry(crate::model::Entry {
            current: crate::model::Record::new(
                id,
                activity,
                &crate::model::Stamp { at: String::new(), by: String::new() },
            ),
            conflicts: Vec::new(),
        });
    }
    let lists = lists(plan);
    let mut report = hxl_sheet(&format!("Report {period}"), &write_table(&slice, TableKind::Activities));
    report.lists = list_columns(&report, &lists);
    vec![report, lists]
}

/// The report's columns that offer a drop-down of the Lists sheet: sector, modality, status
/// and every area P-code column (a list that is empty offers nothing).
fn list_columns(report: &SheetData, lists: &SheetData) -> Vec<ListColumn> {
    let columns = report.columns.iter().enumerate();
    columns
        .filter_map(|(column, (_, tag))| {
            let list = if tag.starts_with("#adm") && tag.ends_with("+code") { "#adm+code" } else { tag.as_str() };
            let index = lists.columns.iter().position(|(_, t)| t == list)?;
            let filled = lists.rows.iter().take_while(|r| !matches!(r.get(index), Some(Cell::Empty) | None)).count();
            let letter = char::from(b'A' + u8::try_from(index).ok().filter(|i| *i < 26)?);
            (filled > 0).then(|| ListColumn { column, source: format!("Lists!${letter}$3:${letter}${}", filled + 2) })
        })
        .collect()
}

/// The values the plan accepts, one column per list.
fn lists(plan: &Plan) -> SheetData {
    let sectors: Vec<String> = plan.sectors.live().filter(|s| !s.data.caseload).map(|s| s.data.code.clone()).collect();
    let modalities: Vec<String> = Modality::VALUES.iter().map(|(_, code, _)| code.to_string()).collect();
    let statuses: Vec<String> = Status::VALUES.iter().map(|(_, code, _)| code.to_string()).collect();
    let areas: Vec<String> = plan.areas.live().map(|a| a.id.clone()).collect();
    let columns = [sectors, modalities, statuses, areas];
    let longest = columns.iter().map(Vec::len).max().unwrap_or(0);
    let rows = (0..longest)
        .map(|i| columns.iter().map(|c| c.get(i).map_or(Cell::Empty, |v| Cell::Text(v.clone()))).collect())
        .collect();
    SheetData {
        name: "Lists".into(),
        columns: vec![
            ("Sector".into(), "#sector".into()),
            ("Modality".into(), "#modality".into()),
            ("Status".into(), "#status".into()),
            ("Area P-code".into(), "#adm+code".into()),
        ],
        rows,
        lists: Vec::new(),
    }
}
