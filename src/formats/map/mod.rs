//! Maps out: the map figures on the boundaries as SVG (what the app draws and exports) and
//! as GeoJSON with the figures in each feature's properties (for QGIS). Plain string
//! building with no geometry crate, because the app's start bundle carries it.
//!
//! Every area's class is named in words and numbers in the legend; coverage bands also
//! carry a pattern, so no class is told by colour alone; the palettes are colour-blind
//! safe (ColorBrewer PuOr for bands, Blues for counts); areas without data are hatched,
//! apart from areas at 0.

mod classes;
mod geojson;
pub mod labels;
mod svg;

pub use classes::{classify, Class, Classes};
pub use geojson::{boundaries_geojson, render_geojson};
pub use svg::render_svg;

pub use super::numbers::grouped;
pub use crate::engine::map::MapPoint;
use crate::engine::map::{AreaFigures, HiddenCounts, MapFigures, Measure};
use crate::model::boundary::BoundaryFeature;
use crate::model::Vocabulary;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The standard disclaimer under every map of the UN system.
pub const DISCLAIMER: &str = "The boundaries and names shown and the designations used on this map do not imply \
                              official endorsement or acceptance by the United Nations.";

/// Everything one map shows.
pub struct MapDocument<'a> {
    pub title: String,
    pub measure: Measure,
    pub figures: &'a MapFigures,
    /// The boundaries at the figures' level.
    pub features: Vec<&'a BoundaryFeature>,
    /// When it was made (shown as written), e.g. `2026-05-01`.
    pub date: String,
    /// Where the figures and the boundaries come from.
    pub source: String,
    pub points: &'a [MapPoint],
}

impl MapDocument<'_> {
    /// The filters in words: `Admin level 2 · Sector: FSC · Month: 2024-03 · …`.
    pub fn filters_line(&self) -> String {
        let f = self.figures;
        let or_all = |value: Option<&str>, all: &str| value.map_or_else(|| all.to_string(), str::to_string);
        [
            format!("Admin level {}", f.level),
            format!("Sector: {}", or_all(f.sector.as_deref(), "all sectors")),
            format!("Month: {}", or_all(f.period.as_deref(), "all months")),
            format!("Organisation: {}", or_all(f.organisation.as_deref(), "all")),
            format!("Modality: {}", or_all(f.modality.map(|m| m.code()), "all")),
        ]
        .join(" · ")
    }

    /// On a map protected for sharing outside the group, what it leaves out, in words.
    pub fn privacy_line(&self) -> Option<String> {
        self.figures.protect.map(|rule| {
            format!(
                "Protected for sharing: counts under {} people are not shown, nor the coverage and gap beside them.",
                rule.threshold()
            )
        })
    }

    /// Each feature with its figures (None when the plan has no such area).
    fn areas(&self) -> Vec<(&BoundaryFeature, Option<&AreaFigures>)> {
        let by_code: HashMap<String, &AreaFigures> =
            self.figures.areas.iter().map(|a| (a.area.trim().to_uppercase(), a)).collect();
        self.features.iter().map(|f| (*f, by_code.get(&f.pcode.trim().to_uppercase()).copied())).collect()
    }
}

/// What the renderer is asked to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RenderFormat {
    Svg,
    /// The layer with the figures in each feature's properties.
    GeoJson,
    /// The boundaries alone, with COD-AB field names.
    Boundaries,
}

/// A map to render, owned, so it travels as JSON to the boundaries module (the app's start
/// bundle does not carry the renderer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapRequest {
    pub format: RenderFormat,
    pub title: String,
    pub measure: Measure,
    pub figures: MapFigures,
    pub features: Vec<BoundaryFeature>,
    pub date: String,
    pub source: String,
    /// Drawn in the app, where the areas are controls: the drawing is a group, not one image.
    #[serde(default)]
    pub interactive: bool,
    /// The optional point layer (activities with coordinates); empty when not asked for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub points: Vec<MapPoint>,
}

/// Writes what the request asks for.
pub fn render(request: &MapRequest) -> String {
    let document = MapDocument {
        title: request.title.clone(),
        measure: request.measure,
        figures: &request.figures,
        features: request.features.iter().collect(),
        date: request.date.clone(),
        source: request.source.clone(),
        points: &request.points,
    };
    match request.format {
        RenderFormat::Svg if request.interactive => {
            render_svg(&document).replacen(r#"role="img""#, r#"role="group""#, 1)
        }
        RenderFormat::Svg => render_svg(&document),
        RenderFormat::GeoJson => render_geojson(&document),
        RenderFormat::Boundaries => boundaries_geojson(&document.features, request.figures.level),
    }
}

/// An area's figures in one sentence, for its title (hover, focus, screen readers).
pub fn describe(feature: &BoundaryFeature, figures: Option<&AreaFigures>) -> String {
    let head = format!("{} ({})", feature.name(), feature.pcode);
    let Some(f) = figures else { return format!("{head}: not an area of the plan") };
    let count = |n: Option<u64>| n.map_or_else(|| "no data".to_string(), grouped);
    // A protected map's hidden counts read as "<10"; the coverage and gap beside them as hidden.
    let people = |n: Option<u64>, hidden: fn(&HiddenCounts) -> bool| match f.hidden.filter(hidden) {
        Some(h) => h.rule.hidden_text(),
        None => count(n),
    };
    let mut parts = vec![
        match (f.coverage, f.band, f.hidden) {
            (Some(c), Some(b), _) => format!("coverage {c} % ({})", b.label()),
            (_, _, Some(_)) => "coverage: hidden (small counts)".to_string(),
            _ => "coverage: no data".to_string(),
        },
        format!("people in need {}", people(f.people_in_need, |h| h.people_in_need)),
        format!("reached {}", people(f.reached, |h| h.reached)),
        format!("targeted {}", people(f.targeted, |h| h.targeted)),
        match f.hidden {
            Some(_) => "gap: hidden (small counts)".to_string(),
            None => format!("gap {}", count(f.gap)),
        },
        format!("partners {}", count(f.partners.map(|p| p as u64))),
        format!("overlapping pairs {}", count(f.overlaps)),
    ];
    if let Some(share) = f.outside_standard {
        parts.push(format!("outside the agreed transfer value {share} % of {} compared", f.compared));
    }
    format!("{head}: {}", parts.join("; "))
}

#[cfg(test)]
mod tests;
