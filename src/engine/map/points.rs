//! The map's optional point layer: the activities that carry coordinates, under the same
//! filters as the areas (sector, month, organisation, modality; cancelled and suspended
//! activities left out, as the gap report leaves them out of "targeted"), one dot per place
//! with the people of its activities summed — reached where reported, else targeted.

use super::MapFilter;
use crate::engine::filters::activity_matches;
use crate::engine::gaps::runs_in_month;
use crate::model::{vocab, Activity, Plan};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A dot on the map: a place with coordinates, sized by its people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapPoint {
    pub longitude: f64,
    pub latitude: f64,
    pub people: u64,
    /// The place (site, else area) and how many activities it holds.
    pub label: String,
}

/// Coordinates closer than this (about a metre) are one place.
const SAME_PLACE: f64 = 1e-5;

/// The people an activity puts on the map: reached where reported, else targeted.
fn people(activity: &Activity) -> u64 {
    activity.reached.or(activity.targeted).unwrap_or(0)
}

/// One dot per place of the activities the filter keeps, the largest first (so smaller
/// dots are drawn over them).
pub fn map_points(plan: &Plan, filter: &MapFilter) -> Vec<MapPoint> {
    let sector = filter.sector.as_deref().map(|s| sector_key(plan, s));
    let mut places: BTreeMap<(i64, i64), (MapPoint, usize)> = BTreeMap::new();
    for activity in plan.activities.live().map(|r| &r.data) {
        let (Some(latitude), Some(longitude)) = (activity.latitude, activity.longitude) else { continue };
        let valid = latitude.is_finite() && longitude.is_finite() && latitude.abs() <= 90.0 && longitude.abs() <= 180.0;
        let kept = valid
            && activity.status.counts_as_targeted()
            && sector.as_ref().is_none_or(|s| *s == sector_key(plan, &activity.sector))
            && filter.period.is_none_or(|m| runs_in_month(activity, m))
            && activity_matches(
                filter.organisation.as_deref(),
                filter.modality,
                &activity.reporting_org,
                activity.modality,
            );
        if !kept {
            continue;
        }
        let at = ((latitude / SAME_PLACE).round() as i64, (longitude / SAME_PLACE).round() as i64);
        let place = activity.site.clone().unwrap_or_else(|| {
            plan.areas.get(activity.area.trim()).map_or_else(|| activity.area.clone(), |a| a.data.name.clone())
        });
        let (point, count) =
            places.entry(at).or_insert_with(|| (MapPoint { longitude, latitude, people: 0, label: place }, 0));
        point.people = point.people.saturating_add(people(activity));
        *count += 1;
    }
    let mut points: Vec<MapPoint> = places
        .into_values()
        .map(|(mut point, count)| {
            let activities = if count == 1 { "1 activity".to_string() } else { format!("{count} activities") };
            point.label = format!("{} ({activities})", point.label);
            point
        })
        .collect();
    crate::model::sorting::sort_by_key(&mut points, |p| std::cmp::Reverse(p.people));
    points
}

/// A sector by its plan code when the plan knows it (by code or name), folded.
fn sector_key(plan: &Plan, sector: &str) -> String {
    vocab::fold(plan.find_sector(sector).map_or(sector, |s| s.code.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Modality, Month, Stamp, Status};

    fn activity(org: &str, sector: &str, at: Option<(f64, f64)>, reached: Option<u64>, targeted: u64) -> Activity {
        Activity {
            reporting_org: org.into(),
            sector: sector.into(),
            area: "SY0203".into(),
            latitude: at.map(|a| a.0),
            longitude: at.map(|a| a.1),
            reached,
            targeted: Some(targeted),
            status: Status::Ongoing,
            modality: Some(Modality::Cash),
            month: Some(Month { year: 2023, month: 3 }),
            ..Activity::default()
        }
    }

    #[test]
    fn places_sum_their_people_under_the_filters() {
        let stamp = Stamp { at: String::new(), by: String::new() };
        let mut plan = Plan::new("p", "P", "SYR", "USD", &stamp);
        let rows = [
            activity("SHAFAK", "MPC", Some((36.392488, 36.689563)), Some(220), 300),
            activity("GOAL", "MPC", Some((36.392488, 36.689563)), None, 540),
            activity("GOAL", "FSC", Some((35.9, 36.6)), Some(80), 80),
            activity("GOAL", "FSC", None, Some(1000), 1000),
            Activity { status: Status::Cancelled, ..activity("GOAL", "FSC", Some((35.0, 36.0)), Some(5), 5) },
        ];
        for (i, row) in rows.into_iter().enumerate() {
            plan.activities.upsert(&format!("a{i}"), row, &stamp);
        }
        let all = map_points(&plan, &MapFilter::default());
        let people: Vec<(u64, &str)> = all.iter().map(|p| (p.people, p.label.as_str())).collect();
        assert_eq!(people, [(760, "SY0203 (2 activities)"), (80, "SY0203 (1 activity)")]);
        let mpc = MapFilter { sector: Some("mpc".into()), ..MapFilter::default() };
        assert_eq!(map_points(&plan, &mpc).len(), 1);
        let goal = MapFilter { organisation: Some("goal".into()), ..MapFilter::default() };
        assert_eq!(map_points(&plan, &goal).iter().map(|p| p.people).collect::<Vec<_>>(), [540, 80]);
        let april = MapFilter { period: Some(Month { year: 2023, month: 4 }), ..MapFilter::default() };
        assert!(map_points(&plan, &april).is_empty());
    }
}
