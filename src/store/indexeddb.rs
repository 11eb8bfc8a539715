//! The browser's `PlanStore`: IndexedDB, one transaction per save across the plan's head,
//! its changed activity chunks (see [`super::chunks`]) and its summary, so a failed or
//! interrupted save leaves the previous copy whole.

use super::chunks::{self, CHUNK_SIZE};
use super::revisions::{self, Seen, Turn};
use super::{PlanStore, PlanSummary, StoreError};
use crate::model::Plan;
use idb::{Database, DatabaseEvent, Factory, KeyRange, ObjectStore, ObjectStoreParams, Transaction, TransactionMode};
use js_sys::Uint8Array;
use std::cell::Cell;
use wasm_bindgen::{JsCast, JsValue};

/// Version 2 adds the chunk store; plans saved by version 1 stay readable (one string, no chunks).
const DB_VERSION: u32 = 2;
/// Plan heads by plan id (before version 2: whole plans).
const PLANS: &str = "plans";
const SUMMARIES: &str = "summaries";
/// Activity chunks (`<id>#activities#<n>`), each plan's chunk fingerprints (`<id>#index`)
/// and its stored revision (`<id>#revision`, see [`super::revisions`]).
const CHUNKS: &str = "chunks";

pub struct IndexedDbStore {
    db: Database,
    chunk_size: usize,
    /// The revisions this tab last read or wrote.
    seen: Seen,
    /// How many activity chunks the last save wrote (the rest were unchanged).
    chunks_written: Cell<usize>,
    /// Tests make the write with this number in a save fail, to see the save undone whole.
    fail_write: Cell<Option<usize>>,
}

/// What a save's transaction did before its commit.
enum Done {
    Saved {
        summary: PlanSummary,
        revision: u64,
        chunks: usize,
        of: usize,
    },
    /// This tab's version went to a conflict copy.
    Kept(StoreError),
}

fn to_error(kind: fn(String) -> StoreError) -> impl Fn(idb::Error) -> StoreError {
    move |error| {
        let text = error.to_string();
        if text.contains("QuotaExceeded") || text.to_lowercase().contains("quota") {
            StoreError::QuotaExceeded
        } else {
            kind(text)
        }
    }
}

impl IndexedDbStore {
    /// Opens (and on first use creates) the database `name`.
    pub async fn open(name: &str) -> Result<IndexedDbStore, StoreError> {
        let factory = Factory::new().map_err(|e| StoreError::Unavailable(e.to_string()))?;
        let mut request = factory.open(name, Some(DB_VERSION)).map_err(|e| StoreError::Unavailable(e.to_string()))?;
        request.on_upgrade_needed(|event| {
            // Creates whichever stores are missing, whatever version the database had.
            if let Ok(db) = event.database() {
                let names = db.store_names();
                for store in [PLANS, SUMMARIES, CHUNKS] {
                    if !names.iter().any(|n| n == store) {
                        db.create_object_store(store, ObjectStoreParams::new()).ok();
                    }
                }
            }
        });
        let db = request.await.map_err(|e| StoreError::Unavailable(e.to_string()))?;
        // The upgrade callback cannot report a failure, so a store it failed to create shows
        // here, before any save is tried against it.
        let names = db.store_names();
        if let Some(missing) = [PLANS, SUMMARIES, CHUNKS].into_iter().find(|s| !names.iter().any(|n| n == s)) {
            return Err(StoreError::Unavailable(format!("the browser's database has no “{missing}” store")));
        }
        Ok(IndexedDbStore {
            db,
            chunk_size: CHUNK_SIZE,
            seen: Seen::default(),
            chunks_written: Cell::new(0),
            fail_write: Cell::new(None),
        })
    }

    /// Deletes the whole database (used by tests for a clean slate).
    pub async fn delete_database(name: &str) -> Result<(), StoreError> {
        let factory = Factory::new().map_err(|e| StoreError::Unavailable(e.to_string()))?;
        factory
            .delete(name)
            .map_err(to_error(StoreError::WriteFailed))?
            .await
            .map_err(to_error(StoreError::WriteFailed))
    }

    /// Small chunks let tests cover plans of several chunks with a few activities.
    #[cfg(test)]
    fn with_chunk_size(self, chunk_size: usize) -> IndexedDbStore {
        IndexedDbStore { chunk_size, ..self }
    }

    pub fn close(&self) {
        self.db.close();
    }

    /// Puts `value` under `key`, the `n`th write of a save.
    fn put(&self, store: &ObjectStore, n: &mut usize, value: &JsValue, key: &str) -> Result<(), StoreError> {
        let failing = self.fail_write.get() == Some(*n);
        *n += 1;
        // A key IndexedDB refuses (null) fails the request as a real failure would.
        let key = if failing { JsValue::NULL } else { JsValue::from_str(key) };
        store.put(value, Some(&key)).map(|_| ()).map_err(to_error(StoreError::WriteFailed))
    }

    /// Everything of one save inside `tx`: the revision check, then the plan or, when
    /// another tab saved in between, this tab's conflict copy.
    async fn save_in(&self, tx: &Transaction, plan: &Plan, modified_at: &str) -> Result<Done, StoreError> {
        let write = to_error(StoreError::WriteFailed);
        let chunk_store = tx.object_store(CHUNKS).map_err(&write)?;
        let stored =
            revisions::parse(&plan.id, text_at(&chunk_store, &revisions::revision_key(&plan.id)).await?.as_deref())?;
        match self.seen.turn(&plan.id, stored) {
            Turn::Write(revision) => {
                let (summary, chunks, of) = self.write_in(tx, &chunk_store, plan, modified_at, revision).await?;
                Ok(Done::Saved { summary, revision, chunks, of })
            }
            Turn::Conflict { seen } => {
                let copy = revisions::conflict_copy(plan, seen, modified_at);
                let key = revisions::revision_key(&copy.id);
                let revision = revisions::parse(&copy.id, text_at(&chunk_store, &key).await?.as_deref())? + 1;
                self.write_in(tx, &chunk_store, &copy, modified_at, revision).await?;
                Ok(Done::Kept(revisions::conflict(plan, &copy)))
            }
        }
    }

    /// Writes `plan` as `revision`: its changed chunks, index, revision, head and summary.
    /// Returns the summary and how many of how many chunks were written.
    async fn write_in(
        &self,
        tx: &Transaction,
        chunk_store: &ObjectStore,
        plan: &Plan,
        modified_at: &str,
        revision: u64,
    ) -> Result<(PlanSummary, usize, usize), StoreError> {
        let write = to_error(StoreError::WriteFailed);
        // Read inside this transaction, so a save from another tab in between cannot make
        // this one skip a chunk it needs to write.
        let index = text_at(chunk_store, &chunks::index_key(&plan.id)).await?;
        // Every value is encoded before the first write.
        let save = chunks::prepare(plan, modified_at, index.as_deref(), self.chunk_size)?;
        let mut n = 0;
        for (chunk, bytes) in &save.chunks {
            let bytes: JsValue = Uint8Array::new_from_slice(bytes).into();
            self.put(chunk_store, &mut n, &bytes, &chunks::chunk_key(&plan.id, *chunk))?;
        }
        chunk_store.delete(chunk_range(&plan.id, save.chunk_count).map_err(&write)?).map_err(&write)?;
        self.put(chunk_store, &mut n, &JsValue::from_str(&save.index), &chunks::index_key(&plan.id))?;
        let revision_key = revisions::revision_key(&plan.id);
        self.put(chunk_store, &mut n, &JsValue::from_str(&revision.to_string()), &revision_key)?;
        let plans = tx.object_store(PLANS).map_err(&write)?;
        self.put(&plans, &mut n, &JsValue::from_str(&save.head), &plan.id)?;
        let summaries = tx.object_store(SUMMARIES).map_err(&write)?;
        self.put(&summaries, &mut n, &JsValue::from_str(&save.summary_text), &plan.id)?;
        Ok((save.summary, save.chunks.len(), save.chunk_count))
    }
}

/// The text stored under `key`, if any.
async fn text_at(store: &ObjectStore, key: &str) -> Result<Option<String>, StoreError> {
    let read = to_error(StoreError::ReadFailed);
    let value = store.get(JsValue::from_str(key)).map_err(&read)?.await.map_err(&read)?;
    match value {
        None => Ok(None),
        Some(value) => value.as_string().map(Some).ok_or_else(|| corrupt(key, "a stored value is not text")),
    }
}

/// Chunk `from` and every later chunk of plan `id`.
fn chunk_range(id: &str, from: usize) -> Result<KeyRange, idb::Error> {
    let (lower, upper) = chunks::chunk_key_bounds(id, from);
    KeyRange::bound(&JsValue::from_str(&lower), &JsValue::from_str(&upper), None, None)
}

fn corrupt(id: &str, detail: &str) -> StoreError {
    StoreError::Corrupt { id: id.into(), detail: detail.into() }
}

/// A stored activity chunk's JSON: bytes since chunks are written as `Uint8Array`, text
/// when an older version of the app wrote it.
fn chunk_bytes(id: &str, n: usize, value: JsValue) -> Result<Vec<u8>, StoreError> {
    if let Some(text) = value.as_string() {
        return Ok(text.into_bytes());
    }
    match value.dyn_into::<Uint8Array>() {
        Ok(bytes) => Ok(bytes.to_vec()),
        Err(_) => {
            Err(StoreError::Corrupt { id: id.into(), detail: format!("activities part {n} is neither text nor bytes") })
        }
    }
}

/// One console line per save and load, so the storage benchmark
/// (tests/e2e/measure/storage.mjs) can time them precisely from inside the page.
/// `split` divides the two phases named in `phases`.
fn log_timing(what: &str, id: &str, started: f64, split: f64, phases: [&str; 2]) {
    let now = js_sys::Date::now();
    let [first, second] = phases;
    let line = format!(
        "cashplan: {what} {id} in {} ms ({first} {} ms, {second} {} ms)",
        now - started,
        split - started,
        now - split
    );
    web_sys::console::info_1(&line.into());
}

impl PlanStore for IndexedDbStore {
    async fn list(&self) -> Result<Vec<PlanSummary>, StoreError> {
        let read = to_error(StoreError::ReadFailed);
        let tx = self.db.transaction(&[SUMMARIES], TransactionMode::ReadOnly).map_err(&read)?;
        let store = tx.object_store(SUMMARIES).map_err(&read)?;
        let values = store.get_all(None, None).map_err(&read)?.await.map_err(&read)?;
        let mut summaries = Vec::with_capacity(values.len());
        for value in values {
            let text = value.as_string().ok_or_else(|| corrupt("(plan list)", "a summary is not text"))?;
            let summary: PlanSummary =
                serde_json::from_str(&text).map_err(|e| corrupt("(plan list)", &e.to_string()))?;
            summaries.push(summary);
        }
        crate::model::sorting::sort_by(&mut summaries, |a, b| b.modified_at.cmp(&a.modified_at));
        Ok(summaries)
    }

    async fn load(&self, id: &str) -> Result<Option<Plan>, StoreError> {
        let read = to_error(StoreError::ReadFailed);
        let started = js_sys::Date::now();
        let tx = self.db.transaction(&[PLANS, CHUNKS], TransactionMode::ReadOnly).map_err(&read)?;
        let head =
            tx.object_store(PLANS).map_err(&read)?.get(JsValue::from_str(id)).map_err(&read)?.await.map_err(&read)?;
        let Some(head) = head else { return Ok(None) };
        let head = head.as_string().ok_or_else(|| corrupt(id, "the head is not text"))?;
        let chunk_store = tx.object_store(CHUNKS).map_err(&read)?;
        let revision = revisions::parse(id, text_at(&chunk_store, &revisions::revision_key(id)).await?.as_deref())?;
        let (from, to) = chunks::chunk_key_bounds(id, 0);
        let range = KeyRange::bound(&JsValue::from_str(&from), &JsValue::from_str(&to), None, None).map_err(&read)?;
        let values = chunk_store.get_all(Some(range.into()), None).map_err(&read)?.await.map_err(&read)?;
        let parts =
            values.into_iter().enumerate().map(|(n, v)| chunk_bytes(id, n, v)).collect::<Result<Vec<_>, _>>()?;
        let read_at = js_sys::Date::now();
        let plan = chunks::assemble(id, &head, &parts)?;
        self.seen.note(id, revision);
        log_timing("loaded", id, started, read_at, ["indexeddb", "json"]);
        Ok(Some(plan))
    }

    async fn save(&self, plan: &Plan, modified_at: &str) -> Result<PlanSummary, StoreError> {
        let write = to_error(StoreError::WriteFailed);
        let started = js_sys::Date::now();
        let tx = self.db.transaction(&[PLANS, SUMMARIES, CHUNKS], TransactionMode::ReadWrite).map_err(&write)?;
        let done = match self.save_in(&tx, plan, modified_at).await {
            Ok(done) => done,
            Err(error) => {
                // Nothing of this save may stay: the writes already made are undone. (A
                // request that failed by itself has aborted the transaction already.)
                tx.abort().ok();
                return Err(error);
            }
        };
        let encoded_at = js_sys::Date::now();
        tx.commit().map_err(&write)?.await.map_err(&write)?;
        match done {
            Done::Saved { summary, revision, chunks, of } => {
                self.seen.note(&plan.id, revision);
                self.chunks_written.set(chunks);
                let what = format!("saved ({chunks} of {of} activity chunks written)");
                log_timing(&what, &plan.id, started, encoded_at, ["encode and write", "commit"]);
                Ok(summary)
            }
            Done::Kept(conflict) => Err(conflict),
        }
    }

    async fn delete(&self, id: &str) -> Result<(), StoreError> {
        let write = to_error(StoreError::WriteFailed);
        let tx = self.db.transaction(&[PLANS, SUMMARIES, CHUNKS], TransactionMode::ReadWrite).map_err(&write)?;
        if let Err(error) = delete_in(&tx, id) {
            tx.abort().ok();
            return Err(error);
        }
        tx.commit().map_err(&write)?.await.map_err(&write)?;
        self.seen.forget(id);
        Ok(())
    }

    fn write_over(&self, id: &str) {
        self.seen.forget(id);
    }
}

/// Every value of plan `id`, deleted inside `tx`.
fn delete_in(tx: &Transaction, id: &str) -> Result<(), StoreError> {
    let write = to_error(StoreError::WriteFailed);
    let key = JsValue::from_str(id);
    let chunk_store = tx.object_store(CHUNKS).map_err(&write)?;
    chunk_store.delete(chunk_range(id, 0).map_err(&write)?).map_err(&write)?;
    for key in [chunks::index_key(id), revisions::revision_key(id)] {
        chunk_store.delete(JsValue::from_str(&key)).map_err(&write)?;
    }
    tx.object_store(PLANS).map_err(&write)?.delete(key.clone()).map_err(&write)?;
    tx.object_store(SUMMARIES).map_err(&write)?.delete(key).map_err(&write)?;
    Ok(())
}

#[cfg(test)]
#[path = "indexeddb_tests.rs"]
mod tests;
