//! Reading and writing files: the plan file (JSON envelope), HXL-tagged CSV, spreadsheets
//! (xlsx/xlsb/xls/ods/CSV with column mapping), xlsx output and the renderings of engine reports.

pub mod hxl;
pub mod planfile;
pub mod reports;
pub mod sheet;
pub mod xlsx;
