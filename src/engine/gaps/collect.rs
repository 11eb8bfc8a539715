//! One pass over needs and activities, adding each into its (area at L, sector) cell.
//!
//! Sectors and organisations are interned once per distinct spelling, so the pass does no
//! string work per record beyond hash look-ups.

use super::{SupersededNeed, UnallocatedActivity, UnallocatedNeed, Unplaced};
use crate::engine::areas::AreaIndex;
use crate::model::rules::values::organisation_key;
use crate::model::{vocab, Activity, IsoDate, Month, Plan};
use std::collections::{HashMap, HashSet};

/// A sector as it appears in the report: the plan's entry when the code is known.
#[derive(Debug, Clone)]
pub struct SectorInfo {
    pub code: String,
    pub name: Option<String>,
    pub lead: Option<String>,
    /// The sector (or caseload) whose people in need this one is measured against.
    pub reference: Option<usize>,
    /// A figure of people in need only (the inter-sector PiN): no cells of its own.
    pub caseload: bool,
}

/// Running sums for one cell.
#[derive(Debug, Clone, Default)]
pub struct CellSums {
    pub area: usize,
    pub sector: usize,
    /// The sum of the cell's needs that no nearer need covers; None without needs.
    pub pin: Option<u64>,
    pub targeted: u64,
    pub reached: u64,
    pub organisations: Vec<usize>,
    pub severity: Option<u8>,
    pub activities: Vec<String>,
    /// The PIN is the sector's reference figure (the inter-sector PiN), not its own need.
    pub from_reference: bool,
}

/// What the pass found; the cells are in no particular order.
#[derive(Debug, Default)]
pub struct Collected {
    pub cells: Vec<CellSums>,
    pub sectors: Vec<SectorInfo>,
    pub unallocated_activities: Vec<UnallocatedActivity>,
    pub unknown_area_activities: Vec<UnallocatedActivity>,
    pub unallocated_needs: Vec<UnallocatedNeed>,
    pub unknown_area_needs: Vec<UnallocatedNeed>,
    pub superseded_needs: Vec<SupersededNeed>,
    /// The inter-sector people in need per area at the level (by position), when given.
    pub inter_sector: HashMap<usize, u64>,
}

/// Interns sector spellings: the plan's sectors by code (then by name), others as written.
struct Sectors<'a> {
    by_spelling: HashMap<&'a str, usize>,
    by_key: HashMap<String, usize>,
    list: Vec<SectorInfo>,
}

impl<'a> Sectors<'a> {
    fn new(plan: &Plan) -> Sectors<'a> {
        let mut sectors = Sectors { by_spelling: HashMap::new(), by_key: HashMap::new(), list: Vec::new() };
        let known: Vec<_> = plan.sectors.live().map(|r| &r.data).collect();
        for sector in &known {
            let position = sectors.list.len();
            if sectors.by_key.insert(vocab::fold(&sector.code), position).is_none() {
                sectors.list.push(SectorInfo {
                    code: sector.code.trim().to_string(),
                    name: Some(sector.name.clone()),
                    lead: sector.lead.clone(),
                    reference: None,
                    caseload: sector.caseload,
                });
            }
        }
        for sector in &known {
            if let Some(&position) = sectors.by_key.get(&vocab::fold(&sector.code)) {
                sectors.by_key.entry(vocab::fold(&sector.name)).or_insert(position);
            }
        }
        for sector in &known {
            let reference =
                sector.measured_against.as_deref().and_then(|r| sectors.by_key.get(&vocab::fold(r)).copied());
            let own = sectors.by_key.get(&vocab::fold(&sector.code)).copied();
            if let (Some(own), Some(reference)) = (own, reference.filter(|r| Some(*r) != own)) {
                if let Some(info) = sectors.list.get_mut(own) {
                    info.reference = Some(reference);
                }
            }
        }
        sectors
    }

    fn intern(&mut self, spelling: &'a str) -> usize {
        if let Some(&position) = self.by_spelling.get(spelling) {
            return position;
        }
        let key = vocab::fold(spelling);
        let position = *self.by_key.entry(key).or_insert_with(|| {
            self.list.push(SectorInfo {
                code: spelling.trim().to_string(),
                name: None,
                lead: None,
                reference: None,
                caseload: false,
            });
            self.list.len() - 1
        });
        self.by_spelling.insert(spelling, position);
        position
    }
}

/// Interns organisation names, trimmed and case-insensitive.
#[derive(Default)]
struct Organisations<'a> {
    by_spelling: HashMap<&'a str, usize>,
    by_key: HashMap<String, usize>,
}

impl<'a> Organisations<'a> {
    fn intern(&mut self, spelling: &'a str) -> Option<usize> {
        if let Some(&position) = self.by_spelling.get(spelling) {
            return Some(position);
        }
        // One organisation whatever the spelling ("Mercy Corps", "Mercy-Corps"): the rules' key.
        let key = organisation_key(spelling);
        if key.is_empty() {
            return None;
        }
        let next = self.by_key.len();
        let position = *self.by_key.entry(key).or_insert(next);
        self.by_spelling.insert(spelling, position);
        Some(position)
    }
}

/// Whether the activity's dates overlap the month; open ends overlap everything, except that
/// a row with no dates at all and a reporting month counts in that month only.
pub fn overlaps(activity: &Activity, month: Month) -> bool {
    if let (None, None, Some(reported)) = (activity.start, activity.end, activity.month) {
        return reported == month;
    }
    let starts_in_time = activity.start.is_none_or(|s: IsoDate| s.month_of() <= month);
    let ends_in_time = activity.end.is_none_or(|e: IsoDate| e.month_of() >= month);
    starts_in_time && ends_in_time
}

struct Pass<'a, 'p> {
    areas: &'p AreaIndex<'a>,
    level: u8,
    /// The ancestor at the level of every area, by position.
    ancestor: Vec<Option<usize>>,
    sectors: Sectors<'a>,
    organisations: Organisations<'a>,
    cells: HashMap<(usize, usize), CellSums>,
    out: Collected,
}

impl<'a> Pass<'a, '_> {
    /// The record's own area and its ancestor at the level, both by position, or why not.
    fn place(&self, area: &str) -> Result<(usize, usize), Unplaced> {
        let position = self.areas.position(area).ok_or(Unplaced::UnknownArea)?;
        let at_level = self.ancestor.get(position).copied().flatten();
        let at_level = at_level.ok_or_else(|| match self.areas.area_at(position) {
            Some(a) if a.level < self.level => Unplaced::AboveLevel,
            _ => Unplaced::NoAncestorAtLevel,
        })?;
        Ok((position, at_level))
    }

    fn cell(&mut self, at_level: usize, sector: usize) -> &mut CellSums {
        let sums = CellSums { area: at_level, sector, ..CellSums::default() };
        self.cells.entry((at_level, sector)).or_insert(sums)
    }

    /// The nearest area between a need's area (excluded) and the level (included) that has
    /// its own need for the same sector: its figure already counts these people.
    fn covering_area(&self, position: usize, sector: usize, needs_at: &HashSet<(usize, usize)>) -> Option<usize> {
        self.areas
            .ancestor_positions(position)
            .skip(1)
            .take_while(|&p| self.areas.area_at(p).is_some_and(|a| a.level >= self.level))
            .find(|&p| needs_at.contains(&(p, sector)))
    }

    fn add_needs(&mut self, plan: &'a Plan) {
        let needs: Vec<_> = plan
            .needs
            .live()
            .map(|record| (record, self.place(&record.data.area), self.sectors.intern(&record.data.sector)))
            .collect();
        let needs_at: HashSet<(usize, usize)> =
            needs.iter().filter_map(|(_, place, sector)| Some((place.as_ref().ok()?.0, *sector))).collect();
        for (record, place, sector) in needs {
            let need = &record.data;
            match place {
                Ok((position, at_level)) => {
                    if let Some(by) = self.covering_area(position, sector, &needs_at) {
                        self.out.superseded_needs.push(SupersededNeed {
                            id: record.id.clone(),
                            area: need.area.clone(),
                            sector: need.sector.clone(),
                            pin: need.people_in_need,
                            by_area: self.areas.area_at(by).map_or_else(String::new, |a| a.code.clone()),
                        });
                    } else {
                        let cell = self.cell(at_level, sector);
                        cell.pin = Some(cell.pin.unwrap_or(0).saturating_add(need.people_in_need));
                    }
                    let cell = self.cell(at_level, sector);
                    cell.severity = cell.severity.max(need.severity);
                }
                Err(reason) => {
                    let out = &mut self.out;
                    list_for(reason, &mut out.unknown_area_needs, &mut out.unallocated_needs).push(UnallocatedNeed {
                        id: record.id.clone(),
                        area: need.area.clone(),
                        sector: need.sector.clone(),
                        pin: need.people_in_need,
                        reason,
                    });
                }
            }
        }
    }

    fn add_activities(&mut self, plan: &'a Plan, period: Option<Month>) {
        for record in plan.activities.live() {
            let activity = &record.data;
            if period.is_some_and(|month| !overlaps(activity, month)) {
                continue;
            }
            let status = activity.status;
            let targeted = if status.counts_as_targeted() { activity.targeted.unwrap_or(0) } else { 0 };
            let reached = if status.counts_as_reached() { activity.reached.unwrap_or(0) } else { 0 };
            match self.place(&activity.area) {
                Ok((_, at_level)) => {
                    let organisation = if status.counts_as_targeted() {
                        self.organisations.intern(&activity.reporting_org)
                    } else {
                        None
                    };
                    let sector = self.sectors.intern(&activity.sector);
                    let cell = self.cell(at_level, sector);
                    cell.targeted = cell.targeted.saturating_add(targeted);
                    cell.reached = cell.reached.saturating_add(reached);
                    cell.organisations.extend(organisation);
                    cell.activities.push(record.id.clone());
                }
                Err(reason) => {
                    let out = &mut self.out;
                    list_for(reason, &mut out.unknown_area_activities, &mut out.unallocated_activities).push(
                        UnallocatedActivity {
                            id: record.id.clone(),
                            org: activity.reporting_org.clone(),
                            sector: activity.sector.clone(),
                            area: activity.area.clone(),
                            status,
                            targeted,
                            reached,
                            reason,
                        },
                    );
                }
            }
        }
    }
}

/// Records in unknown areas are listed apart from the ones that are otherwise unplaced.
fn list_for<'v, T>(reason: Unplaced, unknown_area: &'v mut Vec<T>, unallocated: &'v mut Vec<T>) -> &'v mut Vec<T> {
    match reason {
        Unplaced::UnknownArea => unknown_area,
        _ => unallocated,
    }
}

pub fn collect<'a>(plan: &'a Plan, areas: &AreaIndex<'a>, level: u8, period: Option<Month>) -> Collected {
    let mut pass = Pass {
        areas,
        level,
        ancestor: areas.ancestors_at_level(level),
        sectors: Sectors::new(plan),
        organisations: Organisations::default(),
        cells: HashMap::with_capacity(plan.needs.len_live()),
        out: Collected::default(),
    };
    pass.add_needs(plan);
    pass.add_activities(plan, period);
    let mut cells = pass.cells;
    pass.out.inter_sector = measure_against_references(&mut cells, &pass.sectors.list);
    pass.out.cells = cells.into_values().collect();
    pass.out.sectors = pass.sectors.list;
    pass.out
}

/// Sectors measured against another figure (multipurpose cash against the inter-sector PiN)
/// take their people in need from it in every area that has it and where they have no need
/// of their own (an agreed caseload entered for the sector wins) — so an area with an
/// inter-sector PiN and no cash shows a cash gap. Figures that are only references
/// (caseloads) leave the cells; the inter-sector PiN per area is returned for the
/// cross-sector totals.
fn measure_against_references(
    cells: &mut HashMap<(usize, usize), CellSums>,
    sectors: &[SectorInfo],
) -> HashMap<usize, u64> {
    let pins: Vec<((usize, usize), Option<u64>)> = cells.iter().map(|(key, cell)| (*key, cell.pin)).collect();
    for (sector, info) in sectors.iter().enumerate() {
        let Some(reference) = info.reference else { continue };
        for &((area, _), pin) in pins.iter().filter(|((_, of), pin)| *of == reference && pin.is_some()) {
            let cell = cells.entry((area, sector)).or_insert(CellSums { area, sector, ..CellSums::default() });
            if cell.pin.is_none() {
                cell.pin = pin;
                cell.from_reference = true;
            }
        }
    }
    let inter_sector_position =
        sectors.iter().position(|s| s.caseload && s.code.eq_ignore_ascii_case(crate::model::INTER_SECTOR));
    let mut inter_sector = HashMap::new();
    cells.retain(|&(area, sector), cell| {
        let caseload = sectors.get(sector).is_some_and(|s| s.caseload);
        if caseload && Some(sector) == inter_sector_position {
            if let Some(pin) = cell.pin {
                inter_sector.insert(area, pin);
            }
        }
        // Activities reported under a caseload (refused by the rules today, but a plan may
        // hold them) keep their cell: nothing is dropped from the report.
        !caseload || !cell.activities.is_empty()
    });
    inter_sector
}
