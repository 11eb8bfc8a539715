//! Storage jobs the home screen starts — copy, rename, delete, undo a delete — and the
//! store the app composes: IndexedDB behind the full-disk test hook, announcing every
//! write to the other tabs.

use super::super::state::{copy_name, duplicate_plan, Action, AppState, Notice, TabEvent};
use super::super::tab_channel::TabChannel;
use crate::model::Plan;
use crate::platform;
use crate::store::hooks::{quota_error_simulated, Announcing, FailSwitch, Written};
use crate::store::indexeddb::IndexedDbStore;
use crate::store::{PlanStore, StoreError};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::UseReducerDispatcher;

/// The IndexedDB database the app uses.
const DATABASE: &str = "cashplan";

pub type AppStore = Announcing<FailSwitch<IndexedDbStore>>;
/// Empty until the database has opened.
pub type SharedStore = Rc<RefCell<Option<Rc<AppStore>>>>;
pub type Dispatch = UseReducerDispatcher<AppState>;

pub async fn open_store(tabs: Rc<TabChannel>) -> Result<AppStore, StoreError> {
    let database = IndexedDbStore::open(DATABASE).await?;
    Ok(Announcing::new(FailSwitch::new(database, quota_error_simulated), move |written| match written {
        Written::Saved(summary) => tabs.post(TabEvent::Saved, &summary.id),
        Written::Deleted(id) => tabs.post(TabEvent::Deleted, id),
    }))
}

/// Runs `job` on the store and dispatches the action it ends with, or its error as a notice.
pub fn run<F>(store: &SharedStore, dispatch: &Dispatch, job: impl FnOnce(Rc<AppStore>) -> F + 'static)
where
    F: Future<Output = Result<Action, String>> + 'static,
{
    let dispatch = dispatch.clone();
    let Some(store) = store.borrow().clone() else {
        dispatch.dispatch(Action::Notify(Notice::error("Storage is not open yet. Wait a moment and try again.")));
        return;
    };
    spawn_local(async move {
        match job(store).await {
            Ok(action) => dispatch.dispatch(action),
            Err(message) => dispatch.dispatch(Action::Notify(Notice::error(message))),
        }
    });
}

async fn load(store: &AppStore, id: &str) -> Result<Plan, String> {
    match store.load(id).await {
        Ok(Some(plan)) => Ok(plan),
        Ok(None) => Err("That plan is no longer stored in this browser (was it deleted in another tab?). The list is now up to date.".into()),
        Err(e) => Err(e.to_string()),
    }
}

pub fn relist(store: &SharedStore, dispatch: &Dispatch) {
    run(store, dispatch, |store| async move { store.list().await.map(Action::PlansListed).map_err(|e| e.to_string()) });
}

pub fn duplicate(store: &SharedStore, dispatch: &Dispatch, id: String, taken: Vec<String>) {
    run(store, dispatch, move |store| async move {
        let plan = load(&store, &id).await?;
        let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
        let now = platform::now_rfc3339();
        let copy = duplicate_plan(&plan, &platform::new_id("p"), &copy_name(&plan.name, &taken), &now);
        store.save(&copy, &now).await.map(Action::Duplicated).map_err(|e| e.to_string())
    });
}

pub fn rename(store: &SharedStore, dispatch: &Dispatch, id: String, name: String) {
    run(store, dispatch, move |store| async move {
        let mut plan = load(&store, &id).await?;
        plan.name = name;
        store.save(&plan, &platform::now_rfc3339()).await.map(Action::PlanRenamed).map_err(|e| e.to_string())
    });
}

/// Deletes from storage but hands the plan to the state, whose notice offers Undo.
pub fn delete(store: &SharedStore, dispatch: &Dispatch, id: String) {
    run(store, dispatch, move |store| async move {
        let plan = load(&store, &id).await?;
        store.delete(&id).await.map_err(|e| e.to_string())?;
        Ok(Action::PlanDeleted(plan))
    });
}

pub fn restore(store: &SharedStore, dispatch: &Dispatch, plan: Rc<Plan>) {
    run(store, dispatch, move |store| async move {
        store.save(&plan, &platform::now_rfc3339()).await.map(Action::Restored).map_err(|e| e.to_string())
    });
}
