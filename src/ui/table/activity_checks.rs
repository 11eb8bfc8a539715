//! Reading a 5W activity from its form fields and checking it the way a coordinator would:
//! counts, reached against targeted, transfer values that fit the modality, dates in order,
//! known areas and sectors. Pure; the same rules serve the full form and inline edits.

use super::super::input::{parse_count, required};
use super::checks::{check, known_area, known_sector, positive_decimal, vocabulary, Fields, Problems};
use crate::model::{
    Activity, Amount, Conditionality, Frequency, IsoDate, Modality, Plan, Restriction, SocialProtectionLink, Status,
    Transfer, ValueUnit, Vocabulary,
};

/// Every field of the activity form, by key.
pub const ACTIVITY_KEYS: [&str; 25] = [
    "org",
    "partner",
    "donor",
    "sector",
    "area",
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
        "criteria" => a.targeting_criteria.iter().cloned().collect::<Vec<_>>().join("; "),
        "sp-link" => a.social_protection_link.to_string(),
        "hh-size" => text(a.household_size),
        _ => String::new(),
    }
}

fn optional_text(text: String) -> Option<String> {
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

fn date(text: &str) -> Result<Option<IsoDate>, String> {
    match text.trim() {
        "" => Ok(None),
        t => IsoDate::parse(t).map(Some).ok_or_else(|| format!("“{t}” is not a date: write it as 2024-03-31.")),
    }
}

fn money(text: &str) -> Result<Option<Amount>, String> {
    match text.trim() {
        "" => Ok(None),
        t => match Amount::parse(t) {
            Some(a) if a.is_negative() => Err("A transfer value must not be negative.".into()),
            Some(a) => Ok(Some(a)),
            None => Err(format!("“{t}” is not an amount: write digits with at most 4 decimals, e.g. 120 or 95.50.")),
        },
    }
}

fn currency(text: &str) -> Result<Option<String>, String> {
    match text.trim().to_uppercase() {
        c if c.is_empty() => Ok(None),
        c if c.len() == 3 && c.bytes().all(|b| b.is_ascii_alphabetic()) => Ok(Some(c)),
        c => Err(format!("“{c}” is not a currency code: use three letters such as USD or SYP.")),
    }
}

fn payments(text: &str) -> Result<Option<u32>, String> {
    parse_count(text)?.map(|n| u32::try_from(n).map_err(|_| "Too many payments.".to_string())).transpose()
}

fn more_than(
    problems: &mut Problems,
    key: &'static str,
    reached: Option<Option<u64>>,
    targeted: Option<Option<u64>>,
    what: &str,
) {
    if let (Some(Some(r)), Some(Some(t))) = (reached, targeted) {
        if r > t {
            problems.push((key, format!("{what} reached ({r}) is more than targeted ({t}): check both numbers.")));
        }
    }
}

/// Reads and checks every 5W field (keys in [`ACTIVITY_KEYS`]).
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
    more_than(&mut p, "reached", reached, targeted, "People");
    more_than(&mut p, "reached-hh", reached_hh, targeted_hh, "Households");
    let value = check(&mut p, "value", money(&get("value")));
    let currency = check(&mut p, "currency", currency(&get("currency")));
    let payments = check(&mut p, "payments", payments(&get("payments")));
    let household_size = check(&mut p, "hh-size", positive_decimal(&get("hh-size")));
    let start = check(&mut p, "start", date(&get("start")));
    let end = check(&mut p, "end", date(&get("end")));
    if let (Some(Some(s)), Some(Some(e))) = (start, end) {
        if e < s {
            p.push(("end", format!("The end ({e}) is before the start ({s}).")));
        }
    }
    match (modality.map(Modality::is_transfer), value, &currency) {
        (Some(true), Some(None), _) => p.push(("value", "Cash and voucher activities need a transfer value.".into())),
        (Some(true), Some(Some(_)), Some(None)) => {
            p.push(("currency", "Give the currency of the transfer value.".into()))
        }
        (Some(false), Some(Some(_)), _) => p.push((
            "value",
            "In-kind and service activities have no transfer value: clear it, or change the modality.".into(),
        )),
        (None, Some(Some(_)), Some(None)) => p.push(("currency", "Give the currency of the transfer value.".into())),
        _ => {}
    }
    let transfer = match (value, currency) {
        (Some(Some(value)), Some(Some(currency))) => Some(Transfer { value, unit, currency }),
        _ => None,
    };
    let targeting_criteria =
        get("criteria").split(';').map(str::trim).filter(|c| !c.is_empty()).map(str::to_string).collect();
    let activity = match (reporting_org, sector, area, targeted, targeted_hh, reached, reached_hh) {
        (
            Some(reporting_org),
            Some(sector),
            Some(area),
            Some(targeted),
            Some(targeted_households),
            Some(reached),
            Some(reached_households),
        ) => Some(Activity {
            reporting_org,
            implementing_partner: optional_text(get("partner")),
            donor: optional_text(get("donor")),
            sector,
            area,
            description: get("description").trim().to_string(),
            modality,
            conditionality,
            restriction,
            delivery_mechanism: optional_text(get("mechanism")),
            targeted,
            targeted_households,
            reached,
            reached_households,
            household_size: household_size.flatten(),
            transfer,
            frequency,
            payments: payments.flatten(),
            start: start.flatten(),
            end: end.flatten(),
            status,
            targeting_criteria,
            social_protection_link: sp_link,
            ..Activity::default()
        }),
        _ => None,
    };
    match activity {
        Some(activity) if p.is_empty() => Ok(activity),
        _ => Err(p),
    }
}

/// An edited activity keeps what the form does not show (people by sex and age).
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
            (&[("targeted", "100"), ("reached", "150")], &["reached"]),
            (&[("targeted-hh", "10"), ("reached-hh", "11")], &["reached-hh"]),
            (&[("modality", "cash")], &["value"]),
            (&[("modality", "voucher"), ("value", "100")], &["currency"]),
            (&[("modality", "in-kind"), ("value", "100"), ("currency", "USD")], &["value"]),
            (&[("start", "2024-03-01"), ("end", "2024-02-01")], &["end"]),
            (&[("area", "SY99")], &["area"]),
            (&[("sector", "XYZ")], &["sector"]),
            (&[("org", " ")], &["org"]),
            (&[("status", "maybe")], &["status"]),
            (&[("value", "-1"), ("currency", "US")], &["value", "currency"]),
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
        let again = read_activity(&|k: &str| activity_field(&activity, k), &plan()).unwrap();
        assert_eq!(again, activity);
    }
}
