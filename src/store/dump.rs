//! What a store holds, as plain data: the values of its three object stores by key, as
//! IndexedDB keeps them (text, or bytes for activity chunks). The memory store keeps its
//! plans this way, and the fixtures of every released storage layout
//! (`tests/fixtures/store/`) are dumps that the memory store and an IndexedDB test load.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// One stored value. Chunks are UTF-8 JSON bytes; in a dump file they are written as text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stored {
    Text(String),
    Bytes(#[serde(serialize_with = "as_text", deserialize_with = "from_text")] Vec<u8>),
}

impl Stored {
    /// The value's text; None for bytes that are not UTF-8.
    pub fn text(&self) -> Option<&str> {
        match self {
            Stored::Text(text) => Some(text),
            Stored::Bytes(bytes) => std::str::from_utf8(bytes).ok(),
        }
    }
}

impl AsRef<[u8]> for Stored {
    fn as_ref(&self) -> &[u8] {
        match self {
            Stored::Text(text) => text.as_bytes(),
            Stored::Bytes(bytes) => bytes,
        }
    }
}

fn as_text<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    std::str::from_utf8(bytes).map_err(serde::ser::Error::custom)?.serialize(serializer)
}

fn from_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
    String::deserialize(deserializer).map(String::into_bytes)
}

/// The object stores (see `store::indexeddb`): plan heads, summaries, and activity chunks
/// with each plan's chunk index.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Dump {
    pub plans: BTreeMap<String, Stored>,
    pub summaries: BTreeMap<String, Stored>,
    pub chunks: BTreeMap<String, Stored>,
}

impl Dump {
    pub fn parse(text: &str) -> Result<Dump, serde_json::Error> {
        serde_json::from_str(text)
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    use crate::model::Plan;

    /// Every storage layout a released version wrote, oldest first (`tests/fixtures/store/`),
    /// each holding the plan of `tests/fixtures/planfile/v1.cashplan.json`; the last is the
    /// layout this version writes.
    pub const LAYOUTS: &[(&str, &str)] = &[
        ("1-one-string", include_str!("../../tests/fixtures/store/1-one-string.json")),
        ("2-text-chunks", include_str!("../../tests/fixtures/store/2-text-chunks.json")),
        ("3-byte-chunks", include_str!("../../tests/fixtures/store/3-byte-chunks.json")),
        ("4-schema-head", include_str!("../../tests/fixtures/store/4-schema-head.json")),
        // The head with the reporting rounds table (read from older heads as empty).
        ("5-rounds-table", include_str!("../../tests/fixtures/store/5-rounds-table.json")),
        // The head names the boundaries table (empty here); boundaries are chunked like activities.
        ("6-boundaries", include_str!("../../tests/fixtures/store/6-boundaries.json")),
    ];

    pub fn fixture_plan() -> Plan {
        let text = include_str!("../../tests/fixtures/planfile/v1.cashplan.json");
        crate::formats::planfile::read_plan_file("v1.cashplan.json", text).unwrap()
    }
}
