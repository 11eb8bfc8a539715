//! The plan-wide organisation and modality filters applied to what the overview shows: a
//! narrowed copy of the plan for the gap analysis, and the harmonisation rows and overlaps
//! that concern the chosen organisation, sector and modality. Plain Rust, tested natively.

use super::route::Filters;
use crate::engine::filters;
use crate::engine::harmonise::{overlap_groups, ActivityRow, Flag, HarmonisationReport, OverlapGroup, OverlapScope};
use crate::model::sorting;
use crate::model::{Activity, IsoDate, Modality, Month, Plan, Vocabulary};

/// Names match as the rules say one organisation is known (`rules::values::organisation_key`):
/// "Mercy Corps", "Mercy-Corps" and "mercy corps" are one. Sector codes match the same way.
fn same(a: &str, b: &str) -> bool {
    filters::same_name(a, b)
}

/// Whether an activity of `org` with `modality` passes the organisation and modality filters.
pub fn activity_matches(filters: &Filters, org: &str, modality: Option<Modality>) -> bool {
    filters::activity_matches(filters.organisation.as_deref(), filters.modality, org, modality)
}

/// The plan with only the live activities of the chosen organisation and modality; needs,
/// areas and sectors untouched, so coverage reads "what they cover of the need". None
/// (and no copy) when neither filter is set.
pub fn filtered_plan(plan: &Plan, filters: &Filters) -> Option<Plan> {
    filters::narrowed_plan(plan, filters.organisation.as_deref(), filters.modality)
}

pub use super::state::reporting_orgs;

/// "Cash", "In-kind": a canonical modality as a select option's text.
pub fn modality_label(modality: Modality) -> String {
    let code = modality.code();
    let mut chars = code.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Every canonical modality, in the vocabulary's order.
pub fn modalities() -> Vec<Modality> {
    Modality::VALUES.iter().map(|(modality, _, _)| *modality).collect()
}

/// "Showing cash activities of IRC only" when a filter narrows the activities.
pub fn narrowing_note(filters: &Filters) -> Option<String> {
    let kind = filters.modality.map(|m| format!("{} ", m.code())).unwrap_or_default();
    match (&filters.organisation, filters.modality) {
        (None, None) => None,
        (Some(org), _) => Some(format!("Showing {kind}activities of {} only", org.trim())),
        (None, Some(_)) => Some(format!("Showing {kind}activities only")),
    }
}

fn sector_matches(filters: &Filters, sector: &str) -> bool {
    filters.sector.as_deref().is_none_or(|chosen| same(chosen, sector))
}

/// The cash and voucher rows the filters keep (sector, organisation, modality).
/// Whether a date range (open where a date is missing) runs during the month.
pub fn runs_in(from: Option<IsoDate>, to: Option<IsoDate>, month: Month) -> bool {
    let (Some(first), Some(last)) = (month.first_day(), month.last_day()) else { return true };
    from.is_none_or(|start| start <= last) && to.is_none_or(|end| end >= first)
}

/// The rows of the chosen sector, organisation and modality whose activity runs in the
/// chosen month (as the gap analysis counts them).
pub fn harmonise_rows<'a>(report: &'a HarmonisationReport, plan: &Plan, filters: &Filters) -> Vec<&'a ActivityRow> {
    let in_period = |id: &str| {
        filters
            .period
            .is_none_or(|month| plan.activities.get(id).is_none_or(|a| runs_in(a.data.start, a.data.end, month)))
    };
    report
        .activities
        .iter()
        .filter(|row| {
            sector_matches(filters, &row.sector) && activity_matches(filters, &row.reporting_org, Some(row.modality))
        })
        .filter(|row| in_period(&row.id))
        .collect()
}

/// The overlaps, per area and sector, in the chosen sector and month that involve the
/// chosen organisation and modality on either side.
pub fn overlap_groups_for(plan: &Plan, filters: &Filters) -> Vec<OverlapGroup> {
    with_overlap_scope(filters, |scope| overlap_groups(plan, scope))
}

/// Runs `run` with the overlap scope the filters describe.
pub fn with_overlap_scope<T>(filters: &Filters, run: impl FnOnce(&OverlapScope<'_>) -> T) -> T {
    let involves = |a: &Activity| activity_matches(filters, &a.reporting_org, a.modality);
    let narrowed = filters.organisation.is_some() || filters.modality.is_some();
    run(&OverlapScope {
        sector: filters.sector.as_deref(),
        month: filters.period,
        involving: narrowed.then_some(&involves as &dyn Fn(&Activity) -> bool),
    })
}

/// How many rows got each verdict, the four a coordinator reads first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FlagCounts {
    pub within: usize,
    pub above: usize,
    pub below: usize,
    pub not_comparable: usize,
}

impl FlagCounts {
    pub fn of(rows: &[&ActivityRow]) -> FlagCounts {
        let mut counts = FlagCounts::default();
        for row in rows {
            match row.flag {
                Flag::Ok => counts.within += 1,
                Flag::Above => counts.above += 1,
                Flag::Below => counts.below += 1,
                _ => counts.not_comparable += 1,
            }
        }
        counts
    }
}

/// Up to `limit` rows that deviate from their standard, the largest deviation (either
/// way) first; ties stay in id order.
pub fn top_deviations<'a>(rows: &[&'a ActivityRow], limit: usize) -> Vec<&'a ActivityRow> {
    let mut deviating: Vec<&ActivityRow> =
        rows.iter().copied().filter(|row| row.deviation_pct.is_some_and(|d| d.tenths() != 0)).collect();
    sorting::sort_by_key(&mut deviating, |row| {
        std::cmp::Reverse(row.deviation_pct.map_or(0, |d| d.tenths().unsigned_abs()))
    });
    deviating.truncate(limit);
    deviating
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::harmonise::SignedPercent;
    use crate::model::{Need, Stamp};

    fn stamp() -> Stamp {
        Stamp { at: "2024-05-01T00:00:00Z".into(), by: "test".into() }
    }

    fn activity(org: &str, sector: &str, modality: Option<Modality>, reached: u64) -> Activity {
        Activity {
            reporting_org: org.into(),
            sector: sector.into(),
            area: "C1426".into(),
            modality,
            reached: Some(reached),
            ..Activity::default()
        }
    }

    /// IRC's cash, WFP's voucher, a deleted IRC voucher, " irc " in another spelling.
    fn plan() -> Plan {
        let stamp = stamp();
        let mut plan = Plan::new("p-1", "Test", "SYR", "USD", &stamp);
        plan.needs.upsert(
            "n-1",
            Need {
                area: "C1426".into(),
                sector: "MPC".into(),
                people_in_need: 30_000,
                households_in_need: None,
                severity: None,
            },
            &stamp,
        );
        plan.activities.upsert("a-1", activity("IRC", "MPC", Some(Modality::Cash), 12_000), &stamp);
        plan.activities.upsert("a-2", activity("WFP", "MPC", Some(Modality::Voucher), 5_000), &stamp);
        plan.activities.upsert("a-3", activity("IRC", "MPC", Some(Modality::Voucher), 1_000), &stamp);
        plan.activities.delete("a-3", &stamp);
        plan.activities.upsert("a-4", activity(" irc ", "FSC", None, 700), &stamp);
        plan
    }

    fn kept(filters: &Filters) -> Vec<String> {
        let plan = filtered_plan(&plan(), filters).expect("a filter is set");
        plan.activities.entries().map(|e| e.current.id.clone()).collect()
    }

    #[test]
    fn no_filter_means_no_copy() {
        let filters = Filters { level: Some(2), sector: Some("MPC".into()), ..Filters::default() };
        assert!(filtered_plan(&plan(), &filters).is_none());
    }

    #[test]
    fn organisation_matches_trimmed_in_any_case_and_drops_deleted_rows() {
        assert_eq!(kept(&Filters { organisation: Some("Irc".into()), ..Filters::default() }), ["a-1", "a-4"]);
        assert_eq!(kept(&Filters { organisation: Some("Nobody".into()), ..Filters::default() }), Vec::<String>::new());
    }

    #[test]
    fn modality_must_be_equal_and_combines_with_organisation() {
        assert_eq!(kept(&Filters { modality: Some(Modality::Voucher), ..Filters::default() }), ["a-2"]);
        let both = Filters { organisation: Some("IRC".into()), modality: Some(Modality::Cash), ..Filters::default() };
        assert_eq!(kept(&both), ["a-1"]);
    }

    #[test]
    fn needs_and_the_rest_of_the_plan_are_untouched() {
        let original = plan();
        let narrowed =
            filtered_plan(&original, &Filters { organisation: Some("WFP".into()), ..Filters::default() }).unwrap();
        assert_eq!(narrowed.needs, original.needs);
        assert_eq!(narrowed.sectors, original.sectors);
        assert_eq!((narrowed.id.as_str(), narrowed.name.as_str()), ("p-1", "Test"));
    }

    #[test]
    fn reporting_orgs_are_listed_once_sorted_ignoring_case() {
        let stamp = stamp();
        let mut plan = plan();
        plan.activities.upsert("a-5", activity("mercy Corps", "MPC", None, 1), &stamp);
        assert_eq!(reporting_orgs(&plan), ["IRC", "mercy Corps", "WFP"]);
    }

    #[test]
    fn the_note_says_what_is_narrowed() {
        assert_eq!(narrowing_note(&Filters::default()), None);
        let org = Filters { organisation: Some(" IRC".into()), ..Filters::default() };
        assert_eq!(narrowing_note(&org).as_deref(), Some("Showing activities of IRC only"));
        let both = Filters { modality: Some(Modality::InKind), ..org };
        assert_eq!(narrowing_note(&both).as_deref(), Some("Showing in-kind activities of IRC only"));
        let modality = Filters { modality: Some(Modality::Cash), ..Filters::default() };
        assert_eq!(narrowing_note(&modality).as_deref(), Some("Showing cash activities only"));
        assert_eq!(
            modalities().into_iter().map(modality_label).collect::<Vec<_>>(),
            ["Cash", "Voucher", "In-kind", "Service"]
        );
    }

    fn row(id: &str, org: &str, sector: &str, modality: Modality, deviation: Option<f64>, flag: Flag) -> ActivityRow {
        ActivityRow {
            id: id.into(),
            reporting_org: org.into(),
            area: "C1426".into(),
            area_level: Some(4),
            sector: sector.into(),
            modality,
            conditionality: None,
            standard: None,
            basis: None,
            household_size: 5.0,
            normalised: None,
            recommended: None,
            deviation_pct: deviation.and_then(SignedPercent::from_f64),
            flag,
            extra_flags: Vec::new(),
            meb: None,
            meb_coverage_pct: None,
            targeting: None,
        }
    }

    fn report() -> HarmonisationReport {
        HarmonisationReport {
            level: None,
            activities: vec![
                row("a-1", "IRC", "MPC", Modality::Cash, Some(0.0), Flag::Ok),
                row("a-2", "WFP", "MPC", Modality::Cash, Some(-12.5), Flag::Below),
                row("a-3", "WFP", "FSC", Modality::Voucher, None, Flag::NoStandard),
                row("a-4", "NRC", "MPC", Modality::Cash, Some(20.0), Flag::Above),
                row("a-5", "IRC", "MPC", Modality::Cash, Some(1.9), Flag::Ok),
            ],
            not_compared: Vec::new(),
            groups: Vec::new(),
        }
    }

    /// A plan without these activities: rows whose activity is unknown are never hidden.
    fn plan_for_rows() -> Plan {
        Plan::new("p", "P", "SYR", "USD", &crate::model::Stamp { at: "t".into(), by: "me".into() })
    }

    #[test]
    fn a_range_runs_in_a_month_when_they_overlap_with_open_ends() {
        let month = Month::parse("2024-03").unwrap();
        let day = |s: &str| IsoDate::parse(s);
        assert!(runs_in(day("2024-02-01"), day("2024-03-01"), month));
        assert!(!runs_in(day("2024-01-01"), day("2024-02-29"), month));
        assert!(!runs_in(day("2024-04-01"), None, month));
        assert!(runs_in(None, None, month));
        assert!(runs_in(None, day("2024-03-31"), month));
    }

    fn ids(rows: &[&ActivityRow]) -> Vec<String> {
        rows.iter().map(|r| r.id.clone()).collect()
    }

    #[test]
    fn flags_are_counted_within_the_filters() {
        let report = report();
        let all = harmonise_rows(&report, &plan_for_rows(), &Filters::default());
        assert_eq!(FlagCounts::of(&all), FlagCounts { within: 2, above: 1, below: 1, not_comparable: 1 });
        let irc = harmonise_rows(
            &report,
            &plan_for_rows(),
            &Filters { organisation: Some("irc".into()), ..Filters::default() },
        );
        assert_eq!(FlagCounts::of(&irc), FlagCounts { within: 2, ..FlagCounts::default() });
        let fsc =
            harmonise_rows(&report, &plan_for_rows(), &Filters { sector: Some("fsc".into()), ..Filters::default() });
        assert_eq!(ids(&fsc), ["a-3"]);
        let voucher = harmonise_rows(
            &report,
            &plan_for_rows(),
            &Filters { modality: Some(Modality::Voucher), ..Filters::default() },
        );
        assert_eq!(ids(&voucher), ["a-3"]);
    }

    #[test]
    fn top_deviations_put_the_largest_either_way_first_and_skip_none_and_zero() {
        let report = report();
        let all = harmonise_rows(&report, &plan_for_rows(), &Filters::default());
        assert_eq!(ids(&top_deviations(&all, 5)), ["a-4", "a-2", "a-5"]);
        assert_eq!(ids(&top_deviations(&all, 1)), ["a-4"]);
    }

    /// IRC and NRC cash in C1426 MPC in January; WFP vouchers and SARC (no modality) in
    /// C4164 FSC with open dates.
    fn overlapping_plan() -> Plan {
        let stamp = stamp();
        let mut plan = plan_for_rows();
        let dated = |org: &str, sector: &str, area: &str, modality, dates: Option<(&str, &str)>| Activity {
            start: dates.and_then(|(s, _)| IsoDate::parse(s)),
            end: dates.and_then(|(_, e)| IsoDate::parse(e)),
            area: area.into(),
            targeted: Some(10),
            ..activity(org, sector, modality, 0)
        };
        plan.activities.upsert(
            "a-1",
            dated("IRC", "MPC", "C1426", Some(Modality::Cash), Some(("2024-01-01", "2024-01-31"))),
            &stamp,
        );
        plan.activities.upsert(
            "a-4",
            dated("NRC", "MPC", "C1426", Some(Modality::Cash), Some(("2024-01-15", "2024-02-15"))),
            &stamp,
        );
        plan.activities.upsert("a-3", dated("WFP", "FSC", "C4164", Some(Modality::Voucher), None), &stamp);
        plan.activities.upsert("a-9", dated("SARC", "FSC", "C4164", None, None), &stamp);
        plan
    }

    fn overlap_areas(filters: Filters) -> Vec<String> {
        overlap_groups_for(&overlapping_plan(), &filters).iter().map(|g| g.area.clone()).collect()
    }

    #[test]
    fn overlaps_outside_the_month_are_left_out() {
        assert_eq!(overlap_areas(Filters { period: Month::parse("2024-03"), ..Filters::default() }), ["C4164"]);
        // NRC runs into February, IRC does not: no shared day in February.
        assert_eq!(overlap_areas(Filters { period: Month::parse("2024-02"), ..Filters::default() }), ["C4164"]);
        assert_eq!(
            overlap_areas(Filters { period: Month::parse("2024-01"), ..Filters::default() }),
            ["C1426", "C4164"]
        );
    }

    #[test]
    fn overlaps_involving_the_organisation_on_either_side_are_kept() {
        assert_eq!(overlap_areas(Filters::default()), ["C1426", "C4164"]);
        assert_eq!(overlap_areas(Filters { organisation: Some("NRC".into()), ..Filters::default() }), ["C1426"]);
        assert_eq!(overlap_areas(Filters { organisation: Some("sarc".into()), ..Filters::default() }), ["C4164"]);
        assert_eq!(
            overlap_areas(Filters {
                sector: Some("MPC".into()),
                organisation: Some("WFP".into()),
                ..Filters::default()
            }),
            Vec::<String>::new()
        );
        assert_eq!(overlap_areas(Filters { modality: Some(Modality::Voucher), ..Filters::default() }), ["C4164"]);
    }
}
