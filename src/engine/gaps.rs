//! Gap analysis: per area and sector, people in need against people targeted and reached.
//!
//! Definitions (documented to users as written here):
//! - The analysis runs at one admin level L (default: the deepest level that has needs),
//!   optionally for one month: an activity counts when its start–end range overlaps the
//!   month; a missing start or end leaves that side open, so undated activities always count.
//! - `targeted` sums planned, ongoing and completed activities; `reached` sums ongoing and
//!   completed ones; suspended and cancelled activities count in neither.
//! - An activity counts in its area's ancestor at L, following the explicit parent of each
//!   area (P-codes are not always prefix-nested). An activity reported above L, or whose
//!   area's parents never reach L, is listed as unallocated with its people; one whose area
//!   is not in the plan is listed as unknown area. Needs are treated the same way.
//! - Needs below L add up to their ancestor at L; a need at exactly L counts as is. A need
//!   is not added when an area above it, up to L, has its own need for the same sector
//!   (that figure already counts these people); such needs are listed as superseded.
//! - For every (area at L, sector) with a need or an activity: PIN, targeted and reached
//!   (plain sums: people may be counted twice), coverage = reached / PIN × 100 and planned
//!   coverage = targeted / PIN × 100 (one decimal; none when PIN is 0 or unknown),
//!   gap = max(PIN − reached, 0), planned gap = max(PIN − targeted, 0), the number of
//!   distinct reporting organisations among activities that count as targeted (names
//!   compared trimmed and case-insensitively), the coverage band, the sector's lead, the
//!   highest severity among the cell's needs and the ids of all its activities.
//! - A sector measured against another figure (multipurpose cash, which no HNO gives a PiN,
//!   against the inter-sector PiN `IS`) takes its PIN from that figure in every area that
//!   has it and where the sector has no need of its own; figures of people in need only
//!   (caseloads) have no cells of their own.
//! - Per area at L, PIN, targeted and reached across sectors both as the sum of sectors
//!   (upper bound) and the max of sectors (lower bound, the R4V "max-sector" rule), and the
//!   inter-sector PiN when given. The plan's cross-sector totals then compare the largest
//!   sector's reach per area with the inter-sector PiN (counted once), not the sum of
//!   sectors' needs.
//! - Worst gaps: cells with a gap, by largest gap, then lowest coverage, then highest
//!   severity, then area code and sector code.

mod collect;
mod summary;
#[cfg(test)]
mod tests;

/// Whether an activity runs in a month (open dates run in every month), as gaps count it.
pub use collect::overlaps as runs_in_month;
pub use summary::inter_sector_totals;

use super::areas::{AreaIndex, BrokenParent};
use super::coverage::{Band, Percent};
use crate::model::{Month, Plan, Status};
use serde::Serialize;

/// What to analyse: the admin level (None: the deepest level with needs) and the month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GapQuery {
    pub level: Option<u8>,
    pub period: Option<Month>,
}

/// The whole gap analysis, ready to show or print as JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapReport {
    /// The admin level actually used.
    pub level: u8,
    /// The month analysed (`YYYY-MM`), or None for all activities.
    pub period: Option<String>,
    /// One row per (area at the level, sector), by area code then sector code.
    pub cells: Vec<GapCell>,
    /// Cross-sector totals per area at the level, by area code.
    pub areas: Vec<AreaTotals>,
    /// Cells with a gap, worst first.
    pub worst_gaps: Vec<RankedGap>,
    pub totals: GrandTotals,
    /// Activities above the level, or whose area has no ancestor at the level.
    pub unallocated_activities: Vec<UnallocatedActivity>,
    /// Activities whose area code is not an area of the plan.
    pub unknown_area_activities: Vec<UnallocatedActivity>,
    pub unallocated_needs: Vec<UnallocatedNeed>,
    pub unknown_area_needs: Vec<UnallocatedNeed>,
    /// Needs not added because a need for the same sector in an area above them (up to the
    /// level) already counts these people.
    pub superseded_needs: Vec<SupersededNeed>,
    /// Area parent links that were ignored (missing parent, cycle).
    pub broken_parents: Vec<BrokenParent>,
}

/// One (area, sector) row of the gap table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapCell {
    pub area: String,
    pub area_name: String,
    pub sector: String,
    /// None when the sector code is not in the plan's sector list.
    pub sector_name: Option<String>,
    pub lead: Option<String>,
    /// People in need; None when no need is recorded for the cell.
    pub pin: Option<u64>,
    /// The figure the PIN comes from when it is not the sector's own (multipurpose cash
    /// against the inter-sector PiN: `IS`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured_against: Option<String>,
    pub targeted: u64,
    pub reached: u64,
    pub coverage: Option<Percent>,
    pub planned_coverage: Option<Percent>,
    /// None when the PIN is unknown.
    pub gap: Option<u64>,
    pub planned_gap: Option<u64>,
    pub organisations: usize,
    pub band: Option<Band>,
    pub severity: Option<u8>,
    /// Ids of the activities counted in the cell (in the period), including suspended and
    /// cancelled ones, in id order.
    pub activities: Vec<String>,
}

/// A figure across sectors: the sum (upper bound) and the largest sector (lower bound).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SumAndMax {
    pub sum: u64,
    pub max: u64,
}

/// Cross-sector totals for one area; unknown PINs count as 0.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaTotals {
    pub area: String,
    pub area_name: String,
    pub sectors: usize,
    pub pin: SumAndMax,
    pub targeted: SumAndMax,
    pub reached: SumAndMax,
    /// The inter-sector people in need, when the plan has it for the area: people in need of
    /// at least one sector, counted once, what the cross-sector figures compare with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inter_sector_pin: Option<u64>,
}

/// A cell in the worst-gaps ranking; `cell` is its position in [`GapReport::cells`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RankedGap {
    pub cell: usize,
    pub area: String,
    pub sector: String,
    pub gap: u64,
}

/// Dashboard totals: sums over the cells, and the people left out of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GrandTotals {
    pub cells: usize,
    /// Sum of the known PINs.
    pub pin: u64,
    pub targeted: u64,
    pub reached: u64,
    /// Sum of the gaps of cells with a known PIN.
    pub gap: u64,
    pub planned_gap: u64,
    pub unallocated: LeftOut,
    pub unknown_area: LeftOut,
    /// The cross-sector figures against the inter-sector PiN, when the plan has it; else
    /// the totals above are sums over sectors (people may count in several).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inter_sector: Option<InterSectorTotals>,
}

/// People in need and reached across sectors, each counted once per area: the inter-sector
/// PiN, and the largest sector's figures per area (a lower bound of the people reached).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct InterSectorTotals {
    /// Areas at the level with an inter-sector PiN.
    pub areas: usize,
    /// Areas with cells but no inter-sector PiN (their people are not in these figures).
    pub areas_without: usize,
    pub pin: u64,
    /// Per area, the largest sector's people reached (targeted), summed over those areas.
    pub reached: u64,
    pub targeted: u64,
    /// Per area, max(inter-sector PiN − reached, 0), summed.
    pub gap: u64,
    pub coverage: Option<Percent>,
}

/// People in activities and needs that could not be placed in a cell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    pub activities: usize,
    pub targeted: u64,
    pub reached: u64,
    pub needs: usize,
    pub pin: u64,
}

/// Why a record could not be placed in an area at the analysis level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unplaced {
    /// The area's code is not an area of the plan.
    UnknownArea,
    /// The area is above the analysis level.
    AboveLevel,
    /// The area is below the level but its parents never reach it.
    NoAncestorAtLevel,
}

/// An activity left out of the cells, with the people it would count (by its status).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnallocatedActivity {
    pub id: String,
    pub org: String,
    pub sector: String,
    pub area: String,
    pub status: Status,
    pub targeted: u64,
    pub reached: u64,
    pub reason: Unplaced,
}

/// A need left out of the cells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnallocatedNeed {
    pub id: String,
    pub area: String,
    pub sector: String,
    pub pin: u64,
    pub reason: Unplaced,
}

/// A need whose people are already counted by the need of an area above it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupersededNeed {
    pub id: String,
    pub area: String,
    pub sector: String,
    pub pin: u64,
    /// The area whose need covers this one.
    pub by_area: String,
}

/// Runs the gap analysis. Linear in the number of needs and activities (plus one sort of
/// the cells); never panics, whatever the data.
pub fn analyse(plan: &Plan, query: &GapQuery) -> GapReport {
    let areas = AreaIndex::new(plan);
    let level = query.level.unwrap_or_else(|| default_level(plan, &areas));
    let collected = collect::collect(plan, &areas, level, query.period);
    let mut report = summary::summarise(collected, &areas, level);
    report.period = query.period.map(|m| m.to_string());
    report.broken_parents = areas.broken_parents().to_vec();
    report
}

/// The deepest level that has needs; else the deepest with activities; else 1.
pub fn default_level(plan: &Plan, areas: &AreaIndex) -> u8 {
    let deepest = |codes: &mut dyn Iterator<Item = &str>| codes.filter_map(|c| areas.level(c)).max();
    deepest(&mut plan.needs.live().map(|r| r.data.area.as_str()))
        .or_else(|| deepest(&mut plan.activities.live().map(|r| r.data.area.as_str())))
        .unwrap_or(1)
}
