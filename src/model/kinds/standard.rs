//! Transfer value standards: the value (or cash-for-work daily wage) a Cash Working Group
//! recommends for a sector, nationwide or for an area, from a date.

use super::text;
use crate::model::amount::Amount;
use crate::model::date::IsoDate;
use crate::model::kind::Kind;
use crate::model::rules::{self, Field, Problem, ProblemKind, ValueType};
use crate::model::vocab::{Frequency, ValueUnit};
use crate::model::Plan;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A recommended transfer value (or cash-for-work daily wage) for a sector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Standard {
    pub sector: String,
    /// A cash-for-work wage standard rather than a transfer value standard.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cash_for_work: bool,
    /// Empty means nationwide; a standard for an area overrides its ancestors'.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    pub value: Amount,
    pub unit: ValueUnit,
    pub currency: String,
    pub frequency: Frequency,
    /// Allowed deviation in percent (default 10).
    #[serde(default = "default_tolerance")]
    pub tolerance_pct: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<IsoDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<IsoDate>,
    /// The agreed targeting criteria.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub criteria: BTreeSet<String>,
    /// Local unskilled daily wage, for cash-for-work standards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market_wage: Option<Amount>,
}

pub fn default_tolerance() -> Amount {
    Amount::from_units(10)
}

impl Kind for Standard {
    const SINGULAR: &'static str = "transfer value standard";
    const PLURAL: &'static str = "transfer value standards";
    const FIELDS: &'static [Field] = &[
        Field::new("sector", "Sector", "#sector", ValueType::Sector).required(),
        Field::new("cash_for_work", "Cash for work (daily wage)", "#modality+conditionality", ValueType::Flag),
        Field::new("area", "Area (empty: nationwide)", "#adm+code", ValueType::Area),
        Field::new("value", "Recommended value", "#value+recommended", ValueType::Amount).required(),
        Field::new("unit", "Value per", "#value+recommended+unit", ValueType::Choice("value unit")).required(),
        Field::new("currency", "Currency", "#currency", ValueType::Currency).required(),
        Field::new("frequency", "Frequency", "#frequency", ValueType::Choice("frequency")).required(),
        Field::new("tolerance_pct", "Tolerance (%)", "#indicator+tolerance", ValueType::Amount),
        Field::new("valid_from", "Valid from", "#date+start", ValueType::Date),
        Field::new("valid_to", "Valid to", "#date+end", ValueType::Date),
        Field::new("criteria", "Agreed targeting criteria", "#beneficiary+criteria", ValueType::List),
        Field::new("market_wage", "Market daily wage", "#value+market", ValueType::Amount),
    ];

    fn check(&self, plan: &Plan, out: &mut Vec<Problem>) {
        rules::known_sector(plan, "sector", &self.sector, out);
        if let Some(area) = &self.area {
            rules::known_area(plan, "area", area, out);
        }
        rules::money(["value", "currency"], Some(self.value), &self.currency, out);
        if self.value == Amount::ZERO {
            out.push(Problem::error("value", ProblemKind::NotAboveZero));
        }
        if let Some(wage) = self.market_wage.filter(|w| w.is_negative()) {
            out.push(Problem::error("market_wage", ProblemKind::NegativeValue { value: wage }));
        }
        if self.tolerance_pct.is_negative() {
            out.push(Problem::error("tolerance_pct", ProblemKind::NegativeValue { value: self.tolerance_pct }));
        }
        rules::period("valid_to", self.valid_from, self.valid_to, out);
    }

    fn describe(&self, id: &str) -> String {
        id.to_string()
    }

    fn field_text(&self, key: &str) -> String {
        match key {
            "sector" => self.sector.clone(),
            "cash_for_work" => if self.cash_for_work { "yes" } else { "" }.to_string(),
            "area" => self.area.clone().unwrap_or_default(),
            "value" => self.value.to_string(),
            "unit" => self.unit.to_string(),
            "currency" => self.currency.clone(),
            "frequency" => self.frequency.to_string(),
            "tolerance_pct" => self.tolerance_pct.to_string(),
            "valid_from" => text(self.valid_from),
            "valid_to" => text(self.valid_to),
            "criteria" => crate::model::rules::values::list_text(&self.criteria),
            "market_wage" => text(self.market_wage),
            _ => String::new(),
        }
    }
}
