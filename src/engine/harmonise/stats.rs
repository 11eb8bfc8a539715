//! How far partners' transfer values agree per area and sector: spread, a harmonisation
//! index (coefficient of variation) and the share of activities within tolerance.

use super::figures::{median, serialize_cents, Ratio};
use super::lookup::{code_key, Lookup};
use super::normalise::{ActivityRow, Basis, Flag};
use crate::engine::coverage::Percent;
use crate::model::sorting;
use crate::model::{vocab::fold, Amount};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Compared activities of one sector in one area at the report level, on one basis (values
/// in different units, periods or currencies are never pooled).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupStats {
    pub area: String,
    pub area_name: String,
    pub level: u8,
    pub sector: String,
    pub basis: Basis,
    /// Distinct reporting organisations.
    pub partners: usize,
    pub activities: usize,
    #[serde(serialize_with = "serialize_cents")]
    pub min: Amount,
    #[serde(serialize_with = "serialize_cents")]
    pub median: Amount,
    #[serde(serialize_with = "serialize_cents")]
    pub max: Amount,
    /// Population standard deviation / mean, two decimals: 0 means everyone pays the same.
    /// None when the mean is not positive.
    pub variation: Option<Ratio>,
    pub within_tolerance_pct: Option<Percent>,
}

/// The deepest admin level among the compared activities' areas.
pub fn deepest_level(rows: &[ActivityRow]) -> Option<u8> {
    rows.iter().filter_map(|r| r.area_level).max()
}

fn coefficient_of_variation(values: &[Amount]) -> Option<Ratio> {
    let n = values.len() as f64;
    let mean = values.iter().map(|v| v.to_f64()).sum::<f64>() / n;
    if mean.is_nan() || mean <= 0.0 {
        return None;
    }
    let variance = values.iter().map(|v| (v.to_f64() - mean).powi(2)).sum::<f64>() / n;
    Ratio::from_f64(variance.sqrt() / mean)
}

/// Groups the compared rows by (ancestor at `level`, sector, basis). Rows whose area is
/// above `level` or not in the plan cannot be placed and are left out.
pub fn group_stats(lookup: &Lookup, rows: &[ActivityRow], level: u8) -> Vec<GroupStats> {
    let mut groups: BTreeMap<(String, String, Basis), Vec<&ActivityRow>> = BTreeMap::new();
    for row in rows.iter().filter(|r| r.flag.is_compared()) {
        let (Some(area), Some(basis)) = (lookup.ancestor_at_level(&row.area, level), row.basis.clone()) else {
            continue;
        };
        groups.entry((area.code.trim().to_string(), code_key(&row.sector), basis)).or_default().push(row);
    }
    groups
        .into_iter()
        .filter_map(|((area, sector, basis), members)| {
            let values: Vec<Amount> = members.iter().filter_map(|r| r.normalised).collect();
            let partners: BTreeSet<String> = sorting::set_of(members.iter().map(|r| fold(&r.reporting_org)));
            let within = members.iter().filter(|r| r.flag == Flag::Ok).count();
            Some(GroupStats {
                area_name: lookup.area(&area).map(|a| a.name.clone()).unwrap_or_default(),
                area,
                level,
                sector,
                basis,
                partners: partners.len(),
                activities: members.len(),
                min: values.iter().min().copied()?,
                median: median(&values)?,
                max: values.iter().max().copied()?,
                variation: coefficient_of_variation(&values),
                within_tolerance_pct: Percent::of(within as u64, members.len() as u64),
            })
        })
        .collect()
}
