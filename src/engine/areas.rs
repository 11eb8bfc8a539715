//! An index of the plan's administrative areas: look-up by P-code, levels, names and the
//! chain of parents, built once so analyses stay linear in the number of records.
//!
//! P-codes are not always prefix-nested (community `C1426` sits under sub-district
//! `SY020302`), so the hierarchy comes only from the explicit `Area.parent`. Bad hierarchies
//! are survived, not trusted: a parent that is not in the plan ends the chain, and a cycle is
//! cut at its shallowest area (lowest level, then smallest code), which becomes a root. Both
//! are listed in [`AreaIndex::broken_parents`] so the user can fix the area list.

use crate::model::sorting;
use crate::model::{Area, Plan};
use serde::Serialize;
use std::collections::HashMap;

/// Why an area's parent link was not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParentProblem {
    /// The parent code is not an area of the plan.
    Missing,
    /// Following parents leads back to this area; the link was cut here.
    Cycle,
}

/// A parent link the index ignores, for the user to fix.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct BrokenParent {
    pub area: String,
    pub parent: String,
    pub problem: ParentProblem,
}

/// The plan's areas by code, with parent links resolved and made acyclic.
#[derive(Debug, Clone)]
pub struct AreaIndex<'a> {
    areas: Vec<&'a Area>,
    by_code: HashMap<String, usize>,
    /// The resolved parent of each area; None for roots, missing parents and cut cycles.
    parents: Vec<Option<usize>>,
    broken: Vec<BrokenParent>,
}

/// The key areas are found by: trimmed and upper-case, as P-codes are written both ways.
pub fn code_key(code: &str) -> String {
    code.trim().to_ascii_uppercase()
}

impl<'a> AreaIndex<'a> {
    /// Indexes the live areas of the plan. When two records share a code, the first in id
    /// order is used.
    pub fn new(plan: &'a Plan) -> AreaIndex<'a> {
        let mut areas = Vec::new();
        let mut by_code = HashMap::new();
        for record in plan.areas.live() {
            if let std::collections::hash_map::Entry::Vacant(slot) = by_code.entry(code_key(&record.data.code)) {
                slot.insert(areas.len());
                areas.push(&record.data);
            }
        }
        let mut broken = Vec::new();
        let mut parents: Vec<Option<usize>> = areas
            .iter()
            .map(|area| {
                let parent = area.parent.as_deref().filter(|p| !p.trim().is_empty())?;
                let found = by_code.get(&code_key(parent)).copied();
                if found.is_none() {
                    broken.push(BrokenParent {
                        area: area.code.clone(),
                        parent: parent.to_string(),
                        problem: ParentProblem::Missing,
                    });
                }
                found
            })
            .collect();
        cut_cycles(&areas, &mut parents, &mut broken);
        sorting::sort(&mut broken);
        AreaIndex { areas, by_code, parents, broken }
    }

    /// The position of an area in the index, for callers that memoise per area.
    pub fn position(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).or_else(|| self.by_code.get(&code_key(code))).copied()
    }

    pub fn area_at(&self, position: usize) -> Option<&'a Area> {
        self.areas.get(position).copied()
    }

    pub fn len(&self) -> usize {
        self.areas.len()
    }

    pub fn is_empty(&self) -> bool {
        self.areas.is_empty()
    }

    pub fn area(&self, code: &str) -> Option<&'a Area> {
        self.position(code).and_then(|p| self.area_at(p))
    }

    pub fn level(&self, code: &str) -> Option<u8> {
        self.area(code).map(|a| a.level)
    }

    pub fn name(&self, code: &str) -> Option<&'a str> {
        self.area(code).map(|a| a.name.as_str())
    }

    /// The area itself, then its parent, grandparent… up to a root. Always finite.
    pub fn ancestors(&self, code: &str) -> impl Iterator<Item = &'a Area> + '_ {
        self.position(code).into_iter().flat_map(|p| self.ancestor_positions(p)).filter_map(|p| self.area_at(p))
    }

    /// Positions of the area at `position` and its ancestors, nearest first.
    pub fn ancestor_positions(&self, position: usize) -> impl Iterator<Item = usize> + '_ {
        let start = (position < self.areas.len()).then_some(position);
        std::iter::successors(start, |&p| self.parents.get(p).copied().flatten())
    }

    /// The code of the area's ancestor at `level` (the area itself when it is at `level`),
    /// or None when the area is unknown, above `level`, or its chain skips `level`.
    pub fn ancestor_at(&self, code: &str, level: u8) -> Option<&'a str> {
        let position = self.ancestor_position_at(self.position(code)?, level)?;
        self.area_at(position).map(|a| a.code.as_str())
    }

    /// Like [`AreaIndex::ancestor_at`], by position. The walk stops at the first area
    /// at or above `level`, so a chain whose levels are out of order cannot jump past it.
    pub fn ancestor_position_at(&self, position: usize, level: u8) -> Option<usize> {
        self.ancestor_positions(position)
            .find(|&p| self.areas.get(p).is_none_or(|a| a.level <= level))
            .filter(|&p| self.areas.get(p).is_some_and(|a| a.level == level))
    }

    /// The ancestor at `level` of every area, by position: computed once per analysis.
    pub fn ancestors_at_level(&self, level: u8) -> Vec<Option<usize>> {
        (0..self.areas.len()).map(|p| self.ancestor_position_at(p, level)).collect()
    }

    /// Parent links that were ignored (missing parent or cycle), sorted by area code.
    pub fn broken_parents(&self) -> &[BrokenParent] {
        &self.broken
    }
}

/// Makes the parent links acyclic: each cycle loses the link of its shallowest area.
fn cut_cycles(areas: &[&Area], parents: &mut [Option<usize>], broken: &mut Vec<BrokenParent>) {
    const UNSEEN: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![UNSEEN; areas.len()];
    let mut path = Vec::new();
    for start in 0..areas.len() {
        let mut next = Some(start);
        while let Some(current) = next.filter(|&p| state.get(p) == Some(&UNSEEN)) {
            if let Some(s) = state.get_mut(current) {
                *s = ON_PATH;
            }
            path.push(current);
            next = parents.get(current).copied().flatten();
        }
        if let Some(repeated) = next.filter(|&p| state.get(p) == Some(&ON_PATH)) {
            let cycle = path.iter().skip_while(|&&p| p != repeated).copied();
            let root = cycle.min_by(|&a, &b| {
                let (a, b) = (areas.get(a), areas.get(b));
                a.map(|x| (x.level, &x.code)).cmp(&b.map(|x| (x.level, &x.code)))
            });
            if let Some(root) = root {
                let parent = parents.get_mut(root).and_then(Option::take);
                if let (Some(area), Some(parent)) = (areas.get(root), parent.and_then(|p| areas.get(p))) {
                    broken.push(BrokenParent {
                        area: area.code.clone(),
                        parent: parent.code.clone(),
                        problem: ParentProblem::Cycle,
                    });
                }
            }
        }
        for p in path.drain(..) {
            if let Some(s) = state.get_mut(p) {
                *s = DONE;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stamp;

    fn plan(areas: &[(&str, u8, Option<&str>)]) -> Plan {
        let stamp = Stamp { at: "2026-01-01T00:00:00Z".into(), by: "test".into() };
        let mut plan = Plan::new("p", "Plan", "SYR", "USD", &stamp);
        for (code, level, parent) in areas {
            let area = Area {
                names: Default::default(),
                code: code.to_string(),
                name: format!("Name of {code}"),
                level: *level,
                parent: parent.map(str::to_string),
                population: None,
                household_size: None,
            };
            plan.areas.upsert(code, area, &stamp);
        }
        plan
    }

    fn chain(index: &AreaIndex, code: &str) -> Vec<String> {
        index.ancestors(code).map(|a| a.code.clone()).collect()
    }

    #[test]
    fn follows_explicit_parents_not_code_prefixes() {
        let plan = plan(&[
            ("SY02", 1, None),
            ("SY0203", 2, Some("SY02")),
            ("SY020302", 3, Some("SY0203")),
            ("C1426", 4, Some("SY020302")),
        ]);
        let index = AreaIndex::new(&plan);
        assert_eq!(chain(&index, "C1426"), ["C1426", "SY020302", "SY0203", "SY02"]);
        assert_eq!(index.ancestor_at("C1426", 2), Some("SY0203"));
        assert_eq!(index.ancestor_at("c1426 ", 4), Some("C1426"));
        assert_eq!(index.ancestor_at("SY0203", 3), None, "an area above the level has none");
        assert_eq!(index.level("C1426"), Some(4));
        assert_eq!(index.name("SY02"), Some("Name of SY02"));
        assert!(index.broken_parents().is_empty());
    }

    #[test]
    fn missing_parent_ends_the_chain_and_is_reported() {
        let plan = plan(&[("A", 1, None), ("B", 2, Some("GONE"))]);
        let index = AreaIndex::new(&plan);
        assert_eq!(chain(&index, "B"), ["B"]);
        assert_eq!(index.ancestor_at("B", 1), None);
        assert_eq!(index.broken_parents()[0].problem, ParentProblem::Missing);
        assert_eq!(chain(&index, "NOPE"), Vec::<String>::new());
    }

    #[test]
    fn cycles_are_cut_at_the_shallowest_area() {
        let plan = plan(&[("X3", 3, Some("X2")), ("X2", 2, Some("X1")), ("X1", 1, Some("X3")), ("S", 1, Some("S"))]);
        let index = AreaIndex::new(&plan);
        assert_eq!(chain(&index, "X3"), ["X3", "X2", "X1"]);
        assert_eq!(index.ancestor_at("X3", 1), Some("X1"));
        assert_eq!(chain(&index, "S"), ["S"]);
        let cut: Vec<_> = index.broken_parents().iter().map(|b| (b.area.as_str(), b.problem)).collect();
        assert_eq!(cut, [("S", ParentProblem::Cycle), ("X1", ParentProblem::Cycle)]);
    }

    #[test]
    fn chain_skipping_the_level_has_no_ancestor_there() {
        let plan = plan(&[("G", 1, None), ("C", 4, Some("G"))]);
        let index = AreaIndex::new(&plan);
        assert_eq!(index.ancestor_at("C", 2), None);
        assert_eq!(index.ancestor_at("C", 1), Some("G"));
        let governorate = index.position("G");
        assert_eq!(index.ancestors_at_level(1), vec![governorate, governorate]);
    }
}
