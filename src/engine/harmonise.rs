//! Transfer value harmonisation: each cash or voucher activity against the standard the
//! Cash Working Group agreed, the MEB it covers and the targeting criteria; the spread of
//! values per area and sector; partner overlaps; and a transfer value calculator.
//!
//! The rules are in `normalise` (what is compared with what and how), `targeting`
//! (criteria similarity), `stats`, `overlaps` (pairs), `overlap_groups` (per area and sector) and `calculator`. No clock is read: an
//! activity without a start date is judged on `HarmoniseQuery::today`.

mod calculator;
mod figures;
mod lookup;
mod normalise;
mod overlap_groups;
mod overlaps;
mod stats;
mod targeting;

#[cfg(test)]
mod testkit;
#[cfg(test)]
mod tests_normalise;
#[cfg(test)]
mod tests_report;

pub use calculator::{propose_transfer_value, CalculatorError, CalculatorInput, CalculatorResult};
pub use figures::{Ratio, SignedPercent};
pub use normalise::{ActivityRow, Basis, ExtraFlag, Flag, Period};
pub use overlap_groups::{overlap_groups, overlap_pairs_in, OverlapGroup, OverlapScope};
pub use overlaps::{overlaps, overlaps_in, Overlap, OverlapSide};
pub use stats::GroupStats;
pub use targeting::Targeting;

use crate::model::{IsoDate, Modality, Plan, Status};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq)]
pub struct HarmoniseQuery {
    /// The admin level areas are grouped at; None for the deepest level with activities.
    pub level: Option<u8>,
    /// The date for activities without a start date.
    pub today: IsoDate,
}

/// Why an activity is not compared with a transfer value standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotComparedReason {
    InKind,
    Service,
    NoModality,
    Cancelled,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotCompared {
    pub id: String,
    pub reporting_org: String,
    pub area: String,
    pub sector: String,
    pub reason: NotComparedReason,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HarmonisationReport {
    /// The admin level of `groups`.
    pub level: Option<u8>,
    /// Cash and voucher activities, by id.
    pub activities: Vec<ActivityRow>,
    /// In-kind, service, modality-less and cancelled activities, by id.
    pub not_compared: Vec<NotCompared>,
    pub groups: Vec<GroupStats>,
}

/// Compares every live cash and voucher activity with its standard and summarises.
pub fn harmonise(plan: &Plan, query: &HarmoniseQuery) -> HarmonisationReport {
    let lookup = lookup::Lookup::new(plan);
    let mut activities = Vec::new();
    let mut not_compared = Vec::new();
    for record in plan.activities.live() {
        let reason = match record.data.modality {
            _ if record.data.status == Status::Cancelled => NotComparedReason::Cancelled,
            Some(modality) if modality.is_transfer() => {
                activities.push(normalise::activity_row(&lookup, record, modality, query.today));
                continue;
            }
            Some(Modality::Service) => NotComparedReason::Service,
            Some(_) => NotComparedReason::InKind,
            None => NotComparedReason::NoModality,
        };
        not_compared.push(NotCompared {
            id: record.id.clone(),
            reporting_org: record.data.reporting_org.trim().to_string(),
            area: record.data.area.trim().to_string(),
            sector: record.data.sector.trim().to_string(),
            reason,
        });
    }
    let level = query.level.or_else(|| stats::deepest_level(&activities));
    let groups = level.map(|level| stats::group_stats(&lookup, &activities, level)).unwrap_or_default();
    HarmonisationReport { level, activities, not_compared, groups }
}
