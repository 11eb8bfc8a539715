//! 5W activities: who does what, where, when, for whom, with which transfer.

use super::text;
use crate::model::amount::Amount;
use crate::model::date::{IsoDate, Month};
use crate::model::kind::Kind;
use crate::model::rules::{self, Counted, Field, Problem, ProblemKind, ValueType};
use crate::model::vocab::{Conditionality, Frequency, Modality, Restriction, SocialProtectionLink, Status, ValueUnit};
use crate::model::Plan;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

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
        self.parts().iter().flatten().copied().reduce(|a, b| a.saturating_add(b))
    }

    /// The parts in field order: women, men, girls, boys, elderly women, elderly men.
    pub fn parts(&self) -> [Option<u64>; 6] {
        [self.women, self.men, self.girls, self.boys, self.elderly_women, self.elderly_men]
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
    /// The site or camp below the area, by name and code, when the partner reports one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_code: Option<String>,
    /// The month the row reports on; an undated row counts in this month only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<Month>,
    /// Where it happens in WGS 84 degrees, when the partner gives coordinates (both or
    /// neither): drawn as a dot on the map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
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
    #[serde(default)]
    pub status: Status,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub targeting_criteria: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "is_no_sp_link")]
    pub social_protection_link: SocialProtectionLink,
}

fn is_no_sp_link(link: &SocialProtectionLink) -> bool {
    *link == SocialProtectionLink::None
}

// The lists are made by `vocabulary!`, which has no default variant.
#[allow(clippy::derivable_impls)]
impl Default for Status {
    fn default() -> Self {
        Status::Planned
    }
}

#[allow(clippy::derivable_impls)]
impl Default for SocialProtectionLink {
    fn default() -> Self {
        SocialProtectionLink::None
    }
}

/// Keys of the sex and age parts, as `targeted.<part>` and `reached.<part>`.
pub const SEX_AGE_PARTS: [&str; 6] = ["women", "men", "girls", "boys", "elderly_women", "elderly_men"];

impl Kind for Activity {
    const SINGULAR: &'static str = "activity";
    const PLURAL: &'static str = "activities";
    const CHUNKED: bool = true;
    const FIELDS: &'static [Field] = &[
        Field::new("reporting_org", "Reporting organisation", "#org+prog", ValueType::Text).required(),
        Field::new("implementing_partner", "Implementing partner", "#org+impl", ValueType::Text),
        Field::new("donor", "Donor", "#org+funder", ValueType::Text),
        Field::new("sector", "Sector", "#sector", ValueType::Sector).required(),
        Field::new("area", "Area", "#adm+code", ValueType::Area).required(),
        Field::new("site", "Site or camp", "#loc+name", ValueType::Text),
        Field::new("site_code", "Site or camp code", "#loc+code", ValueType::Text),
        Field::new("month", "Reporting month", "#date+reported", ValueType::Month),
        Field::new("latitude", "Latitude", "#geo+lat", ValueType::Coordinate),
        Field::new("longitude", "Longitude", "#geo+lon", ValueType::Coordinate),
        Field::new("description", "What (description)", "#activity", ValueType::Text),
        Field::new("modality", "Modality", "#modality", ValueType::Choice("modality")),
        Field::new("conditionality", "Conditionality", "#modality+conditionality", ValueType::Choice("conditionality")),
        Field::new("restriction", "Restriction", "#modality+restriction", ValueType::Choice("restriction")),
        Field::new("delivery_mechanism", "Delivery mechanism", "#channel", ValueType::Text),
        Field::new("targeted", "People targeted", "#targeted", ValueType::Count),
        Field::new("targeted_households", "Households targeted", "#targeted+hh", ValueType::Count),
        Field::new("reached", "People reached", "#reached", ValueType::Count),
        Field::new("reached_households", "Households reached", "#reached+hh", ValueType::Count),
        Field::new("targeted.women", "Women targeted", "#targeted+f+adults", ValueType::Count),
        Field::new("targeted.men", "Men targeted", "#targeted+m+adults", ValueType::Count),
        Field::new("targeted.girls", "Girls targeted", "#targeted+f+children", ValueType::Count),
        Field::new("targeted.boys", "Boys targeted", "#targeted+m+children", ValueType::Count),
        Field::new("targeted.elderly_women", "Elderly women targeted", "#targeted+f+elderly", ValueType::Count),
        Field::new("targeted.elderly_men", "Elderly men targeted", "#targeted+m+elderly", ValueType::Count),
        Field::new("reached.women", "Women reached", "#reached+f+adults", ValueType::Count),
        Field::new("reached.men", "Men reached", "#reached+m+adults", ValueType::Count),
        Field::new("reached.girls", "Girls reached", "#reached+f+children", ValueType::Count),
        Field::new("reached.boys", "Boys reached", "#reached+m+children", ValueType::Count),
        Field::new("reached.elderly_women", "Elderly women reached", "#reached+f+elderly", ValueType::Count),
        Field::new("reached.elderly_men", "Elderly men reached", "#reached+m+elderly", ValueType::Count),
        Field::new("household_size", "Household size", "#indicator+hhsize", ValueType::Positive),
        Field::new("transfer.value", "Transfer value", "#value+transfer", ValueType::Amount),
        Field::new("transfer.unit", "Value per", "#value+transfer+unit", ValueType::Choice("value unit")),
        Field::new("transfer.currency", "Currency", "#currency", ValueType::Currency),
        Field::new("frequency", "Frequency", "#frequency", ValueType::Choice("frequency")),
        Field::new("payments", "Number of payments", "#indicator+payments", ValueType::Count),
        Field::new("start", "Start date", "#date+start", ValueType::Date),
        Field::new("end", "End date", "#date+end", ValueType::Date),
        Field::new("status", "Status", "#status", ValueType::Choice("status")),
        Field::new("targeting_criteria", "Targeting criteria", "#beneficiary+criteria", ValueType::List),
        Field::new(
            "social_protection_link",
            "Social protection link",
            "#activity+sp_link",
            ValueType::Choice("social protection link"),
        ),
    ];

    fn check(&self, plan: &Plan, out: &mut Vec<Problem>) {
        for (field, value) in [("reporting_org", &self.reporting_org), ("sector", &self.sector), ("area", &self.area)] {
            if value.trim().is_empty() {
                out.push(Problem::error(field, ProblemKind::Missing));
            }
        }
        if !self.area.trim().is_empty() {
            rules::known_area(plan, "area", &self.area, out);
        }
        if !self.sector.trim().is_empty() {
            rules::known_sector(plan, "sector", &self.sector, out);
            if let Some(sector) = plan.find_sector(&self.sector).filter(|s| s.caseload) {
                out.push(Problem::error("sector", ProblemKind::ActivityInCaseload { code: sector.code.clone() }));
            }
        }
        for (field, value) in [
            ("targeted", self.targeted),
            ("targeted_households", self.targeted_households),
            ("reached", self.reached),
            ("reached_households", self.reached_households),
        ] {
            rules::plausible_people(field, value, out);
        }
        let over = [
            ("reached", self.reached, self.targeted, Counted::People),
            ("reached_households", self.reached_households, self.targeted_households, Counted::Households),
        ];
        for (field, reached, targeted, counted) in over {
            if let (Some(reached), Some(targeted)) = (reached, targeted) {
                if reached > targeted {
                    out.push(Problem::warning(field, ProblemKind::ReachedAboveTargeted { reached, targeted, counted }));
                }
            }
        }
        // Reach on a planned or cancelled activity counts nowhere: say so rather than let the
        // figures vanish from the gap report (a 4W without a status column reads as planned).
        if let Some(reached) = self.reached.filter(|&n| n > 0 && !self.status.counts_as_reached()) {
            out.push(Problem::warning("status", ProblemKind::ReachedNotCounted { reached, status: self.status }));
        }
        rules::plausible_household_size("household_size", self.household_size, out);
        rules::coordinates(["latitude", "longitude"], self.latitude, self.longitude, out);
        rules::period("end", self.start, self.end, out);
        match (self.modality, &self.transfer) {
            (Some(modality), None) if modality.is_transfer() => {
                out.push(Problem::error("transfer.value", ProblemKind::TransferWithoutValue { modality }));
            }
            (Some(modality), Some(_)) if !modality.is_transfer() => {
                out.push(Problem::error("transfer.value", ProblemKind::ValueWithoutTransfer { modality }));
            }
            (Some(_), Some(t)) if t.value == Amount::ZERO => {
                out.push(Problem::warning("transfer.value", ProblemKind::ZeroTransferValue));
            }
            _ => {}
        }
        if let Some(t) = &self.transfer {
            rules::money(["transfer.value", "transfer.currency"], Some(t.value), &t.currency, out);
        }
    }

    fn describe(&self, _id: &str) -> String {
        let what = if self.description.is_empty() { String::new() } else { format!(" · {}", self.description) };
        format!("Activity of {} · {} · {}{what}", self.reporting_org, self.sector, self.area)
    }

    fn field_text(&self, key: &str) -> String {
        let transfer = self.transfer.as_ref();
        if let Some((side, part)) = key.split_once('.').filter(|(side, _)| matches!(*side, "targeted" | "reached")) {
            let parts = if side == "targeted" { &self.targeted_by_sex_age } else { &self.reached_by_sex_age };
            let index = SEX_AGE_PARTS.iter().position(|p| *p == part);
            return text(parts.as_ref().zip(index).and_then(|(s, i)| s.parts().get(i).copied().flatten()));
        }
        match key {
            "reporting_org" => self.reporting_org.clone(),
            "implementing_partner" => self.implementing_partner.clone().unwrap_or_default(),
            "donor" => self.donor.clone().unwrap_or_default(),
            "sector" => self.sector.clone(),
            "area" => self.area.clone(),
            "site" => self.site.clone().unwrap_or_default(),
            "site_code" => self.site_code.clone().unwrap_or_default(),
            "month" => text(self.month),
            "latitude" => text(self.latitude),
            "longitude" => text(self.longitude),
            "description" => self.description.clone(),
            "modality" => text(self.modality),
            "conditionality" => text(self.conditionality),
            "restriction" => text(self.restriction),
            "delivery_mechanism" => self.delivery_mechanism.clone().unwrap_or_default(),
            "targeted" => text(self.targeted),
            "targeted_households" => text(self.targeted_households),
            "reached" => text(self.reached),
            "reached_households" => text(self.reached_households),
            "household_size" => text(self.household_size),
            "transfer.value" => text(transfer.map(|t| t.value)),
            "transfer.unit" => text(transfer.map(|t| t.unit)),
            "transfer.currency" => transfer.map(|t| t.currency.clone()).unwrap_or_default(),
            "frequency" => text(self.frequency),
            "payments" => text(self.payments),
            "start" => text(self.start),
            "end" => text(self.end),
            "status" => self.status.to_string(),
            "targeting_criteria" => crate::model::rules::values::list_text(&self.targeting_criteria),
            "social_protection_link" => self.social_protection_link.to_string(),
            _ => String::new(),
        }
    }
}
