//! One column per month and one column per sex and age group, as the wide-to-long screen
//! offers them: the proposal tells them from common headers (`Jan-2023`, `Reached Feb-2023`,
//! `Women reached`, `F 18-59`), and the one reshaping function imports them — a month column
//! as one activity per month, a sex and age column as the figure's breakdown.

use cashplan::formats::hxl::read_hxl;
use cashplan::formats::sheet::*;
use cashplan::model::{Activity, Month, Plan, SexAge, Stamp};

fn stamp() -> Stamp {
    Stamp { at: "2024-01-01T00:00:00Z".into(), by: "test".into() }
}

const OPTIONS: SheetOptions = SheetOptions { create_areas: false, skip_bad_rows: false };

fn plan() -> Plan {
    let mut plan = Plan::new("p", "Syria", "SYR", "USD", &stamp());
    let areas = "P,Name,Parent\n#adm2+code,#adm2+name,#adm1+code\nSY0203,Afrin,\nSY0700,Idleb,\n";
    read_hxl("areas.csv", areas, None, &plan).unwrap_or_else(|e| panic!("{e}")).apply(&mut plan, &stamp());
    plan
}

/// A column as proposed: header, hashtag, and the group (field, value) it is one column per.
type Proposed = (String, Option<String>, Option<(String, String)>);

fn proposed(mapping: &ColumnMapping) -> Vec<Proposed> {
    let per = |c: &ColumnChoice| c.per.as_ref().map(|p| (p.by.clone(), p.value.clone()));
    mapping.columns.iter().map(|c| (c.header.clone(), c.hashtag.clone(), per(c))).collect()
}

fn column(
    header: &str,
    tag: Option<&str>,
    per: Option<(&str, &str)>,
) -> (String, Option<String>, Option<(String, String)>) {
    (header.into(), tag.map(str::to_string), per.map(|(b, v)| (b.to_string(), v.to_string())))
}

fn import(text: &str, mapping: &ColumnMapping, plan: &mut Plan) -> SheetImport {
    let raw = read_table("4w.csv", text.as_bytes(), None).unwrap();
    let import = prepare(&raw, mapping, plan, &OPTIONS).unwrap_or_else(|e| panic!("{e}"));
    for batch in import.batches.clone() {
        batch.apply(plan, &stamp());
    }
    import
}

fn activities(plan: &Plan) -> Vec<Activity> {
    plan.activities.live().map(|r| r.data.clone()).collect()
}

const MONTHLY: &str = "Organisation,Sector,Admin 2 Pcode,Modality,Reached Jan-2023,Reached Feb-2023\n\
    Org A,FSC,SY0203,in-kind,100,120\n\
    Org A,FSC,SY0700,in-kind,,80\n";

#[test]
fn a_column_per_month_is_proposed_and_imports_one_activity_per_month() {
    let raw = read_table("4w.csv", MONTHLY.as_bytes(), None).unwrap();
    let mapping = propose_mapping(&raw);
    assert_eq!(
        proposed(&mapping)[4..],
        [
            column("Reached Jan-2023", Some("#reached"), Some((BY_MONTH, "2023-01"))),
            column("Reached Feb-2023", Some("#reached"), Some((BY_MONTH, "2023-02"))),
        ]
    );
    let mut plan = plan();
    let import = import(MONTHLY, &mapping, &mut plan);
    // Two areas × two months, less the blank January cell of Idleb.
    assert_eq!(import.preview().unwrap().adds, 3);
    let mut reached: Vec<(String, Option<Month>, Option<u64>)> =
        activities(&plan).into_iter().map(|a| (a.area, a.month, a.reached)).collect();
    reached.sort();
    let month = |m: &str| Month::parse(m);
    assert_eq!(
        reached,
        [
            ("SY0203".into(), month("2023-01"), Some(100)),
            ("SY0203".into(), month("2023-02"), Some(120)),
            ("SY0700".into(), month("2023-02"), Some(80)),
        ]
    );
}

#[test]
fn a_month_alone_is_proposed_as_the_group_with_the_figure_left_to_the_user() {
    let text = "Organisation,Sector,Admin 2 Pcode,Modality,Jan-2023,2023-02\nOrg A,FSC,SY0203,in-kind,100,120\n";
    let raw = read_table("4w.csv", text.as_bytes(), None).unwrap();
    let mut mapping = propose_mapping(&raw);
    assert_eq!(
        proposed(&mapping)[4..],
        [column("Jan-2023", None, Some((BY_MONTH, "2023-01"))), column("2023-02", None, Some((BY_MONTH, "2023-02")))]
    );
    for choice in &mut mapping.columns[4..] {
        choice.hashtag = Some("#reached".into());
    }
    let mut plan = plan();
    import(text, &mapping, &mut plan);
    let mut months: Vec<Option<Month>> = activities(&plan).into_iter().map(|a| a.month).collect();
    months.sort();
    assert_eq!(months, [Month::parse("2023-01"), Month::parse("2023-02")]);
}

const BY_GROUP: &str = "Organisation,Sector,Admin 2 Pcode,Modality,Targeted,F 18-59,M 18-59,Reached,\
    Women reached,Men reached,Girls reached,Boys reached\n\
    Org A,FSC,SY0203,in-kind,100,60,40,90,30,20,25,15\n";

#[test]
fn a_column_per_sex_and_age_group_is_proposed_and_imports_as_the_breakdown() {
    let raw = read_table("4w.csv", BY_GROUP.as_bytes(), None).unwrap();
    let mapping = propose_mapping(&raw);
    assert_eq!(
        proposed(&mapping)[5..],
        [
            column("F 18-59", Some("#targeted"), Some((BY_SEX_AGE, "f+adults"))),
            column("M 18-59", Some("#targeted"), Some((BY_SEX_AGE, "m+adults"))),
            column("Reached", Some("#reached"), None),
            column("Women reached", Some("#reached"), Some((BY_SEX_AGE, "f+adults"))),
            column("Men reached", Some("#reached"), Some((BY_SEX_AGE, "m+adults"))),
            column("Girls reached", Some("#reached"), Some((BY_SEX_AGE, "f+children"))),
            column("Boys reached", Some("#reached"), Some((BY_SEX_AGE, "m+children"))),
        ]
    );
    let mut plan = plan();
    let import = import(BY_GROUP, &mapping, &mut plan);
    assert_eq!(import.preview().unwrap().adds, 1, "a group is a breakdown, not a row");
    let activity = &activities(&plan)[0];
    assert_eq!((activity.targeted, activity.reached), (Some(100), Some(90)));
    let group =
        |women, men, girls, boys| Some(SexAge { women, men, girls, boys, elderly_women: None, elderly_men: None });
    assert_eq!(activity.targeted_by_sex_age, group(Some(60), Some(40), None, None));
    assert_eq!(activity.reached_by_sex_age, group(Some(30), Some(20), Some(25), Some(15)));
}

#[test]
fn people_in_need_per_sex_and_age_group_are_left_out_and_said_so() {
    let text = "Admin 2 Pcode,Sector,People in need,Women PIN\nSY0203,FSC,500,200\n";
    let raw = read_table("needs.csv", text.as_bytes(), None).unwrap();
    let mut mapping = propose_mapping(&raw);
    assert_eq!(mapping.columns[3].per, None, "people in need have no breakdown: not proposed");
    // Chosen all the same (a saved mapping, another screen): the column is left out, not
    // read as the total.
    mapping.columns[3].hashtag = Some("#inneed".into());
    mapping.columns[3].per = Some(Spread { by: BY_SEX_AGE.into(), value: "f+adults".into() });
    let mut plan = plan();
    let import = import(text, &mapping, &mut plan);
    assert_eq!(import.warnings_by_kind().get(&WarningKind::NoBreakdown), Some(&1));
    let needs: Vec<u64> = plan.needs.live().map(|r| r.data.people_in_need).collect();
    assert_eq!(needs, [500]);
}

#[test]
fn a_group_chosen_without_its_value_changes_nothing() {
    let raw = read_table("4w.csv", MONTHLY.as_bytes(), None).unwrap();
    let mut mapping = propose_mapping(&raw);
    for choice in &mut mapping.columns[4..] {
        choice.per = Some(Spread { by: BY_SEX_AGE.into(), value: String::new() });
    }
    mapping.columns.truncate(5);
    let text = "Organisation,Sector,Admin 2 Pcode,Modality,Reached Jan-2023\nOrg A,FSC,SY0203,in-kind,100\n";
    let raw = read_table("4w.csv", text.as_bytes(), None).unwrap();
    assert!(reshape(&raw, &mapping).is_none(), "no group, no fixed value, no totals: mapped as it is");
}
