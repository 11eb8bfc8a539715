//! `cashplan check`: a validation report of a plan file, one line per problem naming the
//! record and field, so a coordinator can fix the data before analysing it.

use super::args::Args;
use super::files::load_plan;
use super::{counted, per_table, CliError, Outcome};
use crate::model::{Activity, Amount, Plan, Table};
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;

pub const SUMMARY: &str = "validate a plan file and list its problems";
pub const USAGE: &str = "usage: cashplan check PLAN
  Counts the records per table and lists problems: unresolved conflicts, unknown areas or
  sectors, reached above targeted, cash or voucher without transfer value or currency,
  end before start, negative or absurd values. Exit code 0 when clean, 1 with problems.";

/// More people than this in one record is a typo or a summed column, not a figure.
const ABSURD_PEOPLE: u64 = 1_000_000_000;
/// Household sizes outside this range are almost certainly entry errors.
const HOUSEHOLD_SIZE_RANGE: std::ops::RangeInclusive<f64> = 1.0..=30.0;

pub fn run(raw: &[String]) -> Result<Outcome, CliError> {
    let mut args = Args::parse("check", USAGE, raw, &[], &[])?;
    let path = args.positional("PLAN (the plan file to check)")?;
    args.finish()?;
    let plan = load_plan(&path)?;

    println!("{path}: plan \"{}\" ({}, {})", plan.name, plan.country, plan.currency);
    for (table, live, deleted) in per_table!(count, plan) {
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

fn count<T: Serialize + Clone + PartialEq>(table: &'static str, records: &Table<T>) -> (&'static str, usize, usize) {
    let live = records.len_live();
    (table, live, records.entries().count() - live)
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

/// Every problem found, table by table, in id order.
pub fn problems(plan: &Plan) -> Vec<Problem> {
    let mut found: Vec<Problem> = per_table!(conflicts, plan).into_iter().flatten().collect();
    let mut report = |table, id: &str, field, message: String| {
        found.push(Problem { table, id: id.to_string(), field, message });
    };
    if !HOUSEHOLD_SIZE_RANGE.contains(&plan.default_household_size) {
        report(
            "plan",
            &plan.id,
            "default_household_size",
            format!("{} is not a plausible household size", plan.default_household_size),
        );
    }
    let areas: BTreeSet<&str> = plan.areas.live().flat_map(|r| [r.id.as_str(), r.data.code.as_str()]).collect();
    let known_area = |code: &str| areas.contains(code.trim());
    let known_sector = |code: &str| plan.find_sector(code).is_some();

    for r in plan.areas.live() {
        let a = &r.data;
        if !(1..=4).contains(&a.level) {
            report("areas", &r.id, "level", format!("admin level {} is not 1 to 4", a.level));
        }
        if let Some(parent) = a.parent.as_deref().filter(|p| !known_area(p)) {
            report("areas", &r.id, "parent", format!("unknown area `{parent}`; add it or correct the code"));
        }
        if let Some(size) = a.household_size.filter(|s| !HOUSEHOLD_SIZE_RANGE.contains(s)) {
            report("areas", &r.id, "household_size", format!("{size} is not a plausible household size"));
        }
        people(&mut report, "areas", &r.id, "population", a.population);
    }
    for r in plan.needs.live() {
        let n = &r.data;
        if !known_area(&n.area) {
            report("needs", &r.id, "area", format!("unknown area `{}`; add it or correct the code", n.area));
        }
        if !known_sector(&n.sector) {
            report("needs", &r.id, "sector", format!("unknown sector `{}`; add it or correct the code", n.sector));
        }
        people(&mut report, "needs", &r.id, "people_in_need", Some(n.people_in_need));
        if n.households_in_need.is_some_and(|hh| hh > n.people_in_need) {
            report("needs", &r.id, "households_in_need", "more households than people in need".into());
        }
        if let Some(severity) = n.severity.filter(|s| !(1..=5).contains(s)) {
            report("needs", &r.id, "severity", format!("{severity} is not a severity from 1 to 5"));
        }
    }
    for r in plan.activities.live() {
        let a = &r.data;
        if !known_area(&a.area) {
            report("activities", &r.id, "area", format!("unknown area `{}`; add it or correct the code", a.area));
        }
        if !known_sector(&a.sector) {
            report("activities", &r.id, "sector", format!("unknown sector `{}`; add it or correct the code", a.sector));
        }
        activity_figures(&mut report, &r.id, a);
    }
    for r in plan.standards.live() {
        let s = &r.data;
        money(&mut report, "standards", &r.id, ["value", "currency"], Some(s.value), &s.currency);
        money(&mut report, "standards", &r.id, ["market_wage", "currency"], s.market_wage, &s.currency);
        if s.tolerance_pct.is_negative() {
            report("standards", &r.id, "tolerance_pct", format!("{} is negative", s.tolerance_pct));
        }
        if let (Some(from), Some(to)) = (s.valid_from, s.valid_to) {
            if to < from {
                report("standards", &r.id, "valid_to", format!("{to} is before valid_from {from}"));
            }
        }
    }
    for r in plan.mebs.live() {
        money(&mut report, "mebs", &r.id, ["value", "currency"], Some(r.data.value), &r.data.currency);
    }
    for r in plan.exchange_rates.live() {
        let rate = r.data.rate;
        if !(rate.is_finite() && rate > 0.0) {
            report("exchange_rates", &r.id, "rate", format!("{rate} is not a positive exchange rate"));
        }
    }
    // A standard's value and market wage share one currency: say it once.
    found.dedup();
    found
}

fn activity_figures(report: &mut impl FnMut(&'static str, &str, &'static str, String), id: &str, a: &Activity) {
    for (field, value) in [
        ("targeted", a.targeted),
        ("targeted_households", a.targeted_households),
        ("reached", a.reached),
        ("reached_households", a.reached_households),
    ] {
        people(report, "activities", id, field, value);
    }
    for (field, reached, targeted) in
        [("reached", a.reached, a.targeted), ("reached_households", a.reached_households, a.targeted_households)]
    {
        if let (Some(reached), Some(targeted)) = (reached, targeted) {
            if reached > targeted {
                report(
                    "activities",
                    id,
                    field,
                    format!("{reached} is more than targeted ({targeted}); check both figures"),
                );
            }
        }
    }
    if let Some(size) = a.household_size.filter(|s| !HOUSEHOLD_SIZE_RANGE.contains(s)) {
        report("activities", id, "household_size", format!("{size} is not a plausible household size"));
    }
    if let (Some(start), Some(end)) = (a.start, a.end) {
        if end < start {
            report("activities", id, "end", format!("{end} is before start {start}"));
        }
    }
    let transfer_modality = a.modality.filter(|m| m.is_transfer());
    match (&a.transfer, transfer_modality) {
        (None, Some(modality)) => report(
            "activities",
            id,
            "transfer",
            format!("{modality} activity without a transfer value; add the value per payment and its currency"),
        ),
        (Some(t), Some(_)) if t.value == Amount::ZERO => {
            report("activities", id, "transfer.value", "0 per payment; add the real transfer value".into());
        }
        _ => {}
    }
    if let Some(t) = &a.transfer {
        money(report, "activities", id, ["transfer.value", "transfer.currency"], Some(t.value), &t.currency);
    }
}

/// A money value must not be negative and needs a 3-letter currency.
fn money(
    report: &mut impl FnMut(&'static str, &str, &'static str, String),
    table: &'static str,
    id: &str,
    [value_field, currency_field]: [&'static str; 2],
    value: Option<Amount>,
    currency: &str,
) {
    let Some(value) = value else { return };
    if value.is_negative() {
        report(table, id, value_field, format!("{value} is negative"));
    }
    let currency = currency.trim();
    if !(currency.len() == 3 && currency.chars().all(|c| c.is_ascii_alphabetic())) {
        report(table, id, currency_field, format!("`{currency}` is not a 3-letter currency code such as USD"));
    }
}

fn people(
    report: &mut impl FnMut(&'static str, &str, &'static str, String),
    table: &'static str,
    id: &str,
    field: &'static str,
    value: Option<u64>,
) {
    if let Some(n) = value.filter(|&n| n > ABSURD_PEOPLE) {
        report(
            table,
            id,
            field,
            format!("{n} people is not plausible for one record; check for a typo or a total row"),
        );
    }
}

fn conflicts<T: Serialize + Clone + PartialEq>(table: &'static str, records: &Table<T>) -> Vec<Problem> {
    records
        .entries()
        .filter(|e| !e.conflicts.is_empty())
        .map(|e| {
            let authors: Vec<&str> =
                std::iter::once(&e.current).chain(&e.conflicts).map(|r| r.modified_by.as_str()).collect();
            Problem {
                table,
                id: e.current.id.clone(),
                field: "(record)",
                message: format!(
                    "unresolved conflict between {} versions (by {}); choose one in the app",
                    authors.len(),
                    authors.join(", ")
                ),
            }
        })
        .collect()
}
