//! `cashplan merge`: combines partners' copies of a plan record by record.

use super::args::Args;
use super::files::{load_plan, save_plan, Overwrite};
use super::{counted, CliError, Outcome};
use crate::model::{Entry, Kind, Plan, Table, TablePairVisitor};

pub const SUMMARY: &str = "merge copies of a plan into one file";
pub const USAGE: &str = "usage: cashplan merge OUT IN... [--any-plan]
  Merges the plan files IN into OUT (which may be one of them); the first file's name,
  country and settings are kept, records from all files are combined and competing edits
  are kept as conflicts to resolve.
  --any-plan  also merge files of a different plan (by default refused)";

pub fn run(raw: &[String]) -> Result<Outcome, CliError> {
    let mut args = Args::parse("merge", USAGE, raw, &[], &["--any-plan"])?;
    let out = args.positional("OUT (the plan file to write)")?;
    let inputs = args.rest("IN (the plan files to merge)")?;
    let any_plan = args.flag("--any-plan");
    args.finish()?;

    let plans = inputs.iter().map(|path| load_plan(path)).collect::<Result<Vec<Plan>, _>>()?;
    let (first, others) = plans.split_first().ok_or_else(|| CliError::Usage("cashplan merge: missing IN".into()))?;
    if !any_plan {
        same_plan_or_refuse(&inputs, first, others)?;
    }
    let merged = others.iter().fold(first.clone(), |acc, plan| acc.merged(plan));
    let mut changes = Changes { added: 0, updated: 0 };
    first.visit_pairs(&merged, &mut changes);
    let Changes { added, updated } = changes;
    save_plan(&out, &merged, Overwrite::Allowed)?;

    let files = counted(inputs.len(), "file", "files");
    let added = counted(added, "record", "records");
    println!("Merged {files} into {out}: {added} added, {updated} updated (compared with {}).", inputs[0]);
    match merged.conflict_count() {
        0 => println!("No conflicts."),
        1 => println!("1 record has conflicting edits: resolve it in the app; `cashplan check {out}` lists it."),
        n => {
            println!("{n} records have conflicting edits: resolve them in the app; `cashplan check {out}` lists them.")
        }
    }
    Ok(Outcome::Done)
}

/// Files of another plan share codes (areas, sectors) but not meaning; mixing them by
/// accident is hard to undo, so it needs `--any-plan`.
fn same_plan_or_refuse(paths: &[String], first: &Plan, others: &[Plan]) -> Result<(), CliError> {
    let stranger = others.iter().zip(paths.iter().skip(1)).find(|(plan, _)| plan.id != first.id);
    match stranger {
        None => Ok(()),
        Some((plan, path)) => Err(CliError::Data(format!(
            "{path}: holds plan \"{}\" ({}), not \"{}\" ({}) like {}; nothing was written. Check the files, or add --any-plan to merge different plans.",
            plan.name, plan.id, first.name, first.id, paths[0]
        ))),
    }
}

/// Records new in the merged plan, and records whose winning version or conflicts changed.
struct Changes {
    added: usize,
    updated: usize,
}

impl TablePairVisitor for Changes {
    fn visit<K: Kind>(&mut self, before: &Table<K>, after: &Table<K>) {
        let revisions = |e: &Entry<K>| -> Vec<String> {
            std::iter::once(&e.current).chain(&e.conflicts).map(|r| r.rev.clone()).collect()
        };
        for entry in after.entries() {
            match before.entry(&entry.current.id) {
                None => self.added += 1,
                Some(old) if revisions(old) != revisions(entry) => self.updated += 1,
                Some(_) => {}
            }
        }
    }
}
