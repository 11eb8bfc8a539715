//! Normalising one cash or voucher activity against the standard that applies to it: the
//! rules users see documented, one function per rule.
//!
//! Rules, in order (the first that fails gives the row's flag):
//! 1. `no_value`: the activity has no transfer value (or a negative one) or no currency.
//! 2. `no_frequency`: the activity has no frequency and not exactly one payment, so it is
//!    neither one-off nor a known recurring payment (a missing frequency with `payments = 1`
//!    counts as one-off). Per-day values need no frequency.
//! 3. `no_standard`: no standard for the sector (cash-for-work activities use cash-for-work
//!    standards, others the rest) is valid on the activity's start date (or on `today` when
//!    it has none). Standards with a value of zero or less are ignored.
//! 4. `unit_mismatch`: a per-day value against a per-person/household standard or back.
//!    `frequency_mismatch`: a one-off value against a recurring standard or back.
//!    The standard chosen is the most specific (the activity's area, then each ancestor,
//!    then nationwide) that is comparable; only when none is comparable is the most specific
//!    one reported with a mismatch. So a one-off area standard does not hide a recurring
//!    nationwide one. Among standards for the same area, the latest `valid_from` wins.
//! 5. `no_rate`: no exchange rate from the activity's currency to the standard's.
//! 6. `above` / `below` / `ok`: the deviation, rounded to one decimal, against ± tolerance.
//!
//! The market-wage check (`above_market`) is an extra flag next to the verdict.

use super::figures::{cents_from_f64, SignedPercent};
use super::lookup::{code_key, is_nationwide, Lookup};
use super::targeting::{compare_criteria, Targeting};
use crate::engine::coverage::Percent;
use crate::model::{Activity, Amount, Conditionality, Frequency, IsoDate, Meb, Modality, Record, Standard, ValueUnit};
use serde::Serialize;

/// The verdict of comparing an activity with its standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    Ok,
    Above,
    Below,
    NoValue,
    NoFrequency,
    NoStandard,
    UnitMismatch,
    FrequencyMismatch,
    NoRate,
}

impl Flag {
    /// Whether the activity was compared with its standard (it has a deviation).
    pub fn is_compared(self) -> bool {
        matches!(self, Flag::Ok | Flag::Above | Flag::Below)
    }
}

/// Findings reported next to the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtraFlag {
    /// A cash-for-work wage above the standard's local market wage.
    AboveMarket,
}

/// The period a normalised value is counted per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Recurring values as monthly equivalents.
    Month,
    /// One-off values per payment.
    Payment,
    /// Wages per day worked.
    Day,
}

/// What normalised and recommended values are counted in: the standard's unit and currency.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Basis {
    pub unit: ValueUnit,
    pub per: Period,
    pub currency: String,
}

/// One cash or voucher activity compared with its standard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityRow {
    pub id: String,
    pub reporting_org: String,
    pub area: String,
    /// None when the area is not in the plan.
    pub area_level: Option<u8>,
    pub sector: String,
    pub modality: Modality,
    pub conditionality: Option<Conditionality>,
    /// The id of the standard applied.
    pub standard: Option<String>,
    pub basis: Option<Basis>,
    pub household_size: f64,
    /// The activity's value in the standard's unit, period and currency (to the cent).
    #[serde(serialize_with = "super::figures::serialize_opt_cents")]
    pub normalised: Option<Amount>,
    /// The standard's value in the same basis (weekly standards as monthly equivalents).
    #[serde(serialize_with = "super::figures::serialize_opt_cents")]
    pub recommended: Option<Amount>,
    pub deviation_pct: Option<SignedPercent>,
    pub flag: Flag,
    pub extra_flags: Vec<ExtraFlag>,
    /// The id of the MEB applied and the monthly per-household value as a share of it.
    pub meb: Option<String>,
    pub meb_coverage_pct: Option<Percent>,
    pub targeting: Option<Targeting>,
}

/// How an activity or standard is paid, which decides what may be compared with what.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Shape {
    Daily,
    OneOff,
    Recurring { per_month: f64 },
    Unknown,
}

impl Shape {
    fn comparable(self, other: Shape) -> bool {
        matches!(
            (self, other),
            (Shape::Daily, Shape::Daily)
                | (Shape::OneOff, Shape::OneOff)
                | (Shape::Recurring { .. }, Shape::Recurring { .. })
        )
    }
    fn per_month(self) -> f64 {
        match self {
            Shape::Recurring { per_month } => per_month,
            _ => 1.0,
        }
    }
}

/// Payments per month: weekly × 52/12, fortnightly × 26/12, monthly × 1, quarterly ÷ 3.
fn shape_of(unit: Option<ValueUnit>, frequency: Option<Frequency>, payments: Option<u32>) -> Shape {
    let per_month = |per_year: f64| Shape::Recurring { per_month: per_year / 12.0 };
    match (unit, frequency) {
        (Some(ValueUnit::Day), _) => Shape::Daily,
        (_, Some(Frequency::OneOff)) => Shape::OneOff,
        (_, Some(Frequency::Weekly)) => per_month(52.0),
        (_, Some(Frequency::Fortnightly)) => per_month(26.0),
        (_, Some(Frequency::Monthly)) => per_month(12.0),
        (_, Some(Frequency::Quarterly)) => per_month(4.0),
        (_, None) if payments == Some(1) => Shape::OneOff,
        (_, None) => Shape::Unknown,
    }
}

fn activity_shape(activity: &Activity) -> Shape {
    shape_of(activity.transfer.as_ref().map(|t| t.unit), activity.frequency, activity.payments)
}

fn standard_shape(standard: &Standard) -> Shape {
    shape_of(Some(standard.unit), Some(standard.frequency), None)
}

fn period_of(shape: Shape) -> Period {
    match shape {
        Shape::Daily => Period::Day,
        Shape::Recurring { .. } => Period::Month,
        Shape::OneOff | Shape::Unknown => Period::Payment,
    }
}

fn valid_on(standard: &Standard, date: IsoDate) -> bool {
    standard.valid_from.is_none_or(|from| from <= date) && standard.valid_to.is_none_or(|to| date <= to)
}

/// The standard that applies to the activity on `date` (see the module rules 3 and 4).
fn select_standard<'a>(lookup: &Lookup<'a>, activity: &Activity, date: IsoDate) -> Option<&'a Record<Standard>> {
    let cash_for_work = activity.conditionality == Some(Conditionality::CashForWork);
    let sector = code_key(&activity.sector);
    let candidates: Vec<&Record<Standard>> = lookup
        .plan
        .standards
        .live()
        .filter(|r| r.data.cash_for_work == cash_for_work && code_key(&r.data.sector) == sector)
        .filter(|r| r.data.value > Amount::ZERO && valid_on(&r.data, date))
        .collect();
    let for_area = |key: Option<&String>| -> Vec<&'a Record<Standard>> {
        candidates
            .iter()
            .copied()
            .filter(|r| match key {
                Some(key) => {
                    !is_nationwide(r.data.area.as_deref()) && r.data.area.as_deref().map(code_key).as_ref() == Some(key)
                }
                None => is_nationwide(r.data.area.as_deref()),
            })
            .collect()
    };
    let chain = lookup.chain(&activity.area);
    let levels: Vec<Vec<&Record<Standard>>> =
        chain.iter().map(Some).chain(std::iter::once(None)).map(for_area).collect();
    let shape = activity_shape(activity);
    let most_specific = |comparable_only: bool| {
        levels.iter().find_map(|level| {
            level
                .iter()
                .copied()
                .filter(|r| !comparable_only || shape.comparable(standard_shape(&r.data)))
                .reduce(|best, next| if next.data.valid_from > best.data.valid_from { next } else { best })
        })
    };
    most_specific(true).or_else(|| most_specific(false))
}

/// Converts between per-person and per-household values; per-day only to per-day.
fn unit_factor(from: ValueUnit, to: ValueUnit, household_size: f64) -> Option<f64> {
    match (from, to) {
        (a, b) if a == b => Some(1.0),
        (ValueUnit::Person, ValueUnit::Household) => Some(household_size),
        (ValueUnit::Household, ValueUnit::Person) => Some(1.0 / household_size),
        _ => None,
    }
}

struct Comparison {
    flag: Flag,
    normalised: Option<Amount>,
    deviation: Option<SignedPercent>,
    extra_flags: Vec<ExtraFlag>,
}

impl Comparison {
    fn flagged(flag: Flag) -> Comparison {
        Comparison { flag, normalised: None, deviation: None, extra_flags: Vec::new() }
    }
}

fn compare(
    lookup: &Lookup,
    activity: &Activity,
    standard: Option<&Standard>,
    household_size: f64,
    date: IsoDate,
) -> Comparison {
    let transfer = activity.transfer.as_ref().filter(|t| !t.value.is_negative() && !t.currency.trim().is_empty());
    let Some(transfer) = transfer else { return Comparison::flagged(Flag::NoValue) };
    let shape = activity_shape(activity);
    if shape == Shape::Unknown {
        return Comparison::flagged(Flag::NoFrequency);
    }
    let Some(standard) = standard else { return Comparison::flagged(Flag::NoStandard) };
    let standard_shape = standard_shape(standard);
    let unit = unit_factor(transfer.unit, standard.unit, household_size);
    let Some(unit) = unit.filter(|_| shape.comparable(standard_shape)) else {
        let per_day = |s: Shape| s == Shape::Daily;
        let flag = if per_day(shape) != per_day(standard_shape) { Flag::UnitMismatch } else { Flag::FrequencyMismatch };
        return Comparison::flagged(flag);
    };
    let Some(rate) = lookup.rate(&transfer.currency, &standard.currency, date) else {
        return Comparison::flagged(Flag::NoRate);
    };
    let normalised = transfer.value.to_f64() * unit * shape.per_month() * rate;
    let recommended = standard.value.to_f64() * standard_shape.per_month();
    let deviation = SignedPercent::from_f64((normalised - recommended) / recommended * 100.0);
    let tolerance = if standard.tolerance_pct.is_negative() {
        Amount::ZERO - standard.tolerance_pct
    } else {
        standard.tolerance_pct
    };
    let flag = match deviation {
        Some(d) if d.exceeds(tolerance) => Flag::Above,
        Some(d) if d.below(Amount::ZERO - tolerance) => Flag::Below,
        _ => Flag::Ok,
    };
    let normalised = cents_from_f64(normalised);
    let above_market = matches!((normalised, standard.market_wage), (Some(wage), Some(market)) if wage > market);
    let extra_flags = if above_market { vec![ExtraFlag::AboveMarket] } else { Vec::new() };
    Comparison { flag, normalised, deviation, extra_flags }
}

/// The activity's value per household per month in `currency`, for recurring per-person or
/// per-household transfers only (one-off payments and daily wages have no monthly value).
pub fn monthly_household_value(
    lookup: &Lookup,
    activity: &Activity,
    household_size: f64,
    currency: &str,
    date: IsoDate,
) -> Option<f64> {
    let transfer = activity.transfer.as_ref().filter(|t| !t.value.is_negative())?;
    let Shape::Recurring { per_month } = activity_shape(activity) else { return None };
    let unit = unit_factor(transfer.unit, ValueUnit::Household, household_size)?;
    let rate = lookup.rate(&transfer.currency, currency, date)?;
    Some(transfer.value.to_f64() * unit * per_month * rate)
}

/// The MEB per household: its value, or value × household size for a per-person MEB.
pub fn meb_per_household(meb: &Meb, household_size: f64) -> Option<Amount> {
    let factor = unit_factor(meb.unit, ValueUnit::Household, household_size)?;
    Amount::from_f64_rounded(meb.value.to_f64() * factor)
}

fn meb_coverage(
    lookup: &Lookup,
    activity: &Activity,
    meb: &Meb,
    household_size: f64,
    date: IsoDate,
) -> Option<Percent> {
    let value = monthly_household_value(lookup, activity, household_size, &meb.currency, date)?;
    let value = Amount::from_f64_rounded(value)?.ten_thousandths();
    let basket = meb_per_household(meb, household_size)?.ten_thousandths();
    Percent::of(u64::try_from(value).ok()?, u64::try_from(basket).ok()?)
}

/// Compares one cash or voucher activity with its standard and its area's MEB.
pub fn activity_row(lookup: &Lookup, record: &Record<Activity>, modality: Modality, today: IsoDate) -> ActivityRow {
    let activity = &record.data;
    let date = activity.start.unwrap_or(today);
    let household_size = lookup.household_size(activity);
    let standard = select_standard(lookup, activity, date);
    let comparison = compare(lookup, activity, standard.map(|r| &r.data), household_size, date);
    let meb = lookup.meb(&activity.area, date);
    ActivityRow {
        id: record.id.clone(),
        reporting_org: activity.reporting_org.trim().to_string(),
        area: activity.area.trim().to_string(),
        area_level: lookup.area(&activity.area).map(|a| a.level),
        sector: activity.sector.trim().to_string(),
        modality,
        conditionality: activity.conditionality,
        standard: standard.map(|r| r.id.clone()),
        basis: standard.map(|r| Basis {
            unit: r.data.unit,
            per: period_of(standard_shape(&r.data)),
            currency: code_key(&r.data.currency),
        }),
        household_size,
        normalised: comparison.normalised,
        recommended: standard.and_then(|r| cents_from_f64(r.data.value.to_f64() * standard_shape(&r.data).per_month())),
        deviation_pct: comparison.deviation,
        flag: comparison.flag,
        extra_flags: comparison.extra_flags,
        meb: meb.map(|r| r.id.clone()),
        meb_coverage_pct: meb.and_then(|r| meb_coverage(lookup, activity, &r.data, household_size, date)),
        targeting: standard.and_then(|r| compare_criteria(&activity.targeting_criteria, &r.data.criteria)),
    }
}
