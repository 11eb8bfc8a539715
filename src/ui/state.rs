//! The app's one state type, the actions that change it and the pure reducer (yew's
//! todomvc pattern). Side effects — storage, files, timers — live in the components and
//! report back with actions, so this file runs and is tested natively.

use super::route::{History, Route};
use crate::engine::merge::{preview_merge, MergeSummary};
use crate::formats::hxl::ImportBatch;
use crate::model::{Activity, Area, ExchangeRate, Meb, Need, Organisation, Plan, Sector, Stamp, Standard, TableName};
use crate::store::PlanSummary;
use std::rc::Rc;

mod navigation;
mod plans;
mod sharing;
mod tabs;

pub use plans::{copy_name, duplicate_plan, validate_plan_name};
pub use sharing::{
    bulk_resolutions, conflicts, partner_slice, reporting_orgs, AppliedMerge, ConflictView, Keep, Origin, Resolution,
    VersionView,
};
pub use tabs::{Reload, TabEvent, TabMessage};

/// A shared plan compared by identity: the reducer replaces the `Rc` on every change, so
/// pointer equality says "changed" without comparing 100k activities on each render.
#[derive(Debug, Clone)]
pub struct PlanRef(pub Rc<Plan>);

impl PartialEq for PlanRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for PlanRef {
    type Target = Plan;
    fn deref(&self) -> &Plan {
        &self.0
    }
}

/// How many edits can be undone.
pub const UNDO_LIMIT: usize = 50;

#[derive(Debug, Clone, PartialEq)]
pub enum NoticeKind {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Notice {
        Notice { kind: NoticeKind::Info, text: text.into() }
    }
    pub fn error(text: impl Into<String>) -> Notice {
        Notice { kind: NoticeKind::Error, text: text.into() }
    }
}

/// A plan file read and checked, waiting for the user to confirm.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingImport {
    pub file_name: String,
    /// The plan as it will be stored if confirmed (merged with the stored copy, if any).
    pub result: Rc<Plan>,
    /// None when the plan is new to this browser.
    pub merge: Option<MergeSummary>,
}

impl PendingImport {
    /// Prepares an import: a new plan, or a merge into the stored plan with the same id.
    pub fn new(file_name: &str, incoming: Plan, stored: Option<&Plan>) -> PendingImport {
        match stored {
            Some(base) => {
                let (merged, summary) = preview_merge(base, &incoming);
                PendingImport { file_name: file_name.into(), result: Rc::new(merged), merge: Some(summary) }
            }
            None => PendingImport { file_name: file_name.into(), result: Rc::new(incoming), merge: None },
        }
    }
}

/// What the browser says about this site's storage.
#[derive(Debug, Clone, PartialEq)]
pub struct StorageInfo {
    /// Whether the browser promised not to evict the data (None: it did not say).
    pub persisted: Option<bool>,
    pub used_bytes: Option<f64>,
    pub quota_bytes: Option<f64>,
}

/// Where saving the open plan stands.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveStatus {
    Saved,
    Unsaved,
    Failed(String),
    /// Saving waits for the user: another tab saved this plan while this one had changes.
    Held,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// Plans stored in this browser; None until storage has answered.
    pub plans: Option<Vec<PlanSummary>>,
    pub plan: Option<Rc<Plan>>,
    undo: Vec<Rc<Plan>>,
    redo: Vec<Rc<Plan>>,
    /// Bumped by every change to the open plan; saving records the revision it wrote.
    pub revision: u64,
    pub saved_revision: u64,
    pub save_error: Option<String>,
    pub notice: Option<Notice>,
    pub online: bool,
    pub pending_import: Option<PendingImport>,
    pub storage: Option<StorageInfo>,
    /// Which plan and page the user is on; mirrored in the URL.
    pub route: Route,
    /// How the last route change is to be written to the URL.
    pub history: History,
    /// A plan deleted from storage, kept while its notice offers to undo the deletion.
    pub recently_deleted: Option<Rc<Plan>>,
    /// Another tab saved the open plan while this one had unsaved changes: saving here
    /// waits until the user chooses whose version to keep.
    pub other_tab_changed: bool,
    /// The open plan should be read again from storage (another tab saved it).
    pub reload: Option<Reload>,
    /// The last plan file merged into the open plan, to tell its versions apart from ours.
    pub last_merge: Option<AppliedMerge>,
}

impl Default for AppState {
    fn default() -> Self {
        AppState {
            plans: None,
            plan: None,
            undo: Vec::new(),
            redo: Vec::new(),
            revision: 0,
            saved_revision: 0,
            save_error: None,
            notice: None,
            online: true,
            pending_import: None,
            storage: None,
            route: Route::home(),
            history: History::Push,
            recently_deleted: None,
            other_tab_changed: false,
            reload: None,
            last_merge: None,
        }
    }
}

/// A record to create or replace, with its id.
#[derive(Debug, Clone, PartialEq)]
pub enum Put {
    Area(Area),
    Sector(Sector),
    Organisation { id: String, organisation: Organisation },
    Need(Need),
    Activity { id: String, activity: Activity },
    Standard { id: String, standard: Standard },
    Meb { id: String, meb: Meb },
    ExchangeRate { id: String, rate: ExchangeRate },
}

/// A change to the open plan. Each is one undo step.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    Put(Put),
    /// Deletes these records (tombstones, so the deletion travels in merges).
    Delete {
        table: TableName,
        ids: Vec<String>,
    },
    /// Applies validated import batches, all together.
    Import(Vec<ImportBatch>),
    /// Keeps version `rev` of a conflicting record.
    Resolve {
        table: TableName,
        id: String,
        rev: String,
    },
    Rename(String),
    /// Merges the records of a plan file (a partner's) into the open plan.
    MergeFile {
        file_name: String,
        incoming: Rc<Plan>,
    },
    /// Resolves many conflicts at once (one undo step).
    ResolveMany(Vec<Resolution>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    PlansListed(Vec<PlanSummary>),
    /// A plan was created or loaded and becomes the open plan.
    Open(Plan),
    /// A plan was created: open it and mark it for saving.
    Created(Plan),
    Close,
    Edit(Edit, Stamp),
    Undo,
    Redo,
    Saved {
        revision: u64,
        summary: PlanSummary,
    },
    SaveFailed(String),
    Notify(Notice),
    DismissNotice,
    SetOnline(bool),
    ImportReady(PendingImport),
    CancelImport,
    /// The confirmed import was stored.
    Imported(PlanSummary),
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
}

impl AppState {
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
    pub fn save_status(&self) -> SaveStatus {
        if self.other_tab_changed {
            return SaveStatus::Held;
        }
        match (&self.save_error, self.saved_revision >= self.revision) {
            (Some(error), _) => SaveStatus::Failed(error.clone()),
            (None, true) => SaveStatus::Saved,
            (None, false) => SaveStatus::Unsaved,
        }
    }

    /// The reducer: returns the next state. Never performs I/O.
    pub fn reduce(mut self, action: Action) -> AppState {
        match action {
            Action::PlansListed(plans) => self.plans = Some(plans),
            Action::Open(plan) => {
                self.open_plan(plan);
                self.saved_revision = self.revision;
            }
            Action::Created(plan) => {
                self.open_plan(plan);
                self.revision += 1;
            }
            Action::Close => self.navigate(Route::home(), History::Push),
            Action::Navigate(route) => self.navigate(route, History::Push),
            Action::Refine(route) => self.navigate(route, History::Replace),
            Action::Edit(edit, stamp) => self.apply_edit(edit, &stamp),
            Action::Undo => self.step_history(true),
            Action::Redo => self.step_history(false),
            Action::Saved { revision, summary } => {
                self.saved_revision = self.saved_revision.max(revision);
                self.save_error = None;
                self.upsert_summary(summary);
            }
            Action::SaveFailed(message) => self.save_error = Some(message),
            Action::Notify(notice) => self.set_notice(Some(notice)),
            Action::DismissNotice => self.set_notice(None),
            Action::SetOnline(online) => self.online = online,
            Action::ImportReady(pending) => self.pending_import = Some(pending),
            Action::CancelImport => self.pending_import = None,
            Action::Imported(summary) => {
                self.pending_import = None;
                self.set_notice(Some(Notice::info(format!("Imported “{}”.", summary.name))));
                self.upsert_summary(summary);
            }
            Action::Storage(info) => self.storage = Some(info),
            Action::Deleted(id) => {
                if let Some(plans) = &mut self.plans {
                    plans.retain(|p| p.id != id);
                }
            }
            Action::PlanDeleted(plan) => self.plan_deleted(plan),
            Action::Restored(summary) => self.stored_with_notice(summary, "Restored “{}”."),
            Action::Duplicated(summary) => self.stored_with_notice(summary, "Made a copy: “{}”."),
            Action::PlanRenamed(summary) => self.stored_with_notice(summary, "Renamed to “{}”."),
            Action::FromOtherTab(message) => self.heard_from_other_tab(message),
            Action::Reloaded { plan, revision } => self.reloaded(plan, revision),
            Action::ReloadFromOtherTab => self.reload = Some(Reload { revision: self.revision, discard_unsaved: true }),
            Action::KeepMine => {
                self.other_tab_changed = false;
                self.revision += 1;
            }
            Action::RetrySave => {
                if self.plan.is_some() {
                    self.revision += 1;
                }
            }
        }
        self
    }

    /// Replaces the notice; an offer to undo a deletion goes with the notice that made it.
    fn set_notice(&mut self, notice: Option<Notice>) {
        self.notice = notice;
        self.recently_deleted = None;
    }

    /// Whether the open plan has changes not yet in storage.
    pub fn has_unsaved_changes(&self) -> bool {
        self.plan.is_some()
            && (self.revision > self.saved_revision || self.save_error.is_some() || self.other_tab_changed)
    }

    fn open_plan(&mut self, plan: Plan) {
        if self.route.plan.as_deref() != Some(plan.id.as_str()) {
            // Another page: Back returns to the one left, whatever the last route change was.
            self.route = Route::plan(&plan.id);
            self.history = History::Push;
        }
        let other_plan = self.plan.as_ref().is_none_or(|open| open.id != plan.id);
        if other_plan {
            self.last_merge = None;
        }
        self.plan = Some(Rc::new(plan));
        self.undo.clear();
        self.redo.clear();
        self.save_error = None;
        self.other_tab_changed = false;
        self.reload = None;
        self.revision += 1;
    }

    fn upsert_summary(&mut self, summary: PlanSummary) {
        let plans = self.plans.get_or_insert_with(Vec::new);
        plans.retain(|p| p.id != summary.id);
        plans.insert(0, summary);
    }

    fn apply_edit(&mut self, edit: Edit, stamp: &Stamp) {
        let Some(current) = self.plan.clone() else { return };
        let mut next = (*current).clone();
        match edit {
            Edit::Put(put) => apply_put(&mut next, put, stamp),
            Edit::Delete { table, ids } => {
                let table = next.table_mut(table);
                for id in ids {
                    table.delete(&id, stamp);
                }
            }
            Edit::Import(batches) => batches.into_iter().for_each(|b| b.apply(&mut next, stamp)),
            Edit::Resolve { table, id, rev } => {
                next.table_mut(table).resolve(&id, &rev, stamp);
            }
            Edit::Rename(name) => next.name = name.trim().to_string(),
            Edit::MergeFile { file_name, incoming } => {
                next = next.merged(&incoming);
                self.last_merge = Some(AppliedMerge { file_name, incoming, base: current.clone() });
            }
            Edit::ResolveMany(resolutions) => {
                for r in resolutions {
                    next.table_mut(r.table).resolve(&r.id, &r.rev, stamp);
                }
            }
        }
        if next == *current {
            return;
        }
        self.undo.push(current);
        if self.undo.len() > UNDO_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.plan = Some(Rc::new(next));
        self.revision += 1;
    }

    fn step_history(&mut self, backwards: bool) {
        let (from, to) = if backwards { (&mut self.undo, &mut self.redo) } else { (&mut self.redo, &mut self.undo) };
        let (Some(target), Some(current)) = (from.pop(), self.plan.take()) else { return };
        to.push(current);
        self.plan = Some(target);
        self.revision += 1;
    }
}

fn apply_put(plan: &mut Plan, put: Put, stamp: &Stamp) {
    match put {
        Put::Area(area) => plan.areas.upsert(&area.code.clone(), area, stamp),
        Put::Sector(sector) => plan.sectors.upsert(&sector.code.clone(), sector, stamp),
        Put::Organisation { id, organisation } => plan.organisations.upsert(&id, organisation, stamp),
        Put::Need(need) => plan.needs.upsert(&Need::id_for(&need.area, &need.sector), need, stamp),
        Put::Activity { id, activity } => plan.activities.upsert(&id, activity, stamp),
        Put::Standard { id, standard } => plan.standards.upsert(&id, standard, stamp),
        Put::Meb { id, meb } => plan.mebs.upsert(&id, meb, stamp),
        Put::ExchangeRate { id, rate } => plan.exchange_rates.upsert(&id, rate, stamp),
    }
}

/// Small records the reducer tests of this module and its submodules share.
#[cfg(test)]
mod fixtures {
    use crate::model::{Area, Stamp};

    pub fn stamp() -> Stamp {
        Stamp { at: "2026-01-01T00:00:00Z".into(), by: "CWG".into() }
    }
    pub fn area(code: &str) -> Area {
        Area { code: code.into(), name: code.into(), level: 1, parent: None, population: None, household_size: None }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{area, stamp};
    use super::*;
    fn with_plan() -> AppState {
        AppState::default().reduce(Action::Created(Plan::new("p", "Plan", "SYR", "USD", &stamp())))
    }

    #[test]
    fn a_created_plan_is_unsaved_until_the_save_succeeds() {
        let state = with_plan();
        assert_eq!(state.save_status(), SaveStatus::Unsaved);
        let summary = PlanSummary::of(state.plan.as_deref().unwrap(), "t", 10);
        let state = state.clone().reduce(Action::Saved { revision: state.revision, summary });
        assert_eq!(state.save_status(), SaveStatus::Saved);
        assert_eq!(state.plans.as_ref().map(Vec::len), Some(1));
    }

    #[test]
    fn a_failed_save_is_shown_and_a_later_save_clears_it() {
        let state = with_plan().reduce(Action::SaveFailed("disk full".into()));
        assert_eq!(state.save_status(), SaveStatus::Failed("disk full".into()));
        let summary = PlanSummary::of(state.plan.as_deref().unwrap(), "t", 10);
        let state = state.clone().reduce(Action::Saved { revision: state.revision, summary });
        assert_eq!(state.save_status(), SaveStatus::Saved);
    }

    #[test]
    fn a_failed_save_can_be_retried_and_leaving_the_plan_forgets_its_tab_state() {
        let state = with_plan().reduce(Action::SaveFailed("disk full".into()));
        let before = state.revision;
        let state = state.reduce(Action::RetrySave);
        assert!(state.revision > before, "a new revision makes the autosave write again");
        assert!(AppState::default().reduce(Action::RetrySave).revision == 0, "nothing to save without a plan");
        let mut state = state;
        state.other_tab_changed = true;
        let state = state.reduce(Action::Navigate(Route::home()));
        assert!(!state.other_tab_changed && state.last_merge.is_none());
    }

    #[test]
    fn edits_can_be_undone_and_redone() {
        let state = with_plan().reduce(Action::Edit(Edit::Put(Put::Area(area("SY01"))), stamp()));
        assert!(state.plan.as_ref().unwrap().areas.get("SY01").is_some());
        let undone = state.reduce(Action::Undo);
        assert!(undone.plan.as_ref().unwrap().areas.get("SY01").is_none());
        assert!(undone.can_redo());
        let redone = undone.reduce(Action::Redo);
        assert!(redone.plan.as_ref().unwrap().areas.get("SY01").is_some());
        assert!(!redone.can_redo());
    }

    #[test]
    fn an_edit_that_changes_nothing_is_not_an_undo_step() {
        let state = with_plan().reduce(Action::Edit(Edit::Put(Put::Area(area("SY01"))), stamp()));
        let revision = state.revision;
        let state = state.reduce(Action::Edit(Edit::Put(Put::Area(area("SY01"))), stamp()));
        assert_eq!(state.revision, revision);
        assert!(!state.reduce(Action::Undo).can_undo());
    }

    #[test]
    fn opening_a_plan_sets_the_route_and_leaving_it_closes_the_plan() {
        let state = with_plan();
        assert_eq!(state.route.plan.as_deref(), Some("p"));
        let mut on_data = state.route.clone();
        on_data.page = super::super::route::Page::Data;
        let state = state.reduce(Action::Navigate(on_data));
        assert!(state.plan.is_some(), "changing page keeps the plan open");
        let state = state.reduce(Action::Navigate(Route::home()));
        assert!(state.plan.is_none());
        assert!(!state.can_undo());
    }

    #[test]
    fn edits_without_an_open_plan_are_ignored() {
        let state = AppState::default().reduce(Action::Edit(Edit::Put(Put::Area(area("X"))), stamp()));
        assert!(state.plan.is_none());
        assert_eq!(state.revision, 0);
    }
}
