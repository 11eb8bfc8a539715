//! The spreadsheet import as state: a file opened, its sheet chosen, its columns mapped,
//! the rows checked with a preview, then imported as one undoable change. The reducer moves
//! between these stages; the slow steps (asking the spreadsheet module, checking 100k rows a
//! step at a time) are [`SheetJob`] effects whose answers come back as [`SheetMsg`]s.

use super::effects::{Download, Effect, FileRef, ReadPurpose, Setting};
use super::state::{AppState, Notice};
use crate::formats::planfile::slug;
use crate::formats::sheet::{
    header_key, read_mapping_file, rejected_rows, store_proposals, write_mapping_file, ColumnMapping, PiiFinding,
    RawTable, SheetImport as Checked, SheetImportErrors, SheetOptions,
};
use crate::model::change::Change;
use crate::model::Plan;
use std::rc::Rc;

/// A sheet being mapped: the table as read, the mapping so far and the user's options.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub raw: Rc<RawTable>,
    pub mapping: ColumnMapping,
    pub options: SheetOptions,
    /// The mapping came back from an earlier file with the same headers.
    pub remembered: bool,
    /// The columns with personal data, found once: the mapping screen shows them on every
    /// change, and scanning 100k rows each time would make it sluggish.
    pub findings: Rc<Vec<PiiFinding>>,
    /// The page of columns shown, when the sheet has more than fit on one.
    pub page: usize,
    /// The file replaces its partners' activities of this month (see `ui::sheet_keyed`).
    pub replace: Option<crate::model::Month>,
    /// The rows of the last check matched to the plan's activities.
    pub keyed: Option<Rc<crate::engine::keyed::Keyed>>,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub enum SheetStage {
    #[default]
    Idle,
    /// A long step is running; the text says which.
    Busy(String),
    PickSheet {
        file: String,
        bytes: Rc<Vec<u8>>,
        sheets: Vec<String>,
    },
    Mapping(Draft),
    Preview(Draft, Rc<Result<Checked, SheetImportErrors>>),
    /// The import confirmed, waiting one paint so that "Adding N rows…" shows first.
    Adding(String, Rc<Result<Checked, SheetImportErrors>>),
    Failed(String),
}

impl SheetStage {
    /// The progress line to show while the section waits, if it does.
    pub fn progress(&self) -> Option<&str> {
        match self {
            SheetStage::Busy(text) | SheetStage::Adding(text, _) => Some(text),
            _ => None,
        }
    }
}

/// Slow work on a spreadsheet, done by the sheet runner.
#[derive(Clone, Debug, PartialEq)]
pub enum SheetJob {
    /// Ask the spreadsheet module which sheets the file has.
    ListSheets { file: String, bytes: Rc<Vec<u8>> },
    /// Read one sheet, then recall the mapping used for its headers or propose one.
    Open { file: String, bytes: Rc<Vec<u8>>, sheet: Option<String> },
    /// Check the mapped rows against the plan, a step of rows at a time.
    Check { draft: Draft, plan: Rc<Plan> },
}

/// What the user does on the spreadsheet section, and what the sheet runner answers.
#[derive(Clone, Debug, PartialEq)]
pub enum SheetMsg {
    Chosen(FileRef),
    Sheets {
        file: String,
        bytes: Rc<Vec<u8>>,
        sheets: Result<Vec<String>, String>,
    },
    Pick(String),
    Opened(Result<Draft, String>),
    /// The mapping or options were changed on the mapping screen.
    Changed(Draft),
    SaveMapping,
    LoadMapping(FileRef),
    Check,
    Progress(String),
    Checked {
        draft: Draft,
        result: Rc<Result<Checked, SheetImportErrors>>,
    },
    Import,
    /// A partner's file for a round whose rows conflict: record it in the round as received
    /// with problems (so the reminders ask for a corrected file), importing nothing.
    RecordProblems,
    /// Download the rows with problems (the partner's columns, row number, reasons).
    DownloadRejected {
        xlsx: bool,
    },
    /// The "Adding N rows…" message has been painted: apply the import now.
    Apply,
    Back,
    Cancel,
}

impl AppState {
    pub(super) fn sheet_step(&mut self, msg: SheetMsg, stamp: &crate::model::Stamp) {
        let stage = std::mem::take(&mut self.sheet);
        self.sheet = match (msg, stage) {
            (SheetMsg::Chosen(file), _) => {
                self.stop_receiving();
                self.emit(Effect::Read { purpose: ReadPurpose::Sheet, files: vec![file.clone()] });
                SheetStage::Busy(format!("Opening {}…", file.name))
            }
            (SheetMsg::Sheets { file, bytes, sheets }, SheetStage::Busy(_)) => match sheets {
                Err(e) => SheetStage::Failed(e),
                Ok(sheets) if sheets.len() > 1 => SheetStage::PickSheet { file, bytes, sheets },
                Ok(_) => self.open_sheet(file, bytes, None),
            },
            (SheetMsg::Pick(sheet), SheetStage::PickSheet { file, bytes, .. }) => {
                self.open_sheet(file, bytes, Some(sheet))
            }
            (SheetMsg::Opened(result), SheetStage::Busy(_)) => match result {
                Ok(draft) => SheetStage::Mapping(self.round_draft(draft)),
                Err(e) => SheetStage::Failed(e),
            },
            (SheetMsg::Changed(draft), SheetStage::Mapping(_)) => {
                self.remember_mapping(&draft.mapping);
                SheetStage::Mapping(draft)
            }
            (SheetMsg::SaveMapping, SheetStage::Mapping(draft)) => {
                let stem = draft.raw.file.rsplit_once('.').map_or(draft.raw.file.as_str(), |(stem, _)| stem);
                let file_name = format!("{}.mapping.json", slug(stem));
                // The file says in full what the screen shows, proposals included.
                let mut mapping = draft.mapping.clone();
                store_proposals(&draft.raw, &mut mapping);
                self.emit(Effect::Download(Download::json(file_name, write_mapping_file(&mapping))));
                SheetStage::Mapping(draft)
            }
            (SheetMsg::LoadMapping(file), stage @ SheetStage::Mapping(_)) => {
                self.emit(Effect::Read { purpose: ReadPurpose::Mapping, files: vec![file] });
                stage
            }
            (SheetMsg::Check, SheetStage::Mapping(draft)) => match self.plan.clone() {
                Some(plan) => {
                    self.emit(Effect::Sheet(SheetJob::Check { draft: draft.clone(), plan }));
                    SheetStage::Busy(format!("Checking {} rows…", draft.raw.rows.len()))
                }
                None => SheetStage::Mapping(draft),
            },
            (SheetMsg::Progress(text), SheetStage::Busy(_)) => SheetStage::Busy(text),
            (SheetMsg::Checked { draft, result }, SheetStage::Busy(_)) => match self.plan.clone() {
                Some(plan) => {
                    let (draft, result) = super::sheet_keyed::key_checked(draft, &plan, result);
                    SheetStage::Preview(draft, result)
                }
                None => SheetStage::Preview(draft, result),
            },
            (SheetMsg::Import, SheetStage::Preview(draft, result)) => match result.as_ref() {
                Ok(_) if super::sheet_keyed::has_conflicts(&draft) => SheetStage::Preview(draft, result),
                Ok(import) => {
                    let added = import.preview().map_or(0, |p| p.adds + p.updates);
                    self.record_receipt(&draft, import.rejected_rows().len(), &stamp.at);
                    // Applying and saving 100k rows takes a second or more: say so first.
                    self.emit(Effect::Later { ms: 16, action: Box::new(super::state::Action::Sheet(SheetMsg::Apply)) });
                    SheetStage::Adding(format!("Adding {added} rows to the plan and saving…"), result.clone())
                }
                Err(_) => SheetStage::Preview(draft, result),
            },
            (SheetMsg::RecordProblems, SheetStage::Preview(draft, result))
                if self.rounds.receiving.is_some() && super::sheet_keyed::has_conflicts(&draft) =>
            {
                let set_aside = result.as_ref().as_ref().map_or(0, |import| import.rejected_rows().len());
                self.record_receipt(&draft, set_aside, &stamp.at);
                if let Some(round) = self.take_receipt() {
                    self.edit_stamped(round, stamp);
                    self.set_notice(Some(Notice::info(format!(
                        "{}: recorded in the round as received with problems; nothing was imported. Ask the partner to give each row its own id (or key) and send the file again.",
                        draft.raw.file
                    ))));
                }
                SheetStage::Idle
            }
            (SheetMsg::Apply, SheetStage::Adding(_, result)) => {
                if let Ok(import) = result.as_ref() {
                    let added = import.preview().map_or(0, |p| p.adds + p.updates);
                    let round = self.take_receipt();
                    let recorded = if round.is_some() { " The round records the file." } else { "" };
                    let changes = import.batches.iter().map(|b| b.change()).chain(round).collect();
                    self.edit_stamped(Change::Batch { changes }, stamp);
                    self.set_notice(Some(Notice::info(format!(
                        "Imported {}: {added} rows added or updated, {} new areas, {} rows skipped.{recorded} Undo reverses the whole import.",
                        import.file,
                        import.areas_created(),
                        import.rejected_rows().len()
                    ))));
                }
                SheetStage::Idle
            }
            (SheetMsg::DownloadRejected { xlsx }, SheetStage::Preview(draft, result)) => {
                let problems = match result.as_ref() {
                    Ok(import) => &import.rejected,
                    Err(errors) => &errors.rows,
                };
                let rejected = rejected_rows(&draft.raw, problems);
                self.emit(Effect::Download(Download::rejected(Rc::new(rejected), xlsx)));
                SheetStage::Preview(draft, result)
            }
            (SheetMsg::Back, SheetStage::Preview(draft, _)) => SheetStage::Mapping(draft),
            (SheetMsg::Cancel, _) => {
                self.stop_receiving();
                SheetStage::Idle
            }
            // An answer for a stage the user has left (cancelled, another file): dropped.
            (_, stage) => stage,
        };
    }

    fn open_sheet(&mut self, file: String, bytes: Rc<Vec<u8>>, sheet: Option<String>) -> SheetStage {
        let text = format!("Reading {file}{}…", sheet.as_ref().map(|s| format!(", sheet “{s}”")).unwrap_or_default());
        self.emit(Effect::Sheet(SheetJob::Open { file, bytes, sheet }));
        SheetStage::Busy(text)
    }

    fn remember_mapping(&mut self, mapping: &ColumnMapping) {
        let json = write_mapping_file(mapping);
        self.emit(Effect::Remember(Setting::Mapping { header_key: mapping.header_key.clone(), json }));
    }

    /// A saved mapping file was read for the sheet being mapped.
    pub(super) fn mapping_read(&mut self, name: &str, bytes: Result<Rc<Vec<u8>>, String>) {
        let SheetStage::Mapping(draft) = std::mem::take(&mut self.sheet) else { return };
        let loaded = bytes
            .map_err(|e| format!("{name}: could not be read ({e})."))
            .and_then(|b| String::from_utf8(b.to_vec()).map_err(|_| format!("{name}: not a mapping file (not text).")))
            .and_then(|text| read_mapping_file(name, &text).map_err(|e| e.to_string()));
        self.sheet = match loaded {
            Ok(mapping) if mapping.columns.len() == draft.raw.headers.len() => {
                let mapping = ColumnMapping { header_key: header_key(&draft.raw.headers), ..mapping };
                self.remember_mapping(&mapping);
                SheetStage::Mapping(Draft { mapping, remembered: true, ..draft })
            }
            Ok(mapping) => SheetStage::Failed(format!(
                "{name}: this mapping is for {} columns but {} has {}. Choose the mapping saved for this kind of file.",
                mapping.columns.len(),
                draft.raw.file,
                draft.raw.headers.len()
            )),
            Err(message) => SheetStage::Failed(message),
        };
    }

    /// The spreadsheet file was read: ask the spreadsheet module for its sheets.
    pub(super) fn sheet_read(&mut self, name: String, bytes: Result<Rc<Vec<u8>>, String>) {
        if !matches!(self.sheet, SheetStage::Busy(_)) {
            return;
        }
        self.sheet = match bytes {
            Ok(bytes) => {
                self.emit(Effect::Sheet(SheetJob::ListSheets { file: name.clone(), bytes }));
                SheetStage::Busy(format!("Opening {name}…"))
            }
            Err(e) => SheetStage::Failed(format!("{name}: could not be read ({e}). Choose the file again.")),
        };
    }

    /// A new draft's options when a sheet is first mapped.
    pub fn default_sheet_options() -> SheetOptions {
        SheetOptions { create_areas: true, skip_bad_rows: false }
    }
}
