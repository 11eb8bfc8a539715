//! Administrative areas (COD-AB style). Codes are not always prefix-nested, so the parent
//! is explicit; an area's figures add up into its parent's.

use super::text;
use crate::model::kind::Kind;
use crate::model::rules::{self, Field, Problem, ProblemKind, ValueType};
use crate::model::Plan;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Area {
    pub code: String,
    pub name: String,
    /// Admin level 1 (e.g. governorate) to 4 (e.g. community).
    pub level: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<u64>,
    /// Average household size, used to convert per-person and per-household values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household_size: Option<f64>,
    /// The name in other languages, by language code (`ar`, `fr`): gazetteers and COD-AB
    /// files give names in English and Arabic or French; the app shows the one of its
    /// language, and searches them all.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub names: BTreeMap<String, String>,
}

impl Area {
    /// The area's name in `language` when it has one, else its name.
    pub fn name_in(&self, language: &str) -> &str {
        self.names.get(language).map_or(self.name.as_str(), String::as_str)
    }
}

impl Kind for Area {
    const SINGULAR: &'static str = "area";
    const PLURAL: &'static str = "areas";
    const FIELDS: &'static [Field] = &[
        Field::new("code", "P-code", "#adm+code", ValueType::Text).required(),
        Field::new("name", "Name", "#adm+name", ValueType::Text).required(),
        Field::new("level", "Admin level", "#indicator+level", ValueType::Level).required(),
        Field::new("parent", "Parent P-code", "#adm+code+parent", ValueType::Area),
        Field::new("population", "Population", "#population", ValueType::Count),
        Field::new("household_size", "Household size", "#indicator+hhsize", ValueType::Positive),
        Field::new("names", "Names in other languages", "#adm+name+i_xx", ValueType::List),
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
        if !(1..=4).contains(&self.level) {
            out.push(Problem::error("level", ProblemKind::LevelOutOfRange { level: self.level }));
        }
        match self.parent.as_deref() {
            None if self.level > 1 => out.push(Problem::warning("parent", ProblemKind::NoParent { level: self.level })),
            None => {}
            Some(parent) if parent == self.code => out.push(Problem::error("parent", ProblemKind::OwnParent)),
            Some(parent) => match plan.areas.get(parent) {
                None => out.push(Problem::error("parent", ProblemKind::UnknownParent { code: parent.to_string() })),
                Some(found) if found.data.level >= self.level && (1..=4).contains(&self.level) => {
                    let (parent_level, level) = (found.data.level, self.level);
                    out.push(Problem::error("parent", ProblemKind::ParentNotAbove { parent_level, level }));
                }
                Some(_) => {}
            },
        }
        rules::plausible_people("population", self.population, out);
        rules::plausible_household_size("household_size", self.household_size, out);
    }

    fn describe(&self, _id: &str) -> String {
        format!("Area {} {}", self.code, self.name)
    }

    fn field_text(&self, key: &str) -> String {
        match key {
            "code" => self.code.clone(),
            "name" => self.name.clone(),
            "level" => self.level.to_string(),
            "parent" => self.parent.clone().unwrap_or_default(),
            "population" => text(self.population),
            "household_size" => text(self.household_size),
            "names" => {
                self.names.iter().map(|(language, name)| format!("{language}: {name}")).collect::<Vec<_>>().join("; ")
            }
            _ => String::new(),
        }
    }
}
