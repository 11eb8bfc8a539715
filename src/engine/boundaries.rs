//! Boundaries against the plan's areas: how many P-codes match, which areas have no shape
//! and which shapes no area; and the areas the boundary attributes could create or
//! complete (code, name, level, parent), for the caller to apply when the user agrees.
//!
//! P-codes match trimmed and in any case, as everywhere else. Admin 0 (the country) is not
//! an area of a plan: its shape can be drawn but it is never proposed as an area.

use super::areas::code_key;
use crate::model::boundary::BoundaryFeature;
use crate::model::change::Change;
use crate::model::rules::{self, Problem};
use crate::model::sorting;
use crate::model::{Area, Kind, Plan, Registered, Stamp};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use thiserror::Error;

/// How a level's shapes and the plan's areas at that level match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaMatch {
    pub level: u8,
    pub shapes: usize,
    pub areas: usize,
    /// Shapes whose P-code is an area of the plan at this level.
    pub matched: usize,
    /// Codes of the plan's areas at this level with no shape, sorted.
    pub areas_without_shape: Vec<String>,
    /// P-codes of shapes with no area in the plan, sorted.
    pub shapes_without_area: Vec<String>,
    /// Shapes whose P-code is an area of the plan at another level: (P-code, the area's level).
    pub other_level: Vec<(String, u8)>,
}

/// Matches the features at `level` with the plan's live areas at that level.
pub fn match_areas(plan: &Plan, features: &[BoundaryFeature], level: u8) -> AreaMatch {
    let areas: HashMap<String, &Area> = plan.areas.live().map(|r| (code_key(&r.data.code), &r.data)).collect();
    let shapes: Vec<&BoundaryFeature> = features.iter().filter(|f| f.level == level).collect();
    let shape_keys: HashSet<String> = shapes.iter().map(|f| code_key(&f.pcode)).collect();
    let mut result = AreaMatch {
        level,
        shapes: shapes.len(),
        areas: areas.values().filter(|a| a.level == level).count(),
        matched: 0,
        areas_without_shape: areas
            .iter()
            .filter(|(key, area)| area.level == level && !shape_keys.contains(*key))
            .map(|(_, area)| area.code.clone())
            .collect(),
        shapes_without_area: Vec::new(),
        other_level: Vec::new(),
    };
    for shape in shapes {
        match areas.get(&code_key(&shape.pcode)) {
            Some(area) if area.level == level => result.matched += 1,
            Some(area) => result.other_level.push((shape.pcode.clone(), area.level)),
            None => result.shapes_without_area.push(shape.pcode.clone()),
        }
    }
    sorting::sort(&mut result.areas_without_shape);
    sorting::sort(&mut result.shapes_without_area);
    sorting::sort(&mut result.other_level);
    result
}

/// Areas the boundaries would add to the plan, and existing areas they would complete.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AreaProposal {
    /// Areas with a P-code the plan does not have, by level then code.
    pub new: Vec<Area>,
    /// Existing areas with a name or parent filled in from the boundaries (other fields as
    /// they were), by level then code.
    pub completed: Vec<Area>,
}

/// What the boundary attributes could create or complete. The parent of a level-1 area
/// (the country) is left out unless the plan has an area with that code.
pub fn propose_areas(plan: &Plan, features: &[BoundaryFeature]) -> AreaProposal {
    let existing: HashMap<String, &Area> = plan.areas.live().map(|r| (code_key(&r.data.code), &r.data)).collect();
    let feature_levels: HashMap<String, u8> = features.iter().map(|f| (code_key(&f.pcode), f.level)).collect();
    let usable_parent = |parent: &Option<String>| {
        parent.as_ref().map(|p| p.trim().to_string()).filter(|p| {
            let key = code_key(p);
            existing.contains_key(&key) || feature_levels.get(&key).is_some_and(|level| *level >= 1)
        })
    };
    let mut proposal = AreaProposal::default();
    let mut seen = HashSet::new();
    let mut ordered: Vec<&BoundaryFeature> = features.iter().filter(|f| f.level >= 1).collect();
    sorting::sort_by(&mut ordered, |a, b| (a.level, &a.pcode).cmp(&(b.level, &b.pcode)));
    for feature in ordered {
        let key = code_key(&feature.pcode);
        if !seen.insert(key.clone()) {
            continue;
        }
        let parent = usable_parent(&feature.parent);
        match existing.get(&key) {
            None => proposal.new.push(Area {
                code: feature.pcode.trim().to_string(),
                name: feature.name().to_string(),
                level: feature.level,
                parent,
                population: None,
                household_size: None,
                names: other_names(feature),
            }),
            Some(area) => {
                let mut completed = (*area).clone();
                if completed.name.trim().is_empty() {
                    completed.name = feature.name().to_string();
                }
                if completed.parent.is_none() {
                    completed.parent = parent;
                }
                for (language, name) in other_names(feature) {
                    completed.names.entry(language).or_insert(name);
                }
                if completed != **area {
                    proposal.completed.push(completed);
                }
            }
        }
    }
    proposal
}

/// What storing boundaries in a plan does, as one change to apply (and undo) whole.
#[derive(Debug, Clone, PartialEq)]
pub struct StoreBoundaries {
    pub change: Change,
    /// Features put (new or replaced; an unchanged one keeps its revision).
    pub stored: usize,
    /// Features of the imported levels that the new file no longer has, deleted.
    pub removed: usize,
    /// Areas created and completed from the boundary attributes (when asked).
    pub created: usize,
    pub completed: usize,
}

/// A record the rules refuse, named.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("{record}: {field}: {problem}. Nothing was stored.")]
pub struct BoundaryRefused {
    /// The record as people name it ("Boundary SY0200 Jebel Saman", "Area SY0200 …").
    pub record: String,
    pub field: &'static str,
    pub problem: Box<Problem>,
}

/// The change that stores `features` in `plan`: every feature put (replacing the stored
/// feature with its P-code), the stored features of the same levels that the file no longer
/// has deleted, and — when `create_areas` — the areas the attributes create or complete
/// ([`propose_areas`]). Every record goes through `rules::check` first, the areas against
/// the plan as the earlier ones leave it; the first refused record refuses the whole.
pub fn store_boundaries(
    plan: &Plan,
    features: &[BoundaryFeature],
    create_areas: bool,
) -> Result<StoreBoundaries, BoundaryRefused> {
    let refused = |record: String, problem: &Problem| BoundaryRefused {
        record,
        field: problem.field,
        problem: Box::new(problem.clone()),
    };
    let mut changes = Vec::new();
    let (mut created, mut completed) = (0, 0);
    if create_areas {
        let proposal = propose_areas(plan, features);
        (created, completed) = (proposal.new.len(), proposal.completed.len());
        let mut working = plan.clone();
        let stamp = Stamp { at: String::new(), by: String::new() };
        let mut areas = proposal.new;
        areas.extend(proposal.completed);
        sorting::sort_by(&mut areas, |a, b| (a.level, &a.code).cmp(&(b.level, &b.code)));
        for area in &areas {
            if let Some(problem) = rules::check(area, &working).iter().find(|p| p.is_error()) {
                return Err(refused(area.describe(&area.code), problem));
            }
            working.areas.upsert(&area.code, area.clone(), &stamp);
        }
        let records = areas.into_iter().map(|a| (a.code.clone(), a)).collect();
        changes.push(Change::Put { records: Area::wrap_records(records) });
    }
    for feature in features {
        if let Some(problem) = rules::check(feature, plan).iter().find(|p| p.is_error()) {
            return Err(refused(feature.describe(&feature.pcode), problem));
        }
    }
    let levels: HashSet<u8> = features.iter().map(|f| f.level).collect();
    let kept: HashSet<&str> = features.iter().map(|f| f.pcode.as_str()).collect();
    let gone: Vec<String> = plan
        .boundaries
        .live()
        .filter(|r| levels.contains(&r.data.level) && !kept.contains(r.id.as_str()))
        .map(|r| r.id.clone())
        .collect();
    let removed = gone.len();
    if !gone.is_empty() {
        changes.push(Change::Delete { table: BoundaryFeature::TABLE, ids: gone });
    }
    let records = features.iter().map(|f| (f.pcode.clone(), f.clone())).collect();
    changes.push(Change::Put { records: BoundaryFeature::wrap_records(records) });
    Ok(StoreBoundaries { change: Change::Batch { changes }, stored: features.len(), removed, created, completed })
}

/// A feature's names in the languages other than the one its name is taken from.
fn other_names(feature: &BoundaryFeature) -> BTreeMap<String, String> {
    let primary = feature.name();
    sorting::map_of(
        feature.names.iter().filter(|(_, name)| name.as_str() != primary).map(|(l, n)| (l.clone(), n.clone())),
    )
}

/// Feature names by language as one line, `en: Afrin; ar: عفرين`, for listings.
pub fn names_line(names: &BTreeMap<String, String>) -> String {
    names.iter().map(|(language, name)| format!("{language}: {name}")).collect::<Vec<_>>().join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::boundary::Shape;
    use crate::model::Stamp;

    fn feature(pcode: &str, level: u8, parent: Option<&str>, name: &str) -> BoundaryFeature {
        BoundaryFeature {
            pcode: pcode.into(),
            level,
            parent: parent.map(str::to_string),
            names: [("en".to_string(), name.to_string())].into(),
            shape: Shape::default(),
            source: String::new(),
        }
    }

    fn plan(areas: &[(&str, &str, u8, Option<&str>)]) -> Plan {
        let stamp = Stamp { at: "2026-01-01T00:00:00Z".into(), by: "test".into() };
        let mut plan = Plan::new("p", "P", "SYR", "USD", &stamp);
        for (code, name, level, parent) in areas {
            let area = Area {
                names: Default::default(),
                code: code.to_string(),
                name: name.to_string(),
                level: *level,
                parent: parent.map(str::to_string),
                population: Some(10),
                household_size: None,
            };
            plan.areas.upsert(code, area, &stamp);
        }
        plan
    }

    fn boundaries() -> Vec<BoundaryFeature> {
        vec![
            feature("SY", 0, None, "Syria"),
            feature("SY02", 1, Some("SY"), "Aleppo"),
            feature("SY07", 1, Some("SY"), "Idleb"),
            feature("SY0200", 2, Some("SY02"), "Jebel Saman"),
            feature("SY0203", 2, Some("SY02"), "Afrin"),
        ]
    }

    #[test]
    fn matching_says_what_matches_and_what_is_missing_on_either_side() {
        let plan = plan(&[("sy02 ", "Aleppo", 1, None), ("SY09", "Homs", 1, None), ("SY0203", "Afrin", 1, None)]);
        let level1 = match_areas(&plan, &boundaries(), 1);
        assert_eq!((level1.shapes, level1.areas, level1.matched), (2, 3, 1));
        assert_eq!(level1.areas_without_shape, ["SY0203", "SY09"]);
        assert_eq!(level1.shapes_without_area, ["SY07"]);
        let level2 = match_areas(&plan, &boundaries(), 2);
        assert_eq!(level2.other_level, [("SY0203".to_string(), 1)]);
        assert_eq!(level2.shapes_without_area, ["SY0200"]);
    }

    fn drawable(mut feature: BoundaryFeature) -> BoundaryFeature {
        use crate::model::boundary::Ring;
        let ring = Ring::from_points(&[(0, 0), (10, 0), (10, 10), (0, 0)]);
        feature.shape = Shape { polygons: vec![vec![ring]] };
        feature
    }

    #[test]
    fn storing_puts_the_features_replaces_their_level_and_creates_areas_when_asked() {
        let stamp = Stamp { at: "2026-01-02T00:00:00Z".into(), by: "test".into() };
        let mut plan = plan(&[("SY02", "Aleppo", 1, None)]);
        let features: Vec<BoundaryFeature> = boundaries().into_iter().map(drawable).collect();
        let first = store_boundaries(&plan, &features, false).unwrap();
        assert_eq!((first.stored, first.removed, first.created), (5, 0, 0));
        crate::model::change::apply(&mut plan, first.change, &stamp);
        assert_eq!(plan.boundaries.len_live(), 5);
        assert_eq!(plan.areas.len_live(), 1, "areas only when asked");

        // A newer file of admin 2 without SY0200: that shape goes, the other levels stay.
        let newer = vec![drawable(feature("SY0203", 2, Some("SY02"), "Afrin"))];
        let second = store_boundaries(&plan, &newer, true).unwrap();
        assert_eq!((second.stored, second.removed, second.created), (1, 1, 1));
        crate::model::change::apply(&mut plan, second.change, &stamp);
        let codes: Vec<&str> = plan.boundaries.live().map(|r| r.id.as_str()).collect();
        assert_eq!(codes, ["SY", "SY02", "SY0203", "SY07"]);
        assert_eq!(plan.areas.get("SY0203").unwrap().data.parent.as_deref(), Some("SY02"));
    }

    #[test]
    fn a_feature_the_rules_refuse_refuses_the_whole() {
        let plan = plan(&[]);
        let features = vec![drawable(feature("SY02", 1, None, "Aleppo")), feature("SY07", 1, None, "Idleb")];
        let error = store_boundaries(&plan, &features, true).unwrap_err();
        assert_eq!(error.record, "Boundary SY07 Idleb");
        assert!(error.to_string().contains("no shape to draw"), "{error}");
    }

    #[test]
    fn proposals_create_missing_areas_and_complete_existing_ones_without_the_country() {
        let plan = plan(&[("SY02", "", 1, None), ("SY0203", "Afrin", 2, None), ("SY07", "Idlib", 1, None)]);
        let proposal = propose_areas(&plan, &boundaries());
        let new: Vec<(&str, &str, u8, Option<&str>)> =
            proposal.new.iter().map(|a| (a.code.as_str(), a.name.as_str(), a.level, a.parent.as_deref())).collect();
        assert_eq!(new, [("SY0200", "Jebel Saman", 2, Some("SY02"))]);
        let completed: Vec<(&str, &str, Option<&str>, Option<u64>)> = proposal
            .completed
            .iter()
            .map(|a| (a.code.as_str(), a.name.as_str(), a.parent.as_deref(), a.population))
            .collect();
        assert_eq!(completed, [("SY02", "Aleppo", None, Some(10)), ("SY0203", "Afrin", Some("SY02"), Some(10))]);
    }
}
