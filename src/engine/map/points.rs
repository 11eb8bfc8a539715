//! The map's optional point layer: the activities that carry coordinates, under the same
//! filters as the areas (sector, month, organisation, modality; cancelled and suspended
//! activities left out, as the gap report leaves them out of "targeted"), one dot per place
//! with the people of its activities summed — reached where reported, else targeted — and
//! the activities themselves, which the GeoJSON layer carries as point features. One choice
//! for every output: [`shown_points`] (none unless asked for, none on a protected map).

use super::MapFilter;
use crate::engine::filters::activity_matches;
use crate::engine::gaps::runs_in_month;
use crate::model::disclosure::SmallCounts;
use crate::model::{vocab, Activity, IsoDate, Modality, Month, Plan, Status};
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
    /// The activities at this place, in the plan's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<PointActivity>,
}

/// One activity of a dot, with what a GIS officer reads of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointActivity {
    pub id: String,
    /// Its own coordinates (the dot's are the first activity's at that place).
    pub longitude: f64,
    pub latitude: f64,
    pub organisation: String,
    pub sector: String,
    pub modality: Option<Modality>,
    /// The P-code of its area.
    pub area: String,
    pub site: Option<String>,
    pub status: Status,
    /// The reporting month.
    pub month: Option<Month>,
    pub start: Option<IsoDate>,
    pub end: Option<IsoDate>,
    pub targeted: Option<u64>,
    pub reached: Option<u64>,
}

impl PointActivity {
    fn of(id: &str, activity: &Activity, latitude: f64, longitude: f64) -> PointActivity {
        PointActivity {
            id: id.to_string(),
            longitude,
            latitude,
            organisation: activity.reporting_org.clone(),
            sector: activity.sector.clone(),
            modality: activity.modality,
            area: activity.area.clone(),
            site: activity.site.clone(),
            status: activity.status,
            month: activity.month,
            start: activity.start,
            end: activity.end,
            targeted: activity.targeted,
            reached: activity.reached,
        }
    }

    /// The people it puts on the map: reached where reported, else targeted.
    pub fn people(&self) -> u64 {
        self.reached.or(self.targeted).unwrap_or(0)
    }
}

/// The dots a map shows, whatever it is written as (drawing, SVG, PNG, GeoJSON): those of
/// [`map_points`] when `dots` are asked for; none on a map protected for sharing by
/// `protect`, since a dot's size and its activities tell how many people are there. Each
/// dot lists its activities when `listed` (the GeoJSON does; a drawing needs only the dot).
pub fn shown_points(
    plan: &Plan,
    filter: &MapFilter,
    dots: bool,
    protect: Option<SmallCounts>,
    listed: bool,
) -> Vec<MapPoint> {
    if !dots || protect.is_some() {
        return Vec::new();
    }
    points_of(plan, filter, listed)
}

/// Coordinates closer than this (about a metre) are one place.
const SAME_PLACE: f64 = 1e-5;

/// One dot per place of the activities the filter keeps, the largest first (so smaller
/// dots are drawn over them), each with its activities.
pub fn map_points(plan: &Plan, filter: &MapFilter) -> Vec<MapPoint> {
    points_of(plan, filter, true)
}

fn points_of(plan: &Plan, filter: &MapFilter, listed: bool) -> Vec<MapPoint> {
    let sector = filter.sector.as_deref().map(|s| sector_key(plan, s));
    let mut places: BTreeMap<(i64, i64), (MapPoint, usize)> = BTreeMap::new();
    for (id, activity) in plan.activities.live().map(|r| (&r.id, &r.data)) {
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
        let (point, count) = places
            .entry(at)
            .or_insert_with(|| (MapPoint { longitude, latitude, people: 0, label: place, activities: Vec::new() }, 0));
        let one = PointActivity::of(id, activity, latitude, longitude);
        point.people = point.people.saturating_add(one.people());
        if listed {
            point.activities.push(one);
        }
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

        // Each dot carries its activities, with their own ids and coordinates, under the filters.
        let ids = |points: &[MapPoint]| -> Vec<Vec<String>> {
            points.iter().map(|p| p.activities.iter().map(|a| a.id.clone()).collect()).collect()
        };
        assert_eq!(ids(&all), [vec!["a0", "a1"], vec!["a2"]]);
        assert_eq!(ids(&map_points(&plan, &goal)), [vec!["a1"], vec!["a2"]]);
        assert_eq!(ids(&map_points(&plan, &mpc)), [vec!["a0", "a1"]]);
        let a2 = &all[1].activities[0];
        assert_eq!((a2.latitude, a2.longitude, a2.people(), a2.area.as_str()), (35.9, 36.6, 80, "SY0203"));
        // The one choice every output makes: none unless asked for, none on a protected map.
        assert_eq!(shown_points(&plan, &goal, true, None, true), map_points(&plan, &goal));
        assert!(shown_points(&plan, &goal, false, None, true).is_empty());
        // For a drawing, the same dots without their activities.
        let drawn = shown_points(&plan, &goal, true, None, false);
        assert!(drawn.iter().all(|p| p.activities.is_empty()));
        let people = |points: &[MapPoint]| points.iter().map(|p| (p.people, p.label.clone())).collect::<Vec<_>>();
        assert_eq!(people(&drawn), people(&map_points(&plan, &goal)));
        let rule = SmallCounts::below(5).ok();
        assert!(rule.is_some() && shown_points(&plan, &MapFilter::default(), true, rule, true).is_empty());
    }
}
