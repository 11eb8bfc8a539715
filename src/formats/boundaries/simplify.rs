//! From a file's layers to a [`BoundarySet`] for the screen: attributes mapped, points
//! quantised to 1e-4°, each level's shared arcs simplified once (Ramer–Douglas–Peucker,
//! by the `geo` crate) and the rings put back together.
//!
//! Guarantees: neighbours' shared edges stay identical; holes and every part of a
//! multipolygon are kept; no ring has fewer than 4 points (a ring the tolerance would
//! flatten gets its arcs simplified again with a smaller tolerance, down to none); an
//! area is never dropped (one smaller than the 1e-4° grid is kept as one grid cell).

use super::mapping::{self, AttributeMapping, MappedFeature};
use super::topology::{self, Point, Topology};
use super::{BoundaryError, BoundaryFile, RawRing};
use crate::model::boundary::{quantise, BoundaryFeature, BoundarySet, Ring, Shape};
use geo::{Coord, LineString, SimplifyIdx};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The default tolerance in degrees: about 300 m, under a pixel when a country the size
/// of Syria fills a laptop screen, and a small fraction of the points.
pub const DEFAULT_TOLERANCE: f64 = 0.003;

/// Arcs are simplified in pieces of at most this many points: it bounds the recursion of
/// the algorithm (a crafted file must not exhaust the browser's stack) and its worst case.
const PIECE: usize = 1_000;

/// How many times a too-simple ring's arcs are simplified again, each time with a quarter
/// of the tolerance, before they are kept whole.
const REFINEMENTS: u32 = 6;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// Only the layer at this admin level; None for every layer.
    pub level: Option<u8>,
    /// Degrees; 0 keeps every point (after quantisation).
    pub tolerance: f64,
    /// Mappings chosen by the user, by layer name, instead of the proposed ones.
    #[serde(default)]
    pub mappings: BTreeMap<String, AttributeMapping>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions { level: None, tolerance: DEFAULT_TOLERANCE, mappings: BTreeMap::new() }
    }
}

/// What the simplification did to one level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelStats {
    pub level: u8,
    pub layer: String,
    pub features: usize,
    pub vertices_read: usize,
    pub vertices_kept: usize,
}

/// Maps, checks and simplifies the layers the options choose.
pub fn import(file: &BoundaryFile, options: &ImportOptions) -> Result<(BoundarySet, Vec<LevelStats>), BoundaryError> {
    let name = file.file.as_str();
    // A tolerance from outside (the app's JSON) that is not a positive number keeps every point.
    let tolerance = if options.tolerance.is_finite() && options.tolerance > 0.0 { options.tolerance } else { 0.0 };
    let mut chosen = Vec::new();
    let mut found = Vec::new();
    for layer in &file.layers {
        let mapping = options.mappings.get(&layer.name).cloned().or_else(|| mapping::propose_mapping(&layer.fields));
        let mapping = mapping.ok_or_else(|| BoundaryError::NoPcodeField {
            file: name.to_string(),
            layer: layer.name.clone(),
            fields: layer.fields.join(", "),
        })?;
        found.push(mapping.level);
        if options.level.is_none_or(|level| level == mapping.level) {
            chosen.push((layer, mapping));
        }
    }
    if chosen.is_empty() {
        let found = found.iter().map(u8::to_string).collect::<Vec<_>>().join(", ");
        return Err(BoundaryError::NoSuchLevel { file: name.to_string(), level: options.level.unwrap_or(0), found });
    }
    let mut first_of: HashMap<String, String> = HashMap::new();
    let mut set = BoundarySet { source: name.to_string(), features: Vec::new() };
    let mut stats = Vec::new();
    for (layer, mapping) in chosen {
        let features = mapping::apply(name, layer, &mapping)?;
        for feature in &features {
            let here = format!("{} in {}", feature.at, layer.name);
            if let Some(first) = first_of.insert(feature.pcode.to_uppercase(), here.clone()) {
                return Err(BoundaryError::DuplicatePcode {
                    file: name.to_string(),
                    pcode: feature.pcode.clone(),
                    first,
                    second: here,
                });
            }
        }
        let source = format!("{name}: {}", layer.name);
        let simplified = simplify_level(features, tolerance, &source);
        stats.push(LevelStats {
            level: mapping.level,
            layer: layer.name.clone(),
            features: simplified.len(),
            vertices_read: layer.vertex_count(),
            vertices_kept: simplified.iter().map(|f| f.shape.vertex_count()).sum(),
        });
        set.features.extend(simplified);
    }
    Ok((set, stats))
}

/// A feature's rings, quantised, as positions in the level's list of rings.
struct Quantised {
    feature: MappedFeature,
    /// Per polygon, the level-wide numbers of its rings (exterior first).
    polygons: Vec<Vec<usize>>,
}

fn simplify_level(features: Vec<MappedFeature>, tolerance: f64, source: &str) -> Vec<BoundaryFeature> {
    let mut rings: Vec<Vec<Point>> = Vec::new();
    let quantised: Vec<Quantised> = features
        .into_iter()
        .map(|feature| {
            let mut polygons = Vec::new();
            for polygon in &feature.polygons {
                let mut numbers = Vec::new();
                for (i, ring) in polygon.iter().enumerate() {
                    match quantised_ring(ring) {
                        Some(points) => {
                            numbers.push(rings.len());
                            rings.push(points);
                        }
                        // An exterior smaller than the grid takes its holes with it.
                        None if i == 0 => break,
                        None => {}
                    }
                }
                if !numbers.is_empty() {
                    polygons.push(numbers);
                }
            }
            Quantised { feature, polygons }
        })
        .collect();
    let topology = topology::build(&rings);
    let simplified = simplify_arcs(&topology, tolerance * crate::model::boundary::UNITS_PER_DEGREE);
    quantised
        .into_iter()
        .map(|Quantised { feature, polygons }| {
            let mut shape = Shape {
                polygons: polygons
                    .iter()
                    .map(|numbers| {
                        numbers.iter().map(|&n| Ring::from_points(&topology::ring(&topology, &simplified, n))).collect()
                    })
                    .collect(),
            };
            if shape.polygons.is_empty() {
                shape.polygons.push(vec![grid_cell(&feature)]);
            }
            BoundaryFeature {
                pcode: feature.pcode,
                level: feature.level,
                parent: feature.parent,
                names: feature.names,
                shape,
                source: source.to_string(),
            }
        })
        .collect()
}

/// The ring on the 1e-4° grid without repeated points; None when fewer than 3 distinct
/// corners are left (it is smaller than the grid).
fn quantised_ring(ring: &RawRing) -> Option<Vec<Point>> {
    let mut points: Vec<Point> = ring.iter().map(|&[x, y]| (quantise(x), quantise(y))).collect();
    points.dedup();
    let closed = points.first() == points.last();
    (closed && points.len() >= 4).then_some(points)
}

/// One grid cell at the feature's first point: how an area smaller than the grid is kept.
fn grid_cell(feature: &MappedFeature) -> Ring {
    let first = feature.polygons.iter().flatten().flatten().next().copied().unwrap_or([0.0, 0.0]);
    let (x, y) = (quantise(first[0]), quantise(first[1]));
    let (x1, y1) = (x.saturating_add(1), y.saturating_add(1));
    Ring::from_points(&[(x, y), (x1, y), (x1, y1), (x, y1), (x, y)])
}

/// Simplifies every arc once; then, while some ring has fewer than 4 points, simplifies
/// that ring's arcs again with a quarter of the tolerance (shared arcs change for every
/// ring that uses them, so edges stay shared).
fn simplify_arcs(topology: &Topology, epsilon: f64) -> Vec<Vec<Point>> {
    let mut tolerance: Vec<f64> = vec![epsilon; topology.arcs.len()];
    let mut arcs: Vec<Vec<Point>> = topology.arcs.iter().map(|arc| simplify_arc(arc, epsilon)).collect();
    for round in 0..=REFINEMENTS {
        let flat: Vec<usize> =
            (0..topology.rings.len()).filter(|&r| topology::ring(topology, &arcs, r).len() < 4).collect();
        if flat.is_empty() {
            break;
        }
        for ring in flat {
            for &(arc, _) in topology.rings.get(ring).into_iter().flatten() {
                let (Some(t), Some(original), Some(out)) =
                    (tolerance.get_mut(arc), topology.arcs.get(arc), arcs.get_mut(arc))
                else {
                    continue;
                };
                *t = if round == REFINEMENTS { 0.0 } else { *t / 4.0 };
                *out = simplify_arc(original, *t);
            }
        }
    }
    arcs
}

/// RDP on one arc, its ends kept, in pieces of at most [`PIECE`] points.
fn simplify_arc(arc: &[Point], epsilon: f64) -> Vec<Point> {
    if epsilon <= 0.0 || arc.len() <= 2 {
        return arc.to_vec();
    }
    let mut out: Vec<Point> = Vec::new();
    for (i, piece) in arc.chunks(PIECE).enumerate() {
        // Each piece starts at the previous piece's last point, so none is skipped.
        let start = (i * PIECE).saturating_sub(1);
        let piece = arc.get(start..start + piece.len() + usize::from(i > 0)).unwrap_or(piece);
        let line: LineString<f64> =
            piece.iter().map(|&(x, y)| Coord { x: f64::from(x), y: f64::from(y) }).collect::<Vec<_>>().into();
        let kept = line.simplify_idx(epsilon);
        let skip_first = usize::from(!out.is_empty());
        out.extend(kept.into_iter().skip(skip_first).filter_map(|k| piece.get(k).copied()));
    }
    out
}

#[cfg(test)]
#[path = "simplify_tests.rs"]
mod tests;
