//! How a plan is cut into IndexedDB values so that a save rewrites only what changed:
//! a head (the plan without its activities, still readable as a whole `Plan`) and the
//! activities in chunks of [`CHUNK_SIZE`] entries, each with a content hash.

use super::StoreError;
use crate::model::{Activity, Area, Entry, ExchangeRate, Meb, Need, Organisation, Plan, Sector, Standard, Table};
use serde::Serialize;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Activities per stored chunk: small enough that one edit rewrites little, large enough
/// that 100k activities are only 20 values.
pub const CHUNK_SIZE: usize = 5_000;

/// A plan as stored: its head and its activity chunks, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub head: String,
    pub chunks: Vec<String>,
}

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
}

/// Cuts `plan` into a head and activity chunks of `chunk_size` entries (id order).
pub fn split(plan: &Plan, chunk_size: usize) -> Stored {
    // Destructured without `..` so that a new Plan field fails to compile here instead of
    // silently not being stored.
    let Plan { id, name, country, currency, default_household_size, created_at, areas, sectors, organisations, needs, activities, standards, mebs, exchange_rates } = plan;
    let head = Head { id, name, country, currency, default_household_size: *default_household_size, created_at, areas, sectors, organisations, needs, standards, mebs, exchange_rates };
    let entries: Vec<&Entry<Activity>> = activities.entries().collect();
    let chunks = entries.chunks(chunk_size.max(1)).map(|chunk| serde_json::to_string(chunk).unwrap_or_default()).collect();
    Stored { head: serde_json::to_string(&head).unwrap_or_default(), chunks }
}

/// Rebuilds a plan from its head and chunks. A head written before chunking (the whole
/// plan in one string) has no chunks and decodes unchanged.
pub fn assemble(id: &str, head: &str, chunks: &[String]) -> Result<Plan, StoreError> {
    let corrupt = |detail: String| StoreError::Corrupt { id: id.into(), detail };
    let mut plan: Plan = serde_json::from_str(head).map_err(|e| corrupt(e.to_string()))?;
    for (n, chunk) in chunks.iter().enumerate() {
        let entries: Vec<Entry<Activity>> = serde_json::from_str(chunk).map_err(|e| corrupt(format!("activities part {n}: {e}")))?;
        for entry in entries {
            plan.activities.insert_entry(entry);
        }
    }
    Ok(plan)
}

/// A short fingerprint of a stored string, to tell which chunks a save must rewrite.
pub fn fingerprint(text: &str) -> String {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    format!("{:016x}-{}", hasher.finish(), text.len())
}

/// The key of activity chunk `n` of plan `id`; zero-padded so key order is chunk order.
pub fn chunk_key(id: &str, n: usize) -> String {
    format!("{id}#activities#{n:06}")
}

/// Keys from `chunk_key(id, from)` up to the last possible chunk of plan `id`.
pub fn chunk_key_bounds(id: &str, from: usize) -> (String, String) {
    (chunk_key(id, from), format!("{id}#activities#\u{ffff}"))
}

/// The key of the list of chunk fingerprints of plan `id`.
pub fn index_key(id: &str) -> String {
    format!("{id}#index")
}

/// Which chunks differ from what is stored (`stored` fingerprints, in chunk order).
pub fn changed(chunks: &[String], stored: &[String]) -> (Vec<String>, Vec<usize>) {
    let fingerprints: Vec<String> = chunks.iter().map(|c| fingerprint(c)).collect();
    let changed = fingerprints.iter().enumerate().filter(|(n, f)| stored.get(*n) != Some(f)).map(|(n, _)| n).collect();
    (fingerprints, changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Activity, Stamp};

    fn plan(activities: usize) -> Plan {
        let stamp = Stamp { at: "2026-01-01T00:00:00Z".into(), by: "test".into() };
        let mut plan = Plan::new("p-1", "Chunks", "SYR", "USD", &stamp);
        for n in 0..activities {
            let activity = Activity { reporting_org: "WFP".into(), sector: "FSC".into(), area: "SY02".into(), targeted: Some(n as u64), ..Activity::default() };
            plan.activities.upsert(&format!("a-{n:03}"), activity, &stamp);
        }
        plan
    }

    #[test]
    fn a_plan_of_several_chunks_comes_back_whole() {
        let original = plan(7);
        let stored = split(&original, 3);
        assert_eq!(stored.chunks.len(), 3);
        assert_eq!(assemble("p-1", &stored.head, &stored.chunks).unwrap(), original);
    }

    #[test]
    fn editing_one_activity_changes_one_chunk() {
        let mut edited = plan(7);
        let stored = split(&edited, 3);
        let (before, _) = changed(&stored.chunks, &[]);
        let stamp = Stamp { at: "2026-01-02T00:00:00Z".into(), by: "test".into() };
        let activity = Activity { targeted: Some(999), ..edited.activities.get("a-004").unwrap().data.clone() };
        edited.activities.upsert("a-004", activity, &stamp);
        let (_, rewrite) = changed(&split(&edited, 3).chunks, &before);
        assert_eq!(rewrite, [1]);
    }

    #[test]
    fn a_plan_stored_as_one_string_still_reads() {
        let original = plan(4);
        let whole = serde_json::to_string(&original).unwrap();
        assert_eq!(assemble("p-1", &whole, &[]).unwrap(), original);
    }

    #[test]
    fn a_damaged_chunk_is_reported_with_its_plan() {
        let stored = split(&plan(4), 3);
        let error = assemble("p-1", &stored.head, &["[{".into()]).unwrap_err();
        assert!(matches!(error, StoreError::Corrupt { ref id, ref detail } if id == "p-1" && detail.contains("activities part 0")), "{error:?}");
    }
}
