//! The renderers on hand-built reports: exact HXL cells, level placement, empty reports.

use super::*;
use crate::engine::coverage::Percent;
use crate::engine::harmonise::{
    ActivityRow, Basis, ExtraFlag, Flag, GroupStats, HarmonisationReport, NotCompared, NotComparedReason, Overlap,
    OverlapGroup, OverlapSide, Period, Ratio, SignedPercent, Targeting,
};
use crate::model::{Amount, Area, Conditionality, Modality, Plan, Stamp, ValueUnit};

fn amount(text: &str) -> Option<Amount> {
    Amount::parse(text)
}

fn usd_month() -> Basis {
    Basis { unit: ValueUnit::Household, per: Period::Month, currency: "USD".into() }
}

fn row(id: &str, area: &str, level: Option<u8>) -> ActivityRow {
    ActivityRow {
        id: id.into(),
        reporting_org: "NRC".into(),
        area: area.into(),
        area_level: level,
        sector: "MPC".into(),
        modality: Modality::Cash,
        conditionality: Some(Conditionality::Unconditional),
        standard: Some("MPC|transfer|*|2024-01-01".into()),
        basis: Some(usd_month()),
        household_size: 5.0,
        normalised: amount("87.5"),
        recommended: amount("100"),
        deviation_pct: SignedPercent::from_f64(-12.5),
        flag: Flag::Below,
        extra_flags: Vec::new(),
        meb: Some("m-1".into()),
        meb_coverage_pct: Percent::of(1, 3),
        targeting: Some(Targeting { similarity: Ratio::of(2, 3).unwrap(), missing: Vec::new(), extra: Vec::new() }),
    }
}

fn report(activities: Vec<ActivityRow>) -> HarmonisationReport {
    HarmonisationReport { level: None, activities, not_compared: Vec::new(), groups: Vec::new() }
}

#[test]
fn harmonise_hxl_writes_one_row_per_activity_by_id_with_codes_in_their_level_column() {
    let unknown = ActivityRow {
        basis: None,
        standard: None,
        normalised: None,
        recommended: None,
        deviation_pct: None,
        flag: Flag::NoStandard,
        meb_coverage_pct: None,
        targeting: None,
        conditionality: None,
        ..row("a-3", "XX99", None)
    };
    let wage = ActivityRow {
        flag: Flag::Ok,
        extra_flags: vec![ExtraFlag::AboveMarket],
        deviation_pct: SignedPercent::from_f64(4.0),
        ..row("a-1", "C1426", Some(4))
    };
    let hxl = harmonise_hxl(&report(vec![unknown, row("a-2", "SY0203", Some(2)), wage]));
    let lines: Vec<&str> = hxl.lines().collect();
    assert_eq!(
        lines[1],
        "#meta+id,#org+prog,#adm1+code,#adm2+code,#adm4+code,#sector,#modality+conditionality,#value+transfer+normalised,\
#value+recommended,#currency,#indicator+deviation+pct,#indicator+flag,#indicator+meb+pct,#indicator+targeting+similarity"
    );
    assert_eq!(
        &lines[2..],
        [
            "a-1,NRC,,,C1426,MPC,unconditional,87.50,100.00,USD,4.0,ok; above_market,33.3,0.67",
            "a-2,NRC,,SY0203,,MPC,unconditional,87.50,100.00,USD,-12.5,below,33.3,0.67",
            "a-3,NRC,XX99,,,MPC,,,,,,no_standard,,",
        ]
    );
}

#[test]
fn an_empty_harmonisation_report_keeps_its_columns() {
    let hxl = harmonise_hxl(&report(Vec::new()));
    assert_eq!(hxl.lines().count(), 2);
    assert!(hxl.lines().nth(1).unwrap().starts_with("#meta+id,#org+prog,#adm1+code,#sector,"));
    assert_eq!(harmonise_text(&report(Vec::new())), "No cash or voucher activities to compare with a standard.\n");
}

#[test]
fn flag_codes_are_the_json_names() {
    let flags = [
        Flag::Ok,
        Flag::Above,
        Flag::Below,
        Flag::NoValue,
        Flag::NoFrequency,
        Flag::NoStandard,
        Flag::UnitMismatch,
        Flag::FrequencyMismatch,
        Flag::NoRate,
    ];
    for flag in flags {
        assert_eq!(serde_json::to_value(flag).unwrap(), flag_code(flag));
    }
}

#[test]
fn harmonise_text_shows_spread_and_what_was_not_compared() {
    let mut full = report(vec![row("a-1", "C1426", Some(4))]);
    full.level = Some(1);
    full.groups.push(GroupStats {
        area: "SY02".into(),
        area_name: "Aleppo".into(),
        level: 1,
        sector: "MPC".into(),
        basis: usd_month(),
        partners: 2,
        activities: 3,
        min: Amount::from_units(80),
        median: Amount::parse("95.5").unwrap(),
        max: Amount::from_units(1200),
        variation: Ratio::of(1, 4),
        within_tolerance_pct: Percent::of(2, 3),
    });
    full.not_compared.push(NotCompared {
        id: "a-9".into(),
        reporting_org: "SARC".into(),
        area: "SY02".into(),
        sector: "WSH".into(),
        reason: NotComparedReason::InKind,
    });
    let text = harmonise_text(&full);
    let words = |prefix: &str| -> Vec<String> {
        let line =
            text.lines().find(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("no `{prefix}` line in\n{text}"));
        line.split_whitespace().map(String::from).collect()
    };
    assert_eq!(
        words("a-1"),
        [
            "a-1",
            "NRC",
            "C1426",
            "MPC",
            "cash",
            "87.50",
            "100.00",
            "USD/household/month",
            "-12.5%",
            "below",
            "33.3%",
            "0.67"
        ]
    );
    assert!(text.contains("Spread of values per area (admin level 1) and sector:"), "{text}");
    assert_eq!(
        words("SY02 Aleppo"),
        ["SY02", "Aleppo", "MPC", "USD/household/month", "2", "3", "80.00", "95.50", "1200.00", "0.25", "66.7%"]
    );
    assert_eq!(words("a-9"), ["a-9", "SARC", "SY02", "WSH", "in-kind:", "no", "transfer", "value"]);
}

fn side(id: &str, org: &str, targeted: Option<u64>) -> OverlapSide {
    OverlapSide {
        id: id.into(),
        reporting_org: org.into(),
        modality: Some(Modality::Cash),
        start: crate::model::IsoDate::parse("2024-01-01"),
        end: None,
        targeted,
    }
}

#[test]
fn overlaps_place_areas_by_the_plan_and_leave_unknown_figures_empty() {
    let stamp = Stamp { at: "2024-01-01T00:00:00Z".into(), by: "test".into() };
    let mut plan = Plan::new("p", "P", "SYR", "USD", &stamp);
    let area = Area {
        names: Default::default(),
        code: "SY0203".into(),
        name: "A'zaz".into(),
        level: 2,
        parent: None,
        population: None,
        household_size: None,
    };
    plan.areas.upsert("SY0203", area, &stamp);
    let overlap = |area: &str, need: Option<u64>| Overlap {
        area: area.into(),
        sector: "MPC".into(),
        first: side("a-1", "IRC", Some(1_000)),
        second: side("a-2", "NRC", Some(2_000)),
        from: crate::model::IsoDate::parse("2024-01-01"),
        to: None,
        combined_targeted: Some(3_000),
        people_in_need: need,
        combined_pct_of_need: need.and_then(|n| Percent::of(3_000, n)),
    };
    let found = [overlap("sy0203", Some(9_000)), overlap("XX1", None)];
    let hxl = overlaps_hxl(&found, &plan);
    let lines: Vec<&str> = hxl.lines().collect();
    assert!(lines[1].starts_with("#adm1+code,#adm2+code,#sector,#meta+id+first,"), "{hxl}");
    assert!(lines[1].ends_with(",#targeted+combined,#inneed,#indicator+inneed+pct"), "{hxl}");
    assert_eq!(
        lines[2],
        ",sy0203,MPC,a-1,IRC,cash,2024-01-01,,1000,a-2,NRC,cash,2024-01-01,,2000,2024-01-01,,3000,9000,33.3"
    );
    assert_eq!(lines[3], "XX1,,MPC,a-1,IRC,cash,2024-01-01,,1000,a-2,NRC,cash,2024-01-01,,2000,2024-01-01,,3000,,");

    let text = overlaps_text(&found[..1]);
    assert!(text.starts_with("1 pair of activities"), "{text}");
    let data: Vec<&str> = text.lines().nth(3).unwrap().split_whitespace().collect();
    assert_eq!(
        data,
        [
            "sy0203",
            "MPC",
            "a-1",
            "IRC",
            "2024-01-01..open",
            "a-2",
            "NRC",
            "2024-01-01..open",
            "3,000",
            "9,000",
            "33.3%"
        ]
    );
}

#[test]
fn overlap_groups_list_organisations_in_words_and_count_pairs() {
    let stamp = Stamp { at: "2024-01-01T00:00:00Z".into(), by: "test".into() };
    let plan = Plan::new("p", "P", "SYR", "USD", &stamp);
    let group = OverlapGroup {
        area: "SY0203".into(),
        sector: "MPC".into(),
        organisations: vec!["IRC".into(), "NRC".into(), "WFP".into()],
        activities: vec!["a-1".into(), "a-2".into(), "a-3".into()],
        pairs: 3,
        from: crate::model::IsoDate::parse("2024-02-01"),
        to: None,
        combined_targeted: Some(12_000),
        people_in_need: Some(10_000),
        combined_pct_of_need: Percent::of(12_000, 10_000),
    };
    let hxl = overlap_groups_hxl(std::slice::from_ref(&group), &plan);
    let lines: Vec<&str> = hxl.lines().collect();
    assert_eq!(lines[1], "#adm1+code,#sector,#org+prog+list,#activity+num,#indicator+pairs+num,#date+start+overlap,#date+end+overlap,#targeted+combined,#inneed,#indicator+inneed+pct");
    assert_eq!(lines[2], "SY0203,MPC,\"IRC, NRC and WFP\",3,3,2024-02-01,,12000,10000,120.0");
    let text = overlap_groups_text(&[group]);
    assert!(text.starts_with("1 area and sector where different organisations work at the same time:"), "{text}");
    assert!(
        text.contains("IRC, NRC and WFP") && text.contains("2024-02-01..open") && text.contains("120.0%"),
        "{text}"
    );
    assert_eq!(organisation_list(&["IRC".into(), "NRC".into()]), "IRC and NRC");
    assert!(overlap_groups_text(&[]).starts_with("No overlaps"));
}
