//! Running the `cashplan` binary in a fresh folder per test, shared by the tests/cli*.rs files.

use cashplan::formats::planfile::read_plan_file;
use cashplan::model::Plan;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the built binary, or `CASHPLAN_BIN` when set (a copy taken right after building,
/// for a target folder that other checkouts build into at the same time).
pub fn cashplan(dir: &Path, args: &[&str]) -> Run {
    let binary = std::env::var("CASHPLAN_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_cashplan").to_string());
    let output = Command::new(binary).args(args).current_dir(dir).output().expect("binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A fresh, empty folder per test.
pub fn workdir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{test}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[allow(dead_code)] // not every test binary reads plans back
pub fn load(path: &Path) -> Plan {
    read_plan_file("test", &std::fs::read_to_string(path).unwrap()).unwrap()
}
