//! The areas, sectors, organisations and needs tables: their columns, rows and inline edits.

use super::checks::{read_area, read_need, read_organisation, read_sector, Problems};
use super::rows::{Cell, Row};
use super::tab::{edited, TableSpec};
use super::versions::{versions_of, Version};
use super::virtual_table::{Column, EditedValues, Editor};
use crate::model::change::Change;
use crate::model::{OrgType, Plan, Record, Table, TableName, Vocabulary};
use serde::Serialize;
use std::rc::Rc;

/// The datalist of organisation names the page offers wherever an organisation is typed.
pub const ORGANISATION_LIST: &str = "known-organisations";

/// Records to list: live ones, and deleted ones whose deletion is in conflict (so the
/// conflict can still be resolved). The flag says "has a conflict".
pub fn listed<T: Serialize + Clone + PartialEq>(table: &Table<T>) -> impl Iterator<Item = (&Record<T>, bool)> {
    table
        .entries()
        .filter(|e| !e.current.deleted || !e.conflicts.is_empty())
        .map(|e| (&e.current, !e.conflicts.is_empty()))
}

fn versions<T: Serialize + Clone + PartialEq>(table: &Table<T>, id: &str) -> Vec<Version> {
    table.entry(id).map(versions_of).unwrap_or_default()
}

fn options(values: impl IntoIterator<Item = String>, empty: Option<&str>) -> Editor {
    let empty = empty.map(|text| (String::new(), text.to_string()));
    Editor::Select(Rc::new(empty.into_iter().chain(values.into_iter().map(|v| (v.clone(), v))).collect()))
}

fn number_text(value: Option<f64>) -> Cell {
    Cell {
        text: value.map(|v| v.to_string()).unwrap_or_default(),
        number: value.map(|v| (v * 10_000.0).round() as i64),
    }
}

fn text<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

pub struct Areas;

impl TableSpec for Areas {
    const TABLE: TableName = TableName::Areas;
    const ID: &'static str = "areas-table";
    const NOUN: &'static str = "areas";
    fn columns(_: &Plan) -> Vec<Column> {
        vec![
            Column::new("P-code"),
            Column::new("Name").editable("name", Editor::Text),
            Column::new("Level").numeric().filtered().editable("level", options((1..=4).map(|l| l.to_string()), None)),
            Column::new("Parent").editable("parent", Editor::Text),
            Column::new("Population").numeric().editable("population", Editor::Number),
            Column::new("Household size").numeric().editable("household-size", Editor::Number),
        ]
    }
    fn rows(plan: &Plan) -> Vec<Row> {
        listed(&plan.areas)
            .map(|(r, conflict)| {
                let a = &r.data;
                let cells = vec![
                    Cell::text(&r.id),
                    Cell::text(&a.name),
                    Cell::count(Some(u64::from(a.level))),
                    Cell::text(a.parent.clone().unwrap_or_default()),
                    Cell::count(a.population),
                    number_text(a.household_size),
                ];
                Row::new(&r.id, cells, conflict, format!("area {} ({})", a.name, r.id))
            })
            .collect()
    }
    fn edit_values(plan: &Plan, id: &str) -> Option<EditedValues> {
        let a = &plan.areas.get(id)?.data;
        Some(vec![
            ("name", a.name.clone()),
            ("level", a.level.to_string()),
            ("parent", a.parent.clone().unwrap_or_default()),
            ("population", text(a.population)),
            ("household-size", text(a.household_size)),
        ])
    }
    fn save(plan: &Plan, id: &str, values: &EditedValues) -> Result<Change, Problems> {
        let get = edited(values, |key| if key == "code" { id.to_string() } else { String::new() });
        read_area(&get, plan, false).map(Change::put_keyed)
    }
    fn versions(plan: &Plan, id: &str) -> Vec<Version> {
        versions(&plan.areas, id)
    }
}

pub struct Sectors;

impl TableSpec for Sectors {
    const TABLE: TableName = TableName::Sectors;
    const ID: &'static str = "sectors-table";
    const NOUN: &'static str = "sectors";
    fn columns(plan: &Plan) -> Vec<Column> {
        vec![
            Column::new("Code"),
            Column::new("Name").editable("name", Editor::Text),
            Column::new("Lead (provider of last resort)").editable("lead", Editor::Suggest(ORGANISATION_LIST.into())),
            Column::new("Coverage measured against").editable(
                "measured-against",
                options(plan.sectors.live().map(|r| r.data.code.clone()), Some("its own people in need")),
            ),
            Column::new("People in need only").editable("caseload", options(["yes".to_string()], Some("no"))),
        ]
    }
    fn rows(plan: &Plan) -> Vec<Row> {
        listed(&plan.sectors)
            .map(|(r, conflict)| {
                let s = &r.data;
                let cells = vec![
                    Cell::text(&r.id),
                    Cell::text(&s.name),
                    Cell::text(s.lead.clone().unwrap_or_default()),
                    Cell::text(s.measured_against.clone().unwrap_or_default()),
                    Cell::text(if s.caseload { "yes" } else { "" }),
                ];
                Row::new(&r.id, cells, conflict, format!("sector {}", s.code))
            })
            .collect()
    }
    fn edit_values(plan: &Plan, id: &str) -> Option<EditedValues> {
        let s = &plan.sectors.get(id)?.data;
        Some(vec![
            ("name", s.name.clone()),
            ("lead", s.lead.clone().unwrap_or_default()),
            ("measured-against", s.measured_against.clone().unwrap_or_default()),
            ("caseload", if s.caseload { "yes".into() } else { String::new() }),
        ])
    }
    fn save(plan: &Plan, id: &str, values: &EditedValues) -> Result<Change, Problems> {
        let get = edited(values, |key| if key == "code" { id.to_string() } else { String::new() });
        read_sector(&get, plan, false).map(Change::put_keyed)
    }
    fn versions(plan: &Plan, id: &str) -> Vec<Version> {
        versions(&plan.sectors, id)
    }
}

pub struct Organisations;

impl TableSpec for Organisations {
    const TABLE: TableName = TableName::Organisations;
    const ID: &'static str = "organisations-table";
    const NOUN: &'static str = "organisations";
    fn columns(_: &Plan) -> Vec<Column> {
        let types = OrgType::VALUES.iter().map(|(_, code, _)| code.to_string());
        vec![
            Column::new("Name").editable("name", Editor::Text),
            Column::new("Acronym").editable("acronym", Editor::Text),
            Column::new("Type").filtered().editable("type", options(types, Some("—"))),
        ]
    }
    fn rows(plan: &Plan) -> Vec<Row> {
        listed(&plan.organisations)
            .map(|(r, conflict)| {
                let o = &r.data;
                let cells = vec![
                    Cell::text(&o.name),
                    Cell::text(o.acronym.clone().unwrap_or_default()),
                    Cell::text(text(o.kind)),
                ];
                Row::new(&r.id, cells, conflict, format!("organisation {}", o.name))
            })
            .collect()
    }
    fn edit_values(plan: &Plan, id: &str) -> Option<EditedValues> {
        let o = &plan.organisations.get(id)?.data;
        Some(vec![("name", o.name.clone()), ("acronym", o.acronym.clone().unwrap_or_default()), ("type", text(o.kind))])
    }
    fn save(_: &Plan, id: &str, values: &EditedValues) -> Result<Change, Problems> {
        let get = edited(values, |_| String::new());
        read_organisation(&get).map(|organisation| Change::put(id.to_string(), organisation))
    }
    fn versions(plan: &Plan, id: &str) -> Vec<Version> {
        versions(&plan.organisations, id)
    }
}

pub struct Needs;

impl TableSpec for Needs {
    const TABLE: TableName = TableName::Needs;
    const ID: &'static str = "needs-table";
    const NOUN: &'static str = "needs";
    fn columns(_: &Plan) -> Vec<Column> {
        vec![
            Column::new("Area"),
            Column::new("Sector").filtered(),
            Column::new("People in need").numeric().editable("pin", Editor::Number),
            Column::new("Households").numeric().editable("households", Editor::Number),
            Column::new("Severity")
                .numeric()
                .filtered()
                .editable("severity", options((1..=5).map(|s| s.to_string()), Some("—"))),
        ]
    }
    fn rows(plan: &Plan) -> Vec<Row> {
        listed(&plan.needs)
            .map(|(r, conflict)| {
                let n = &r.data;
                let area =
                    plan.areas.get(&n.area).map_or_else(|| n.area.clone(), |a| format!("{} ({})", a.data.name, n.area));
                let cells = vec![
                    Cell::text(area),
                    Cell::text(&n.sector),
                    Cell::count(Some(n.people_in_need)),
                    Cell::count(n.households_in_need),
                    Cell::count(n.severity.map(u64::from)),
                ];
                Row::new(&r.id, cells, conflict, format!("need of {} in {}", n.sector, n.area))
            })
            .collect()
    }
    fn edit_values(plan: &Plan, id: &str) -> Option<EditedValues> {
        let n = &plan.needs.get(id)?.data;
        Some(vec![
            ("pin", n.people_in_need.to_string()),
            ("households", text(n.households_in_need)),
            ("severity", text(n.severity)),
        ])
    }
    fn save(plan: &Plan, id: &str, values: &EditedValues) -> Result<Change, Problems> {
        let need = plan.needs.get(id).map(|r| r.data.clone());
        let get = edited(values, |key| match (key, &need) {
            ("area", Some(n)) => n.area.clone(),
            ("sector", Some(n)) => n.sector.clone(),
            _ => String::new(),
        });
        read_need(&get, plan).map(Change::put_keyed)
    }
    fn versions(plan: &Plan, id: &str) -> Vec<Version> {
        versions(&plan.needs, id)
    }
}
