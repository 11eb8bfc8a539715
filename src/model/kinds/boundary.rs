//! Administrative boundaries as a plan keeps them: one feature per area (P-code), with its
//! names by language, level, parent and a simplified, quantised shape.
//!
//! Stored as one record per feature, keyed by P-code (the same key as the plan's `Area`):
//! a feature is a few kilobytes, an import or a newer COD-AB version replaces the features
//! one by one (an unchanged feature stays the same record), and a map reads only the
//! features of the level it draws. Shared edges between neighbours are stored in both
//! features, as the same quantised points, so they stay aligned when drawn.
//!
//! A registered kind: boundaries merge, travel in changes and are stored in chunks like
//! activities (they are large). A plan file carries them only when asked
//! ([`without_boundaries`]).

use crate::model::kind::Kind;
use crate::model::rules::{Field, Problem, ProblemKind, ValueType};
use crate::model::sorting;
use crate::model::{Plan, Table};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Degrees per stored coordinate unit: 1e-4° is about 11 m, far below a screen pixel at
/// any admin level a coordinator maps.
pub const COORDINATE_STEP: f64 = 1e-4;

/// Stored units per degree (the inverse of [`COORDINATE_STEP`]).
pub const UNITS_PER_DEGREE: f64 = 10_000.0;

/// A coordinate in degrees as stored units. Callers check the range first (WGS 84
/// longitudes and latitudes fit easily); out-of-range values saturate.
pub fn quantise(degrees: f64) -> i32 {
    // `as` saturates and maps NaN to 0: no panic whatever the input.
    (degrees * UNITS_PER_DEGREE).round() as i32
}

/// Stored units back to degrees (a division, so 361234 prints as 36.1234).
pub fn degrees(units: i32) -> f64 {
    f64::from(units) / UNITS_PER_DEGREE
}

/// One area's boundary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoundaryFeature {
    /// The area's P-code, as the boundary file writes it (trimmed).
    pub pcode: String,
    /// Admin level: 0 the country, 1 the first subdivision (governorate, province), …
    pub level: u8,
    /// The P-code of the area one level up, when the file gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Names by lower-case language code (`en`, `ar`, `fr`, …), as the file gives them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub names: BTreeMap<String, String>,
    pub shape: Shape,
    /// The file and layer it came from, cited as the data source under a map.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

impl Kind for BoundaryFeature {
    const SINGULAR: &'static str = "boundary";
    const PLURAL: &'static str = "boundaries";
    const FIELDS: &'static [Field] = &[
        Field::new("pcode", "P-code", "#adm+code", ValueType::Text).required(),
        Field::new("level", "Admin level", "#indicator+level", ValueType::Count).required(),
        Field::new("parent", "Parent P-code", "#adm+code+parent", ValueType::Text),
        Field::new("names", "Names", "#adm+name+i_xx", ValueType::List),
        Field::new("source", "Source", "#meta+source", ValueType::Text),
    ];
    /// A feature is a few kilobytes: storage keeps them in chunks, so an edit to the plan
    /// does not rewrite them.
    const CHUNKED: bool = true;
    const CHUNK_RECORDS: usize = 250;

    fn natural_id(&self) -> Option<String> {
        Some(self.pcode.clone())
    }

    fn check(&self, _plan: &Plan, out: &mut Vec<Problem>) {
        if self.pcode.trim().is_empty() {
            out.push(Problem::error("pcode", ProblemKind::Missing));
        }
        if self.parent.as_deref().is_some_and(|p| p.trim().eq_ignore_ascii_case(self.pcode.trim())) {
            out.push(Problem::error("parent", ProblemKind::OwnParent));
        }
        if self.level > 9 {
            out.push(Problem::error("level", ProblemKind::LevelOutOfRange { level: self.level }));
        }
        let drawable = self.shape.polygons.iter().filter_map(|p| p.first()).any(|ring| ring.len() >= 4);
        if !drawable {
            out.push(Problem::error("pcode", ProblemKind::NoShape));
        }
    }

    fn describe(&self, _id: &str) -> String {
        format!("Boundary {} {}", self.pcode, self.name())
    }

    fn field_text(&self, key: &str) -> String {
        match key {
            "pcode" => self.pcode.clone(),
            "level" => self.level.to_string(),
            "parent" => self.parent.clone().unwrap_or_default(),
            "names" => {
                self.names.iter().map(|(language, name)| format!("{language}: {name}")).collect::<Vec<_>>().join("; ")
            }
            "source" => self.source.clone(),
            _ => String::new(),
        }
    }
}

/// The plan without its boundaries (an O(1) copy): what a plan file carries unless the
/// user asks for the boundaries too.
pub fn without_boundaries(plan: &Plan) -> Plan {
    Plan { boundaries: Table::default(), ..plan.clone() }
}

/// The admin levels the plan has boundaries for, shallowest first.
pub fn stored_levels(plan: &Plan) -> Vec<u8> {
    let mut levels: Vec<u8> = plan.boundaries.live().map(|r| r.data.level).collect();
    sorting::sort(&mut levels);
    levels.dedup();
    levels
}

/// The plan's boundaries at one level, in P-code order.
/// The boundaries a plan stores, at `level` or all, owned (to copy into another plan).
pub fn stored_features(plan: &Plan, level: Option<u8>) -> Vec<BoundaryFeature> {
    plan.boundaries.live().map(|r| r.data.clone()).filter(|f| level.is_none_or(|l| f.level == l)).collect()
}

pub fn stored_at_level(plan: &Plan, level: u8) -> Vec<&BoundaryFeature> {
    plan.boundaries.live().map(|r| &r.data).filter(|f| f.level == level).collect()
}

/// Languages a name is preferred in, in order, when no language is asked for.
const PREFERRED_LANGUAGES: [&str; 4] = ["en", "fr", "es", "pt"];

impl BoundaryFeature {
    /// The name to show: English, else French, Spanish or Portuguese, else the first
    /// language the file gives, else the P-code.
    pub fn name(&self) -> &str {
        PREFERRED_LANGUAGES
            .iter()
            .find_map(|language| self.names.get(*language))
            .or_else(|| self.names.values().next())
            .map_or(self.pcode.as_str(), String::as_str)
    }
}

/// The shape of one area: polygons, each an exterior ring followed by its holes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Shape {
    pub polygons: Vec<Vec<Ring>>,
}

impl Shape {
    pub fn vertex_count(&self) -> usize {
        self.polygons.iter().flatten().map(Ring::len).sum()
    }

    /// The smallest box holding every point, in stored units: (min x, min y, max x, max y).
    pub fn bounds(&self) -> Option<(i32, i32, i32, i32)> {
        let mut points = self.polygons.iter().flatten().flat_map(Ring::points);
        let (x, y) = points.next()?;
        Some(points.fold((x, y, x, y), |(x0, y0, x1, y1), (x, y)| (x0.min(x), y0.min(y), x1.max(x), y1.max(y))))
    }
}

/// A closed ring of points in stored units, kept as the first point then the difference
/// from each point to the next (`x0, y0, dx1, dy1, …`): small numbers, so compact JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Ring(Vec<i32>);

impl Ring {
    pub fn from_points(points: &[(i32, i32)]) -> Ring {
        let mut values = Vec::with_capacity(points.len() * 2);
        let mut last = (0i32, 0i32);
        for &(x, y) in points {
            values.push(x.wrapping_sub(last.0));
            values.push(y.wrapping_sub(last.1));
            last = (x, y);
        }
        Ring(values)
    }

    /// The points, first to last (the last repeats the first). A stored ring with an odd
    /// number of values (a damaged file) loses its last value, never panics.
    pub fn points(&self) -> impl Iterator<Item = (i32, i32)> + '_ {
        self.0.chunks_exact(2).scan((0i32, 0i32), |at, delta| {
            if let [dx, dy] = delta {
                *at = (at.0.wrapping_add(*dx), at.1.wrapping_add(*dy));
            }
            Some(*at)
        })
    }

    pub fn len(&self) -> usize {
        self.0.len() / 2
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What one boundary file gave after simplification: the features of one or more levels.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BoundarySet {
    /// The file it was read from.
    pub source: String,
    pub features: Vec<BoundaryFeature>,
}

impl BoundarySet {
    /// The admin levels present, shallowest first.
    pub fn levels(&self) -> Vec<u8> {
        let mut levels: Vec<u8> = self.features.iter().map(|f| f.level).collect();
        sorting::sort(&mut levels);
        levels.dedup();
        levels
    }

    pub fn at_level(&self, level: u8) -> impl Iterator<Item = &BoundaryFeature> {
        self.features.iter().filter(move |f| f.level == level)
    }

    pub fn vertex_count(&self, level: u8) -> usize {
        self.at_level(level).map(|f| f.shape.vertex_count()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rings_round_trip_through_deltas_and_json() {
        let points = [(362_345, 351_234), (362_400, 351_200), (362_300, 351_100), (362_345, 351_234)];
        let ring = Ring::from_points(&points);
        assert_eq!(ring.points().collect::<Vec<_>>(), points);
        let json = serde_json::to_string(&ring).unwrap();
        assert_eq!(json, "[362345,351234,55,-34,-100,-100,45,134]");
        assert_eq!(serde_json::from_str::<Ring>(&json).unwrap(), ring);
        let damaged: Ring = serde_json::from_str("[1,2,3]").unwrap();
        assert_eq!(damaged.points().collect::<Vec<_>>(), [(1, 2)]);
    }

    #[test]
    fn names_prefer_english_then_the_first_language_then_the_pcode() {
        let mut feature = BoundaryFeature {
            pcode: "SY02".into(),
            level: 1,
            parent: Some("SY".into()),
            names: BTreeMap::new(),
            shape: Shape::default(),
            source: String::new(),
        };
        assert_eq!(feature.name(), "SY02");
        feature.names.insert("ar".into(), "حلب".into());
        assert_eq!(feature.name(), "حلب");
        feature.names.insert("en".into(), "Aleppo".into());
        assert_eq!(feature.name(), "Aleppo");
    }

    #[test]
    fn quantising_rounds_to_the_grid_and_saturates() {
        assert_eq!(quantise(36.12346), 361_235);
        assert_eq!(quantise(-0.00004), 0);
        assert_eq!(quantise(f64::NAN), 0);
        assert_eq!(quantise(1e300), i32::MAX);
        assert_eq!(degrees(361_235).to_string(), "36.1235");
    }
}
