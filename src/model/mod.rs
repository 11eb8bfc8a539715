//! The plan and everything it holds: plain data types with no I/O.

pub mod amount;
pub mod boundary;
pub mod date;
pub mod harmonisation;
pub mod record;
pub mod types;
pub mod vocab;

pub use amount::Amount;
pub use date::{IsoDate, Month};
pub use harmonisation::{ExchangeRate, Meb, Standard};
pub use record::{Entry, Record, Stamp, Table, TableOps};
pub use types::{Activity, Area, Need, Organisation, Sector, SexAge, Transfer};
pub use vocab::{
    Conditionality, Frequency, Modality, OrgType, Restriction, SocialProtectionLink, Status, ValueUnit, Vocabulary,
};

use serde::{Deserialize, Serialize};

/// The plan's tables, to name one at run time (an edit, a conflict to resolve).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableName {
    Areas,
    Sectors,
    Organisations,
    Needs,
    Activities,
    Standards,
    Mebs,
    ExchangeRates,
}

/// Household size used when neither the activity nor any of its areas gives one.
pub const DEFAULT_HOUSEHOLD_SIZE: f64 = 5.0;

/// A response plan: the unit a coordinator opens, saves, exports and merges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Stable identity across exports, so a partner's copy merges into the right plan.
    pub id: String,
    pub name: String,
    /// ISO 3166-1 alpha-3.
    pub country: String,
    /// The plan's reporting currency (ISO 4217).
    pub currency: String,
    #[serde(default = "default_household_size")]
    pub default_household_size: f64,
    pub created_at: String,
    #[serde(default)]
    pub areas: Table<Area>,
    #[serde(default)]
    pub sectors: Table<Sector>,
    #[serde(default)]
    pub organisations: Table<Organisation>,
    #[serde(default)]
    pub needs: Table<Need>,
    #[serde(default)]
    pub activities: Table<Activity>,
    #[serde(default)]
    pub standards: Table<Standard>,
    #[serde(default)]
    pub mebs: Table<Meb>,
    #[serde(default)]
    pub exchange_rates: Table<ExchangeRate>,
}

fn default_household_size() -> f64 {
    DEFAULT_HOUSEHOLD_SIZE
}

/// The global cluster list with each cluster's usual global lead agency (editable per country).
pub const DEFAULT_SECTORS: &[(&str, &str, &str)] = &[
    ("CCCM", "Camp Coordination and Camp Management", "UNHCR / IOM"),
    ("EDU", "Education", "UNICEF / Save the Children"),
    ("ERL", "Early Recovery", "UNDP"),
    ("ETC", "Emergency Telecommunications", "WFP"),
    ("FSC", "Food Security", "WFP / FAO"),
    ("HEA", "Health", "WHO"),
    ("LOG", "Logistics", "WFP"),
    ("NUT", "Nutrition", "UNICEF"),
    ("PRO", "Protection", "UNHCR"),
    ("SHL", "Shelter/NFI", "UNHCR / IFRC"),
    ("WSH", "WASH", "UNICEF"),
    ("MPC", "Multipurpose Cash", "Cash Working Group"),
];

impl Plan {
    /// A new empty plan with the default sector list.
    pub fn new(id: &str, name: &str, country: &str, currency: &str, stamp: &Stamp) -> Plan {
        let mut plan = Plan {
            id: id.to_string(),
            name: name.trim().to_string(),
            country: country.trim().to_uppercase(),
            currency: currency.trim().to_uppercase(),
            default_household_size: DEFAULT_HOUSEHOLD_SIZE,
            created_at: stamp.at.clone(),
            areas: Table::default(),
            sectors: Table::default(),
            organisations: Table::default(),
            needs: Table::default(),
            activities: Table::default(),
            standards: Table::default(),
            mebs: Table::default(),
            exchange_rates: Table::default(),
        };
        for (code, name, lead) in DEFAULT_SECTORS {
            let sector = Sector { code: code.to_string(), name: name.to_string(), lead: Some(lead.to_string()) };
            plan.sectors.upsert(code, sector, stamp);
        }
        plan
    }

    /// Merges another copy of a plan (a partner's file) record by record. The plan's own
    /// name, country and settings are kept; only records travel.
    pub fn merged(&self, other: &Plan) -> Plan {
        Plan {
            areas: self.areas.merged(&other.areas),
            sectors: self.sectors.merged(&other.sectors),
            organisations: self.organisations.merged(&other.organisations),
            needs: self.needs.merged(&other.needs),
            activities: self.activities.merged(&other.activities),
            standards: self.standards.merged(&other.standards),
            mebs: self.mebs.merged(&other.mebs),
            exchange_rates: self.exchange_rates.merged(&other.exchange_rates),
            ..self.clone()
        }
    }

    /// Records with unresolved merge conflicts, across all tables.
    pub fn conflict_count(&self) -> usize {
        self.areas.conflict_count()
            + self.sectors.conflict_count()
            + self.organisations.conflict_count()
            + self.needs.conflict_count()
            + self.activities.conflict_count()
            + self.standards.conflict_count()
            + self.mebs.conflict_count()
            + self.exchange_rates.conflict_count()
    }

    pub fn table_mut(&mut self, name: TableName) -> &mut dyn TableOps {
        match name {
            TableName::Areas => &mut self.areas,
            TableName::Sectors => &mut self.sectors,
            TableName::Organisations => &mut self.organisations,
            TableName::Needs => &mut self.needs,
            TableName::Activities => &mut self.activities,
            TableName::Standards => &mut self.standards,
            TableName::Mebs => &mut self.mebs,
            TableName::ExchangeRates => &mut self.exchange_rates,
        }
    }

    /// The sector with this code, or with this name (case-insensitive).
    pub fn find_sector(&self, code_or_name: &str) -> Option<&Sector> {
        let key = vocab::fold(code_or_name);
        self.sectors.live().map(|r| &r.data).find(|s| vocab::folds_to(&s.code, &key) || vocab::folds_to(&s.name, &key))
    }
}
