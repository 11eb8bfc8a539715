//! Mappings remembered in this browser per header set, so next month's file from the same
//! partner comes back already mapped.

use crate::formats::sheet::{read_mapping_file, write_mapping_file, ColumnMapping};

fn key(header_key: &str) -> String {
    format!("cashplan-mapping-{header_key}")
}

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// The mapping last used for these headers, if any and still readable.
pub fn recall(header_key: &str) -> Option<ColumnMapping> {
    let text = storage()?.get_item(&key(header_key)).ok().flatten()?;
    read_mapping_file("remembered mapping", &text).ok()
}

/// Remembers a mapping; a full or blocked storage only means it is not remembered.
pub fn remember(mapping: &ColumnMapping) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(&key(&mapping.header_key), &write_mapping_file(mapping));
    }
}
