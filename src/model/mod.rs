//! The plan and everything it holds: plain data types with no I/O. The kinds of record are
//! listed once in `registry`; each lives in its own module under `kinds`, with its fields and
//! rules. `rules` is the one home for the rules every path applies; `change` the one way a
//! plan is changed.

pub mod amount;
pub mod change;
pub mod date;
pub mod disclosure;
pub mod kind;
pub mod kinds;
pub mod record;
pub mod registry;
pub mod rules;
pub mod sorting;
pub mod vocab;

pub use amount::Amount;
pub use date::{IsoDate, Month};
pub use kind::{
    EntriesReceiver, Kind, RecordsReceiver, Registered, TablePairVisitor, TableVisitor, TableVisitorMut,
    DEFAULT_HOUSEHOLD_SIZE,
};
pub use kinds::activity::{Activity, SexAge, Transfer};
pub use kinds::area::Area;
/// Boundaries are a kind of record like the others; `model::boundary` is their older path.
pub use kinds::boundary;
pub use kinds::boundary::BoundaryFeature;
pub use kinds::exchange_rate::ExchangeRate;
pub use kinds::meb::Meb;
pub use kinds::need::Need;
pub use kinds::organisation::Organisation;
pub use kinds::round::{Receipt, Round};
pub use kinds::sector::{Sector, INTER_SECTOR};
pub use kinds::standard::{default_tolerance, Standard};
pub use record::{Entry, Record, Stamp, Table};
pub use registry::{AnyEntries, AnyRecords, Plan, TableName};
pub use vocab::{
    Conditionality, Frequency, Modality, OrgType, Restriction, SocialProtectionLink, Status, ValueUnit, Vocabulary,
};

/// Older paths of the harmonisation inputs.
pub mod harmonisation {
    pub use super::kinds::exchange_rate::ExchangeRate;
    pub use super::kinds::meb::Meb;
    pub use super::kinds::standard::{default_tolerance, Standard};
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

/// Counts conflicting records over every table.
struct ConflictCount(usize);

impl TableVisitor for ConflictCount {
    fn visit<K: Kind>(&mut self, table: &Table<K>) {
        self.0 += table.conflict_count();
    }
}

/// Merges the same table of another plan into each table.
struct MergeFrom<'a>(&'a Plan);

impl TableVisitorMut for MergeFrom<'_> {
    fn visit<K: Kind>(&mut self, table: &mut Table<K>) {
        *table = table.merged(K::table(self.0));
    }
}

impl Plan {
    /// A new empty plan with the default sector list.
    pub fn new(id: &str, name: &str, country: &str, currency: &str, stamp: &Stamp) -> Plan {
        let mut plan =
            Plan::empty(id, name.trim(), &country.trim().to_uppercase(), &currency.trim().to_uppercase(), &stamp.at);
        for (code, name, lead) in DEFAULT_SECTORS {
            // No HNO has a PiN for multipurpose cash: it is measured against the inter-sector PiN.
            let measured_against = (*code == "MPC").then(|| INTER_SECTOR.to_string());
            let sector = Sector {
                code: code.to_string(),
                name: name.to_string(),
                lead: Some(lead.to_string()),
                measured_against,
                caseload: false,
            };
            plan.sectors.upsert(code, sector, stamp);
        }
        let inter_sector = Sector {
            code: INTER_SECTOR.to_string(),
            name: "Inter-sector (people in need of at least one sector)".to_string(),
            lead: None,
            measured_against: None,
            caseload: true,
        };
        plan.sectors.upsert(INTER_SECTOR, inter_sector, stamp);
        plan
    }

    /// Merges another copy of a plan (a partner's file) record by record. The plan's own
    /// name, country and settings are kept; only records travel.
    pub fn merged(&self, other: &Plan) -> Plan {
        let mut merged = self.clone();
        merged.visit_mut(&mut MergeFrom(other));
        merged
    }

    /// Records with unresolved merge conflicts, across all tables.
    pub fn conflict_count(&self) -> usize {
        let mut count = ConflictCount(0);
        self.visit(&mut count);
        count.0
    }

    /// The sector with this code, or with this name (case-insensitive).
    pub fn find_sector(&self, code_or_name: &str) -> Option<&Sector> {
        let key = vocab::fold(code_or_name);
        self.sectors.live().map(|r| &r.data).find(|s| vocab::folds_to(&s.code, &key) || vocab::folds_to(&s.name, &key))
    }
}
