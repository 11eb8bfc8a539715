//! Unit tests of the summaries: group statistics, overlaps and the calculator.

use super::testkit::*;
use super::{harmonise, overlaps, propose_transfer_value, CalculatorError, CalculatorInput, HarmoniseQuery};
use crate::model::{Activity, Amount, Frequency, Plan, Status, ValueUnit};
use ValueUnit::{Household, Person};

fn monthly(org: &str, area: &str, value: &str) -> Activity {
    cash(org, "MPC", area, value, Household, "USD", Some(Frequency::Monthly))
}

fn two_districts() -> PlanBuilder {
    PlanBuilder::new()
        .area("SY01", 1, None, None)
        .area("SY0101", 2, Some("SY01"), None)
        .area("SY0102", 2, Some("SY01"), None)
        .standard("s", standard("MPC", "100", Household, "USD", Frequency::Monthly))
}

#[test]
fn groups_summarise_values_per_area_and_sector_at_the_deepest_level() {
    let plan = two_districts()
        .activity("a1", monthly("NRC", "SY0101", "90"))
        .activity("a2", monthly("nrc ", "SY0101", "100"))
        .activity("a3", monthly("DRC", "SY0101", "130"))
        .activity("a4", monthly("WFP", "SY0102", "100"))
        .activity("a5", monthly("WFP", "SY01", "100"))
        .build();
    let report = report(&plan);
    assert_eq!(report.level, Some(2));
    let summary: Vec<String> = report
        .groups
        .iter()
        .map(|g| {
            format!(
                "{} {} partners={} n={} {}/{}/{} cv={} ok={}",
                g.area,
                g.sector,
                g.partners,
                g.activities,
                g.min.format_fixed(2),
                g.median.format_fixed(2),
                g.max.format_fixed(2),
                g.variation.map_or("-".into(), |v| v.to_string()),
                g.within_tolerance_pct.map_or("-".into(), |p| p.to_string()),
            )
        })
        .collect();
    // 90, 100, 130: mean 106.67, population sd 16.997 → 0.16; a5 sits above level 2.
    assert_eq!(
        summary,
        vec![
            "SY0101 MPC partners=2 n=3 90.00/100.00/130.00 cv=0.16 ok=66.7",
            "SY0102 MPC partners=1 n=1 100.00/100.00/100.00 cv=0.00 ok=100.0",
        ]
    );
}

#[test]
fn groups_roll_up_to_the_requested_level_and_keep_bases_apart() {
    let per_person = crate::model::Standard {
        area: Some("SY0102".into()),
        ..standard("MPC", "20", Person, "USD", Frequency::Monthly)
    };
    let plan = two_districts()
        .standard("s-sy0102", per_person)
        .activity("a1", monthly("NRC", "SY0101", "90"))
        .activity("a2", monthly("DRC", "SY0101", "110"))
        .activity("a3", monthly("WFP", "SY01", "100"))
        .activity("outlier", monthly("X", "SY0101", "1000"))
        .activity("p1", monthly("WFP", "SY0102", "100"))
        .build();
    let report = harmonise(&plan, &HarmoniseQuery { level: Some(1), today: date(TODAY) });
    let groups: Vec<(String, ValueUnit, usize, String)> =
        report.groups.iter().map(|g| (g.area.clone(), g.basis.unit, g.activities, g.median.format_fixed(2))).collect();
    assert_eq!(
        groups,
        vec![
            ("SY01".to_string(), Household, 4, "105.00".to_string()),
            ("SY01".to_string(), Person, 1, "20.00".to_string())
        ]
    );
}

#[test]
fn no_activities_means_no_level_and_no_groups() {
    let report = report(&two_districts().build());
    assert_eq!((report.level, report.groups.len(), report.activities.len()), (None, 0, 0));
}

fn dated(org: &str, area: &str, start: Option<&str>, end: Option<&str>, targeted: Option<u64>) -> Activity {
    Activity { start: start.map(date), end: end.map(date), targeted, ..monthly(org, area, "100") }
}

fn pairs(plan: &Plan) -> Vec<String> {
    overlaps(plan)
        .iter()
        .map(|o| {
            format!(
                "{}+{} {}..{} {:?}/{:?} {}",
                o.first.id,
                o.second.id,
                o.from.map_or("open".into(), |d| d.to_string()),
                o.to.map_or("open".into(), |d| d.to_string()),
                o.combined_targeted,
                o.people_in_need,
                o.combined_pct_of_need.map_or("-".into(), |p| p.to_string()),
            )
        })
        .collect()
}

#[test]
fn overlaps_pair_different_organisations_in_the_same_area_sector_and_time() {
    let plan = two_districts()
        .need("SY0101", "MPC", 1000)
        .activity("a", dated("NRC", "SY0101", Some("2024-01-01"), Some("2024-03-31"), Some(600)))
        .activity("b", dated("DRC", "SY0101", Some("2024-03-01"), Some("2024-06-30"), Some(700)))
        .activity("c", dated("nrc", "SY0101", Some("2024-03-01"), None, Some(50)))
        .activity("d", dated("WFP", "SY0101", Some("2024-07-01"), None, None))
        .activity("e", dated("WFP", "SY0102", Some("2024-01-01"), None, Some(10)))
        .build();
    assert_eq!(
        pairs(&plan),
        vec![
            // a and c are both NRC; a ends before d starts; e is in another area.
            "a+b 2024-03-01..2024-03-31 Some(1300)/Some(1000) 130.0",
            "b+c 2024-03-01..2024-06-30 Some(750)/Some(1000) 75.0",
            "c+d 2024-07-01..open Some(50)/Some(1000) 5.0",
        ]
    );
}

#[test]
fn overlaps_treat_missing_dates_as_open_and_skip_cancelled_and_other_sectors() {
    let cancelled = Activity { status: Status::Cancelled, ..dated("UNHCR", "SY0101", None, None, Some(5)) };
    let other_sector = Activity { sector: "FSC".into(), ..dated("WFP", "SY0101", None, None, Some(5)) };
    let plan = two_districts()
        .activity("a", dated("NRC", "SY0101", None, Some("2024-01-31"), None))
        .activity("b", dated("DRC", "SY0101", Some("2023-06-01"), None, Some(20)))
        .activity("c", cancelled)
        .activity("d", other_sector)
        .build();
    assert_eq!(pairs(&plan), vec!["a+b 2023-06-01..2024-01-31 Some(20)/None -"]);
}

fn calculator_input(area: &str, share: &str, other: &str) -> CalculatorInput {
    CalculatorInput {
        area: area.into(),
        sector: "MPC".into(),
        date: date(TODAY),
        gap_share_pct: amount(share),
        other_assistance: amount(other),
    }
}

#[test]
fn calculator_applies_the_gap_method_and_shows_what_partners_pay() {
    let plan = two_districts()
        .area("SY0103", 2, Some("SY01"), Some(4.0))
        .meb("m-nat", meb(None, "300", Household, "USD", None))
        .meb("m-sy0103", meb(Some("SY0103"), "62.5", Person, "USD", None))
        .activity("a1", monthly("NRC", "SY0101", "90"))
        .activity("a2", monthly("DRC", "SY0101", "120"))
        .activity("a3", monthly("WFP", "SY0102", "200"))
        .activity("one-off", cash("X", "MPC", "SY0101", "500", Household, "USD", Some(Frequency::OneOff)))
        .build();
    let result = propose_transfer_value(&plan, &calculator_input("SY0101", "70", "30")).unwrap();
    assert_eq!(result.meb, "m-nat");
    assert_eq!(result.meb_per_household.format_fixed(2), "300.00");
    assert_eq!(result.proposed_per_household_month.format_fixed(2), "180.00");
    assert_eq!(result.partners_median.map(|m| m.format_fixed(2)), Some("105.00".into()));
    assert_eq!(result.partners_activities, 2);
    let region = propose_transfer_value(&plan, &calculator_input("SY01", "100", "0")).unwrap();
    assert_eq!((region.partners_activities, region.partners_median.map(|m| m.to_string())), (3, Some("120".into())));
    // 62.5 per person × 4 = 250 per household; 33.3 % of it is 83.25.
    let per_person = propose_transfer_value(&plan, &calculator_input("SY0103", "33.3", "0")).unwrap();
    assert_eq!(per_person.meb_per_household.format_fixed(2), "250.00");
    assert_eq!(per_person.proposed_per_household_month.format_fixed(2), "83.25");
    assert_eq!(per_person.partners_median, None);
}

#[test]
fn calculator_never_proposes_a_negative_value_and_refuses_bad_input() {
    let plan = two_districts().meb("m", meb(None, "100", Household, "USD", Some("2024-01-01"))).build();
    let covered = propose_transfer_value(&plan, &calculator_input("SY0101", "50", "60")).unwrap();
    assert_eq!((covered.proposed_per_household_month, covered.covered_by_other_assistance), (Amount::ZERO, true));
    assert_eq!(
        propose_transfer_value(&plan, &calculator_input("SY0101", "101", "0")),
        Err(CalculatorError::ShareOutOfRange(amount("101")))
    );
    assert!(matches!(
        propose_transfer_value(&plan, &calculator_input("SY0101", "50", "-1")),
        Err(CalculatorError::NegativeOtherAssistance(_))
    ));
    let early = CalculatorInput { date: date("2023-12-31"), ..calculator_input("SY0101", "50", "0") };
    let error = propose_transfer_value(&plan, &early).unwrap_err();
    assert_eq!(error, CalculatorError::NoMeb { area: "SY0101".into(), date: date("2023-12-31") });
    assert!(error.to_string().contains("add a MEB"));
}
