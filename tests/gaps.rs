//! Data-driven gap analysis cases: every `tests/fixtures/gaps/*.json` holds a small plan, a
//! query and the expected report rows. Adding a case is adding a file.
//!
//! Fixture shape (lists are compact rows so the expected report reads like a table):
//! ```json
//! { "about": "what the case shows",
//!   "query": { "level": 3, "period": "2025-03" },            // both optional
//!   "areas": [["CODE", "Name", level, "PARENT" or null]],
//!   "sectors": [["CODE", "Name", "Lead" or null]],           // optional, added to the defaults
//!   "needs": [["AREA", "SECTOR", pin, severity or null]],
//!   "activities": [{ "id", "org", "sector", "area", "status", "targeted", "reached", "start", "end" }],
//!   "expect": { "level", "cells", "areas", "worst_gaps", "totals", "inter_sector",
//!               "unallocated_activities", "unknown_area_activities", "unallocated_needs",
//!               "unknown_area_needs", "superseded_needs", "broken_parents" } }
//! ```
//! The plan has the default sectors: `IS` is the inter-sector people in need (a figure only)
//! and `MPC` is measured against it where it has no need of its own; a cell so measured ends
//! with `against=IS`, an area with an inter-sector PiN with `inter_sector=N`, and
//! `inter_sector` is the cross-sector totals against it (checked when given).
//! `cells`, the four left-out lists, `superseded_needs` and `broken_parents` are always checked (absent means
//! empty); `level`, `areas`, `worst_gaps` and `totals` only when given. A value that is None
//! prints as `-`.

use cashplan::engine::gaps::{analyse, GapCell, GapQuery, GapReport, UnallocatedActivity, UnallocatedNeed};
use cashplan::model::{Activity, Area, IsoDate, Month, Need, Plan, Sector, Stamp, Status, Vocabulary};
use serde::Deserialize;
use std::fmt::Display;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    #[allow(dead_code)]
    about: String,
    #[serde(default)]
    query: QueryInput,
    #[serde(default)]
    areas: Vec<(String, String, u8, Option<String>)>,
    #[serde(default)]
    sectors: Vec<(String, String, Option<String>)>,
    #[serde(default)]
    needs: Vec<(String, String, u64, Option<u8>)>,
    #[serde(default)]
    activities: Vec<ActivityInput>,
    expect: Expected,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct QueryInput {
    level: Option<u8>,
    period: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActivityInput {
    id: String,
    org: String,
    sector: String,
    area: String,
    #[serde(default)]
    status: Option<String>,
    targeted: Option<u64>,
    reached: Option<u64>,
    start: Option<String>,
    end: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    level: Option<u8>,
    cells: Vec<String>,
    areas: Option<Vec<String>>,
    worst_gaps: Option<Vec<String>>,
    totals: Option<String>,
    inter_sector: Option<String>,
    #[serde(default)]
    unallocated_activities: Vec<String>,
    #[serde(default)]
    unknown_area_activities: Vec<String>,
    #[serde(default)]
    unallocated_needs: Vec<String>,
    #[serde(default)]
    unknown_area_needs: Vec<String>,
    #[serde(default)]
    superseded_needs: Vec<String>,
    #[serde(default)]
    broken_parents: Vec<String>,
}

fn date(text: &Option<String>, file: &str) -> Option<IsoDate> {
    let text = text.as_deref()?;
    Some(IsoDate::parse(text).unwrap_or_else(|| panic!("{file}: `{text}` is not a date")))
}

fn build_plan(fixture: &Fixture, file: &str) -> Plan {
    let stamp = Stamp { at: "2026-01-01T00:00:00Z".into(), by: "fixture".into() };
    let mut plan = Plan::new("fixture", file, "SYR", "USD", &stamp);
    for (code, name, level, parent) in &fixture.areas {
        let area = Area {
            names: Default::default(),
            code: code.clone(),
            name: name.clone(),
            level: *level,
            parent: parent.clone(),
            population: None,
            household_size: None,
        };
        plan.areas.upsert(code, area, &stamp);
    }
    for (code, name, lead) in &fixture.sectors {
        let sector = Sector {
            code: code.clone(),
            name: name.clone(),
            lead: lead.clone(),
            measured_against: None,
            caseload: false,
        };
        plan.sectors.upsert(code, sector, &stamp);
    }
    for (area, sector, pin, severity) in &fixture.needs {
        let need = Need {
            area: area.clone(),
            sector: sector.clone(),
            people_in_need: *pin,
            households_in_need: None,
            severity: *severity,
        };
        plan.needs.upsert(&Need::id_for(area, sector), need, &stamp);
    }
    for input in &fixture.activities {
        let status = input.status.as_deref().map_or(Status::Planned, |s| {
            Status::parse_loose(s).unwrap_or_else(|| panic!("{file}: `{s}` is not a status"))
        });
        let activity = Activity {
            reporting_org: input.org.clone(),
            sector: input.sector.clone(),
            area: input.area.clone(),
            targeted: input.targeted,
            reached: input.reached,
            start: date(&input.start, file),
            end: date(&input.end, file),
            status,
            ..Activity::default()
        };
        plan.activities.upsert(&input.id, activity, &stamp);
    }
    plan
}

fn show<T: Display>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_string(), |v| v.to_string())
}

fn cell_row(c: &GapCell) -> String {
    let against = c.measured_against.as_ref().map(|m| format!(" against={m}")).unwrap_or_default();
    against_suffixed(format!(
        "{} {} pin={} targeted={} reached={} coverage={} planned={} gap={} planned_gap={} orgs={} band={} severity={} lead={} activities={}",
        c.area,
        c.sector,
        show(c.pin),
        c.targeted,
        c.reached,
        show(c.coverage),
        show(c.planned_coverage),
        show(c.gap),
        show(c.planned_gap),
        c.organisations,
        show(c.band.map(|b| b.label())),
        show(c.severity),
        show(c.lead.as_deref()),
        c.activities.join(","),
    ), &against)
}

fn against_suffixed(row: String, suffix: &str) -> String {
    format!("{row}{suffix}")
}

fn activity_row(a: &UnallocatedActivity) -> String {
    let reason = serde_json::to_value(a.reason).unwrap();
    format!(
        "{} {} {} {} {} targeted={} reached={} {}",
        a.id,
        a.org,
        a.sector,
        a.area,
        a.status,
        a.targeted,
        a.reached,
        reason.as_str().unwrap()
    )
}

fn need_row(n: &UnallocatedNeed) -> String {
    let reason = serde_json::to_value(n.reason).unwrap();
    format!("{} {} pin={} {}", n.area, n.sector, n.pin, reason.as_str().unwrap())
}

fn report_rows(report: &GapReport) -> Vec<(&'static str, Vec<String>)> {
    let t = &report.totals;
    let totals = format!(
        "cells={} pin={} targeted={} reached={} gap={} planned_gap={} unallocated={}/{}/{}/{}/{} unknown_area={}/{}/{}/{}/{}",
        t.cells, t.pin, t.targeted, t.reached, t.gap, t.planned_gap,
        t.unallocated.activities, t.unallocated.targeted, t.unallocated.reached, t.unallocated.needs, t.unallocated.pin,
        t.unknown_area.activities, t.unknown_area.targeted, t.unknown_area.reached, t.unknown_area.needs, t.unknown_area.pin,
    );
    let areas = report.areas.iter().map(|a| {
        let inter = a.inter_sector_pin.map(|p| format!(" inter_sector={p}")).unwrap_or_default();
        let row = format!(
            "{} {} sectors={} pin={}/{} targeted={}/{} reached={}/{}",
            a.area,
            a.area_name,
            a.sectors,
            a.pin.sum,
            a.pin.max,
            a.targeted.sum,
            a.targeted.max,
            a.reached.sum,
            a.reached.max
        );
        format!("{row}{inter}")
    });
    let inter_sector = t.inter_sector.as_ref().map_or_else(
        || "-".to_string(),
        |i| {
            format!(
                "areas={} without={} pin={} targeted={} reached={} gap={} coverage={}",
                i.areas,
                i.areas_without,
                i.pin,
                i.targeted,
                i.reached,
                i.gap,
                show(i.coverage)
            )
        },
    );
    let superseded =
        report.superseded_needs.iter().map(|n| format!("{} {} pin={} by={}", n.area, n.sector, n.pin, n.by_area));
    let broken = report.broken_parents.iter().map(|b| {
        let problem = serde_json::to_value(b.problem).unwrap();
        format!("{} {} {}", b.area, b.parent, problem.as_str().unwrap())
    });
    vec![
        ("level", vec![report.level.to_string()]),
        ("cells", report.cells.iter().map(cell_row).collect()),
        ("areas", areas.collect()),
        ("worst_gaps", report.worst_gaps.iter().map(|g| format!("{} {} {}", g.area, g.sector, g.gap)).collect()),
        ("totals", vec![totals]),
        ("inter_sector", vec![inter_sector]),
        ("unallocated_activities", report.unallocated_activities.iter().map(activity_row).collect()),
        ("unknown_area_activities", report.unknown_area_activities.iter().map(activity_row).collect()),
        ("unallocated_needs", report.unallocated_needs.iter().map(need_row).collect()),
        ("unknown_area_needs", report.unknown_area_needs.iter().map(need_row).collect()),
        ("superseded_needs", superseded.collect()),
        ("broken_parents", broken.collect()),
    ]
}

fn expected_rows(e: Expected) -> Vec<(&'static str, Option<Vec<String>>)> {
    vec![
        ("level", e.level.map(|l| vec![l.to_string()])),
        ("cells", Some(e.cells)),
        ("areas", e.areas),
        ("worst_gaps", e.worst_gaps),
        ("totals", e.totals.map(|t| vec![t])),
        ("inter_sector", e.inter_sector.map(|t| vec![t])),
        ("unallocated_activities", Some(e.unallocated_activities)),
        ("unknown_area_activities", Some(e.unknown_area_activities)),
        ("unallocated_needs", Some(e.unallocated_needs)),
        ("unknown_area_needs", Some(e.unknown_area_needs)),
        ("superseded_needs", Some(e.superseded_needs)),
        ("broken_parents", Some(e.broken_parents)),
    ]
}

fn run_fixture(path: &Path) -> Vec<String> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{file}: {e}"));
    let fixture: Fixture = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
    let plan = build_plan(&fixture, &file);
    let period = fixture
        .query
        .period
        .as_deref()
        .map(|p| Month::parse(p).unwrap_or_else(|| panic!("{file}: `{p}` is not a month (YYYY-MM)")));
    let report = analyse(&plan, &GapQuery { level: fixture.query.level, period });
    let actual = report_rows(&report);
    let mut failures = Vec::new();
    for ((section, got), (_, want)) in actual.into_iter().zip(expected_rows(fixture.expect)) {
        if let Some(want) = want.filter(|w| *w != got) {
            failures.push(format!(
                "{file}: `{section}` differs\n  expected:\n    {}\n  actual:\n    {}",
                want.join("\n    "),
                got.join("\n    ")
            ));
        }
    }
    failures
}

#[test]
fn every_fixture_produces_its_expected_report() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gaps");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 10, "expected the gap fixtures in {}", dir.display());
    let failures: Vec<String> = paths.iter().flat_map(|p| run_fixture(p)).collect();
    assert!(failures.is_empty(), "{} of {} fixtures failed:\n{}", failures.len(), paths.len(), failures.join("\n\n"));
}
