//! Reading a 5W activity from its form fields and checking it the way a coordinator would:
//! counts, reached against targeted, transfer values that fit the modality, dates in order,
//! known areas and sectors. Pure; the same rules serve the full form and inline edits.

use super::super::input::{parse_count, required, sentence};
use super::checks::{
    check, known_area, known_sector, positive_decimal, refused_by_rules, vocabulary, Fields, Problems,
};
use crate::model::rules::values::{self, MonthDay};
use crate::model::{
    Activity, Conditionality, Frequency, Modality, Plan, Restriction, SocialProtectionLink, Status, Transfer,
    ValueUnit, Vocabulary,
};

/// Every field of the activity form, by key.
pub const ACTIVITY_KEYS: [&str; 30] = [
    "org",
    "partner",
    "donor",
    "sector",
    "area",
    "site",
    "site-code",
    "latitude",
    "longitude",
    "month",
    "description",
    "modality",
    "conditionality",
    "restriction",
    "mechanism",
    "targeted",
    "targeted-hh",
    "reached",
    "reached-hh",
    "value",
    "unit",
    "currency",
    "frequency",
    "payments",
    "start",
    "end",
    "status",
    "criteria",
    "sp-link",
    "hh-size",
];

fn text<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A field of an activity as the form shows it, so editing starts from the stored values.
pub fn activity_field(a: &Activity, key: &str) -> String {
    let transfer = a.transfer.as_ref();
    match key {
        "org" => a.reporting_org.clone(),
        "partner" => a.implementing_partner.clone().unwrap_or_default(),
        "donor" => a.donor.clone().unwrap_or_default(),
        "sector" => a.sector.clone(),
        "area" => a.area.clone(),
        "site" => a.site.clone().unwrap_or_default(),
        "site-code" => a.site_code.clone().unwrap_or_default(),
        "latitude" => text(a.latitude),
        "longitude" => text(a.longitude),
        "month" => text(a.month),
        "description" => a.description.clone(),
        "modality" => text(a.modality),
        "conditionality" => text(a.conditionality),
        "restriction" => text(a.restriction),
        "mechanism" => a.delivery_mechanism.clone().unwrap_or_default(),
        "targeted" => text(a.targeted),
        "targeted-hh" => text(a.targeted_households),
        "reached" => text(a.reached),
        "reached-hh" => text(a.reached_households),
        "value" => text(transfer.map(|t| t.value)),
        "unit" => transfer.map_or(ValueUnit::Household, |t| t.unit).to_string(),
        "currency" => transfer.map(|t| t.currency.clone()).unwrap_or_default(),
        "frequency" => text(a.frequency),
        "payments" => text(a.payments),
        "start" => text(a.start),
        "end" => text(a.end),
        "status" => a.status.to_string(),
        "criteria" => crate::model::rules::values::list_text(&a.targeting_criteria),
        "sp-link" => a.social_protection_link.to_string(),
        "hh-size" => text(a.household_size),
        _ => String::new(),
    }
}

fn optional_text(text: String) -> Option<String> {
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

/// An optional field read with the rules' parser; empty means not given.
fn optional<T, E: std::fmt::Display>(text: &str, parse: impl Fn(&str) -> Result<T, E>) -> Result<Option<T>, String> {
    match text.trim() {
        "" => Ok(None),
        t => parse(t).map(Some).map_err(sentence),
    }
}

fn payments(text: &str) -> Result<Option<u32>, String> {
    parse_count(text)?.map(|n| u32::try_from(n).map_err(|_| "Too many payments.".to_string())).transpose()
}

/// The form's keys for the activity's fields (`Activity`'s `Kind::FIELDS`) where they differ.
const FORM_KEYS: &[(&str, &str)] = &[
    ("org", "reporting_org"),
    ("partner", "implementing_partner"),
    ("site-code", "site_code"),
    ("mechanism", "delivery_mechanism"),
    ("targeted-hh", "targeted_households"),
    ("reached-hh", "reached_households"),
    ("value", "transfer.value"),
    ("unit", "transfer.unit"),
    ("currency", "transfer.currency"),
    ("criteria", "targeting_criteria"),
    ("sp-link", "social_protection_link"),
    ("hh-size", "household_size"),
];

/// Reads every 5W field (keys in [`ACTIVITY_KEYS`]) and checks the activity with the rules
/// every path applies (`model::rules`).
pub fn read_activity(get: Fields, plan: &Plan) -> Result<Activity, Problems> {
    let mut p = Problems::new();
    let reporting_org = check(&mut p, "org", required(&get("org")));
    let sector = check(&mut p, "sector", known_sector(plan, &get("sector")));
    let area = check(&mut p, "area", known_area(plan, &get("area")));
    let modality = vocabulary::<Modality>(&mut p, "modality", &get("modality"));
    let conditionality = vocabulary::<Conditionality>(&mut p, "conditionality", &get("conditionality"));
    let restriction = vocabulary::<Restriction>(&mut p, "restriction", &get("restriction"));
    let frequency = vocabulary::<Frequency>(&mut p, "frequency", &get("frequency"));
    let status = vocabulary::<Status>(&mut p, "status", &get("status")).unwrap_or_default();
    let sp_link = vocabulary::<SocialProtectionLink>(&mut p, "sp-link", &get("sp-link")).unwrap_or_default();
    let unit = vocabulary::<ValueUnit>(&mut p, "unit", &get("unit")).unwrap_or(ValueUnit::Household);
    let targeted = check(&mut p, "targeted", parse_count(&get("targeted")));
    let targeted_hh = check(&mut p, "targeted-hh", parse_count(&get("targeted-hh")));
    let reached = check(&mut p, "reached", parse_count(&get("reached")));
    let reached_hh = check(&mut p, "reached-hh", parse_count(&get("reached-hh")));
    let value = check(&mut p, "value", optional(&get("value"), values::amount));
    let currency = check(&mut p, "currency", optional(&get("currency"), values::currency));
    let payments = check(&mut p, "payments", payments(&get("payments")));
    let household_size = check(&mut p, "hh-size", positive_decimal(&get("hh-size")));
    let start = check(&mut p, "start", optional(&get("start"), |t| values::date(t, MonthDay::First)));
    let end = check(&mut p, "end", optional(&get("end"), |t| values::date(t, MonthDay::Last)));
    let month = check(&mut p, "month", optional(&get("month"), values::month));
    let latitude = check(&mut p, "latitude", optional(&get("latitude"), values::coordinate));
    let longitude = check(&mut p, "longitude", optional(&get("longitude"), values::coordinate));
    // A value without its currency is still a transfer: the rules refuse it for want of one.
    let transfer =
        value.flatten().map(|value| Transfer { value, unit, currency: currency.clone().flatten().unwrap_or_default() });
    // The rules see what could be read, so every problem is told at once; a field that
    // could not be read is not told twice.
    let draft = Activity {
        reporting_org: reporting_org.clone().unwrap_or_default(),
        implementing_partner: optional_text(get("partner")),
        donor: optional_text(get("donor")),
        sector: sector.clone().unwrap_or_default(),
        area: area.clone().unwrap_or_default(),
        site: optional_text(get("site")),
        site_code: optional_text(get("site-code")),
        month: month.flatten(),
        latitude: latitude.flatten(),
        longitude: longitude.flatten(),
        description: get("description").trim().to_string(),
        modality,
        conditionality,
        restriction,
        delivery_mechanism: optional_text(get("mechanism")),
        targeted: targeted.flatten(),
        targeted_households: targeted_hh.flatten(),
        reached: reached.flatten(),
        reached_households: reached_hh.flatten(),
        household_size: household_size.flatten(),
        transfer,
        frequency,
        payments: payments.flatten(),
        start: start.flatten(),
        end: end.flatten(),
        status,
        targeting_criteria: values::list(&get("criteria")),
        social_protection_link: sp_link,
        ..Activity::default()
    };
    refused_by_rules(&draft, plan, FORM_KEYS, &mut p);
    let read_whole = reporting_org.is_some() && sector.is_some() && area.is_some() && currency.is_some();
    match draft {
        activity if p.is_empty() && read_whole => Ok(activity),
        _ => Err(p),
    }
}

/// An edited activity keeps what the form does not show: people by sex and age, which came
/// with a partner's file.
pub fn keeping_unshown(mut edited: Activity, before: &Activity) -> Activity {
    edited.targeted_by_sex_age.clone_from(&before.targeted_by_sex_age);
    edited.reached_by_sex_age.clone_from(&before.reached_by_sex_age);
    edited
}

/// The options of a canonical list for a select: (code, code).
pub fn vocabulary_options<V: Vocabulary + PartialEq>() -> Vec<(String, String)> {
    V::VALUES.iter().map(|(_, code, _)| (code.to_string(), code.to_string())).collect()
}

#[cfg(test)]
mod tests {
    use super::super::checks::tests::{fields, plan};
    use super::*;

    fn problems_of(pairs: &[(&str, &str)]) -> Vec<&'static str> {
        let base = [("org", "NGO A"), ("sector", "MPC"), ("area", "SY02")];
        let all: Vec<(&str, &str)> = base
            .iter()
            .copied()
            .filter(|(k, _)| !pairs.iter().any(|(p, _)| p == k))
            .chain(pairs.iter().copied())
            .collect();
        match read_activity(&fields(&all), &plan()) {
            Ok(_) => Vec::new(),
            Err(problems) => problems.into_iter().map(|(k, _)| k).collect(),
        }
    }

    #[test]
    fn each_rule_points_at_the_field_to_fix() {
        type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str]);
        let cases: &[Case] = &[
            (&[], &[]),
            (&[("targeted", "-5")], &["targeted"]),
            (&[("reached", "12.5")], &["reached"]),
            // Reached above targeted is a warning on every path (model::rules): saved, and
            // the app says so once it is stored.
            (&[("targeted", "100"), ("reached", "150")], &[]),
            (&[("targeted-hh", "10"), ("reached-hh", "11")], &[]),
            (&[("modality", "cash")], &["value"]),
            (&[("modality", "voucher"), ("value", "100")], &["currency"]),
            (&[("modality", "in-kind"), ("value", "100"), ("currency", "USD")], &["value"]),
            (&[("start", "2024-03-01"), ("end", "2024-02-01")], &["end"]),
            (&[("area", "SY99")], &["area"]),
            (&[("sector", "XYZ")], &["sector"]),
            (&[("org", " ")], &["org"]),
            (&[("status", "maybe")], &["status"]),
            (&[("value", "-1"), ("currency", "US")], &["value", "currency"]),
            (&[("latitude", "36.2")], &["longitude"]),
            (&[("latitude", "36,2"), ("longitude", "37")], &["latitude"]),
            (&[("latitude", "95"), ("longitude", "37")], &["latitude"]),
            (&[("month", "March")], &["month"]),
        ];
        for (input, expected) in cases {
            assert_eq!(problems_of(input), *expected, "for {input:?}");
        }
    }

    #[test]
    fn a_full_activity_reads_back_into_the_same_fields() {
        let all = [
            ("org", "WFP"),
            ("partner", "Syria Relief"),
            ("donor", "ECHO"),
            ("sector", "mpc"),
            ("area", "sy02"),
            ("site", "Camp A"),
            ("site-code", "CP001"),
            ("latitude", "36.2"),
            ("longitude", "-37.15"),
            ("month", "2024-02"),
            ("description", "Monthly cash"),
            ("modality", "Cash"),
            ("conditionality", "uct"),
            ("restriction", "unrestricted"),
            ("mechanism", "Hawala"),
            ("targeted", "6,000"),
            ("targeted-hh", "1000"),
            ("reached", "4200"),
            ("reached-hh", "700"),
            ("value", "120.50"),
            ("unit", "household"),
            ("currency", "usd"),
            ("frequency", "monthly"),
            ("payments", "3"),
            ("start", "2024-01-01"),
            ("end", "2024-03-31"),
            ("status", "active"),
            ("criteria", "Displaced; Female-headed ;"),
            ("sp-link", "vertical"),
            ("hh-size", "5.5"),
        ];
        let activity = read_activity(&fields(&all), &plan()).unwrap();
        assert_eq!(activity.status, Status::Ongoing);
        assert_eq!(activity.transfer.as_ref().map(|t| t.currency.as_str()), Some("USD"));
        assert_eq!(activity.targeting_criteria.len(), 2);
        assert_eq!((activity.latitude, activity.longitude), (Some(36.2), Some(-37.15)));
        assert_eq!(activity.month, crate::model::Month::parse("2024-02"));
        assert_eq!((activity.site.as_deref(), activity.site_code.as_deref()), (Some("Camp A"), Some("CP001")));
        let again = read_activity(&|k: &str| activity_field(&activity, k), &plan()).unwrap();
        assert_eq!(again, activity);

        // Saving the form unchanged loses nothing it has no box for (a new field of the 5W
        // must be given a box or kept here; editing a figure once dropped the coordinates).
        let from_a_file = Activity {
            targeted_by_sex_age: Some(Default::default()),
            reached_by_sex_age: Some(Default::default()),
            ..activity
        };
        let saved = read_activity(&|k: &str| activity_field(&from_a_file, k), &plan()).unwrap();
        assert_eq!(keeping_unshown(saved, &from_a_file), from_a_file);
    }
}
