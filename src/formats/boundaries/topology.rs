//! Shared arcs between the rings of one admin level, as TopoJSON builds them: a ring is
//! cut at its junctions (points where it meets another ring, or itself, with different
//! neighbours), and the pieces between junctions are stored once, however many rings use
//! them. Simplifying each arc once keeps the edge two neighbours share identical in both.
//!
//! Works on quantised integer points, so "the same point" is exact equality. Linear in the
//! number of points (hash maps), apart from one comparison per closed ring.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

pub type Point = (i32, i32);

/// The arcs of a set of rings and how to put each ring back together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topology {
    /// Each arc from one junction to the next (a ring without junctions is one closed arc
    /// whose last point is its first).
    pub arcs: Vec<Vec<Point>>,
    /// Per ring, its arcs in order, each with whether it is walked backwards.
    pub rings: Vec<Vec<(usize, bool)>>,
}

/// How a point has been seen so far: with one pair of neighbours, or as a junction.
enum Seen {
    Between(Point, Point),
    Junction,
}

/// The ring's distinct points (without the closing repeat of the first).
fn open(ring: &[Point]) -> &[Point] {
    match ring {
        [rest @ .., last] if ring.first() == Some(last) => rest,
        _ => ring,
    }
}

fn junctions(rings: &[Vec<Point>]) -> HashMap<Point, Seen> {
    let mut seen: HashMap<Point, Seen> = HashMap::new();
    for ring in rings {
        let points = open(ring);
        let n = points.len();
        for (i, &point) in points.iter().enumerate() {
            let (Some(&before), Some(&after)) = (points.get((i + n - 1) % n), points.get((i + 1) % n)) else {
                continue;
            };
            match seen.entry(point) {
                Entry::Vacant(slot) => {
                    slot.insert(Seen::Between(before, after));
                }
                Entry::Occupied(mut slot) => {
                    if let Seen::Between(a, b) = *slot.get() {
                        if (a, b) != (before, after) && (a, b) != (after, before) {
                            slot.insert(Seen::Junction);
                        }
                    }
                }
            }
        }
    }
    seen
}

/// Stores arcs once: an arc and its reverse are the same arc.
#[derive(Default)]
struct Arcs {
    index: HashMap<Vec<Point>, usize>,
    list: Vec<Vec<Point>>,
}

impl Arcs {
    /// The arc's number and whether `arc` runs against the stored direction.
    fn add(&mut self, arc: Vec<Point>) -> (usize, bool) {
        let reversed: Vec<Point> = arc.iter().rev().copied().collect();
        let backwards = reversed < arc;
        let canonical = if backwards { reversed } else { arc };
        let next = self.list.len();
        match self.index.entry(canonical) {
            Entry::Occupied(slot) => (*slot.get(), backwards),
            Entry::Vacant(slot) => {
                self.list.push(slot.key().clone());
                slot.insert(next);
                (next, backwards)
            }
        }
    }
}

/// Builds the arcs of closed rings (each at least 4 points, first = last, no repeated
/// consecutive points).
pub fn build(rings: &[Vec<Point>]) -> Topology {
    let seen = junctions(rings);
    let is_junction = |p: &Point| matches!(seen.get(p), Some(Seen::Junction));
    let mut arcs = Arcs::default();
    let mut ring_arcs = Vec::with_capacity(rings.len());
    for ring in rings {
        let points = open(ring);
        let n = points.len();
        let first_junction = points.iter().position(is_junction);
        let start = first_junction.unwrap_or_else(|| canonical_start(points));
        let rotated: Vec<Point> = (0..=n).filter_map(|i| points.get((start + i) % n.max(1)).copied()).collect();
        let mut parts = Vec::new();
        if first_junction.is_none() {
            parts.push(arcs.add(rotated));
        } else {
            let mut arc = Vec::new();
            for (i, point) in rotated.iter().enumerate() {
                arc.push(*point);
                if i > 0 && is_junction(point) {
                    parts.push(arcs.add(std::mem::replace(&mut arc, vec![*point])));
                }
            }
        }
        ring_arcs.push(parts);
    }
    Topology { arcs: arcs.list, rings: ring_arcs }
}

/// Where a ring without junctions starts: at its smallest point, so a ring shared whole
/// by two areas (an enclave: one's hole, the other's outline) is cut the same way in both.
fn canonical_start(points: &[Point]) -> usize {
    points.iter().enumerate().min_by_key(|(_, p)| **p).map_or(0, |(i, _)| i)
}

/// A ring put back together from its (simplified) arcs.
pub fn ring(topology: &Topology, arcs: &[Vec<Point>], ring: usize) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::new();
    for &(arc, backwards) in topology.rings.get(ring).into_iter().flatten() {
        let Some(points) = arcs.get(arc) else { continue };
        let mut walk: Box<dyn Iterator<Item = &Point>> =
            if backwards { Box::new(points.iter().rev()) } else { Box::new(points.iter()) };
        if !out.is_empty() {
            walk.next();
        }
        out.extend(walk);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two unit squares side by side share the edge x = 1.
    fn neighbours() -> Vec<Vec<Point>> {
        vec![vec![(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)], vec![(1, 0), (2, 0), (2, 1), (1, 1), (1, 0)]]
    }

    #[test]
    fn a_shared_edge_is_one_arc_walked_both_ways() {
        let rings = neighbours();
        let topology = build(&rings);
        let shared: Vec<(usize, bool)> = topology.rings[0]
            .iter()
            .copied()
            .filter(|(arc, _)| topology.rings[1].iter().any(|(other, _)| other == arc))
            .collect();
        assert_eq!(shared.len(), 1, "{topology:?}");
        let (arc, backwards) = shared[0];
        let back_in_second = topology.rings[1].iter().find(|(a, _)| *a == arc).unwrap().1;
        assert_ne!(backwards, back_in_second, "neighbours walk their shared edge in opposite directions");
        for (i, original) in rings.iter().enumerate() {
            let rebuilt = ring(&topology, &topology.arcs, i);
            assert_eq!(rebuilt.len(), original.len());
            assert_eq!(rebuilt.first(), rebuilt.last());
            let mut a: Vec<_> = rebuilt[1..].to_vec();
            let mut b: Vec<_> = original[1..].to_vec();
            a.sort_unstable();
            b.sort_unstable();
            assert_eq!(a, b, "same points, possibly from another start");
        }
    }

    #[test]
    fn an_enclave_is_one_closed_arc_for_the_hole_and_the_island() {
        let outline = vec![(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)];
        let hole = vec![(3, 3), (3, 6), (6, 6), (6, 3), (3, 3)];
        let island: Vec<Point> = hole.iter().rev().copied().collect();
        let rotated_island = vec![(6, 6), (6, 3), (3, 3), (3, 6), (6, 6)];
        let topology = build(&[outline, hole, island, rotated_island]);
        assert_eq!(topology.arcs.len(), 2, "{topology:?}");
        assert_eq!(topology.rings[1][0].0, topology.rings[2][0].0);
        assert_eq!(topology.rings[1][0].0, topology.rings[3][0].0);
        assert_ne!(topology.rings[1][0].1, topology.rings[2][0].1);
    }
}
