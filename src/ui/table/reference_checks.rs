//! Reading standards, MEBs and exchange rates from what people typed (a Data page row, an
//! add form, the Harmonisation page's editors), with a message per field. Pure: fields come
//! in through a getter; the single-field parsing is `harmonise::parse`.

use super::checks::{check, known_area, known_sector, refused_by_rules, vocabulary, Fields, Problems};
use crate::formats::hxl::{meb_id, rate_id, standard_id};
use crate::model::harmonisation::default_tolerance;
use crate::model::{Amount, ExchangeRate, Frequency, IsoDate, Meb, Plan, Standard, ValueUnit, Vocabulary};
use crate::ui::harmonise::parse;

/// The field keys of a standard, in the Data page's column order.
pub const STANDARD_KEYS: [&str; 12] = [
    "sector",
    "kind",
    "area",
    "value",
    "unit",
    "currency",
    "frequency",
    "tolerance",
    "from",
    "to",
    "criteria",
    "market",
];
pub const MEB_KEYS: [&str; 5] = ["area", "value", "unit", "currency", "start"];
pub const RATE_KEYS: [&str; 4] = ["from", "to", "rate", "date"];

/// The "kind" field's value for a cash-for-work standard (anything else is a transfer value).
pub const CASH_FOR_WORK: &str = "cfw";

fn done<T>(problems: Problems, value: Option<T>) -> Result<T, Problems> {
    match value {
        Some(value) if problems.is_empty() => Ok(value),
        _ => Err(problems),
    }
}

/// An area that may be left empty (nationwide); when given it must be one of the plan's.
fn optional_area(plan: &Plan, text: &str) -> Result<Option<String>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    known_area(plan, text).map(Some)
}

fn date_text(date: Option<IsoDate>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

/// Keys: `STANDARD_KEYS`. Unit and frequency default to per household, monthly.
pub fn read_standard(get: Fields, plan: &Plan) -> Result<Standard, Problems> {
    let mut problems = Problems::new();
    let sector = check(&mut problems, "sector", known_sector(plan, &get("sector")));
    let area = check(&mut problems, "area", optional_area(plan, &get("area")));
    let value = check(&mut problems, "value", parse::positive_amount(&get("value")));
    let unit = vocabulary::<ValueUnit>(&mut problems, "unit", &get("unit")).unwrap_or(ValueUnit::Household);
    let currency = check(&mut problems, "currency", parse::currency(&get("currency")));
    let frequency =
        vocabulary::<Frequency>(&mut problems, "frequency", &get("frequency")).unwrap_or(Frequency::Monthly);
    let tolerance = check(&mut problems, "tolerance", parse::percent(&get("tolerance"), default_tolerance()));
    let valid_from = check(&mut problems, "from", parse::optional_date(&get("from")));
    let valid_to = check(&mut problems, "to", parse::optional_date(&get("to")));
    let market_wage = check(&mut problems, "market", parse::optional_amount(&get("market")));
    let complete = sector.is_some()
        && area.is_some()
        && value.is_some()
        && currency.is_some()
        && tolerance.is_some()
        && valid_from.is_some()
        && valid_to.is_some()
        && market_wage.is_some();
    // The rules see what could be read (a field that could not be read is not told twice).
    let draft = Standard {
        sector: sector.unwrap_or_default(),
        cash_for_work: get("kind").trim() == CASH_FOR_WORK,
        area: area.flatten(),
        value: value.unwrap_or(Amount::ZERO),
        unit,
        currency: currency.unwrap_or_default(),
        frequency,
        tolerance_pct: tolerance.unwrap_or_else(default_tolerance),
        valid_from: valid_from.flatten(),
        valid_to: valid_to.flatten(),
        criteria: parse::criteria(&get("criteria")),
        market_wage: market_wage.flatten(),
    };
    let keys = [
        ("kind", "cash_for_work"),
        ("tolerance", "tolerance_pct"),
        ("from", "valid_from"),
        ("to", "valid_to"),
        ("market", "market_wage"),
    ];
    refused_by_rules(&draft, plan, &keys, &mut problems);
    let standard = complete.then_some(draft);
    done(problems, standard)
}

/// A standard's field as the editor shows it, by key.
pub fn standard_field(s: &Standard, key: &str) -> String {
    match key {
        "sector" => s.sector.clone(),
        "kind" => {
            if s.cash_for_work {
                CASH_FOR_WORK.into()
            } else {
                "transfer".into()
            }
        }
        "area" => s.area.clone().unwrap_or_default(),
        "value" => s.value.to_string(),
        "unit" => s.unit.code().into(),
        "currency" => s.currency.clone(),
        "frequency" => s.frequency.code().into(),
        "tolerance" => s.tolerance_pct.to_string(),
        "from" => date_text(s.valid_from),
        "to" => date_text(s.valid_to),
        "criteria" => crate::model::rules::values::list_text(&s.criteria),
        "market" => s.market_wage.map(|w| w.to_string()).unwrap_or_default(),
        _ => String::new(),
    }
}

/// Keys: `MEB_KEYS`. A basket is per household or per person, never per day.
pub fn read_meb(get: Fields, plan: &Plan) -> Result<Meb, Problems> {
    let mut problems = Problems::new();
    let area = check(&mut problems, "area", optional_area(plan, &get("area")));
    let value = check(&mut problems, "value", parse::positive_amount(&get("value")));
    let unit = vocabulary::<ValueUnit>(&mut problems, "unit", &get("unit")).unwrap_or(ValueUnit::Household);
    let currency = check(&mut problems, "currency", parse::currency(&get("currency")));
    let start = check(&mut problems, "start", parse::optional_date(&get("start")));
    let complete = area.is_some() && value.is_some() && currency.is_some() && start.is_some();
    // The rules see what could be read (a field that could not be read is not told twice).
    let draft = Meb {
        area: area.flatten(),
        value: value.unwrap_or(Amount::ZERO),
        unit,
        currency: currency.unwrap_or_default(),
        start: start.flatten(),
    };
    refused_by_rules(&draft, plan, &[], &mut problems);
    done(problems, complete.then_some(draft))
}

pub fn meb_field(m: &Meb, key: &str) -> String {
    match key {
        "area" => m.area.clone().unwrap_or_default(),
        "value" => m.value.to_string(),
        "unit" => m.unit.code().into(),
        "currency" => m.currency.clone(),
        "start" => date_text(m.start),
        _ => String::new(),
    }
}

/// Keys: `RATE_KEYS`. 1 unit of `from` buys `rate` units of `to`.
pub fn read_rate(get: Fields, plan: &Plan) -> Result<ExchangeRate, Problems> {
    let mut problems = Problems::new();
    let from = check(&mut problems, "from", parse::currency(&get("from")));
    let to = check(&mut problems, "to", parse::currency(&get("to")));
    let rate = check(&mut problems, "rate", parse::rate(&get("rate")));
    let date = check(&mut problems, "date", parse::date(&get("date")));
    // The rules see what could be read (a field that could not be read is not told twice).
    let complete = from.is_some() && to.is_some() && rate.is_some() && date.is_some();
    let draft = ExchangeRate {
        from: from.unwrap_or_default(),
        to: to.unwrap_or_default(),
        rate: rate.unwrap_or(1.0),
        date: date.unwrap_or(IsoDate::EPOCH),
    };
    refused_by_rules(&draft, plan, &[], &mut problems);
    done(problems, complete.then_some(draft))
}

pub fn rate_field(r: &ExchangeRate, key: &str) -> String {
    match key {
        "from" => r.from.clone(),
        "to" => r.to.clone(),
        "rate" => r.rate.to_string(),
        "date" => r.date.to_string(),
        _ => String::new(),
    }
}

pub const STANDARD_CLASH: &str = "A standard for this sector, kind, area and start date exists: edit it in the table, or give this one another start date.";
pub const MEB_CLASH: &str = "A MEB for this area, unit, currency and start date exists: edit it in the table, or give this one another start date.";
pub const RATE_CLASH: &str = "A rate for these currencies on this date exists: edit it in the table instead.";

/// A new record's id, refused (beside `clash_key`) when a record with that identity exists.
fn fresh(id: String, exists: bool, clash_key: &'static str, clash: &str) -> Result<String, Problems> {
    if exists {
        Err(vec![(clash_key, clash.to_string())])
    } else {
        Ok(id)
    }
}

/// A standard to add, with its id (sector, kind, area, start date).
pub fn new_standard(get: Fields, plan: &Plan) -> Result<(String, Standard), Problems> {
    let s = read_standard(get, plan)?;
    let id = standard_id(&s.sector, s.cash_for_work, s.area.as_deref(), s.valid_from);
    let exists = plan.standards.get(&id).is_some();
    Ok((fresh(id, exists, "from", STANDARD_CLASH)?, s))
}

/// A MEB to add, with its id (area, unit, currency, start date).
pub fn new_meb(get: Fields, plan: &Plan) -> Result<(String, Meb), Problems> {
    let m = read_meb(get, plan)?;
    let id = meb_id(m.area.as_deref(), m.unit, &m.currency, m.start);
    let exists = plan.mebs.get(&id).is_some();
    Ok((fresh(id, exists, "start", MEB_CLASH)?, m))
}

/// An exchange rate to add, with its id (pair and date).
pub fn new_rate(get: Fields, plan: &Plan) -> Result<(String, ExchangeRate), Problems> {
    let r = read_rate(get, plan)?;
    let id = rate_id(&r.from, &r.to, r.date);
    let exists = plan.exchange_rates.get(&id).is_some();
    Ok((fresh(id, exists, "date", RATE_CLASH)?, r))
}

#[cfg(test)]
mod tests {
    use super::super::checks::tests::{fields, message, plan};
    use super::*;

    #[test]
    fn a_standard_round_trips_through_its_fields_and_explains_bad_values() {
        let plan = plan();
        let typed = [
            ("sector", "mpc"),
            ("kind", "cfw"),
            ("area", "sy02"),
            ("value", "12.5"),
            ("unit", "day"),
            ("currency", "usd"),
            ("frequency", "one-off"),
            ("tolerance", "15"),
            ("from", "2024-01-01"),
            ("criteria", "Displaced; Female-headed"),
            ("market", "10"),
        ];
        let standard = read_standard(&fields(&typed), &plan).unwrap();
        assert_eq!(
            (standard.sector.as_str(), standard.cash_for_work, standard.area.as_deref()),
            ("MPC", true, Some("SY02"))
        );
        assert_eq!(
            (standard.value.to_string(), standard.currency.as_str(), standard.criteria.len()),
            ("12.5".to_string(), "USD", 2)
        );
        let shown: Vec<(&str, String)> = STANDARD_KEYS.iter().map(|k| (*k, standard_field(&standard, k))).collect();
        let again = read_standard(
            &|key: &str| shown.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()).unwrap_or_default(),
            &plan,
        );
        assert_eq!(again, Ok(standard));

        let bad = [
            ("sector", "XYZ"),
            ("area", "SY99"),
            ("value", "abc"),
            ("currency", "dollars"),
            ("unit", "week"),
            ("tolerance", "120"),
            ("from", "2024-02-01"),
            ("to", "2024-01-01"),
            ("market", "-1"),
        ];
        let problems = read_standard(&fields(&bad), &plan).unwrap_err();
        assert!(message(&problems, "sector").contains("Unknown sector"));
        assert!(message(&problems, "area").contains("Unknown area"));
        assert!(message(&problems, "value").contains("“abc” is not an amount"));
        assert!(message(&problems, "currency").contains("3 letters"));
        assert!(message(&problems, "unit").contains("Choose one of"));
        assert!(message(&problems, "tolerance").contains("from 0 to 100"));
        assert!(message(&problems, "to").contains("is before start 2024-02-01"));
        assert!(message(&problems, "market").contains("negative"));
    }

    #[test]
    fn a_new_standard_may_not_replace_one_with_the_same_identity() {
        let mut plan = plan();
        let typed = [("sector", "MPC"), ("value", "100"), ("currency", "USD")];
        let (id, standard) = new_standard(&fields(&typed), &plan).unwrap();
        assert_eq!(id, "MPC|transfer|*|-");
        plan.standards.upsert(&id, standard, &crate::model::Stamp { at: "t".into(), by: "b".into() });
        let clash = new_standard(&fields(&typed), &plan).unwrap_err();
        assert!(message(&clash, "from").contains("exists"));
    }

    #[test]
    fn mebs_are_per_household_or_person_in_a_known_area() {
        let plan = plan();
        let (id, meb) = new_meb(
            &fields(&[
                ("area", "SY02"),
                ("value", "350"),
                ("unit", "person"),
                ("currency", "try"),
                ("start", "2024-01-01"),
            ]),
            &plan,
        )
        .unwrap();
        assert_eq!(id, "SY02|person|TRY|2024-01-01");
        assert_eq!(
            MEB_KEYS.map(|k| meb_field(&meb, k)),
            ["SY02", "350", "person", "TRY", "2024-01-01"].map(String::from)
        );
        let nationwide = read_meb(&fields(&[("value", "350"), ("currency", "USD")]), &plan).unwrap();
        assert_eq!((nationwide.area, nationwide.unit), (None, ValueUnit::Household));
        let bad = read_meb(
            &fields(&[("area", "SY99"), ("value", "0"), ("unit", "day"), ("currency", "USD"), ("start", "soon")]),
            &plan,
        )
        .unwrap_err();
        assert!(message(&bad, "area").contains("Unknown area"));
        assert_eq!(message(&bad, "value"), "Must be more than zero.");
        assert!(message(&bad, "unit").contains("per household or per person"));
        assert!(message(&bad, "start").contains("YYYY-MM-DD"));
    }

    #[test]
    fn rates_convert_between_two_currencies_from_a_date() {
        let plan = plan();
        let (id, rate) =
            new_rate(&fields(&[("from", "usd"), ("to", "syp"), ("rate", "13000"), ("date", "2024-01-01")]), &plan)
                .unwrap();
        assert_eq!(id, "USD|SYP|2024-01-01");
        assert_eq!(RATE_KEYS.map(|k| rate_field(&rate, k)), ["USD", "SYP", "13000", "2024-01-01"].map(String::from));
        let bad =
            read_rate(&fields(&[("from", "USD"), ("to", "usd"), ("rate", "1,5"), ("date", "")]), &plan).unwrap_err();
        assert!(message(&bad, "to").contains("the same"));
        assert!(message(&bad, "rate").contains("not a rate"));
        assert_eq!(message(&bad, "date"), "Required.");
    }
}
