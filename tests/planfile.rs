//! The plan file: every plan written can be read back unchanged, every released file version
//! still loads (frozen fixtures in tests/fixtures/planfile/), and damaged or too-new files are
//! refused with their own error.

use cashplan::formats::planfile::{read_plan_file, write_plan_file, PlanFileError, CURRENT_VERSION};
use cashplan::model::*;
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::fmt::Debug;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/planfile")
}

fn read_fixture(name: &str) -> Result<Plan, PlanFileError> {
    let text = std::fs::read_to_string(fixtures().join(name)).expect("fixture exists");
    read_plan_file(name, &text)
}

// ---------------------------------------------------------------- generated plans

fn vocab<V: Vocabulary + Debug>() -> impl Strategy<Value = V> {
    prop::sample::select(V::VALUES.iter().map(|(v, _, _)| *v).collect::<Vec<_>>())
}

/// Names as users type them: any script, spaces, quotes, emoji.
fn name() -> impl Strategy<Value = String> {
    "\\PC{0,24}"
}

fn code() -> impl Strategy<Value = String> {
    "[A-Z]{2}[0-9]{0,6}"
}

/// Any amount, including the extremes that saturating totals reach.
fn amount() -> impl Strategy<Value = Amount> {
    let raw = prop_oneof![8 => any::<i64>(), 1 => Just(i64::MIN), 1 => Just(i64::MAX), 1 => -99_999i64..99_999];
    raw.prop_map(Amount::from_ten_thousandths)
}

fn date() -> impl Strategy<Value = IsoDate> {
    let first = IsoDate::new(1, 1, 1).unwrap().days_since_epoch();
    let last = IsoDate::new(9999, 12, 31).unwrap().days_since_epoch();
    (first..=last).prop_map(|d| IsoDate::from_days_since_epoch(d).unwrap())
}

/// Finite numbers only: JSON has no NaN or infinity.
fn real() -> impl Strategy<Value = f64> {
    prop::num::f64::POSITIVE | prop::num::f64::NEGATIVE | prop::num::f64::NORMAL | prop::num::f64::ZERO
}

fn area() -> impl Strategy<Value = Area> {
    let names =
        prop::collection::btree_map(prop::sample::select(vec!["ar".to_string(), "fr".to_string()]), name(), 0..3);
    (code(), name(), 1..=4u8, prop::option::of(code()), prop::option::of(any::<u64>()), prop::option::of(real()), names)
        .prop_map(|(code, name, level, parent, population, household_size, names)| Area {
            code,
            name,
            level,
            parent,
            population,
            household_size,
            names,
        })
}

fn sector() -> impl Strategy<Value = Sector> {
    (code(), name(), prop::option::of(name())).prop_map(|(code, name, lead)| Sector {
        code,
        name,
        lead,
        measured_against: None,
        caseload: false,
    })
}

fn organisation() -> impl Strategy<Value = Organisation> {
    (name(), prop::option::of(name()), prop::option::of(vocab::<OrgType>()))
        .prop_map(|(name, acronym, kind)| Organisation { name, acronym, kind })
}

fn need() -> impl Strategy<Value = Need> {
    (code(), code(), any::<u64>(), prop::option::of(any::<u64>()), prop::option::of(1..=5u8)).prop_map(
        |(area, sector, people_in_need, households_in_need, severity)| Need {
            area,
            sector,
            people_in_need,
            households_in_need,
            severity,
        },
    )
}

fn sex_age() -> impl Strategy<Value = SexAge> {
    prop::array::uniform6(prop::option::of(any::<u64>())).prop_map(|[women, men, girls, boys, ew, em]| SexAge {
        women,
        men,
        girls,
        boys,
        elderly_women: ew,
        elderly_men: em,
    })
}

fn transfer() -> impl Strategy<Value = Transfer> {
    (amount(), vocab::<ValueUnit>(), "[A-Z]{3}").prop_map(|(value, unit, currency)| Transfer { value, unit, currency })
}

fn criteria() -> impl Strategy<Value = BTreeSet<String>> {
    prop::collection::btree_set(name(), 0..3)
}

fn activity() -> impl Strategy<Value = Activity> {
    let who = (name(), prop::option::of(name()), prop::option::of(name()), code(), code(), name());
    let how = (
        prop::option::of(vocab::<Modality>()),
        prop::option::of(vocab::<Conditionality>()),
        prop::option::of(vocab::<Restriction>()),
        prop::option::of(name()),
        prop::option::of(transfer()),
        prop::option::of(vocab::<Frequency>()),
        prop::option::of(any::<u32>()),
    );
    let people = prop::array::uniform4(prop::option::of(any::<u64>()));
    let breakdown = (prop::option::of(sex_age()), prop::option::of(sex_age()), prop::option::of(real()));
    let when = (
        prop::option::of(date()),
        prop::option::of(date()),
        vocab::<Status>(),
        criteria(),
        vocab::<SocialProtectionLink>(),
    );
    let site = (
        prop::option::of(name()),
        prop::option::of(code()),
        prop::option::of(date().prop_map(|d| d.month_of())),
        prop::option::of((-90.0f64..=90.0, -180.0f64..=180.0)),
    );
    (who, how, people, breakdown, when, site).prop_map(
        |(
            (reporting_org, implementing_partner, donor, sector, area, description),
            (modality, conditionality, restriction, delivery_mechanism, transfer, frequency, payments),
            [targeted, targeted_households, reached, reached_households],
            (targeted_by_sex_age, reached_by_sex_age, household_size),
            (start, end, status, targeting_criteria, social_protection_link),
            (site, site_code, month, coordinates),
        )| Activity {
            reporting_org,
            implementing_partner,
            donor,
            sector,
            area,
            description,
            modality,
            conditionality,
            restriction,
            delivery_mechanism,
            targeted,
            targeted_households,
            reached,
            reached_households,
            targeted_by_sex_age,
            reached_by_sex_age,
            household_size,
            transfer,
            frequency,
            payments,
            start,
            end,
            status,
            targeting_criteria,
            social_protection_link,
            site,
            site_code,
            month,
            latitude: coordinates.map(|c| c.0),
            longitude: coordinates.map(|c| c.1),
        },
    )
}

fn standard() -> impl Strategy<Value = Standard> {
    let what = (code(), any::<bool>(), prop::option::of(code()), amount(), vocab::<ValueUnit>(), "[A-Z]{3}");
    let terms = (
        vocab::<Frequency>(),
        amount(),
        prop::option::of(date()),
        prop::option::of(date()),
        criteria(),
        prop::option::of(amount()),
    );
    (what, terms).prop_map(
        |(
            (sector, cash_for_work, area, value, unit, currency),
            (frequency, tolerance_pct, valid_from, valid_to, criteria, market_wage),
        )| {
            Standard {
                sector,
                cash_for_work,
                area,
                value,
                unit,
                currency,
                frequency,
                tolerance_pct,
                valid_from,
                valid_to,
                criteria,
                market_wage,
            }
        },
    )
}

fn meb() -> impl Strategy<Value = Meb> {
    (prop::option::of(code()), amount(), vocab::<ValueUnit>(), "[A-Z]{3}", prop::option::of(date()))
        .prop_map(|(area, value, unit, currency, start)| Meb { area, value, unit, currency, start })
}

fn exchange_rate() -> impl Strategy<Value = ExchangeRate> {
    ("[A-Z]{3}", "[A-Z]{3}", real(), date()).prop_map(|(from, to, rate, date)| ExchangeRate { from, to, rate, date })
}

fn records<T: Debug>(strategy: impl Strategy<Value = T>) -> impl Strategy<Value = Vec<T>> {
    prop::collection::vec(strategy, 0..4)
}

/// Upserts each value under `id-<n>`, then edits the first one differently in a second copy
/// and deletes the second one, so files also carry conflicts and tombstones.
fn fill<T: serde::Serialize + Clone + PartialEq>(table: &mut Table<T>, values: Vec<T>, by: &str) {
    let stamp = Stamp { at: "2026-04-01T08:00:00Z".into(), by: by.into() };
    for (n, value) in values.iter().enumerate() {
        table.upsert(&format!("id-{n}"), value.clone(), &stamp);
    }
    if let [first, second, ..] = values.as_slice() {
        let mut other = table.clone();
        other.upsert("id-0", second.clone(), &Stamp { at: "2026-04-02T08:00:00Z".into(), by: "ünïcödé".into() });
        table.upsert("id-0", first.clone(), &stamp);
        *table = table.merged(&other);
        table.delete("id-1", &stamp);
    }
}

prop_compose! {
    fn plan()(
        header in (name(), "[A-Z]{3}", "[A-Z]{3}", real()),
        places in (records(area()), records(sector()), records(organisation()), records(need())),
        work in (records(activity()), records(standard()), records(meb()), records(exchange_rate())),
    ) -> Plan {
        let stamp = Stamp { at: "2026-04-01T07:00:00Z".into(), by: "CWG".into() };
        let mut plan = Plan::new("p-prop", &header.0, &header.1, &header.2, &stamp);
        plan.default_household_size = header.3;
        fill(&mut plan.areas, places.0, "a");
        fill(&mut plan.sectors, places.1, "s");
        fill(&mut plan.organisations, places.2, "o");
        fill(&mut plan.needs, places.3, "n");
        fill(&mut plan.activities, work.0, "5w");
        fill(&mut plan.standards, work.1, "st");
        fill(&mut plan.mebs, work.2, "m");
        fill(&mut plan.exchange_rates, work.3, "r");
        plan
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn written_plans_read_back_unchanged(plan in plan(), exported_at in name()) {
        let text = write_plan_file(&plan, "cashplan test", &exported_at).unwrap();
        prop_assert_eq!(read_plan_file("generated.cashplan.json", &text), Ok(plan));
    }
}

// ---------------------------------------------------------------- released versions

/// Every released file version keeps loading: one frozen fixture per version.
#[test]
fn every_released_version_loads() {
    let mut versions = Vec::new();
    for entry in std::fs::read_dir(fixtures()).expect("fixture folder") {
        let name = entry.expect("readable folder").file_name().to_string_lossy().into_owned();
        let Some(version) = name.strip_prefix('v').and_then(|n| n.strip_suffix(".cashplan.json")) else { continue };
        let plan = read_fixture(&name).unwrap_or_else(|e| panic!("released file {name} no longer loads: {e}"));
        assert!(plan.areas.len_live() > 0 && plan.activities.len_live() > 0, "{name} loaded empty");
        versions.push(version.parse::<u64>().expect("fixture named v<number>.cashplan.json"));
    }
    versions.sort_unstable();
    assert_eq!(versions, (1..=CURRENT_VERSION).collect::<Vec<_>>(), "one fixture per released version");
}

#[test]
fn version_1_content_is_read_as_written() {
    let plan = read_fixture("v1.cashplan.json").unwrap();
    assert_eq!(
        (plan.name.as_str(), plan.country.as_str(), plan.currency.as_str()),
        ("NW Syria cash response", "SYR", "USD")
    );
    let community = plan.areas.get("C1007").unwrap();
    assert_eq!(community.data.parent.as_deref(), Some("SY020000"));
    let mpc = plan.activities.get("a-mpc-aleppo").unwrap();
    let transfer = mpc.data.transfer.as_ref().unwrap();
    assert_eq!((transfer.value.to_string().as_str(), transfer.currency.as_str()), ("100", "USD"));
    assert_eq!(plan.activities.entry("a-cancelled").map(|e| e.current.deleted), Some(true));
    assert_eq!(plan.needs.entry(&Need::id_for("SY0200", "FSC")).map(|e| e.conflicts.len()), Some(1));
    assert_eq!(plan.exchange_rates.get("USD-SYP-2026-03").unwrap().data.rate, 13_000.0);
}

#[test]
fn a_file_from_a_newer_cashplan_is_refused_clearly() {
    let err = read_fixture("too-new.cashplan.json").unwrap_err();
    assert_eq!(
        err,
        PlanFileError::TooNew { file: "too-new.cashplan.json".into(), version: 999, supported: CURRENT_VERSION }
    );
    let message = err.to_string();
    assert!(message.starts_with("too-new.cashplan.json: made by a newer cashplan (file version 999"), "{message}");
    assert!(message.contains("Reload the app"), "{message}");
}

#[test]
fn a_truncated_file_is_reported_as_cut_off() {
    let err = read_fixture("truncated.cashplan.json").unwrap_err();
    assert!(matches!(err, PlanFileError::BadJson { line: 1, .. }), "{err:?}");
    assert!(err.to_string().contains("truncated.cashplan.json: not readable as JSON"), "{err}");
    assert!(err.to_string().contains("cut off"), "{err}");
}

#[test]
fn a_hand_edited_file_fails_its_checksum() {
    let err = read_fixture("tampered.cashplan.json").unwrap_err();
    assert_eq!(err, PlanFileError::ChecksumMismatch { file: "tampered.cashplan.json".into() });
    assert!(err.to_string().contains("Ask the sender for a fresh export"));
}

// ---------------------------------------------------------------- making fixtures

/// Run once per released version (`cargo test --test planfile -- --ignored`): writes
/// `v<CURRENT_VERSION>.cashplan.json` and the damaged variants. Never overwrites a
/// released fixture: those must stay exactly as users' files were.
#[test]
#[ignore = "writes fixtures; run by hand when a file version is released"]
fn write_fixtures_for_the_current_version() {
    let path = fixtures().join(format!("v{CURRENT_VERSION}.cashplan.json"));
    if !path.exists() {
        std::fs::create_dir_all(fixtures()).unwrap();
        std::fs::write(&path, write_plan_file(&fixture_plan(), "cashplan 0.1.0", "2026-04-01T12:00:00Z").unwrap())
            .unwrap();
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let too_new = text.replacen(&format!("\"version\":{CURRENT_VERSION}}}"), "\"version\":999}", 1);
    assert_ne!(too_new, text);
    let cut = text.char_indices().map(|(i, _)| i).take_while(|&i| i < text.len() * 2 / 3).last().unwrap_or(0);
    let tampered = text.replacen("\"people_in_need\":95000", "\"people_in_need\":9500", 1);
    assert_ne!(tampered, text);
    for (name, content) in [("too-new", too_new.as_str()), ("truncated", &text[..cut]), ("tampered", tampered.as_str())]
    {
        std::fs::write(fixtures().join(format!("{name}.cashplan.json")), content).unwrap();
    }
}

/// A small, realistic plan using every record kind and the optional fields users fill in.
fn fixture_plan() -> Plan {
    let cwg = Stamp { at: "2026-03-01T09:00:00Z".into(), by: "CWG coordinator".into() };
    let partner = Stamp { at: "2026-03-05T14:30:00Z".into(), by: "IMO WFP".into() };
    let mut plan = Plan::new("p-fixture-v1", "NW Syria cash response", "SYR", "USD", &cwg);
    plan.default_household_size = 5.2;
    let area =
        |code: &str, name: &str, level: u8, parent: Option<&str>, population: Option<u64>, hh: Option<f64>| Area {
            names: Default::default(),
            code: code.into(),
            name: name.into(),
            level,
            parent: parent.map(Into::into),
            population,
            household_size: hh,
        };
    // Communities (C…) are not prefix-nested under their sub-district: the parent is explicit.
    for a in [
        area("SY02", "Aleppo", 1, None, Some(4_200_000), Some(5.4)),
        area("SY0200", "Jebel Saman", 2, Some("SY02"), Some(2_100_000), None),
        area("SY020000", "Jebel Saman", 3, Some("SY0200"), None, None),
        area("C1007", "Aleppo city — حلب", 4, Some("SY020000"), Some(1_850_000), Some(4.8)),
        area("SY07", "Idleb", 1, None, Some(2_900_000), Some(6.1)),
        area("SY0703", "Harim", 2, Some("SY07"), Some(1_100_000), None),
        area("C4123", "Sarmada", 4, Some("SY0703"), Some(180_000), None),
    ] {
        plan.areas.upsert(&a.code.clone(), a, &cwg);
    }
    let fsc = Sector {
        code: "FSC".into(),
        name: "Food Security and Livelihoods".into(),
        lead: Some("WFP / FAO".into()),
        measured_against: None,
        caseload: false,
    };
    plan.sectors.upsert("FSC", fsc, &cwg);
    let org = |name: &str, acronym: Option<&str>, kind: OrgType| Organisation {
        name: name.into(),
        acronym: acronym.map(Into::into),
        kind: Some(kind),
    };
    for (id, o) in [
        ("o-wfp", org("World Food Programme", Some("WFP"), OrgType::Un)),
        ("o-mercy", org("Mercy Corps", None, OrgType::Ingo)),
        ("o-violet", org("Violet Organization", Some("Violet"), OrgType::Nngo)),
        ("o-sarc", org("الهلال الأحمر العربي السوري", Some("SARC"), OrgType::Rcrc)),
    ] {
        plan.organisations.upsert(id, o, &cwg);
    }
    for (area, sector, pin, hh, severity) in [
        ("SY0200", "FSC", 120_000, Some(23_000), Some(4)),
        ("SY0200", "MPC", 95_000, None, Some(3)),
        ("C1007", "SHL", 40_000, Some(8_300), Some(5)),
        ("SY0703", "FSC", 210_000, None, None),
    ] {
        let need =
            Need { area: area.into(), sector: sector.into(), people_in_need: pin, households_in_need: hh, severity };
        plan.needs.upsert(&Need::id_for(area, sector), need, &cwg);
    }
    let usd =
        |value: &str, unit: ValueUnit| Transfer { value: Amount::parse(value).unwrap(), unit, currency: "USD".into() };
    let date = |text: &str| IsoDate::parse(text);
    let mpc = Activity {
        reporting_org: "WFP".into(),
        implementing_partner: Some("Violet".into()),
        donor: Some("ECHO".into()),
        sector: "MPC".into(),
        area: "SY0200".into(),
        description: "Monthly multipurpose cash, 3 rounds".into(),
        modality: Some(Modality::Cash),
        conditionality: Some(Conditionality::Unconditional),
        restriction: Some(Restriction::Unrestricted),
        delivery_mechanism: Some("Hawala".into()),
        targeted: Some(12_000),
        targeted_households: Some(2_300),
        reached: Some(9_800),
        targeted_by_sex_age: Some(SexAge {
            women: Some(3_500),
            men: Some(3_100),
            girls: Some(2_800),
            boys: Some(2_600),
            ..SexAge::default()
        }),
        transfer: Some(usd("100", ValueUnit::Household)),
        frequency: Some(Frequency::Monthly),
        payments: Some(3),
        start: date("2026-01-15"),
        end: date("2026-04-15"),
        status: Status::Ongoing,
        targeting_criteria: ["female-headed households", "IDPs in camps"].map(String::from).into(),
        social_protection_link: SocialProtectionLink::Alignment,
        ..Activity::default()
    };
    let voucher = Activity {
        reporting_org: "Mercy Corps".into(),
        sector: "FSC".into(),
        area: "C1007".into(),
        modality: Some(Modality::Voucher),
        restriction: Some(Restriction::Restricted),
        targeted: Some(5_000),
        household_size: Some(4.8),
        transfer: Some(usd("12.5", ValueUnit::Person)),
        frequency: Some(Frequency::Fortnightly),
        start: date("2026-02-01"),
        status: Status::Planned,
        ..Activity::default()
    };
    let cash_for_work = Activity {
        reporting_org: "SARC".into(),
        sector: "ERL".into(),
        area: "C4123".into(),
        modality: Some(Modality::Cash),
        conditionality: Some(Conditionality::CashForWork),
        targeted: Some(600),
        reached: Some(600),
        transfer: Some(Transfer {
            value: Amount::parse("95000").unwrap(),
            unit: ValueUnit::Day,
            currency: "SYP".into(),
        }),
        payments: Some(20),
        status: Status::Completed,
        ..Activity::default()
    };
    let in_kind = Activity {
        reporting_org: "WFP".into(),
        sector: "FSC".into(),
        area: "SY0703".into(),
        modality: Some(Modality::InKind),
        targeted: Some(40_000),
        ..Activity::default()
    };
    for (id, a) in [
        ("a-mpc-aleppo", mpc),
        ("a-voucher", voucher),
        ("a-cfw-sarmada", cash_for_work),
        ("a-food-harim", in_kind.clone()),
        ("a-cancelled", in_kind),
    ] {
        plan.activities.upsert(id, a, &cwg);
    }
    plan.activities.delete("a-cancelled", &partner);
    let standard = Standard {
        sector: "MPC".into(),
        cash_for_work: false,
        area: None,
        value: Amount::parse("100").unwrap(),
        unit: ValueUnit::Household,
        currency: "USD".into(),
        frequency: Frequency::Monthly,
        tolerance_pct: Amount::parse("10").unwrap(),
        valid_from: date("2026-01-01"),
        valid_to: date("2026-12-31"),
        criteria: BTreeSet::new(),
        market_wage: None,
    };
    let wage = Standard {
        sector: "ERL".into(),
        cash_for_work: true,
        area: Some("SY07".into()),
        value: Amount::parse("90000").unwrap(),
        unit: ValueUnit::Day,
        currency: "SYP".into(),
        frequency: Frequency::OneOff,
        tolerance_pct: Amount::parse("15").unwrap(),
        valid_from: None,
        valid_to: None,
        criteria: ["unskilled labour".to_string()].into(),
        market_wage: Some(Amount::parse("100000").unwrap()),
    };
    plan.standards.upsert("st-mpc", standard, &cwg);
    plan.standards.upsert("st-cfw-idleb", wage, &cwg);
    let meb = |area: Option<&str>, value: &str, start: &str| Meb {
        area: area.map(Into::into),
        value: Amount::parse(value).unwrap(),
        unit: ValueUnit::Household,
        currency: "USD".into(),
        start: date(start),
    };
    plan.mebs.upsert("meb-national", meb(None, "145.30", "2026-01-01"), &cwg);
    plan.mebs.upsert("meb-idleb", meb(Some("SY07"), "152.75", "2026-02-01"), &cwg);
    let rate = |from: &str, to: &str, rate: f64, on: &str| ExchangeRate {
        from: from.into(),
        to: to.into(),
        rate,
        date: date(on).unwrap(),
    };
    plan.exchange_rates.upsert("USD-SYP-2026-03", rate("USD", "SYP", 13_000.0, "2026-03-01"), &cwg);
    plan.exchange_rates.upsert("USD-TRY-2026-03", rate("USD", "TRY", 32.45, "2026-03-01"), &cwg);
    // Two partners revised the same figure offline: the file keeps the unresolved conflict.
    let mut other = plan.clone();
    let pin = |people_in_need| Need {
        area: "SY0200".into(),
        sector: "FSC".into(),
        people_in_need,
        households_in_need: Some(23_000),
        severity: Some(4),
    };
    other.needs.upsert(&Need::id_for("SY0200", "FSC"), pin(131_500), &partner);
    plan.needs.upsert(&Need::id_for("SY0200", "FSC"), pin(118_000), &cwg);
    plan.merged(&other)
}
