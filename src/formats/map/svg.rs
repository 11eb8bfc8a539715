//! The map as an SVG document: title and filters, the areas (each a path with its class
//! and a title naming it with its figures), the optional dots, the legend in words and
//! numbers, a scale bar, the north-up note, date, data source and disclaimer; a map
//! protected for sharing says so under its title.
//!
//! Projection: equirectangular, longitudes scaled by the cosine of the middle latitude —
//! true to shape for a country-sized area, north up. Presentation attributes only (no
//! `style`), so the app can show it under a strict Content-Security-Policy.

use super::labels::{label_spot, LABEL_FONT};
use super::{classify, describe, grouped, Class, Classes, MapDocument, DISCLAIMER};
use crate::model::boundary::{degrees, Ring};
use std::fmt::Write;

const WIDTH: f64 = 960.0;
const MARGIN: f64 = 20.0;
const MAP_TOP: f64 = 76.0;
const MAP_MAX_HEIGHT: f64 = 640.0;
const LINE: f64 = 22.0;
/// Kilometres per degree of latitude (and of longitude at the equator).
const KM_PER_DEGREE: f64 = 111.32;

/// Degrees to SVG pixels.
struct Projection {
    west: f64,
    north: f64,
    x_scale: f64,
    y_scale: f64,
}

impl Projection {
    fn fit(bounds: (f64, f64, f64, f64)) -> (Projection, f64) {
        let (west, south, east, north) = bounds;
        let squash = ((south + north) / 2.0).to_radians().cos().max(0.05);
        let (span_x, span_y) = (((east - west) * squash).max(1e-6), (north - south).max(1e-6));
        let scale = ((WIDTH - 2.0 * MARGIN) / span_x).min(MAP_MAX_HEIGHT / span_y);
        let projection = Projection { west, north, x_scale: scale * squash, y_scale: scale };
        (projection, span_y * scale)
    }

    fn point(&self, longitude: f64, latitude: f64) -> (f64, f64) {
        (MARGIN + (longitude - self.west) * self.x_scale, MAP_TOP + (self.north - latitude) * self.y_scale)
    }
}

/// Text safe inside SVG elements and attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Path data for rings, to a tenth of a pixel, repeated points left out.
fn path_data(rings: &mut dyn Iterator<Item = &Ring>, projection: &Projection) -> String {
    let mut d = String::new();
    for ring in rings {
        let mut last = None;
        for (i, (x, y)) in ring.points().enumerate() {
            let (px, py) = projection.point(degrees(x), degrees(y));
            let at = ((px * 10.0).round() as i64, (py * 10.0).round() as i64);
            if last == Some(at) {
                continue;
            }
            last = Some(at);
            let command = if i == 0 { 'M' } else { 'L' };
            d.push(command);
            push_tenths(&mut d, at.0);
            d.push(' ');
            push_tenths(&mut d, at.1);
        }
        d.push('Z');
    }
    d
}

/// Writes `n` tenths as a decimal (`-12.3`, `40`), with integer arithmetic: formatting
/// floats was a tenth of a large map's drawing time.
fn push_tenths(d: &mut String, n: i64) {
    if n < 0 {
        d.push('-');
    }
    let (whole, tenth) = (n.unsigned_abs() / 10, n.unsigned_abs() % 10);
    let _ = write!(d, "{whole}");
    if tenth != 0 {
        d.push('.');
        d.push(char::from(b'0' + tenth as u8));
    }
}

fn pattern(class: &Class) -> String {
    let Some(marks) = class.marks else { return String::new() };
    format!(
        r##"<pattern id="cpm-{0}" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="{1}"/><path d="{2}" stroke="#333" stroke-width="0.8" fill="none"/></pattern>"##,
        class.key, class.fill, marks
    )
}

fn fill(class: &Class) -> String {
    match class.marks {
        Some(_) => format!("url(#cpm-{})", class.key),
        None => class.fill.to_string(),
    }
}

/// The map as a standalone SVG document.
pub fn render_svg(document: &MapDocument<'_>) -> String {
    let measure = document.measure;
    let classes = classify(measure, &document.figures.areas);
    let bounds = document.features.iter().filter_map(|f| f.shape.bounds()).fold(None, |acc, (x0, y0, x1, y1)| {
        let b = (degrees(x0), degrees(y0), degrees(x1), degrees(y1));
        Some(match acc {
            None => b,
            Some((a0, b0, a1, b1)) => (f64::min(a0, b.0), f64::min(b0, b.1), f64::max(a1, b.2), f64::max(b1, b.3)),
        })
    });
    let (projection, map_height) = Projection::fit(bounds.unwrap_or((0.0, 0.0, 1.0, 1.0)));
    let legend_top = MAP_TOP + map_height + 30.0;
    let dots_lines = if document.points.is_empty() { 0.0 } else { 3.0 };
    let footer_top = legend_top + LINE * (classes.list.len() as f64 + 1.0 + dots_lines) + 10.0;
    let height = footer_top + LINE * 4.0;
    let title = escape(&document.title);
    let filters = escape(&document.filters_line());
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0}" width="{WIDTH}" height="{height:.0}" role="img" aria-labelledby="cpm-title cpm-desc" font-family="sans-serif" font-size="14"><title id="cpm-title">{title}</title><desc id="cpm-desc">{measure_title}. {filters}.{privacy}</desc><defs>"##,
        measure_title = escape(measure.title()),
        privacy = document.privacy_line().map(|line| format!(" {}", escape(&line))).unwrap_or_default(),
    );
    classes.list.iter().for_each(|c| svg.push_str(&pattern(c)));
    // The map's own region: zoomed in the app, the areas stay out of the title and legend.
    let (clip_top, clip_height) = (MAP_TOP - DOT_RADIUS, map_height + 2.0 * DOT_RADIUS);
    let _ = write!(
        svg,
        r#"<clipPath id="cpm-clip"><rect x="0" y="{clip_top:.0}" width="{WIDTH}" height="{clip_height:.0}"/></clipPath>"#
    );
    let _ = write!(
        svg,
        r##"</defs><rect width="100%" height="100%" fill="#fff"/><text x="{MARGIN}" y="30" font-size="20" font-weight="bold">{title}</text><text x="{MARGIN}" y="54">{} — {filters}</text>"##,
        escape(measure.title())
    );
    if let Some(line) = document.privacy_line() {
        let _ = write!(svg, r#"<text x="{MARGIN}" y="70" font-size="12" class="privacy">{}</text>"#, escape(&line));
    }
    // The viewport the app pans and zooms (a transform on it); `data-box` is the map's region.
    let _ = write!(
        svg,
        r#"<g clip-path="url(#cpm-clip)"><g class="viewport" data-box="0 {clip_top:.0} {WIDTH} {clip_height:.0}">"#
    );
    svg.push_str(r##"<g class="areas" stroke="#4d4d4d" stroke-width="0.6" stroke-linejoin="round">"##);
    for (feature, figures) in document.areas() {
        let class = classes.of(measure, figures);
        let d = path_data(&mut feature.shape.polygons.iter().flatten(), &projection);
        let _ = write!(
            svg,
            r#"<path class="area {}" data-pcode="{}" d="{d}" fill="{}" fill-rule="evenodd" tabindex="0"><title>{}</title></path>"#,
            class.key,
            escape(&feature.pcode),
            fill(class),
            escape(&describe(feature, figures)),
        );
    }
    svg.push_str("</g>");
    // Names over the dots (with their white halo they stay readable where dots crowd).
    points(&mut svg, document, &projection);
    labels(&mut svg, document, &projection);
    svg.push_str("</g></g>");
    legend(&mut svg, document, &classes, legend_top);
    footer(&mut svg, document, &projection, footer_top);
    svg.push_str("</svg>");
    svg
}

/// The areas' names where they fit (see `labels`), hidden from screen readers: each area
/// already says its name. A name that fits only when zoomed in waits, hidden, for that zoom.
fn labels(svg: &mut String, document: &MapDocument<'_>, projection: &Projection) {
    let _ = write!(
        svg,
        r##"<g class="labels" aria-hidden="true" pointer-events="none" font-size="{LABEL_FONT}" text-anchor="middle" dominant-baseline="central" fill="#1a1a1a" stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">"##
    );
    let project = |longitude: f64, latitude: f64| projection.point(longitude, latitude);
    for feature in &document.features {
        let Some(spot) = label_spot(&feature.shape, feature.name(), &project) else { continue };
        let hidden = if spot.min_zoom > 1.0 { r#" display="none""# } else { "" };
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" data-zoom="{:.2}"{hidden}>{}</text>"#,
            spot.x,
            spot.y,
            spot.min_zoom,
            escape(feature.name())
        );
    }
    svg.push_str("</g>");
}

/// The largest dot's radius in pixels; a dot's area is in proportion to its people.
const DOT_RADIUS: f64 = 14.0;
/// Dots are never drawn smaller than this, so a place with few people stays visible.
const DOT_MIN_RADIUS: f64 = 1.5;

fn radius(people: u64, largest: u64) -> f64 {
    (DOT_RADIUS * (people as f64 / largest.max(1) as f64).sqrt()).max(DOT_MIN_RADIUS)
}

fn points(svg: &mut String, document: &MapDocument<'_>, projection: &Projection) {
    if document.points.is_empty() {
        return;
    }
    let largest = document.points.iter().map(|p| p.people).max().unwrap_or(0);
    svg.push_str(r##"<g class="points" fill="#1a1a1a" fill-opacity="0.55" stroke="#fff" stroke-width="0.8">"##);
    for point in document.points.iter().filter(|p| p.longitude.is_finite() && p.latitude.is_finite()) {
        let (x, y) = projection.point(point.longitude, point.latitude);
        let _ = write!(
            svg,
            r#"<circle class="point" cx="{x:.1}" cy="{y:.1}" r="{:.1}"><title>{}: {} people</title></circle>"#,
            radius(point.people, largest),
            escape(&point.label),
            grouped(point.people)
        );
    }
    svg.push_str("</g>");
}

/// The dots' legend: what they are in words, then two reference dots with their people
/// (the largest place, rounded down to 1, 2 or 5 times a power of ten, and a quarter of it).
fn points_legend(svg: &mut String, document: &MapDocument<'_>, top: f64) {
    let largest = document.points.iter().map(|p| p.people).max().unwrap_or(0);
    let places = document.points.len();
    let _ = write!(
        svg,
        r#"<text x="{MARGIN}" y="{top:.0}">Dots: {places} {} with activities that carry coordinates; a dot's area is in proportion to its people (reached, else targeted).</text>"#,
        if places == 1 { "place" } else { "places" }
    );
    let magnitude = 10u64.pow(largest.max(1).ilog10());
    let round = [5, 2, 1].iter().map(|m| m * magnitude).find(|v| *v <= largest).unwrap_or(largest).max(1);
    let mut x = MARGIN + DOT_RADIUS;
    let y = top + LINE + DOT_RADIUS - 4.0;
    for value in [round, (round / 4).max(1)] {
        let r = radius(value, largest);
        let _ = write!(
            svg,
            r##"<circle class="point-key" cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="#1a1a1a" fill-opacity="0.55"/><text x="{tx:.1}" y="{ty:.1}">{} people</text>"##,
            grouped(value),
            tx = x + DOT_RADIUS + 6.0,
            ty = y + 5.0,
        );
        x += 2.0 * DOT_RADIUS + 130.0;
    }
}

fn legend(svg: &mut String, document: &MapDocument<'_>, classes: &Classes, top: f64) {
    let _ = write!(
        svg,
        r#"<g class="legend"><text x="{MARGIN}" y="{top}" font-weight="bold">{}</text>"#,
        escape(document.measure.title())
    );
    let keys: Vec<&str> = document.areas().iter().map(|(_, f)| classes.of(document.measure, *f).key.as_str()).collect();
    for (i, class) in classes.list.iter().enumerate() {
        let y = top + LINE * (i as f64 + 1.0);
        let count = keys.iter().filter(|k| **k == class.key).count();
        let _ = write!(
            svg,
            r##"<rect x="{MARGIN}" y="{:.0}" width="28" height="16" fill="{}" stroke="#4d4d4d" stroke-width="0.6"/><text x="{:.0}" y="{:.0}">{} ({} {})</text>"##,
            y - 12.0,
            fill(class),
            MARGIN + 38.0,
            y + 1.0,
            escape(&class.label),
            count,
            if count == 1 { "area" } else { "areas" }
        );
    }
    if !document.points.is_empty() {
        points_legend(svg, document, top + LINE * (classes.list.len() as f64 + 1.0));
    }
    svg.push_str("</g>");
}

/// Scale bar, north-up note, date, source and disclaimer.
fn footer(svg: &mut String, document: &MapDocument<'_>, projection: &Projection, top: f64) {
    let km_per_pixel = KM_PER_DEGREE / projection.y_scale;
    let target = km_per_pixel * 150.0;
    let magnitude = 10f64.powi(target.log10().floor() as i32);
    let km = [5.0, 2.0, 1.0].iter().map(|m| m * magnitude).find(|k| *k <= target).unwrap_or(magnitude);
    let bar = km / km_per_pixel;
    let _ = write!(
        svg,
        r##"<g class="footer" font-size="12"><path d="M{MARGIN} {y0:.0}v6h{bar:.1}v-6" stroke="#1a1a1a" fill="none"/><text x="{tx:.1}" y="{y1:.0}">{km} km</text><text x="{MARGIN}" y="{y2:.0}">North is up. Projection: equirectangular, scaled for latitude. Made {date}.</text><text x="{MARGIN}" y="{y3:.0}">Source: {source}</text><text x="{MARGIN}" y="{y4:.0}">{DISCLAIMER}</text></g>"##,
        y0 = top - 6.0,
        tx = MARGIN + bar + 8.0,
        y1 = top,
        y2 = top + LINE,
        y3 = top + LINE * 2.0,
        y4 = top + LINE * 3.0,
        date = escape(&document.date),
        source = escape(&document.source),
    );
}

#[cfg(test)]
mod tests {
    /// The path data reads as the floats it stands for, as written before by float formatting.
    #[test]
    fn tenths_are_written_as_their_decimal() {
        for n in -2_005..=2_005_i64 {
            let mut written = String::new();
            super::push_tenths(&mut written, n);
            let expected = if n % 10 == 0 { (n / 10).to_string() } else { format!("{}", n as f64 / 10.0) };
            assert_eq!(written, expected);
        }
        let mut large = String::new();
        super::push_tenths(&mut large, i64::MIN);
        assert_eq!(large, "-922337203685477580.8");
    }
}
