//! The 5W activities table: the columns a coordinator scans, edited inline with the same
//! checks as the full activity form.

use super::activity_checks::{activity_field, keeping_unshown, read_activity, vocabulary_options};
use super::checks::Problems;
use super::rows::{Cell, Row};
use super::specs::{listed, ORGANISATION_LIST};
use super::tab::{edited, TableSpec};
use super::versions::{versions_of, Version};
use super::virtual_table::{Column, EditedValues, Editor};
use crate::model::change::Change;
use crate::model::{Modality, Plan, Status, TableName};
use std::rc::Rc;

/// The field keys of the inline editor, in column order after the first three.
const INLINE: [&str; 12] = [
    "org",
    "sector",
    "area",
    "description",
    "status",
    "modality",
    "targeted",
    "reached",
    "value",
    "currency",
    "start",
    "end",
];

pub struct Activities;

impl TableSpec for Activities {
    const TABLE: TableName = TableName::Activities;
    const ID: &'static str = "activities-table";
    const NOUN: &'static str = "activities";
    fn columns(plan: &Plan) -> Vec<Column> {
        let sectors: Vec<(String, String)> = plan.sectors.live().map(|r| (r.id.clone(), r.id.clone())).collect();
        let modalities =
            std::iter::once((String::new(), "—".to_string())).chain(vocabulary_options::<Modality>()).collect();
        vec![
            Column::new("Organisation").editable("org", Editor::Suggest(ORGANISATION_LIST.into())),
            Column::new("Sector").filtered().editable("sector", Editor::Select(Rc::new(sectors))),
            Column::new("Area").editable("area", Editor::Text),
            Column::new("What").editable("description", Editor::Text),
            Column::new("Status")
                .filtered()
                .editable("status", Editor::Select(Rc::new(vocabulary_options::<Status>()))),
            Column::new("Modality").filtered().editable("modality", Editor::Select(Rc::new(modalities))),
            Column::new("Targeted").numeric().editable("targeted", Editor::Number),
            Column::new("Reached").numeric().editable("reached", Editor::Number),
            Column::new("Value").numeric().editable("value", Editor::Number),
            Column::new("Currency").filtered().editable("currency", Editor::Text),
            Column::new("Start").editable("start", Editor::Text),
            Column::new("End").editable("end", Editor::Text),
        ]
    }
    fn rows(plan: &Plan) -> Vec<Row> {
        listed(&plan.activities)
            .map(|(r, conflict)| {
                let a = &r.data;
                let area = plan
                    .areas
                    .get(&a.area)
                    .map_or_else(|| a.area.clone(), |found| format!("{} ({})", found.data.name, a.area));
                let transfer = a.transfer.as_ref();
                let cells = vec![
                    Cell::text(&a.reporting_org),
                    Cell::text(&a.sector),
                    Cell::text(area),
                    Cell::text(&a.description),
                    Cell::text(a.status.to_string()),
                    Cell::text(activity_field(a, "modality")),
                    Cell::count(a.targeted),
                    Cell::count(a.reached),
                    Cell::amount(transfer.map(|t| t.value)),
                    Cell::text(transfer.map(|t| t.currency.clone()).unwrap_or_default()),
                    Cell::text(activity_field(a, "start")),
                    Cell::text(activity_field(a, "end")),
                ];
                Row::new(
                    &r.id,
                    cells,
                    conflict,
                    format!("activity of {} in {} ({})", a.reporting_org, a.area, a.sector),
                )
            })
            .collect()
    }
    fn edit_values(plan: &Plan, id: &str) -> Option<EditedValues> {
        let a = &plan.activities.get(id)?.data;
        Some(INLINE.iter().map(|key| (*key, activity_field(a, key))).collect())
    }
    fn save(plan: &Plan, id: &str, values: &EditedValues) -> Result<Change, Problems> {
        let before = plan.activities.get(id).map(|r| r.data.clone()).unwrap_or_default();
        let get = edited(values, |key| activity_field(&before, key));
        let activity = keeping_unshown(read_activity(&get, plan)?, &before);
        Ok(Change::put(id.to_string(), activity))
    }
    fn versions(plan: &Plan, id: &str) -> Vec<Version> {
        plan.activities.entry(id).map(versions_of).unwrap_or_default()
    }
}
