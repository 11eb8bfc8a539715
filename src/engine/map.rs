//! The figures a map shows per area at one admin level, read from the gap report, the
//! overlap groups and the harmonisation rows for the same filters (sector or all sectors,
//! month, organisation, modality). Nothing is counted twice or differently from those
//! reports: a map is another view of them.
//!
//! Per area, for one sector, the figures are the gap report's cell. For all sectors:
//! people in need, reached, targeted and gap are sums over the area's sectors (the upper
//! bound the Overview also shows), coverage is the reached people of sectors with a known
//! need over their summed need, and partners are the distinct organisations across them.
//! Overlaps are the overlapping pairs of the groups whose area lies in the map area.
//! Outside the standard is the share of compared cash and voucher activities flagged above
//! or below. A figure is None ("no data", drawn apart from 0) when the area has no gap
//! cell for the filters; coverage and gap also when no need is known; the share when no
//! activity was compared.

mod points;

pub use points::{map_points, shown_points, MapPoint, PointActivity};

use super::areas::{code_key, AreaIndex};
use super::coverage::{Band, Percent};
use super::filters::{activity_matches, narrowed_plan};
use super::gaps::{analyse, runs_in_month, GapCell, GapQuery, GapReport};
use super::harmonise::{harmonise, overlap_groups, ActivityRow, Flag, HarmoniseQuery, OverlapGroup, OverlapScope};
use crate::model::disclosure::SmallCounts;
use crate::model::sorting;
use crate::model::{Activity, IsoDate, Modality, Month, Plan};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// What a map shows: the level and the filters the whole app shares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MapFilter {
    /// None: the deepest level with needs, as the gap report chooses.
    pub level: Option<u8>,
    pub period: Option<Month>,
    /// A sector code (any case); None for all sectors.
    pub sector: Option<String>,
    pub organisation: Option<String>,
    pub modality: Option<Modality>,
}

/// Which figure colours the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Coverage,
    /// Coverage as a percentage in round classes (the band map's finer cousin).
    CoveragePercent,
    Gap,
    Reached,
    Targeted,
    Partners,
    Overlaps,
    OutsideStandard,
}

impl Measure {
    pub const ALL: [Measure; 8] = [
        Measure::Coverage,
        Measure::CoveragePercent,
        Measure::Gap,
        Measure::Reached,
        Measure::Targeted,
        Measure::Partners,
        Measure::Overlaps,
        Measure::OutsideStandard,
    ];

    /// The name used on the command line and in GeoJSON properties.
    pub fn code(self) -> &'static str {
        match self {
            Measure::Coverage => "coverage",
            Measure::CoveragePercent => "coverage_percent",
            Measure::Gap => "gap",
            Measure::Reached => "reached",
            Measure::Targeted => "targeted",
            Measure::Partners => "partners",
            Measure::Overlaps => "overlaps",
            Measure::OutsideStandard => "outside_standard",
        }
    }

    pub fn parse(text: &str) -> Option<Measure> {
        let key = text.trim().to_ascii_lowercase().replace('-', "_");
        Measure::ALL.into_iter().find(|m| m.code() == key)
    }

    /// How the measure is named for people (titles, legends).
    pub fn title(self) -> &'static str {
        match self {
            Measure::Coverage => "Coverage of people in need",
            Measure::CoveragePercent => "Coverage of people in need (%)",
            Measure::Gap => "Gap (people in need not reached)",
            Measure::Reached => "People reached",
            Measure::Targeted => "People targeted",
            Measure::Partners => "Partners present (3W)",
            Measure::Overlaps => "Overlapping activity pairs",
            Measure::OutsideStandard => "Cash activities outside the agreed transfer value",
        }
    }
}

/// One area's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaFigures {
    pub area: String,
    pub name: String,
    pub people_in_need: Option<u64>,
    pub coverage: Option<Percent>,
    pub band: Option<Band>,
    pub gap: Option<u64>,
    pub reached: Option<u64>,
    pub targeted: Option<u64>,
    pub partners: Option<usize>,
    pub overlaps: Option<u64>,
    /// Cash and voucher activities compared with a standard, and how many were outside it.
    pub compared: usize,
    pub outside: usize,
    pub outside_standard: Option<Percent>,
    /// On a map for sharing outside the group: the counts hidden by the group's rule.
    #[serde(default)]
    pub hidden: Option<HiddenCounts>,
}

/// An area's counts a protected map does not show ([`MapFigures::protected`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HiddenCounts {
    pub rule: SmallCounts,
    pub people_in_need: bool,
    pub reached: bool,
    pub targeted: bool,
}

impl AreaFigures {
    /// Whether the measure's value is left out of a protected map: a hidden count, or a
    /// coverage or gap computed from one.
    pub fn hides(&self, measure: Measure) -> bool {
        self.hidden.is_some_and(|h| match measure {
            Measure::Coverage | Measure::CoveragePercent | Measure::Gap => true,
            Measure::Reached => h.reached,
            Measure::Targeted => h.targeted,
            Measure::Partners | Measure::Overlaps | Measure::OutsideStandard => false,
        })
    }

    /// The measure's value as a number (percentages with their decimal), None without data.
    pub fn value(&self, measure: Measure) -> Option<f64> {
        let count = |n: Option<u64>| n.map(|n| n as f64);
        match measure {
            Measure::Coverage | Measure::CoveragePercent => self.coverage.map(Percent::to_f64),
            Measure::Gap => count(self.gap),
            Measure::Reached => count(self.reached),
            Measure::Targeted => count(self.targeted),
            Measure::Partners => self.partners.map(|n| n as f64),
            Measure::Overlaps => count(self.overlaps),
            Measure::OutsideStandard => self.outside_standard.map(Percent::to_f64),
        }
    }
}

/// Every area of the plan at the level, by code, with the filters that made them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapFigures {
    pub level: u8,
    pub period: Option<String>,
    pub sector: Option<String>,
    pub organisation: Option<String>,
    pub modality: Option<Modality>,
    pub areas: Vec<AreaFigures>,
    /// The rule these figures were protected by, for sharing outside the group.
    #[serde(default)]
    pub protect: Option<SmallCounts>,
}

impl MapFigures {
    /// The figures made fit to share outside the group, by the rule the tables and reports
    /// use (`formats::hxl::protect`): an area's counts of people (in need, reached,
    /// targeted) that the rule hides are left out, and so are its coverage and gap, which
    /// would give them away (a gap of 497 beside 500 in need). Partners, overlapping pairs
    /// and the share outside the standard count organisations and activities, not people.
    pub fn protected(&self, rule: SmallCounts) -> MapFigures {
        let mut figures = self.clone();
        figures.protect = Some(rule);
        for area in &mut figures.areas {
            let hide = |count: &mut Option<u64>| {
                let hidden = count.is_some_and(|n| rule.hides(n));
                if hidden {
                    *count = None;
                }
                hidden
            };
            let people_in_need = hide(&mut area.people_in_need);
            let reached = hide(&mut area.reached);
            let targeted = hide(&mut area.targeted);
            if people_in_need || reached || targeted {
                area.hidden = Some(HiddenCounts { rule, people_in_need, reached, targeted });
                area.coverage = None;
                area.band = None;
                area.gap = None;
            }
        }
        figures
    }
}

/// The reports a map is read from, computed for the same filters: the gap report on the
/// plan narrowed to the organisation and modality, the overlap groups in the filter's
/// scope, and the harmonisation rows (all of them; the filter is applied here).
pub struct Reports<'r> {
    pub gaps: &'r GapReport,
    pub overlaps: &'r [OverlapGroup],
    pub harmonised: &'r [ActivityRow],
}

/// Computes the reports for the filter and reads the map figures from them. `today` dates
/// activities without a start date for the harmonisation, as on the Harmonisation page.
pub fn map_figures(plan: &Plan, filter: &MapFilter, today: IsoDate) -> MapFigures {
    map_analysis(plan, filter, today).0
}

/// The map figures with the gap report they were read from, whose cells are what selecting
/// an area shows (see [`area_cells`]).
pub fn map_analysis(plan: &Plan, filter: &MapFilter, today: IsoDate) -> (MapFigures, GapReport) {
    let narrowed = narrowed_plan(plan, filter.organisation.as_deref(), filter.modality);
    let gaps = analyse(narrowed.as_ref().unwrap_or(plan), &GapQuery { level: filter.level, period: filter.period });
    let involves =
        |a: &Activity| activity_matches(filter.organisation.as_deref(), filter.modality, &a.reporting_org, a.modality);
    let narrowing = filter.organisation.is_some() || filter.modality.is_some();
    let scope = OverlapScope {
        sector: filter.sector.as_deref(),
        month: filter.period,
        involving: narrowing.then_some(&involves as &dyn Fn(&Activity) -> bool),
    };
    let overlaps = overlap_groups(plan, &scope);
    let harmonised = harmonise(plan, &HarmoniseQuery { level: Some(gaps.level), today });
    let figures =
        from_reports(plan, filter, &Reports { gaps: &gaps, overlaps: &overlaps, harmonised: &harmonised.activities });
    (figures, gaps)
}

/// The gap report's cells of one map area (by P-code, any case) in the filter's sector, or
/// in every sector: what the gap matrix shows for it.
pub fn area_cells<'a>(gaps: &'a GapReport, filter: &MapFilter, pcode: &str) -> Vec<&'a GapCell> {
    let (area, sector) = (code_key(pcode), filter.sector.as_deref().map(code_key));
    let in_sector = |code: &str| sector.as_ref().is_none_or(|s| *s == code_key(code));
    gaps.cells.iter().filter(|c| code_key(&c.area) == area && in_sector(&c.sector)).collect()
}

/// Reads the map figures from reports already computed for the filter (see [`Reports`]).
pub fn from_reports(plan: &Plan, filter: &MapFilter, reports: &Reports<'_>) -> MapFigures {
    let level = reports.gaps.level;
    let index = AreaIndex::new(plan);
    let sector = filter.sector.as_deref().map(code_key);
    let in_sector = |code: &str| sector.as_ref().is_none_or(|s| *s == code_key(code));
    let mut cells: HashMap<String, Vec<&GapCell>> = HashMap::new();
    for cell in reports.gaps.cells.iter().filter(|c| in_sector(&c.sector)) {
        cells.entry(code_key(&cell.area)).or_default().push(cell);
    }
    let at_level = |code: &str| index.ancestor_at(code, level).map(code_key);
    let mut overlaps: HashMap<String, u64> = HashMap::new();
    for group in reports.overlaps.iter().filter(|g| in_sector(&g.sector)) {
        if let Some(area) = at_level(&group.area) {
            let pairs = overlaps.entry(area).or_default();
            *pairs = pairs.saturating_add(group.pairs);
        }
    }
    let mut compared: HashMap<String, (usize, usize)> = HashMap::new();
    for row in reports.harmonised.iter().filter(|r| r.flag.is_compared() && in_sector(&r.sector)) {
        let activity = plan.activities.get(&row.id).map(|r| &r.data);
        let in_period = filter.period.is_none_or(|m| activity.is_none_or(|a| runs_in_month(a, m)));
        let chosen =
            activity_matches(filter.organisation.as_deref(), filter.modality, &row.reporting_org, Some(row.modality));
        if let (true, true, Some(area)) = (in_period, chosen, at_level(&row.area)) {
            let counts = compared.entry(area).or_default();
            counts.0 += 1;
            counts.1 += usize::from(matches!(row.flag, Flag::Above | Flag::Below));
        }
    }
    let mut areas: Vec<AreaFigures> = plan
        .areas
        .live()
        .map(|r| &r.data)
        .filter(|a| a.level == level)
        .map(|area| {
            let key = code_key(&area.code);
            let mut figures = figures_of(plan, cells.get(&key).map(Vec::as_slice).unwrap_or_default());
            figures.area = area.code.trim().to_string();
            figures.name = area.name.clone();
            if figures.reached.is_some() {
                figures.overlaps = Some(overlaps.get(&key).copied().unwrap_or(0));
            }
            let (compared, outside) = compared.get(&key).copied().unwrap_or((0, 0));
            figures.compared = compared;
            figures.outside = outside;
            figures.outside_standard = Percent::of(outside as u64, compared as u64);
            figures
        })
        .collect();
    sorting::sort_by(&mut areas, |a, b| a.area.cmp(&b.area));
    areas.dedup_by(|a, b| code_key(&a.area) == code_key(&b.area));
    MapFigures {
        level,
        period: reports.gaps.period.clone(),
        sector: filter.sector.clone(),
        organisation: filter.organisation.clone(),
        modality: filter.modality,
        areas,
        protect: None,
    }
}

/// One area's figures from its gap cells (one per sector in the filter); all None when it
/// has none.
fn figures_of(plan: &Plan, cells: &[&GapCell]) -> AreaFigures {
    let mut figures = AreaFigures {
        area: String::new(),
        name: String::new(),
        people_in_need: None,
        coverage: None,
        band: None,
        gap: None,
        reached: None,
        targeted: None,
        partners: None,
        overlaps: None,
        compared: 0,
        outside: 0,
        outside_standard: None,
        hidden: None,
    };
    if cells.is_empty() {
        return figures;
    }
    let sum = |values: &mut dyn Iterator<Item = u64>| values.fold(0u64, u64::saturating_add);
    let with_need: Vec<(&GapCell, u64)> = cells.iter().filter_map(|c| Some((*c, c.pin?))).collect();
    let pin = (!with_need.is_empty()).then(|| sum(&mut with_need.iter().map(|(_, p)| *p)));
    let reached_with_need = sum(&mut with_need.iter().map(|(c, _)| c.reached));
    figures.people_in_need = pin;
    figures.coverage = pin.and_then(|p| Percent::of(reached_with_need, p));
    figures.band = pin.and_then(|p| Band::of(reached_with_need, p));
    figures.gap = pin.map(|_| sum(&mut with_need.iter().filter_map(|(c, _)| c.gap)));
    figures.reached = Some(sum(&mut cells.iter().map(|c| c.reached)));
    figures.targeted = Some(sum(&mut cells.iter().map(|c| c.targeted)));
    figures.partners = Some(match cells {
        [only] => only.organisations,
        _ => partners(plan, cells),
    });
    figures
}

/// Distinct organisations (trimmed, any case) of the cells' activities that count as
/// targeted: the gap report's rule, across sectors.
fn partners(plan: &Plan, cells: &[&GapCell]) -> usize {
    let activities = cells.iter().flat_map(|c| &c.activities).filter_map(|id| plan.activities.get(id));
    let names: BTreeSet<String> = sorting::set_of(
        activities
            .filter(|r| r.data.status.counts_as_targeted())
            .map(|r| r.data.reporting_org.trim().to_lowercase())
            .filter(|name| !name.is_empty()),
    );
    names.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_parse_from_their_codes() {
        for measure in Measure::ALL {
            assert_eq!(Measure::parse(measure.code()), Some(measure));
        }
        assert_eq!(Measure::parse(" Outside-Standard "), Some(Measure::OutsideStandard));
        assert_eq!(Measure::parse("population"), None);
    }
}
