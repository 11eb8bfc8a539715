//! What the Map page and the Overview's map card show, as plain Rust: the level drawn (the
//! one chosen when the plan has boundaries there, else the deepest level with boundaries),
//! the map document for the renderer, an area's figures in words for focus and hover, and
//! the map's exports (SVG, GeoJSON with the figures, the boundaries themselves, PNG from
//! the SVG in the browser).

use super::analysis::{AnalysisKey, MapKey};
use super::boundary_flow::BoundaryStage;
use super::effects::Download;
use super::route::{Filters, Page};
use crate::engine::gaps::GapReport;
use crate::engine::map::{shown_points, MapFigures, MapFilter, Measure};
use crate::formats::map::{describe, MapRequest, RenderFormat};
use crate::formats::planfile::slug;
use crate::model::boundary::{stored_at_level, stored_levels, BoundaryFeature};
use crate::model::disclosure::SmallCounts;
use crate::model::sorting;
use crate::model::{IsoDate, Month, Plan};
use std::rc::Rc;

/// The figures of a map, the day they were read (shown under the map) and what they are for.
#[derive(Debug, Clone, PartialEq)]
pub struct MapAnalysis {
    pub figures: MapFigures,
    /// The gap report the figures were read from: its cells are what selecting an area shows.
    pub gaps: Rc<GapReport>,
    pub date: IsoDate,
    pub key: MapKey,
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

/// The dots of the activities with coordinates under the map's filters, when `dots` are
/// asked for and the map is not `protect`ed ([`shown_points`] decides).
fn points(
    plan: &Plan,
    map: &MapAnalysis,
    dots: bool,
    protect: Option<SmallCounts>,
    listed: bool,
) -> Vec<crate::engine::map::MapPoint> {
    let f = &map.figures;
    let filter = MapFilter {
        level: Some(f.level),
        period: f.period.as_deref().and_then(Month::parse),
        sector: f.sector.clone(),
        organisation: f.organisation.clone(),
        modality: f.modality,
    };
    shown_points(plan, &filter, dots, protect, listed)
}

/// What the renderer is asked for: the map of `map` by `measure` on the plan's boundaries,
/// as `format`, with the dots of the activities with coordinates when `dots`. Rendered by
/// the boundaries module, so the app's start bundle does not carry the renderer.
pub fn request(plan: &Plan, map: &MapAnalysis, measure: Measure, format: RenderFormat, dots: bool) -> MapRequest {
    protected_request(plan, map, measure, format, dots, None)
}

/// [`request`], with small counts hidden by `protect` (a map shared outside the group); a
/// protected map has no dots, since a dot's size tells its people.
fn protected_request(
    plan: &Plan,
    map: &MapAnalysis,
    measure: Measure,
    format: RenderFormat,
    dots: bool,
    protect: Option<SmallCounts>,
) -> MapRequest {
    let features: Vec<BoundaryFeature> = stored_at_level(plan, map.figures.level).into_iter().cloned().collect();
    let mut files: Vec<&str> =
        features.iter().map(|f| f.source.split(": ").next().unwrap_or_default()).filter(|s| !s.is_empty()).collect();
    sorting::sort(&mut files);
    files.dedup();
    let boundaries = if files.is_empty() { "stored with the plan".to_string() } else { files.join(", ") };
    let title = match &map.figures.sector {
        Some(sector) => format!("{}, {sector} — {}", measure.title(), plan.name),
        None => format!("{} — {}", measure.title(), plan.name),
    };
    MapRequest {
        format,
        title,
        measure,
        figures: match protect {
            Some(rule) => map.figures.protected(rule),
            None => map.figures.clone(),
        },
        date: map.date.to_string(),
        source: format!("plan \"{}\" (cashplan); boundaries {boundaries}", plan.name),
        features,
        interactive: false,
        // Only the GeoJSON lists each dot's activities: a drawing need not carry them.
        points: points(plan, map, dots, protect, format == RenderFormat::GeoJson),
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

/// What a rendering is for.
#[derive(Debug, Clone, PartialEq)]
pub enum RenderFor {
    /// The map on screen, for this analysis and measure.
    Show(DrawingKey),
    /// A download, named and protected before it is drawn (a PNG is drawn from the SVG).
    Download(Download),
}

/// Which drawing is on screen: the analysis it draws, its measure and whether it has dots.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawingKey {
    pub analysis: AnalysisKey,
    pub measure: Measure,
    pub points: bool,
}

/// The boundaries import and the map on screen: the area with focus, the last drawing and
/// the one asked for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapState {
    pub import: BoundaryStage,
    /// The area with focus or the pointer, by P-code.
    pub focus: Option<String>,
    /// The area chosen (click, Enter or Space), by P-code: its cells show under the map.
    pub selected: Option<String>,
    pub drawing: Option<(DrawingKey, Rc<String>)>,
    pub asked: Option<DrawingKey>,
}

impl MapState {
    /// The drawing for `page`, if the last one is of that page (it may lag the filters by a
    /// moment while the next one is drawn).
    pub fn drawing_for(&self, page: Page) -> Option<Rc<String>> {
        self.drawing.as_ref().filter(|(key, _)| key.analysis.page == page).map(|(_, svg)| svg.clone())
    }
}

/// The rendering an export needs, named after the plan, measure, level and date, with the
/// dots when `dots`; with small counts hidden when the download is one that `protect`
/// applies to ([`Download::protected_by`] decides, as for every download).
pub fn export(
    plan: &Plan,
    map: &MapAnalysis,
    measure: Measure,
    format: MapFormat,
    dots: bool,
    protect: Option<SmallCounts>,
) -> (MapRequest, RenderFor) {
    let level = map.figures.level;
    let stem = format!("{}-{}-admin{level}-{}", slug(&plan.name), measure.code().replace('_', "-"), map.date);
    let (render, file_name) = match format {
        MapFormat::Svg => (RenderFormat::Svg, format!("{stem}.svg")),
        MapFormat::Png => (RenderFormat::Svg, format!("{stem}.png")),
        MapFormat::GeoJson => (RenderFormat::GeoJson, format!("{stem}.geojson")),
        MapFormat::Boundaries => {
            (RenderFormat::Boundaries, format!("{}-boundaries-admin{level}.geojson", slug(&plan.name)))
        }
    };
    let download = download(file_name, format, String::new()).protected_by(protect);
    (protected_request(plan, map, measure, render, dots, download.protect), RenderFor::Download(download))
}

/// The download an export becomes.
pub fn download(file_name: String, format: MapFormat, text: String) -> Download {
    match format {
        MapFormat::Svg => Download::svg(file_name, text),
        MapFormat::Png => Download::png(file_name, text),
        MapFormat::GeoJson => Download::geojson(file_name, text),
        MapFormat::Boundaries => Download::boundaries(file_name, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::map::map_analysis;
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
            latitude: Some(0.0005),
            longitude: Some(0.0005),
            month: crate::model::Month::parse("2026-05"),
            ..Activity::default()
        };
        plan.activities.upsert("a1", activity, &stamp);
        plan
    }

    fn analysis(plan: &Plan, filters: &Filters) -> MapAnalysis {
        let date = IsoDate::new(2026, 5, 1).unwrap();
        let filter = map_filter(plan, filters).unwrap();
        let (figures, gaps) = map_analysis(plan, &filter, date);
        MapAnalysis { figures, gaps: Rc::new(gaps), date, key: MapKey { revision: 1, filter, date } }
    }

    /// An export as the app carries it out: asked for, rendered by the boundaries module
    /// (after the request's trip through JSON), offered.
    fn rendered(plan: &Plan, map: &MapAnalysis, format: MapFormat, protect: Option<SmallCounts>) -> Download {
        let (request, purpose) = export(plan, map, Measure::Coverage, format, false, protect);
        let RenderFor::Download(download) = purpose else { panic!() };
        let request: MapRequest = serde_json::from_str(&serde_json::to_string(&request).unwrap()).unwrap();
        download.holding(crate::formats::map::render(&request))
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
    fn the_dots_are_drawn_and_exported_only_when_asked_for() {
        let plan = plan();
        let map = analysis(&plan, &Filters::default());
        let (with, _) = export(&plan, &map, Measure::Coverage, MapFormat::Svg, true, None);
        assert_eq!(with.points.len(), 1);
        let svg = crate::formats::map::render(&with);
        assert!(svg.contains(r#"<circle class="point""#) && svg.contains("Area SY0200 (1 activity): 400 people"));
        let (without, _) = export(&plan, &map, Measure::Coverage, MapFormat::Svg, false, None);
        let rule = crate::model::disclosure::SmallCounts::below(5).ok();
        let (shared, _) = export(&plan, &map, Measure::Coverage, MapFormat::Svg, true, rule);
        assert!(shared.points.is_empty(), "a map shared outside the group has no dots (their size tells people)");
        assert!(without.points.is_empty() && !crate::formats::map::render(&without).contains("<circle"));
        let other_month = Filters { period: crate::model::Month::parse("2031-01"), ..Filters::default() };
        let map = analysis(&plan, &Filters { level: Some(2), ..other_month });
        assert!(request(&plan, &map, Measure::Coverage, RenderFormat::Svg, true).points.is_empty());
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
        let render = |format| rendered(&plan, &map, format, None);
        let svg = render(MapFormat::Svg);
        assert_eq!(svg.file_name, "nw-syria-coverage-admin2-2026-05-01.svg");
        let text = svg.text().unwrap().unwrap();
        assert!(text.contains("Coverage of people in need — NW Syria") && text.contains("boundaries syr.zip"));
        assert!(text.contains("coverage 40.0 % (partial)"), "the figures survive the trip");
        let geojson = render(MapFormat::GeoJson).text().unwrap().unwrap();
        assert!(geojson.contains("\"gap\":600"), "{geojson}");
        let png = render(MapFormat::Png);
        assert_eq!((png.file_name.as_str(), png.mime), ("nw-syria-coverage-admin2-2026-05-01.png", "image/png"));
        assert_eq!(png.text(), Ok(None), "the browser draws it");
        let boundaries = render(MapFormat::Boundaries).text().unwrap().unwrap();
        assert!(boundaries.contains("\"ADM2_PCODE\":\"SY0203\""));
    }

    #[test]
    fn a_map_for_sharing_hides_small_counts_and_is_named_protected() {
        let mut plan = plan();
        let stamp = Stamp { at: "2026-01-01T00:00:00Z".into(), by: "CWG".into() };
        let need = Need {
            area: "SY0203".into(),
            sector: "FSC".into(),
            people_in_need: 8,
            households_in_need: None,
            severity: None,
        };
        plan.needs.upsert("SY0203|FSC", need, &stamp);
        let few = Activity {
            reporting_org: "IRC".into(),
            sector: "FSC".into(),
            area: "SY0203".into(),
            reached: Some(3),
            targeted: Some(5),
            status: Status::Ongoing,
            ..Activity::default()
        };
        plan.activities.upsert("a2", few, &stamp);
        let map = analysis(&plan, &Filters::default());
        let rule = Some(SmallCounts::below(10).unwrap());
        let geojson = rendered(&plan, &map, MapFormat::GeoJson, rule);
        assert_eq!(geojson.file_name, "nw-syria-coverage-admin2-2026-05-01-protected.geojson");
        assert_eq!(geojson.protect, rule);
        let json: serde_json::Value = serde_json::from_str(&geojson.text().unwrap().unwrap()).unwrap();
        let area = |code: &str| {
            json["features"].as_array().unwrap().iter().find(|f| f["properties"]["pcode"] == code).unwrap()
                ["properties"]
                .clone()
        };
        let few = area("SY0203");
        assert_eq!(
            (few["people_in_need"].as_str(), few["reached"].as_str(), few["targeted"].as_str()),
            (Some("<10"), Some("<10"), Some("<10"))
        );
        assert!(few["gap"].is_null() && few["coverage_pct"].is_null() && few["value"].is_null(), "{few}");
        assert_eq!(few["band"], "hidden");
        assert!(few["privacy"].as_str().unwrap().starts_with("counts under 10 people"));
        assert_eq!((area("SY0200")["reached"].as_u64(), area("SY0200")["gap"].as_u64()), (Some(400), Some(600)));
        assert!(json["privacy"].as_str().unwrap().starts_with("Protected for sharing"));

        let svg = rendered(&plan, &map, MapFormat::Svg, rule);
        assert_eq!(svg.file_name, "nw-syria-coverage-admin2-2026-05-01-protected.svg");
        assert!(svg.text().unwrap().unwrap().contains(r#"class="privacy">Protected for sharing"#));
        let png = rendered(&plan, &map, MapFormat::Png, rule);
        assert_eq!(png.file_name, "nw-syria-coverage-admin2-2026-05-01-protected.png");
        let crate::ui::effects::downloads::Content::Png { svg } = &png.content else { panic!() };
        assert!(svg.contains("Protected for sharing") && svg.contains("reached &lt;10"));
        let boundaries = rendered(&plan, &map, MapFormat::Boundaries, rule);
        assert_eq!((boundaries.protect, boundaries.file_name.as_str()), (None, "nw-syria-boundaries-admin2.geojson"));
        let open = rendered(&plan, &map, MapFormat::GeoJson, None).text().unwrap().unwrap();
        assert!(open.contains("\"reached\":3") && !open.contains("privacy"), "not asked: every count");
    }
}
