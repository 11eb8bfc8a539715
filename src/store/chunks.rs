//! How a plan is cut into IndexedDB values so that a save rewrites only what changed:
//! a head (the schema version and the plan without its chunked tables) and the records of
//! every table whose kind says `CHUNKED` (activities, boundaries; from the registry, so a
//! new chunked kind needs no edit here) in chunks of at most [`CHUNK_SIZE`] entries, each
//! with a content hash. Activity chunks are bare lists, as they always were; the chunks of
//! later chunked kinds say their table (`{"table":"boundaries","entries":[…]}`). Both stores — IndexedDB and
//! the memory store — prepare a save with [`prepare`] and restore a plan with [`assemble`],
//! which goes through the same restore path as plan files (`formats::restore`).

use super::{PlanSummary, StoreError};
use crate::formats::restore::{Fields, Restore, RestoreError, SCHEMA_VERSION};
use crate::model::{Entry, Kind, Plan, Table, TableName, TableVisitor, TableVisitorMut};
use serde::Serialize;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::rc::Rc;

/// Entries per stored chunk: small enough that one edit rewrites little, large enough
/// that 100k activities are only 20 values. A kind with large records caps it lower
/// (`Kind::CHUNK_RECORDS`).
pub const CHUNK_SIZE: usize = 5_000;

/// The head as stored since the schema version was recorded. Heads written before have no
/// `schema` key: they are the plan's own object, at schema version 1.
#[derive(Serialize)]
struct Head<'a> {
    schema: u64,
    plan: &'a Plan,
}

/// Empties every chunked table of a plan.
struct LeaveOutChunked;

impl TableVisitorMut for LeaveOutChunked {
    fn visit<K: Kind>(&mut self, table: &mut Table<K>) {
        if K::CHUNKED {
            *table = Table::default();
        }
    }
}

/// The head: the schema version and everything of `plan` but its chunked tables.
pub fn head(plan: &Plan) -> Result<String, StoreError> {
    let mut rest = plan.clone();
    rest.visit_mut(&mut LeaveOutChunked);
    serde_json::to_string(&Head { schema: SCHEMA_VERSION, plan: &rest }).map_err(encode_error(&plan.id))
}

fn encode_error(id: &str) -> impl Fn(serde_json::Error) -> StoreError + '_ {
    move |error| StoreError::Encode { id: id.into(), detail: error.to_string() }
}

/// A chunk of a table other than the activities: it says its table.
#[derive(Serialize)]
struct Tagged<'a, K: Kind> {
    table: TableName,
    entries: Vec<&'a Entry<K>>,
}

/// One chunk, encoded only when asked.
struct Part {
    version: String,
    encode: Rc<dyn Fn() -> Result<Vec<u8>, serde_json::Error>>,
}

/// Bump when the stored form of an entry changes, so every chunk is rewritten once.
const FORMAT: &str = "1";

/// Cuts every chunked table into parts, in registry order (activities first).
struct Cut {
    size: usize,
    parts: Vec<Part>,
}

impl TableVisitor for Cut {
    fn visit<K: Kind>(&mut self, table: &Table<K>) {
        if !K::CHUNKED {
            return;
        }
        let size = self.size.min(K::CHUNK_RECORDS).max(1);
        let bare = K::TABLE == TableName::Activities;
        // A table is a persistent map: this copy is O(1) and shares every entry.
        let table = Rc::new(table.clone());
        let count = table.entries().count().div_ceil(size);
        for n in 0..count {
            let mut hasher = DefaultHasher::new();
            FORMAT.hash(&mut hasher);
            if !bare {
                K::TABLE.hash(&mut hasher);
            }
            // A record's rev is a hash of its parent rev, deleted flag and data
            // (model::record), so the revs plus the fields outside the rev stand for the
            // whole stored text.
            let mut len = 0usize;
            for entry in table.entries().skip(n * size).take(size) {
                for record in std::iter::once(&entry.current).chain(&entry.conflicts) {
                    (
                        &record.id,
                        &record.rev,
                        &record.ancestors,
                        &record.modified_at,
                        &record.modified_by,
                        record.deleted,
                    )
                        .hash(&mut hasher);
                }
                entry.conflicts.len().hash(&mut hasher);
                len += 1;
            }
            let version = format!("{:016x}-{len}", hasher.finish());
            let table = Rc::clone(&table);
            let encode = Rc::new(move || {
                let entries: Vec<&Entry<K>> = table.entries().skip(n * size).take(size).collect();
                if bare {
                    serde_json::to_vec(&entries)
                } else {
                    serde_json::to_vec(&Tagged { table: K::TABLE, entries })
                }
            });
            self.parts.push(Part { version, encode });
        }
    }
}

/// A plan's chunked tables cut into chunks of at most `size` entries in id order; each
/// chunk is only encoded when asked, so a save can skip the ones storage already has.
pub struct Chunks {
    parts: Vec<Part>,
}

impl Chunks {
    pub fn of(plan: &Plan, size: usize) -> Chunks {
        let mut cut = Cut { size: size.max(1), parts: Vec::new() };
        plan.visit(&mut cut);
        Chunks { parts: cut.parts }
    }

    pub fn len(&self) -> usize {
        self.parts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Chunk `n` as UTF-8 JSON bytes: IndexedDB stores them as they are, where a string
    /// would be converted to UTF-16 and back on every save and load.
    pub fn encode(&self, n: usize) -> Result<Vec<u8>, serde_json::Error> {
        self.parts.get(n).map_or_else(|| Ok(b"[]".to_vec()), |p| (p.encode)())
    }

    /// Identifies the content of chunk `n` without encoding it.
    pub fn version(&self, n: usize) -> String {
        self.parts.get(n).map(|p| p.version.clone()).unwrap_or_default()
    }

    pub fn versions(&self) -> Vec<String> {
        self.parts.iter().map(|p| p.version.clone()).collect()
    }
}

/// Rebuilds a plan from its head and chunks (UTF-8 JSON, as bytes or as text) through the
/// one restore path: the head's schema version is checked (a newer one is refused with
/// [`StoreError::TooNew`]) and migrated like a plan file. A head written before chunking
/// (the whole plan in one string) has no chunks and restores unchanged.
pub fn assemble<C: AsRef<[u8]>>(id: &str, head: &str, chunks: &[C]) -> Result<Plan, StoreError> {
    let corrupt = |detail: String| StoreError::Corrupt { id: id.into(), detail };
    let fields = Fields::parse(head).map_err(|e| corrupt(e.to_string()))?;
    let (version, plan) = match fields.get("schema") {
        Some(schema) => (
            serde_json::from_slice::<u64>(schema.get().as_bytes())
                .map_err(|e| corrupt(format!("schema version: {e}")))?,
            fields.get("plan").map_or("null", |raw| raw.get()),
        ),
        None => (1, head),
    };
    let restored = |error: RestoreError| match error {
        RestoreError::TooNew { version, supported } => StoreError::TooNew { id: id.into(), version, supported },
        other => corrupt(other.to_string()),
    };
    let restore = Restore::from_version(version).map_err(restored)?;
    let mut plan = restore.plan(plan).map_err(restored)?;
    for (n, chunk) in chunks.iter().enumerate() {
        let bytes = chunk.as_ref();
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
            restore
                .add(&mut plan, TableName::Activities, bytes)
                .map_err(|e| corrupt(format!("activities part {n}: {e}")))?;
            continue;
        }
        let text = std::str::from_utf8(bytes).map_err(|e| corrupt(format!("part {n}: {e}")))?;
        let fields = Fields::parse(text).map_err(|e| corrupt(format!("part {n}: {e}")))?;
        let table = fields
            .get("table")
            .and_then(|raw| serde_json::from_str::<TableName>(raw.get()).ok())
            .filter(|t| t.chunked())
            .ok_or_else(|| corrupt(format!("part {n}: not a chunk of a table this version keeps in chunks")))?;
        let entries = fields.get("entries").map_or("[]", |raw| raw.get());
        restore
            .add(&mut plan, table, entries.as_bytes())
            .map_err(|e| corrupt(format!("{} part {n}: {e}", table.plural())))?;
    }
    Ok(plan)
}

/// Everything one save writes, prepared (and every value encoded) before anything is
/// written, so an encoding failure leaves the stored copy as it was.
#[derive(Debug)]
pub struct Save {
    pub head: String,
    /// The chunks that changed, by number, as UTF-8 JSON.
    pub chunks: Vec<(usize, Vec<u8>)>,
    /// How many chunks the plan has now: stored chunks from this number on are dropped.
    pub chunk_count: usize,
    /// The chunk versions and sizes, for the next save to compare with.
    pub index: String,
    pub summary: PlanSummary,
    pub summary_text: String,
}

/// Prepares the save of `plan` over what is stored (`stored_index`: the index the last save
/// wrote, if any), in chunks of `chunk_size`.
pub fn prepare(
    plan: &Plan,
    modified_at: &str,
    stored_index: Option<&str>,
    chunk_size: usize,
) -> Result<Save, StoreError> {
    let encode = encode_error(&plan.id);
    let head = head(plan)?;
    let activity_chunks = Chunks::of(plan, chunk_size);
    let versions = activity_chunks.versions();
    // A damaged or missing index only means every chunk is written again.
    let stored: Vec<(String, u64)> = stored_index.and_then(|t| serde_json::from_str(t).ok()).unwrap_or_default();
    let stored_versions: Vec<String> = stored.iter().map(|(version, _)| version.clone()).collect();
    let mut sizes: Vec<u64> = stored.iter().map(|(_, bytes)| *bytes).collect();
    sizes.resize(versions.len(), 0);
    let mut chunks = Vec::new();
    for n in changed(&versions, &stored_versions) {
        let bytes = activity_chunks.encode(n).map_err(&encode)?;
        sizes[n] = bytes.len() as u64;
        chunks.push((n, bytes));
    }
    let index: Vec<(&String, u64)> = versions.iter().zip(sizes.iter().copied()).collect();
    let index = serde_json::to_string(&index).map_err(&encode)?;
    let summary = PlanSummary::of(plan, modified_at, head.len() as u64 + sizes.iter().sum::<u64>());
    let summary_text = serde_json::to_string(&summary).map_err(&encode)?;
    Ok(Save { head, chunks, chunk_count: versions.len(), index, summary, summary_text })
}

/// The key of chunk `n` of plan `id` (of any chunked table: the name is from when only
/// activities were chunked); zero-padded so key order is chunk order.
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
    use crate::model::{Activity, Stamp, TableName};

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
        let parts: Vec<Vec<u8>> = (0..chunks.len()).map(|n| chunks.encode(n).unwrap()).collect();
        assert_eq!(assemble("p-1", &head(&original).unwrap(), &parts).unwrap(), original);
        // Chunks an older version stored as text read the same.
        let texts: Vec<String> = parts.into_iter().map(|p| String::from_utf8(p).unwrap()).collect();
        assert_eq!(assemble("p-1", &head(&original).unwrap(), &texts).unwrap(), original);
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
        let error = assemble("p-1", &head(&plan(4)).unwrap(), &["[{"]).unwrap_err();
        assert!(
            matches!(error, StoreError::Corrupt { ref id, ref detail } if id == "p-1" && detail.contains("activities part 0")),
            "{error:?}"
        );
    }

    #[test]
    fn a_head_from_a_newer_version_is_refused_not_read() {
        let newer = head(&plan(1)).unwrap().replacen(&format!("\"schema\":{SCHEMA_VERSION}"), "\"schema\":99", 1);
        let error = assemble::<&str>("p-1", &newer, &[]).unwrap_err();
        assert_eq!(error, StoreError::TooNew { id: "p-1".into(), version: 99, supported: SCHEMA_VERSION });
        assert!(error.to_string().contains("newer"), "{error}");
    }

    fn with_boundaries(mut plan: Plan, count: usize) -> Plan {
        use crate::model::boundary::{BoundaryFeature, Ring, Shape};
        let stamp = Stamp { at: "2026-01-01T00:00:00Z".into(), by: "test".into() };
        for n in 0..count {
            let n = n as i32;
            let ring = Ring::from_points(&[(n, 0), (n + 1, 0), (n + 1, 1), (n, 0)]);
            let feature = BoundaryFeature {
                pcode: format!("SY{n:04}"),
                level: 2,
                parent: Some("SY02".into()),
                names: [("en".to_string(), format!("Area {n}"))].into(),
                shape: Shape { polygons: vec![vec![ring]] },
                source: "test.zip: syr_admin2".into(),
            };
            plan.boundaries.upsert(&feature.pcode.clone(), feature, &stamp);
        }
        plan
    }

    #[test]
    fn every_chunked_table_is_kept_out_of_the_head_and_comes_back() {
        let chunked: Vec<TableName> = TableName::ALL.iter().copied().filter(|t| t.chunked()).collect();
        assert_eq!(chunked, [TableName::Activities, TableName::Boundaries]);
        let original = with_boundaries(plan(4), 600);
        let head = head(&original).unwrap();
        assert!(!head.contains("SY0001") && !head.contains("a-001"), "chunked tables stay out of the head");
        let chunks = Chunks::of(&original, 1_000);
        // 4 activities in one chunk (a bare list, as before), 600 boundaries in chunks of at most 250.
        assert_eq!(chunks.len(), 1 + 3);
        let parts: Vec<Vec<u8>> = (0..chunks.len()).map(|n| chunks.encode(n).unwrap()).collect();
        assert!(parts[0].starts_with(b"["));
        assert!(parts[1].starts_with(br#"{"table":"boundaries""#));
        assert_eq!(assemble("p-1", &head, &parts).unwrap(), original);
    }

    #[test]
    fn adding_an_activity_leaves_the_boundary_chunks_alone() {
        let mut edited = with_boundaries(plan(4), 300);
        let before = Chunks::of(&edited, 10).versions();
        let stamp = Stamp { at: "2026-01-02T00:00:00Z".into(), by: "test".into() };
        edited.activities.upsert("a-999", Activity::default(), &stamp);
        assert_eq!(changed(&Chunks::of(&edited, 10).versions(), &before), [0]);
    }

    #[test]
    fn a_damaged_boundary_chunk_is_reported_with_its_table() {
        let head = head(&plan(1)).unwrap();
        let error = assemble("p-1", &head, &[r#"{"table":"boundaries","entries":[{}]}"#]).unwrap_err();
        assert!(
            matches!(error, StoreError::Corrupt { ref detail, .. } if detail.contains("boundaries part 0")),
            "{error:?}"
        );
        let error = assemble("p-1", &head, &[r#"{"table":"areas","entries":[]}"#]).unwrap_err();
        assert!(matches!(error, StoreError::Corrupt { ref detail, .. } if detail.contains("part 0")), "{error:?}");
    }
}
