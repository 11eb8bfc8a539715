//! Files the app offers for download, as data: a name, a type and what to put in it. The
//! heavy contents (a plan file of 100k activities, a table) are written by the runner when
//! it carries the download out, not when the button is pressed.

use crate::formats::hxl::{write_table, TableKind};
use crate::formats::planfile::{file_name, slug, write_plan_file};
use crate::model::{IsoDate, Plan};
use crate::ui::state::partner_slice;
use std::rc::Rc;

pub const CSV: &str = "text/csv";
pub const JSON: &str = "application/json";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// What a download holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Text(String),
    /// The plan file of a plan, or with `organisation` that partner's slice of it.
    PlanFile {
        plan: Rc<Plan>,
        organisation: Option<String>,
        exported_at: String,
    },
    /// One table of the plan as HXL CSV.
    Table {
        plan: Rc<Plan>,
        kind: TableKind,
    },
    /// Every table and report as one workbook (written by the spreadsheet module).
    Workbook {
        plan: Rc<Plan>,
        today: IsoDate,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Download {
    pub file_name: String,
    pub mime: &'static str,
    pub content: Content,
}

impl Download {
    pub fn csv(file_name: impl Into<String>, text: String) -> Download {
        Download { file_name: file_name.into(), mime: CSV, content: Content::Text(text) }
    }

    /// `plan`'s file, or a partner's slice of it, named after the plan, partner and date.
    pub fn plan_file(plan: Rc<Plan>, organisation: Option<&str>, exported_at: &str) -> Download {
        let name = file_name(&plan.name, organisation, exported_at.get(..10).unwrap_or("undated"));
        let content =
            Content::PlanFile { plan, organisation: organisation.map(str::to_string), exported_at: exported_at.into() };
        Download { file_name: name, mime: JSON, content }
    }

    pub fn table(plan: Rc<Plan>, kind: TableKind) -> Download {
        let name = format!("{}-{}", slug(&plan.name), kind.file_name());
        Download { file_name: name, mime: CSV, content: Content::Table { plan, kind } }
    }

    pub fn workbook(plan: Rc<Plan>, today: IsoDate) -> Download {
        Download {
            file_name: format!("{}.xlsx", slug(&plan.name)),
            mime: XLSX,
            content: Content::Workbook { plan, today },
        }
    }

    /// The text of a text download; None for a workbook (the spreadsheet module writes it).
    pub fn text(&self) -> Option<String> {
        match &self.content {
            Content::Text(text) => Some(text.clone()),
            Content::PlanFile { plan, organisation, exported_at } => {
                let source = format!("cashplan {}", env!("CARGO_PKG_VERSION"));
                let written = match organisation {
                    Some(org) => write_plan_file(&partner_slice(plan, org), &source, exported_at),
                    None => write_plan_file(plan, &source, exported_at),
                };
                Some(written)
            }
            Content::Table { plan, kind } => Some(write_table(plan, *kind)),
            Content::Workbook { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::planfile::read_plan_file;
    use crate::model::Stamp;

    #[test]
    fn a_partner_file_is_named_for_the_partner_and_holds_their_slice() {
        let stamp = Stamp { at: "2026-03-04T05:06:07Z".into(), by: "CWG".into() };
        let plan = Rc::new(Plan::new("p", "NW Syria", "SYR", "USD", &stamp));
        let download = Download::plan_file(plan.clone(), Some("Mercy Corps"), "2026-03-04T05:06:07Z");
        assert_eq!(download.file_name, "nw-syria-mercy-corps-2026-03-04.cashplan.json");
        let text = download.text().unwrap();
        assert_eq!(read_plan_file("x", &text).unwrap().id, "p");
        assert_eq!(Download::workbook(plan, IsoDate::new(2026, 1, 1).unwrap()).text(), None);
    }
}
