//! Zipped shapefiles: every `.shp` in the zip with its `.dbf` (attributes, required),
//! `.prj` (coordinate system, must be WGS 84 when present) and `.cpg` (text encoding).
//! Read with the `zip` and `shapefile`/`dbase` crates; this module only checks and
//! assembles what they read.

use super::crs::check_wkt;
use super::{check_polygons, BoundaryError, FeatureRef, GeometryProblem, Layer, Position, RawFeature, RawPolygon};
use shapefile::dbase::{self, encoding::DynEncoding, FieldValue};
use shapefile::{PolygonRing, Shape, ShapeReader};
use std::collections::BTreeMap;
use std::io::{Cursor, Read};

/// No part of a boundary shapefile comes near this unpacked (Syria admin 3 is 2 MB); a
/// larger one is refused before it fills the browser's memory (a zip bomb, a wrong file).
const PART_LIMIT_BYTES: u64 = 256 * 1024 * 1024;

/// One row of a `.dbf`: field name → value as text.
type Attributes = BTreeMap<String, String>;

/// The parts of one shapefile found in the zip, by lower-case extension → entry name.
type Parts = BTreeMap<String, String>;

pub fn read_zip(file: &str, bytes: &[u8]) -> Result<Vec<Layer>, BoundaryError> {
    let bad_zip = |e: zip::result::ZipError| BoundaryError::BadZip { file: file.to_string(), reason: e.to_string() };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(bad_zip)?;
    let mut shapefiles: BTreeMap<String, Parts> = BTreeMap::new();
    for name in archive.file_names() {
        if name.starts_with("__MACOSX/") || name.ends_with('/') {
            continue;
        }
        if let Some((stem, extension)) = name.rsplit_once('.') {
            let parts = shapefiles.entry(stem.to_string()).or_default();
            parts.insert(extension.to_ascii_lowercase(), name.to_string());
        }
    }
    let mut layers = Vec::new();
    for (stem, parts) in shapefiles.iter().filter(|(_, parts)| parts.contains_key("shp")) {
        let layer = stem.rsplit('/').next().unwrap_or(stem).to_string();
        let mut unpack = |extension: &str| -> Result<Option<Vec<u8>>, BoundaryError> {
            let Some(entry) = parts.get(extension) else { return Ok(None) };
            unpack(&mut archive, entry, PART_LIMIT_BYTES).map(Some).map_err(|problem| match problem {
                Unpack::Zip(e) => bad_zip(e),
                Unpack::TooLarge => BoundaryError::TooLarge {
                    file: file.to_string(),
                    layer: layer.clone(),
                    part: extension.to_string(),
                    limit_mb: PART_LIMIT_BYTES / (1024 * 1024),
                },
            })
        };
        let shp = unpack("shp")?.unwrap_or_default();
        let dbf =
            unpack("dbf")?.ok_or_else(|| BoundaryError::MissingDbf { file: file.to_string(), layer: layer.clone() })?;
        let prj = unpack("prj")?.map(|b| String::from_utf8_lossy(&b).into_owned());
        let cpg = unpack("cpg")?.map(|b| String::from_utf8_lossy(&b).trim().to_string());
        let source = LayerSource { file, layer: &layer };
        if let Some(wkt) = prj {
            check_wkt(&wkt).map_err(|system| BoundaryError::NotWgs84 {
                file: file.to_string(),
                layer: layer.clone(),
                system,
            })?;
        }
        let shapes = source.shapes(&shp)?;
        let (fields, records) = source.records(&dbf, cpg.as_deref())?;
        if shapes.len() != records.len() {
            return Err(BoundaryError::CountMismatch {
                file: file.to_string(),
                layer,
                shapes: shapes.len(),
                records: records.len(),
            });
        }
        let features = shapes
            .into_iter()
            .zip(records)
            .enumerate()
            .map(|(index, (shape, attributes))| source.feature(index, shape, attributes))
            .collect::<Result<Vec<_>, _>>()?;
        if features.is_empty() {
            return Err(BoundaryError::EmptyLayer { file: file.to_string(), layer });
        }
        layers.push(Layer { name: layer, fields, features });
    }
    if layers.is_empty() {
        return Err(BoundaryError::NoShapefile { file: file.to_string() });
    }
    Ok(layers)
}

enum Unpack {
    Zip(zip::result::ZipError),
    TooLarge,
}

fn unpack(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, entry: &str, limit: u64) -> Result<Vec<u8>, Unpack> {
    let reader = archive.by_name(entry).map_err(Unpack::Zip)?;
    let mut bytes = Vec::new();
    reader.take(limit + 1).read_to_end(&mut bytes).map_err(|e| Unpack::Zip(e.into()))?;
    if bytes.len() as u64 > limit {
        return Err(Unpack::TooLarge);
    }
    Ok(bytes)
}

struct LayerSource<'a> {
    file: &'a str,
    layer: &'a str,
}

impl LayerSource<'_> {
    fn bad_shp(&self, reason: String) -> BoundaryError {
        BoundaryError::BadShp { file: self.file.to_string(), layer: self.layer.to_string(), reason }
    }

    fn shapes(&self, shp: &[u8]) -> Result<Vec<Shape>, BoundaryError> {
        let mut reader = ShapeReader::new(Cursor::new(shp)).map_err(|e| self.bad_shp(e.to_string()))?;
        let declared = i64::from(reader.header().file_length).saturating_mul(2);
        if declared > shp.len() as i64 {
            return Err(self.bad_shp(format!("it has {} bytes of the {declared} its header announces", shp.len())));
        }
        reader.iter_shapes().collect::<Result<Vec<_>, _>>().map_err(|e| self.bad_shp(e.to_string()))
    }

    /// The field names and every row's values as text. The `.cpg` names the encoding; without
    /// it, UTF-8 is tried first (what COD-AB files use), then the `.dbf`'s own code page; a
    /// file that still does not decode is read as UTF-8 with the undecodable bytes replaced.
    fn records(&self, dbf: &[u8], cpg: Option<&str>) -> Result<(Vec<String>, Vec<Attributes>), BoundaryError> {
        let read = |encoding: Option<DynEncoding>| -> Result<(Vec<String>, Vec<Attributes>), dbase::Error> {
            let builder = dbase::ReaderBuilder::new();
            let builder = match encoding {
                Some(encoding) => builder.with_encoding(encoding),
                None => builder,
            };
            let mut reader = builder.build(Cursor::new(dbf))?;
            let fields: Vec<String> = reader.fields().iter().map(|f| f.name().to_string()).collect();
            let rows = reader.read()?;
            let rows =
                rows.into_iter().map(|row| row.into_iter().map(|(name, value)| (name, text_of(&value))).collect());
            Ok((fields, rows.collect()))
        };
        let attempts: Vec<Option<DynEncoding>> = match cpg.and_then(DynEncoding::from_name) {
            Some(named) => vec![Some(named), Some(dbase::UnicodeLossy.into())],
            None => vec![Some(dbase::Unicode.into()), None, Some(dbase::UnicodeLossy.into())],
        };
        let mut first_error = None;
        for encoding in attempts {
            match read(encoding) {
                Ok(read) => return Ok(read),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        Err(BoundaryError::BadDbf {
            file: self.file.to_string(),
            layer: self.layer.to_string(),
            reason: first_error.map_or_else(String::new, |e| e.to_string()),
        })
    }

    fn feature(
        &self,
        index: usize,
        shape: Shape,
        attributes: BTreeMap<String, String>,
    ) -> Result<RawFeature, BoundaryError> {
        let invalid = |problem| BoundaryError::InvalidGeometry {
            file: self.file.to_string(),
            layer: self.layer.to_string(),
            feature: FeatureRef::of(index, &attributes),
            problem,
        };
        let rings: Vec<(bool, Vec<Position>)> = match shape {
            Shape::Polygon(p) => p.into_inner().into_iter().map(|r| ring_of(r, |p| [p.x, p.y])).collect(),
            Shape::PolygonM(p) => p.into_inner().into_iter().map(|r| ring_of(r, |p| [p.x, p.y])).collect(),
            Shape::PolygonZ(p) => p.into_inner().into_iter().map(|r| ring_of(r, |p| [p.x, p.y])).collect(),
            Shape::NullShape => return Err(invalid(GeometryProblem::Empty)),
            other => {
                return Err(BoundaryError::NotPolygons {
                    file: self.file.to_string(),
                    layer: self.layer.to_string(),
                    kind: other.shapetype().to_string(),
                })
            }
        };
        let polygons = assemble(rings);
        check_polygons(&polygons).map_err(invalid)?;
        Ok(RawFeature { attributes, polygons })
    }
}

/// A shapefile ring as positions, with whether it is an exterior (clockwise) ring.
fn ring_of<P>(ring: PolygonRing<P>, position: impl Fn(&P) -> Position) -> (bool, Vec<Position>) {
    let outer = matches!(ring, PolygonRing::Outer(_));
    (outer, ring.into_inner().iter().map(position).collect())
}

/// Puts each hole in the exterior ring that contains it (else the exterior before it),
/// as shapefiles list rings without saying which hole belongs where.
pub(super) fn assemble(rings: Vec<(bool, Vec<Position>)>) -> Vec<RawPolygon> {
    let mut polygons: Vec<RawPolygon> = Vec::new();
    let mut holes = Vec::new();
    for (outer, ring) in rings {
        if outer {
            polygons.push(vec![ring]);
        } else {
            holes.push((polygons.len().saturating_sub(1), ring));
        }
    }
    if polygons.is_empty() {
        // Only holes: the file's orientation is reversed; keep each ring as an area.
        return holes.into_iter().map(|(_, ring)| vec![ring]).collect();
    }
    for (before, hole) in holes {
        let inside = hole.first().and_then(|&point| {
            polygons.iter().position(|p| p.first().is_some_and(|exterior| contains(exterior, point)))
        });
        if let Some(polygon) = polygons.get_mut(inside.unwrap_or(before)) {
            polygon.push(hole);
        }
    }
    polygons
}

/// Whether a point is inside a closed ring (even-odd rule).
pub(super) fn contains(ring: &[Position], [x, y]: Position) -> bool {
    let mut inside = false;
    for pair in ring.windows(2) {
        if let [[x1, y1], [x2, y2]] = pair {
            if (*y1 > y) != (*y2 > y) && x < (x2 - x1) * (y - y1) / (y2 - y1) + x1 {
                inside = !inside;
            }
        }
    }
    inside
}

/// An attribute as text: strings trimmed, whole numbers without a decimal point.
fn text_of(value: &FieldValue) -> String {
    let number = |n: f64| if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { n.to_string() };
    match value {
        FieldValue::Character(text) => text.as_deref().unwrap_or_default().trim().to_string(),
        FieldValue::Memo(text) => text.trim().to_string(),
        FieldValue::Numeric(n) => n.map(number).unwrap_or_default(),
        FieldValue::Float(n) => n.map(|n| number(f64::from(n))).unwrap_or_default(),
        FieldValue::Double(n) | FieldValue::Currency(n) => number(*n),
        FieldValue::Integer(n) => n.to_string(),
        FieldValue::Logical(b) => b.map(|b| b.to_string()).unwrap_or_default(),
        FieldValue::Date(d) => {
            d.map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())).unwrap_or_default()
        }
        FieldValue::DateTime(_) => value.to_string(),
    }
}
