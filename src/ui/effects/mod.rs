//! What the app asks the outside world to do, as data: the reducer returns [`Effect`]s and
//! small runners (wasm only, one module each) carry them out and report back with actions.
//! Components never touch storage, files, timers or other tabs themselves; moving the
//! analyses to a Web Worker later is a new runner for [`Effect::Analyse`], not a rewrite.

pub mod downloads;

#[cfg(target_arch = "wasm32")]
pub mod boundaries;
#[cfg(target_arch = "wasm32")]
pub mod files;
#[cfg(target_arch = "wasm32")]
pub mod run;
#[cfg(target_arch = "wasm32")]
pub mod sheets;
#[cfg(target_arch = "wasm32")]
pub mod storage;
pub mod store_jobs;

use super::analysis::AnalysisRequest;
use super::boundary_flow::BoundaryJob;
use super::sheet_flow::SheetJob;
use super::state::{Action, TabEvent};
use crate::model::Plan;
use std::rc::Rc;

pub use downloads::Download;

/// A file the user chose, by identity: in the browser the `File` itself, natively (tests)
/// its name and bytes.
#[derive(Clone, Debug)]
pub struct FileRef {
    pub name: String,
    #[cfg(target_arch = "wasm32")]
    pub file: web_sys::File,
    #[cfg(not(target_arch = "wasm32"))]
    pub bytes: Rc<Vec<u8>>,
}

impl PartialEq for FileRef {
    fn eq(&self, other: &Self) -> bool {
        #[cfg(target_arch = "wasm32")]
        return self.name == other.name && self.file == other.file;
        #[cfg(not(target_arch = "wasm32"))]
        return self.name == other.name && Rc::ptr_eq(&self.bytes, &other.bytes);
    }
}

/// What files are read for; the answer comes back as [`Action::FilesRead`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadPurpose {
    /// A plan file to open or merge on the home screen.
    PlanFile,
    /// HXL CSV files to import into the open plan.
    Hxl,
    /// A partner's plan file to merge into the open plan.
    PartnerFile,
    /// A saved column mapping for the spreadsheet being mapped.
    Mapping,
    /// A spreadsheet to map and import.
    Sheet,
    /// A boundary file (COD-AB zipped shapefile or GeoJSON) to map and store.
    Boundaries,
}

/// A file as read: its name and its bytes, or why it could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadFile {
    pub name: String,
    pub bytes: Result<Rc<Vec<u8>>, String>,
}

/// Storage work, answered with an action each.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreJob {
    /// Open storage and list the plans (once, at start), with what the browser says of space.
    Start,
    List,
    /// Read a plan to open it (a link, a reload, a choice on the home screen).
    Open {
        id: String,
    },
    Save {
        plan: Rc<Plan>,
        revision: u64,
    },
    /// The user keeps this tab's version: the next save writes over another tab's.
    WriteOver {
        id: String,
    },
    /// Read the open plan again (another tab saved it), for the reload asked at `revision`.
    Reload {
        id: String,
        revision: u64,
    },
    Delete {
        id: String,
    },
    Restore {
        plan: Rc<Plan>,
    },
    Duplicate {
        id: String,
        new_id: String,
        taken: Vec<String>,
    },
    Rename {
        id: String,
        name: String,
    },
    /// Compare a plan file with the stored copy of the same plan, if any, before importing.
    PrepareImport {
        file_name: String,
        incoming: Rc<Plan>,
    },
    /// Store a confirmed plan file import.
    StoreImport {
        plan: Rc<Plan>,
    },
    /// Read another stored plan's boundaries, to copy them into the open plan.
    ReadBoundaries {
        id: String,
    },
}

/// A setting kept in this browser (not in a plan).
#[derive(Debug, Clone, PartialEq)]
pub enum Setting {
    /// The organisation recorded on this browser's edits.
    Organisation(String),
    /// A column mapping, remembered for files with the same headers.
    Mapping { header_key: String, json: String },
    /// Exports hide counts below this threshold (None: exports show every count).
    SmallCounts(Option<crate::model::disclosure::SmallCounts>),
}

/// One thing to do outside the reducer.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Store(StoreJob),
    /// Dispatch `action` after `ms` milliseconds (the autosave pause).
    Later {
        ms: u32,
        action: Box<Action>,
    },
    Download(Download),
    Read {
        purpose: ReadPurpose,
        files: Vec<FileRef>,
    },
    /// Tell the other tabs of this site.
    Tell {
        event: TabEvent,
        plan: String,
    },
    Remember(Setting),
    /// Write the route to the URL: a new history entry, or replacing the current one.
    Url {
        hash: String,
        replace: bool,
    },
    Analyse(AnalysisRequest),
    Sheet(SheetJob),
    Boundaries(BoundaryJob),
    /// Put this text on the clipboard (the round's reminder lines).
    Copy(String),
}
