//! One organisation, whatever the spelling: "Mercy Corps", "Mercy-Corps" and "mercy corps"
//! are one partner for the filter, the partner slice and its file, and the gap engine's
//! count of organisations — all through `rules::values::organisation_key`.

use cashplan::engine::gaps::{analyse, GapQuery};
use cashplan::formats::planfile::read_plan_file;
use cashplan::model::{Activity, Area, Need, Plan, Stamp, Status};
use cashplan::ui::effects::Download;
use cashplan::ui::filtering::{filtered_plan, reporting_orgs};
use cashplan::ui::route::Filters;
use cashplan::ui::state::partner_slice;
use std::rc::Rc;

fn plan() -> Plan {
    let stamp = Stamp { at: "2024-01-01T00:00:00Z".into(), by: "test".into() };
    let mut plan = Plan::new("p", "Spellings", "SYR", "USD", &stamp);
    let area = Area {
        names: Default::default(),
        code: "SY02".into(),
        name: "Aleppo".into(),
        level: 1,
        parent: None,
        population: None,
        household_size: None,
    };
    plan.areas.upsert("SY02", area, &stamp);
    let need = Need {
        area: "SY02".into(),
        sector: "FSC".into(),
        people_in_need: 1000,
        households_in_need: None,
        severity: None,
    };
    plan.needs.upsert("SY02|FSC", need, &stamp);
    for (id, org) in [("a1", "Mercy Corps"), ("a2", "Mercy-Corps"), ("a3", "mercy corps"), ("a4", "WFP")] {
        let activity = Activity {
            reporting_org: org.into(),
            sector: "FSC".into(),
            area: "SY02".into(),
            targeted: Some(10),
            reached: Some(10),
            status: Status::Ongoing,
            ..Activity::default()
        };
        plan.activities.upsert(id, activity, &stamp);
    }
    plan
}

#[test]
fn three_spellings_are_one_organisation_everywhere() {
    let plan = plan();
    assert_eq!(reporting_orgs(&plan), ["Mercy Corps", "WFP"], "the filter and the share panel list it once");

    let report = analyse(&plan, &GapQuery { level: Some(1), period: None });
    let cell = report.cells.iter().find(|c| c.area == "SY02" && c.sector == "FSC").unwrap();
    assert_eq!(cell.organisations, 2, "the engine counts Mercy Corps once, beside WFP");

    for spelling in ["Mercy Corps", "mercy-corps", " MERCY CORPS "] {
        let only = Filters { organisation: Some(spelling.into()), ..Filters::default() };
        assert_eq!(filtered_plan(&plan, &only).unwrap().activities.len_live(), 3, "filter by {spelling:?}");
        assert_eq!(partner_slice(&plan, spelling).activities.len_live(), 3, "slice for {spelling:?}");
    }

    let download = Download::plan_file(Rc::new(plan), Some("mercy corps"), "2024-01-01T00:00:00Z", false);
    let exported = read_plan_file(&download.file_name, &download.text().unwrap().unwrap()).unwrap();
    assert_eq!(exported.activities.len_live(), 3, "the partner's file holds all three spellings' activities");
    assert_eq!(download.file_name, "spellings-mercy-corps-2024-01-01.cashplan.json");
}
