//! Turns the collected sums into the report: cell rows, area totals, ranking and totals.

use super::collect::{CellSums, Collected};
use super::{
    AreaTotals, GapCell, GapReport, GrandTotals, InterSectorTotals, LeftOut, RankedGap, SumAndMax, UnallocatedActivity,
    UnallocatedNeed,
};
use crate::engine::areas::AreaIndex;
use crate::engine::coverage::{Band, Percent};
use crate::model::sorting;
use std::cmp::Ordering;

pub fn summarise(collected: Collected, areas: &AreaIndex, level: u8) -> GapReport {
    let Collected {
        cells,
        sectors,
        unallocated_activities,
        unknown_area_activities,
        unallocated_needs,
        unknown_area_needs,
        superseded_needs,
        inter_sector,
    } = collected;
    let mut cells = cells;
    // Sorting by precomputed code ranks keeps string comparisons out of the big sort.
    let area_rank = ranks(areas.len(), |p| areas.area_at(p).map(|a| a.code.as_str()));
    let sector_rank = ranks(sectors.len(), |p| sectors.get(p).map(|s| s.code.as_str()));
    let rank = |ranks: &[usize], p: usize| ranks.get(p).copied().unwrap_or(usize::MAX);
    sorting::sort_by_key(&mut cells, |c| (rank(&area_rank, c.area), rank(&sector_rank, c.sector)));
    let cells: Vec<GapCell> = cells
        .into_iter()
        .map(|sums| {
            let area = areas.area_at(sums.area);
            let sector = sectors.get(sums.sector);
            let reference = sector
                .and_then(|s| s.reference)
                .filter(|_| sums.from_reference)
                .and_then(|r| sectors.get(r))
                .map(|r| r.code.clone());
            let mut cell = gap_cell(
                sums,
                area.map_or("", |a| &a.code),
                area.map_or("", |a| &a.name),
                sector.map_or("", |s| &s.code),
                sector.and_then(|s| s.name.clone()),
                sector.and_then(|s| s.lead.clone()),
            );
            cell.measured_against = reference;
            cell
        })
        .collect();
    let totals = GrandTotals {
        cells: cells.len(),
        pin: cells.iter().filter_map(|c| c.pin).fold(0, u64::saturating_add),
        targeted: cells.iter().map(|c| c.targeted).fold(0, u64::saturating_add),
        reached: cells.iter().map(|c| c.reached).fold(0, u64::saturating_add),
        gap: cells.iter().filter_map(|c| c.gap).fold(0, u64::saturating_add),
        planned_gap: cells.iter().filter_map(|c| c.planned_gap).fold(0, u64::saturating_add),
        unallocated: left_out(&unallocated_activities, &unallocated_needs),
        unknown_area: left_out(&unknown_area_activities, &unknown_area_needs),
        inter_sector: None,
    };
    let by_code: std::collections::HashMap<&str, u64> = inter_sector
        .iter()
        .filter_map(|(&position, &pin)| Some((areas.area_at(position)?.code.as_str(), pin)))
        .collect();
    let mut area_rows = area_totals(&cells);
    for row in &mut area_rows {
        row.inter_sector_pin = by_code.get(row.area.as_str()).copied();
    }
    // Areas with an inter-sector PiN and no cell at all still count in the figures.
    let listed: std::collections::HashSet<String> = area_rows.iter().map(|r| r.area.clone()).collect();
    let unlisted: u64 =
        by_code.iter().filter(|(code, _)| !listed.contains(**code)).map(|(_, pin)| *pin).fold(0, u64::saturating_add);
    let unlisted_areas = by_code.keys().filter(|code| !listed.contains(**code)).count();
    let totals = GrandTotals { inter_sector: inter_sector_totals(&area_rows, unlisted, unlisted_areas), ..totals };
    GapReport {
        level,
        period: None,
        areas: area_rows,
        worst_gaps: worst_gaps(&cells),
        cells,
        totals,
        unallocated_activities,
        unknown_area_activities,
        unallocated_needs,
        unknown_area_needs,
        superseded_needs,
        broken_parents: Vec::new(),
    }
}

/// The rank of each of `len` positions when ordered by their code.
fn ranks<'c>(len: usize, code: impl Fn(usize) -> Option<&'c str>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    sorting::sort_by_key(&mut order, |&p| (code(p), p));
    let mut rank = vec![0; len];
    for (r, p) in order.into_iter().enumerate() {
        if let Some(slot) = rank.get_mut(p) {
            *slot = r;
        }
    }
    rank
}

fn gap_cell(
    mut sums: CellSums,
    area: &str,
    area_name: &str,
    sector: &str,
    sector_name: Option<String>,
    lead: Option<String>,
) -> GapCell {
    let pin = sums.pin;
    sorting::sort(&mut sums.organisations);
    sums.organisations.dedup();
    let share = |part: u64| pin.and_then(|p| Percent::of(part, p));
    GapCell {
        area: area.to_string(),
        area_name: area_name.to_string(),
        sector: sector.to_string(),
        sector_name,
        lead,
        pin,
        targeted: sums.targeted,
        reached: sums.reached,
        coverage: share(sums.reached),
        planned_coverage: share(sums.targeted),
        gap: pin.map(|p| p.saturating_sub(sums.reached)),
        planned_gap: pin.map(|p| p.saturating_sub(sums.targeted)),
        organisations: sums.organisations.len(),
        band: pin.and_then(|p| Band::of(sums.reached, p)),
        severity: sums.severity,
        activities: sums.activities,
        measured_against: None,
    }
}

/// Sum and max across the sectors of each area; `cells` must be sorted by area.
fn area_totals(cells: &[GapCell]) -> Vec<AreaTotals> {
    let mut out: Vec<AreaTotals> = Vec::new();
    for cell in cells {
        let add = |total: &mut SumAndMax, value: u64| {
            total.sum = total.sum.saturating_add(value);
            total.max = total.max.max(value);
        };
        let same_area = out.last().is_some_and(|t| t.area == cell.area);
        if !same_area {
            out.push(AreaTotals {
                area: cell.area.clone(),
                area_name: cell.area_name.clone(),
                sectors: 0,
                pin: SumAndMax::default(),
                targeted: SumAndMax::default(),
                reached: SumAndMax::default(),
                inter_sector_pin: None,
            });
        }
        if let Some(total) = out.last_mut() {
            total.sectors += 1;
            add(&mut total.pin, cell.pin.unwrap_or(0));
            add(&mut total.targeted, cell.targeted);
            add(&mut total.reached, cell.reached);
        }
    }
    out
}

/// The cross-sector figures against the inter-sector PiN (None when no area has one):
/// per area, the largest sector's reach (a lower bound of the people reached, each counted
/// once) against the people in need of at least one sector. `unlisted` is the PiN of areas
/// with no cell, `unlisted_areas` how many.
pub fn inter_sector_totals(areas: &[AreaTotals], unlisted: u64, unlisted_areas: usize) -> Option<InterSectorTotals> {
    let with: Vec<&AreaTotals> = areas.iter().filter(|a| a.inter_sector_pin.is_some()).collect();
    if with.is_empty() && unlisted_areas == 0 {
        return None;
    }
    let sum = |f: &dyn Fn(&AreaTotals) -> u64| with.iter().map(|a| f(a)).fold(0, u64::saturating_add);
    let pin = sum(&|a| a.inter_sector_pin.unwrap_or(0)).saturating_add(unlisted);
    let reached = sum(&|a| a.reached.max);
    let gap = sum(&|a| a.inter_sector_pin.unwrap_or(0).saturating_sub(a.reached.max)).saturating_add(unlisted);
    Some(InterSectorTotals {
        areas: with.len() + unlisted_areas,
        areas_without: areas.len() - with.len(),
        pin,
        reached,
        targeted: sum(&|a| a.targeted.max),
        gap,
        coverage: Percent::of(reached, pin),
    })
}

/// Cells with a gap, by largest gap, lowest coverage (exact), highest severity, then codes.
fn worst_gaps(cells: &[GapCell]) -> Vec<RankedGap> {
    let mut ranked: Vec<(usize, &GapCell, u64, u64)> =
        cells.iter().enumerate().filter_map(|(i, c)| Some((i, c, c.gap.filter(|&g| g > 0)?, c.pin?))).collect();
    sorting::sort_by(&mut ranked, |(_, a, gap_a, pin_a), (_, b, gap_b, pin_b)| {
        gap_b
            .cmp(gap_a)
            .then_with(|| compare_shares(a.reached, *pin_a, b.reached, *pin_b))
            .then_with(|| b.severity.cmp(&a.severity))
            .then_with(|| (&a.area, &a.sector).cmp(&(&b.area, &b.sector)))
    });
    ranked
        .into_iter()
        .map(|(cell, c, gap, _)| RankedGap { cell, area: c.area.clone(), sector: c.sector.clone(), gap })
        .collect()
}

/// Compares `a / of_a` with `b / of_b` exactly (cross-multiplied in 128 bits).
fn compare_shares(a: u64, of_a: u64, b: u64, of_b: u64) -> Ordering {
    (u128::from(a) * u128::from(of_b)).cmp(&(u128::from(b) * u128::from(of_a)))
}

fn left_out(activities: &[UnallocatedActivity], needs: &[UnallocatedNeed]) -> LeftOut {
    LeftOut {
        activities: activities.len(),
        targeted: activities.iter().map(|a| a.targeted).fold(0, u64::saturating_add),
        reached: activities.iter().map(|a| a.reached).fold(0, u64::saturating_add),
        needs: needs.len(),
        pin: needs.iter().map(|n| n.pin).fold(0, u64::saturating_add),
    }
}
