//! The map layer as GeoJSON (RFC 7946): one feature per area with its figures in the
//! properties — at least `pcode`, `name`, `level`, the measure, its `value` and its `band`
//! (the legend class) — so a GIS officer can carry on in QGIS. A map protected for sharing
//! says so in a `privacy` property of the collection and of each area with hidden counts.
//! With the dots, each activity of each dot follows as a Point feature (`layer`
//! `activities`, the areas' `layer` being `areas`): the same points the SVG draws, since
//! both are the document's (a protected map has none).

use super::{classify, MapDocument, DISCLAIMER};
use crate::engine::map::{Measure, PointActivity};
use crate::model::boundary::{degrees, BoundaryFeature};
use crate::model::Vocabulary;
use serde_json::{json, Map, Value};

/// The `layer` property of the area features and of the activity points.
pub const AREAS_LAYER: &str = "areas";
pub const ACTIVITIES_LAYER: &str = "activities";

pub fn render_geojson(document: &MapDocument<'_>) -> String {
    let measure = document.measure;
    let classes = classify(measure, &document.figures.areas);
    let features: Vec<Value> = document
        .areas()
        .into_iter()
        .map(|(feature, figures)| {
            let class = classes.of(measure, figures);
            let mut properties = Map::new();
            properties.insert("layer".into(), json!(AREAS_LAYER));
            properties.insert("pcode".into(), json!(feature.pcode));
            properties.insert("name".into(), json!(feature.name()));
            properties.insert("level".into(), json!(feature.level));
            properties.insert("parent".into(), json!(feature.parent));
            properties.insert("measure".into(), json!(measure.code()));
            // On a protected map a hidden count is written as "<10", as in the tables; the
            // coverage and gap beside it are left out (null).
            let hidden = |n: Option<u64>, hides: bool| match figures.and_then(|f| f.hidden).filter(|_| hides) {
                Some(h) => json!(h.rule.hidden_text()),
                None => json!(n),
            };
            let value = match figures {
                Some(f) if f.hides(measure) && matches!(measure, Measure::Reached | Measure::Targeted) => {
                    hidden(None, true)
                }
                _ => json!(figures.and_then(|f| f.value(measure))),
            };
            properties.insert("value".into(), value);
            properties.insert("band".into(), json!(class.key));
            properties.insert("band_label".into(), json!(class.label));
            if let Some(f) = figures {
                let h = f.hidden;
                properties
                    .insert("people_in_need".into(), hidden(f.people_in_need, h.is_some_and(|h| h.people_in_need)));
                properties.insert("coverage_pct".into(), json!(f.coverage.map(|p| p.to_f64())));
                properties.insert("coverage_band".into(), json!(f.band.map(|b| b.label())));
                properties.insert("gap".into(), json!(f.gap));
                properties.insert("reached".into(), hidden(f.reached, h.is_some_and(|h| h.reached)));
                properties.insert("targeted".into(), hidden(f.targeted, h.is_some_and(|h| h.targeted)));
                properties.insert("partners".into(), json!(f.partners));
                properties.insert("overlaps".into(), json!(f.overlaps));
                properties.insert("compared".into(), json!(f.compared));
                properties.insert("outside_standard_pct".into(), json!(f.outside_standard.map(|p| p.to_f64())));
                if let Some(h) = h {
                    properties.insert("privacy".into(), json!(h.rule.note()));
                }
            }
            for (language, name) in &feature.names {
                properties.insert(format!("name_{language}"), json!(name));
            }
            json!({"type": "Feature", "properties": properties, "geometry": geometry(feature)})
        })
        .chain(document.points.iter().flat_map(|p| &p.activities).map(activity_point))
        .collect();
    let mut collection = json!({
        "type": "FeatureCollection",
        "name": document.title,
        "filters": document.filters_line(),
        "date": document.date,
        "source": document.source,
        "disclaimer": DISCLAIMER,
        "features": features,
    });
    if let (Some(line), Some(object)) = (document.privacy_line(), collection.as_object_mut()) {
        object.insert("privacy".into(), json!(line));
    }
    collection.to_string()
}

/// An activity with coordinates as a Point feature (longitude first, as RFC 7946 says).
fn activity_point(activity: &PointActivity) -> Value {
    let properties = json!({
        "layer": ACTIVITIES_LAYER,
        "id": activity.id,
        "organisation": activity.organisation,
        "sector": activity.sector,
        "modality": activity.modality.map(|m| m.code()),
        "pcode": activity.area,
        "site": activity.site,
        "status": activity.status.code(),
        "month": activity.month.map(|m| m.to_string()),
        "start": activity.start.map(|d| d.to_string()),
        "end": activity.end.map(|d| d.to_string()),
        "targeted": activity.targeted,
        "reached": activity.reached,
        "people": activity.people(),
    });
    let coordinates = [activity.longitude, activity.latitude];
    json!({"type": "Feature", "properties": properties, "geometry": {"type": "Point", "coordinates": coordinates}})
}

/// A feature's shape as a GeoJSON MultiPolygon in degrees.
fn geometry(feature: &BoundaryFeature) -> Value {
    let polygons: Vec<Vec<Vec<[f64; 2]>>> = feature
        .shape
        .polygons
        .iter()
        .map(|rings| rings.iter().map(|r| r.points().map(|(x, y)| [degrees(x), degrees(y)]).collect()).collect())
        .collect();
    json!({"type": "MultiPolygon", "coordinates": polygons})
}

/// A plan's stored boundaries of one level as GeoJSON with COD-AB attribute names
/// (`ADM2_PCODE`, `ADM2_EN`, `ADM2_AR`, `ADM1_PCODE`): the boundaries export, which QGIS
/// opens and `cashplan boundaries` and the app read back (another plan reuses them).
pub fn boundaries_geojson(features: &[&BoundaryFeature], level: u8) -> String {
    let prefix = format!("ADM{level}");
    let features: Vec<Value> = features
        .iter()
        .filter(|f| f.level == level)
        .map(|feature| {
            let mut properties = Map::new();
            properties.insert(format!("{prefix}_PCODE"), json!(feature.pcode));
            for (language, name) in &feature.names {
                let key = if language == "und" { "NAME".to_string() } else { language.to_uppercase() };
                properties.insert(format!("{prefix}_{key}"), json!(name));
            }
            if let (Some(parent), Some(up)) = (&feature.parent, level.checked_sub(1)) {
                properties.insert(format!("ADM{up}_PCODE"), json!(parent));
            }
            properties.insert("source".into(), json!(feature.source));
            json!({"type": "Feature", "properties": properties, "geometry": geometry(feature)})
        })
        .collect();
    json!({"type": "FeatureCollection", "name": format!("admin {level}"), "features": features}).to_string()
}
