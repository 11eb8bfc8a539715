//! Simplification on made-up tilings where the answer is known: shared edges stay shared,
//! holes and parts are kept, rings keep 4 points, tiny areas survive.

use super::super::{BoundaryFile, Layer, RawFeature, RawPolygon, RawRing};
use super::*;
use std::collections::HashSet;

/// A wiggly edge from `a` to `b` (degrees) with `n` points in between, the same whichever
/// cell draws it: the wiggle depends on the edge's ends only.
fn edge(a: [f64; 2], b: [f64; 2], n: usize) -> Vec<[f64; 2]> {
    let (from, to, reversed) = if a <= b { (a, b, false) } else { (b, a, true) };
    let seed = (from[0] * 7.0 + from[1] * 13.0 + to[0] * 3.0 + to[1]).abs();
    let mut points: Vec<[f64; 2]> = (0..=n + 1)
        .map(|i| {
            let t = i as f64 / (n + 1) as f64;
            let noise = 0.002 * ((seed + i as f64) * 1.7).sin();
            let wiggle = if i == 0 || i == n + 1 { 0.0 } else { noise + 0.05 * (t * std::f64::consts::PI).sin() };
            let (dx, dy) = (to[0] - from[0], to[1] - from[1]);
            [from[0] + dx * t - dy * wiggle, from[1] + dy * t + dx * wiggle]
        })
        .collect();
    if reversed {
        points.reverse();
    }
    points
}

/// A cell of a grid, with wiggly edges of `n` points.
fn cell(col: usize, row: usize, n: usize) -> RawRing {
    let (x, y) = (30.0 + col as f64, 30.0 + row as f64);
    let corners = [[x, y], [x, y + 1.0], [x + 1.0, y + 1.0], [x + 1.0, y], [x, y]];
    let mut ring: RawRing = Vec::new();
    for pair in corners.windows(2) {
        let mut side = edge(pair[0], pair[1], n);
        if !ring.is_empty() {
            side.remove(0);
        }
        ring.extend(side);
    }
    ring
}

fn feature(pcode: &str, polygons: Vec<RawPolygon>) -> RawFeature {
    let attributes = [("ADM1_PCODE", pcode), ("ADM1_EN", pcode), ("ADM0_PCODE", "XX")];
    RawFeature { attributes: attributes.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(), polygons }
}

fn file_of(features: Vec<RawFeature>) -> BoundaryFile {
    let fields = ["ADM1_PCODE", "ADM1_EN", "ADM0_PCODE"].map(String::from).to_vec();
    BoundaryFile { file: "test.geojson".into(), layers: vec![Layer { name: "test".into(), fields, features }] }
}

fn grid(n: usize) -> BoundaryFile {
    let features = (0..3).flat_map(|c| (0..3).map(move |r| (c, r)));
    file_of(features.map(|(c, r)| feature(&format!("XX{c}{r}"), vec![vec![cell(c, r, n)]])).collect())
}

fn points(feature: &BoundaryFeature) -> HashSet<(i32, i32)> {
    feature.shape.polygons.iter().flatten().flat_map(|r| r.points()).collect()
}

#[test]
fn neighbours_keep_the_same_points_on_their_shared_edge() {
    let file = grid(200);
    let (exact, _) = import(&file, &ImportOptions { tolerance: 0.0, ..ImportOptions::default() }).unwrap();
    let (simple, stats) = import(&file, &ImportOptions::default()).unwrap();
    assert!(stats[0].vertices_kept * 3 < stats[0].vertices_read, "{stats:?}");
    let mut pairs = 0;
    for (i, a) in exact.features.iter().enumerate() {
        for (j, b) in exact.features.iter().enumerate().skip(i + 1) {
            let shared: HashSet<_> = points(a).intersection(&points(b)).copied().collect();
            if shared.len() < 3 {
                continue;
            }
            pairs += 1;
            let kept_a: HashSet<_> = points(&simple.features[i]).intersection(&shared).copied().collect();
            let kept_b: HashSet<_> = points(&simple.features[j]).intersection(&shared).copied().collect();
            assert_eq!(kept_a, kept_b, "{} and {} keep different points on their edge", a.pcode, b.pcode);
            assert!(kept_a.len() >= 2);
        }
    }
    assert_eq!(pairs, 12, "a 3×3 grid has 12 shared edges");
}

#[test]
fn holes_parts_and_tiny_areas_are_kept_with_at_least_4_points_per_ring() {
    let big = cell(0, 0, 50);
    let hole: RawRing = vec![[30.4, 30.4], [30.6, 30.4], [30.6, 30.6], [30.4, 30.6], [30.4, 30.4]];
    let island: RawRing = vec![[35.0, 35.0], [35.001, 35.0], [35.0, 35.001], [35.0, 35.0]];
    let speck: RawRing = vec![[40.0, 40.0], [40.00001, 40.0], [40.0, 40.00001], [40.0, 40.0]];
    let file = file_of(vec![
        feature("XX1", vec![vec![big, hole], vec![island.clone()]]),
        feature("XX2", vec![vec![island.iter().map(|[x, y]| [x + 1.0, *y]).collect()]]),
        feature("XX3", vec![vec![speck]]),
    ]);
    let (set, _) = import(&file, &ImportOptions { tolerance: 0.05, ..ImportOptions::default() }).unwrap();
    let shape = |i: usize| &set.features[i].shape;
    assert_eq!(shape(0).polygons.len(), 2, "both parts kept");
    assert_eq!(shape(0).polygons[0].len(), 2, "the hole kept");
    assert_eq!(shape(1).polygons.len(), 1, "a tiny island far below the tolerance kept");
    assert_eq!(shape(2).vertex_count(), 5, "an area below the grid kept as one cell");
    for ring in set.features.iter().flat_map(|f| f.shape.polygons.iter().flatten()) {
        let points: Vec<_> = ring.points().collect();
        assert!(points.len() >= 4, "{points:?}");
        assert_eq!(points.first(), points.last());
    }
}

#[test]
fn long_arcs_are_simplified_in_pieces_without_losing_their_ends() {
    let arc: Vec<Point> = (0..2_500).map(|i| (i, if i % 2 == 0 { 0 } else { 1 })).collect();
    let simple = simplify_arc(&arc, 5.0);
    assert_eq!(simple.first(), arc.first());
    assert_eq!(simple.last(), arc.last());
    assert!(simple.len() <= 5, "{simple:?}");
    assert!(simple.windows(2).all(|w| w[0].0 < w[1].0), "in order, no repeats");
}

#[test]
fn layers_are_chosen_by_level_and_pcodes_must_be_unique() {
    let file = grid(3);
    let none = import(&file, &ImportOptions { level: Some(2), ..ImportOptions::default() });
    assert!(matches!(none, Err(BoundaryError::NoSuchLevel { level: 2, ref found, .. }) if found == "1"));
    let mut twice = grid(3);
    let copy = twice.layers[0].features[0].clone();
    twice.layers[0].features.push(copy);
    let error = import(&twice, &ImportOptions::default()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "test.geojson: the P-code XX00 is given to two shapes (area 1 (XX00) in test and area 10 (XX00) in test). \
         Each area must have one P-code of its own."
    );
}
