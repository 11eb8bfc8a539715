//! The map's pan and zoom as a pure reducer: a view (zoom and shift of the drawing's
//! viewport, in the drawing's own pixels) and the changes that mouse, touch and keys ask
//! for. The Map page keeps it beside the drawing, like a scroll position (it is not part of
//! the plan or the URL), and applies it to the drawing as a transform.
//!
//! **Invariant:** zoom stays within 1 to `MAX_ZOOM` and the map's region stays covered:
//! however far one pans, the map never slides off and leaves an empty frame.

use crate::formats::map::labels::MAX_ZOOM;

/// The map's region in the drawing's pixels: left, top, width, height (`data-box`).
pub type Region = (f64, f64, f64, f64);

/// How the drawing's viewport is shown: `zoom` times larger, shifted by `x`, `y` pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapView {
    pub zoom: f64,
    pub x: f64,
    pub y: f64,
}

impl Default for MapView {
    fn default() -> Self {
        MapView { zoom: 1.0, x: 0.0, y: 0.0 }
    }
}

/// What a gesture or key asks of the view.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ViewChange {
    /// Zoom by `factor`, keeping the point `at` (drawing pixels) where it is.
    ZoomAt { factor: f64, at: (f64, f64) },
    /// Zoom by `factor` about the middle of the map's region (buttons, + and − keys).
    Zoom(f64),
    /// Move the map by this many drawing pixels (dragging, arrow keys).
    Pan { dx: f64, dy: f64 },
    /// Back to the whole map.
    Reset,
}

/// One press of a zoom button or key.
pub const ZOOM_STEP: f64 = 1.5;
/// One press of an arrow key moves the map by this share of its region.
pub const PAN_STEP: f64 = 0.1;

impl MapView {
    /// The view after `change`, kept within the invariant for the map's `region`.
    pub fn changed(self, change: ViewChange, region: Region) -> MapView {
        let (left, top, width, height) = region;
        let next = match change {
            ViewChange::ZoomAt { factor, at } => self.zoom_at(factor, at),
            ViewChange::Zoom(factor) => self.zoom_at(factor, (left + width / 2.0, top + height / 2.0)),
            ViewChange::Pan { dx, dy } => MapView { x: self.x + dx, y: self.y + dy, ..self },
            ViewChange::Reset => MapView::default(),
        };
        next.within(region)
    }

    fn zoom_at(self, factor: f64, (px, py): (f64, f64)) -> MapView {
        let factor = if factor.is_finite() && factor > 0.0 { factor } else { 1.0 };
        let zoom = (self.zoom * factor).clamp(1.0, MAX_ZOOM);
        let kept = zoom / self.zoom;
        MapView { zoom, x: px - (px - self.x) * kept, y: py - (py - self.y) * kept }
    }

    /// Shifted back so the region stays covered (at zoom 1: not shifted at all).
    fn within(self, (left, top, width, height): Region) -> MapView {
        let bound = |shift: f64, start: f64, length: f64| {
            // The region [start, start + length] drawn at `zoom` must still cover itself.
            let (low, high) = ((start + length) * (1.0 - self.zoom), start * (1.0 - self.zoom));
            if shift.is_finite() {
                shift.clamp(low.min(high), high.max(low))
            } else {
                high
            }
        };
        MapView { zoom: self.zoom, x: bound(self.x, left, width), y: bound(self.y, top, height) }
    }

    /// The SVG transform of the viewport.
    pub fn transform(&self) -> String {
        format!("translate({:.2} {:.2}) scale({:.4})", self.x, self.y, self.zoom)
    }

    pub fn is_whole(&self) -> bool {
        self.zoom <= 1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGION: Region = (0.0, 60.0, 960.0, 640.0);

    /// Where a drawing point shows after the view's transform.
    fn shown(view: MapView, (x, y): (f64, f64)) -> (f64, f64) {
        (x * view.zoom + view.x, y * view.zoom + view.y)
    }

    fn close(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 1e-6 && (a.1 - b.1).abs() < 1e-6
    }

    #[test]
    fn zooming_at_a_point_keeps_that_point_under_the_pointer() {
        let at = (300.0, 400.0);
        let view = MapView::default().changed(ViewChange::ZoomAt { factor: 2.0, at }, REGION);
        assert_eq!(view.zoom, 2.0);
        assert!(close(shown(view, at), at), "{view:?}");
        // Zoomed again elsewhere: the drawing point under that pointer stays under it.
        let pointer = (500.0, 300.0);
        let under = ((pointer.0 - view.x) / view.zoom, (pointer.1 - view.y) / view.zoom);
        let again = view.changed(ViewChange::ZoomAt { factor: 1.5, at: pointer }, REGION);
        assert_eq!(again.zoom, 3.0);
        assert!(close(shown(again, under), pointer), "{again:?}");
    }

    #[test]
    fn zoom_stays_between_whole_and_the_largest_and_the_map_stays_covered() {
        let mut view = MapView::default();
        for _ in 0..20 {
            view = view.changed(ViewChange::Zoom(ZOOM_STEP), REGION);
        }
        assert_eq!(view.zoom, MAX_ZOOM);
        // Panning far in any direction stops where the map's edge meets the region's.
        for (dx, dy) in [(1e6, 0.0), (-1e6, 0.0), (0.0, 1e6), (0.0, -1e6)] {
            let moved = view.changed(ViewChange::Pan { dx, dy }, REGION);
            let (left, top, width, height) = REGION;
            let (x0, y0) = shown(moved, (left, top));
            let (x1, y1) = shown(moved, (left + width, top + height));
            assert!(
                x0 <= left + 1e-6 && y0 <= top + 1e-6 && x1 >= left + width - 1e-6 && y1 >= top + height - 1e-6,
                "{moved:?}"
            );
        }
        for _ in 0..20 {
            view = view.changed(ViewChange::Zoom(1.0 / ZOOM_STEP), REGION);
        }
        assert_eq!(view, MapView::default(), "zoomed out fully, the whole map, unshifted");
        let nonsense =
            MapView::default().changed(ViewChange::ZoomAt { factor: f64::NAN, at: (f64::INFINITY, 0.0) }, REGION);
        assert!(nonsense.zoom == 1.0 && nonsense.x.is_finite() && nonsense.y.is_finite(), "{nonsense:?}");
    }

    #[test]
    fn reset_is_the_whole_map_and_the_transform_says_the_view() {
        let view = MapView::default()
            .changed(ViewChange::Zoom(4.0), REGION)
            .changed(ViewChange::Pan { dx: -50.0, dy: 20.0 }, REGION);
        assert!(!view.is_whole());
        assert_eq!(view.changed(ViewChange::Reset, REGION), MapView::default());
        assert_eq!(MapView::default().transform(), "translate(0.00 0.00) scale(1.0000)");
    }
}
