//! Property tests of the overlap summary: the per-area-and-sector groups are counted, not
//! paired, so they must agree with the plain list of pairs on every plan — the number of
//! pairs, who is involved, the first and last shared day and the combined target — under
//! any sector, month and organisation filter.

use cashplan::engine::harmonise::{overlap_groups, overlap_pairs_in, overlaps, Overlap, OverlapScope};
use cashplan::model::{vocab::fold, Activity, IsoDate, Modality, Month, Plan, Stamp, Status};
use proptest::prelude::*;
use std::collections::BTreeSet;

const ORGS: [&str; 4] = ["IRC", "irc ", "Mercy Corps", "WFP"];
const AREAS: [&str; 2] = ["C1", "c2"];
const SECTORS: [&str; 2] = ["MPC", "fsc"];
const STATUSES: [Status; 3] = [Status::Ongoing, Status::Planned, Status::Cancelled];

fn day(n: u8) -> Option<IsoDate> {
    IsoDate::parse(&format!("2024-{:02}-{:02}", 1 + n / 28, 1 + n % 28))
}

prop_compose! {
    fn activity()(org in 0..ORGS.len(), area in 0..AREAS.len(), sector in 0..SECTORS.len(), status in 0..STATUSES.len(),
                  start in proptest::option::weighted(0.8, 0u8..120), length in proptest::option::weighted(0.8, 0u8..60),
                  backwards in proptest::bool::weighted(0.05), targeted in proptest::option::weighted(0.8, 0u64..1000),
                  cash in any::<bool>()) -> Activity {
        let end = match (start, length) {
            (Some(s), Some(l)) if backwards => day(s.saturating_sub(l + 1)),
            (Some(s), Some(l)) => day(s.saturating_add(l).min(250)),
            (None, Some(l)) => day(l),
            _ => None,
        };
        Activity {
            reporting_org: ORGS[org].into(),
            area: AREAS[area].into(),
            sector: SECTORS[sector].into(),
            status: STATUSES[status],
            start: start.and_then(day),
            end,
            targeted,
            modality: Some(if cash { Modality::Cash } else { Modality::Voucher }),
            ..Activity::default()
        }
    }
}

fn plan_of(activities: &[Activity]) -> Plan {
    let stamp = Stamp { at: "2024-01-01T00:00:00Z".into(), by: "test".into() };
    let mut plan = Plan::new("p", "P", "SYR", "USD", &stamp);
    for (i, a) in activities.iter().enumerate() {
        plan.activities.upsert(&format!("a-{i:03}"), a.clone(), &stamp);
    }
    plan
}

fn runs_in(from: Option<IsoDate>, to: Option<IsoDate>, month: Month) -> bool {
    let (Some(first), Some(last)) = (month.first_day(), month.last_day()) else { return true };
    from.is_none_or(|start| start <= last) && to.is_none_or(|end| end >= first)
}

/// The earliest of the days, None (open) winning.
fn earliest(days: impl Iterator<Item = Option<IsoDate>>) -> Option<IsoDate> {
    days.collect::<Option<Vec<_>>>().and_then(|d| d.into_iter().min())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn groups_agree_with_the_pairs(activities in proptest::collection::vec(activity(), 0..40),
                                   sector in proptest::option::of(0..SECTORS.len()), month in proptest::option::of(1u32..6),
                                   org in proptest::option::of(0..ORGS.len())) {
        let plan = plan_of(&activities);
        let month = month.and_then(|m| Month::parse(&format!("2024-{m:02}")));
        let chosen = |a: &Activity| org.is_none_or(|o| fold(&a.reporting_org) == fold(ORGS[o]));
        let scope = OverlapScope {
            sector: sector.map(|s| SECTORS[s]),
            month,
            involving: org.is_some().then_some(&chosen as &dyn Fn(&Activity) -> bool),
        };
        let side_chosen = |id: &str| plan.activities.get(id).is_some_and(|r| chosen(&r.data));
        // The oracle: every pair, then the filters the way a reader applies them by hand.
        let pairs: Vec<Overlap> = overlaps(&plan)
            .into_iter()
            .filter(|o| sector.is_none_or(|s| o.sector.eq_ignore_ascii_case(SECTORS[s])))
            .filter(|o| month.is_none_or(|m| runs_in(o.from, o.to, m)))
            .filter(|o| side_chosen(&o.first.id) || side_chosen(&o.second.id))
            .collect();
        let groups = overlap_groups(&plan, &scope);
        let mut keys: Vec<(String, String)> = pairs.iter().map(|o| (o.area.to_uppercase(), o.sector.clone())).collect();
        keys.dedup();
        prop_assert_eq!(groups.iter().map(|g| (g.area.to_uppercase(), g.sector.clone())).collect::<Vec<_>>(), keys);
        for group in &groups {
            let mine: Vec<&Overlap> = pairs.iter().filter(|o| o.area.eq_ignore_ascii_case(&group.area) && o.sector == group.sector).collect();
            prop_assert_eq!(group.pairs, mine.len() as u64);
            let ids: BTreeSet<&str> = mine.iter().flat_map(|o| [o.first.id.as_str(), o.second.id.as_str()]).collect();
            prop_assert_eq!(group.activities.iter().map(String::as_str).collect::<BTreeSet<_>>(), ids.clone());
            let orgs: BTreeSet<String> = mine.iter().flat_map(|o| [fold(&o.first.reporting_org), fold(&o.second.reporting_org)]).collect();
            prop_assert_eq!(group.organisations.iter().map(|o| fold(o)).collect::<BTreeSet<_>>(), orgs);
            prop_assert_eq!(group.from, earliest(mine.iter().map(|o| o.from)));
            let latest = mine.iter().map(|o| o.to).collect::<Option<Vec<_>>>().and_then(|d| d.into_iter().max());
            prop_assert_eq!(group.to, latest);
            let targeted = ids.iter().filter_map(|id| plan.activities.get(id).and_then(|r| r.data.targeted)).reduce(|a, b| a + b);
            prop_assert_eq!(group.combined_targeted, targeted);
            let (listed, total) = overlap_pairs_in(&plan, &group.area, &group.sector, &scope, 3);
            prop_assert_eq!(total, group.pairs);
            prop_assert_eq!(listed.len() as u64, group.pairs.min(3));
        }
    }
}
