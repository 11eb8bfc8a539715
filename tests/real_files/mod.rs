//! The real NWS CWG 4W (2023) beside the project and its saved column mapping, for the
//! tests that read them; a test skips with a loud message when the file is absent.

use std::path::PathBuf;

pub const REAL_4W: &str = "nws-cwg-4w-2023.csv";

/// The real 4W's path, or None (said loudly) when `../shared/data/real` lacks it.
pub fn real_4w_path() -> Option<PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = [root.join("../shared/data/real").join(REAL_4W), root.join("../../shared/data/real").join(REAL_4W)]
        .into_iter()
        .find(|p| p.exists());
    if found.is_none() {
        eprintln!("\n!!! SKIPPED: {REAL_4W} not found at ../shared/data/real beside the project !!!\n");
    }
    found
}

/// The column mapping saved for the real 4W.
pub fn real_4w_mapping_path() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sheets/nws-cwg-4w.mapping.json").to_string()
}
