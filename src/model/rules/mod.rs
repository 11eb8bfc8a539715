//! One home for the domain rules: typed values ([`values`]), the fields of each kind of
//! record ([`field`]), what a rule finds ([`problem`]) and the words for it (`words`), and
//! the checks every kind shares. A kind's own rules live in its `Kind::check`; every path
//! that accepts a record calls [`check`], so a record is accepted or refused — and a doubtful
//! one flagged — the same way by a form, an HXL or spreadsheet import, a plan file and
//! `cashplan check`.

pub mod field;
pub mod problem;
pub mod values;
mod words;

pub use field::{field, Field, ValueType};
pub use problem::{Counted, Problem, ProblemKind, Severity, ValueError};

use super::kind::Kind;
use super::{Amount, IsoDate, Plan};
use crate::model::sorting;
use std::ops::RangeInclusive;

/// More people than this in one record is a typo or a summed column, not a figure.
pub const ABSURD_PEOPLE: u64 = 1_000_000_000;
/// Household sizes outside this range are almost certainly entry errors.
pub const HOUSEHOLD_SIZES: RangeInclusive<f64> = 1.0..=30.0;

/// Every problem of `record` against `plan`, errors and warnings, in field order.
pub fn check<K: Kind>(record: &K, plan: &Plan) -> Vec<Problem> {
    let mut problems = Vec::new();
    record.check(plan, &mut problems);
    let order = |p: &Problem| K::FIELDS.iter().position(|f| f.key == p.field).unwrap_or(usize::MAX);
    sorting::sort_by_key(&mut problems, order);
    problems
}

/// Whether any of `problems` refuses the record.
pub fn refuses(problems: &[Problem]) -> bool {
    problems.iter().any(Problem::is_error)
}

/// A figure of people in one record must be plausible.
pub fn plausible_people(field: &'static str, value: Option<u64>, out: &mut Vec<Problem>) {
    if let Some(count) = value.filter(|&n| n > ABSURD_PEOPLE) {
        out.push(Problem::error(field, ProblemKind::ImplausiblePeople { count }));
    }
}

/// A household size outside 1–30 is refused: it would change every per-person conversion.
pub fn plausible_household_size(field: &'static str, size: Option<f64>, out: &mut Vec<Problem>) {
    match size {
        Some(size) if !size.is_finite() => out.push(Problem::error(
            field,
            ProblemKind::Invalid { error: ValueError::NotPositive { text: size.to_string() } },
        )),
        Some(size) if !HOUSEHOLD_SIZES.contains(&size) => {
            out.push(Problem::error(field, ProblemKind::ImplausibleHouseholdSize { size }))
        }
        _ => {}
    }
}

/// Coordinates in WGS 84 degrees: finite, latitude in -90..=90, longitude in -180..=180, and
/// both or neither (a dot needs both).
pub fn coordinates(
    [lat_field, lon_field]: [&'static str; 2],
    latitude: Option<f64>,
    longitude: Option<f64>,
    out: &mut Vec<Problem>,
) {
    for (field, value, limit) in [(lat_field, latitude, 90u8), (lon_field, longitude, 180)] {
        match value {
            Some(v) if !v.is_finite() => out.push(Problem::error(
                field,
                ProblemKind::Invalid { error: ValueError::NotCoordinate { text: v.to_string() } },
            )),
            Some(value) if value.abs() > f64::from(limit) => {
                out.push(Problem::error(field, ProblemKind::CoordinateOutOfRange { value, limit }))
            }
            _ => {}
        }
    }
    match (latitude, longitude) {
        (Some(_), None) => out.push(Problem::error(lon_field, ProblemKind::CoordinateAlone { given: "latitude" })),
        (None, Some(_)) => out.push(Problem::error(lat_field, ProblemKind::CoordinateAlone { given: "longitude" })),
        _ => {}
    }
}

/// The area a record refers to must be in the plan.
pub fn known_area(plan: &Plan, field: &'static str, code: &str, out: &mut Vec<Problem>) {
    if plan.areas.get(code.trim()).is_none() {
        out.push(Problem::error(field, ProblemKind::UnknownArea { code: code.to_string() }));
    }
}

/// The sector a record refers to must be in the plan (by code or name).
pub fn known_sector(plan: &Plan, field: &'static str, code: &str, out: &mut Vec<Problem>) {
    if plan.find_sector(code).is_none() {
        out.push(Problem::error(field, ProblemKind::UnknownSector { code: code.to_string() }));
    }
}

/// A money value is 0 or more and carries a well-formed currency code (a value without
/// one is not given the plan's currency: it is refused until the currency is given).
pub fn money(
    [value_field, currency_field]: [&'static str; 2],
    value: Option<Amount>,
    currency: &str,
    out: &mut Vec<Problem>,
) {
    let Some(value) = value else { return };
    if value.is_negative() {
        out.push(Problem::error(value_field, ProblemKind::NegativeValue { value }));
    }
    if currency.trim().is_empty() {
        out.push(Problem::error(currency_field, ProblemKind::ValueWithoutCurrency));
    } else if !values::is_currency_code(currency) {
        out.push(Problem::error(currency_field, ProblemKind::BadCurrency { code: currency.to_string() }));
    }
}

/// An end (or "valid to") before the start.
pub fn period(end_field: &'static str, start: Option<IsoDate>, end: Option<IsoDate>, out: &mut Vec<Problem>) {
    if let (Some(start), Some(end)) = (start, end) {
        if end < start {
            out.push(Problem::error(end_field, ProblemKind::EndBeforeStart { start, end }));
        }
    }
}
