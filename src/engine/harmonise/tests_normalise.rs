//! Unit tests of the per-activity rules: standard choice, units, frequencies, currencies,
//! flags, the MEB and targeting.

use super::testkit::*;
use super::{ExtraFlag, Flag, NotComparedReason, Period};
use crate::model::{Activity, Conditionality, Frequency, Modality, Standard, ValueUnit};
use ValueUnit::{Day, Household, Person};

fn mpc_monthly(value: &str) -> PlanBuilder {
    PlanBuilder::new()
        .area("SY01", 1, None, None)
        .standard("s-nat", standard("MPC", value, Household, "USD", Frequency::Monthly))
}

fn shown_for(plan: &crate::model::Plan, id: &str) -> (String, String, String, Flag) {
    let r = row(plan, id);
    let (n, rec, dev) = shown(&r);
    (n, rec, dev, r.flag)
}

fn tuple(n: &str, rec: &str, dev: &str, flag: Flag) -> (String, String, String, Flag) {
    (n.into(), rec.into(), dev.into(), flag)
}

#[test]
fn per_person_values_become_per_household_through_household_size() {
    let plan = mpc_monthly("100")
        .area("SY0101", 2, Some("SY01"), Some(4.0))
        .activity("a-default", cash("NRC", "MPC", "SY01", "20", Person, "USD", Some(Frequency::Monthly)))
        .activity("a-area", cash("NRC", "MPC", "SY0101", "20", Person, "USD", Some(Frequency::Monthly)))
        .activity(
            "a-own",
            Activity {
                household_size: Some(6.0),
                ..cash("NRC", "MPC", "SY0101", "20", Person, "USD", Some(Frequency::Monthly))
            },
        )
        .build();
    assert_eq!(shown_for(&plan, "a-default"), tuple("100.00", "100.00", "0.0", Flag::Ok));
    assert_eq!(shown_for(&plan, "a-area"), tuple("80.00", "100.00", "-20.0", Flag::Below));
    assert_eq!(shown_for(&plan, "a-own"), tuple("120.00", "100.00", "20.0", Flag::Above));
    assert_eq!(row(&plan, "a-own").household_size, 6.0);
}

#[test]
fn per_household_values_become_per_person_for_per_person_standards() {
    let plan = PlanBuilder::new()
        .standard("s", standard("MPC", "20", Person, "USD", Frequency::Monthly))
        .activity("a", cash("NRC", "MPC", "X", "110", Household, "USD", Some(Frequency::Monthly)))
        .build();
    assert_eq!(shown_for(&plan, "a"), tuple("22.00", "20.00", "10.0", Flag::Ok));
}

#[test]
fn recurring_values_become_monthly_equivalents() {
    let plan = mpc_monthly("100")
        .activity("weekly", cash("A", "MPC", "SY01", "30", Household, "USD", Some(Frequency::Weekly)))
        .activity("fortnightly", cash("A", "MPC", "SY01", "50", Household, "USD", Some(Frequency::Fortnightly)))
        .activity("monthly", cash("A", "MPC", "SY01", "95", Household, "USD", Some(Frequency::Monthly)))
        .activity("quarterly", cash("A", "MPC", "SY01", "270", Household, "USD", Some(Frequency::Quarterly)))
        .build();
    assert_eq!(shown_for(&plan, "weekly"), tuple("130.00", "100.00", "30.0", Flag::Above));
    assert_eq!(shown_for(&plan, "fortnightly"), tuple("108.33", "100.00", "8.3", Flag::Ok));
    assert_eq!(shown_for(&plan, "monthly"), tuple("95.00", "100.00", "-5.0", Flag::Ok));
    assert_eq!(shown_for(&plan, "quarterly"), tuple("90.00", "100.00", "-10.0", Flag::Ok));
    assert_eq!(row(&plan, "weekly").basis.unwrap().per, Period::Month);
}

#[test]
fn recurring_standards_are_shown_as_monthly_equivalents() {
    let plan = PlanBuilder::new()
        .standard("s", standard("MPC", "30", Household, "USD", Frequency::Weekly))
        .activity("a", cash("A", "MPC", "X", "130", Household, "USD", Some(Frequency::Monthly)))
        .build();
    assert_eq!(shown_for(&plan, "a"), tuple("130.00", "130.00", "0.0", Flag::Ok));
}

#[test]
fn one_off_and_recurring_are_never_compared() {
    let plan = PlanBuilder::new()
        .standard("s-monthly", standard("MPC", "100", Household, "USD", Frequency::Monthly))
        .standard("s-winter", standard("SHL", "300", Household, "USD", Frequency::OneOff))
        .activity("one-off-vs-monthly", cash("A", "MPC", "X", "300", Household, "USD", Some(Frequency::OneOff)))
        .activity("monthly-vs-one-off", cash("A", "SHL", "X", "100", Household, "USD", Some(Frequency::Monthly)))
        .activity("one-off", cash("A", "SHL", "X", "330", Household, "USD", Some(Frequency::OneOff)))
        .build();
    assert_eq!(shown_for(&plan, "one-off-vs-monthly"), tuple("-", "100.00", "-", Flag::FrequencyMismatch));
    assert_eq!(shown_for(&plan, "monthly-vs-one-off"), tuple("-", "300.00", "-", Flag::FrequencyMismatch));
    assert_eq!(shown_for(&plan, "one-off"), tuple("330.00", "300.00", "10.0", Flag::Ok));
    assert_eq!(row(&plan, "one-off").basis.unwrap().per, Period::Payment);
}

#[test]
fn missing_frequency_is_one_off_only_with_a_single_payment() {
    let single = Activity { payments: Some(1), ..cash("A", "SHL", "X", "300", Household, "USD", None) };
    let several = Activity { payments: Some(3), ..cash("A", "SHL", "X", "300", Household, "USD", None) };
    let plan = PlanBuilder::new()
        .standard("s", standard("SHL", "300", Household, "USD", Frequency::OneOff))
        .activity("single", single)
        .activity("several", several)
        .activity("unknown", cash("A", "SHL", "X", "300", Household, "USD", None))
        .build();
    assert_eq!(row(&plan, "single").flag, Flag::Ok);
    assert_eq!(row(&plan, "several").flag, Flag::NoFrequency);
    assert_eq!(row(&plan, "unknown").flag, Flag::NoFrequency);
    assert_eq!(row(&plan, "unknown").standard.as_deref(), Some("s"));
}

#[test]
fn currencies_convert_with_the_direct_or_the_inverse_rate() {
    let plan = mpc_monthly("100")
        .rate("EUR", "USD", 1.1, "2024-01-01")
        .rate("USD", "SYP", 10_000.0, "2024-01-01")
        .activity("eur", cash("A", "MPC", "SY01", "100", Household, "eur", Some(Frequency::Monthly)))
        .activity("syp", cash("A", "MPC", "SY01", "1050000", Household, "SYP", Some(Frequency::Monthly)))
        .activity("gbp", cash("A", "MPC", "SY01", "100", Household, "GBP", Some(Frequency::Monthly)))
        .build();
    assert_eq!(shown_for(&plan, "eur"), tuple("110.00", "100.00", "10.0", Flag::Ok));
    assert_eq!(shown_for(&plan, "syp"), tuple("105.00", "100.00", "5.0", Flag::Ok));
    assert_eq!(shown_for(&plan, "gbp"), tuple("-", "100.00", "-", Flag::NoRate));
}

#[test]
fn the_rate_in_force_on_the_start_date_applies() {
    let at = |start: Option<&str>| Activity {
        start: start.map(date),
        ..cash("A", "MPC", "SY01", "1000000", Household, "SYP", Some(Frequency::Monthly))
    };
    let plan = mpc_monthly("100")
        .rate("USD", "SYP", 10_000.0, "2024-01-01")
        .rate("USD", "SYP", 12_500.0, "2024-04-01")
        .activity("before-any", at(Some("2023-12-31")))
        .activity("before-change", at(Some("2024-03-31")))
        .activity("on-change", at(Some("2024-04-01")))
        .activity("undated", at(None))
        .build();
    assert_eq!(row(&plan, "before-any").flag, Flag::NoRate);
    assert_eq!(shown_for(&plan, "before-change").0, "100.00");
    assert_eq!(shown_for(&plan, "on-change").0, "80.00");
    assert_eq!(shown_for(&plan, "undated").0, "80.00", "undated activities use today's rate");
}

#[test]
fn an_area_standard_overrides_the_nationwide_one_for_its_descendants() {
    let local = Standard { area: Some("SY01".into()), ..standard("MPC", "120", Household, "USD", Frequency::Monthly) };
    let plan = PlanBuilder::new()
        .area("SY01", 1, None, None)
        .area("SY0101", 2, Some("SY01"), None)
        .area("SY02", 1, None, None)
        .standard("s-nat", standard("MPC", "100", Household, "USD", Frequency::Monthly))
        .standard("s-sy01", local)
        .activity("in-child", cash("A", "MPC", "SY0101", "120", Household, "USD", Some(Frequency::Monthly)))
        .activity("elsewhere", cash("A", "MPC", "SY02", "120", Household, "USD", Some(Frequency::Monthly)))
        .build();
    assert_eq!(row(&plan, "in-child").standard.as_deref(), Some("s-sy01"));
    assert_eq!(row(&plan, "in-child").flag, Flag::Ok);
    assert_eq!(row(&plan, "elsewhere").standard.as_deref(), Some("s-nat"));
    assert_eq!(row(&plan, "elsewhere").flag, Flag::Above);
}

#[test]
fn a_one_off_area_standard_does_not_hide_a_recurring_nationwide_one() {
    let winter = Standard { area: Some("SY01".into()), ..standard("MPC", "300", Household, "USD", Frequency::OneOff) };
    let plan = mpc_monthly("100")
        .standard("s-winter", winter)
        .activity("monthly", cash("A", "MPC", "SY01", "100", Household, "USD", Some(Frequency::Monthly)))
        .activity("one-off", cash("A", "MPC", "SY01", "300", Household, "USD", Some(Frequency::OneOff)))
        .build();
    assert_eq!(row(&plan, "monthly").standard.as_deref(), Some("s-nat"));
    assert_eq!(row(&plan, "one-off").standard.as_deref(), Some("s-winter"));
}

#[test]
fn standards_apply_only_within_their_validity_dates() {
    let old =
        Standard { valid_to: Some(date("2024-03-31")), ..standard("MPC", "100", Household, "USD", Frequency::Monthly) };
    let new = Standard {
        valid_from: Some(date("2024-04-01")),
        ..standard("MPC", "150", Household, "USD", Frequency::Monthly)
    };
    let at = |start: Option<&str>| Activity {
        start: start.map(date),
        ..cash("A", "MPC", "X", "100", Household, "USD", Some(Frequency::Monthly))
    };
    let plan = PlanBuilder::new()
        .standard("s-old", old)
        .standard("s-new", new)
        .activity("last-day", at(Some("2024-03-31")))
        .activity("first-day", at(Some("2024-04-01")))
        .activity("undated", at(None))
        .build();
    assert_eq!(row(&plan, "last-day").standard.as_deref(), Some("s-old"));
    assert_eq!(row(&plan, "first-day").standard.as_deref(), Some("s-new"));
    assert_eq!(row(&plan, "undated").standard.as_deref(), Some("s-new"));
    let only_old = PlanBuilder::new()
        .standard(
            "s-old",
            Standard {
                valid_to: Some(date("2024-03-31")),
                ..standard("MPC", "100", Household, "USD", Frequency::Monthly)
            },
        )
        .activity("late", at(Some("2024-05-01")))
        .build();
    assert_eq!(row(&only_old, "late").flag, Flag::NoStandard);
}

#[test]
fn missing_standard_and_missing_value_are_flagged() {
    let no_value =
        Activity { transfer: None, ..cash("A", "MPC", "SY01", "1", Household, "USD", Some(Frequency::Monthly)) };
    let plan = mpc_monthly("100")
        .activity("other-sector", cash("A", "FSC", "SY01", "100", Household, "USD", Some(Frequency::Monthly)))
        .activity("no-value", no_value)
        .activity("negative", cash("A", "MPC", "SY01", "-5", Household, "USD", Some(Frequency::Monthly)))
        .build();
    assert_eq!(row(&plan, "other-sector").flag, Flag::NoStandard);
    assert_eq!(row(&plan, "no-value").flag, Flag::NoValue);
    assert_eq!(row(&plan, "no-value").recommended.map(|a| a.to_string()), Some("100".into()));
    assert_eq!(row(&plan, "negative").flag, Flag::NoValue);
}

fn cash_for_work(wage: &str) -> Activity {
    Activity {
        conditionality: Some(Conditionality::CashForWork),
        ..cash("A", "ERL", "X", wage, Day, "USD", Some(Frequency::Weekly))
    }
}

#[test]
fn cash_for_work_wages_compare_per_day_and_against_the_market_wage() {
    let wage = Standard {
        cash_for_work: true,
        market_wage: Some(amount("10.5")),
        ..standard("ERL", "10", Day, "USD", Frequency::Monthly)
    };
    let plan = PlanBuilder::new()
        .standard("s-transfer", standard("ERL", "100", Household, "USD", Frequency::Monthly))
        .standard("s-wage", wage)
        .activity("fair", cash_for_work("10.5"))
        .activity("above-market", cash_for_work("10.6"))
        .activity("far-above", cash_for_work("12"))
        .activity(
            "monthly-cfw",
            Activity {
                conditionality: Some(Conditionality::CashForWork),
                ..cash("A", "ERL", "X", "100", Household, "USD", Some(Frequency::Monthly))
            },
        )
        .build();
    let fair = row(&plan, "fair");
    assert_eq!((fair.standard.as_deref(), fair.flag, fair.extra_flags.clone()), (Some("s-wage"), Flag::Ok, vec![]));
    assert_eq!(fair.basis.unwrap().per, Period::Day);
    let above_market = row(&plan, "above-market");
    assert_eq!((above_market.flag, above_market.extra_flags), (Flag::Ok, vec![ExtraFlag::AboveMarket]));
    let far = row(&plan, "far-above");
    assert_eq!((shown(&far).2, far.flag, far.extra_flags), ("20.0".into(), Flag::Above, vec![ExtraFlag::AboveMarket]));
    assert_eq!(row(&plan, "monthly-cfw").flag, Flag::UnitMismatch);
}

#[test]
fn cash_for_work_is_not_compared_with_transfer_standards() {
    let plan = PlanBuilder::new()
        .standard("s-transfer", standard("ERL", "10", Day, "USD", Frequency::Monthly))
        .activity("cfw", cash_for_work("10"))
        .build();
    assert_eq!(row(&plan, "cfw").flag, Flag::NoStandard);
}

#[test]
fn tolerance_is_judged_on_the_deviation_as_shown() {
    let plan = PlanBuilder::new()
        .standard("s", standard("MPC", "100", Household, "USD", Frequency::Monthly))
        .standard(
            "strict",
            Standard { tolerance_pct: amount("2.5"), ..standard("FSC", "100", Household, "USD", Frequency::Monthly) },
        )
        .activity("edge", cash("A", "MPC", "X", "110", Household, "USD", Some(Frequency::Monthly)))
        .activity("over", cash("A", "MPC", "X", "110.1", Household, "USD", Some(Frequency::Monthly)))
        .activity("under", cash("A", "MPC", "X", "89.9", Household, "USD", Some(Frequency::Monthly)))
        .activity("strict-ok", cash("A", "FSC", "X", "102.5", Household, "USD", Some(Frequency::Monthly)))
        .activity("strict-over", cash("A", "FSC", "X", "102.6", Household, "USD", Some(Frequency::Monthly)))
        .build();
    assert_eq!(row(&plan, "edge").flag, Flag::Ok);
    assert_eq!(row(&plan, "over").flag, Flag::Above);
    assert_eq!(shown_for(&plan, "under"), tuple("89.90", "100.00", "-10.1", Flag::Below));
    assert_eq!(row(&plan, "strict-ok").flag, Flag::Ok);
    assert_eq!(row(&plan, "strict-over").flag, Flag::Above);
}

#[test]
fn meb_coverage_uses_the_most_specific_latest_meb() {
    let plan = PlanBuilder::new()
        .area("SY01", 1, None, None)
        .area("SY0101", 2, Some("SY01"), Some(4.0))
        .area("SY02", 1, None, None)
        .meb("m-nat", meb(None, "250", Household, "USD", None))
        .meb("m-sy01-old", meb(Some("SY01"), "40", Person, "USD", Some("2024-01-01")))
        .meb("m-sy01-new", meb(Some("SY01"), "50", Person, "USD", Some("2024-05-01")))
        .rate("USD", "SYP", 10_000.0, "2024-01-01")
        .activity("child", cash("A", "MPC", "SY0101", "80", Household, "USD", Some(Frequency::Monthly)))
        .activity(
            "later",
            Activity {
                start: Some(date("2024-05-01")),
                ..cash("A", "MPC", "SY0101", "80", Household, "USD", Some(Frequency::Monthly))
            },
        )
        .activity("elsewhere-syp", cash("A", "MPC", "SY02", "1000000", Household, "SYP", Some(Frequency::Monthly)))
        .activity("person-weekly", cash("A", "MPC", "SY02", "5", Person, "USD", Some(Frequency::Weekly)))
        .activity("one-off", cash("A", "MPC", "SY02", "250", Household, "USD", Some(Frequency::OneOff)))
        .build();
    let coverage = |id: &str| {
        let r = row(&plan, id);
        (r.meb.unwrap_or_default(), r.meb_coverage_pct.map(|p| p.to_string()))
    };
    // 40 per person × household size 4 = 160 per household.
    assert_eq!(coverage("child"), ("m-sy01-old".into(), Some("50.0".into())));
    assert_eq!(coverage("later"), ("m-sy01-new".into(), Some("40.0".into())));
    assert_eq!(coverage("elsewhere-syp"), ("m-nat".into(), Some("40.0".into())));
    // 5 × 5 people × 52/12 = 108.33 of 250.
    assert_eq!(coverage("person-weekly"), ("m-nat".into(), Some("43.3".into())));
    assert_eq!(coverage("one-off"), ("m-nat".into(), None));
}

#[test]
fn targeting_similarity_is_reported_against_the_standard() {
    let agreed = Standard {
        criteria: ["Elderly".to_string(), "disability".to_string()].into(),
        ..standard("MPC", "100", Household, "USD", Frequency::Monthly)
    };
    let criteria = [" elderly ".to_string(), "IDP".to_string()].into();
    let plan = PlanBuilder::new()
        .standard("s", agreed)
        .activity(
            "a",
            Activity {
                targeting_criteria: criteria,
                ..cash("A", "MPC", "X", "100", Household, "USD", Some(Frequency::Monthly))
            },
        )
        .build();
    let targeting = row(&plan, "a").targeting.unwrap();
    assert_eq!(targeting.similarity.to_string(), "0.33");
    assert_eq!((targeting.missing, targeting.extra), (vec!["disability".to_string()], vec!["IDP".to_string()]));
}

#[test]
fn only_cash_and_voucher_activities_are_compared() {
    let with = |modality: Option<Modality>| Activity {
        modality,
        ..cash("A", "MPC", "X", "100", Household, "USD", Some(Frequency::Monthly))
    };
    let cancelled = Activity { status: crate::model::Status::Cancelled, ..with(Some(Modality::Cash)) };
    let plan = mpc_monthly("100")
        .activity("cash", with(Some(Modality::Cash)))
        .activity("voucher", with(Some(Modality::Voucher)))
        .activity("in-kind", with(Some(Modality::InKind)))
        .activity("service", with(Some(Modality::Service)))
        .activity("none", with(None))
        .activity("cancelled", cancelled)
        .build();
    let report = report(&plan);
    let compared: Vec<&str> = report.activities.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(compared, vec!["cash", "voucher"]);
    let skipped: Vec<(&str, NotComparedReason)> =
        report.not_compared.iter().map(|n| (n.id.as_str(), n.reason)).collect();
    assert_eq!(
        skipped,
        vec![
            ("cancelled", NotComparedReason::Cancelled),
            ("in-kind", NotComparedReason::InKind),
            ("none", NotComparedReason::NoModality),
            ("service", NotComparedReason::Service),
        ]
    );
}

#[test]
fn cyclic_area_parents_do_not_hang_the_walk() {
    let local = Standard { area: Some("B".into()), ..standard("MPC", "120", Household, "USD", Frequency::Monthly) };
    let plan = PlanBuilder::new()
        .area("A", 2, Some("B"), None)
        .area("B", 1, Some("A"), Some(7.0))
        .standard("s-b", local)
        .activity("a", cash("X", "MPC", "A", "120", Household, "USD", Some(Frequency::Monthly)))
        .build();
    let r = row(&plan, "a");
    assert_eq!((r.standard.as_deref(), r.household_size, r.flag), (Some("s-b"), 7.0, Flag::Ok));
}
