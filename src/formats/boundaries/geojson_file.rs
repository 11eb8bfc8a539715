//! GeoJSON boundaries (RFC 7946, WGS 84 by definition): a FeatureCollection of Polygon or
//! MultiPolygon features with the COD-AB attributes as properties. Parsed by the `geojson`
//! crate; a legacy `crs` member naming another system is refused.

use super::crs::is_wgs84_name;
use super::{check_polygons, BoundaryError, FeatureRef, GeometryProblem, Layer, Position, RawFeature, RawPolygon};
use geojson::{Feature, GeoJson, GeometryValue, JsonObject, JsonValue};
use std::collections::BTreeMap;

pub fn read(file: &str, bytes: &[u8]) -> Result<Layer, BoundaryError> {
    let json: GeoJson = serde_json::from_slice(bytes)
        .map_err(|e| BoundaryError::BadGeoJson { file: file.to_string(), reason: e.to_string() })?;
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let layer = base.rsplit_once('.').map_or(base, |(stem, _)| stem).to_string();
    let (features, foreign) = match json {
        GeoJson::FeatureCollection(collection) => (collection.features, collection.foreign_members),
        GeoJson::Feature(feature) => {
            let foreign = feature.foreign_members.clone();
            (vec![feature], foreign)
        }
        GeoJson::Geometry(geometry) => (vec![Feature::from(geometry)], None),
    };
    if let Some(system) = foreign.as_ref().and_then(legacy_crs).filter(|name| !is_wgs84_name(name)) {
        return Err(BoundaryError::NotWgs84 { file: file.to_string(), layer, system });
    }
    if features.is_empty() {
        return Err(BoundaryError::EmptyLayer { file: file.to_string(), layer });
    }
    let mut fields: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(features.len());
    for (index, feature) in features.into_iter().enumerate() {
        let attributes = attributes(feature.properties.as_ref());
        for name in feature.properties.iter().flat_map(|p| p.keys()) {
            if !fields.contains(name) {
                fields.push(name.clone());
            }
        }
        let polygons = feature.geometry.map_or(Ok(Vec::new()), |g| polygons_of(&g.value));
        let checked = polygons.and_then(|polygons| check_polygons(&polygons).map(|()| polygons));
        match checked {
            Ok(polygons) => out.push(RawFeature { attributes, polygons }),
            Err(problem) => {
                let feature = FeatureRef::of(index, &attributes);
                return Err(BoundaryError::InvalidGeometry { file: file.to_string(), layer, feature, problem });
            }
        }
    }
    Ok(Layer { name: layer, fields, features: out })
}

/// `"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}`.
fn legacy_crs(members: &JsonObject) -> Option<String> {
    let name = members.get("crs")?.get("properties")?.get("name")?;
    Some(name.as_str().map_or_else(|| name.to_string(), str::to_string))
}

/// Properties as text: strings as written, numbers and booleans printed, null empty.
fn attributes(properties: Option<&JsonObject>) -> BTreeMap<String, String> {
    let text = |value: &JsonValue| match value {
        JsonValue::String(s) => s.trim().to_string(),
        JsonValue::Null => String::new(),
        other => other.to_string(),
    };
    properties.into_iter().flatten().map(|(name, value)| (name.clone(), text(value))).collect()
}

fn polygons_of(value: &GeometryValue) -> Result<Vec<RawPolygon>, GeometryProblem> {
    match value {
        GeometryValue::Polygon { coordinates } => Ok(vec![polygon(coordinates)?]),
        GeometryValue::MultiPolygon { coordinates } => coordinates.iter().map(|p| polygon(p)).collect(),
        GeometryValue::GeometryCollection { geometries } => {
            let parts = geometries.iter().map(|g| polygons_of(&g.value)).collect::<Result<Vec<_>, _>>()?;
            Ok(parts.into_iter().flatten().collect())
        }
        other => Err(GeometryProblem::NotPolygon { kind: other.type_name().to_string() }),
    }
}

fn polygon(rings: &[Vec<geojson::Position>]) -> Result<RawPolygon, GeometryProblem> {
    rings
        .iter()
        .map(|ring| {
            ring.iter()
                .map(|p| match p.as_slice() {
                    [x, y, ..] => Ok::<Position, GeometryProblem>([*x, *y]),
                    _ => Err(GeometryProblem::NotANumber),
                })
                .collect()
        })
        .collect()
}
