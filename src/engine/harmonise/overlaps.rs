//! Where partners overlap: activities of different organisations in the same area and
//! sector at the same time, with their combined targets against the people in need.
//!
//! Activities are grouped by (area code, sector) first and paired only within a group,
//! sorted by start date so a pair is only looked at while the dates can still overlap.

use super::lookup::code_key;
use super::overlap_groups::{grouped, needs_of, OverlapScope};
use crate::engine::coverage::Percent;
use crate::model::sorting;
use crate::model::{vocab::fold, Activity, IsoDate, Modality, Plan, Record};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverlapSide {
    pub id: String,
    pub reporting_org: String,
    pub modality: Option<Modality>,
    pub start: Option<IsoDate>,
    pub end: Option<IsoDate>,
    pub targeted: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overlap {
    pub area: String,
    pub sector: String,
    /// The first side has the smaller id.
    pub first: OverlapSide,
    pub second: OverlapSide,
    /// The shared period; None at an end that is open for both.
    pub from: Option<IsoDate>,
    pub to: Option<IsoDate>,
    /// The sum of the targets given (None when neither gives one).
    pub combined_targeted: Option<u64>,
    /// People in need for this area and sector, when the plan has that figure.
    pub people_in_need: Option<u64>,
    pub combined_pct_of_need: Option<Percent>,
}

fn side(record: &Record<Activity>) -> OverlapSide {
    let a = &record.data;
    OverlapSide {
        id: record.id.clone(),
        reporting_org: a.reporting_org.trim().to_string(),
        modality: a.modality,
        start: a.start,
        end: a.end,
        targeted: a.targeted,
    }
}

/// The later of two starts and the earlier of two ends, a missing date being open.
fn shared_period(a: &Activity, b: &Activity) -> (Option<IsoDate>, Option<IsoDate>) {
    let from = a.start.max(b.start);
    let to = match (a.end, b.end) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    (from, to)
}

/// Pairs of activities (planned, ongoing or completed, any modality) by different
/// organisations with the same area code and sector whose periods overlap; a missing
/// start or end date is open. Sorted by area, sector and ids. A busy plan has millions of
/// pairs: screens read `overlap_groups` instead.
pub fn overlaps(plan: &Plan) -> Vec<Overlap> {
    overlaps_in(plan, &OverlapScope::default())
}

/// The pairs `overlaps` lists, narrowed to a scope (sector, month, a side to involve).
pub fn overlaps_in(plan: &Plan, scope: &OverlapScope<'_>) -> Vec<Overlap> {
    let needs = needs_of(plan);
    let mut found: Vec<Overlap> = grouped(plan, scope)
        .into_iter()
        .flat_map(|((area, sector), members)| {
            let need = needs.get(&(area, sector.clone())).copied();
            pairs_of(members, &sector, need, scope.involving)
        })
        .collect();
    sorting::sort_by(&mut found, |x, y| {
        (code_key(&x.area), &x.sector, &x.first.id, &x.second.id).cmp(&(
            code_key(&y.area),
            &y.sector,
            &y.first.id,
            &y.second.id,
        ))
    });
    found
}

/// The overlapping pairs among one area's and sector's activities (with a side passing
/// `involving`, when given), sorted by ids.
pub(super) fn pairs_of(
    mut members: Vec<&Record<Activity>>,
    sector: &str,
    need: Option<u64>,
    involving: Option<&dyn Fn(&Activity) -> bool>,
) -> Vec<Overlap> {
    // None sorts first, matching "open start".
    sorting::sort_by(&mut members, |x, y| x.data.start.cmp(&y.data.start).then_with(|| x.id.cmp(&y.id)));
    let folded: Vec<String> = members.iter().map(|r| fold(&r.data.reporting_org)).collect();
    let mut found = Vec::new();
    for (i, earlier) in members.iter().enumerate() {
        for (j, later) in members.iter().enumerate().skip(i + 1) {
            if let (Some(end), Some(start)) = (earlier.data.end, later.data.start) {
                if start > end {
                    break;
                }
            }
            let (from, to) = shared_period(&earlier.data, &later.data);
            let disjoint = matches!((from, to), (Some(f), Some(t)) if f > t);
            let concerned = involving.is_none_or(|test| test(&earlier.data) || test(&later.data));
            if disjoint || !concerned || folded[i] == folded[j] {
                continue;
            }
            let (first, second) = if earlier.id <= later.id { (earlier, later) } else { (later, earlier) };
            let combined =
                [first.data.targeted, second.data.targeted].into_iter().flatten().reduce(u64::saturating_add);
            found.push(Overlap {
                area: first.data.area.trim().to_string(),
                sector: sector.to_string(),
                first: side(first),
                second: side(second),
                from,
                to,
                combined_targeted: combined,
                people_in_need: need,
                combined_pct_of_need: combined.zip(need).and_then(|(c, n)| Percent::of(c, n)),
            });
        }
    }
    sorting::sort_by(&mut found, |x, y| (&x.first.id, &x.second.id).cmp(&(&y.first.id, &y.second.id)));
    found
}
