//! The inputs a Cash Working Group agrees on: recommended transfer values, the Minimum
//! Expenditure Basket (MEB) and exchange rates. The analysis lives in `engine`.

use super::amount::Amount;
use super::date::IsoDate;
use super::vocab::{Frequency, ValueUnit};
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

/// The monthly Minimum Expenditure Basket for an area (most specific applies).
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

/// 1 unit of `from` = `rate` units of `to`, from `date` until the next rate for the pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExchangeRate {
    pub from: String,
    pub to: String,
    pub rate: f64,
    pub date: IsoDate,
}
