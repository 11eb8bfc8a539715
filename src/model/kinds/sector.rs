//! Sectors (clusters) and their lead organisation, the provider of last resort for their gaps.

use crate::model::kind::Kind;
use crate::model::rules::{Field, Problem, ProblemKind, ValueType};
use crate::model::Plan;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sector {
    pub code: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// The people in need this sector's coverage is measured against, when not its own: no
    /// HNO has a PiN for multipurpose cash, which is measured against the inter-sector PiN
    /// ([`INTER_SECTOR`]) or an agreed caseload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured_against: Option<String>,
    /// A figure of people in need only (the inter-sector PiN, a named caseload), not a sector
    /// that reports activities: it has no column in the gap matrix.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub caseload: bool,
}

/// The code of the inter-sector people in need: people in need of at least one sector,
/// counted once, as the HNO publishes it per area.
pub const INTER_SECTOR: &str = "IS";

impl Kind for Sector {
    const SINGULAR: &'static str = "sector";
    const PLURAL: &'static str = "sectors";
    const FIELDS: &'static [Field] = &[
        Field::new("code", "Code", "#sector+code", ValueType::Text).required(),
        Field::new("name", "Name", "#sector+name", ValueType::Text).required(),
        Field::new("lead", "Lead (provider of last resort)", "#org+lead", ValueType::Text),
        Field::new("measured_against", "Coverage measured against", "#sector+reference", ValueType::Sector),
        Field::new("caseload", "People in need only (no activities)", "#indicator+caseload", ValueType::Flag),
    ];

    fn natural_id(&self) -> Option<String> {
        Some(self.code.clone())
    }

    fn check(&self, plan: &Plan, out: &mut Vec<Problem>) {
        if self.code.trim().is_empty() {
            out.push(Problem::error("code", ProblemKind::Missing));
        }
        if self.name.trim().is_empty() {
            out.push(Problem::error("name", ProblemKind::Missing));
        }
        if let Some(reference) = self.measured_against.as_deref() {
            match plan.find_sector(reference) {
                None => {
                    out.push(Problem::error("measured_against", ProblemKind::UnknownSector { code: reference.into() }))
                }
                Some(found) if found.measured_against.is_some() && found.code != self.code => out.push(Problem::error(
                    "measured_against",
                    ProblemKind::ReferenceNotFinal { code: found.code.clone() },
                )),
                Some(_) => {}
            }
        }
    }

    fn describe(&self, id: &str) -> String {
        id.to_string()
    }

    fn field_text(&self, key: &str) -> String {
        match key {
            "code" => self.code.clone(),
            "name" => self.name.clone(),
            "lead" => self.lead.clone().unwrap_or_default(),
            "measured_against" => self.measured_against.clone().unwrap_or_default(),
            "caseload" => if self.caseload { "yes" } else { "" }.to_string(),
            _ => String::new(),
        }
    }
}
