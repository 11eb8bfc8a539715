//! People in need for one sector in one area: what coverage and gaps are measured against.

use super::text;
use crate::model::kind::Kind;
use crate::model::rules::{self, Field, Problem, ProblemKind, ValueType};
use crate::model::Plan;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Need {
    pub area: String,
    pub sector: String,
    pub people_in_need: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub households_in_need: Option<u64>,
    /// Severity 1 (minimal) to 5 (catastrophic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<u8>,
}

impl Need {
    /// Needs are keyed by area and sector: one figure per cell.
    pub fn id_for(area: &str, sector: &str) -> String {
        format!("{area}|{sector}")
    }
}

impl Kind for Need {
    const SINGULAR: &'static str = "need";
    const PLURAL: &'static str = "needs";
    const FIELDS: &'static [Field] = &[
        Field::new("area", "Area", "#adm+code", ValueType::Area).required(),
        Field::new("sector", "Sector", "#sector", ValueType::Sector).required(),
        Field::new("people_in_need", "People in need", "#inneed", ValueType::Count).required(),
        Field::new("households_in_need", "Households in need", "#inneed+hh", ValueType::Count),
        Field::new("severity", "Severity", "#severity", ValueType::Severity),
    ];

    fn natural_id(&self) -> Option<String> {
        Some(Need::id_for(&self.area, &self.sector))
    }

    fn check(&self, plan: &Plan, out: &mut Vec<Problem>) {
        rules::known_area(plan, "area", &self.area, out);
        rules::known_sector(plan, "sector", &self.sector, out);
        rules::plausible_people("people_in_need", Some(self.people_in_need), out);
        if let Some(households) = self.households_in_need.filter(|&hh| hh > self.people_in_need) {
            let people = self.people_in_need;
            out.push(Problem::error("households_in_need", ProblemKind::HouseholdsAbovePeople { households, people }));
        }
        if let Some(severity) = self.severity.filter(|s| !(1..=5).contains(s)) {
            out.push(Problem::error("severity", ProblemKind::SeverityOutOfRange { severity }));
        }
    }

    fn describe(&self, _id: &str) -> String {
        format!("People in need, {} · {}", self.area, self.sector)
    }

    fn field_text(&self, key: &str) -> String {
        match key {
            "area" => self.area.clone(),
            "sector" => self.sector.clone(),
            "people_in_need" => self.people_in_need.to_string(),
            "households_in_need" => text(self.households_in_need),
            "severity" => text(self.severity),
            _ => String::new(),
        }
    }
}
