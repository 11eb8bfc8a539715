//! The app's one state type, the actions that change it and the pure reducer (yew's
//! todomvc pattern). The reducer returns the effects an action calls for — save, load,
//! download, read files, tell other tabs, analyse — as data ([`super::effects::Effect`]);
//! small runners carry them out and report back with actions. So this file, and every page's
//! behaviour, runs and is tested natively.

use super::analysis::{self, Analyses, AnalysisKey, AnalysisRequest};
use super::effects::{Download, Effect, Setting, StoreJob};
use super::map_view::MapState;
use super::route::{History, Route};
use super::sheet_flow::SheetStage;
use crate::model::change::Change;
use crate::model::disclosure::SmallCounts;
use crate::model::{Plan, Stamp};
use crate::store::PlanSummary;
use std::rc::Rc;

mod action;
mod editing;
mod imports;
mod navigation;
mod plans;
mod sharing;
mod tabs;

pub use action::Action;
pub use imports::{HxlImport, Incoming, PendingImport};
pub use plans::{copy_name, duplicate_plan, validate_plan_name, StorageInfo};
pub use sharing::{
    bulk_resolutions, conflicts, partner_slice, reporting_orgs, AppliedMerge, ConflictView, Keep, Origin, VersionView,
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
/// Saves wait this long after the last edit, so typing does not write on every key.
pub const SAVE_DELAY_MS: u32 = 400;

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

/// Where saving the open plan stands.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveStatus {
    Saved,
    Unsaved,
    Failed(String),
    /// Saving waits for the user: another tab saved this plan while this one had changes.
    Held,
}

/// What every action is dispatched with: when it happened and a fresh id, should it create
/// something. The app attaches it in one place; with the user's organisation (in the state)
/// it makes the stamp of an edit.
#[derive(Debug, Clone, PartialEq)]
pub struct Context {
    /// RFC 3339 UTC.
    pub at: String,
    pub new_id: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// Plans stored in this browser; None until storage has answered.
    pub plans: Option<Vec<PlanSummary>>,
    pub plan: Option<Rc<Plan>>,
    /// Changes that undo the last edits (each holds only what its edit replaced).
    undo: Vec<Change>,
    redo: Vec<Change>,
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
    /// The organisation recorded on this browser's edits.
    pub organisation: String,
    /// Exports for sharing outside the group hide counts below this threshold.
    pub protect: Option<SmallCounts>,
    /// What the analyses last answered, and for which plan, filters and page.
    pub analyses: Analyses,
    pub analysed: Option<AnalysisKey>,
    /// The analyses asked for and not answered yet.
    pub analysing: Option<AnalysisKey>,
    /// HXL files being imported into the open plan.
    pub hxl: Option<HxlImport>,
    /// A partner's plan file waiting to be merged into the open plan.
    pub incoming: Option<Incoming>,
    pub sheet: SheetStage,
    pub map: MapState,
    pub rounds: super::rounds_flow::RoundsState,
    /// The plan being read from storage to be opened.
    opening: Option<String>,
    /// Effects asked for by the action being reduced.
    outbox: Vec<Effect>,
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
            organisation: String::new(),
            protect: None,
            analyses: Analyses::default(),
            analysed: None,
            analysing: None,
            hxl: None,
            incoming: None,
            sheet: SheetStage::Idle,
            map: MapState::default(),
            rounds: Default::default(),
            opening: None,
            outbox: Vec::new(),
        }
    }
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

    /// The state of an app opened on `route` (a bookmark, a reload): nothing loaded yet, and
    /// the URL it holds is only written back, not added to the history.
    pub fn starting_at(route: Route) -> AppState {
        AppState { route, history: History::Replace, ..AppState::default() }
    }

    /// Whether the open plan has changes not yet in storage.
    pub fn has_unsaved_changes(&self) -> bool {
        self.plan.is_some()
            && (self.revision > self.saved_revision || self.save_error.is_some() || self.other_tab_changed)
    }

    /// The analyses for what is on screen, once they have answered for it.
    pub fn current_analyses(&self) -> Option<&Analyses> {
        self.analysed.as_ref().filter(|key| Some(*key) == self.wanted_analysis().as_ref()).map(|_| &self.analyses)
    }

    /// What the page shows: the analyses of what is on screen once they have answered; until
    /// then the last ones of this page and filters (they differ only by the latest edit,
    /// and are replaced in a moment), else nothing yet.
    pub fn shown_analyses(&self) -> Option<&Analyses> {
        self.current_analyses().or_else(|| {
            let last = self.analysed.as_ref()?;
            (last.page == self.route.page && last.filters == self.route.filters).then_some(&self.analyses)
        })
    }

    /// The stamp an edit made now carries: when, and the user's organisation.
    pub(in crate::ui) fn stamp(&self, context: &Context) -> Stamp {
        Stamp { at: context.at.clone(), by: self.organisation.clone() }
    }

    pub(in crate::ui) fn emit(&mut self, effect: Effect) {
        self.outbox.push(effect);
    }

    /// The reducer: the next state and the effects to carry out. Never performs I/O.
    pub fn update(mut self, action: Action, context: &Context) -> (AppState, Vec<Effect>) {
        let (route_before, revision_before) = (self.route.clone(), self.revision);
        self.apply(action, context);
        if self.route != route_before {
            let replace = self.history == History::Replace;
            self.emit(Effect::Url { hash: self.route.to_hash(), replace });
        }
        self.after_change(revision_before);
        self.draw_map();
        let effects = std::mem::take(&mut self.outbox);
        (self, effects)
    }

    /// Like [`AppState::update`] at a fixed moment, keeping only the state (tests).
    #[cfg(test)]
    pub fn reduce(self, action: Action) -> AppState {
        self.update(action, &fixtures::context()).0
    }

    fn apply(&mut self, action: Action, context: &Context) {
        match action {
            Action::Started => {
                self.emit(Effect::Store(StoreJob::Start));
                // The URL the app was opened on, written back in its canonical form.
                self.emit(Effect::Url { hash: self.route.to_hash(), replace: true });
            }
            Action::Remembered { organisation, protect } => {
                self.organisation = organisation;
                self.protect = protect;
            }
            Action::SetProtection(protect) => {
                self.protect = protect;
                self.emit(Effect::Remember(Setting::SmallCounts(protect)));
            }
            Action::SetOrganisation(organisation) => {
                self.organisation = organisation.trim().to_string();
                self.emit(Effect::Remember(Setting::Organisation(self.organisation.clone())));
            }
            Action::PlansListed(plans) => {
                self.plans = Some(plans);
                self.open_routed_plan();
            }
            Action::Open(plan) => {
                self.opening = None;
                self.open_plan(plan);
                self.saved_revision = self.revision;
            }
            Action::NotStored { id } => {
                self.opening = None;
                if self.route.plan.as_deref() == Some(id.as_str()) {
                    self.navigate(Route::home(), History::Push);
                }
                self.set_notice(Some(Notice::error(
                    "The plan in this link is not stored in this browser. Import its plan file to open it.",
                )));
            }
            Action::CreatePlan { name, country, currency } => {
                let plan = Plan::new(&context.new_id, &name, &country, &currency, &self.stamp(context));
                self.apply(Action::Created(plan), context);
            }
            Action::Created(plan) => {
                self.open_plan(plan);
                self.revision += 1;
            }
            Action::Close => self.navigate(Route::home(), History::Push),
            Action::Navigate(route) => self.navigate(route, History::Push),
            Action::Refine(route) => self.navigate(route, History::Replace),
            Action::Edit(change) => self.user_edit(change, &self.stamp(context)),
            Action::Undo => self.step_history(true, context),
            Action::Redo => self.step_history(false, context),
            Action::SaveDue { revision } => self.save_due(revision),
            Action::Hidden => self.save_now(),
            Action::Saved { revision, summary } => {
                self.saved_revision = self.saved_revision.max(revision);
                self.save_error = None;
                self.upsert_summary(summary);
            }
            Action::SaveFailed(message) => {
                self.save_error = Some(message);
                // A save that met another tab's may have stored a conflict copy: list it.
                self.emit(Effect::Store(StoreJob::List));
            }
            Action::Notify(notice) => self.set_notice(Some(notice)),
            Action::DismissNotice => self.set_notice(None),
            Action::SetOnline(online) => self.online = online,
            Action::Offer(download) => self.emit(Effect::Download(download.protected_by(self.protect))),
            Action::ExportPlan { organisation, with_boundaries } => {
                if let Some(plan) = self.plan.clone() {
                    let download = Download::plan_file(plan, organisation.as_deref(), &context.at, with_boundaries);
                    self.emit(Effect::Download(download));
                }
            }
            Action::Choose { purpose, files } => self.choose(purpose, files),
            Action::FilesRead { purpose, files } => self.files_read(purpose, files),
            Action::StoredCopy { file_name, incoming, stored } => {
                let incoming = Rc::unwrap_or_clone(incoming);
                self.pending_import = Some(PendingImport::new(&file_name, incoming, stored.as_ref()));
            }
            Action::ImportReady(pending) => self.pending_import = Some(pending),
            Action::ConfirmImport => {
                if let Some(pending) = &self.pending_import {
                    self.emit(Effect::Store(StoreJob::StoreImport { plan: pending.result.clone() }));
                }
            }
            Action::CancelImport => self.pending_import = None,
            Action::Imported(summary) => {
                self.pending_import = None;
                self.set_notice(Some(Notice::info(format!("Imported “{}”.", summary.name))));
                self.upsert_summary(summary);
            }
            Action::ConfirmHxl => self.confirm_hxl(),
            Action::ApplyHxl => self.apply_hxl(context),
            Action::CancelHxl => self.hxl = None,
            Action::ConfirmMerge { counts } => self.confirm_merge(&counts, context),
            Action::CancelMerge => self.incoming = None,
            Action::DeletePlan(id) => self.emit(Effect::Store(StoreJob::Delete { id })),
            Action::UndoDelete => {
                if let Some(plan) = self.recently_deleted.clone() {
                    self.emit(Effect::Store(StoreJob::Restore { plan }));
                }
            }
            Action::DuplicatePlan(id) => {
                let taken = self.plans.iter().flatten().map(|p| p.name.clone()).collect();
                self.emit(Effect::Store(StoreJob::Duplicate { id, new_id: context.new_id.clone(), taken }));
            }
            Action::RenamePlan { id, name } => self.emit(Effect::Store(StoreJob::Rename { id, name })),
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
            Action::ReloadFromOtherTab => self.ask_reload(true),
            Action::KeepMine => self.keep_mine(),
            Action::RetrySave => {
                if self.plan.is_some() {
                    self.revision += 1;
                }
            }
            Action::Analysed { key, analyses } => {
                if self.analysing.as_ref() == Some(&key) {
                    self.analysing = None;
                    self.analysed = Some(key);
                    self.analyses = analyses;
                }
            }
            Action::Sheet(msg) => self.sheet_step(msg, &self.stamp(context)),
            Action::Round(msg) => self.round_step(msg, context),
            map @ (Action::Boundaries(_) | Action::MapFocus(_) | Action::MapSelect(_) | Action::ExportMap(_)) => {
                self.map_action(map, context)
            }
        }
    }

    /// Replaces the notice; an offer to undo a deletion goes with the notice that made it.
    pub(in crate::ui) fn set_notice(&mut self, notice: Option<Notice>) {
        self.notice = notice;
        self.recently_deleted = None;
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
            self.emit(Effect::Tell { event: TabEvent::Opened, plan: plan.id.clone() });
        }
        self.plan = Some(Rc::new(plan));
        self.undo.clear();
        self.redo.clear();
        self.save_error = None;
        self.other_tab_changed = false;
        self.reload = None;
        self.revision += 1;
    }

    /// Reads the plan the route names once storage has listed the plans (a bookmark, a
    /// reload, a link), unless it is open or being read already.
    fn open_routed_plan(&mut self) {
        let Some(id) = self.route.plan.clone() else { return };
        let open = self.plan.as_ref().is_some_and(|p| p.id == id);
        if open || self.plans.is_none() || self.opening.as_deref() == Some(id.as_str()) {
            return;
        }
        self.opening = Some(id.clone());
        self.emit(Effect::Store(StoreJob::Open { id }));
    }

    fn upsert_summary(&mut self, summary: PlanSummary) {
        let plans = self.plans.get_or_insert_with(Vec::new);
        plans.retain(|p| p.id != summary.id);
        plans.insert(0, summary);
    }

    /// What every action may lead to: an autosave after a change, the analyses of what is
    /// now on screen, the plan a new route names.
    fn after_change(&mut self, revision_before: u64) {
        if self.revision != revision_before && self.has_unsaved_changes() && !self.other_tab_changed {
            let revision = self.revision;
            self.emit(Effect::Later { ms: SAVE_DELAY_MS, action: Box::new(Action::SaveDue { revision }) });
        }
        self.open_routed_plan();
        if let (Some(key), Some(plan)) = (self.wanted_analysis(), self.plan.clone()) {
            let answered = self.analysed.as_ref() == Some(&key) || self.analysing.as_ref() == Some(&key);
            if !answered {
                self.analysing = Some(key.clone());
                self.emit(Effect::Analyse(AnalysisRequest { key, plan, last_map: self.analyses.map.clone() }));
            }
        }
    }

    /// The analyses the page on screen shows, for the plan as it is now.
    fn wanted_analysis(&self) -> Option<AnalysisKey> {
        let plan = self.plan.as_ref()?;
        let page = self.route.page;
        (analysis::needed(page) && self.route.plan.as_deref() == Some(plan.id.as_str())).then(|| AnalysisKey {
            revision: self.revision,
            filters: self.route.filters.clone(),
            page,
        })
    }
}

/// Small records and a fixed moment the reducer tests of this module and its submodules share.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::Context;
    use crate::model::{Area, Stamp};

    pub fn stamp() -> Stamp {
        Stamp { at: "2026-01-01T00:00:00Z".into(), by: "CWG".into() }
    }
    pub fn context() -> Context {
        Context { at: "2026-01-01T00:00:00Z".into(), new_id: "p-new".into() }
    }
    pub fn area(code: &str) -> Area {
        Area {
            names: Default::default(),
            code: code.into(),
            name: code.into(),
            level: 1,
            parent: None,
            population: None,
            household_size: None,
        }
    }
}

#[cfg(test)]
mod tests;
