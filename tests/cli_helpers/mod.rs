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

/// The real published files (`../shared/data/real`: the Syria COD-AB and the NW Syria 4W),
/// or None with a loud message when they are not beside the project.
#[allow(dead_code)] // not every test binary reads them
pub fn real_dir() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = [root.join("../shared/data/real"), root.join("../../shared/data/real")]
        .into_iter()
        .find(|d| d.join("cod-ab-syria").exists() && d.join("nws-cwg-4w-2023.csv").exists());
    if found.is_none() {
        eprintln!("\n!!! SKIPPED: the real files are not at ../shared/data/real beside the project !!!\n");
    }
    found
}

/// A plan with the real 4W's areas and activities, in a fresh folder.
#[allow(dead_code)] // not every test binary builds it
pub fn plan_from_the_4w(test: &str, real: &Path) -> PathBuf {
    let dir = workdir(test);
    assert_eq!(cashplan(&dir, &["new", "p.cashplan.json", "--name", "NW Syria", "--country", "SYR"]).code, 0);
    let mapping = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sheets/nws-cwg-4w.mapping.json");
    let csv = real.join("nws-cwg-4w-2023.csv").display().to_string();
    let args = ["import", "p.cashplan.json", &csv, "--mapping", mapping, "--create-areas", "--skip-bad-rows"];
    let run = cashplan(&dir, &args);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(load(&dir.join("p.cashplan.json")).activities.len_live() > 400);
    dir
}
