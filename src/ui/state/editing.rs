//! Changing the open plan: every edit goes through `model::change::apply`, which hands back
//! the change that undoes it. Undo and redo keep those changes, not copies of the plan, so
//! fifty undo steps on a plan of 100,000 activities hold only what the fifty edits replaced.
//! Saving follows each change after a pause, and at once when the page is hidden.

use super::{AppState, Context, Notice, UNDO_LIMIT};
use crate::model::change::{apply, Change};
use crate::model::rules::{self, Problem};
use crate::model::{Kind, Plan, RecordsReceiver, Stamp};
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

    /// An edit the user made (a form, a table row, an editor): applied, and what the rules
    /// flag but accept (reached above targeted…) said in a notice, so that it is never
    /// taken silently.
    pub(super) fn user_edit(&mut self, change: Change, stamp: &Stamp) {
        let revision = self.revision;
        let put = match &change {
            Change::Put { records } => Some(records.clone()),
            _ => None,
        };
        self.edit_stamped(change, stamp);
        let (Some(records), Some(plan), true) = (put, self.plan.clone(), self.revision != revision) else { return };
        let warnings = records.open(Warnings { plan: &plan });
        if !warnings.is_empty() {
            self.set_notice(Some(Notice::info(format!("Saved. Please check: {}.", warnings.join("; ")))));
        }
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

/// What the rules flag, without refusing, in records just put: "150 is more than targeted
/// (100); check both figures (People reached of activity of WFP · FSC · SY02)".
struct Warnings<'a> {
    plan: &'a Plan,
}

impl RecordsReceiver for Warnings<'_> {
    type Output = Vec<String>;
    fn receive<K: Kind>(self, rows: Vec<(String, K)>) -> Vec<String> {
        let mut out = Vec::new();
        for (id, record) in &rows {
            for problem in rules::check(record, self.plan).into_iter().filter(|p: &Problem| !p.is_error()) {
                let label = rules::field(K::FIELDS, problem.field).map_or(problem.field, |f| f.label);
                out.push(format!("{} ({label} of {})", problem.kind, record.describe(id)));
            }
        }
        out
    }
}
