//! Versioned records with CouchDB-style revisions, tombstones, conflicts and merge.
//!
//! Every record carries `rev = "N-hash"`: N counts edits, the hash is computed from the
//! parent revision and the content, so the same edit made twice yields the same revision.
//! A record also keeps the revisions it descends from (`ancestors`), which lets a merge tell
//! "newer version of the same line of edits" apart from "conflicting edit".

use super::sorting;
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

/// One version of a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record<T> {
    pub id: String,
    pub rev: String,
    /// Every earlier revision of this line of edits, newest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ancestors: Vec<String>,
    pub modified_at: String,
    #[serde(default)]
    pub modified_by: String,
    /// A tombstone: the record was deleted; kept so the deletion survives merges.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    pub data: T,
}

/// Who made a change and when (RFC 3339 UTC); the engine never reads a clock itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub at: String,
    pub by: String,
}

/// A record's current (winning) version and the versions that lost a merge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>", serialize = "T: Serialize"))]
pub struct Entry<T> {
    pub current: Record<T>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Record<T>>,
}

/// A collection of records keyed by id, in id order.
///
/// A persistent map: cloning a table is O(1) and two versions of a plan share every record
/// one did not change, so an edit costs O(log n) and undo keeps only what edits replaced
/// (see `model::change`). Stored and written as a JSON object of id → entry.
#[derive(Clone)]
pub struct Table<T> {
    entries: imbl::OrdMap<String, Arc<Entry<T>>>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table { entries: imbl::OrdMap::new() }
    }
}

impl<T: PartialEq> PartialEq for Table<T> {
    fn eq(&self, other: &Self) -> bool {
        self.entries.ptr_eq(&other.entries)
            || (self.entries.len() == other.entries.len()
                && self
                    .entries
                    .iter()
                    .zip(other.entries.iter())
                    .all(|((a, x), (b, y))| a == b && (Arc::ptr_eq(x, y) || x == y)))
    }
}

impl<T: fmt::Debug> fmt::Debug for Table<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.entries.iter().map(|(k, v)| (k, &**v))).finish()
    }
}

impl<T: Serialize> Serialize for Table<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (id, entry) in self.entries.iter() {
            map.serialize_entry(id, &**entry)?;
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Table<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Entries<T> {
            type Value = Table<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table of records by id")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Table<T>, A::Error> {
                let mut entries = imbl::OrdMap::new();
                while let Some((id, entry)) = access.next_entry::<String, Entry<T>>()? {
                    entries.insert(id, Arc::new(entry));
                }
                Ok(Table { entries })
            }
        }
        deserializer.deserialize_map(Entries(PhantomData))
    }
}

/// The generation number of a revision (`3` for `3-ab12…`); 0 when malformed.
pub fn generation(rev: &str) -> u64 {
    rev.split_once('-').and_then(|(n, _)| n.parse().ok()).unwrap_or(0)
}

fn rev_hash(rev: &str) -> &str {
    rev.split_once('-').map_or("", |(_, h)| h)
}

/// CouchDB's winner rule: higher generation, then the higher hash.
pub fn compare_revs(a: &str, b: &str) -> Ordering {
    generation(a).cmp(&generation(b)).then_with(|| rev_hash(a).cmp(rev_hash(b)))
}

fn next_rev<T: Serialize>(parent: Option<&str>, deleted: bool, data: &T) -> String {
    let mut hasher = Sha256::new();
    hasher.update(parent.unwrap_or("").as_bytes());
    hasher.update([u8::from(deleted)]);
    // Serialising plain data types cannot fail; an empty body still gives a stable hash.
    hasher.update(serde_json::to_vec(data).unwrap_or_default());
    let digest = hasher.finalize();
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("{}-{hex}", parent.map_or(0, generation) + 1)
}

impl<T: Serialize + Clone + PartialEq> Record<T> {
    pub fn new(id: impl Into<String>, data: T, stamp: &Stamp) -> Record<T> {
        Record {
            id: id.into(),
            rev: next_rev(None, false, &data),
            ancestors: Vec::new(),
            modified_at: stamp.at.clone(),
            modified_by: stamp.by.clone(),
            deleted: false,
            data,
        }
    }

    /// The next version of this record, descending from it.
    pub fn edited(&self, data: T, deleted: bool, stamp: &Stamp) -> Record<T> {
        let mut ancestors = Vec::with_capacity(self.ancestors.len() + 1);
        ancestors.push(self.rev.clone());
        ancestors.extend(self.ancestors.iter().cloned());
        Record {
            id: self.id.clone(),
            rev: next_rev(Some(&self.rev), deleted, &data),
            ancestors,
            modified_at: stamp.at.clone(),
            modified_by: stamp.by.clone(),
            deleted,
            data,
        }
    }
}

impl<T> Table<T> {
    /// Every entry, tombstones included.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether two tables are the same version (O(1); false does not mean they differ).
    pub fn ptr_eq(&self, other: &Table<T>) -> bool {
        self.entries.ptr_eq(&other.entries)
    }

    /// Records that are not deleted, in id order.
    pub fn live(&self) -> impl Iterator<Item = &Record<T>> {
        self.entries.values().map(|e| &e.current).filter(|r| !r.deleted)
    }

    pub fn entries(&self) -> impl Iterator<Item = &Entry<T>> {
        self.entries.values().map(|e| &**e)
    }

    pub fn get(&self, id: &str) -> Option<&Record<T>> {
        self.entries.get(id).map(|e| &e.current).filter(|r| !r.deleted)
    }

    pub fn entry(&self, id: &str) -> Option<&Entry<T>> {
        self.entries.get(id).map(|e| &**e)
    }

    /// The entry as it is shared between versions of the table, to keep for undo.
    pub fn shared_entry(&self, id: &str) -> Option<Arc<Entry<T>>> {
        self.entries.get(id).cloned()
    }

    /// Puts back exactly this entry (or removes the id when None): undoing an edit restores
    /// the versions it replaced, revisions included.
    pub fn restore(&mut self, id: &str, entry: Option<Arc<Entry<T>>>) {
        match entry {
            Some(entry) => {
                self.entries.insert(id.to_string(), entry);
            }
            None => {
                self.entries.remove(id);
            }
        }
    }

    pub fn conflict_count(&self) -> usize {
        self.entries.values().filter(|e| !e.conflicts.is_empty()).count()
    }

    /// Inserts an entry as-is (used by file loading and merge).
    pub fn insert_entry(&mut self, entry: Entry<T>) {
        self.entries.insert(entry.current.id.clone(), Arc::new(entry));
    }
}

impl<T: Serialize + Clone + PartialEq> Table<T> {
    pub fn len_live(&self) -> usize {
        self.live().count()
    }

    /// The ids whose entry differs between `before` and this table, with `before`'s entry
    /// (None where it had none). Shared entries are skipped without comparing them.
    pub fn replaced_since(&self, before: &Table<T>) -> Vec<(String, Option<Arc<Entry<T>>>)> {
        use imbl::ordmap::DiffItem;
        let mut out = Vec::new();
        for item in before.entries.diff(&self.entries) {
            match item {
                DiffItem::Add(id, _) => out.push((id.clone(), None)),
                DiffItem::Update { old: (id, old), new: (_, new) } if !Arc::ptr_eq(old, new) => {
                    out.push((id.clone(), Some(old.clone())));
                }
                DiffItem::Update { .. } => {}
                DiffItem::Remove(id, old) => out.push((id.clone(), Some(old.clone()))),
            }
        }
        out
    }

    /// Creates the record or, when the id exists (even as a tombstone), records an edit.
    /// An unchanged value is not a new revision.
    pub fn upsert(&mut self, id: &str, data: T, stamp: &Stamp) {
        self.put(id, data, stamp);
    }

    /// Like [`Table::upsert`]; returns whether the table changed.
    pub fn put(&mut self, id: &str, data: T, stamp: &Stamp) -> bool {
        let next = match self.entries.get(id) {
            Some(entry) if !entry.current.deleted && entry.current.data == data => return false,
            Some(entry) => {
                Entry { current: entry.current.edited(data, false, stamp), conflicts: entry.conflicts.clone() }
            }
            None => Entry { current: Record::new(id, data, stamp), conflicts: Vec::new() },
        };
        self.entries.insert(id.to_string(), Arc::new(next));
        true
    }

    /// Replaces the record with a tombstone. Returns false when there was nothing to delete.
    /// Deleting the winning version of a record in conflict reveals the live conflicting
    /// version, as in CouchDB: a deletion never beats a live edit (the deletion stays as a
    /// conflict to resolve).
    pub fn delete(&mut self, id: &str, stamp: &Stamp) -> bool {
        let Some(entry) = self.entries.get(id).filter(|e| !e.current.deleted) else { return false };
        let current = entry.current.edited(entry.current.data.clone(), true, stamp);
        let next = if entry.conflicts.iter().all(|c| c.deleted) {
            Entry { current, conflicts: entry.conflicts.clone() }
        } else {
            let versions = std::iter::once(&current).chain(&entry.conflicts);
            match entry_from_versions(versions) {
                Some(entry) => entry,
                None => return false,
            }
        };
        self.entries.insert(id.to_string(), Arc::new(next));
        true
    }

    /// Resolves a conflict by keeping `chosen` (the current version or one of the conflicts):
    /// the result descends from every competing version, so merging an older file again
    /// does not bring the conflict back.
    pub fn resolve(&mut self, id: &str, chosen_rev: &str, stamp: &Stamp) -> bool {
        let Some(entry) = self.entries.get(id) else { return false };
        let Some(chosen) = std::iter::once(&entry.current).chain(&entry.conflicts).find(|r| r.rev == chosen_rev) else {
            return false;
        };
        let mut resolved = entry.current.edited(chosen.data.clone(), chosen.deleted, stamp);
        for loser in &entry.conflicts {
            resolved.ancestors.push(loser.rev.clone());
            resolved.ancestors.extend(loser.ancestors.iter().cloned());
        }
        sort_ancestors(&mut resolved.ancestors);
        self.entries.insert(id.to_string(), Arc::new(Entry { current: resolved, conflicts: Vec::new() }));
        true
    }

    /// Merges `other` into a new table. Commutative, associative and idempotent: for every
    /// id, all known versions are pooled, versions that another one descends from are
    /// dropped, the highest revision wins and the rest are kept as conflicts. An id whose
    /// entry both sides share is taken as it is.
    pub fn merged(&self, other: &Table<T>) -> Table<T> {
        let mut out = self.clone();
        for (id, theirs) in other.entries.iter() {
            let merged = match self.entries.get(id) {
                None => theirs.clone(),
                Some(ours) if Arc::ptr_eq(ours, theirs) || ours == theirs => continue,
                Some(ours) => {
                    let pooled =
                        [&**ours, &**theirs].into_iter().flat_map(|e| std::iter::once(&e.current).chain(&e.conflicts));
                    match entry_from_versions(pooled) {
                        Some(entry) => Arc::new(entry),
                        None => continue,
                    }
                }
            };
            out.entries.insert(id.clone(), merged);
        }
        out
    }
}

fn entry_from_versions<'a, T: Clone + 'a>(versions: impl Iterator<Item = &'a Record<T>>) -> Option<Entry<T>> {
    let mut unique: BTreeMap<&str, Record<T>> = BTreeMap::new();
    for v in versions {
        match unique.entry(v.rev.as_str()) {
            std::collections::btree_map::Entry::Vacant(slot) => {
                slot.insert(v.clone());
            }
            std::collections::btree_map::Entry::Occupied(mut slot) => combine_same_revision(slot.get_mut(), v),
        }
    }
    let superseded: std::collections::HashSet<&str> =
        unique.values().flat_map(|v| v.ancestors.iter().map(String::as_str)).collect();
    let mut leaves: Vec<Record<T>> = unique
        .values()
        .filter(|v| !superseded.contains(v.rev.as_str()))
        .map(|leaf| with_inherited_ancestors(leaf, &unique))
        .collect();
    // CouchDB's winner rule: a live version beats any deletion (deleting a record nobody
    // else touched wins, but a partner's edit made meanwhile is not thrown away: the
    // deletion is kept as the conflicting version to resolve); then the highest revision.
    sorting::sort_by(&mut leaves, |a, b| a.deleted.cmp(&b.deleted).then_with(|| compare_revs(&b.rev, &a.rev)));
    let mut leaves = leaves.into_iter();
    let current = leaves.next()?;
    Some(Entry { current, conflicts: leaves.collect() })
}

/// Newest first; the string breaks ties between malformed revisions so the order is total.
fn sort_ancestors(ancestors: &mut Vec<String>) {
    sorting::sort_by(ancestors, |a, b| compare_revs(b, a).then_with(|| b.cmp(a)));
    ancestors.dedup();
}

/// The same revision can arrive from two files with different metadata: two partners made the
/// identical edit, or resolved a conflict the same way while knowing different losers.
/// Keeping whichever copy came first would make the merge depend on file order, so the
/// earliest author is kept and the ancestries are united.
fn combine_same_revision<T>(kept: &mut Record<T>, other: &Record<T>) {
    let earlier = (other.modified_at.as_str(), other.modified_by.as_str())
        < (kept.modified_at.as_str(), kept.modified_by.as_str());
    if earlier {
        kept.modified_at.clone_from(&other.modified_at);
        kept.modified_by.clone_from(&other.modified_by);
    }
    if kept.ancestors != other.ancestors {
        kept.ancestors.extend(other.ancestors.iter().cloned());
        sort_ancestors(&mut kept.ancestors);
    }
}

/// A leaf also descends from everything its superseded versions descend from. Carrying that
/// over keeps the knowledge when those versions are dropped, so merging in a stale file
/// later cannot bring back a conflict that was already resolved (associativity).
fn with_inherited_ancestors<T: Clone>(leaf: &Record<T>, pool: &BTreeMap<&str, Record<T>>) -> Record<T> {
    let mut known: std::collections::HashSet<&str> = leaf.ancestors.iter().map(String::as_str).collect();
    let mut to_visit: Vec<&str> = leaf.ancestors.iter().map(String::as_str).collect();
    let mut inherited = Vec::new();
    while let Some(rev) = to_visit.pop() {
        for ancestor in pool.get(rev).map(|v| v.ancestors.as_slice()).unwrap_or_default() {
            if known.insert(ancestor) {
                to_visit.push(ancestor);
                inherited.push(ancestor.clone());
            }
        }
    }
    let mut leaf = leaf.clone();
    if !inherited.is_empty() {
        leaf.ancestors.extend(inherited);
        sort_ancestors(&mut leaf.ancestors);
    }
    leaf
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(by: &str) -> Stamp {
        Stamp { at: "2026-01-01T00:00:00Z".into(), by: by.into() }
    }

    #[test]
    fn edits_advance_the_generation_and_same_edit_gives_same_rev() {
        let mut a: Table<u32> = Table::default();
        a.upsert("x", 1, &stamp("A"));
        let mut b = a.clone();
        a.upsert("x", 2, &stamp("A"));
        b.upsert("x", 2, &stamp("B"));
        assert_eq!(generation(&a.get("x").unwrap().rev), 2);
        assert_eq!(a.get("x").unwrap().rev, b.get("x").unwrap().rev);
        assert_eq!(a.merged(&b).conflict_count(), 0);
    }

    #[test]
    fn unchanged_upsert_keeps_revision() {
        let mut a: Table<u32> = Table::default();
        a.upsert("x", 1, &stamp("A"));
        let rev = a.get("x").unwrap().rev.clone();
        a.upsert("x", 1, &stamp("A"));
        assert_eq!(a.get("x").unwrap().rev, rev);
    }

    #[test]
    fn newer_descendant_wins_without_conflict() {
        let mut base: Table<u32> = Table::default();
        base.upsert("x", 1, &stamp("A"));
        let mut newer = base.clone();
        newer.upsert("x", 5, &stamp("A"));
        let merged = base.merged(&newer);
        assert_eq!(merged.get("x").unwrap().data, 5);
        assert_eq!(merged.conflict_count(), 0);
    }

    #[test]
    fn concurrent_edits_conflict_and_resolution_sticks() {
        let mut base: Table<u32> = Table::default();
        base.upsert("x", 1, &stamp("A"));
        let (mut a, mut b) = (base.clone(), base.clone());
        a.upsert("x", 2, &stamp("A"));
        b.upsert("x", 3, &stamp("B"));
        let mut merged = a.merged(&b);
        let entry = merged.entry("x").unwrap();
        assert_eq!(entry.conflicts.len(), 1);
        let loser = entry.conflicts[0].rev.clone();
        assert!(merged.resolve("x", &loser, &stamp("C")));
        let kept = merged.get("x").unwrap().data;
        assert!(kept == 2 || kept == 3);
        assert_eq!(merged.merged(&a).merged(&b).conflict_count(), 0);
        assert_eq!(merged.merged(&b).get("x").unwrap().data, kept);
    }

    #[test]
    fn a_live_edit_beats_a_concurrent_deletion_which_stays_as_the_conflict() {
        let mut base: Table<u32> = Table::default();
        base.upsert("x", 1, &stamp("A"));
        for _ in 0..20 {
            let (mut edited, mut deleted) = (base.clone(), base.clone());
            edited.upsert("x", 2, &stamp("A"));
            assert!(deleted.delete("x", &stamp("B")));
            for merged in [edited.merged(&deleted), deleted.merged(&edited)] {
                let entry = merged.entry("x").unwrap();
                assert!(!entry.current.deleted && entry.current.data == 2, "the live edit wins");
                assert!(entry.conflicts.len() == 1 && entry.conflicts[0].deleted, "the deletion waits as a conflict");
            }
            // Another base each round, so both orders of the revision hashes are tried.
            base.upsert("x", base.get("x").unwrap().data + 10, &stamp("A"));
        }
    }

    #[test]
    fn deletion_survives_merge_with_older_copy() {
        let mut a: Table<u32> = Table::default();
        a.upsert("x", 1, &stamp("A"));
        let old = a.clone();
        assert!(a.delete("x", &stamp("A")));
        let merged = old.merged(&a);
        assert!(merged.get("x").is_none());
        assert_eq!(merged.len_live(), 0);
    }
}
