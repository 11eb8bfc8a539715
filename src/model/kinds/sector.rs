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
}

impl Kind for Sector {
    const SINGULAR: &'static str = "sector";
    const PLURAL: &'static str = "sectors";
    const FIELDS: &'static [Field] = &[
        Field::new("code", "Code", "#sector+code", ValueType::Text).required(),
        Field::new("name", "Name", "#sector+name", ValueType::Text).required(),
        Field::new("lead", "Lead (provider of last resort)", "#org+lead", ValueType::Text),
    ];

    fn natural_id(&self) -> Option<String> {
        Some(self.code.clone())
    }

    fn check(&self, _plan: &Plan, out: &mut Vec<Problem>) {
        if self.code.trim().is_empty() {
            out.push(Problem::error("code", ProblemKind::Missing));
        }
        if self.name.trim().is_empty() {
            out.push(Problem::error("name", ProblemKind::Missing));
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
            _ => String::new(),
        }
    }
}
