//! Storage jobs carried out on any `PlanStore` (IndexedDB in the app, the memory store in
//! tests): each ends in the action the reducer gets, or in what went wrong in the user's
//! words. Native, so the way a failed save reaches the screen is tested without a browser.

use super::StoreJob;
use crate::model::Plan;
use crate::store::{PlanStore, StoreError};
use crate::ui::state::{copy_name, duplicate_plan, Action};

async fn load<S: PlanStore>(store: &S, id: &str) -> Result<Plan, String> {
    match store.load(id).await {
        Ok(Some(plan)) => Ok(plan),
        Ok(None) => Err(
            "That plan is no longer stored in this browser (was it deleted in another tab?). The list is now up to date."
                .into(),
        ),
        Err(e) => Err(e.to_string()),
    }
}

/// Does one job at time `now`; the action it ends with, if any, or what went wrong in the
/// user's words.
pub async fn carry_out<S: PlanStore>(store: &S, job: StoreJob, now: &str) -> Result<Option<Action>, String> {
    let action = match job {
        StoreJob::Start => return Ok(None),
        StoreJob::List => Action::PlansListed(store.list().await.map_err(|e| e.to_string())?),
        StoreJob::Open { id } => match store.load(&id).await {
            Ok(Some(plan)) => Action::Open(plan),
            Ok(None) => Action::NotStored { id },
            Err(e) => return Err(e.to_string()),
        },
        StoreJob::Save { plan, revision } => match store.save(&plan, now).await {
            Ok(summary) => Action::Saved { revision, summary },
            Err(error) => Action::SaveFailed(error.to_string()),
        },
        StoreJob::Reload { id, revision } => match store.load(&id).await {
            Ok(Some(plan)) => Action::Reloaded { plan, revision },
            Ok(None) => return Err("This plan is no longer stored in this browser (deleted in another tab?). Export the plan file to keep what is on screen.".into()),
            Err(e) => return Err(e.to_string()),
        },
        StoreJob::Delete { id } => {
            let plan = load(store, &id).await?;
            store.delete(&id).await.map_err(|e| e.to_string())?;
            Action::PlanDeleted(plan)
        }
        StoreJob::Restore { plan } => Action::Restored(store.save(&plan, now).await.map_err(|e| e.to_string())?),
        StoreJob::Duplicate { id, new_id, taken } => {
            let plan = load(store, &id).await?;
            let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
            let copy = duplicate_plan(&plan, &new_id, &copy_name(&plan.name, &taken), now);
            Action::Duplicated(store.save(&copy, now).await.map_err(|e| e.to_string())?)
        }
        StoreJob::Rename { id, name } => {
            let mut plan = load(store, &id).await?;
            plan.name = name;
            Action::PlanRenamed(store.save(&plan, now).await.map_err(|e| e.to_string())?)
        }
        StoreJob::PrepareImport { file_name, incoming } => {
            let stored = match store.load(&incoming.id).await {
                Ok(stored) => stored,
                // A newer app's copy must not be replaced by an import it cannot compare with.
                Err(error @ StoreError::TooNew { .. }) => return Err(error.to_string()),
                // A damaged copy is what importing the file recovers: the file replaces it.
                Err(_) => None,
            };
            Action::StoredCopy { file_name, incoming, stored }
        }
        StoreJob::StoreImport { plan } => Action::Imported(store.save(&plan, now).await.map_err(|e| e.to_string())?),
    };
    Ok(Some(action))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stamp;
    use crate::store::memory::MemoryStore;
    use crate::store::testing::now;
    use crate::ui::state::{AppState, SaveStatus};
    use std::rc::Rc;

    fn plan() -> Plan {
        Plan::new("p", "Plan", "SYR", "USD", &Stamp { at: "t".into(), by: "me".into() })
    }

    #[test]
    fn a_failed_save_leaves_the_stored_plan_whole_and_the_state_says_why() {
        let store = MemoryStore::default();
        let original = plan();
        now(store.save(&original, "t1")).unwrap();
        let before = store.dump();
        let mut state = AppState::default().reduce(Action::Open(original.clone()));
        let mut edited = original.clone();
        edited.name = "Renamed".into();
        state = state.reduce(Action::Open(edited.clone()));
        store.fail_writes_with(Some(StoreError::QuotaExceeded));
        let job = StoreJob::Save { plan: Rc::new(edited), revision: state.revision };
        let action = now(carry_out(&store, job, "t2")).unwrap().unwrap();
        assert!(matches!(&action, Action::SaveFailed(message) if message.contains("storage is full")), "{action:?}");
        let state = state.reduce(action);
        assert_eq!(state.save_status(), SaveStatus::Failed(StoreError::QuotaExceeded.to_string()));
        assert_eq!(store.dump(), before, "nothing stored was touched");
        assert_eq!(now(store.load("p")).unwrap(), Some(original));
    }

    #[test]
    fn a_copy_saved_by_a_newer_app_is_never_replaced_by_an_import() {
        let store = MemoryStore::default();
        now(store.save(&plan(), "t1")).unwrap();
        let mut dump = store.dump();
        let head = dump.plans["p"].text().unwrap().replacen("\"schema\":1", "\"schema\":7", 1);
        dump.plans.insert("p".into(), crate::store::dump::Stored::Text(head));
        let store = MemoryStore::from_dump(dump.clone());
        let job = StoreJob::PrepareImport { file_name: "p.cashplan.json".into(), incoming: Rc::new(plan()) };
        let error = now(carry_out(&store, job, "t2")).unwrap_err();
        assert!(error.contains("newer cashplan"), "{error}");
        assert_eq!(store.dump(), dump);
    }
}
