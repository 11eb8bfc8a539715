//! `cashplan check`: a validation report of a plan file, one line per problem naming the
//! record and field, so a coordinator can fix the data before analysing it.

use super::args::Args;
use super::files::load_plan;
use super::{counted, CliError, Outcome};
use crate::model::rules::{self, HOUSEHOLD_SIZES};
use crate::model::{Kind, Plan, Table, TableVisitor};
use std::fmt;

pub const SUMMARY: &str = "validate a plan file and list its problems";
pub const USAGE: &str = "usage: cashplan check PLAN
  Counts the records per table and lists problems: unresolved conflicts, and every record
  against the same rules the app and the importers apply (unknown areas or sectors, cash or
  voucher without transfer value, end before start, absurd figures, …). Warnings (such as
  reached above targeted) are listed too, marked \"(warning)\". Exit code 0 when clean, 1 with
  problems or warnings.";

pub fn run(raw: &[String]) -> Result<Outcome, CliError> {
    let mut args = Args::parse("check", USAGE, raw, &[], &[])?;
    let path = args.positional("PLAN (the plan file to check)")?;
    args.finish()?;
    let plan = load_plan(&path)?;

    println!("{path}: plan \"{}\" ({}, {})", plan.name, plan.country, plan.currency);
    let mut counts = Counts(Vec::new());
    plan.visit(&mut counts);
    for (table, live, deleted) in counts.0 {
        let deleted = if deleted > 0 { format!(" (+{deleted} deleted)") } else { String::new() };
        println!("  {table:<15}{live:>6}{deleted}");
    }
    let problems = problems(&plan);
    if problems.is_empty() {
        println!("No problems found.");
        return Ok(Outcome::Done);
    }
    println!("{} found:", counted(problems.len(), "problem", "problems"));
    for problem in &problems {
        println!("  {problem}");
    }
    Ok(Outcome::ProblemsFound)
}

/// Live and deleted records per table.
struct Counts(Vec<(&'static str, usize, usize)>);

impl TableVisitor for Counts {
    fn visit<K: Kind>(&mut self, table: &Table<K>) {
        let live = table.len_live();
        self.0.push((K::TABLE.code(), live, table.len() - live));
    }
}

/// One problem in one field of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub table: &'static str,
    pub id: String,
    pub field: &'static str,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{} {}: {}", self.table, self.id, self.field, self.message)
    }
}

/// Every problem found: unresolved conflicts, then table by table, in id order, each
/// record against `model::rules`.
pub fn problems(plan: &Plan) -> Vec<Problem> {
    let mut found = Found { plan, conflicts: Vec::new(), rules: Vec::new() };
    plan.visit(&mut found);
    let mut all = found.conflicts;
    if !HOUSEHOLD_SIZES.contains(&plan.default_household_size) {
        let message = format!("{} is not a plausible household size", plan.default_household_size);
        all.push(Problem { table: "plan", id: plan.id.clone(), field: "default_household_size", message });
    }
    all.extend(found.rules);
    // A standard's value and market wage share one currency: say it once.
    all.dedup();
    all
}

struct Found<'a> {
    plan: &'a Plan,
    conflicts: Vec<Problem>,
    rules: Vec<Problem>,
}

impl TableVisitor for Found<'_> {
    fn visit<K: Kind>(&mut self, table: &Table<K>) {
        let name = K::TABLE.code();
        for entry in table.entries().filter(|e| !e.conflicts.is_empty()) {
            let authors: Vec<&str> =
                std::iter::once(&entry.current).chain(&entry.conflicts).map(|r| r.modified_by.as_str()).collect();
            let message = format!(
                "unresolved conflict between {} versions (by {}); choose one in the app",
                authors.len(),
                authors.join(", ")
            );
            self.conflicts.push(Problem { table: name, id: entry.current.id.clone(), field: "(record)", message });
        }
        for record in table.live() {
            for problem in rules::check(&record.data, self.plan) {
                let message = problem.to_string();
                self.rules.push(Problem { table: name, id: record.id.clone(), field: problem.field, message });
            }
        }
    }
}
