//! The one way back from stored JSON to a `Plan`, for plan files and the browser's storage
//! alike (as Excalidraw's `restore`): the schema version is checked (a newer one is refused,
//! never half-read), the step-by-step migrations run, and each table is decoded straight
//! from its own unparsed JSON, so a plan of a million activities is never held as a
//! `serde_json::Value` — only the plan's own fields and, while a step rewrites them, one
//! entry at a time.

use crate::model::{Entry, Kind, Plan, Table, TableName, TableVisitorMut};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use thiserror::Error;

/// The schema version this build writes, in plan files and in storage alike. Bump it with a
/// [`Step`] in [`STEPS`] and a fixture (tests/fixtures/planfile/, tests/fixtures/store/).
pub const SCHEMA_VERSION: u64 = 1;

/// What can stop a plan from being restored. The plan file and the store say it with the
/// file's or the plan's name.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum RestoreError {
    #[error("made by a newer cashplan (version {version}; this one reads versions 1 to {supported})")]
    TooNew { version: u64, supported: u64 },
    #[error("version {found} is not a version cashplan wrote")]
    BadVersion { found: u64 },
    #[error("{detail}")]
    Invalid { detail: String },
}

/// One migration: upgrades a plan written at version `from` to `from + 1`.
pub struct Step {
    pub from: u64,
    /// Rewrites the plan's own fields (id, name, settings…), given without its tables.
    pub plan: fn(&mut Map<String, Value>),
    /// Rewrites one entry (`{"current": {…}, "conflicts": […]}`) of a table in `tables`.
    pub entry: fn(TableName, &mut Value),
    /// The tables whose entries `entry` rewrites; the others are decoded without a `Value`.
    pub tables: &'static [TableName],
}

/// Every migration, oldest first. Version 1 is the first released version: nothing yet.
pub const STEPS: &[Step] = &[];

/// A restore from one schema version: the steps still to run.
pub struct Restore<'s> {
    steps: Vec<&'s Step>,
}

impl Restore<'static> {
    /// Checks `version` and picks the migrations from it to [`SCHEMA_VERSION`].
    pub fn from_version(version: u64) -> Result<Restore<'static>, RestoreError> {
        Restore::with_steps(version, SCHEMA_VERSION, STEPS)
    }
}

impl<'s> Restore<'s> {
    /// A restore with these `steps` up to `current` (tests give their own).
    pub fn with_steps(version: u64, current: u64, steps: &'s [Step]) -> Result<Restore<'s>, RestoreError> {
        if version == 0 {
            return Err(RestoreError::BadVersion { found: version });
        }
        if version > current {
            return Err(RestoreError::TooNew { version, supported: current });
        }
        Ok(Restore { steps: steps.iter().filter(|s| s.from >= version && s.from < current).collect() })
    }

    fn for_table(&self, table: TableName) -> Vec<&'s Step> {
        self.steps.iter().copied().filter(|s| s.tables.contains(&table)).collect()
    }

    /// A plan from its JSON object (a plan file's `plan`, or the stored head). Tables it
    /// leaves out are empty.
    pub fn plan(&self, json: &str) -> Result<Plan, RestoreError> {
        // Bytes, never text, everywhere a plan is decoded: one copy of each decoder in the
        // app's download instead of one for text and one for bytes.
        let fields = Fields::parse(json).map_err(invalid("the plan"))?;
        let mut own = Map::new();
        let mut tables = Vec::new();
        for (key, raw) in fields.0 {
            match TableName::from_code(&key) {
                Some(table) => tables.push((table, raw)),
                None => {
                    let value: Value = serde_json::from_slice(raw.get().as_bytes()).map_err(invalid(&key))?;
                    own.insert(key, value);
                }
            }
        }
        for step in &self.steps {
            (step.plan)(&mut own);
        }
        // Through bytes rather than `from_value`, which would add a second decoder of every
        // kind to the download; these fields are small.
        let own = serde_json::to_vec(&Value::Object(own)).map_err(invalid("the plan"))?;
        let mut plan: Plan = serde_json::from_slice(&own).map_err(invalid("the plan"))?;
        for (table, raw) in tables {
            self.add(&mut plan, table, raw.get().as_bytes())?;
        }
        Ok(plan)
    }

    /// Adds the entries of `json` — an object of id → entry, or an array of entries (a
    /// stored chunk) — to `table` of `plan`.
    pub fn add(&self, plan: &mut Plan, table: TableName, json: &[u8]) -> Result<(), RestoreError> {
        let mut fill = Fill { steps: self.for_table(table), json, result: Ok(()) };
        plan.visit_table_mut(table, &mut fill);
        fill.result.map_err(invalid(table.code()))
    }
}

fn invalid(part: &str) -> impl Fn(serde_json::Error) -> RestoreError + '_ {
    move |error| RestoreError::Invalid { detail: format!("{part}: {error}") }
}

struct Fill<'a, 's> {
    steps: Vec<&'s Step>,
    json: &'a [u8],
    result: Result<(), serde_json::Error>,
}

impl TableVisitorMut for Fill<'_, '_> {
    fn visit<K: Kind>(&mut self, table: &mut Table<K>) {
        let object = self.json.first() == Some(&b'{');
        self.result = if object && table.is_empty() && self.steps.is_empty() {
            // The common case, a table as written: the table's own decoder.
            serde_json::from_slice(self.json).map(|decoded| *table = decoded)
        } else if object {
            // An object of id → entry to migrate: each entry through the steps.
            std::str::from_utf8(self.json).map_err(serde::de::Error::custom).and_then(Fields::parse).and_then(
                |fields| {
                    for (id, raw) in fields.0 {
                        let mut de = serde_json::Deserializer::from_slice(raw.get().as_bytes());
                        let entry = Migrated::<K> { steps: &self.steps, kind: PhantomData }.deserialize(&mut de)?;
                        table.restore(&id, Some(Arc::new(entry)));
                    }
                    Ok(())
                },
            )
        } else if !K::CHUNKED {
            // Only chunked tables are stored as lists (this also keeps the list decoder of
            // every other kind out of the app's download).
            Err(serde::de::Error::custom("a list of records where a table of records by id was expected"))
        } else {
            // A stored chunk: a list of entries.
            let mut de = serde_json::Deserializer::from_slice(self.json);
            de.deserialize_seq(Entries { steps: &self.steps, table }).and_then(|()| de.end())
        };
    }
}

/// The fields of a JSON object, each value left unparsed (a later duplicate key replaces
/// the earlier one, as in `serde_json::Value`).
pub struct Fields<'a>(pub Vec<(String, &'a RawValue)>);

impl<'a> Fields<'a> {
    pub fn parse(json: &'a str) -> Result<Fields<'a>, serde_json::Error> {
        serde_json::from_slice(json.as_bytes())
    }

    pub fn get(&self, key: &str) -> Option<&'a RawValue> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, raw)| *raw)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Fields<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Fields<'a>, D::Error> {
        struct Object;
        impl<'de> Visitor<'de> for Object {
            type Value = Fields<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Fields<'de>, A::Error> {
                let mut fields: Vec<(String, &'de RawValue)> = Vec::new();
                while let Some((key, raw)) = access.next_entry::<String, &'de RawValue>()? {
                    fields.retain(|(k, _)| *k != key);
                    fields.push((key, raw));
                }
                Ok(Fields(fields))
            }
        }
        deserializer.deserialize_map(Object)
    }
}

/// Decodes entries one at a time into a table, through the steps that rewrite them.
struct Entries<'t, 's, K> {
    steps: &'t [&'s Step],
    table: &'t mut Table<K>,
}

impl<'de, K: Kind> Visitor<'de> for Entries<'_, '_, K> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<(), A::Error> {
        while let Some(entry) = access.next_element_seed(Migrated::<K> { steps: self.steps, kind: PhantomData })? {
            self.table.insert_entry(entry);
        }
        Ok(())
    }
}

/// One entry, rewritten by each step first when there are any.
struct Migrated<'t, 's, K> {
    steps: &'t [&'s Step],
    kind: PhantomData<K>,
}

impl<'de, K: Kind> DeserializeSeed<'de> for Migrated<'_, '_, K> {
    type Value = Entry<K>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Entry<K>, D::Error> {
        if self.steps.is_empty() {
            return Entry::<K>::deserialize(deserializer);
        }
        let mut value = Value::deserialize(deserializer)?;
        for step in self.steps {
            (step.entry)(K::TABLE, &mut value);
        }
        // Through bytes, with the same decoder as every other entry (see `Restore::plan`).
        serde_json::to_vec(&value).and_then(|bytes| serde_json::from_slice(&bytes)).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
#[path = "restore_tests.rs"]
mod tests;
