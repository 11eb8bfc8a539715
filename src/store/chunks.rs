//! How a plan is cut into IndexedDB values so that a save rewrites only what changed:
//! a head (the plan without its activities, still readable as a whole `Plan`) and the
//! activities in chunks of [`CHUNK_SIZE`] entries, each with a content hash.

use super::StoreError;
use crate::model::{
    Activity, Area, Entry, ExchangeRate, Meb, Need, Organisation, Plan, Round, Sector, Standard, Table,
};
use serde::Serialize;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Activities per stored chunk: small enough that one edit rewrites little, large enough
/// that 100k activities are only 20 values.
pub const CHUNK_SIZE: usize = 5_000;

/// The plan's scalar fields and small tables, borrowed. Activities are left out: the
/// plan's `#[serde(default)]` reads them back as empty, so a head alone decodes as a Plan.
#[derive(Serialize)]
struct Head<'a> {
    id: &'a str,
    name: &'a str,
    country: &'a str,
    currency: &'a str,
    default_household_size: f64,
    created_at: &'a str,
    areas: &'a Table<Area>,
    sectors: &'a Table<Sector>,
    organisations: &'a Table<Organisation>,
    needs: &'a Table<Need>,
    standards: &'a Table<Standard>,
    mebs: &'a Table<Meb>,
    exchange_rates: &'a Table<ExchangeRate>,
    #[serde(skip_serializing_if = "Table::is_empty")]
    rounds: &'a Table<Round>,
}

/// The head: everything of `plan` but its activities.
pub fn head(plan: &Plan) -> String {
    // Destructured without `..` so that a new Plan field fails to compile here instead of
    // silently not being stored.
    let Plan {
        id,
        name,
        country,
        currency,
        default_household_size,
        created_at,
        areas,
        sectors,
        organisations,
        needs,
        activities: _,
        standards,
        mebs,
        exchange_rates,
        rounds,
    } = plan;
    let head = Head {
        id,
        name,
        country,
        currency,
        default_household_size: *default_household_size,
        created_at,
        areas,
        sectors,
        organisations,
        needs,
        standards,
        mebs,
        exchange_rates,
        rounds,
    };
    serde_json::to_string(&head).unwrap_or_default()
}

/// A plan's activities cut into chunks of `size` entries in id order; each chunk is only
/// encoded when asked, so a save can skip the ones storage already has.
pub struct Chunks<'a> {
    entries: Vec<&'a Entry<Activity>>,
    size: usize,
}

/// Bump when the stored form of an entry changes, so every chunk is rewritten once.
const FORMAT: &str = "1";

impl<'a> Chunks<'a> {
    pub fn of(plan: &'a Plan, size: usize) -> Chunks<'a> {
        Chunks { entries: plan.activities.entries().collect(), size: size.max(1) }
    }

    pub fn len(&self) -> usize {
        self.entries.len().div_ceil(self.size)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn chunk(&self, n: usize) -> &[&'a Entry<Activity>] {
        self.entries.chunks(self.size).nth(n).unwrap_or_default()
    }

    /// Chunk `n` as UTF-8 JSON bytes: IndexedDB stores them as they are, where a string
    /// would be converted to UTF-16 and back on every save and load.
    pub fn encode(&self, n: usize) -> Vec<u8> {
        serde_json::to_vec(self.chunk(n)).unwrap_or_default()
    }

    /// Identifies the content of chunk `n` without encoding it. A record's rev is a hash
    /// of its parent rev, deleted flag and data (model::record), so the revs plus the
    /// fields outside the rev stand for the whole stored text.
    pub fn version(&self, n: usize) -> String {
        let mut hasher = DefaultHasher::new();
        FORMAT.hash(&mut hasher);
        for entry in self.chunk(n) {
            for record in std::iter::once(&entry.current).chain(&entry.conflicts) {
                (&record.id, &record.rev, &record.ancestors, &record.modified_at, &record.modified_by, record.deleted)
                    .hash(&mut hasher);
            }
            entry.conflicts.len().hash(&mut hasher);
        }
        format!("{:016x}-{}", hasher.finish(), self.chunk(n).len())
    }

    pub fn versions(&self) -> Vec<String> {
        (0..self.len()).map(|n| self.version(n)).collect()
    }
}

/// Rebuilds a plan from its head and chunks (UTF-8 JSON, as bytes or as text). A head
/// written before chunking (the whole plan in one string) has no chunks and decodes
/// unchanged.
pub fn assemble<C: AsRef<[u8]>>(id: &str, head: &str, chunks: &[C]) -> Result<Plan, StoreError> {
    let corrupt = |detail: String| StoreError::Corrupt { id: id.into(), detail };
    // Bytes, not text, for the same decoder as the chunks (one copy in the download).
    let mut plan: Plan = serde_json::from_slice(head.as_bytes()).map_err(|e| corrupt(e.to_string()))?;
    for (n, chunk) in chunks.iter().enumerate() {
        let entries: Vec<Entry<Activity>> =
            serde_json::from_slice(chunk.as_ref()).map_err(|e| corrupt(format!("activities part {n}: {e}")))?;
        for entry in entries {
            plan.activities.insert_entry(entry);
        }
    }
    Ok(plan)
}

/// The key of activity chunk `n` of plan `id`; zero-padded so key order is chunk order.
pub fn chunk_key(id: &str, n: usize) -> String {
    format!("{id}#activities#{n:06}")
}

/// Keys from `chunk_key(id, from)` up to the last possible chunk of plan `id`.
pub fn chunk_key_bounds(id: &str, from: usize) -> (String, String) {
    (chunk_key(id, from), format!("{id}#activities#\u{ffff}"))
}

/// The key of the list of chunk versions and sizes of plan `id`.
pub fn index_key(id: &str) -> String {
    format!("{id}#index")
}

/// Which chunks differ from what is stored (`stored` versions, in chunk order).
pub fn changed(versions: &[String], stored: &[String]) -> Vec<usize> {
    versions.iter().enumerate().filter(|(n, v)| stored.get(*n) != Some(v)).map(|(n, _)| n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Activity, Stamp};

    fn plan(activities: usize) -> Plan {
        let stamp = Stamp { at: "2026-01-01T00:00:00Z".into(), by: "test".into() };
        let mut plan = Plan::new("p-1", "Chunks", "SYR", "USD", &stamp);
        for n in 0..activities {
            let activity = Activity {
                reporting_org: "WFP".into(),
                sector: "FSC".into(),
                area: "SY02".into(),
                targeted: Some(n as u64),
                ..Activity::default()
            };
            plan.activities.upsert(&format!("a-{n:03}"), activity, &stamp);
        }
        plan
    }

    #[test]
    fn a_plan_of_several_chunks_comes_back_whole() {
        let original = plan(7);
        let chunks = Chunks::of(&original, 3);
        assert_eq!(chunks.len(), 3);
        let parts: Vec<Vec<u8>> = (0..chunks.len()).map(|n| chunks.encode(n)).collect();
        assert_eq!(assemble("p-1", &head(&original), &parts).unwrap(), original);
        // Chunks an older version stored as text read the same.
        let texts: Vec<String> = parts.into_iter().map(|p| String::from_utf8(p).unwrap()).collect();
        assert_eq!(assemble("p-1", &head(&original), &texts).unwrap(), original);
    }

    #[test]
    fn editing_one_activity_changes_one_chunk() {
        let mut edited = plan(7);
        let before = Chunks::of(&edited, 3).versions();
        let stamp = Stamp { at: "2026-01-02T00:00:00Z".into(), by: "test".into() };
        let activity = Activity { targeted: Some(999), ..edited.activities.get("a-004").unwrap().data.clone() };
        edited.activities.upsert("a-004", activity, &stamp);
        assert_eq!(changed(&Chunks::of(&edited, 3).versions(), &before), [1]);
        assert_eq!(changed(&before, &before), [0usize; 0], "an unchanged plan rewrites nothing");
    }

    #[test]
    fn a_plan_stored_as_one_string_still_reads() {
        let original = plan(4);
        let whole = serde_json::to_string(&original).unwrap();
        assert_eq!(assemble::<&str>("p-1", &whole, &[]).unwrap(), original);
    }

    #[test]
    fn a_damaged_chunk_is_reported_with_its_plan() {
        let error = assemble("p-1", &head(&plan(4)), &["[{"]).unwrap_err();
        assert!(
            matches!(error, StoreError::Corrupt { ref id, ref detail } if id == "p-1" && detail.contains("activities part 0")),
            "{error:?}"
        );
    }
}
