//! The IndexedDB store in headless Chromium: round trips, chunks, every released layout,
//! newer versions, two tabs, a write failing half-way and a full disk.

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
        ["p-1#activities#000000", "p-1#index", "p-1#revision", "p-2#activities#000000", "p-2#index", "p-2#revision"]
    );

    store.delete("p-1").await.unwrap();
    assert_eq!(store.load("p-1").await.unwrap(), None);
    assert_eq!(
        chunk_keys(&store).await,
        ["p-2#activities#000000", "p-2#index", "p-2#revision"],
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
    assert!(matches!(&error, StoreError::Corrupt { detail, .. } if detail.contains("activities part 1")), "{error:?}");
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

#[wasm_bindgen_test]
async fn two_tabs_saving_at_once_keep_both_versions() {
    let name = "cashplan-test-two-tabs";
    let first = fresh(name).await;
    let second = IndexedDbStore::open(name).await.unwrap().with_chunk_size(3);
    let mut ours = with_activities("p-1", 7);
    first.save(&ours, "2026-03-04T05:00:00Z").await.unwrap();
    assert_eq!(second.load("p-1").await.unwrap().as_ref(), Some(&ours));

    ours.name = "First tab's".into();
    first.save(&ours, "2026-03-04T05:06:00Z").await.unwrap();
    let mut theirs = with_activities("p-1", 5);
    theirs.name = "Second tab's".into();
    let error = second.save(&theirs, "2026-03-04T05:06:07Z").await.unwrap_err();
    assert!(
        matches!(&error, StoreError::Conflict { copy_name, .. } if copy_name.contains("conflict copy")),
        "{error:?}"
    );
    assert_eq!(first.load("p-1").await.unwrap(), Some(ours), "the first save is kept whole");
    let copy = first.load("p-1~conflict-1").await.unwrap().unwrap();
    assert_eq!((copy.name.contains("Second tab's"), copy.activities.len()), (true, 5), "and the second as a copy");
    assert_eq!(first.list().await.unwrap().len(), 2);
    first.close();
    second.close();
    IndexedDbStore::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_write_failing_half_way_leaves_the_last_saved_version_whole() {
    let name = "cashplan-test-half-way";
    let store = fresh(name).await;
    let saved = with_activities("p-1", 7);
    store.save(&saved, "t1").await.unwrap();
    let mut edited = with_activities("p-1", 9);
    edited.name = "Edited".into();
    for n in 0..7u64 {
        let activity =
            Activity { targeted: Some(1_000 + n), ..edited.activities.get(&format!("a-{n:03}")).unwrap().data.clone() };
        edited.activities.upsert(&format!("a-{n:03}"), activity, &stamp());
    }
    // The third write (a chunk, after two others were written) fails.
    store.fail_write.set(Some(2));
    let error = store.save(&edited, "t2").await.unwrap_err();
    assert!(matches!(error, StoreError::WriteFailed(_)), "{error:?}");
    store.fail_write.set(None);
    store.close();
    let reopened = IndexedDbStore::open(name).await.unwrap();
    assert_eq!(reopened.load("p-1").await.unwrap(), Some(saved), "no chunk of the failed save stayed");
    reopened.save(&edited, "t3").await.unwrap();
    assert_eq!(reopened.load("p-1").await.unwrap(), Some(edited));
    reopened.close();
    IndexedDbStore::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
fn a_full_disk_is_said_as_such() {
    let exception = js_sys::Error::new("The quota has been exceeded.");
    exception.set_name("QuotaExceededError");
    let error = to_error(StoreError::WriteFailed)(idb::Error::AddFailed(exception.into()));
    assert_eq!(error, StoreError::QuotaExceeded);
    assert!(error.to_string().contains("storage is full"), "{error}");
}

#[wasm_bindgen_test]
async fn a_database_missing_a_store_is_refused_when_opened_not_when_saving() {
    // A database at the current version whose upgrade did not create every store (the
    // upgrade callback cannot report failure): opening says so instead of a later save failing.
    let name = "cashplan-test-missing-store";
    IndexedDbStore::delete_database(name).await.unwrap();
    let factory = Factory::new().unwrap();
    let mut request = factory.open(name, Some(DB_VERSION)).unwrap();
    request.on_upgrade_needed(|event| {
        event.database().unwrap().create_object_store(PLANS, ObjectStoreParams::new()).unwrap();
    });
    request.await.unwrap().close();
    match IndexedDbStore::open(name).await {
        Err(StoreError::Unavailable(why)) => assert!(why.contains(SUMMARIES), "{why}"),
        Err(other) => panic!("expected the missing store to be named, got {other}"),
        Ok(_) => panic!("a database without the summaries store was opened"),
    }
    IndexedDbStore::delete_database(name).await.unwrap();
}
