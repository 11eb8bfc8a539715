//! The browser app's boundaries module: reading COD-AB zipped shapefiles and GeoJSON and
//! simplifying them for the screen (the `zip`, `shapefile`, `geojson` and `geo` crates),
//! built as a third wasm file that the app loads only when boundaries are imported, so the
//! first load stays small. Bytes in, JSON out. Natively this binary only says what it is:
//! the `cashplan` command line reads boundaries itself (`cashplan boundaries`, `cashplan map`).

#[cfg(target_arch = "wasm32")]
mod exports {
    use cashplan::formats::boundaries::{import, read_boundary_file, summarise, ImportOptions};
    use wasm_bindgen::prelude::wasm_bindgen;

    /// What the file holds: its layers with their fields, areas, vertices and the proposed
    /// attribute mapping (`FileSummary` as JSON).
    #[wasm_bindgen]
    pub fn read_boundaries(file: &str, bytes: &[u8]) -> Result<String, String> {
        let read = read_boundary_file(file, bytes).map_err(|e| e.to_string())?;
        serde_json::to_string(&summarise(&read)).map_err(|e| e.to_string())
    }

    /// A map (`MapRequest` as JSON) as SVG, GeoJSON with its figures, or its boundaries.
    #[wasm_bindgen]
    pub fn render_map(request: &str) -> Result<String, String> {
        let request: cashplan::formats::map::MapRequest = serde_json::from_str(request).map_err(|e| e.to_string())?;
        Ok(cashplan::formats::map::render(&request))
    }

    /// The file mapped and simplified as `ImportOptions` (JSON) say: `[BoundarySet, [LevelStats]]`.
    #[wasm_bindgen]
    pub fn import_boundaries(file: &str, bytes: &[u8], options: &str) -> Result<String, String> {
        let options: ImportOptions = serde_json::from_str(options).map_err(|e| e.to_string())?;
        let read = read_boundary_file(file, bytes).map_err(|e| e.to_string())?;
        let imported = import(&read, &options).map_err(|e| e.to_string())?;
        serde_json::to_string(&imported).map_err(|e| e.to_string())
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    println!("cashplan-geo is the browser app's boundaries module; on the command line use `cashplan boundaries` and `cashplan map`.");
}
