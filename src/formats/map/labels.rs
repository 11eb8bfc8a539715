//! Area names on the map, where they fit: each area's name sits on the widest stretch inside
//! its largest polygon, along the line through the middle of that polygon's height (inside
//! by construction, even for a crescent-shaped area whose centre lies outside it). A name
//! is drawn when it fits at the map's zoom: each label carries the zoom from which it fits,
//! so the app shows more names as the user zooms in and an export shows those that fit.

use crate::model::boundary::{degrees, Shape};
use crate::model::sorting;

/// The labels' font size in pixels at zoom 1 (the app keeps it on screen as the map zooms).
pub const LABEL_FONT: f64 = 11.0;
/// Beyond this zoom no label is kept: the app zooms no further.
pub const MAX_ZOOM: f64 = 16.0;

/// A polygon's rings in pixels.
type Rings = Vec<Vec<(f64, f64)>>;

/// Where a name goes, in the drawing's pixels, and the zoom from which it fits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelSpot {
    pub x: f64,
    pub y: f64,
    pub min_zoom: f64,
}

/// The label spot of an area named `name`, with `project` from degrees to pixels; None when
/// the shape is empty or the name would not fit even at the largest zoom.
pub fn label_spot(shape: &Shape, name: &str, project: &dyn Fn(f64, f64) -> (f64, f64)) -> Option<LabelSpot> {
    let rings_of = |polygon: &[crate::model::boundary::Ring]| -> Rings {
        let points = |ring: &crate::model::boundary::Ring| -> Vec<(f64, f64)> {
            ring.points().map(|(x, y)| project(degrees(x), degrees(y))).collect()
        };
        polygon.iter().map(points).collect()
    };
    // The polygon with the largest bounding box (a country's mainland before its islands).
    let (rings, (top, bottom)) = shape
        .polygons
        .iter()
        .map(|polygon| rings_of(polygon))
        .filter_map(|rings| {
            let outer = rings.first()?;
            let (x0, x1) = span(outer.iter().map(|p| p.0))?;
            let (y0, y1) = span(outer.iter().map(|p| p.1))?;
            Some(((x1 - x0) * (y1 - y0), rings, (y0, y1)))
        })
        .fold(None, |best: Option<(f64, Rings, (f64, f64))>, next| match best {
            Some(best) if best.0 >= next.0 => Some(best),
            _ => Some(next),
        })
        .map(|(_, rings, ys)| (rings, ys))?;
    let y = (top + bottom) / 2.0;
    // Where the rings cross the middle line, left to right: inside between each pair.
    let mut crossings: Vec<f64> = Vec::new();
    for ring in &rings {
        for (p, q) in ring.iter().zip(ring.iter().skip(1).chain(ring.first())) {
            if (p.1 > y) != (q.1 > y) {
                crossings.push(p.0 + (y - p.1) * (q.0 - p.0) / (q.1 - p.1));
            }
        }
    }
    sorting::sort_by(&mut crossings, f64::total_cmp);
    let (left, right) = crossings.chunks_exact(2).map(|pair| (pair[0], pair[1])).fold((0.0, 0.0), |best, next| {
        if next.1 - next.0 > best.1 - best.0 {
            next
        } else {
            best
        }
    });
    let (width, height) = (right - left, bottom - top);
    if width <= 0.0 || height <= 0.0 {
        return None;
    }
    // About 0.55 em per character of a sans-serif face; the height wants a line and a little.
    let text_width = name.chars().count() as f64 * LABEL_FONT * 0.55;
    let min_zoom = f64::max(text_width / width, LABEL_FONT * 1.3 / height).max(1.0);
    (min_zoom <= MAX_ZOOM).then_some(LabelSpot { x: (left + right) / 2.0, y, min_zoom })
}

fn span(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values.fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((f64::min(lo, v), f64::max(hi, v))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::boundary::{Ring, Shape, UNITS_PER_DEGREE};

    fn degrees_ring(points: &[(f64, f64)]) -> Ring {
        let fixed: Vec<(i32, i32)> = points
            .iter()
            .map(|(x, y)| ((x * UNITS_PER_DEGREE).round() as i32, (y * UNITS_PER_DEGREE).round() as i32))
            .collect();
        Ring::from_points(&fixed)
    }

    /// Degrees to pixels, 100 px a degree, y downwards.
    fn project(x: f64, y: f64) -> (f64, f64) {
        (x * 100.0, -y * 100.0)
    }

    #[test]
    fn a_name_sits_inside_a_c_shaped_area_and_fits_from_the_zoom_its_length_needs() {
        // A "C": its bounding box's centre (1.5, 1.5) lies in the gap, outside the area.
        let c = degrees_ring(&[
            (0.0, 0.0),
            (3.0, 0.0),
            (3.0, 1.0),
            (1.0, 1.0),
            (1.0, 2.0),
            (3.0, 2.0),
            (3.0, 3.0),
            (0.0, 3.0),
            (0.0, 0.0),
        ]);
        let shape = Shape { polygons: vec![vec![c]] };
        let spot = label_spot(&shape, "Afrin", &project).unwrap();
        assert!((spot.y - -150.0).abs() < 1e-6);
        assert!((spot.x - 50.0).abs() < 1e-6, "in the C's back, {spot:?}");
        assert_eq!(spot.min_zoom, 1.0, "5 letters fit in 100 px at zoom 1");
        let long = "A name far too long for the back of the C at first sight";
        let needs = long.chars().count() as f64 * LABEL_FONT * 0.55 / 100.0;
        assert!((label_spot(&shape, long, &project).unwrap().min_zoom - needs).abs() < 1e-9);
    }

    #[test]
    fn the_largest_polygon_carries_the_name_and_tiny_or_empty_areas_none() {
        let island = degrees_ring(&[(10.0, 0.0), (10.1, 0.0), (10.1, 0.1), (10.0, 0.0)]);
        let mainland = degrees_ring(&[(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0)]);
        let shape = Shape { polygons: vec![vec![island.clone()], vec![mainland]] };
        let spot = label_spot(&shape, "Idleb", &project).unwrap();
        assert!((spot.x - 200.0).abs() < 1e-6 && (spot.y - -200.0).abs() < 1e-6, "{spot:?}");
        let speck = degrees_ring(&[(0.0, 0.0), (0.0001, 0.0), (0.0001, 0.0001), (0.0, 0.0)]);
        assert_eq!(label_spot(&Shape { polygons: vec![vec![speck]] }, "Speck", &project), None);
        assert_eq!(label_spot(&Shape { polygons: vec![] }, "Nothing", &project), None);
    }
}
