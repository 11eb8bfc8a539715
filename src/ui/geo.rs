//! The bridge to the boundaries module (`cashplan-geo`, a third wasm file): loaded on first
//! use through `window.cashplanGeo()` (defined in www/start.js), then called with the file's
//! bytes; answers come back as JSON. Reading shapefiles and GeoJSON and simplifying them
//! (zip, shapefile, geojson, geo) stays out of the app's own module; the service worker
//! precaches it, so boundaries can be imported offline too.

use super::on_demand::OnDemand;
use crate::formats::boundaries::{FileSummary, ImportOptions, LevelStats};
use crate::formats::map::MapRequest;
use crate::model::boundary::BoundarySet;
use js_sys::Uint8Array;

const GEO: OnDemand = OnDemand {
    loader: "cashplanGeo",
    unavailable: "the boundaries module could not be loaded. Reload the page while online once, then try again",
    name: "the boundaries module",
};

/// What a boundary file holds and the proposed attribute mapping of each layer.
pub async fn read_boundaries(file: &str, bytes: &[u8]) -> Result<FileSummary, String> {
    let json = GEO.text(GEO.call("read_boundaries", &[file.into(), Uint8Array::from(bytes).into()]).await?)?;
    serde_json::from_str(&json).map_err(|e| e.to_string())
}

/// A map rendered by the module (SVG, GeoJSON with figures, or boundaries).
pub async fn render_map(request: &MapRequest) -> Result<String, String> {
    let request = serde_json::to_string(request).map_err(|e| e.to_string())?;
    GEO.text(GEO.call("render_map", &[request.into()]).await?)
}

/// The file's boundaries mapped and simplified for the screen, with what that did per level.
pub async fn import_boundaries(
    file: &str,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<(BoundarySet, Vec<LevelStats>), String> {
    let options = serde_json::to_string(options).map_err(|e| e.to_string())?;
    let args = [file.into(), Uint8Array::from(bytes).into(), options.into()];
    let json = GEO.text(GEO.call("import_boundaries", &args).await?)?;
    serde_json::from_str(&json).map_err(|e| e.to_string())
}
