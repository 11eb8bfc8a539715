//! What the Map page and the Overview's map card show, as plain Rust: the level drawn (the
//! one chosen when the plan has boundaries there, else the deepest level with boundaries),
//! the map document for the renderer, an area's figures in words for focus and hover, and
//! the map's exports (SVG, GeoJSON with the figures, the boundaries themselves, PNG from
//! the SVG in the browser).

use super::effects::Download;
use super::route::Filters;
use crate::engine::map::{MapFigures, MapFilter, Measure};
use crate::formats::map::{boundaries_geojson, describe, render_geojson, render_svg, MapDocument};
use crate::formats::planfile::slug;
use crate::model::boundary::{stored_at_level, stored_levels};
use crate::model::{IsoDate, Plan};

/// The figures of a map and the day they were read (shown under the map).
#[derive(Debug, Clone, PartialEq)]
pub struct MapAnalysis {
    pub figures: MapFigures,
    pub date: IsoDate,
}

/// The admin level to draw: the filters' level when the plan has boundaries there, else the
/// deepest level from 1 with boundaries; None without boundaries.
pub fn map_level(plan: &Plan, filters: &Filters) -> Option<u8> {
    let levels: Vec<u8> = stored_levels(plan).into_iter().filter(|l| *l >= 1).collect();
    filters.level.filter(|l| levels.contains(l)).or_else(|| levels.last().copied())
}

/// The map filter for the page's filters, at the level drawn.
pub fn map_filter(plan: &Plan, filters: &Filters) -> Option<MapFilter> {
    Some(MapFilter {
        level: Some(map_level(plan, filters)?),
        period: filters.period,
        sector: filters.sector.clone(),
        organisation: filters.organisation.clone(),
        modality: filters.modality,
    })
}

/// The document the renderer draws and exports.
pub fn document<'a>(plan: &'a Plan, map: &'a MapAnalysis, measure: Measure) -> MapDocument<'a> {
    let features = stored_at_level(plan, map.figures.level);
    let mut files: Vec<&str> =
        features.iter().map(|f| f.source.split(": ").next().unwrap_or_default()).filter(|s| !s.is_empty()).collect();
    files.sort_unstable();
    files.dedup();
    let boundaries = if files.is_empty() { "stored with the plan".to_string() } else { files.join(", ") };
    let title = match &map.figures.sector {
        Some(sector) => format!("{}, {sector} — {}", measure.title(), plan.name),
        None => format!("{} — {}", measure.title(), plan.name),
    };
    MapDocument {
        title,
        measure,
        figures: &map.figures,
        features,
        date: map.date.to_string(),
        source: format!("plan \"{}\" (cashplan); boundaries {boundaries}", plan.name),
        points: &[],
    }
}

/// An area's name, P-code and figures in words (what focus and hover show).
pub fn area_text(plan: &Plan, map: &MapAnalysis, pcode: &str) -> Option<String> {
    let feature = plan.boundaries.get(pcode).filter(|r| !r.deleted).map(|r| &r.data)?;
    let key = pcode.trim().to_uppercase();
    let figures = map.figures.areas.iter().find(|a| a.area.trim().to_uppercase() == key);
    Some(describe(feature, figures))
}

/// What the map can be exported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapFormat {
    Svg,
    /// Drawn from the SVG on a canvas by the download runner.
    Png,
    /// The layer with the figures in each feature's properties.
    GeoJson,
    /// The level's boundaries alone, with COD-AB field names (for another plan or QGIS).
    Boundaries,
}

/// The download for `format`, named after the plan, measure, level and date.
pub fn export(plan: &Plan, map: &MapAnalysis, measure: Measure, format: MapFormat) -> Download {
    let document = document(plan, map, measure);
    let level = map.figures.level;
    let stem = format!("{}-{}-admin{level}-{}", slug(&plan.name), measure.code().replace('_', "-"), map.date);
    match format {
        MapFormat::Svg => Download::svg(format!("{stem}.svg"), render_svg(&document)),
        MapFormat::Png => Download::png(format!("{stem}.png"), render_svg(&document)),
        MapFormat::GeoJson => Download::geojson(format!("{stem}.geojson"), render_geojson(&document)),
        MapFormat::Boundaries => Download::geojson(
            format!("{}-boundaries-admin{level}.geojson", slug(&plan.name)),
            boundaries_geojson(&document.features, level),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::map::map_figures;
    use crate::model::boundary::{BoundaryFeature, Ring, Shape};
    use crate::model::{Activity, Area, Need, Stamp, Status};

    fn plan() -> Plan {
        let stamp = Stamp { at: "2026-01-01T00:00:00Z".into(), by: "CWG".into() };
        let mut plan = Plan::new("p", "NW Syria", "SYR", "USD", &stamp);
        for (code, level, parent, x) in
            [("SY02", 1, None, 0), ("SY0200", 2, Some("SY02"), 0), ("SY0203", 2, Some("SY02"), 2)]
        {
            let names = [("en".to_string(), format!("Area {code}"))].into();
            let area = Area {
                code: code.into(),
                name: format!("Area {code}"),
                level,
                parent: parent.map(Into::into),
                population: None,
                household_size: None,
                names: Default::default(),
            };
            plan.areas.upsert(code, area, &stamp);
            let ring = Ring::from_points(&[(x, 0), (x + 1, 0), (x + 1, 1), (x, 0)]);
            let shape = Shape { polygons: vec![vec![ring]] };
            let feature = BoundaryFeature {
                pcode: code.into(),
                level,
                parent: parent.map(Into::into),
                names,
                shape,
                source: "syr.zip: adm".into(),
            };
            plan.boundaries.upsert(code, feature, &stamp);
        }
        let need = Need {
            area: "SY0200".into(),
            sector: "FSC".into(),
            people_in_need: 1000,
            households_in_need: None,
            severity: None,
        };
        plan.needs.upsert("SY0200|FSC", need, &stamp);
        let activity = Activity {
            reporting_org: "WFP".into(),
            sector: "FSC".into(),
            area: "SY0200".into(),
            reached: Some(400),
            targeted: Some(500),
            status: Status::Ongoing,
            ..Activity::default()
        };
        plan.activities.upsert("a1", activity, &stamp);
        plan
    }

    fn analysis(plan: &Plan, filters: &Filters) -> MapAnalysis {
        let date = IsoDate::new(2026, 5, 1).unwrap();
        MapAnalysis { figures: map_figures(plan, &map_filter(plan, filters).unwrap(), date), date }
    }

    #[test]
    fn the_level_drawn_is_one_with_boundaries() {
        let plan = plan();
        assert_eq!(map_level(&plan, &Filters::default()), Some(2));
        assert_eq!(map_level(&plan, &Filters { level: Some(1), ..Filters::default() }), Some(1));
        assert_eq!(map_level(&plan, &Filters { level: Some(3), ..Filters::default() }), Some(2));
        let empty = Plan::new("q", "Q", "SYR", "USD", &Stamp { at: String::new(), by: String::new() });
        assert_eq!(map_filter(&empty, &Filters::default()), None);
    }

    #[test]
    fn focus_text_and_exports_carry_the_figures() {
        let plan = plan();
        let map = analysis(&plan, &Filters::default());
        let text = area_text(&plan, &map, "SY0200").unwrap();
        assert!(
            text.starts_with("Area SY0200 (SY0200): coverage 40.0 % (partial); people in need 1,000; reached 400"),
            "{text}"
        );
        assert_eq!(area_text(&plan, &map, "SY99"), None);
        let svg = export(&plan, &map, Measure::Coverage, MapFormat::Svg);
        assert_eq!(svg.file_name, "nw-syria-coverage-admin2-2026-05-01.svg");
        let text = svg.text().unwrap();
        assert!(text.contains("Coverage of people in need — NW Syria") && text.contains("boundaries syr.zip"));
        let geojson = export(&plan, &map, Measure::Gap, MapFormat::GeoJson).text().unwrap();
        assert!(geojson.contains("\"gap\":600"), "{geojson}");
        let png = export(&plan, &map, Measure::Reached, MapFormat::Png);
        assert_eq!((png.file_name.as_str(), png.mime), ("nw-syria-reached-admin2-2026-05-01.png", "image/png"));
        assert_eq!(png.text(), None, "the browser draws it");
        let boundaries = export(&plan, &map, Measure::Coverage, MapFormat::Boundaries).text().unwrap();
        assert!(boundaries.contains("\"ADM2_PCODE\":\"SY0203\""));
    }
}
