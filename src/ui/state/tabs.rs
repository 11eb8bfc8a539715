//! Several tabs on the same plan: what tabs tell each other (sent over a
//! `BroadcastChannel` by `ui::tab_channel`) and how this tab reacts, so that two tabs
//! never silently overwrite each other's work.
//!
//! When a tab saves plan X it says so; a tab with X open and no unsaved changes reads X
//! again; one with unsaved changes stops saving and asks the user whose version to keep.

use super::{AppState, Notice};
use crate::model::Plan;
use crate::ui::effects::{Effect, StoreJob};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TabEvent {
    /// The sender stored a new version of the plan.
    Saved,
    /// The sender deleted the plan from storage.
    Deleted,
    /// The sender opened the plan.
    Opened,
    /// Answer to `Opened`: the sender has the plan open too.
    AlsoOpen,
}

/// One message between tabs, sent as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TabMessage {
    pub event: TabEvent,
    pub plan: String,
    /// The sending tab's id (for replies and for reading logs).
    pub tab: String,
}

impl TabMessage {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
    /// None for anything that is not a message of this version of the app.
    pub fn from_json(text: &str) -> Option<TabMessage> {
        serde_json::from_str(text).ok()
    }
}

/// A request to read the open plan again from storage, made at `revision`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reload {
    pub revision: u64,
    /// The user chose the stored version over this tab's unsaved changes.
    pub discard_unsaved: bool,
}

impl AppState {
    /// The user chose this tab's version: save it, overwriting the other tab's.
    pub(super) fn keep_mine(&mut self) {
        self.other_tab_changed = false;
        self.revision += 1;
        if let Some(id) = self.plan.as_ref().map(|p| p.id.clone()) {
            self.emit(Effect::Store(StoreJob::WriteOver { id }));
        }
    }

    pub(super) fn heard_from_other_tab(&mut self, message: TabMessage) {
        if matches!(message.event, TabEvent::Saved | TabEvent::Deleted) {
            // The list on the home screen changed too.
            self.emit(Effect::Store(StoreJob::List));
        }
        let Some(open) = self.plan.as_ref().filter(|p| p.id == message.plan) else { return };
        let name = open.name.clone();
        match message.event {
            TabEvent::Saved if self.has_unsaved_changes() => self.other_tab_changed = true,
            TabEvent::Saved => self.ask_reload(false),
            TabEvent::Deleted => self.set_notice(Some(Notice::error(format!(
                "“{name}” was deleted in another tab. It is still open here: export the plan file to keep it, or undo the deletion in the other tab."
            )))),
            TabEvent::Opened => self.emit(Effect::Tell { event: TabEvent::AlsoOpen, plan: message.plan }),
            TabEvent::AlsoOpen => self.set_notice(Some(Notice::info(
                "This plan is also open in another tab. Changes saved there appear here; if both tabs have unsaved changes you will be asked which to keep.",
            ))),
        }
    }

    /// Reads the open plan again from storage; `discard_unsaved` when the user chose the
    /// other tab's version over this tab's changes.
    pub(super) fn ask_reload(&mut self, discard_unsaved: bool) {
        let Some(id) = self.plan.as_ref().map(|p| p.id.clone()) else { return };
        let reload = Reload { revision: self.revision, discard_unsaved };
        self.reload = Some(reload);
        self.emit(Effect::Store(StoreJob::Reload { id, revision: reload.revision }));
    }

    /// The stored plan arrived for the reload requested at `revision`.
    pub(super) fn reloaded(&mut self, plan: Plan, revision: u64) {
        let Some(reload) = self.reload.filter(|r| r.revision == revision) else { return };
        self.reload = None;
        if self.plan.as_ref().is_none_or(|p| p.id != plan.id) {
            return;
        }
        if !reload.discard_unsaved && (self.revision != revision || self.has_unsaved_changes()) {
            // An edit slipped in while reading: keep it and let the user choose.
            self.other_tab_changed = true;
            return;
        }
        self.plan = Some(Rc::new(plan));
        self.undo.clear();
        self.redo.clear();
        self.revision += 1;
        self.saved_revision = self.revision;
        self.save_error = None;
        self.other_tab_changed = false;
        self.set_notice(Some(Notice::info(if reload.discard_unsaved {
            "Reloaded the version saved in another tab; the unsaved changes made here were discarded."
        } else {
            "Updated with changes made in another tab."
        })));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{area, stamp};
    use super::super::{Action, AppState, SaveStatus};
    use super::*;
    use crate::model::change::Change;
    use crate::store::PlanSummary;
    fn saved(plan: &Plan) -> AppState {
        AppState::default().reduce(Action::Open(plan.clone()))
    }
    fn from_tab(event: TabEvent, plan: &str) -> Action {
        Action::FromOtherTab(TabMessage { event, plan: plan.into(), tab: "t-2".into() })
    }
    fn edited(state: AppState, code: &str) -> AppState {
        state.reduce(Action::Edit(Change::put_keyed(area(code))))
    }

    #[test]
    fn messages_round_trip_and_garbage_is_ignored() {
        let message = TabMessage { event: TabEvent::AlsoOpen, plan: "p".into(), tab: "t".into() };
        assert_eq!(message.to_json(), r#"{"event":"also-open","plan":"p","tab":"t"}"#);
        assert_eq!(TabMessage::from_json(&message.to_json()), Some(message));
        assert_eq!(TabMessage::from_json(r#"{"event":"exploded","plan":"p","tab":"t"}"#), None);
        assert_eq!(TabMessage::from_json("not json"), None);
    }

    #[test]
    fn a_tab_without_unsaved_changes_reloads_what_another_tab_saved() {
        let plan = Plan::new("p", "Plan", "SYR", "USD", &stamp());
        let state = saved(&plan).reduce(from_tab(TabEvent::Saved, "p"));
        let reload = state.reload.expect("asks for the stored plan");
        assert!(!reload.discard_unsaved);
        let mut newer = plan.clone();
        newer.areas.upsert("SY01", area("SY01"), &stamp());
        let state = state.reduce(Action::Reloaded { plan: newer.clone(), revision: reload.revision });
        assert_eq!(state.plan.as_deref(), Some(&newer));
        assert_eq!(state.save_status(), SaveStatus::Saved, "reading is not a change to save");
        assert!(!state.can_undo(), "undo must not bring back the other tab's overwritten state");
        assert_eq!(state.notice.map(|n| n.text), Some("Updated with changes made in another tab.".to_string()));
    }

    #[test]
    fn a_tab_with_unsaved_changes_holds_its_save_and_asks() {
        let plan = Plan::new("p", "Plan", "SYR", "USD", &stamp());
        let state = edited(saved(&plan), "SY09").reduce(from_tab(TabEvent::Saved, "p"));
        assert!(state.other_tab_changed);
        assert!(state.reload.is_none());
        assert_eq!(state.save_status(), SaveStatus::Held);

        let kept = state.clone().reduce(Action::KeepMine);
        assert!(!kept.other_tab_changed);
        assert_eq!(kept.save_status(), SaveStatus::Unsaved, "keeping mine saves it");
        assert!(kept.plan.as_ref().unwrap().areas.get("SY09").is_some());

        let state = state.reduce(Action::ReloadFromOtherTab);
        let reload = state.reload.expect("reads the stored plan");
        assert!(reload.discard_unsaved);
        let state = state.reduce(Action::Reloaded { plan: plan.clone(), revision: reload.revision });
        assert!(state.plan.as_ref().unwrap().areas.get("SY09").is_none(), "the unsaved change is discarded");
        assert_eq!(state.save_status(), SaveStatus::Saved);
    }

    #[test]
    fn an_edit_made_while_reloading_is_kept_and_the_user_asked() {
        let plan = Plan::new("p", "Plan", "SYR", "USD", &stamp());
        let state = saved(&plan).reduce(from_tab(TabEvent::Saved, "p"));
        let revision = state.reload.unwrap().revision;
        let state = edited(state, "SY05").reduce(Action::Reloaded { plan: plan.clone(), revision });
        assert!(state.plan.as_ref().unwrap().areas.get("SY05").is_some());
        assert!(state.other_tab_changed);
    }

    #[test]
    fn messages_about_other_plans_are_ignored_and_a_second_tab_is_told() {
        let plan = Plan::new("p", "Plan", "SYR", "USD", &stamp());
        let state =
            saved(&plan).reduce(from_tab(TabEvent::Saved, "other")).reduce(from_tab(TabEvent::Deleted, "other"));
        assert!(state.reload.is_none() && state.notice.is_none());
        let state = state.reduce(from_tab(TabEvent::AlsoOpen, "p"));
        assert!(state.notice.unwrap().text.contains("also open in another tab"));
    }

    #[test]
    fn a_failed_save_counts_as_unsaved_work() {
        let plan = Plan::new("p", "Plan", "SYR", "USD", &stamp());
        let state = saved(&plan).reduce(Action::SaveFailed("full".into()));
        assert!(state.reduce(from_tab(TabEvent::Saved, "p")).other_tab_changed);
        let summary = PlanSummary::of(&plan, "t", 1);
        let state = saved(&plan).reduce(Action::Saved { revision: 0, summary });
        assert!(!state.has_unsaved_changes());
    }
}
