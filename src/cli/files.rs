//! Reading and atomically writing plan files, with messages that name the file and say
//! what to do.

use super::CliError;
use crate::formats::planfile::{read_plan_file, write_plan_file, PlanFileError};
use crate::model::Plan;
use crate::platform;
use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

/// Loads a plan file of any released version.
pub fn load_plan(path: &str) -> Result<Plan, CliError> {
    let text = fs::read_to_string(path).map_err(|e| match e.kind() {
        ErrorKind::NotFound => {
            CliError::Data(format!("{path}: no such file. Check the path, or create a plan with `cashplan new`."))
        }
        ErrorKind::InvalidData => CliError::Data(format!(
            "{path}: not a text file, so not a cashplan plan file. Choose a file ending in .cashplan.json."
        )),
        _ => CliError::Data(format!("{path}: cannot read the file ({e}). Check the path and your permissions.")),
    })?;
    read_plan_file(path, &text).map_err(|e| {
        let hint = match e {
            PlanFileError::TooNew { .. } => {
                format!(" On the command line: install cashplan newer than {}.", env!("CARGO_PKG_VERSION"))
            }
            _ => String::new(),
        };
        CliError::Data(format!("{e}{hint}"))
    })
}

/// Whether saving may replace an existing file at the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    Allowed,
    Refused,
}

/// Writes `plan` to `path` atomically (see [`write_atomically`]).
pub fn save_plan(path: &str, plan: &Plan, overwrite: Overwrite) -> Result<(), CliError> {
    if overwrite == Overwrite::Refused && Path::new(path).exists() {
        return Err(CliError::Data(format!(
            "{path}: already exists; nothing was written. Choose another file name, or add --force to replace it."
        )));
    }
    let text = write_plan_file(
        plan,
        &format!("cashplan {} (command line)", env!("CARGO_PKG_VERSION")),
        &platform::now_rfc3339(),
    )
    .map_err(|e| CliError::Data(format!("{path}: {e}")))?;
    write_atomically(Path::new(path), text.as_bytes()).map_err(|e| {
        CliError::Data(format!(
            "{path}: cannot write the plan ({e}); the file was not changed. Check that the folder exists and that you can write to it."
        ))
    })
}

/// Writes through `path.tmp` and a rename, so an interrupted or failed write leaves either
/// the old file or the new one, never half of it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    let temporary = PathBuf::from(temporary);
    write_synced(&temporary, bytes).and_then(|()| fs::rename(&temporary, path)).inspect_err(|_| {
        // Best effort: a leftover .tmp is harmless but confusing.
        let _ = fs::remove_file(&temporary);
    })
}

/// Reads a text file given on the command line, with a message that names it.
pub fn read_text(path: &str, what: &str) -> Result<String, CliError> {
    fs::read_to_string(path).map_err(|e| match e.kind() {
        ErrorKind::NotFound => CliError::Data(format!("{path}: no such file. Check the path.")),
        ErrorKind::InvalidData => {
            CliError::Data(format!("{path}: not UTF-8 text, so not {what}. Save it as \"CSV UTF-8\" and try again."))
        }
        _ => CliError::Data(format!("{path}: cannot read the file ({e}). Check the path and your permissions.")),
    })
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}
