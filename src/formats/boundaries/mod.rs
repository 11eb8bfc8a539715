//! Administrative boundaries in: OCHA COD-AB files as HDX publishes them — a zipped
//! shapefile (one layer per admin level) or GeoJSON — read whole and checked before
//! anything is kept; then the attribute mapping (which field is the P-code, the names,
//! the parent) and the simplification for the screen that make a [`BoundarySet`].
//!
//! Invariants: coordinates are WGS 84 longitude/latitude (another system is refused, by
//! its `.prj` or by coordinates out of range); every ring is closed with at least 4 points
//! and finite coordinates; a problem anywhere is an error naming the file, layer and
//! feature, and nothing of the file is returned. No input panics (a property test feeds
//! random and truncated bytes to every reader).

mod crs;
mod geojson_file;
pub mod mapping;
mod shp;
pub mod simplify;
mod topology;

pub use mapping::{propose_mapping, AttributeMapping, NameField};
pub use simplify::{import, ImportOptions, LevelStats, DEFAULT_TOLERANCE};

use crate::model::boundary::BoundarySet;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use thiserror::Error;

/// A point as read: longitude, latitude in degrees.
pub type Position = [f64; 2];
/// A closed ring (the last position repeats the first).
pub type RawRing = Vec<Position>;
/// An exterior ring followed by its holes.
pub type RawPolygon = Vec<RawRing>;

/// One feature as read, before mapping: its attributes as text and its polygons.
#[derive(Debug, Clone, PartialEq)]
pub struct RawFeature {
    pub attributes: BTreeMap<String, String>,
    pub polygons: Vec<RawPolygon>,
}

/// One layer of a file: one shapefile of a zip, or a GeoJSON file.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// The shapefile's name without extension, or the GeoJSON file's name.
    pub name: String,
    /// Attribute names in the file's order.
    pub fields: Vec<String>,
    pub features: Vec<RawFeature>,
}

impl Layer {
    pub fn vertex_count(&self) -> usize {
        self.features.iter().flat_map(|f| &f.polygons).flatten().map(Vec::len).sum()
    }
}

/// Everything a boundary file holds.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryFile {
    pub file: String,
    pub layers: Vec<Layer>,
}

/// What a file holds, for the screen that asks the user which level and fields to use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileSummary {
    pub file: String,
    pub layers: Vec<LayerSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerSummary {
    pub name: String,
    pub fields: Vec<String>,
    pub features: usize,
    pub vertices: usize,
    /// The proposed mapping; None when no field looks like a P-code.
    pub mapping: Option<AttributeMapping>,
}

pub fn summarise(file: &BoundaryFile) -> FileSummary {
    let layers = file
        .layers
        .iter()
        .map(|layer| LayerSummary {
            name: layer.name.clone(),
            fields: layer.fields.clone(),
            features: layer.features.len(),
            vertices: layer.vertex_count(),
            mapping: propose_mapping(&layer.fields),
        })
        .collect();
    FileSummary { file: file.file.clone(), layers }
}

/// Which feature a problem is in: its position (from 1) and, when a P-code field is
/// recognisable, its P-code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeatureRef {
    pub number: usize,
    pub pcode: Option<String>,
}

impl FeatureRef {
    fn of(index: usize, attributes: &BTreeMap<String, String>) -> FeatureRef {
        FeatureRef { number: index + 1, pcode: mapping::likely_pcode(attributes) }
    }
}

impl fmt::Display for FeatureRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.pcode {
            Some(pcode) => write!(f, "area {} ({pcode})", self.number),
            None => write!(f, "area {}", self.number),
        }
    }
}

/// What is wrong with a shape.
#[derive(Debug, Clone, PartialEq, Error, Serialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum GeometryProblem {
    #[error("it has no shape")]
    Empty,
    #[error("it is a {kind}, not an area (polygon)")]
    NotPolygon { kind: String },
    #[error("ring {ring} has {points} points; a ring needs at least 4 (3 corners and the first again)")]
    TooFewPoints { ring: usize, points: usize },
    #[error("ring {ring} is not closed (its last point is not its first)")]
    NotClosed { ring: usize },
    #[error("a coordinate is not a number")]
    NotANumber,
    #[error(
        "the point {x}, {y} is not a longitude/latitude in WGS 84, so the file is probably in another coordinate \
         system; reproject it to WGS 84 (EPSG:4326), e.g. in QGIS with Export > Save Features As"
    )]
    OutOfRange { x: f64, y: f64 },
}

/// Why a boundary file could not be used. Each message names the file and says what to do.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum BoundaryError {
    #[error(
        "{file}: not a zipped shapefile or a GeoJSON file. Choose the boundaries as HDX publishes them: the .zip \
         of the shapefile, or the .geojson file."
    )]
    UnknownFormat { file: String },
    #[error("{file}: the zip cannot be opened ({reason}). It may be damaged or partly downloaded: download it again.")]
    BadZip { file: String, reason: String },
    #[error("{file}: the zip holds no shapefile (no .shp file). Choose the zip of the shapefile (the \"SHP\" download on HDX).")]
    NoShapefile { file: String },
    #[error(
        "{file}: {layer}.shp has no {layer}.dbf beside it, so the areas' P-codes and names are missing. Use the zip as \
         published, with the .shp, .shx, .dbf and .prj files together."
    )]
    MissingDbf { file: String, layer: String },
    #[error(
        "{file}: {layer}.{part} is larger than {limit_mb} MB unpacked; split the file or keep fewer admin levels."
    )]
    TooLarge { file: String, layer: String, part: String, limit_mb: u64 },
    #[error("{file}: {layer}.shp cannot be read ({reason}): it is damaged or incomplete. Download the file again.")]
    BadShp { file: String, layer: String, reason: String },
    #[error("{file}: {layer}.dbf cannot be read ({reason}): it is damaged or incomplete. Download the file again.")]
    BadDbf { file: String, layer: String, reason: String },
    #[error(
        "{file}: {layer}.shp has {shapes} shapes but {layer}.dbf has {records} rows; one of them is incomplete. \
         Download the file again."
    )]
    CountMismatch { file: String, layer: String, shapes: usize, records: usize },
    #[error(
        "{file}: {layer} is in the coordinate system \"{system}\", not WGS 84 longitude/latitude. Reproject it to WGS \
         84 (EPSG:4326), e.g. in QGIS with Export > Save Features As, or download the WGS 84 version from HDX."
    )]
    NotWgs84 { file: String, layer: String, system: String },
    #[error(
        "{file}: {layer} holds {kind} shapes, not areas (polygons). Choose the administrative boundaries (polygons)."
    )]
    NotPolygons { file: String, layer: String, kind: String },
    #[error("{file}: {layer}, {feature}: {problem}.")]
    InvalidGeometry { file: String, layer: String, feature: FeatureRef, problem: GeometryProblem },
    #[error("{file}: not valid GeoJSON ({reason}). The file may be damaged or partly downloaded: download it again.")]
    BadGeoJson { file: String, reason: String },
    #[error("{file}: {layer} holds no areas.")]
    EmptyLayer { file: String, layer: String },
    #[error(
        "{file}: {layer}: no field holds P-codes (such as ADM2_PCODE); its fields are {fields}. Choose a COD-AB file \
         from HDX, or say which field holds the P-codes."
    )]
    NoPcodeField { file: String, layer: String, fields: String },
    #[error("{file}: {layer}: the field {field} is not in the file; its fields are {fields}.")]
    UnknownField { file: String, layer: String, field: String, fields: String },
    #[error("{file}: {layer}, {feature}: no P-code in the field {field}. Every area needs its P-code.")]
    MissingPcode { file: String, layer: String, feature: FeatureRef, field: String },
    #[error(
        "{file}: the P-code {pcode} is given to two shapes ({first} and {second}). Each area must have one P-code of \
         its own."
    )]
    DuplicatePcode { file: String, pcode: String, first: String, second: String },
    #[error("{file}: no layer at admin level {level}; the levels found are {found}.")]
    NoSuchLevel { file: String, level: u8, found: String },
}

/// Reads a boundary file from its bytes: a zip (shapefiles) or GeoJSON, told apart by
/// their first bytes, whatever the file's name says.
pub fn read_boundary_file(file: &str, bytes: &[u8]) -> Result<BoundaryFile, BoundaryError> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).and_then(|i| bytes.get(i..)).unwrap_or_default();
    let start = start.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(start);
    let layers = if bytes.starts_with(b"PK") {
        shp::read_zip(file, bytes)?
    } else if start.starts_with(b"{") {
        vec![geojson_file::read(file, bytes)?]
    } else {
        return Err(BoundaryError::UnknownFormat { file: file.to_string() });
    };
    Ok(BoundaryFile { file: file.to_string(), layers })
}

/// Checks one ring as read: enough points, finite, closed, and in WGS 84 range.
fn check_ring(ring: &[Position], number: usize) -> Result<(), GeometryProblem> {
    if ring.len() < 4 {
        return Err(GeometryProblem::TooFewPoints { ring: number, points: ring.len() });
    }
    for &[x, y] in ring {
        if !x.is_finite() || !y.is_finite() {
            return Err(GeometryProblem::NotANumber);
        }
        if !(-180.0..=180.0).contains(&x) || !(-90.0..=90.0).contains(&y) {
            return Err(GeometryProblem::OutOfRange { x, y });
        }
    }
    if ring.first() != ring.last() {
        return Err(GeometryProblem::NotClosed { ring: number });
    }
    Ok(())
}

/// Checks every ring of a feature's polygons; an empty feature is an error too.
fn check_polygons(polygons: &[RawPolygon]) -> Result<(), GeometryProblem> {
    if polygons.iter().all(Vec::is_empty) {
        return Err(GeometryProblem::Empty);
    }
    polygons.iter().flatten().enumerate().try_for_each(|(i, ring)| check_ring(ring, i + 1))
}

/// Reads, maps and simplifies in one go: what the app's geo module and the command line do
/// with a file the user chose.
pub fn read_and_import(file: &str, bytes: &[u8], options: &ImportOptions) -> Result<BoundarySet, BoundaryError> {
    import(&read_boundary_file(file, bytes)?, options).map(|(set, _)| set)
}
