//! Reading and writing files: the plan file (JSON envelope), HXL-tagged CSV, spreadsheets
//! (xlsx/xlsb/xls/ods/CSV with column mapping), xlsx output, the renderings of engine reports,
//! administrative boundaries (COD-AB shapefiles and GeoJSON) and maps (SVG, GeoJSON).

pub mod boundaries;
pub mod hxl;
pub mod keyed;
pub mod map;
pub mod numbers;
pub mod pack;
pub mod planfile;
pub mod reports;
pub mod restore;
pub mod sheet;
pub mod xlsx;
