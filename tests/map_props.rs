//! The map's figures per area agree with the gap report for every area and filter (level,
//! sector or all sectors, month, organisation, modality); partners and overlaps agree with
//! counts made by hand from the plan; selecting an area lists the gap report's cells of
//! that area; protected for sharing, no small count is left.

use cashplan::engine::areas::code_key;
use cashplan::engine::filters::{activity_matches, narrowed_plan};
use cashplan::engine::gaps::{analyse, runs_in_month, GapQuery};
use cashplan::engine::harmonise::{overlap_groups, OverlapScope};
use cashplan::engine::map::{area_cells, map_analysis, map_figures, MapFilter};
use cashplan::model::disclosure::SmallCounts;
use cashplan::model::{Activity, Area, IsoDate, Modality, Month, Need, Plan, Stamp, Status};
use proptest::prelude::*;
use std::collections::BTreeSet;

const AREAS: [(&str, u8, Option<&str>); 7] = [
    ("A1", 1, None),
    ("A2", 1, None),
    ("A1-1", 2, Some("A1")),
    ("A1-2", 2, Some("A1")),
    ("A2-1", 2, Some("a2")),
    ("A1-1-1", 3, Some("A1-1")),
    ("A2-1-1", 3, Some("A2-1")),
];
const SECTORS: [&str; 3] = ["FSC", "MPC", "fsc "];
const ORGS: [&str; 3] = ["IRC", "irc ", "WFP"];
const STATUSES: [Status; 5] =
    [Status::Planned, Status::Ongoing, Status::Completed, Status::Suspended, Status::Cancelled];
const MODALITIES: [Option<Modality>; 4] = [Some(Modality::Cash), Some(Modality::Voucher), Some(Modality::InKind), None];

fn day(n: u8) -> Option<IsoDate> {
    IsoDate::parse(&format!("2024-{:02}-{:02}", 1 + n / 28, 1 + n % 28))
}

prop_compose! {
    fn activity()(org in 0..ORGS.len(), area in 0..AREAS.len() + 1, sector in 0..SECTORS.len(),
                  status in 0..STATUSES.len(), modality in 0..MODALITIES.len(),
                  start in proptest::option::of(0u8..120), length in 0u8..60,
                  targeted in proptest::option::of(0u64..1000), reached in proptest::option::of(0u64..1000)) -> Activity {
        Activity {
            reporting_org: ORGS[org].into(),
            area: AREAS.get(area).map_or("NOWHERE", |a| a.0).into(),
            sector: SECTORS[sector].into(),
            status: STATUSES[status],
            modality: MODALITIES[modality],
            start: start.and_then(day),
            end: start.and_then(|s| day(s.saturating_add(length))),
            targeted,
            reached,
            ..Activity::default()
        }
    }
}

fn plan_of(needs: &[(usize, usize, u64)], activities: &[Activity]) -> Plan {
    let stamp = Stamp { at: "2024-01-01T00:00:00Z".into(), by: "test".into() };
    let mut plan = Plan::new("p", "P", "SYR", "USD", &stamp);
    for (code, level, parent) in AREAS {
        let area = Area {
            names: Default::default(),
            code: code.into(),
            name: format!("Area {code}"),
            level,
            parent: parent.map(str::to_string),
            population: None,
            household_size: None,
        };
        plan.areas.upsert(code, area, &stamp);
    }
    for &(area, sector, pin) in needs {
        let (area, sector) = (AREAS[area].0, SECTORS[sector]);
        let need = Need {
            area: area.into(),
            sector: sector.into(),
            people_in_need: pin,
            households_in_need: None,
            severity: None,
        };
        plan.needs.upsert(&Need::id_for(area, sector), need, &stamp);
    }
    for (i, a) in activities.iter().enumerate() {
        plan.activities.upsert(&format!("a-{i:03}"), a.clone(), &stamp);
    }
    plan
}

prop_compose! {
    fn filter()(level in 1u8..=3, sector in proptest::option::of(0..2usize), month in proptest::option::of(1u32..6),
                org in proptest::option::of(0..ORGS.len()), modality in proptest::option::of(0..3usize)) -> MapFilter {
        MapFilter {
            level: Some(level),
            period: month.and_then(|m| Month::parse(&format!("2024-{m:02}"))),
            sector: sector.map(|s| SECTORS[s].to_lowercase()),
            organisation: org.map(|o| ORGS[o].to_string()),
            modality: modality.and_then(|m| MODALITIES[m]),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn map_figures_agree_with_the_gap_report(
        needs in proptest::collection::vec((0..AREAS.len(), 0..SECTORS.len(), 0u64..2000), 0..10),
        activities in proptest::collection::vec(activity(), 0..30),
        filter in filter(),
    ) {
        let plan = plan_of(&needs, &activities);
        let today = IsoDate::parse("2024-03-15").unwrap();
        let (map, kept) = map_analysis(&plan, &filter, today);
        let narrowed = narrowed_plan(&plan, filter.organisation.as_deref(), filter.modality);
        let counted = narrowed.as_ref().unwrap_or(&plan);
        let report = analyse(counted, &GapQuery { level: filter.level, period: filter.period });
        prop_assert_eq!(map.level, report.level);
        let at_level: Vec<&str> = AREAS.iter().filter(|a| a.1 == report.level).map(|a| a.0).collect();
        prop_assert_eq!(map.areas.iter().map(|a| a.area.as_str()).collect::<Vec<_>>(), at_level);
        let sector = filter.sector.as_deref().map(code_key);
        let in_sector = |code: &str| sector.as_ref().is_none_or(|s| *s == code_key(code));
        for figures in &map.areas {
            let cells: Vec<_> = report.cells.iter().filter(|c| c.area == figures.area && in_sector(&c.sector)).collect();
            // Selecting the area on the map shows these cells, whatever the case of its P-code.
            prop_assert_eq!(&area_cells(&kept, &filter, &figures.area.to_lowercase()), &cells);
            if cells.is_empty() {
                prop_assert_eq!((figures.reached, figures.people_in_need, figures.coverage, figures.partners), (None, None, None, None));
                prop_assert_eq!(figures.overlaps, None);
                continue;
            }
            if let (Some(_), [cell]) = (&sector, cells.as_slice()) {
                prop_assert_eq!(figures.people_in_need, cell.pin);
                prop_assert_eq!(figures.coverage, cell.coverage);
                prop_assert_eq!(figures.band, cell.band);
                prop_assert_eq!(figures.gap, cell.gap);
                prop_assert_eq!(figures.partners, Some(cell.organisations));
            }
            let totals = report.areas.iter().find(|t| t.area == figures.area).unwrap();
            if sector.is_none() {
                prop_assert_eq!(figures.reached, Some(totals.reached.sum));
                prop_assert_eq!(figures.targeted, Some(totals.targeted.sum));
                let known: Vec<u64> = cells.iter().filter_map(|c| c.pin).collect();
                prop_assert_eq!(figures.people_in_need, (!known.is_empty()).then_some(totals.pin.sum));
                prop_assert_eq!(figures.gap, (!known.is_empty()).then(|| cells.iter().filter_map(|c| c.gap).sum()));
            }
            // Partners by hand: organisations of the counted activities in this area and the sector(s).
            let by_hand: BTreeSet<String> = counted.activities.live().map(|r| &r.data)
                .filter(|a| a.status.counts_as_targeted() && in_sector(&a.sector))
                .filter(|a| filter.period.is_none_or(|m| runs_in_month(a, m)))
                .filter(|a| ancestor(&a.area, report.level).as_deref() == Some(figures.area.as_str()))
                .map(|a| a.reporting_org.trim().to_lowercase())
                .collect();
            prop_assert_eq!(figures.partners, Some(by_hand.len()));
            // Overlaps: the groups of every area under this one, in the filter's scope.
            let involves = |a: &Activity| activity_matches(filter.organisation.as_deref(), filter.modality, &a.reporting_org, a.modality);
            let narrowing = filter.organisation.is_some() || filter.modality.is_some();
            let scope = OverlapScope { sector: filter.sector.as_deref(), month: filter.period, involving: narrowing.then_some(&involves as &dyn Fn(&Activity) -> bool) };
            let pairs: u64 = overlap_groups(&plan, &scope).iter()
                .filter(|g| ancestor(&g.area, report.level).as_deref() == Some(figures.area.as_str()))
                .map(|g| g.pairs).sum();
            prop_assert_eq!(figures.overlaps, Some(pairs));
            prop_assert!(figures.outside <= figures.compared);
        }
    }

    /// A map protected for sharing shows no count of people from 1 to below the threshold,
    /// nor a coverage or gap beside a hidden count; every other figure is as it was.
    #[test]
    fn a_protected_map_shows_no_small_count_and_nothing_that_gives_one_away(
        needs in proptest::collection::vec((0..AREAS.len(), 0..SECTORS.len(), 0u64..40), 0..10),
        activities in proptest::collection::vec(activity(), 0..30),
        filter in filter(),
        below in 2u64..60,
    ) {
        let plan = plan_of(&needs, &activities);
        let map = map_figures(&plan, &filter, IsoDate::parse("2024-03-15").unwrap());
        let rule = SmallCounts::below(below).unwrap();
        let shared = map.protected(rule);
        prop_assert_eq!(shared.protect, Some(rule));
        for (before, after) in map.areas.iter().zip(&shared.areas) {
            for count in [after.people_in_need, after.reached, after.targeted].into_iter().flatten() {
                prop_assert!(!rule.hides(count), "{} shown under {}", count, below);
            }
            let small = [before.people_in_need, before.reached, before.targeted].into_iter().flatten().any(|n| rule.hides(n));
            prop_assert_eq!(after.hidden.is_some(), small);
            if small {
                prop_assert_eq!((after.coverage, after.band, after.gap), (None, None, None));
            } else {
                prop_assert_eq!(before, after);
            }
            prop_assert_eq!((before.partners, before.overlaps, before.outside_standard), (after.partners, after.overlaps, after.outside_standard));
        }
    }
}

/// The area's ancestor at `level` in the fixed tree above (parents matched in any case).
fn ancestor(code: &str, level: u8) -> Option<String> {
    let mut at = AREAS.iter().find(|a| code_key(a.0) == code_key(code))?;
    loop {
        if at.1 == level {
            return Some(at.0.to_string());
        }
        let parent = at.2?;
        at = AREAS.iter().find(|a| code_key(a.0) == code_key(parent))?;
    }
}
