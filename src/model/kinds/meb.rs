//! The monthly Minimum Expenditure Basket for an area (the most specific one applies): what
//! transfer values are measured against.

use super::text;
use crate::model::amount::Amount;
use crate::model::date::IsoDate;
use crate::model::kind::Kind;
use crate::model::rules::{self, Field, Problem, ProblemKind, ValueType};
use crate::model::vocab::ValueUnit;
use crate::model::Plan;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meb {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    pub value: Amount,
    /// Per household or per person, per month.
    pub unit: ValueUnit,
    pub currency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<IsoDate>,
}

impl Kind for Meb {
    const SINGULAR: &'static str = "MEB";
    const PLURAL: &'static str = "MEBs";
    const FIELDS: &'static [Field] = &[
        Field::new("area", "Area (empty: nationwide)", "#adm+code", ValueType::Area),
        Field::new("value", "Monthly MEB", "#value+meb", ValueType::Amount).required(),
        Field::new("unit", "Per", "#value+meb+unit", ValueType::Choice("value unit")).required(),
        Field::new("currency", "Currency", "#currency", ValueType::Currency).required(),
        Field::new("start", "From", "#date+start", ValueType::Date),
    ];

    fn check(&self, plan: &Plan, out: &mut Vec<Problem>) {
        if let Some(area) = &self.area {
            rules::known_area(plan, "area", area, out);
        }
        rules::money(["value", "currency"], Some(self.value), &self.currency, out);
        if self.value == Amount::ZERO {
            out.push(Problem::error("value", ProblemKind::NotAboveZero));
        }
        if self.unit == ValueUnit::Day {
            out.push(Problem::error("unit", ProblemKind::UnitNotAllowed { unit: self.unit }));
        }
    }

    fn describe(&self, id: &str) -> String {
        id.to_string()
    }

    fn field_text(&self, key: &str) -> String {
        match key {
            "area" => self.area.clone().unwrap_or_default(),
            "value" => self.value.to_string(),
            "unit" => self.unit.to_string(),
            "currency" => self.currency.clone(),
            "start" => text(self.start),
            _ => String::new(),
        }
    }
}
