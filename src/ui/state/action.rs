//! Everything that can happen to the app, as one enum: what the user does (from a
//! component), what a runner reports back (storage, files, timers, other tabs, analyses).

use super::{Notice, PendingImport, StorageInfo, TabMessage};
use crate::model::change::Change;
use crate::model::disclosure::SmallCounts;
use crate::model::Plan;
use crate::store::PlanSummary;
use crate::ui::analysis::{Analyses, AnalysisKey};
use crate::ui::boundary_flow::BoundaryMsg;
use crate::ui::effects::{Download, FileRef, ReadFile, ReadPurpose};
use crate::ui::map_view::MapFormat;
use crate::ui::route::Route;
use crate::ui::sheet_flow::SheetMsg;
use std::rc::Rc;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The app has mounted: open storage.
    Started,
    /// What this browser remembers for the user.
    Remembered {
        organisation: String,
        protect: Option<SmallCounts>,
    },
    SetOrganisation(String),
    /// Hide small counts in the CSV and workbook exports (None: show every count).
    SetProtection(Option<SmallCounts>),
    PlansListed(Vec<PlanSummary>),
    /// A plan was read from storage and becomes the open plan.
    Open(Plan),
    /// The plan a link named is not stored in this browser.
    NotStored {
        id: String,
    },
    CreatePlan {
        name: String,
        country: String,
        currency: String,
    },
    /// A plan was created: open it and mark it for saving.
    Created(Plan),
    Close,
    Edit(Change),
    Undo,
    Redo,
    /// The autosave pause after the edit at `revision` is over.
    SaveDue {
        revision: u64,
    },
    /// The page is being hidden or closed: save now what is unsaved.
    Hidden,
    Saved {
        revision: u64,
        summary: PlanSummary,
    },
    SaveFailed(String),
    Notify(Notice),
    DismissNotice,
    SetOnline(bool),
    /// Offer a file for download.
    Offer(Download),
    /// Offer the open plan's file, or a partner's slice of it; its boundaries only when asked.
    ExportPlan {
        organisation: Option<String>,
        with_boundaries: bool,
    },
    /// Files chosen by the user, to be read for `purpose`.
    Choose {
        purpose: ReadPurpose,
        files: Vec<FileRef>,
    },
    FilesRead {
        purpose: ReadPurpose,
        files: Vec<ReadFile>,
    },
    /// The stored copy of a plan file's plan (None: new to this browser).
    StoredCopy {
        file_name: String,
        incoming: Rc<Plan>,
        stored: Option<Plan>,
    },
    ImportReady(PendingImport),
    ConfirmImport,
    CancelImport,
    /// The confirmed import was stored.
    Imported(PlanSummary),
    ConfirmHxl,
    ApplyHxl,
    CancelHxl,
    /// Merge the partner file read; `counts` says what it adds, for the notice.
    ConfirmMerge {
        counts: String,
    },
    CancelMerge,
    DeletePlan(String),
    UndoDelete,
    DuplicatePlan(String),
    RenamePlan {
        id: String,
        name: String,
    },
    Deleted(String),
    Storage(StorageInfo),
    /// The URL changed (a link, the back button) or a page asks to go somewhere.
    Navigate(Route),
    /// Goes to a route without a new history entry: the same page seen differently (a
    /// table sorted, a search typed), or a URL the browser already holds (a reload, Back)
    /// that only needs writing back in its canonical form.
    Refine(Route),
    /// A plan was deleted from storage; its notice offers to undo that.
    PlanDeleted(Plan),
    /// A deleted plan was stored again (the notice's Undo).
    Restored(PlanSummary),
    /// A copy of a plan was stored.
    Duplicated(PlanSummary),
    /// A plan renamed from the home screen was stored.
    PlanRenamed(PlanSummary),
    /// Another tab of this site said something (see `TabMessage`).
    FromOtherTab(TabMessage),
    /// The open plan as read again from storage, for the reload requested at `revision`.
    Reloaded {
        plan: Plan,
        revision: u64,
    },
    /// The user chose the other tab's version: discard changes here and read it again.
    ReloadFromOtherTab,
    /// The user chose this tab's version: save it, overwriting the other tab's.
    KeepMine,
    /// Try the failed save again.
    RetrySave,
    Analysed {
        key: AnalysisKey,
        analyses: Analyses,
    },
    Sheet(SheetMsg),
    /// The Rounds page (see `ui::rounds_flow`).
    Round(crate::ui::rounds_flow::RoundMsg),
    Boundaries(BoundaryMsg),
    /// An area of the map has focus or the pointer (its P-code), or none.
    MapFocus(Option<String>),
    /// An area of the map is chosen (click, Enter or Space; its P-code), or the choice closed.
    MapSelect(Option<String>),
    /// Offer the map shown (or its boundaries) as a file.
    ExportMap(MapFormat),
}
