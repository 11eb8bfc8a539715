//! The storage runner: opens IndexedDB once (behind the full-disk test hook, announcing
//! every write to the other tabs), then carries out each storage job and answers with an
//! action. Jobs asked for before the database is open wait for it.

use super::run::{recall, ORGANISATION_KEY, SMALL_COUNTS_KEY};
use super::store_jobs::carry_out;
use super::StoreJob;
use crate::model::disclosure::SmallCounts;
use crate::platform;
use crate::store::hooks::{quota_error_simulated, Announcing, FailSwitch, Written};
use crate::store::indexeddb::IndexedDbStore;
use crate::store::{PlanStore, StoreError};
use crate::ui::browser;
use crate::ui::state::{Action, Notice, StorageInfo, TabEvent};
use crate::ui::tab_channel::TabChannel;
use std::cell::RefCell;
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::Callback;

/// The IndexedDB database the app uses.
const DATABASE: &str = "cashplan";

pub type AppStore = Announcing<FailSwitch<IndexedDbStore>>;

enum Slot {
    /// Opening; these jobs wait for it.
    Opening(Vec<StoreJob>),
    Open(Rc<AppStore>),
    Failed(StoreError),
}

pub struct StoreRunner {
    dispatch: Callback<Action>,
    tabs: Rc<TabChannel>,
    slot: Rc<RefCell<Slot>>,
}

impl StoreRunner {
    pub fn new(dispatch: Callback<Action>, tabs: Rc<TabChannel>) -> StoreRunner {
        StoreRunner { dispatch, tabs, slot: Rc::new(RefCell::new(Slot::Opening(Vec::new()))) }
    }

    pub fn run(&self, job: StoreJob) {
        if job == StoreJob::Start {
            return self.start();
        }
        run_in(&self.slot, &self.dispatch, job);
    }

    /// Opens the database, lists the plans, says what the browser keeps, then runs the
    /// jobs that waited.
    fn start(&self) {
        let (dispatch, tabs, slot) = (self.dispatch.clone(), self.tabs.clone(), self.slot.clone());
        spawn_local(async move {
            dispatch.emit(Action::Remembered {
                organisation: recall(ORGANISATION_KEY).unwrap_or_default(),
                protect: recall(SMALL_COUNTS_KEY).and_then(|text| SmallCounts::parse(&text).ok()),
            });
            let opened = IndexedDbStore::open(DATABASE).await.map(|database| {
                Rc::new(Announcing::new(
                    FailSwitch::new(database, quota_error_simulated),
                    move |written| match written {
                        Written::Saved(summary) => tabs.post(TabEvent::Saved, &summary.id),
                        Written::Deleted(id) => tabs.post(TabEvent::Deleted, id),
                    },
                ))
            });
            let waiting = match std::mem::replace(&mut *slot.borrow_mut(), Slot::Opening(Vec::new())) {
                Slot::Opening(waiting) => waiting,
                _ => Vec::new(),
            };
            match opened {
                Ok(store) => {
                    *slot.borrow_mut() = Slot::Open(store.clone());
                    let persisted = browser::request_persistent_storage().await;
                    let estimate = browser::storage_estimate().await;
                    dispatch.emit(Action::Storage(StorageInfo {
                        persisted,
                        used_bytes: estimate.map(|e| e.0),
                        quota_bytes: estimate.map(|e| e.1),
                    }));
                    match store.list().await {
                        Ok(plans) => dispatch.emit(Action::PlansListed(plans)),
                        Err(e) => dispatch.emit(Action::Notify(Notice::error(e.to_string()))),
                    }
                    for job in waiting {
                        run_in(&slot, &dispatch, job);
                    }
                }
                Err(error) => {
                    *slot.borrow_mut() = Slot::Failed(error.clone());
                    dispatch.emit(Action::PlansListed(Vec::new()));
                    dispatch.emit(Action::Notify(Notice::error(error.to_string())));
                }
            }
        });
    }
}

/// Runs `job` once the database is open (it waits in the slot until then).
fn run_in(slot: &Rc<RefCell<Slot>>, dispatch: &Callback<Action>, job: StoreJob) {
    let store = match &mut *slot.borrow_mut() {
        Slot::Opening(waiting) => return waiting.push(job),
        Slot::Failed(error) => return dispatch.emit(Action::Notify(Notice::error(error.to_string()))),
        Slot::Open(store) => store.clone(),
    };
    let dispatch = dispatch.clone();
    spawn_local(async move {
        match carry_out(&*store, job, &platform::now_rfc3339()).await {
            Ok(Some(action)) => dispatch.emit(action),
            Ok(None) => {}
            Err(message) => dispatch.emit(Action::Notify(Notice::error(message))),
        }
    });
}
