//! HXL import and export: the fixtures in tests/fixtures/hxl read into a plan, every error a
//! user can meet, all-or-nothing imports, re-imports and round trips.

use cashplan::formats::hxl::{
    read_hxl, write_table, HxlError, ImportBatch, ImportErrors, Preview, Records, TableKind, ERROR_CAP,
};
use cashplan::model::{
    Activity, Amount, Conditionality, Frequency, IsoDate, Modality, Plan, Restriction, SexAge, SocialProtectionLink,
    Stamp, Status, Transfer, ValueUnit,
};
use proptest::prelude::*;
use std::collections::BTreeSet;

fn stamp() -> Stamp {
    Stamp { at: "2024-05-01T00:00:00Z".into(), by: "test".into() }
}

fn fixture(kind: TableKind) -> String {
    let path = format!("{}/tests/fixtures/hxl/{}", env!("CARGO_MANIFEST_DIR"), kind.file_name());
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read(name: &str, text: &str, plan: &Plan) -> Result<ImportBatch, ImportErrors> {
    read_hxl(name, text, None, plan)
}

fn import(plan: &mut Plan, kind: TableKind) -> Preview {
    let batch = read(&kind.file_name(), &fixture(kind), plan).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(batch.kind(), kind, "recognised from its hashtags");
    let preview = batch.preview;
    batch.apply(plan, &stamp());
    preview
}

fn plan_with_areas() -> Plan {
    let mut plan = Plan::new("p1", "NW Syria", "SYR", "USD", &stamp());
    import(&mut plan, TableKind::Areas);
    plan
}

fn full_plan() -> Plan {
    let mut plan = plan_with_areas();
    for kind in &TableKind::ALL[1..] {
        import(&mut plan, *kind);
    }
    plan
}

fn errors_of(name: &str, text: &str, plan: &Plan) -> Vec<HxlError> {
    match read(name, text, plan) {
        Ok(batch) => panic!("expected errors, got {:?}", batch.preview),
        Err(ImportErrors(errors)) => errors,
    }
}

fn only_error(name: &str, text: &str, plan: &Plan) -> HxlError {
    let errors = errors_of(name, text, plan);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.into_iter().next().unwrap()
}

fn date(text: &str) -> IsoDate {
    IsoDate::parse(text).unwrap()
}

fn activity_by_description<'p>(plan: &'p Plan, description: &str) -> &'p Activity {
    plan.activities.live().map(|r| &r.data).find(|a| a.description == description).unwrap()
}

#[test]
fn areas_fixture_builds_the_hierarchy_with_non_prefix_codes() {
    let plan = plan_with_areas();
    assert_eq!(plan.areas.len_live(), 12);
    let community = &plan.areas.get("C1426").unwrap().data;
    assert_eq!((community.level, community.parent.as_deref()), (4, Some("SY020302")));
    assert_eq!((community.population, community.household_size), (Some(45_000), Some(6.1)));
    let sub_district = &plan.areas.get("SY020302").unwrap().data;
    assert_eq!((sub_district.name.as_str(), sub_district.parent.as_deref()), ("Mare'", Some("SY0203")));
    let governorate = &plan.areas.get("SY02").unwrap().data;
    assert_eq!((governorate.level, governorate.parent.as_deref(), governorate.population), (1, None, Some(4_200_000)));
    assert_eq!(plan.areas.get("C1431").unwrap().data.household_size, None);
}

#[test]
fn each_fixture_imports_into_its_table() {
    let mut plan = plan_with_areas();
    let counts: Vec<(TableKind, usize)> =
        TableKind::ALL[1..].iter().map(|k| (*k, import(&mut plan, *k).adds)).collect();
    use TableKind::*;
    assert_eq!(counts, vec![(Needs, 7), (Activities, 6), (Standards, 4), (Mebs, 3), (ExchangeRates, 4)]);

    let need = &plan.needs.get("SY020302|FSC").expect("sector given by name").data;
    assert_eq!((need.people_in_need, need.households_in_need, need.severity), (95_000, None, Some(4)));
    assert_eq!(plan.needs.get("C1426|MPC").unwrap().data.households_in_need, Some(4_900));

    let cfw = &plan.standards.get("ERL|cfw|*|2024-01-01").unwrap().data;
    assert!(cfw.cash_for_work);
    assert_eq!((cfw.unit, cfw.frequency, cfw.market_wage), (ValueUnit::Day, Frequency::Monthly, Amount::parse("8")));
    assert_eq!(cfw.tolerance_pct, Amount::from_units(10));
    let fsc = &plan.standards.get("FSC|transfer|SY07|2024-01-01").unwrap().data;
    assert_eq!((fsc.tolerance_pct, fsc.valid_to), (Amount::from_units(15), Some(date("2024-12-31"))));
    let mpc = &plan.standards.get("MPC|transfer|*|2024-01-01").unwrap().data;
    assert_eq!(mpc.criteria.len(), 2);

    let meb = &plan.mebs.get("SY07|household|TRY|2024-01-01").unwrap().data;
    assert_eq!((meb.value, meb.area.as_deref()), (Amount::from_units(4100), Some("SY07")));
    assert!(plan.mebs.get("*|household|USD|2024-01-01").unwrap().data.area.is_none());

    let rate = &plan.exchange_rates.get("USD|TRY|2024-03-01").unwrap().data;
    assert_eq!(rate.rate, 32.5);
}

#[test]
fn activities_fixture_maps_spellings_dates_and_units() {
    let plan = full_plan();
    let vouchers = activity_by_description(&plan, "Monthly food vouchers");
    assert_eq!(vouchers.status, Status::Ongoing, "`Active`");
    assert_eq!((vouchers.start, vouchers.end), (Some(date("2024-01-01")), Some(date("2024-06-30"))), "YYYY-MM");
    assert_eq!(vouchers.area, "SY020300", "the deepest code of the row");
    assert_eq!(
        (vouchers.implementing_partner.as_deref(), vouchers.donor.as_deref()),
        (Some("Syria Relief"), Some("ECHO"))
    );
    assert_eq!(vouchers.restriction, Some(Restriction::Restricted));
    let criteria: Vec<&str> = vouchers.targeting_criteria.iter().map(String::as_str).collect();
    assert_eq!(criteria, vec!["Female-headed households", "Persons with disabilities"]);

    let winter = activity_by_description(&plan, "Winterisation cash");
    assert_eq!(
        (winter.frequency, winter.conditionality),
        (Some(Frequency::OneOff), Some(Conditionality::Unconditional))
    );
    assert_eq!((winter.sector.as_str(), winter.reached), ("SHL", Some(0)));

    let cfw = activity_by_description(&plan, "Cash for work - debris removal");
    assert_eq!(cfw.conditionality, Some(Conditionality::CashForWork));
    let wage = Transfer { value: Amount::from_units(10), unit: ValueUnit::Day, currency: "USD".into() };
    assert_eq!(cfw.transfer.as_ref(), Some(&wage));

    let irc = plan.activities.live().map(|r| &r.data).find(|a| a.reporting_org == "IRC").unwrap();
    assert_eq!(irc.transfer.as_ref().unwrap().currency, "USD", "`usd` upper-cased");
    let kits = activity_by_description(&plan, "Hygiene kits");
    assert_eq!((kits.modality, kits.transfer.as_ref(), kits.status), (Some(Modality::InKind), None, Status::Planned));
    assert!(plan.activities.live().all(|r| r.id.starts_with("a-") && r.id.len() == 18));
}

#[test]
fn reimporting_an_id_less_activities_file_updates_instead_of_duplicating() {
    let mut plan = full_plan();
    assert_eq!(
        import(&mut plan, TableKind::Activities),
        Preview { kind: TableKind::Activities, adds: 0, updates: 0, unchanged: 6 }
    );
    let edited = fixture(TableKind::Activities).replace(",60000,10000,42000,7000,", ",60000,10000,45000,7500,");
    let batch = read("activities.csv", &edited, &plan).unwrap();
    assert_eq!((batch.preview.adds, batch.preview.updates, batch.preview.unchanged), (0, 1, 5));
    batch.apply(&mut plan, &stamp());
    assert_eq!(plan.activities.len_live(), 6);
    assert_eq!(activity_by_description(&plan, "Monthly food vouchers").reached, Some(45_000));
}

#[test]
fn the_kind_can_be_forced_and_an_unknown_file_names_the_identifying_hashtags() {
    let plan = plan_with_areas();
    let batch = read_hxl("needs.csv", &fixture(TableKind::Needs), Some(TableKind::Needs), &plan).unwrap();
    assert!(matches!(batch.records, Records::Needs(ref n) if n.len() == 7));
    assert_eq!("meb".parse::<TableKind>(), Ok(TableKind::Mebs));
    assert_eq!("Rates".parse::<TableKind>(), Ok(TableKind::ExchangeRates));
    assert!("people".parse::<TableKind>().unwrap_err().to_string().contains("areas, needs, activities"));

    let error = only_error("mystery.csv", "#sector,#population\nFSC,10\n", &plan);
    assert_eq!(error, HxlError::Unrecognised { file: "mystery.csv".into(), found: "#population, #sector".into() });
    let message = error.to_string();
    for hint in ["mystery.csv", "#inneed", "#adm1+code", "#value+recommended", "#value+meb", "#value+fx", "#org"] {
        assert!(message.contains(hint), "{message}");
    }
}

#[test]
fn hashtags_are_case_and_order_insensitive_and_funding_means_funder() {
    let plan = plan_with_areas();
    let text = "Title\n#ORG +Prog,#Org+Funding,#SECTOR,#ADM1+CODE,#adm3 +Code,#Targeted +HH,#Date +Start\nIRC,ECHO,mpc,sy02,sy020302,300,2024-02\n";
    let Records::Activities(rows) = read("5w.csv", text, &plan).unwrap().records else { panic!("activities") };
    let activity = &rows[0].1;
    assert_eq!((activity.reporting_org.as_str(), activity.donor.as_deref()), ("IRC", Some("ECHO")));
    assert_eq!(
        (activity.sector.as_str(), activity.area.as_str()),
        ("MPC", "SY020302"),
        "codes match the plan's spelling"
    );
    assert_eq!((activity.targeted_households, activity.start), (Some(300), Some(date("2024-02-01"))));
}

#[test]
fn a_bad_value_names_file_row_column_and_the_accepted_values() {
    let plan = plan_with_areas();
    let text = fixture(TableKind::Activities).replace(",Planned,,", ",maybe,,");
    let errors = errors_of("activities.csv", &text, &plan);
    assert_eq!(errors.len(), 2, "both Planned rows");
    assert_eq!(
        errors[0],
        HxlError::BadValue {
            file: "activities.csv".into(),
            row: 6,
            column: "column X \"Status\" (#status)".into(),
            value: "maybe".into(),
            expected: "a status — one of: planned, ongoing, completed, suspended, cancelled".into(),
        }
    );
    let message = errors[0].to_string();
    assert!(message.starts_with("activities.csv, row 6, column X \"Status\" (#status): `maybe`"), "{message}");
}

#[test]
fn counts_must_be_non_negative_whole_numbers() {
    let plan = plan_with_areas();
    // "1 000" is a thousand, grouped as in reports (one rule for counts everywhere);
    // "1 00" groups nothing and is refused.
    let text = "#adm1+code,#sector,#inneed,#inneed+hh\nSY02,FSC,-5,\nSY07,FSC,12.5,\nSY01,FSC,1 00,\nSY01,MPC,100,x\n";
    let errors = errors_of("needs.csv", text, &plan);
    let bad: Vec<(usize, &str)> = errors
        .iter()
        .map(|e| match e {
            HxlError::BadValue { row, value, .. } => (*row, value.as_str()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(bad, vec![(2, "-5"), (3, "12.5"), (4, "1 00"), (5, "x")]);
}

#[test]
fn unknown_p_codes_and_sectors_are_errors_naming_row_and_column() {
    let plan = plan_with_areas();
    let text = "Needs\nP-code,Sector,PIN\n#adm1+code,#sector,#inneed\nSY99,FSC,10\nSY02,Fishing,10\n";
    let errors = errors_of("needs.csv", text, &plan);
    assert_eq!(
        errors[0],
        HxlError::UnknownArea {
            file: "needs.csv".into(),
            row: 4,
            column: "column A \"P-code\" (#adm1+code)".into(),
            code: "SY99".into()
        }
    );
    let HxlError::UnknownSector { row: 5, value, known, .. } = &errors[1] else { panic!("{:?}", errors[1]) };
    assert_eq!(value, "Fishing");
    assert!(known.contains("FSC") && known.contains("WSH"), "{known}");
    assert_eq!(errors.len(), 2);
}

#[test]
fn missing_required_columns_are_all_reported() {
    let plan = plan_with_areas();
    let errors = errors_of("needs.csv", "#inneed,#severity\n10,3\n", &plan);
    let missing: Vec<&str> = errors
        .iter()
        .map(|e| match e {
            HxlError::MissingColumn { hashtag, kind: TableKind::Needs, .. } => hashtag.as_str(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(missing, vec!["#adm1+code (or a deeper #admN+code)", "#sector"]);
    let rates = errors_of("rates.csv", "#value+fx,#date\n1,2024-01-01\n", &plan);
    // Without #currency+from the rates are per US dollar (tests/hxl_rates.rs); the currency
    // converted to is required.
    assert_eq!(rates.len(), 1, "#currency+to");
    assert!(
        rates[0]
            .to_string()
            .starts_with("rates.csv: this rates table has no column tagged #currency+to (or #currency)"),
        "{}",
        rates[0]
    );
}

#[test]
fn required_cells_duplicates_and_area_conflicts_are_reported() {
    let plan = plan_with_areas();
    let errors = errors_of("needs.csv", "#adm1+code,#sector,#inneed\nSY02,FSC,\nSY07,FSC,5\nSY07,fsc,6\n", &plan);
    assert!(matches!(&errors[0], HxlError::MissingValue { row: 2, column, .. } if column.contains("#inneed")));
    // A need's id is made from its area and sector: the message names the rows, not the id.
    assert!(matches!(&errors[1], HxlError::Duplicate { row: 4, first_row: 3, id: None, .. }));
    assert!(
        errors[1].to_string().starts_with("needs.csv, row 4: the same record as row 3. A need is one figure"),
        "{}",
        errors[1]
    );
    // An activity's own id (#meta+id) is named.
    let twice = "#meta+id,#org+prog,#sector,#adm1+code\nr1,IRC,FSC,SY02\nr1,IRC,FSC,SY07\n";
    let named = errors_of("activities.csv", twice, &plan);
    assert!(
        named.iter().any(|e| e.to_string().starts_with("activities.csv, row 3: the same record as row 2 (id `r1`).")),
        "{named:?}"
    );

    let areas = "#adm1+code,#adm1+name,#adm2+code\nSY02,Aleppo,SY0203\nSY02,Halab,SY0200\n";
    let conflict = only_error("areas.csv", areas, &plan);
    assert!(
        matches!(&conflict, HxlError::AreaConflict { row: 3, first_row: 2, field, .. } if field == "name"),
        "{conflict:?}"
    );
}

#[test]
fn two_transfer_values_in_one_row_and_an_end_before_the_start_are_errors() {
    let plan = plan_with_areas();
    let text = "#org,#sector,#adm1+code,#value+transfer+hh,#value+transfer+ind,#currency,#date+start,#date+end\nIRC,MPC,SY02,100,20,USD,2024-05,2024-04\n";
    let errors = errors_of("5w.csv", text, &plan);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].to_string().contains("already has a value in column D"), "{}", errors[0]);
    // The rule every path applies (model::rules), told at the end date's cell.
    assert!(
        errors[1].to_string().contains("column H \"#date+end\"") || errors[1].to_string().contains("#date+end"),
        "{}",
        errors[1]
    );
    assert!(errors[1].to_string().contains("2024-04-30 is before start 2024-05-01"), "{}", errors[1]);
}

#[test]
fn all_problems_are_collected_up_to_the_cap() {
    let plan = plan_with_areas();
    let mut text = String::from("#adm1+code,#sector,#inneed\n");
    for _ in 0..250 {
        text.push_str("SY02,FSC,-1\n");
    }
    let errors = errors_of("big.csv", &text, &plan);
    assert_eq!(errors.len(), ERROR_CAP + 1);
    assert_eq!(errors.last(), Some(&HxlError::TooMany { file: "big.csv".into(), cap: ERROR_CAP }));
    let message = ImportErrors(errors).to_string();
    assert!(message.starts_with("Nothing was imported: 200 problems to fix."), "{}", &message[..80]);
}

#[test]
fn an_import_with_one_bad_row_changes_nothing() {
    let plan = full_plan();
    let before = plan.clone();
    let text = fixture(TableKind::Needs).replace("SY07,SY070304,C4164,WSH,90000", "SY07,SY070304,C9999,WSH,90000");
    assert!(read("needs.csv", &text, &plan).is_err());
    assert_eq!(plan, before, "reading never changes the plan");
    // Only a successful read yields a batch to apply, so there is nothing half-applied.
    let good = read("needs.csv", &fixture(TableKind::Needs), &plan).unwrap();
    assert_eq!(good.preview.unchanged, 7);
}

#[test]
fn an_empty_file_and_a_file_without_hashtags_say_what_to_do() {
    let plan = plan_with_areas();
    assert!(only_error("e.csv", "", &plan).to_string().contains("empty"));
    let error = only_error("plain.csv", "Governorate,PIN\nAleppo,10\n", &plan);
    assert!(matches!(error, HxlError::NoHashtagRow { searched: 25, .. }));
    assert!(error.to_string().contains("hxlstandard.org"));
}

#[test]
fn every_table_reads_back_what_it_writes() {
    let plan = full_plan();
    for kind in TableKind::ALL {
        let text = write_table(&plan, kind);
        let batch = read(&format!("export-{kind}.csv"), &text, &plan).unwrap_or_else(|e| panic!("{kind}: {e}\n{text}"));
        let preview = batch.preview;
        assert_eq!((preview.adds, preview.updates), (0, 0), "{kind}:\n{text}");
        assert!(preview.unchanged > 0, "{kind}");
    }
}

#[test]
fn exports_start_with_a_header_row_then_the_hashtag_row() {
    let plan = full_plan();
    let text = write_table(&plan, TableKind::Needs);
    let mut lines = text.lines();
    assert!(lines.next().unwrap().starts_with("Admin 1 P-code,Admin 1 name,"));
    assert!(lines.next().unwrap().starts_with("#adm1+code,#adm1+name,#adm2+code"));
    assert_eq!(lines.count(), 7);
    let areas = write_table(&plan, TableKind::Areas);
    let first_areas: Vec<String> =
        areas.lines().skip(2).take(3).map(|l| l.split(',').take(3).collect::<Vec<_>>().join(",")).collect();
    assert_eq!(
        first_areas,
        vec!["SY01,Damascus,", "SY01,Damascus,SY0100", "SY02,Aleppo,"],
        "governorate, then its districts"
    );
    assert!(areas.contains("SY02,Aleppo,SY0203,A'zaz,SY020302,Mare',C1426,Mare',45000,6.1"), "{areas}");
}

const SECTORS: &[&str] = &["FSC", "MPC", "SHL", "WSH", "ERL"];
const AREAS: &[&str] =
    &["SY01", "SY0100", "SY02", "SY0203", "SY020300", "SY020302", "C1426", "C1431", "SY07", "SY070304", "C4164"];

fn text_strategy() -> impl Strategy<Value = String> {
    // Starts a spreadsheet would take for a formula are included: exports defuse them.
    "('?[=+@-])?[A-Za-z\u{0621}-\u{064A}][A-Za-z0-9 ,\"'\u{0621}-\u{064A}-]{0,10}[A-Za-z]"
}

/// A targeting criterion: any text, semicolons and backslashes included (a criterion such as
/// "income < 50; no other aid" must come back as one).
fn criterion_strategy() -> impl Strategy<Value = String> {
    r"[A-Za-z\x{0621}-\x{064A}][A-Za-z0-9 ;\\,<\x{0621}-\x{064A}-]{0,10}[A-Za-z;\\]"
}

fn pick<T: Copy + std::fmt::Debug + 'static>(values: &'static [T]) -> impl Strategy<Value = T> {
    prop::sample::select(values)
}

fn activity_strategy() -> impl Strategy<Value = Activity> {
    let who = (
        text_strategy(),
        prop::option::of(text_strategy()),
        prop::option::of(text_strategy()),
        pick(SECTORS),
        pick(AREAS),
    );
    let what = (
        prop::option::of(text_strategy()),
        prop::option::of(pick(&[Modality::Cash, Modality::Voucher, Modality::InKind, Modality::Service])),
        prop::option::of(pick(&[
            Conditionality::Unconditional,
            Conditionality::Conditional,
            Conditionality::CashForWork,
        ])),
        prop::option::of(pick(&[Restriction::Restricted, Restriction::Unrestricted])),
        prop::option::of(text_strategy()),
    );
    let people = (
        // Within what the rules accept (`model::rules`): at most a billion people in one
        // record, household sizes from 1 to 30.
        prop::array::uniform4(prop::option::of(0..=1_000_000_000_u64)),
        prop::array::uniform6(prop::option::of(0..10_000u64)),
        prop::option::of(10_000..=300_000u32),
    );
    let transfer = prop::option::of((
        pick(&[ValueUnit::Household, ValueUnit::Person, ValueUnit::Day]),
        0..10_000_000_000i64,
        pick(&["USD", "SYP", "TRY"]),
    ));
    let when = (
        prop::option::of(0..20_000i64),
        prop::option::of(0..400i64),
        prop::option::of(pick(&[Frequency::OneOff, Frequency::Monthly, Frequency::Weekly])),
        prop::option::of(0..100u32),
    );
    let status = (
        pick(&[Status::Planned, Status::Ongoing, Status::Completed, Status::Suspended, Status::Cancelled]),
        prop::collection::btree_set(criterion_strategy(), 0..3),
        pick(&[
            SocialProtectionLink::None,
            SocialProtectionLink::VerticalExpansion,
            SocialProtectionLink::Piggybacking,
        ]),
    );
    let site = (
        prop::option::of(text_strategy()),
        prop::option::of(text_strategy()),
        prop::option::of(0..20_000i64),
        prop::option::of((-90.0f64..=90.0, -180.0f64..=180.0)),
    );
    (who, what, people, transfer, when, status, site).prop_map(|(who, what, people, transfer, when, status, site)| {
        let [targeted, targeted_households, reached, reached_households] = people.0;
        let [women, men, girls, boys, elderly_women, elderly_men] = people.1;
        let sex_age = SexAge { women, men, girls, boys, elderly_women, elderly_men };
        let start = when.0.and_then(IsoDate::from_days_since_epoch);
        // The rules refuse a cash or voucher activity without a transfer value and an in-kind
        // or service one with a value: those have no modality here.
        let modality = what.1.filter(|m| m.is_transfer() == transfer.is_some());
        Activity {
            reporting_org: who.0,
            implementing_partner: who.1,
            donor: who.2,
            sector: who.3.to_string(),
            area: who.4.to_string(),
            description: what.0.unwrap_or_default(),
            modality,
            conditionality: what.2,
            restriction: what.3,
            delivery_mechanism: what.4,
            targeted,
            targeted_households,
            reached,
            reached_households,
            targeted_by_sex_age: sex_age.total().map(|_| sex_age.clone()),
            reached_by_sex_age: None,
            household_size: people.2.map(|n| f64::from(n) / 10_000.0),
            transfer: transfer.map(|(unit, raw, currency)| Transfer {
                value: Amount::from_ten_thousandths(raw),
                unit,
                currency: currency.into(),
            }),
            frequency: when.2,
            payments: when.3,
            start,
            end: start.zip(when.1).and_then(|(s, days)| IsoDate::from_days_since_epoch(s.days_since_epoch() + days)),
            status: status.0,
            targeting_criteria: status.1,
            social_protection_link: status.2,
            site: site.0,
            site_code: site.1,
            month: site.2.and_then(IsoDate::from_days_since_epoch).map(IsoDate::month_of),
            latitude: site.3.map(|c| c.0),
            longitude: site.3.map(|c| c.1),
        }
    })
}

fn without_activities(plan: &Plan) -> Plan {
    let mut empty = plan.clone();
    empty.activities = Default::default();
    empty
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn activities_round_trip_through_hxl(activities in prop::collection::vec(activity_strategy(), 1..6)) {
        let mut plan = without_activities(&plan_with_areas());
        for (i, activity) in activities.iter().enumerate() {
            plan.activities.upsert(&format!("act-{i}"), activity.clone(), &stamp());
        }
        let text = write_table(&plan, TableKind::Activities);
        let batch = read("export.csv", &text, &without_activities(&plan)).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let expected: Vec<(String, Activity)> = plan.activities.live().map(|r| (r.id.clone(), r.data.clone())).collect();
        prop_assert_eq!(batch.records, Records::Activities(expected));
    }
}

#[test]
fn exported_cells_that_look_like_formulas_are_defused_and_read_back_unchanged() {
    let mut plan = without_activities(&plan_with_areas());
    let sneaky = Activity {
        reporting_org: "@IRC".into(),
        sector: "MPC".into(),
        area: "SY02".into(),
        description: "=HYPERLINK(\"http://example.org\",\"click\")".into(),
        delivery_mechanism: Some("-5 e-vouchers".into()),
        targeted: Some(5),
        ..Activity::default()
    };
    plan.activities.upsert("a-1", sneaky.clone(), &stamp());
    let text = write_table(&plan, TableKind::Activities);
    let data = text.lines().nth(2).unwrap();
    assert!(data.contains("'@IRC") && data.contains("\"'=HYPERLINK(") && data.contains("'-5 e-vouchers"), "{data}");
    let Records::Activities(rows) = read("export.csv", &text, &without_activities(&plan)).unwrap().records else {
        panic!()
    };
    assert_eq!(rows[0].1, sneaky);
}

#[test]
fn criteria_are_trimmed_and_a_set() {
    let plan = plan_with_areas();
    let text = "#org,#sector,#adm1+code,#beneficiary+criteria\nIRC,MPC,SY02, IDPs ;; Elderly;IDPs\n";
    let Records::Activities(rows) = read("5w.csv", text, &plan).unwrap().records else { panic!() };
    let expected: BTreeSet<String> = ["Elderly", "IDPs"].map(String::from).into();
    assert_eq!(rows[0].1.targeting_criteria, expected);
}

#[test]
fn a_gazetteer_keeps_its_second_language_and_exports_it_back() {
    let plan = Plan::new("p", "Plan", "SYR", "USD", &stamp());
    let text = "Gazetteer\nadmin1Pcode,admin1Name_en,admin1Name_ar,admin2Pcode,admin2Name_en,admin2Name_ar\n#adm1+code,#adm1+name+i_en,#adm1+name+i_ar,#adm2+code,#adm2+name+i_en,#adm2+name+i_ar\nSY02,Aleppo,حلب,SY0200,Jebel Saman,جبل سمعان\nSY02,Aleppo,حلب,SY0203,A'zaz,اعزاز\n";
    let batch = read("gazetteer.csv", text, &plan).unwrap();
    let Records::Areas(rows) = batch.records else { panic!("areas") };
    let aleppo = &rows.iter().find(|(id, _)| id == "SY02").unwrap().1;
    assert_eq!((aleppo.name.as_str(), aleppo.name_in("ar"), aleppo.name_in("fr")), ("Aleppo", "حلب", "Aleppo"));
    let azaz = &rows.iter().find(|(id, _)| id == "SY0203").unwrap().1;
    assert_eq!(azaz.names.get("ar").map(String::as_str), Some("اعزاز"));
    assert_eq!(azaz.names.len(), 1, "English is the name itself, not another language");

    let mut with_areas = plan.clone();
    for (id, area) in &rows {
        with_areas.areas.upsert(id, area.clone(), &stamp());
    }
    let exported = write_table(&with_areas, TableKind::Areas);
    assert!(exported.lines().nth(1).unwrap().contains("#adm1+name+i_ar"), "{exported}");
    let again = read("areas.csv", &exported, &plan).unwrap();
    let Records::Areas(back) = again.records else { panic!("areas") };
    assert_eq!(back, rows, "the export reads back to the same areas, both languages");
}

#[test]
fn the_organisations_a_5w_names_join_the_organisations_table_once_each() {
    let mut plan = plan_with_areas();
    let text = "#org+prog,#org+impl,#org+funder,#sector,#adm1+code,#targeted\nMercy Corps,Syria Relief,ECHO,FSC,SY02,10\nmercy-corps,,ECHO,FSC,SY07,20\n";
    let batch = read("5w.csv", text, &plan).unwrap();
    let names: Vec<&str> = batch.organisations.iter().map(|(_, o)| o.name.as_str()).collect();
    assert_eq!(names, ["Mercy Corps", "Syria Relief", "ECHO"], "each once, by the one organisation key");
    batch.apply(&mut plan, &stamp());
    assert_eq!(plan.organisations.len_live(), 3);
    assert!(plan.organisations.get("o-mercycorps").is_some());
    let again = read("5w.csv", text, &plan).unwrap();
    assert!(again.organisations.is_empty(), "known organisations are not added twice");
}
