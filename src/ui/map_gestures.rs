//! The map drawing's side of pan and zoom: where a pointer is in the drawing's pixels, the
//! map's region, and the view (`map_zoom::MapView`) and the chosen area applied to the
//! drawing the boundaries module wrote — its viewport transformed, names shown as they fit
//! and kept at their size on screen, dots kept at theirs, the chosen area marked.

use super::map_zoom::{MapView, Region, ViewChange};
use wasm_bindgen::JsCast;

fn element(selector: &str) -> Option<web_sys::Element> {
    gloo::utils::document().query_selector(selector).ok().flatten()
}

fn numbers(text: &str) -> Vec<f64> {
    text.split_whitespace().filter_map(|n| n.parse().ok()).collect()
}

/// The map's region in the drawing (`data-box` of its viewport).
pub fn region(drawing_id: &str) -> Option<Region> {
    let viewport = element(&format!("#{drawing_id} g.viewport"))?;
    match numbers(&viewport.get_attribute("data-box")?)[..] {
        [left, top, width, height] => Some((left, top, width, height)),
        _ => None,
    }
}

/// Drawing pixels per screen pixel (the drawing is scaled to fit the page's width).
pub fn drawing_per_screen(drawing_id: &str) -> Option<f64> {
    let svg = element(&format!("#{drawing_id} svg"))?;
    let width = *numbers(&svg.get_attribute("viewBox")?).get(2)?;
    let shown = svg.get_bounding_client_rect().width();
    (shown > 0.0).then(|| width / shown)
}

/// A pointer's position (client coordinates) in the drawing's pixels.
pub fn drawing_point(drawing_id: &str, client_x: f64, client_y: f64) -> Option<(f64, f64)> {
    let svg = element(&format!("#{drawing_id} svg"))?;
    let rect = svg.get_bounding_client_rect();
    let scale = drawing_per_screen(drawing_id)?;
    Some(((client_x - rect.left()) * scale, (client_y - rect.top()) * scale))
}

/// The shift that brings `area` (an area's path) to the middle of the map's region when its
/// middle lies outside what the zoomed view shows; None when it shows.
pub fn reveal(drawing_id: &str, area: &web_sys::Element) -> Option<ViewChange> {
    let rect = area.get_bounding_client_rect();
    let (x, y) = drawing_point(drawing_id, rect.left() + rect.width() / 2.0, rect.top() + rect.height() / 2.0)?;
    let (left, top, width, height) = region(drawing_id)?;
    let inside = (left..=left + width).contains(&x) && (top..=top + height).contains(&y);
    (!inside).then(|| ViewChange::Pan { dx: left + width / 2.0 - x, dy: top + height / 2.0 - y })
}

/// Moves the keyboard focus to the element `selector` names (an SVG path or a heading).
pub fn focus(selector: &str) {
    let Some(element) = element(selector) else { return };
    let focus =
        js_sys::Reflect::get(&element, &"focus".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(focus) = focus {
        let _ = focus.call0(&element);
    }
}

/// Applies the view and the chosen area to the drawing in the page (after each render: a
/// new drawing comes in at the whole view).
pub fn apply(drawing_id: &str, view: MapView, selected: Option<&str>) {
    let Some(viewport) = element(&format!("#{drawing_id} g.viewport")) else { return };
    let _ = viewport.set_attribute("transform", &view.transform());
    let all = |selector: &str| -> Vec<web_sys::Element> {
        let Ok(list) = viewport.query_selector_all(selector) else { return Vec::new() };
        (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<web_sys::Element>().ok()).collect()
    };
    // Names keep their size on screen and show once they fit at this zoom.
    if let Some(labels) = all("g.labels").first() {
        let _ =
            labels.set_attribute("font-size", &format!("{:.2}", crate::formats::map::labels::LABEL_FONT / view.zoom));
        let _ = labels.set_attribute("stroke-width", &format!("{:.2}", 3.0 / view.zoom));
    }
    for label in all("g.labels text") {
        let fits = label.get_attribute("data-zoom").and_then(|z| z.parse::<f64>().ok()).is_some_and(|z| z <= view.zoom);
        let _ = if fits { label.remove_attribute("display") } else { label.set_attribute("display", "none") };
    }
    // Dots keep their size on screen: their area already tells their people.
    for dot in all("circle.point") {
        let original = match dot.get_attribute("data-r") {
            Some(r) => r,
            None => {
                let r = dot.get_attribute("r").unwrap_or_default();
                let _ = dot.set_attribute("data-r", &r);
                r
            }
        };
        if let Ok(r) = original.parse::<f64>() {
            let _ = dot.set_attribute("r", &format!("{:.2}", r / view.zoom));
        }
    }
    for marked in all("path[aria-current]") {
        let _ = marked.remove_attribute("aria-current");
    }
    if let Some(pcode) = selected {
        let chosen = all("path.area").into_iter().find(|p| p.get_attribute("data-pcode").as_deref() == Some(pcode));
        if let Some(path) = chosen {
            let _ = path.set_attribute("aria-current", "true");
        }
    }
}
