//! The browser's `PlanStore`: IndexedDB, one transaction per save across the plan and its
//! summary, so a failed or interrupted save leaves the previous copy whole.

use super::{decode, encode, PlanStore, PlanSummary, StoreError};
use crate::model::Plan;
use idb::{Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
use wasm_bindgen::JsValue;

const DB_VERSION: u32 = 1;
const PLANS: &str = "plans";
const SUMMARIES: &str = "summaries";

pub struct IndexedDbStore {
    db: Database,
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
            // Version 1 creates both stores; later versions add steps here.
            if let Ok(db) = event.database() {
                let names = db.store_names();
                for store in [PLANS, SUMMARIES] {
                    if !names.iter().any(|n| n == store) {
                        db.create_object_store(store, ObjectStoreParams::new()).ok();
                    }
                }
            }
        });
        let db = request.await.map_err(|e| StoreError::Unavailable(e.to_string()))?;
        Ok(IndexedDbStore { db })
    }

    /// Deletes the whole database (used by tests for a clean slate).
    pub async fn delete_database(name: &str) -> Result<(), StoreError> {
        let factory = Factory::new().map_err(|e| StoreError::Unavailable(e.to_string()))?;
        factory.delete(name).map_err(to_error(StoreError::WriteFailed))?.await.map_err(to_error(StoreError::WriteFailed))
    }

    pub fn close(&self) {
        self.db.close();
    }
}

/// One console line per save and load, so the storage benchmark
/// (tests/e2e/measure/storage.mjs) can time them precisely from inside the page.
/// `split` divides the two phases named in `phases`.
fn log_timing(what: &str, id: &str, started: f64, split: f64, phases: [&str; 2]) {
    let now = js_sys::Date::now();
    let [first, second] = phases;
    let line = format!("cashplan: {what} {id} in {} ms ({first} {} ms, {second} {} ms)", now - started, split - started, now - split);
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
            let text = value.as_string().unwrap_or_default();
            let summary: PlanSummary = serde_json::from_str(&text)
                .map_err(|e| StoreError::Corrupt { id: "(plan list)".into(), detail: e.to_string() })?;
            summaries.push(summary);
        }
        summaries.sort_by(|a, b| b.modified_at.cmp(&a.modified_at));
        Ok(summaries)
    }

    async fn load(&self, id: &str) -> Result<Option<Plan>, StoreError> {
        let read = to_error(StoreError::ReadFailed);
        let tx = self.db.transaction(&[PLANS], TransactionMode::ReadOnly).map_err(&read)?;
        let started = js_sys::Date::now();
        let store = tx.object_store(PLANS).map_err(&read)?;
        let value = store.get(JsValue::from_str(id)).map_err(&read)?.await.map_err(&read)?;
        let read_at = js_sys::Date::now();
        let plan = value.and_then(|v| v.as_string()).map(|text| decode(id, &text)).transpose();
        log_timing("loaded", id, started, read_at, ["indexeddb", "json"]);
        plan
    }

    async fn save(&self, plan: &Plan, modified_at: &str) -> Result<PlanSummary, StoreError> {
        let write = to_error(StoreError::WriteFailed);
        let started = js_sys::Date::now();
        let text = encode(plan);
        let summary = PlanSummary::of(plan, modified_at, text.len() as u64);
        let summary_text = serde_json::to_string(&summary).unwrap_or_default();
        let tx = self.db.transaction(&[PLANS, SUMMARIES], TransactionMode::ReadWrite).map_err(&write)?;
        let key = JsValue::from_str(&plan.id);
        tx.object_store(PLANS).map_err(&write)?.put(&JsValue::from_str(&text), Some(&key)).map_err(&write)?;
        tx.object_store(SUMMARIES)
            .map_err(&write)?
            .put(&JsValue::from_str(&summary_text), Some(&key))
            .map_err(&write)?;
        let encoded_at = js_sys::Date::now();
        tx.commit().map_err(&write)?.await.map_err(&write)?;
        log_timing("saved", &plan.id, started, encoded_at, ["json", "indexeddb"]);
        Ok(summary)
    }

    async fn delete(&self, id: &str) -> Result<(), StoreError> {
        let write = to_error(StoreError::WriteFailed);
        let tx = self.db.transaction(&[PLANS, SUMMARIES], TransactionMode::ReadWrite).map_err(&write)?;
        let key = JsValue::from_str(id);
        tx.object_store(PLANS).map_err(&write)?.delete(key.clone()).map_err(&write)?;
        tx.object_store(SUMMARIES).map_err(&write)?.delete(key).map_err(&write)?;
        tx.commit().map_err(&write)?.await.map_err(&write)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Area, Stamp};
    use wasm_bindgen_test::wasm_bindgen_test;

    wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

    fn plan(id: &str) -> Plan {
        let stamp = Stamp { at: "2026-01-01T00:00:00Z".into(), by: "test".into() };
        let mut plan = Plan::new(id, "Round trip", "SYR", "USD", &stamp);
        let area = Area { code: "SY02".into(), name: "Aleppo".into(), level: 1, parent: None, population: Some(4_000_000), household_size: Some(5.2) };
        plan.areas.upsert("SY02", area, &stamp);
        plan
    }

    #[wasm_bindgen_test]
    async fn plans_round_trip_through_indexeddb() {
        let name = "cashplan-test-roundtrip";
        IndexedDbStore::delete_database(name).await.unwrap();
        let store = IndexedDbStore::open(name).await.unwrap();
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
}
