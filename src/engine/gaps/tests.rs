//! Unit checks of the pieces behind the gap analysis; whole-report cases are the
//! data-driven fixtures in tests/gaps.rs.

use super::collect::overlaps;
use crate::model::{Activity, IsoDate, Month};

fn dated(start: Option<&str>, end: Option<&str>) -> Activity {
    Activity { start: start.and_then(IsoDate::parse), end: end.and_then(IsoDate::parse), ..Activity::default() }
}

#[test]
fn month_overlap_is_inclusive_and_open_ended() {
    let march = Month::parse("2025-03").unwrap();
    assert!(overlaps(&dated(Some("2025-01-15"), Some("2025-06-30")), march), "spans the month");
    assert!(overlaps(&dated(Some("2025-03-31"), Some("2025-03-31")), march), "last day");
    assert!(overlaps(&dated(Some("2025-02-01"), Some("2025-03-01")), march), "first day");
    assert!(!overlaps(&dated(Some("2025-01-01"), Some("2025-02-28")), march), "ends the day before");
    assert!(!overlaps(&dated(Some("2025-04-01"), None), march), "starts the day after");
    assert!(overlaps(&dated(None, Some("2025-03-10")), march), "open start");
    assert!(overlaps(&dated(Some("2024-12-01"), None), march), "open end");
    assert!(overlaps(&dated(None, None), march), "no dates");
}

use super::{analyse, GapQuery};
use crate::model::{Area, Need, Plan, Stamp, Status};

fn stamp() -> Stamp {
    Stamp { at: "2026-01-01T00:00:00Z".into(), by: "test".into() }
}

fn small_plan() -> Plan {
    let mut plan = Plan::new("p", "Plan", "SYR", "USD", &stamp());
    for (code, name, level, parent) in [("SY02", "Aleppo", 1, None), ("C1426", "Kafr Hamra", 2, Some("SY02"))] {
        let area = Area {
            names: Default::default(),
            code: code.into(),
            name: name.into(),
            level,
            parent: parent.map(str::to_string),
            population: None,
            household_size: None,
        };
        plan.areas.upsert(code, area, &stamp());
    }
    plan
}

fn activity(area: &str, targeted: u64, reached: u64) -> Activity {
    Activity {
        reporting_org: "WFP".into(),
        sector: "FSC".into(),
        area: area.into(),
        targeted: Some(targeted),
        reached: Some(reached),
        status: Status::Ongoing,
        ..Activity::default()
    }
}

#[test]
fn cells_carry_area_and_sector_names_and_serialise_to_json() {
    let mut plan = small_plan();
    let need = Need {
        area: "SY02".into(),
        sector: "FSC".into(),
        people_in_need: 3,
        households_in_need: None,
        severity: Some(4),
    };
    plan.needs.upsert("n", need, &stamp());
    plan.activities.upsert("a", activity("C1426", 2, 1), &stamp());
    let report = analyse(&plan, &GapQuery { level: Some(1), period: Month::parse("2025-03") });
    let cell = &report.cells[0];
    assert_eq!((cell.area_name.as_str(), cell.sector_name.as_deref()), ("Aleppo", Some("Food Security")));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["period"], "2025-03");
    assert_eq!(json["cells"][0]["coverage"], 33.3);
    assert_eq!(json["cells"][0]["band"], "partial");
    assert_eq!(json["worst_gaps"][0]["cell"], 0);
}

#[test]
fn default_level_falls_back_to_activities_then_to_one() {
    let mut plan = small_plan();
    assert_eq!(analyse(&plan, &GapQuery::default()).level, 1);
    plan.activities.upsert("a", activity("C1426", 1, 1), &stamp());
    assert_eq!(analyse(&plan, &GapQuery::default()).level, 2);
}

#[test]
fn deleted_records_do_not_count_and_huge_figures_saturate() {
    let mut plan = small_plan();
    plan.activities.upsert("a", activity("C1426", u64::MAX, u64::MAX), &stamp());
    plan.activities.upsert("b", activity("C1426", u64::MAX, 5), &stamp());
    plan.activities.upsert("gone", activity("C1426", 7, 7), &stamp());
    plan.activities.delete("gone", &stamp());
    let report = analyse(&plan, &GapQuery { level: Some(2), period: None });
    assert_eq!(report.cells[0].targeted, u64::MAX);
    assert_eq!(report.cells[0].activities, ["a", "b"]);
    assert_eq!(report.totals.reached, u64::MAX);
}
