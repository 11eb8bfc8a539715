//! Reading a boundary file named on the command line, and the `--level` option the
//! boundary commands share.

use super::args::Args;
use super::CliError;
use crate::formats::boundaries::{read_boundary_file, BoundaryFile};
use std::io::ErrorKind;

pub fn read(path: &str) -> Result<BoundaryFile, CliError> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        ErrorKind::NotFound => CliError::Data(format!(
            "{path}: no such file. Check the path; boundaries are the COD-AB .zip (shapefile) or .geojson from HDX."
        )),
        _ => CliError::Data(format!("{path}: cannot read the file ({e}). Check the path and your permissions.")),
    })?;
    read_boundary_file(path, &bytes).map_err(|e| CliError::Data(e.to_string()))
}

/// `--level N` (0 to 9: boundary files have a country level 0).
pub fn level(args: &Args) -> Result<Option<u8>, CliError> {
    match args.value("--level") {
        None => Ok(None),
        Some(text) => match text.trim().parse::<u8>() {
            Ok(level @ 0..=9) => Ok(Some(level)),
            _ => Err(args.usage_error(&format!("--level `{text}` is not an admin level; use a number such as 1 or 2"))),
        },
    }
}
