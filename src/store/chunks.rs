//! How a plan is cut into IndexedDB values so that a save rewrites only what changed:
//! a head (the plan without its chunked tables, still readable as a whole `Plan`) and the
//! records of every table whose kind says `CHUNKED` (activities, boundaries) in chunks of
//! at most [`CHUNK_SIZE`] entries, each with a content version. The tables come from the
//! registry, so a new chunked kind needs no edit here.

use super::StoreError;
use crate::model::{Entry, Kind, Plan, Table, TableName, TableVisitor, TableVisitorMut};
use serde::{Deserialize, Serialize};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::rc::Rc;

/// Entries per stored chunk: small enough that one edit rewrites little, large enough
/// that 100k activities are only 20 values. A kind with large records caps it lower
/// (`Kind::CHUNK_RECORDS`).
pub const CHUNK_SIZE: usize = 5_000;

/// Empties every chunked table of a plan.
struct LeaveOutChunked;

impl TableVisitorMut for LeaveOutChunked {
    fn visit<K: Kind>(&mut self, table: &mut Table<K>) {
        if K::CHUNKED {
            *table = Table::default();
        }
    }
}

/// The head: everything of `plan` but its chunked tables, which the plan's
/// `#[serde(default)]` reads back as empty, so a head alone decodes as a Plan.
pub fn head(plan: &Plan) -> String {
    let mut head = plan.clone();
    head.visit_mut(&mut LeaveOutChunked);
    serde_json::to_string(&head).unwrap_or_default()
}

/// A stored chunk: the table it belongs to and its entries in id order.
#[derive(Serialize)]
struct Tagged<'a, K: Kind> {
    table: TableName,
    entries: Vec<&'a Entry<K>>,
}

/// One chunk, encoded only when asked.
struct Part {
    version: String,
    encode: Rc<dyn Fn() -> Vec<u8>>,
}

/// Bump when the stored form of an entry changes, so every chunk is rewritten once.
/// 2: every chunk says its table (1 held activities only, as a bare list).
const FORMAT: &str = "2";

/// Cuts every chunked table into parts, in registry order.
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
        // A table is a persistent map: this copy is O(1) and shares every entry.
        let table = Rc::new(table.clone());
        let count = table.entries().count().div_ceil(size);
        for n in 0..count {
            let entries = || table.entries().skip(n * size).take(size);
            let mut hasher = DefaultHasher::new();
            (FORMAT, K::TABLE).hash(&mut hasher);
            // A record's rev is a hash of its parent rev, deleted flag and data
            // (model::record), so the revs plus the fields outside the rev stand for the
            // whole stored text.
            let mut len = 0usize;
            for entry in entries() {
                for record in std::iter::once(&entry.current).chain(&entry.conflicts) {
                    (&record.id, &record.rev, &record.ancestors, &record.modified_at, &record.modified_by)
                        .hash(&mut hasher);
                    record.deleted.hash(&mut hasher);
                }
                entry.conflicts.len().hash(&mut hasher);
                len += 1;
            }
            let version = format!("{:016x}-{len}", hasher.finish());
            let table = Rc::clone(&table);
            let encode = Rc::new(move || {
                let chunk = Tagged { table: K::TABLE, entries: table.entries().skip(n * size).take(size).collect() };
                serde_json::to_vec(&chunk).unwrap_or_default()
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
    pub fn encode(&self, n: usize) -> Vec<u8> {
        self.parts.get(n).map(|p| (p.encode)()).unwrap_or_default()
    }

    /// Identifies the content of chunk `n` without encoding it.
    pub fn version(&self, n: usize) -> String {
        self.parts.get(n).map(|p| p.version.clone()).unwrap_or_default()
    }

    pub fn versions(&self) -> Vec<String> {
        self.parts.iter().map(|p| p.version.clone()).collect()
    }
}

/// Which table a stored chunk belongs to.
#[derive(Deserialize)]
struct Tag {
    table: TableName,
}

#[derive(Deserialize)]
#[serde(bound = "")]
struct Entries<K: Kind> {
    entries: Vec<Entry<K>>,
}

/// Puts a chunk's entries into its table.
struct Fill<'a> {
    bytes: &'a [u8],
    error: Option<String>,
}

impl TableVisitorMut for Fill<'_> {
    fn visit<K: Kind>(&mut self, table: &mut Table<K>) {
        match serde_json::from_slice::<Entries<K>>(self.bytes) {
            Ok(chunk) => chunk.entries.into_iter().for_each(|entry| table.insert_entry(entry)),
            Err(e) => self.error = Some(e.to_string()),
        }
    }
}

/// Rebuilds a plan from its head and chunks (UTF-8 JSON, as bytes or as text). A head
/// written before chunking (the whole plan in one string) has no chunks and decodes
/// unchanged; a chunk written before chunks said their table (a bare list) is activities.
pub fn assemble<C: AsRef<[u8]>>(id: &str, head: &str, chunks: &[C]) -> Result<Plan, StoreError> {
    let corrupt = |detail: String| StoreError::Corrupt { id: id.into(), detail };
    // Bytes, not text, for the same decoder as the chunks (one copy in the download).
    let mut plan: Plan = serde_json::from_slice(head.as_bytes()).map_err(|e| corrupt(e.to_string()))?;
    for (n, chunk) in chunks.iter().enumerate() {
        let bytes = chunk.as_ref();
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        let table = if first == Some(&b'[') {
            let wrapped = [b"{\"entries\":".as_slice(), bytes, b"}"].concat();
            let mut fill = Fill { bytes: &wrapped, error: None };
            plan.visit_table_mut(TableName::Activities, &mut fill);
            fill.error.map(|e| (TableName::Activities, e))
        } else {
            let tag: Tag = serde_json::from_slice(bytes).map_err(|e| corrupt(format!("part {n}: {e}")))?;
            let mut fill = Fill { bytes, error: None };
            plan.visit_table_mut(tag.table, &mut fill);
            fill.error.map(|e| (tag.table, e))
        };
        if let Some((table, error)) = table {
            return Err(corrupt(format!("{} part {n}: {error}", table.plural())));
        }
    }
    Ok(plan)
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
        let original = with_boundaries(plan(4), 600);
        let head = head(&original);
        assert!(!head.contains("SY0001") && !head.contains("a-001"), "chunked tables stay out of the head");
        let chunks = Chunks::of(&original, 1_000);
        // 4 activities in one chunk, 600 boundaries in chunks of at most 250.
        assert_eq!(chunks.len(), 1 + 3);
        let parts: Vec<Vec<u8>> = (0..chunks.len()).map(|n| chunks.encode(n)).collect();
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
    fn chunks_of_activities_written_before_chunks_named_their_table_still_read() {
        let original = plan(5);
        let bare: Vec<String> = original
            .activities
            .entries()
            .collect::<Vec<_>>()
            .chunks(2)
            .map(|chunk| serde_json::to_string(chunk).unwrap())
            .collect();
        assert_eq!(assemble("p-1", &head(&original), &bare).unwrap(), original);
    }

    #[test]
    fn a_damaged_chunk_is_reported_with_its_plan() {
        let error = assemble("p-1", &head(&plan(4)), &["[{"]).unwrap_err();
        assert!(
            matches!(error, StoreError::Corrupt { ref id, ref detail } if id == "p-1" && detail.contains("activities part 0")),
            "{error:?}"
        );
        let error = assemble("p-1", &head(&plan(4)), &[r#"{"table":"boundaries","entries":[{}]}"#]).unwrap_err();
        assert!(
            matches!(error, StoreError::Corrupt { ref detail, .. } if detail.contains("boundaries part 0")),
            "{error:?}"
        );
        let error = assemble("p-1", &head(&plan(4)), &[r#"{"table":"nothing"}"#]).unwrap_err();
        assert!(matches!(error, StoreError::Corrupt { ref detail, .. } if detail.contains("part 0")), "{error:?}");
    }
}
