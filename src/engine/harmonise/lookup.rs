//! Lookups the harmonisation rules share: area chains (through the engine's `AreaIndex`,
//! which survives missing parents and cycles), household sizes, exchange rates in force on
//! a date and the MEB that applies.

use crate::engine::areas::AreaIndex;
use crate::model::sorting;
use crate::model::{Activity, Area, IsoDate, Meb, Plan, Record, DEFAULT_HOUSEHOLD_SIZE};
use std::collections::HashMap;

/// Area codes, sector codes and currencies are all matched the way P-codes are: trimmed,
/// case-insensitive.
pub use crate::engine::areas::code_key;

/// Whether an optional area reference means "nationwide".
pub fn is_nationwide(area: Option<&str>) -> bool {
    area.is_none_or(|a| a.trim().is_empty())
}

/// A usable household size: finite and positive.
fn usable_size(size: Option<f64>) -> Option<f64> {
    size.filter(|s| s.is_finite() && *s > 0.0)
}

pub struct Lookup<'a> {
    pub plan: &'a Plan,
    areas: AreaIndex<'a>,
    /// Rates per (from, to), sorted by date; on equal dates the later record id wins.
    rates: HashMap<(String, String), Vec<(IsoDate, f64)>>,
}

impl<'a> Lookup<'a> {
    pub fn new(plan: &'a Plan) -> Lookup<'a> {
        let areas = AreaIndex::new(plan);
        let mut rates: HashMap<(String, String), Vec<(IsoDate, f64)>> = HashMap::new();
        for rate in plan.exchange_rates.live().map(|r| &r.data) {
            if rate.rate.is_finite() && rate.rate > 0.0 {
                let pair = (code_key(&rate.from), code_key(&rate.to));
                rates.entry(pair).or_default().push((rate.date, rate.rate));
            }
        }
        for list in rates.values_mut() {
            sorting::sort_by_key(list, |(date, _)| *date);
        }
        Lookup { plan, areas, rates }
    }

    pub fn area(&self, code: &str) -> Option<&'a Area> {
        self.areas.area(code)
    }

    /// The area's key followed by its ancestors' keys, nearest first. An area missing from
    /// the plan is still its own first link, so an area-specific standard can match it.
    pub fn chain(&self, code: &str) -> Vec<String> {
        let mut chain = vec![code_key(code)];
        chain.extend(self.areas.ancestors(code).skip(1).map(|a| code_key(&a.code)));
        chain
    }

    /// The nearest area at `level` among the area and its ancestors.
    pub fn ancestor_at_level(&self, code: &str, level: u8) -> Option<&'a Area> {
        self.areas.ancestor_at(code, level).and_then(|c| self.areas.area(c))
    }

    /// The activity's own household size, else its area's or the nearest ancestor's, else
    /// the plan default (else 5 when the plan default is unusable).
    pub fn household_size(&self, activity: &Activity) -> f64 {
        self.household_size_in(&activity.area, activity.household_size)
    }

    /// `own` when usable, else the area's or nearest ancestor's, else the plan default.
    pub fn household_size_in(&self, area: &str, own: Option<f64>) -> f64 {
        usable_size(own)
            .or_else(|| {
                self.chain(area).iter().find_map(|key| usable_size(self.areas.area(key).and_then(|a| a.household_size)))
            })
            .or(usable_size(Some(self.plan.default_household_size)))
            .unwrap_or(DEFAULT_HOUSEHOLD_SIZE)
    }

    /// Units of `to` per unit of `from` on `date`: 1 for the same currency; else the latest
    /// rate for the pair dated on or before `date`; else 1 / the latest such reverse rate.
    /// Rates are never chained through a third currency.
    pub fn rate(&self, from: &str, to: &str, date: IsoDate) -> Option<f64> {
        let (from, to) = (code_key(from), code_key(to));
        if from == to {
            return Some(1.0);
        }
        let in_force = |pair: &(String, String)| {
            let list = self.rates.get(pair)?;
            let upto = list.partition_point(|(d, _)| *d <= date);
            upto.checked_sub(1).and_then(|i| list.get(i)).map(|(_, rate)| *rate)
        };
        in_force(&(from.clone(), to.clone())).or_else(|| in_force(&(to, from)).map(|rate| 1.0 / rate))
    }

    /// The MEB for the area itself, else the nearest ancestor with one, else the nationwide
    /// one; within that area the one with the latest start on or before `date` (a MEB
    /// without a start counts as the earliest). MEBs with a value of zero or less are skipped.
    pub fn meb(&self, area: &str, date: IsoDate) -> Option<&'a Record<Meb>> {
        let applicable: Vec<&'a Record<Meb>> = self
            .plan
            .mebs
            .live()
            .filter(|r| r.data.value > crate::model::Amount::ZERO)
            .filter(|r| r.data.start.is_none_or(|start| start <= date))
            .collect();
        let latest_for = |matches: &dyn Fn(&Meb) -> bool| {
            applicable.iter().filter(|r| matches(&r.data)).copied().reduce(|best, next| {
                if next.data.start > best.data.start {
                    next
                } else {
                    best
                }
            })
        };
        self.chain(area)
            .iter()
            .find_map(|key| {
                latest_for(&|meb: &Meb| {
                    !is_nationwide(meb.area.as_deref()) && meb.area.as_deref().map(code_key).as_ref() == Some(key)
                })
            })
            .or_else(|| latest_for(&|meb: &Meb| is_nationwide(meb.area.as_deref())))
    }
}
