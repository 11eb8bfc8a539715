//! The browser's `PlanStore`: IndexedDB, one transaction per save across the plan's head,
//! its changed activity chunks (see [`super::chunks`]) and its summary, so a failed or
//! interrupted save leaves the previous copy whole.

use super::chunks::{self, CHUNK_SIZE};
use super::{PlanStore, PlanSummary, StoreError};
use crate::model::Plan;
use idb::{Database, DatabaseEvent, Factory, KeyRange, ObjectStoreParams, TransactionMode};
use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};

/// Version 2 adds the chunk store; plans saved by version 1 stay readable (one string, no chunks).
const DB_VERSION: u32 = 2;
/// Plan heads by plan id (before version 2: whole plans).
const PLANS: &str = "plans";
const SUMMARIES: &str = "summaries";
/// Activity chunks (`<id>#activities#<n>`) and each plan's chunk fingerprints (`<id>#index`).
const CHUNKS: &str = "chunks";

pub struct IndexedDbStore {
    db: Database,
    chunk_size: usize,
    /// How many activity chunks the last save wrote (the rest were unchanged).
    chunks_written: std::cell::Cell<usize>,
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
        Ok(IndexedDbStore { db, chunk_size: CHUNK_SIZE, chunks_written: Default::default() })
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
        summaries.sort_by(|a, b| b.modified_at.cmp(&a.modified_at));
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
        let (from, to) = chunks::chunk_key_bounds(id, 0);
        let range = KeyRange::bound(&JsValue::from_str(&from), &JsValue::from_str(&to), None, None).map_err(&read)?;
        let values = tx
            .object_store(CHUNKS)
            .map_err(&read)?
            .get_all(Some(range.into()), None)
            .map_err(&read)?
            .await
            .map_err(&read)?;
        let parts =
            values.into_iter().enumerate().map(|(n, v)| chunk_bytes(id, n, v)).collect::<Result<Vec<_>, _>>()?;
        let read_at = js_sys::Date::now();
        let plan = chunks::assemble(id, &head, &parts).map(Some);
        log_timing("loaded", id, started, read_at, ["indexeddb", "json"]);
        plan
    }

    async fn save(&self, plan: &Plan, modified_at: &str) -> Result<PlanSummary, StoreError> {
        let write = to_error(StoreError::WriteFailed);
        let started = js_sys::Date::now();
        let tx = self.db.transaction(&[PLANS, SUMMARIES, CHUNKS], TransactionMode::ReadWrite).map_err(&write)?;
        let chunk_store = tx.object_store(CHUNKS).map_err(&write)?;
        // What is stored is read inside this transaction, so a save from another tab in
        // between cannot make this one skip a chunk it needs to write.
        let index_key = JsValue::from_str(&chunks::index_key(&plan.id));
        let index = chunk_store.get(index_key.clone()).map_err(&write)?.await.map_err(&write)?;
        // Every value is encoded before the first write: an encoding failure aborts the
        // transaction (dropped uncommitted) with the stored copy untouched.
        let save =
            match chunks::prepare(plan, modified_at, index.and_then(|v| v.as_string()).as_deref(), self.chunk_size) {
                Ok(save) => save,
                Err(error) => {
                    tx.abort().ok();
                    return Err(error);
                }
            };
        self.chunks_written.set(save.chunks.len());
        for (n, bytes) in &save.chunks {
            let key = JsValue::from_str(&chunks::chunk_key(&plan.id, *n));
            chunk_store.put(&Uint8Array::new_from_slice(bytes).into(), Some(&key)).map_err(&write)?;
        }
        chunk_store.delete(chunk_range(&plan.id, save.chunk_count).map_err(&write)?).map_err(&write)?;
        chunk_store.put(&JsValue::from_str(&save.index), Some(&index_key)).map_err(&write)?;
        let key = JsValue::from_str(&plan.id);
        tx.object_store(PLANS).map_err(&write)?.put(&JsValue::from_str(&save.head), Some(&key)).map_err(&write)?;
        tx.object_store(SUMMARIES)
            .map_err(&write)?
            .put(&JsValue::from_str(&save.summary_text), Some(&key))
            .map_err(&write)?;
        let encoded_at = js_sys::Date::now();
        tx.commit().map_err(&write)?.await.map_err(&write)?;
        let what = format!("saved ({} of {} activity chunks written)", save.chunks.len(), save.chunk_count);
        log_timing(&what, &plan.id, started, encoded_at, ["encode and write", "commit"]);
        Ok(save.summary)
    }

    async fn delete(&self, id: &str) -> Result<(), StoreError> {
        let write = to_error(StoreError::WriteFailed);
        let tx = self.db.transaction(&[PLANS, SUMMARIES, CHUNKS], TransactionMode::ReadWrite).map_err(&write)?;
        let key = JsValue::from_str(id);
        let chunk_store = tx.object_store(CHUNKS).map_err(&write)?;
        chunk_store.delete(chunk_range(id, 0).map_err(&write)?).map_err(&write)?;
        chunk_store.delete(JsValue::from_str(&chunks::index_key(id))).map_err(&write)?;
        tx.object_store(PLANS).map_err(&write)?.delete(key.clone()).map_err(&write)?;
        tx.object_store(SUMMARIES).map_err(&write)?.delete(key).map_err(&write)?;
        tx.commit().map_err(&write)?.await.map_err(&write)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Activity, Area, Stamp};
    use crate::store::dump::fixtures::{fixture_plan, LAYOUTS};
    use crate::store::dump::{Dump, Stored};
    use wasm_bindgen_test::wasm_bindgen_test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    fn stamp() -> Stamp {
        Stamp { at: "2026-01-01T00:00:00Z".into(), by: "test".into() }
    }

    fn plan(id: &str) -> Plan {
        let mut plan = Plan::new(id, "Round trip", "SYR", "USD", &stamp());
        let area = Area {
            names: Default::default(),
            code: "SY02".into(),
            name: "Aleppo".into(),
            level: 1,
            parent: None,
            population: Some(4_000_000),
            household_size: Some(5.2),
        };
        plan.areas.upsert("SY02", area, &stamp());
        plan
    }

    fn with_activities(id: &str, count: u64) -> Plan {
        let mut plan = plan(id);
        for n in 0..count {
            let activity = Activity {
                reporting_org: "WFP".into(),
                sector: "FSC".into(),
                area: "SY02".into(),
                targeted: Some(n),
                ..Activity::default()
            };
            plan.activities.upsert(&format!("a-{n:03}"), activity, &stamp());
        }
        plan
    }

    async fn fresh(name: &str) -> IndexedDbStore {
        IndexedDbStore::delete_database(name).await.unwrap();
        IndexedDbStore::open(name).await.unwrap().with_chunk_size(3)
    }

    /// The keys of the chunk store, to see what a save or delete left behind.
    async fn chunk_keys(store: &IndexedDbStore) -> Vec<String> {
        let tx = store.db.transaction(&[CHUNKS], TransactionMode::ReadOnly).unwrap();
        let keys = tx.object_store(CHUNKS).unwrap().get_all_keys(None, None).unwrap().await.unwrap();
        keys.into_iter().filter_map(|k| k.as_string()).collect()
    }

    #[wasm_bindgen_test]
    async fn plans_round_trip_through_indexeddb() {
        let name = "cashplan-test-roundtrip";
        let store = fresh(name).await;
        let original = plan("p-1");
        let summary = store.save(&original, "2026-01-01T00:00:00Z").await.unwrap();
        assert_eq!(summary.name, "Round trip");
        store.save(&plan("p-2"), "2026-01-02T00:00:00Z").await.unwrap();
        store.close();

        let reopened = IndexedDbStore::open(name).await.unwrap();
        assert_eq!(reopened.load("p-1").await.unwrap(), Some(original));
        let listed: Vec<String> = reopened.list().await.unwrap().into_iter().map(|s| s.id).collect();
        assert_eq!(listed, ["p-2", "p-1"]);
        reopened.delete("p-1").await.unwrap();
        assert_eq!(reopened.load("p-1").await.unwrap(), None);
        assert_eq!(reopened.list().await.unwrap().len(), 1);
        reopened.close();
        IndexedDbStore::delete_database(name).await.unwrap();
    }

    #[wasm_bindgen_test]
    async fn a_plan_of_several_chunks_saves_only_what_changed() {
        let name = "cashplan-test-chunks";
        let store = fresh(name).await;
        let mut original = with_activities("p-1", 7);
        store.save(&original, "t1").await.unwrap();
        assert_eq!(store.chunks_written.get(), 3, "7 activities in chunks of 3");
        store.save(&with_activities("p-2", 2), "t1").await.unwrap();
        assert_eq!(store.load("p-1").await.unwrap(), Some(original.clone()));

        let edited = Activity { targeted: Some(999), ..original.activities.get("a-004").unwrap().data.clone() };
        original.activities.upsert("a-004", edited, &stamp());
        store.save(&original, "t2").await.unwrap();
        assert_eq!(store.chunks_written.get(), 1, "one edited activity rewrites one chunk");
        store.save(&original, "t3").await.unwrap();
        assert_eq!(store.chunks_written.get(), 0, "an unchanged plan rewrites no chunk");
        assert_eq!(store.load("p-1").await.unwrap(), Some(original));

        // A smaller copy under the same id (a restored file) drops the chunks it no longer has.
        let smaller = with_activities("p-1", 2);
        store.save(&smaller, "t4").await.unwrap();
        assert_eq!(store.load("p-1").await.unwrap(), Some(smaller));
        assert_eq!(
            chunk_keys(&store).await,
            ["p-1#activities#000000", "p-1#index", "p-2#activities#000000", "p-2#index"]
        );

        store.delete("p-1").await.unwrap();
        assert_eq!(store.load("p-1").await.unwrap(), None);
        assert_eq!(
            chunk_keys(&store).await,
            ["p-2#activities#000000", "p-2#index"],
            "deleting a plan deletes its chunks"
        );
        store.close();
        IndexedDbStore::delete_database(name).await.unwrap();
    }

    #[wasm_bindgen_test]
    async fn a_plan_stored_as_one_string_still_loads_and_saves() {
        let name = "cashplan-test-old-form";
        let store = fresh(name).await;
        let original = with_activities("p-1", 4);
        // Before chunking, the whole plan was one JSON string under its id.
        let tx = store.db.transaction(&[PLANS], TransactionMode::ReadWrite).unwrap();
        let whole = JsValue::from_str(&serde_json::to_string(&original).unwrap());
        tx.object_store(PLANS).unwrap().put(&whole, Some(&JsValue::from_str("p-1"))).unwrap();
        tx.commit().unwrap().await.unwrap();
        assert_eq!(store.load("p-1").await.unwrap(), Some(original.clone()));

        store.save(&original, "t1").await.unwrap();
        assert_eq!(store.chunks_written.get(), 2);
        assert_eq!(store.load("p-1").await.unwrap(), Some(original));
        store.close();
        IndexedDbStore::delete_database(name).await.unwrap();
    }

    #[wasm_bindgen_test]
    async fn chunks_stored_as_text_by_an_older_version_still_load() {
        let name = "cashplan-test-text-chunks";
        let store = fresh(name).await.with_chunk_size(2);
        let original = with_activities("p-1", 5);
        store.save(&original, "t1").await.unwrap();
        // Rewrite every chunk the way versions before byte chunks stored them: as text.
        let tx = store.db.transaction(&[CHUNKS], TransactionMode::ReadWrite).unwrap();
        let chunk_store = tx.object_store(CHUNKS).unwrap();
        let activity_chunks = chunks::Chunks::of(&original, 2);
        for n in 0..activity_chunks.len() {
            let text = String::from_utf8(activity_chunks.encode(n).unwrap()).unwrap();
            chunk_store.put(&JsValue::from_str(&text), Some(&JsValue::from_str(&chunks::chunk_key("p-1", n)))).unwrap();
        }
        tx.commit().unwrap().await.unwrap();
        assert_eq!(store.load("p-1").await.unwrap(), Some(original.clone()));

        // Something that is neither is reported as corrupt, naming the part.
        let tx = store.db.transaction(&[CHUNKS], TransactionMode::ReadWrite).unwrap();
        tx.object_store(CHUNKS)
            .unwrap()
            .put(&JsValue::from_f64(7.0), Some(&JsValue::from_str(&chunks::chunk_key("p-1", 1))))
            .unwrap();
        tx.commit().unwrap().await.unwrap();
        let error = store.load("p-1").await.unwrap_err();
        assert!(
            matches!(&error, StoreError::Corrupt { detail, .. } if detail.contains("activities part 1")),
            "{error:?}"
        );
        store.close();
        IndexedDbStore::delete_database(name).await.unwrap();
    }

    /// Writes what `dump` holds into the database, as the version that made it did.
    async fn put_dump(store: &IndexedDbStore, dump: &Dump) {
        let tx = store.db.transaction(&[PLANS, SUMMARIES, CHUNKS], TransactionMode::ReadWrite).unwrap();
        for (name, values) in [(PLANS, &dump.plans), (SUMMARIES, &dump.summaries), (CHUNKS, &dump.chunks)] {
            let object_store = tx.object_store(name).unwrap();
            for (key, value) in values {
                let value: JsValue = match value {
                    Stored::Text(text) => JsValue::from_str(text),
                    Stored::Bytes(bytes) => Uint8Array::new_from_slice(bytes).into(),
                };
                object_store.put(&value, Some(&JsValue::from_str(key))).unwrap();
            }
        }
        tx.commit().unwrap().await.unwrap();
    }

    #[wasm_bindgen_test]
    async fn every_released_layout_loads_and_is_saved_again_in_the_current_one() {
        let expected = fixture_plan();
        for (layout, text) in LAYOUTS {
            let name = format!("cashplan-test-layout-{layout}");
            let store = fresh(&name).await.with_chunk_size(2);
            put_dump(&store, &Dump::parse(text).unwrap()).await;
            assert_eq!(store.load(&expected.id).await.unwrap().as_ref(), Some(&expected), "{layout}");
            assert_eq!(store.list().await.unwrap().len(), 1, "{layout}");
            store.save(&expected, "2026-03-03T00:00:00Z").await.unwrap();
            store.close();
            let reopened = IndexedDbStore::open(&name).await.unwrap();
            assert_eq!(reopened.load(&expected.id).await.unwrap(), Some(expected.clone()), "{layout}");
            reopened.close();
            IndexedDbStore::delete_database(&name).await.unwrap();
        }
    }

    #[wasm_bindgen_test]
    async fn a_plan_stored_by_a_newer_version_is_refused_with_words() {
        let name = "cashplan-test-too-new";
        let store = fresh(name).await;
        let mut dump = Dump::parse(LAYOUTS[LAYOUTS.len() - 1].1).unwrap();
        let id = fixture_plan().id;
        let head = dump.plans[&id].text().unwrap().replacen("{\"schema\":1,", "{\"schema\":42,", 1);
        dump.plans.insert(id.clone(), Stored::Text(head));
        put_dump(&store, &dump).await;
        let error = store.load(&id).await.unwrap_err();
        assert!(matches!(error, StoreError::TooNew { version: 42, .. }), "{error:?}");
        assert!(error.to_string().contains("newer cashplan"), "{error}");
        store.close();
        IndexedDbStore::delete_database(name).await.unwrap();
    }
}
