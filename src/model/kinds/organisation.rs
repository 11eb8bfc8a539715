//! The organisations of the response: partners, donors, the agencies that lead sectors.

use super::text;
use crate::model::kind::Kind;
use crate::model::rules::{Field, Problem, ProblemKind, ValueType};
use crate::model::vocab::OrgType;
use crate::model::Plan;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acronym: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<OrgType>,
}

impl Organisation {
    /// The id of an organisation: the one key the rules know it by, so "Mercy Corps" and
    /// "mercy-corps" are one record.
    pub fn id_for(name: &str) -> String {
        format!("o-{}", crate::model::rules::values::organisation_key(name))
    }

    /// A record for an organisation known only by name (met in a 5W).
    pub fn named(name: &str) -> Organisation {
        Organisation { name: name.trim().to_string(), acronym: None, kind: None }
    }
}

impl Kind for Organisation {
    const SINGULAR: &'static str = "organisation";
    const PLURAL: &'static str = "organisations";
    const FIELDS: &'static [Field] = &[
        Field::new("name", "Name", "#org+name", ValueType::Text).required(),
        Field::new("acronym", "Acronym", "#org+acronym", ValueType::Text),
        Field::new("kind", "Type", "#org+type", ValueType::Choice("organisation type")),
    ];

    fn natural_id(&self) -> Option<String> {
        Some(Organisation::id_for(&self.name))
    }

    fn check(&self, _plan: &Plan, out: &mut Vec<Problem>) {
        if self.name.trim().is_empty() {
            out.push(Problem::error("name", ProblemKind::Missing));
        }
    }

    fn describe(&self, _id: &str) -> String {
        self.name.clone()
    }

    fn field_text(&self, key: &str) -> String {
        match key {
            "name" => self.name.clone(),
            "acronym" => self.acronym.clone().unwrap_or_default(),
            "kind" => text(self.kind),
            _ => String::new(),
        }
    }
}
