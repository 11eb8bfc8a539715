//! An in-memory `PlanStore` for tests, laid out as IndexedDB is (a [`Dump`]: heads, chunks,
//! summaries) and saving and restoring through the same [`chunks::prepare`] and
//! [`chunks::assemble`], with a switch that makes writes fail like a full disk.

use super::chunks::{self, CHUNK_SIZE};
use super::dump::{Dump, Stored};
use super::revisions::{self, Seen, Turn};
use super::{PlanStore, PlanSummary, StoreError};
use crate::model::sorting;
use crate::model::Plan;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

pub struct MemoryStore {
    data: Rc<RefCell<Dump>>,
    /// The revisions this store (this "tab") last read or wrote.
    seen: Seen,
    fail_writes: Cell<Option<StoreError>>,
    chunk_size: usize,
}

impl Default for MemoryStore {
    fn default() -> MemoryStore {
        MemoryStore::from_dump(Dump::default())
    }
}

impl MemoryStore {
    /// A store holding what `dump` holds (a fixture of an earlier layout, say).
    pub fn from_dump(dump: Dump) -> MemoryStore {
        MemoryStore {
            data: Rc::new(RefCell::new(dump)),
            seen: Seen::default(),
            fail_writes: Cell::new(None),
            chunk_size: CHUNK_SIZE,
        }
    }

    /// A second store on the same data, as another tab has its own on the same database.
    pub fn another_tab(&self) -> MemoryStore {
        MemoryStore {
            data: self.data.clone(),
            seen: Seen::default(),
            fail_writes: Cell::new(None),
            chunk_size: self.chunk_size,
        }
    }

    /// Small chunks cover plans of several chunks with a few activities.
    pub fn with_chunk_size(self, chunk_size: usize) -> MemoryStore {
        MemoryStore { chunk_size, ..self }
    }

    /// What the store holds now.
    pub fn dump(&self) -> Dump {
        self.data.borrow().clone()
    }

    /// Makes every later write fail with `error` (None heals the store).
    pub fn fail_writes_with(&self, error: Option<StoreError>) {
        self.fail_writes.set(error);
    }

    fn check_writes(&self) -> Result<(), StoreError> {
        match self.fail_writes.take() {
            Some(error) => {
                self.fail_writes.set(Some(error.clone()));
                Err(error)
            }
            None => Ok(()),
        }
    }

    fn stored_revision(&self, id: &str) -> Result<u64, StoreError> {
        revisions::parse(id, self.data.borrow().chunks.get(&revisions::revision_key(id)).and_then(Stored::text))
    }

    /// Writes `plan` as `revision`, everything encoded first and then written at once, as
    /// one transaction would.
    fn write(&self, plan: &Plan, modified_at: &str, revision: u64) -> Result<PlanSummary, StoreError> {
        let index_key = chunks::index_key(&plan.id);
        let stored_index = self.data.borrow().chunks.get(&index_key).and_then(|v| v.text().map(str::to_string));
        let save = chunks::prepare(plan, modified_at, stored_index.as_deref(), self.chunk_size)?;
        let mut data = self.data.borrow_mut();
        for (n, bytes) in save.chunks {
            data.chunks.insert(chunks::chunk_key(&plan.id, n), Stored::Bytes(bytes));
        }
        drop_chunks(&mut data, &plan.id, save.chunk_count);
        data.chunks.insert(index_key, Stored::Text(save.index));
        data.chunks.insert(revisions::revision_key(&plan.id), Stored::Text(revision.to_string()));
        data.plans.insert(plan.id.clone(), Stored::Text(save.head));
        data.summaries.insert(plan.id.clone(), Stored::Text(save.summary_text));
        Ok(save.summary)
    }
}

/// The text of a stored value that must be text (a head, a summary).
fn text_of<'a>(id: &str, what: &str, value: &'a Stored) -> Result<&'a str, StoreError> {
    value.text().ok_or_else(|| StoreError::Corrupt { id: id.into(), detail: format!("{what} is not text") })
}

/// Removes chunk `from` and every later chunk of plan `id`.
fn drop_chunks(data: &mut Dump, id: &str, from: usize) {
    let (from, to) = chunks::chunk_key_bounds(id, from);
    let dropped: Vec<String> = data.chunks.range(from..=to).map(|(key, _)| key.clone()).collect();
    for key in dropped {
        data.chunks.remove(&key);
    }
}

impl PlanStore for MemoryStore {
    async fn list(&self) -> Result<Vec<PlanSummary>, StoreError> {
        let mut all = Vec::new();
        for (id, value) in &self.data.borrow().summaries {
            let summary = serde_json::from_str(text_of(id, "the summary", value)?)
                .map_err(|e| StoreError::Corrupt { id: id.clone(), detail: e.to_string() })?;
            all.push(summary);
        }
        sorting::sort_by(&mut all, |a: &PlanSummary, b| b.modified_at.cmp(&a.modified_at));
        Ok(all)
    }

    async fn load(&self, id: &str) -> Result<Option<Plan>, StoreError> {
        let revision = self.stored_revision(id)?;
        let data = self.data.borrow();
        let Some(head) = data.plans.get(id) else { return Ok(None) };
        let (from, to) = chunks::chunk_key_bounds(id, 0);
        let parts: Vec<&Stored> = data.chunks.range(from..=to).map(|(_, value)| value).collect();
        let plan = chunks::assemble(id, text_of(id, "the head", head)?, &parts)?;
        self.seen.note(id, revision);
        Ok(Some(plan))
    }

    async fn save(&self, plan: &Plan, modified_at: &str) -> Result<PlanSummary, StoreError> {
        self.check_writes()?;
        match self.seen.turn(&plan.id, self.stored_revision(&plan.id)?) {
            Turn::Write(revision) => {
                let summary = self.write(plan, modified_at, revision)?;
                self.seen.note(&plan.id, revision);
                Ok(summary)
            }
            Turn::Conflict { seen } => {
                let copy = revisions::conflict_copy(plan, seen, modified_at);
                self.write(&copy, modified_at, self.stored_revision(&copy.id)? + 1)?;
                Err(revisions::conflict(plan, &copy))
            }
        }
    }

    async fn delete(&self, id: &str) -> Result<(), StoreError> {
        self.check_writes()?;
        let mut data = self.data.borrow_mut();
        drop_chunks(&mut data, id, 0);
        data.chunks.remove(&chunks::index_key(id));
        data.chunks.remove(&revisions::revision_key(id));
        data.plans.remove(id);
        data.summaries.remove(id);
        self.seen.forget(id);
        Ok(())
    }

    fn write_over(&self, id: &str) {
        self.seen.forget(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::restore::SCHEMA_VERSION;
    use crate::model::Stamp;
    use crate::store::dump::fixtures::{fixture_plan, LAYOUTS};
    use crate::store::testing::now;

    fn plan(id: &str) -> Plan {
        Plan::new(id, "Test", "SYR", "USD", &Stamp { at: "t".into(), by: "me".into() })
    }

    #[test]
    fn saves_lists_loads_and_deletes() {
        let store = MemoryStore::default();
        now(store.save(&plan("a"), "2026-01-01T00:00:00Z")).unwrap();
        now(store.save(&plan("b"), "2026-01-02T00:00:00Z")).unwrap();
        let list = now(store.list()).unwrap();
        assert_eq!(list.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!(now(store.load("a")).unwrap(), Some(plan("a")));
        now(store.delete("a")).unwrap();
        assert_eq!(now(store.load("a")).unwrap(), None);
    }

    #[test]
    fn a_failed_write_keeps_the_previous_copy() {
        let store = MemoryStore::default();
        let mut p = plan("a");
        now(store.save(&p, "t1")).unwrap();
        store.fail_writes_with(Some(StoreError::QuotaExceeded));
        p.name = "Renamed".into();
        assert_eq!(now(store.save(&p, "t2")), Err(StoreError::QuotaExceeded));
        assert_eq!(now(store.load("a")).unwrap().unwrap().name, "Test");
    }

    #[test]
    fn every_released_layout_loads_and_is_saved_again_in_the_current_one() {
        let expected = fixture_plan();
        for (name, text) in LAYOUTS {
            let store = MemoryStore::from_dump(Dump::parse(text).unwrap()).with_chunk_size(2);
            assert_eq!(now(store.load(&expected.id)).unwrap().as_ref(), Some(&expected), "{name}");
            let listed = now(store.list()).unwrap();
            assert_eq!(listed.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), [expected.id.as_str()], "{name}");
            now(store.save(&expected, "2026-03-03T00:00:00Z")).unwrap();
            let head = store.dump().plans[&expected.id].text().unwrap().to_string();
            assert!(head.starts_with(&format!("{{\"schema\":{SCHEMA_VERSION},")), "{name}: {head:.40}");
            assert_eq!(now(store.load(&expected.id)).unwrap(), Some(expected.clone()), "{name}");
        }
    }

    #[test]
    fn the_current_layout_has_a_fixture() {
        let store = MemoryStore::default().with_chunk_size(2);
        now(store.save(&fixture_plan(), "2026-03-02T10:00:00Z")).unwrap();
        let written = serde_json::to_string_pretty(&store.dump()).unwrap() + "\n";
        let (name, fixture) = LAYOUTS[LAYOUTS.len() - 1];
        if std::env::var_os("CASHPLAN_BLESS").is_some() {
            let path = format!("{}/tests/fixtures/store/{name}.json", env!("CARGO_MANIFEST_DIR"));
            std::fs::write(path, &written).unwrap();
        } else {
            assert!(
                written == fixture,
                "the stored layout changed: keep {name}.json, add the new layout as the next fixture \
                 (CASHPLAN_BLESS=1 writes the last one listed in LAYOUTS) and a migration if it needs one"
            );
        }
    }

    #[test]
    fn a_plan_stored_by_a_newer_version_is_refused_and_left_as_it_is() {
        let mut dump = Dump::parse(LAYOUTS[LAYOUTS.len() - 1].1).unwrap();
        let id = fixture_plan().id;
        let head = dump.plans[&id].text().unwrap().replacen(&format!("\"schema\":{SCHEMA_VERSION}"), "\"schema\":9", 1);
        dump.plans.insert(id.clone(), Stored::Text(head));
        let store = MemoryStore::from_dump(dump.clone());
        let error = now(store.load(&id)).unwrap_err();
        assert_eq!(error, StoreError::TooNew { id: id.clone(), version: 9, supported: SCHEMA_VERSION });
        assert_eq!(store.dump(), dump);
    }

    #[test]
    fn two_tabs_saving_at_once_keep_both_versions() {
        let first = MemoryStore::default();
        let second = first.another_tab();
        let mut original = plan("p");
        now(first.save(&original, "2026-03-04T05:00:00Z")).unwrap();
        assert_eq!(now(second.load("p")).unwrap().as_ref(), Some(&original));
        assert_eq!(now(first.load("p")).unwrap().as_ref(), Some(&original));

        original.name = "First tab's".into();
        now(first.save(&original, "2026-03-04T05:06:00Z")).unwrap();
        let mut theirs = plan("p");
        theirs.name = "Second tab's".into();
        let error = now(second.save(&theirs, "2026-03-04T05:06:07Z")).unwrap_err();
        assert_eq!(
            error,
            StoreError::Conflict {
                name: "Second tab's".into(),
                copy_name: "Second tab's (conflict copy, 2026-03-04 05:06)".into()
            }
        );
        assert_eq!(now(second.load("p")).unwrap().unwrap().name, "First tab's", "the first save is kept");
        let copy = now(second.load("p~conflict-1")).unwrap().unwrap();
        assert_eq!(copy.activities, theirs.activities);
        assert_eq!(copy.name, "Second tab's (conflict copy, 2026-03-04 05:06)");
        let listed: Vec<String> = now(first.list()).unwrap().into_iter().map(|s| s.id).collect();
        assert_eq!(listed.len(), 2, "{listed:?}");

        // The user keeps this tab's version after all: its next save writes over the other.
        theirs.name = "Second tab's, kept".into();
        second.write_over("p");
        now(second.save(&theirs, "2026-03-04T05:07:00Z")).unwrap();
        assert_eq!(now(first.load("p")).unwrap().unwrap().name, "Second tab's, kept");

        // Having read that version, the first tab saves over it as usual.
        original.name = "First tab's again".into();
        now(first.save(&original, "2026-03-04T05:08:00Z")).unwrap();
        assert_eq!(now(second.load("p")).unwrap().unwrap().name, "First tab's again");
    }
}
