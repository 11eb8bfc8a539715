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
        StoreJob::WriteOver { id } => {
            store.write_over(&id);
            return Ok(None);
        }
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
        StoreJob::ReadBoundaries { id } => {
            let other = load(store, &id).await.map(|p| (p.name.clone(), crate::model::boundary::stored_features(&p, None)));
            Action::Boundaries(crate::ui::boundary_flow::BoundaryMsg::FromPlan(other))
        }
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

    /// Carries out the storage jobs among `effects` on `store`, in order, and hands the
    /// actions they end in to the reducer, as the app's runner does.
    fn run_jobs(store: &MemoryStore, mut state: AppState, effects: Vec<crate::ui::effects::Effect>) -> AppState {
        for effect in effects {
            if let crate::ui::effects::Effect::Store(job) = effect {
                if let Ok(Some(action)) = now(carry_out(store, job, "2026-03-04T05:06:07Z")) {
                    state = state.reduce(action);
                }
            }
        }
        state
    }

    #[test]
    fn keeping_this_tabs_version_writes_over_the_other_tabs_save() {
        use crate::model::change::Change;
        use crate::ui::state::fixtures::{area, context};
        use crate::ui::state::{TabEvent, TabMessage};
        let ours = MemoryStore::default();
        let theirs = ours.another_tab();
        now(ours.save(&plan(), "t0")).unwrap();
        let (state, effects) =
            AppState::default().update(Action::Open(now(ours.load("p")).unwrap().unwrap()), &context());
        let state = run_jobs(&ours, state, effects);
        let (state, _) = state.update(Action::Edit(Change::put("SY01", area("SY01"))), &context());
        // The other tab saves first and says so.
        let mut other = now(theirs.load("p")).unwrap().unwrap();
        other.name = "Theirs".into();
        now(theirs.save(&other, "t1")).unwrap();
        let heard = TabMessage { event: TabEvent::Saved, plan: "p".into(), tab: "t".into() };
        let (state, _) = state.update(Action::FromOtherTab(heard), &context());
        assert_eq!(state.save_status(), SaveStatus::Held);

        let (state, effects) = state.update(Action::KeepMine, &context());
        let state = run_jobs(&ours, state, effects);
        let job = StoreJob::Save { plan: state.plan.clone().unwrap(), revision: state.revision };
        let state = state.reduce(now(carry_out(&ours, job, "t2")).unwrap().unwrap());
        assert_eq!(state.save_status(), SaveStatus::Saved);
        let stored = now(theirs.load("p")).unwrap().unwrap();
        assert!(stored.areas.get("SY01").is_some() && stored.name == "Plan", "this tab's version is stored");
        assert_eq!(now(ours.list()).unwrap().len(), 1, "and no conflict copy was made");
    }

    #[test]
    fn a_save_meeting_another_tabs_says_so_and_lists_the_copy() {
        let ours = MemoryStore::default();
        let theirs = ours.another_tab();
        now(ours.save(&plan(), "t0")).unwrap();
        let mut state = AppState::default().reduce(Action::Open(now(ours.load("p")).unwrap().unwrap()));
        let mut other = now(theirs.load("p")).unwrap().unwrap();
        other.name = "Theirs".into();
        now(theirs.save(&other, "t1")).unwrap();
        let mut mine = plan();
        mine.name = "Mine".into();
        state = state.reduce(Action::Open(mine.clone()));
        let job = StoreJob::Save { plan: Rc::new(mine), revision: state.revision };
        let action = now(carry_out(&ours, job, "2026-03-04T05:06:07Z")).unwrap().unwrap();
        let (state, effects) = state.update(action, &crate::ui::state::fixtures::context());
        assert!(
            matches!(state.save_status(), SaveStatus::Failed(m) if m.contains("Mine (conflict copy, 2026-03-04 05:06)"))
        );
        let state = run_jobs(&ours, state, effects);
        let mut names: Vec<String> = state.plans.unwrap_or_default().into_iter().map(|s| s.name).collect();
        names.sort();
        assert_eq!(names, ["Mine (conflict copy, 2026-03-04 05:06)", "Theirs"], "both versions are listed");
    }

    #[test]
    fn another_plans_boundaries_are_listed_copied_as_one_change_and_undone() {
        use crate::model::boundary::{BoundaryFeature, Ring, Shape};
        use crate::ui::boundary_flow::{BoundaryMsg, BoundaryStage};
        use crate::ui::effects::Effect;
        let store = MemoryStore::default();
        let stamp = Stamp { at: "t".into(), by: "me".into() };
        let mut other = Plan::new("q", "Syria 2023", "SYR", "USD", &stamp);
        for (pcode, level, parent) in [("SY02", 1, None), ("SY0203", 2, Some("SY02"))] {
            let ring = Ring::from_points(&[(0, 0), (10, 0), (10, 10), (0, 0)]);
            let feature = BoundaryFeature {
                pcode: pcode.into(),
                level,
                parent: parent.map(Into::into),
                names: [("en".to_string(), format!("Area {pcode}"))].into(),
                shape: Shape { polygons: vec![vec![ring]] },
                source: "syr.zip: adm".into(),
            };
            other.boundaries.upsert(pcode, feature, &stamp);
        }
        let listed = now(store.save(&other, "t1")).unwrap();
        assert_eq!(listed.boundaries, 2);
        let without = now(store.save(&plan(), "t1")).unwrap();
        let context = crate::ui::state::fixtures::context();
        let state = AppState::default().reduce(Action::PlansListed(vec![listed, without])).reduce(Action::Open(plan()));
        assert_eq!(state.boundary_plans(), [("q".to_string(), "Syria 2023".to_string(), 2)], "only plans with them");

        let (state, effects) = state.update(Action::Boundaries(BoundaryMsg::Reuse("q".into())), &context);
        let [Effect::Store(job)] = &effects[..] else { panic!("{effects:?}") };
        assert!(matches!(state.map.import, BoundaryStage::Busy(_)));
        let answer = now(carry_out(&store, job.clone(), "t2")).unwrap().unwrap();
        let state = state.reduce(answer);
        let open = state.plan.clone().unwrap();
        assert_eq!(open.boundaries.len_live(), 2, "{:?}", state.map.import);
        assert_eq!(open.areas.len_live(), 2, "the areas are created from the attributes");
        assert!(state.notice.as_ref().is_some_and(|n| n.text.contains("Stored 2 boundaries from plan \"Syria 2023\"")));
        assert!(state.has_unsaved_changes(), "saved like any change");
        let state = state.reduce(Action::Undo);
        assert_eq!(state.plan.unwrap().boundaries.len_live(), 0, "one undo takes them all back");

        let gone = now(carry_out(&store, StoreJob::ReadBoundaries { id: "gone".into() }, "t3")).unwrap().unwrap();
        let busy = AppState::default().reduce(Action::Open(plan()));
        let (busy, _) = busy.update(Action::Boundaries(BoundaryMsg::Reuse("gone".into())), &context);
        assert!(matches!(busy.reduce(gone).map.import, BoundaryStage::Failed(m) if m.contains("no longer stored")));
    }
}
