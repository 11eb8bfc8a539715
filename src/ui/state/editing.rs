//! Changing the open plan: every edit goes through `model::change::apply`, which hands back
//! the change that undoes it. Undo and redo keep those changes, not copies of the plan, so
//! fifty undo steps on a plan of 100,000 activities hold only what the fifty edits replaced.
//! Saving follows each change after a pause, and at once when the page is hidden.

use super::{AppState, Context, UNDO_LIMIT};
use crate::model::change::{apply, Change};
use crate::model::Stamp;
use crate::ui::effects::{Effect, StoreJob};
use std::rc::Rc;

impl AppState {
    /// Applies a change the user made, as one undo step. An edit that changes nothing is
    /// not a step (and not a new revision).
    pub(in crate::ui) fn edit_stamped(&mut self, change: Change, stamp: &Stamp) {
        let Some(plan) = self.plan.as_mut() else { return };
        let applied = apply(Rc::make_mut(plan), change, stamp);
        if !applied.changed {
            return;
        }
        self.undo.push(applied.inverse);
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.revision += 1;
    }

    /// Undoes (or redoes) the last step: applies the change kept for it, and keeps the
    /// change that reverses that in turn.
    pub(super) fn step_history(&mut self, backwards: bool, context: &Context) {
        let stamp = self.stamp(context);
        let (from, to) = if backwards { (&mut self.undo, &mut self.redo) } else { (&mut self.redo, &mut self.undo) };
        let (Some(step), Some(plan)) = (from.pop(), self.plan.as_mut()) else { return };
        let applied = apply(Rc::make_mut(plan), step, &stamp);
        to.push(applied.inverse);
        self.revision += 1;
    }

    /// The autosave pause after the edit at `revision` is over: save, unless later edits
    /// started another pause or the save waits for the user.
    pub(super) fn save_due(&mut self, revision: u64) {
        if revision == self.revision {
            self.save_now();
        }
    }

    /// Saves the open plan now if it has unsaved changes and may be saved.
    pub(super) fn save_now(&mut self) {
        if self.other_tab_changed || self.revision <= self.saved_revision {
            return;
        }
        if let Some(plan) = self.plan.clone() {
            let revision = self.revision;
            self.emit(Effect::Store(StoreJob::Save { plan, revision }));
        }
    }
}
