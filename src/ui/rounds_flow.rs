//! The Rounds page as state: the round shown, opening one (month, due date, partners
//! expected), a partner's file received through the Import page's spreadsheet flow (its
//! keyed preview, with the round's month as the month the file replaces; the receipt is
//! recorded in the round with the rows, as one undoable change), the roll-forward preview
//! and its application, the reminder lines copied. The same engine functions as
//! `cashplan round` (`engine::rounds`).

use super::effects::{Effect, FileRef};
use super::sheet_flow::{Draft, SheetMsg};
use super::state::{AppState, Context, Notice};
use crate::engine::rounds::{open_round, receipts_of, roll_forward, with_receipts};
use crate::formats::sheet::SheetOptions;
use crate::model::change::Change;
use crate::model::{Activity, IsoDate, Month, Registered, Round};
use std::rc::Rc;

/// The activities a roll-forward would add, shown before they are.
#[derive(Debug, Clone, PartialEq)]
pub struct RollPreview {
    pub from: Month,
    pub to: Month,
    pub rows: Rc<Vec<(String, Activity)>>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoundsState {
    /// The round the page shows (None: the latest).
    pub selected: Option<Month>,
    /// The round a partner's file is being received for, while the spreadsheet flow runs.
    pub receiving: Option<Month>,
    /// The round with the receipt of the file being imported, applied with its rows.
    recorded: Option<Change>,
    pub roll: Option<RollPreview>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RoundMsg {
    /// Show this round.
    Select(Month),
    /// Open (or update) the round of `period`.
    Open {
        period: Month,
        due: Option<IsoDate>,
        expected: Vec<String>,
    },
    /// A partner's returned file, for the round of `period`.
    Receive {
        period: Month,
        file: FileRef,
    },
    PreviewRoll {
        from: Month,
        to: Month,
    },
    ApplyRoll,
    CancelRoll,
    /// Put the reminder lines on the clipboard.
    Copy(String),
}

/// The options a returned file is read with, as `cashplan round receive` reads it: rows with
/// problems set aside (the round says so), no area created by a partner's file.
pub const RECEIVE_OPTIONS: SheetOptions = SheetOptions { create_areas: false, skip_bad_rows: true };

impl AppState {
    pub(super) fn round_step(&mut self, msg: RoundMsg, context: &Context) {
        match msg {
            RoundMsg::Select(period) => self.rounds.selected = Some(period),
            RoundMsg::Open { period, due, expected } => {
                let Some(plan) = self.plan.clone() else { return };
                let round = open_round(&plan, period, due, Some(expected));
                let partners = round.expected.len();
                self.edit_stamped(Change::put(Round::id_for(period), round), &self.stamp(context));
                self.rounds.selected = Some(period);
                self.set_notice(Some(Notice::info(format!("Round {period} opened: {partners} partners expected."))));
            }
            RoundMsg::Receive { period, file } => {
                self.sheet_step(SheetMsg::Chosen(file), &self.stamp(context));
                self.rounds.receiving = Some(period);
                self.rounds.recorded = None;
            }
            RoundMsg::PreviewRoll { from, to } => {
                let Some(plan) = self.plan.clone() else { return };
                self.rounds.roll = Some(RollPreview { from, to, rows: Rc::new(roll_forward(&plan, from, to, None)) });
            }
            RoundMsg::ApplyRoll => {
                let Some(roll) = self.rounds.roll.take() else { return };
                let count = roll.rows.len();
                if count > 0 {
                    let records = Activity::wrap_records(Rc::unwrap_or_clone(roll.rows));
                    self.edit_stamped(Change::Put { records }, &self.stamp(context));
                }
                self.set_notice(Some(Notice::info(format!(
                    "Copied {count} activities of {} into {}. Undo removes them again.",
                    roll.from, roll.to
                ))));
            }
            RoundMsg::CancelRoll => self.rounds.roll = None,
            RoundMsg::Copy(text) => self.emit(Effect::Copy(text)),
        }
    }

    /// A file opened for a round is read as the round's partner report of its month.
    pub(super) fn round_draft(&self, draft: Draft) -> Draft {
        match self.rounds.receiving {
            Some(period) => Draft { replace: Some(period), options: RECEIVE_OPTIONS, ..draft },
            None => draft,
        }
    }

    /// The import of a file received for a round is confirmed: the round with its receipt,
    /// to be applied with the rows.
    pub(super) fn record_receipt(&mut self, draft: &Draft, set_aside: usize, at: &str) {
        let (Some(period), Some(keyed), Some(plan)) = (self.rounds.receiving, draft.keyed.as_ref(), self.plan.as_ref())
        else {
            return;
        };
        let round = plan.rounds.get(&Round::id_for(period)).map(|r| r.data.clone());
        let round = round.unwrap_or_else(|| open_round(plan, period, None, None));
        let receipts = receipts_of(keyed, &draft.raw.file, at, set_aside);
        self.rounds.recorded = Some(Change::put(Round::id_for(period), with_receipts(&round, receipts)));
    }

    /// The round's change to apply with the import's rows, once; the receiving ends.
    pub(super) fn take_receipt(&mut self) -> Option<Change> {
        self.rounds.receiving = None;
        self.rounds.recorded.take()
    }

    /// The spreadsheet flow ended without importing: nothing is recorded.
    pub(super) fn stop_receiving(&mut self) {
        self.rounds.receiving = None;
        self.rounds.recorded = None;
    }
}

// Natively only: the tests build `FileRef`s from bytes, which the browser's `FileRef` has not.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
