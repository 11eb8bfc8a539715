//! Files brought into the app: a plan file on the home screen (opened, or merged into the
//! stored copy), HXL CSV files and a partner's plan file on the Import page, a spreadsheet
//! and its saved mapping. Reading is an effect; what was read is checked here, shown as a
//! preview, and applied as one undoable change only when the user confirms.

use super::{AppState, AppliedMerge, Context, Notice};
use crate::engine::merge::{preview_merge, MergeSummary};
use crate::formats::hxl::{read_many, ImportBatch};
use crate::formats::planfile::read_plan_file;
use crate::model::change::Change;
use crate::model::Plan;
use crate::ui::effects::{Effect, FileRef, ReadFile, ReadPurpose, StoreJob};
use std::rc::Rc;

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

/// HXL files being imported: checked, waiting for the user, or refused.
#[derive(Debug, Clone, PartialEq)]
pub enum HxlImport {
    /// Reading, checking or applying: a large file takes seconds, so the page says so.
    Busy(String),
    Ready(Vec<ImportBatch>),
    /// Confirmed: "Adding N rows…" is shown, then the batches are applied.
    Adding(String, Vec<ImportBatch>),
    Refused(String),
}

impl HxlImport {
    /// The progress line to show while the import works, if it does.
    pub fn progress(&self) -> Option<&str> {
        match self {
            HxlImport::Busy(text) | HxlImport::Adding(text, _) => Some(text),
            _ => None,
        }
    }
}

/// A partner's plan file read and checked, waiting for the user to merge it.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    Ready { file_name: String, plan: Rc<Plan> },
    Refused(String),
}

/// A file's text: UTF-8, as the browser decodes a text file (invalid bytes become �).
fn text_of(file: &ReadFile) -> Result<String, String> {
    match &file.bytes {
        Ok(bytes) => Ok(String::from_utf8_lossy(bytes).into_owned()),
        Err(e) => Err(format!("{}: could not be read ({e}). Choose the file again.", file.name)),
    }
}

impl AppState {
    pub(super) fn choose(&mut self, purpose: ReadPurpose, files: Vec<FileRef>) {
        if files.is_empty() {
            return;
        }
        if purpose == ReadPurpose::Hxl {
            self.hxl = Some(HxlImport::Busy(format!("Reading and checking {} file(s)…", files.len())));
        }
        self.emit(Effect::Read { purpose, files });
    }

    pub(super) fn files_read(&mut self, purpose: ReadPurpose, files: Vec<ReadFile>) {
        match purpose {
            ReadPurpose::PlanFile => {
                let Some(file) = files.into_iter().next() else { return };
                match text_of(&file).and_then(|text| read_plan_file(&file.name, &text).map_err(|e| e.to_string())) {
                    Ok(plan) => self
                        .emit(Effect::Store(StoreJob::PrepareImport { file_name: file.name, incoming: Rc::new(plan) })),
                    Err(message) => self.set_notice(Some(Notice::error(message))),
                }
            }
            ReadPurpose::Hxl => {
                let (Some(plan), Some(HxlImport::Busy(_))) = (self.plan.clone(), &self.hxl) else { return };
                let texts: Result<Vec<(String, String)>, String> =
                    files.iter().map(|f| text_of(f).map(|text| (f.name.clone(), text))).collect();
                self.hxl = Some(match texts {
                    Err(message) => HxlImport::Refused(message),
                    Ok(texts) => match read_many(&texts, &plan) {
                        Ok(batches) => match crate::formats::keyed::key_hxl_batches(batches, &texts, &plan) {
                            Ok(batches) => HxlImport::Ready(batches),
                            Err(conflicts) => HxlImport::Refused(conflicts),
                        },
                        Err(errors) => HxlImport::Refused(errors.to_string()),
                    },
                });
            }
            ReadPurpose::PartnerFile => {
                let Some(file) = files.into_iter().next() else { return };
                self.incoming = Some(
                    match text_of(&file).and_then(|text| read_plan_file(&file.name, &text).map_err(|e| e.to_string())) {
                        Ok(plan) => Incoming::Ready { file_name: file.name, plan: Rc::new(plan) },
                        Err(message) => Incoming::Refused(message),
                    },
                );
            }
            ReadPurpose::Mapping => {
                if let Some(file) = files.into_iter().next() {
                    self.mapping_read(&file.name, file.bytes);
                }
            }
            ReadPurpose::Sheet => {
                if let Some(file) = files.into_iter().next() {
                    self.sheet_read(file.name, file.bytes);
                }
            }
            ReadPurpose::Boundaries => {
                if let Some(file) = files.into_iter().next() {
                    self.boundary_file_read(file.name, file.bytes);
                }
            }
        }
    }

    /// Says "Adding N rows…" first; the rows go in once that is on screen ([`Self::apply_hxl`]).
    pub(super) fn confirm_hxl(&mut self) {
        let Some(HxlImport::Ready(batches)) = self.hxl.take() else { return };
        let rows: usize = batches.iter().map(|b| b.preview.adds + b.preview.updates).sum();
        self.hxl = Some(HxlImport::Adding(format!("Adding {rows} rows to the plan and saving…"), batches));
        self.emit(Effect::Later { ms: 16, action: Box::new(super::Action::ApplyHxl) });
    }

    pub(super) fn apply_hxl(&mut self, context: &Context) {
        let Some(HxlImport::Adding(_, batches)) = self.hxl.take() else { return };
        let files = batches.len();
        let changes = batches.iter().map(ImportBatch::change).collect();
        self.edit_stamped(Change::Batch { changes }, &self.stamp(context));
        self.hxl = None;
        self.set_notice(Some(Notice::info(format!("Imported {files} file(s). Undo reverses the whole import."))));
    }

    pub(super) fn confirm_merge(&mut self, counts: &str, context: &Context) {
        let (Some(Incoming::Ready { file_name, plan: incoming }), Some(base)) =
            (self.incoming.take(), self.plan.clone())
        else {
            return;
        };
        self.edit_stamped(Change::Merge { incoming: Arc::new((*incoming).clone()) }, &self.stamp(context));
        self.last_merge = Some(AppliedMerge { file_name: file_name.clone(), incoming, base });
        self.set_notice(Some(Notice::info(format!("Merged {file_name}: {counts}. Undo reverses the whole merge."))));
    }
}

use std::sync::Arc;
