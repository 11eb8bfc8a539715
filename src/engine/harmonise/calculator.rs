//! The transfer value calculator (CALP's gap method): what a recommended monthly transfer
//! per household could be for an area, next to what partners there actually pay.

use super::figures::{median, round_to_cents, serialize_cents, serialize_opt_cents};
use super::lookup::{code_key, Lookup};
use super::normalise::{meb_per_household, monthly_household_value};
use crate::model::{Amount, Conditionality, IsoDate, Plan, Status};
use serde::Serialize;
use thiserror::Error;

/// What the coordinator enters.
#[derive(Debug, Clone, PartialEq)]
pub struct CalculatorInput {
    /// Area code; the MEB is the area's, else the nearest ancestor's, else nationwide.
    pub area: String,
    /// Sector code, for what partners pay.
    pub sector: String,
    /// The date the MEB and exchange rates are taken on.
    pub date: IsoDate,
    /// Share of the gap to cover, in percent (0 to 100).
    pub gap_share_pct: Amount,
    /// Other assistance per household per month, in the MEB's currency.
    pub other_assistance: Amount,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalculatorResult {
    pub area: String,
    pub sector: String,
    /// The id of the MEB used, its currency and the household size used for a per-person MEB.
    pub meb: String,
    pub currency: String,
    pub household_size: f64,
    #[serde(serialize_with = "serialize_cents")]
    pub meb_per_household: Amount,
    /// MEB per household × share / 100 − other assistance, never below zero.
    #[serde(serialize_with = "serialize_cents")]
    pub proposed_per_household_month: Amount,
    /// True when other assistance already covers the share (the proposal was cut to zero).
    pub covered_by_other_assistance: bool,
    /// The median monthly value per household, in the MEB's currency, of the recurring
    /// (non cash-for-work, not cancelled) cash and voucher activities of the sector in the
    /// area or below.
    #[serde(serialize_with = "serialize_opt_cents")]
    pub partners_median: Option<Amount>,
    pub partners_activities: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CalculatorError {
    #[error("no MEB applies to area {area} on {date}: add a MEB for this area, one of its parent areas or the whole country, starting on or before that date")]
    NoMeb { area: String, date: IsoDate },
    #[error("the share of the gap to cover is {0} %: enter a percentage from 0 to 100")]
    ShareOutOfRange(Amount),
    #[error("other assistance is {0}: enter zero or a positive amount per household per month")]
    NegativeOtherAssistance(Amount),
}

/// `value × percent / 100`, exact, rounded half away from zero to the fourth decimal.
fn share_of(value: Amount, percent: Amount) -> Option<Amount> {
    let scaled = i128::from(value.ten_thousandths()) * i128::from(percent.ten_thousandths());
    let divisor: i128 = 100 * 10_000;
    let rounded = (scaled.abs() + divisor / 2) / divisor * scaled.signum();
    i64::try_from(rounded).ok().map(Amount::from_ten_thousandths)
}

/// Proposes a monthly transfer value per household for an area and shows what partners pay.
pub fn propose_transfer_value(plan: &Plan, input: &CalculatorInput) -> Result<CalculatorResult, CalculatorError> {
    if input.gap_share_pct.is_negative() || input.gap_share_pct > Amount::from_units(100) {
        return Err(CalculatorError::ShareOutOfRange(input.gap_share_pct));
    }
    if input.other_assistance.is_negative() {
        return Err(CalculatorError::NegativeOtherAssistance(input.other_assistance));
    }
    let lookup = Lookup::new(plan);
    let no_meb = || CalculatorError::NoMeb { area: input.area.trim().to_string(), date: input.date };
    let meb = lookup.meb(&input.area, input.date).ok_or_else(no_meb)?;
    let household_size = lookup.household_size_in(&input.area, None);
    let basket = meb_per_household(&meb.data, household_size).map(round_to_cents).ok_or_else(no_meb)?;
    let share = share_of(basket, input.gap_share_pct).unwrap_or(basket);
    let proposed = share - input.other_assistance;
    let covered = proposed.is_negative();

    let (area, sector) = (code_key(&input.area), code_key(&input.sector));
    let paid: Vec<Amount> = plan
        .activities
        .live()
        .map(|r| &r.data)
        .filter(|a| {
            a.modality.is_some_and(|m| m.is_transfer()) && a.conditionality != Some(Conditionality::CashForWork)
        })
        .filter(|a| {
            a.status != Status::Cancelled && code_key(&a.sector) == sector && lookup.chain(&a.area).contains(&area)
        })
        .filter_map(|a| {
            let size = lookup.household_size(a);
            let value = monthly_household_value(&lookup, a, size, &meb.data.currency, a.start.unwrap_or(input.date))?;
            Amount::from_f64_rounded(value).map(round_to_cents)
        })
        .collect();
    Ok(CalculatorResult {
        area: input.area.trim().to_string(),
        sector,
        meb: meb.id.clone(),
        currency: code_key(&meb.data.currency),
        household_size,
        meb_per_household: basket,
        proposed_per_household_month: round_to_cents(if covered { Amount::ZERO } else { proposed }),
        covered_by_other_assistance: covered,
        partners_median: median(&paid),
        partners_activities: paid.len(),
    })
}
