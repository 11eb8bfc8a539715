//! The records a plan holds: areas, sectors, organisations, needs and 5W activities.

use super::amount::Amount;
use super::date::IsoDate;
use super::vocab::{
    Conditionality, Frequency, Modality, OrgType, Restriction, SocialProtectionLink, Status, ValueUnit,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// An administrative area (COD-AB style). Codes are not always prefix-nested, so the
/// parent is explicit.
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
}

/// A sector (cluster) and its lead organisation, the provider of last resort for its gaps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sector {
    pub code: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acronym: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<OrgType>,
}

/// People in need for one sector in one area.
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

/// A transfer value per payment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transfer {
    pub value: Amount,
    pub unit: ValueUnit,
    /// ISO 4217 code, upper case.
    pub currency: String,
}

/// People by sex and age; every part optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SexAge {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub women: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub men: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub girls: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boys: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elderly_women: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elderly_men: Option<u64>,
}

impl SexAge {
    /// The sum of the parts given, or None when no part is given.
    pub fn total(&self) -> Option<u64> {
        let parts = [self.women, self.men, self.girls, self.boys, self.elderly_women, self.elderly_men];
        parts.iter().flatten().copied().reduce(|a, b| a.saturating_add(b))
    }
}

/// One 5W row: who does what, where, when, for whom.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub reporting_org: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implementing_partner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub donor: Option<String>,
    /// Sector code.
    pub sector: String,
    /// Area P-code, at any admin level.
    pub area: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modality: Option<Modality>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conditionality: Option<Conditionality>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restriction: Option<Restriction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_mechanism: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targeted: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targeted_households: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reached: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reached_households: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targeted_by_sex_age: Option<SexAge>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reached_by_sex_age: Option<SexAge>,
    /// Average household size of the people this activity serves, when the partner knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household_size: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer: Option<Transfer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Frequency>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payments: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<IsoDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<IsoDate>,
    #[serde(default = "default_status")]
    pub status: Status,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub targeting_criteria: BTreeSet<String>,
    #[serde(default = "default_sp_link", skip_serializing_if = "is_no_sp_link")]
    pub social_protection_link: SocialProtectionLink,
}

fn default_status() -> Status {
    Status::Planned
}
fn default_sp_link() -> SocialProtectionLink {
    SocialProtectionLink::None
}
fn is_no_sp_link(link: &SocialProtectionLink) -> bool {
    *link == SocialProtectionLink::None
}

impl Default for Status {
    fn default() -> Self {
        Status::Planned
    }
}
impl Default for SocialProtectionLink {
    fn default() -> Self {
        SocialProtectionLink::None
    }
}
